import { ApplicationFailure } from '@temporalio/workflow';
import {
  addDays,
  appraisalRulesAt,
  firstDayOf,
  nextPeriod,
  daysBetween,
  deathReviewDue,
  decideAppraisal,
  DibaoPolicy,
  gradualExitLastMonth,
  localDate,
  LocalDate,
  localDateAt,
  nextReviewDue,
  PaymentPeriod,
  Scheme,
} from '@dibao/domain';
import {
  Actor,
  ApplyStandardInput,
  BENEFICIARY_STEP_ROLES,
  BeneficiaryAmountChanged,
  BeneficiaryFacts,
  BeneficiaryGradualExitStarted,
  BeneficiaryResumed,
  BeneficiaryReviewDue,
  BeneficiaryReviewOverdue,
  BeneficiarySettings,
  BeneficiaryStage,
  BeneficiaryState,
  BeneficiarySuspended,
  BeneficiaryTerminated,
  BeneficiaryUpdateName,
  BeneficiaryView,
  BeneficiaryWorkflowInput,
  CampaignReviewRequest,
  CaseRefusal,
  DEFAULT_BENEFICIARY_SETTINGS,
  EventDefinition,
  InspectionFlag,
  PayloadOf,
  RecordReappraisalInput,
  RecordReviewInput,
  ReportChangeInput,
  ResumeInput,
  ReviewKind,
  StepBase,
} from '@dibao/contracts';
import { approvalAmount } from './case-amount';
import {
  gradualExitEndsOn,
  gradualExitFirstMonth,
  laterPeriod,
  nextPaymentPeriod,
  periodOfDate,
  plusDays,
  policyWithStandard,
  reviewCadenceOf,
  startOfChinaDay,
} from './beneficiary-rules';

export type BeneficiaryChange = { kind: 'event'; def: EventDefinition; payload: unknown };

const SYSTEM: Actor = { id: 'case-worker', role: 'system' };
/** Entries carried over continue-as-new; older ones are in the earlier runs' histories. */
const TIMELINE_KEPT = 200;
const CHANGE_KINDS = ['income', 'member-joined', 'member-left', 'death', 'employment', 'other'];
const OUTCOMES = ['keep', 'change', 'suspend', 'terminate', 'gradual-exit'];

function event<D extends EventDefinition>(def: D, payload: PayloadOf<D>): BeneficiaryChange {
  return { kind: 'event', def, payload };
}

function refuse(type: keyof typeof CaseRefusal, stage: BeneficiaryStage, message: string, field?: string, rule?: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: CaseRefusal[type],
    message,
    nonRetryable: true,
    details: [{ stage, ...(field ? { field } : {}), ...(rule ? { rule } : {}) }],
  });
}

/**
 * A beneficiary household's state and the rules of dynamic management (动态管理): reviews, changes of
 * circumstances, the village re-appraisal, a raised standard, gradual exit, suspension and termination.
 * Each step has a validator (throws a refusal, records nothing) and an effect (returns the events to commit).
 */
export class BeneficiaryProcess {
  readonly state: BeneficiaryState;
  readonly settings: BeneficiarySettings;
  private policy: DibaoPolicy;
  /** Bumped on every change: the main loop wakes on it. */
  version = 0;
  /** Reviews finished in this run: the workflow continues-as-new after one. */
  reviewsFinished = 0;
  /** Changes from signals, committed by the main loop. */
  private queued: BeneficiaryChange[] = [];

  constructor(
    private readonly input: BeneficiaryWorkflowInput,
    private readonly workflowId: string,
    private readonly now: () => number,
  ) {
    this.settings = { ...DEFAULT_BENEFICIARY_SETTINGS, ...(input.beneficiary ?? {}) };
    this.policy = input.settings.policy;
    if (input.carried) {
      this.state = input.carried;
      for (const s of this.state.standards) this.policy = policyWithStandard(this.policy, this.scheme, localDate(s.effectiveFrom), s.standardFen);
      return;
    }
    const cadence = reviewCadenceOf(input.facts);
    this.state = {
      householdId: input.householdId,
      township: input.township,
      scheme: input.scheme,
      caseId: input.caseId,
      approvedOn: input.approvedOn,
      stage: 'active',
      monthlyAmountFen: input.monthlyAmountFen,
      persons: input.persons,
      cadence,
      facts: input.facts,
      lastReviewedOn: input.approvedOn,
      nextReviewDue: nextReviewDue(localDate(input.approvedOn), cadence, this.policy),
      nextReappraisalDue: plusDays(input.approvedOn, this.settings.reappraisalIntervalDays),
      standards: [],
      campaigns: [],
      findings: [],
      overdue: false,
      timeline: [],
      run: 1,
    };
    this.note(input.approvedBy, 'approved', `approved: ${input.monthlyAmountFen} fen a month for ${input.persons} persons; ${cadence} household, first review due ${this.state.nextReviewDue}`);
  }

  get stage(): BeneficiaryStage {
    return this.state.stage;
  }
  get closed(): boolean {
    return this.state.stage === 'terminated';
  }
  private get scheme(): Scheme {
    return this.state.scheme;
  }

  view(): BeneficiaryView {
    const deadline = this.stageDeadline();
    return {
      ...this.state,
      timeline: [...this.state.timeline],
      workflowId: this.workflowId,
      ...(deadline !== undefined ? { stageDeadline: new Date(deadline).toISOString() } : {}),
      waitingFor: this.waitingFor(),
    };
  }

  /** What to carry into the next run (continue-as-new). */
  carried(): BeneficiaryState {
    return { ...this.state, timeline: this.state.timeline.slice(-TIMELINE_KEPT), run: this.state.run + 1 };
  }

  /** The instant the current stage becomes overdue: the open review's due date, else the next review's. */
  stageDeadline(): number | undefined {
    if (this.closed) return undefined;
    if (this.state.review) return startOfChinaDay(plusDays(this.state.review.dueOn, 1));
    return startOfChinaDay(this.state.nextReviewDue);
  }

  private waitingFor(): string {
    const s = this.state;
    if (s.stage === 'terminated') return 'nothing: the benefit has ended';
    if (s.review) return `the ${s.review.kind} review, due by ${s.review.dueOn}`;
    if (s.stage === 'suspended') return 'a review or a decision to resume';
    if (s.stage === 'gradual_exit') return `the end of the gradual exit after ${s.gradualExit?.lastMonth}`;
    return `the next review on ${s.nextReviewDue}; village re-appraisal by ${s.nextReappraisalDue}`;
  }

  authorize(step: BeneficiaryUpdateName, input: StepBase): void {
    const actor = input?.actor;
    if (!actor || typeof actor.id !== 'string') throw refuse('InvalidStep', this.stage, 'actor is required', 'actor', 'required');
    if (actor.role !== 'admin' && !BENEFICIARY_STEP_ROLES[step].includes(actor.role)) {
      throw refuse('NotAllowed', this.stage, `a ${actor.role} may not take the step ${step}`);
    }
    if (actor.township !== undefined && actor.township !== this.state.township) {
      throw refuse('NotAllowed', this.stage, 'the beneficiary belongs to another township');
    }
  }

  // ---- clock ----

  /** What the passing of time does: a review falls due, a review becomes overdue, a gradual exit ends. */
  onClock(): BeneficiaryChange[] {
    const queued = this.queued;
    this.queued = [];
    if (this.closed) return queued;
    const today = this.today();
    const s = this.state;
    // A gradual exit ends on its date even while a special review is open (the review may still cancel it before).
    if (s.gradualExit && today >= gradualExitEndsOn(s.gradualExit.lastMonth)) {
      const reason = `gradual exit (渐退期) ended after ${s.gradualExit.lastMonth}: ${s.gradualExit.reason}`;
      return [...queued, ...this.terminate(SYSTEM, reason, `低保待遇终止通知: ${reason}`, periodOfDate(this.scheme, today))];
    }
    // No periodic review during a gradual exit: its end is already decided.
    if (!s.review && s.stage !== 'gradual_exit' && today >= s.nextReviewDue) {
      return [...queued, ...this.openReview(SYSTEM, 'periodic', `periodic review (${s.cadence})`, plusDays(s.nextReviewDue, this.settings.reviewWindowDays))];
    }
    if (s.review && !s.review.overdue && today > s.review.dueOn) {
      s.review.overdue = true;
      s.overdue = true;
      const daysLate = Math.max(0, daysBetween(localDate(s.review.dueOn), today));
      this.note(SYSTEM, 'review-overdue', `the ${s.review.kind} review due ${s.review.dueOn} is overdue`);
      return [...queued, event(BeneficiaryReviewOverdue, { ...this.ref(), kind: s.review.kind, dueOn: s.review.dueOn, daysLate })];
    }
    return queued;
  }

  /** When the clock next matters (epoch ms), or undefined. */
  nextWakeAt(): number | undefined {
    if (this.closed) return undefined;
    const s = this.state;
    const times: number[] = [];
    if (s.gradualExit) times.push(startOfChinaDay(gradualExitEndsOn(s.gradualExit.lastMonth)));
    if (s.review) {
      if (!s.review.overdue) times.push(startOfChinaDay(plusDays(s.review.dueOn, 1)));
    } else if (s.stage !== 'gradual_exit') {
      times.push(startOfChinaDay(s.nextReviewDue));
    }
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  // ---- signals ----

  inspectionFlagged(flag: InspectionFlag): void {
    if (this.state.findings.includes(flag.findingId)) return;
    this.state.findings.push(flag.findingId);
    this.signalled(flag.flaggedBy, 'special', `inspection finding ${flag.findingId} (campaign ${flag.campaignId}): ${flag.reason}`, this.settings.specialReviewDays);
  }

  campaignReview(request: CampaignReviewRequest): void {
    if (this.state.campaigns.includes(request.campaignKey)) return;
    this.state.campaigns.push(request.campaignKey);
    this.signalled(request.requestedBy, 'campaign', `review campaign ${request.campaignKey}`, this.settings.reviewWindowDays, request.campaignKey);
  }

  private signalled(by: Actor, kind: ReviewKind, reason: string, days: number, campaignKey?: string): void {
    if (this.closed) {
      this.note(by, 'ignored', `${reason}: the benefit has already ended`);
    } else if (this.state.review) {
      this.note(by, 'review-reason-added', `${reason} (added to the open ${this.state.review.kind} review)`);
      if (campaignKey) this.state.review.campaignKey ??= campaignKey;
    } else {
      this.queued.push(...this.openReview(by, kind, reason, plusDays(this.today(), days), campaignKey));
    }
    this.version++;
  }

  // ---- updates ----

  readonly reportChange = {
    validate: (i: ReportChangeInput) => {
      this.requireOpen('report a change');
      if (!CHANGE_KINDS.includes(i.kind)) throw refuse('InvalidStep', this.stage, `kind must be one of ${CHANGE_KINDS.join(', ')}`, 'kind', 'isIn');
      this.requireDate(i.occurredOn, 'occurredOn');
      if (i.occurredOn > this.today()) throw refuse('InvalidStep', this.stage, 'occurredOn may not be in the future', 'occurredOn', 'notFuture');
      this.requireText(i.description, 'description', 2000);
    },
    apply: (i: ReportChangeInput): BeneficiaryChange[] => {
      const reason = `change of circumstances (${i.kind}, ${i.occurredOn}): ${i.description}`;
      // A death is reviewed within three months of it; any other change at once (within the special review days).
      const dueOn = i.kind === 'death' ? deathReviewDue(localDate(i.occurredOn), this.policy) : plusDays(this.today(), this.settings.specialReviewDays);
      const open = this.state.review;
      if (open) {
        if (dueOn < open.dueOn) open.dueOn = dueOn;
        open.kind = 'special';
        open.reason = `${open.reason}; ${reason}`;
        this.note(i.actor, 'reportChange', `${reason} (added to the open review, now due ${open.dueOn})`);
        return [event(BeneficiaryReviewDue, { ...this.ref(), kind: 'special', dueOn: open.dueOn, reason })];
      }
      this.note(i.actor, 'reportChange', reason);
      return this.openReview(i.actor, 'special', reason, dueOn);
    },
  };

  readonly recordReview = {
    validate: (i: RecordReviewInput) => {
      if (this.stage !== 'review' || !this.state.review) {
        throw refuse('WrongStage', this.stage, `cannot record a review: no review is open (stage ${this.stage})`);
      }
      if (!OUTCOMES.includes(i.outcome)) throw refuse('InvalidStep', this.stage, `outcome must be one of ${OUTCOMES.join(', ')}`, 'outcome', 'isIn');
      if (!Array.isArray(i.investigators) || new Set(i.investigators).size < 2) {
        throw refuse('InvalidStep', this.stage, 'at least two different investigators sign the review', 'investigators', 'arrayMinSize');
      }
      if (!Array.isArray(i.members) || i.members.length === 0) throw refuse('InvalidStep', this.stage, 'members are required', 'members', 'arrayMinSize');
      if (!Array.isArray(i.incomes)) throw refuse('InvalidStep', this.stage, 'incomes are required', 'incomes', 'isArray');
      this.requireText(i.reason, 'reason', 2000);
      if (i.cadence !== undefined && i.cadence !== 'stable' && i.cadence !== 'irregular') {
        throw refuse('InvalidStep', this.stage, 'cadence must be stable or irregular', 'cadence', 'isIn');
      }
      if (i.outcome === 'suspend' || i.outcome === 'terminate' || i.outcome === 'gradual-exit') {
        // A art. 32: any cut or stop comes with a written notice and reasons.
        if (typeof i.notice !== 'string' || i.notice.trim() === '') {
          throw refuse('InvalidStep', this.stage, `a written notice is required to ${i.outcome}`, 'notice', 'required');
        }
        this.requireText(i.notice, 'notice', 4000);
      }
      let amount: number;
      try {
        amount = this.amountFor(this.factsOf(i), this.today()).monthlyAmount;
      } catch (e) {
        throw refuse('InvalidStep', this.stage, e instanceof Error ? e.message : String(e), 'incomes', 'invalid');
      }
      if ((i.outcome === 'keep' || i.outcome === 'change') && amount <= 0) {
        throw refuse('RuleRefused', this.stage, "the household's income is not below the standard: end the benefit or start a gradual exit");
      }
      if (i.outcome === 'gradual-exit') {
        if (!this.state.facts.members.some((m) => m.ableToWork) && !i.members.some((m) => m.ableToWork)) {
          throw refuse('RuleRefused', this.stage, 'a gradual exit is for a household where a member found work');
        }
        if (amount > 0) throw refuse('RuleRefused', this.stage, "a gradual exit needs income at or above the standard; the household's is still below it");
      }
    },
    apply: (i: RecordReviewInput): BeneficiaryChange[] => {
      const s = this.state;
      const review = s.review!;
      const today = this.today();
      const facts = this.factsOf(i);
      const amount = this.amountFor(facts, today);
      const from = nextPaymentPeriod(this.scheme, today);
      const before = s.stageBeforeReview ?? 'active';
      s.facts = facts;
      s.cadence = i.cadence ?? reviewCadenceOf(facts);
      s.lastReviewedOn = today;
      s.nextReviewDue = nextReviewDue(today, s.cadence, this.policy);
      s.review = undefined;
      s.stageBeforeReview = undefined;
      s.overdue = false;
      this.reviewsFinished++;
      const summary = `${review.kind} review by ${i.investigators.join(', ')}: ${i.outcome} — ${i.reason}`;
      this.note(i.actor, 'recordReview', summary, { outcome: i.outcome, computedMonthlyAmountFen: amount.monthlyAmount, nextReviewDue: s.nextReviewDue });
      const changes: BeneficiaryChange[] = [];
      switch (i.outcome) {
        case 'keep':
        case 'change': {
          s.stage = 'active';
          s.gradualExit = undefined;
          if (before === 'suspended') changes.push(...this.resumed(i.actor, `review: ${i.reason}`, from));
          if (i.outcome === 'change' && (amount.monthlyAmount !== s.monthlyAmountFen || amount.countedMembers !== s.persons)) {
            changes.push(...this.amountChanged(amount.monthlyAmount, amount.countedMembers, from, `review: ${i.reason}`));
          }
          return changes;
        }
        case 'suspend':
          s.stage = 'suspended';
          s.suspension = { fromPeriod: from, reason: i.reason };
          return [event(BeneficiarySuspended, { ...this.ref(), changeRef: this.changeRef('suspend', from), fromPeriod: from, reason: i.reason, notice: i.notice! })];
        case 'terminate':
          return this.terminate(i.actor, i.reason, i.notice!, from);
        case 'gradual-exit': {
          const firstMonth = gradualExitFirstMonth(today);
          const lastMonth = gradualExitLastMonth(firstMonth, this.settings.gradualExitMonths, this.policy);
          s.stage = 'gradual_exit';
          s.gradualExit = { firstMonth, lastMonth, reason: i.reason };
          this.note(i.actor, 'gradual-exit', `gradual exit (渐退期): paid as before through ${lastMonth}, then the benefit ends`);
          return [event(BeneficiaryGradualExitStarted, { ...this.ref(), firstMonth, lastMonth, reason: i.reason, notice: i.notice! })];
        }
        default:
          return [];
      }
    },
  };

  readonly resume = {
    validate: (i: ResumeInput) => {
      if (this.stage !== 'suspended') throw refuse('WrongStage', this.stage, `cannot resume: the benefit is ${this.stage}, not suspended`);
      this.requireText(i.reason, 'reason', 2000);
    },
    apply: (i: ResumeInput): BeneficiaryChange[] => {
      this.state.stage = 'active';
      this.state.suspension = undefined;
      return this.resumed(i.actor, i.reason, nextPaymentPeriod(this.scheme, this.today()));
    },
  };

  readonly recordReappraisal = {
    validate: (i: RecordReappraisalInput) => {
      this.requireOpen('record the village re-appraisal');
      this.requireDate(i.meetingOn, 'meetingOn');
      if (!i.tally || typeof i.tally !== 'object') throw refuse('InvalidStep', this.stage, 'tally is required', 'tally', 'required');
      for (const f of ['attendees', 'villagerRepresentatives', 'representativesTotal', 'approve', 'reject', 'abstain', 'invalid'] as const) {
        const v = i.tally[f];
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw refuse('InvalidStep', this.stage, `tally.${f} must be a whole number ≥ 0`, `tally.${f}`, 'isCount');
      }
      try {
        decideAppraisal(i.tally, appraisalRulesAt(this.policy, this.today()));
      } catch (e) {
        throw refuse('RuleRefused', this.stage, e instanceof Error ? e.message : String(e), 'tally', 'appraisal-tally');
      }
    },
    apply: (i: RecordReappraisalInput): BeneficiaryChange[] => {
      // 民主评议 by secret ballot: tallies only, never who voted how.
      const result = decideAppraisal(i.tally, appraisalRulesAt(this.policy, this.today()));
      const summary = `village re-appraisal ${i.meetingOn}: ${result.approvals} of ${result.validBallots} valid ballots for continuing (${result.approvalsNeeded} needed)`;
      this.note(i.actor, 'recordReappraisal', summary, { ...result });
      this.state.nextReappraisalDue = plusDays(i.meetingOn, this.settings.reappraisalIntervalDays);
      if (result.passed) return [];
      const reason = `${summary}: the village meeting voted that the household leaves (应退则退)`;
      return this.terminate(i.actor, reason, `低保待遇终止通知: ${reason}`, nextPaymentPeriod(this.scheme, this.today()));
    },
  };

  readonly applyStandard = {
    validate: (i: ApplyStandardInput) => {
      this.requireOpen('apply a new standard');
      if (typeof i.standardFen !== 'number' || !Number.isInteger(i.standardFen) || i.standardFen <= 0) {
        throw refuse('InvalidStep', this.stage, 'standardFen must be a positive whole number of fen', 'standardFen', 'isPositive');
      }
      this.requireDate(i.effectiveFrom, 'effectiveFrom');
      this.requireText(i.reason, 'reason', 2000);
    },
    apply: (i: ApplyStandardInput): BeneficiaryChange[] => {
      // 提标: recalculated from the next period (or the standard's own, if later).
      const from = laterPeriod(nextPaymentPeriod(this.scheme, this.today()), firstPeriodFrom(this.scheme, localDate(i.effectiveFrom)));
      this.state.standards.push({ effectiveFrom: i.effectiveFrom, standardFen: i.standardFen, reason: i.reason });
      this.policy = policyWithStandard(this.policy, this.scheme, localDate(i.effectiveFrom), i.standardFen);
      // The amount of a period is computed as for an approval the day before it starts.
      const amount = this.amountFor(this.state.facts, addDays(firstDayOf(from), -1));
      const effective = firstDayOf(from);
      this.note(i.actor, 'applyStandard', `new standard ${i.standardFen} fen from ${effective}: ${amount.monthlyAmount} fen a month from ${from} (${i.reason})`);
      if (amount.monthlyAmount === this.state.monthlyAmountFen && amount.countedMembers === this.state.persons) return [];
      return this.amountChanged(amount.monthlyAmount, amount.countedMembers, from, `提标: ${i.reason}`);
    },
  };

  // ---- effects ----

  private openReview(by: Actor, kind: ReviewKind, reason: string, dueOn: LocalDate, campaignKey?: string): BeneficiaryChange[] {
    const s = this.state;
    s.stageBeforeReview = s.stage;
    s.stage = 'review';
    s.review = { kind, reason, dueOn, startedOn: this.today(), overdue: false, ...(campaignKey ? { campaignKey } : {}) };
    this.note(by, 'review-due', `${kind} review opened, due by ${dueOn}: ${reason}`);
    return [event(BeneficiaryReviewDue, { ...this.ref(), kind, dueOn, reason })];
  }

  private terminate(by: Actor, reason: string, notice: string, from: PaymentPeriod): BeneficiaryChange[] {
    const s = this.state;
    const on = this.today();
    s.stage = 'terminated';
    s.review = undefined;
    s.gradualExit = undefined;
    s.overdue = false;
    s.termination = { fromPeriod: from, reason, notice, on };
    this.note(by, 'terminated', `benefit ends: payments stop from ${from} — ${reason}`);
    return [event(BeneficiaryTerminated, { ...this.ref(), changeRef: this.changeRef('stop', from), fromPeriod: from, terminatedOn: on, reason, notice })];
  }

  private resumed(by: Actor, reason: string, from: PaymentPeriod): BeneficiaryChange[] {
    this.note(by, 'resumed', `payment resumes from ${from}: ${reason}`);
    return [event(BeneficiaryResumed, { ...this.ref(), changeRef: this.changeRef('resume', from), fromPeriod: from, reason })];
  }

  private amountChanged(monthlyAmountFen: number, persons: number, from: PaymentPeriod, reason: string): BeneficiaryChange[] {
    const before = this.state.monthlyAmountFen;
    this.state.monthlyAmountFen = monthlyAmountFen;
    this.state.persons = persons;
    this.note(SYSTEM, 'amount-changed', `${before} → ${monthlyAmountFen} fen a month for ${persons} persons from ${from}`);
    return [event(BeneficiaryAmountChanged, { ...this.ref(), changeRef: this.changeRef('adjust', from), monthlyAmountFen, persons, fromPeriod: from, reason })];
  }

  private amountFor(facts: BeneficiaryFacts, on: LocalDate) {
    return approvalAmount(facts, this.scheme, on, this.policy);
  }

  private factsOf(i: RecordReviewInput): BeneficiaryFacts {
    return { members: i.members, incomes: i.incomes, deductions: i.deductions ?? [] };
  }

  /** Unique per change: the approving case, its run and a counter (payments keys the enrolment change on it). */
  private changeRef(kind: string, from: string): string {
    return `${this.state.caseId.slice(0, 64)}/${kind}/${from}/r${this.state.run}.${this.state.timeline.length}`;
  }

  private ref() {
    return { caseId: this.state.caseId, householdId: this.state.householdId, township: this.state.township, scheme: this.state.scheme };
  }

  private note(by: Actor, action: string, summary: string, details?: Record<string, unknown>): void {
    this.state.timeline.push({ at: new Date(this.now()).toISOString(), on: this.today(), by, action, summary, ...(details ? { details } : {}) });
    this.version++;
  }

  private requireOpen(what: string): void {
    if (this.closed) throw refuse('WrongStage', this.stage, `cannot ${what}: the benefit has ended`);
  }

  private requireDate(value: unknown, field: string): void {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
      throw refuse('InvalidStep', this.stage, `${field} must be a date YYYY-MM-DD`, field, 'isDate');
    }
  }

  private requireText(value: unknown, field: string, max: number): void {
    if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
      throw refuse('InvalidStep', this.stage, `${field} must be text of 1 to ${max} characters`, field, 'isText');
    }
  }

  today(): LocalDate {
    return localDateAt(this.now());
  }
}

/** The first payment period that starts on or after a date. */
function firstPeriodFrom(scheme: Scheme, date: LocalDate): PaymentPeriod {
  const p = periodOfDate(scheme, date);
  return firstDayOf(p) < date ? nextPeriod(p) : p;
}
