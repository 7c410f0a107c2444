import { ApplicationFailure, patched } from '@temporalio/workflow';
import {
  addDays,
  appraisalRulesAt,
  benefitStopAfter,
  benefitStopFrom,
  BUNDLED_HOLIDAY_SCHEDULES_2025_2026,
  BenefitStop,
  createWorkingDayCalendar,
  daysOverdue,
  deathReviewDue,
  decideAppraisal,
  DEFAULT_POLICY,
  DibaoPolicy,
  firstDayOf,
  firstPeriodStartingOnOrAfter,
  FullStandardRule,
  gradualExitEndsOn,
  gradualExitPlan,
  jobOfferSanction,
  laterPeriod,
  localDate,
  LocalDate,
  localDateAt,
  yearMonth,
  mayBeOfferedWork,
  nextPaymentPeriod,
  nextReviewDue,
  PaymentPeriod,
  periodOfDate,
  policyWithStandard,
  rejectionNoticeDeadline,
  reviewCadenceOf,
  Scheme,
  standardRaiseReaches,
  startOfLocalDay,
  WorkingDayCalendar,
} from '@dibao/domain';
import {
  Actor,
  ApplyStandardInput,
  BENEFICIARY_STEP_ROLES,
  BeneficiaryAmountChanged,
  BeneficiaryFacts,
  BeneficiaryGradualExitCancelled,
  BeneficiaryGradualExitStarted,
  BeneficiaryNotice,
  BeneficiaryNoticeKind,
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
  RecordJobOfferInput,
  RecordReappraisalInput,
  RecordReviewInput,
  ReportChangeInput,
  ResumeInput,
  ReviewKind,
  StandardRaise,
  StepBase,
} from '@dibao/contracts';
import type { WrittenNotice } from './case-activities';
import { approvalAmount } from './case-amount';
import { appraisalRulesWithHistory, fullStandardRuleWithHistory } from './rules-with-history';

/** What a step or the clock produced that must leave the workflow: an event, or a written notice to record. */
export type BeneficiaryChange = { kind: 'event'; def: EventDefinition; payload: unknown } | { kind: 'notice'; notice: WrittenNotice };

const SYSTEM: Actor = { id: 'case-worker', role: 'system' };
/** Entries carried over continue-as-new; older ones are in the earlier runs' histories. */
const TIMELINE_KEPT = 200;
const CHANGE_KINDS = ['income', 'member-joined', 'member-left', 'death', 'employment', 'other'];
const OUTCOMES = ['keep', 'change', 'suspend', 'terminate', 'gradual-exit'];
const NOTICE_TITLES: Record<BeneficiaryNoticeKind, string> = {
  suspension: '低保待遇暂停通知',
  termination: '低保待遇终止通知',
  'gradual-exit': '低保渐退通知',
  reduction: '低保减发通知',
  'share-stopped': '低保减发通知 (拒绝就业)',
};

function plusDays(date: string, days: number): LocalDate {
  return addDays(localDate(date), days);
}

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
  private readonly calendar: WorkingDayCalendar;
  /** Bumped on every change: the main loop wakes on it. */
  version = 0;
  /** Reviews finished in this run: the workflow continues-as-new after one. */
  reviewsFinished = 0;
  /** Changes from signals with who caused them, committed by the main loop in order. */
  private queued: { by: Actor; changes: BeneficiaryChange[] }[] = [];
  /** The full-standard rule a review decides with (the household's own rule is in the state until then). */
  private readonly reviewRule: FullStandardRule;

  constructor(
    private readonly input: BeneficiaryWorkflowInput,
    private readonly workflowId: string,
    private readonly now: () => number,
  ) {
    // The worker's configuration (BENEFICIARY_* env) comes in the input; the defaults only for inputs from before.
    this.settings = { ...DEFAULT_BENEFICIARY_SETTINGS, ...(input.settings.beneficiary ?? {}), ...(input.beneficiary ?? {}) };
    // A rule the input's policy does not have yet (it was started before the rule existed) is the domain's default.
    this.policy = { ...DEFAULT_POLICY, ...input.settings.policy };
    this.reviewRule = fullStandardRuleWithHistory();
    // The holiday schedules come in the input (recorded in history), never from data bundled with this code: a run
    // started before the settings carried them counts with the 2025–2026 schedules it always had.
    const base = input.settings.holidaySchedules ?? BUNDLED_HOLIDAY_SCHEDULES_2025_2026;
    const covered = new Set(base.map((h) => h.year));
    const extra = (input.settings.extraHolidaySchedules ?? []).filter((h) => !covered.has(h.year));
    this.calendar = createWorkingDayCalendar([...base, ...extra], { missingYear: input.settings.missingHolidayYear ?? 'weekends-only' });
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
      reappraisalOverdue: false,
      notices: [],
      jobOffers: [],
      sanctions: [],
      timeline: [],
      run: 1,
      ...(input.fullStandardRule ? { fullStandardRule: input.fullStandardRule } : {}),
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
    if (this.state.review) return startOfLocalDay(plusDays(this.state.review.dueOn, 1));
    return startOfLocalDay(localDate(this.state.nextReviewDue));
  }

  private waitingFor(): string {
    const s = this.state;
    if (s.stage === 'terminated') return 'nothing: the benefit has ended';
    if (s.review) return `the ${s.review.kind} review, due by ${s.review.dueOn}`;
    if (s.stage === 'suspended') return 'a review or a decision to resume';
    if (s.stage === 'gradual_exit') return `the end of the gradual exit after ${s.gradualExit?.lastMonth}`;
    const reappraisal = s.reappraisalOverdue ? `the village re-appraisal, overdue since ${s.nextReappraisalDue}` : `village re-appraisal by ${s.nextReappraisalDue}`;
    return `the next review on ${s.nextReviewDue}; ${reappraisal}`;
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

  /**
   * What the passing of time does: a gradual exit ends, a review falls due, a review or the yearly village
   * re-appraisal becomes overdue (marked once, with an event, like an application stage).
   */
  onClock(): BeneficiaryChange[] {
    if (this.closed) return [];
    const today = this.today();
    const s = this.state;
    // A gradual exit ends on its date even while a special review is open (the review may still cancel it before).
    if (s.gradualExit && today >= gradualExitEndsOn(s.gradualExit.lastMonth)) {
      const reason = `gradual exit (渐退期) ended after ${s.gradualExit.lastMonth}: ${s.gradualExit.reason}`;
      if (!patched(EXIT_BY_MONTH)) return [...this.terminate(SYSTEM, reason, undefined, periodOfDate(this.scheme, today))];
      // Paid through the exit's last month: a rural stop falls in a quarter that still pays its months up to it.
      const stop = benefitStopAfter(this.scheme, yearMonth(s.gradualExit.lastMonth));
      return [...this.terminate(SYSTEM, reason, undefined, stop.fromPeriod, stop)];
    }
    // No periodic review during a gradual exit: its end is already decided.
    if (!s.review && s.stage !== 'gradual_exit' && today >= s.nextReviewDue) {
      return [...this.openReview(SYSTEM, 'periodic', `periodic review (${s.cadence})`, plusDays(s.nextReviewDue, this.settings.reviewWindowDays))];
    }
    if (s.review && !s.review.overdue && today > s.review.dueOn) {
      s.review.overdue = true;
      this.updateOverdue();
      const daysLate = daysOverdue(localDate(s.review.dueOn), today);
      this.note(SYSTEM, 'review-overdue', `the ${s.review.kind} review due ${s.review.dueOn} is overdue`);
      return [event(BeneficiaryReviewOverdue, { ...this.ref(), kind: s.review.kind, dueOn: s.review.dueOn, daysLate })];
    }
    if (!s.reappraisalOverdue && today > s.nextReappraisalDue) {
      s.reappraisalOverdue = true;
      this.updateOverdue();
      const daysLate = daysOverdue(localDate(s.nextReappraisalDue), today);
      this.note(SYSTEM, 'reappraisal-overdue', `the yearly village re-appraisal due ${s.nextReappraisalDue} is overdue`);
      return [event(BeneficiaryReviewOverdue, { ...this.ref(), kind: 'reappraisal', dueOn: s.nextReappraisalDue, daysLate })];
    }
    return [];
  }

  /** The oldest changes a signal caused, with who caused it (the event's actor), or undefined. */
  takeQueued(): { by: Actor; changes: BeneficiaryChange[] } | undefined {
    return this.queued.shift();
  }

  /** When the clock next matters (epoch ms), or undefined. */
  nextWakeAt(): number | undefined {
    if (this.closed) return undefined;
    const s = this.state;
    const times: number[] = [];
    if (s.gradualExit) times.push(startOfLocalDay(gradualExitEndsOn(s.gradualExit.lastMonth)));
    if (s.review) {
      if (!s.review.overdue) times.push(startOfLocalDay(plusDays(s.review.dueOn, 1)));
    } else if (s.stage !== 'gradual_exit') {
      times.push(startOfLocalDay(localDate(s.nextReviewDue)));
    }
    if (!s.reappraisalOverdue) times.push(startOfLocalDay(plusDays(s.nextReappraisalDue, 1)));
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  /** DibaoOverdue: an open review or the yearly re-appraisal is past its date. */
  private updateOverdue(): void {
    this.state.overdue = Boolean(this.state.review?.overdue) || Boolean(this.state.reappraisalOverdue);
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

  /**
   * A raised standard (提标) from the fan-out, or one this run found recorded at its start: applied once per raise
   * id, from the raise's first period (never before the current one), when it reaches the household's area.
   */
  standardRaised(raise: StandardRaise): void {
    const s = this.state;
    if (s.standards.some((x) => x.raiseId === raise.raiseId)) return;
    if (!standardRaiseReaches(raise, { scheme: s.scheme, township: s.township })) return;
    if (this.closed) {
      this.note(raise.raisedBy, 'ignored', `standard raise ${raise.raiseId}: the benefit has already ended`);
      return;
    }
    const from = laterPeriod(raise.fromPeriod as PaymentPeriod, periodOfDate(this.scheme, this.today()));
    this.queued.push({ by: raise.raisedBy, changes: this.applyRaise(raise.raisedBy, raise.standardFen, raise.effectiveFrom, from, raise.reason, raise.raiseId) });
    this.version++;
  }

  private signalled(by: Actor, kind: ReviewKind, reason: string, days: number, campaignKey?: string): void {
    if (this.closed) {
      this.note(by, 'ignored', `${reason}: the benefit has already ended`);
    } else if (this.state.review) {
      this.note(by, 'review-reason-added', `${reason} (added to the open ${this.state.review.kind} review)`);
      if (campaignKey) this.state.review.campaignKey ??= campaignKey;
    } else {
      this.queued.push({ by, changes: this.openReview(by, kind, reason, plusDays(this.today(), days), campaignKey) });
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
        amount = this.amountFor(this.factsOf(i), this.today(), this.reviewRule).monthlyAmount;
      } catch (e) {
        throw refuse('InvalidStep', this.stage, e instanceof Error ? e.message : String(e), 'incomes', 'invalid');
      }
      if ((i.outcome === 'keep' || i.outcome === 'change') && amount <= 0) {
        throw refuse('RuleRefused', this.stage, "the household's income is not below the standard: end the benefit or start a gradual exit");
      }
      if (i.gradualExitMonths !== undefined) {
        if (i.outcome !== 'gradual-exit') throw refuse('InvalidStep', this.stage, 'gradualExitMonths is for the outcome gradual-exit only', 'gradualExitMonths', 'gradualExitOnly');
        if (typeof i.gradualExitMonths !== 'number' || !Number.isInteger(i.gradualExitMonths) || i.gradualExitMonths < 1) {
          throw refuse('InvalidStep', this.stage, 'gradualExitMonths must be a whole number of months ≥ 1', 'gradualExitMonths', 'isInt');
        }
      }
      if (i.outcome === 'gradual-exit') {
        if (!this.state.facts.members.some((m) => m.ableToWork) && !i.members.some((m) => m.ableToWork)) {
          throw refuse('RuleRefused', this.stage, 'a gradual exit is for a household where a member found work');
        }
        if (amount > 0) throw refuse('RuleRefused', this.stage, "a gradual exit needs income at or above the standard; the household's is still below it");
        try {
          gradualExitPlan(this.today(), i.gradualExitMonths, this.settings.gradualExitMonths, this.policy);
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          // The case's own length is bad input naming its field (400); a bad worker default is a rule refused (422).
          if (i.gradualExitMonths !== undefined) throw refuse('InvalidStep', this.stage, `gradualExitMonths: ${message}`, 'gradualExitMonths', 'gradualExitMaxMonths');
          throw refuse('RuleRefused', this.stage, message);
        }
      }
    },
    apply: (i: RecordReviewInput): BeneficiaryChange[] => {
      const s = this.state;
      const review = s.review;
      if (!review) return []; // the validator requires an open review
      const today = this.today();
      const facts = this.factsOf(i);
      // Required by the validator for a suspension, termination or gradual exit; a cut by "change" may bring one.
      const written = (kind: BeneficiaryNoticeKind) => i.notice ?? `${NOTICE_TITLES[kind]}: ${i.reason}`;
      const amount = this.amountFor(facts, today, this.reviewRule);
      const from = nextPaymentPeriod(this.scheme, today);
      // The review re-decides the amount under the current rule; later recalculations keep it.
      if (this.reviewRule === 'household-differential') s.fullStandardRule = this.reviewRule;
      const before = s.stageBeforeReview ?? 'active';
      s.facts = facts;
      s.cadence = i.cadence ?? reviewCadenceOf(facts);
      s.lastReviewedOn = today;
      s.nextReviewDue = nextReviewDue(today, s.cadence, this.policy);
      s.review = undefined;
      s.stageBeforeReview = undefined;
      this.updateOverdue();
      this.reviewsFinished++;
      const summary = `${review.kind} review by ${i.investigators.join(', ')}: ${i.outcome} — ${i.reason}`;
      this.note(i.actor, 'recordReview', summary, { outcome: i.outcome, computedMonthlyAmountFen: amount.monthlyAmount, nextReviewDue: s.nextReviewDue });
      const changes: BeneficiaryChange[] = [];
      switch (i.outcome) {
        case 'keep':
        case 'change': {
          s.stage = 'active';
          const exit = s.gradualExit;
          s.gradualExit = undefined;
          // The review keeps the household: the exit's end, which payments already knows, no longer applies.
          if (exit && patched(EXIT_BY_MONTH)) {
            const reason = `review: ${i.reason} (the gradual exit through ${exit.lastMonth} is cancelled)`;
            this.note(i.actor, 'gradual-exit-cancelled', reason);
            changes.push(event(BeneficiaryGradualExitCancelled, { ...this.ref(), changeRef: this.changeRef('exit-cancelled', exit.lastMonth), lastMonth: exit.lastMonth, reason }));
          }
          if (before === 'suspended') changes.push(...this.resumed(i.actor, `review: ${i.reason}`, from));
          if (i.outcome === 'change' && (amount.monthlyAmount !== s.monthlyAmountFen || amount.countedMembers !== s.persons)) {
            const cut = amount.monthlyAmount < s.monthlyAmountFen;
            const changeRef = this.changeRef('adjust', from);
            changes.push(...this.amountChanged(amount.monthlyAmount, amount.countedMembers, from, `review: ${i.reason}`));
            // A art. 32: a cut (减发) also comes with a written notice and its reasons.
            if (cut) changes.push(this.notice('reduction', i.actor, i.reason, written('reduction'), from, changeRef));
          }
          return changes;
        }
        case 'suspend': {
          s.stage = 'suspended';
          s.suspension = { fromPeriod: from, reason: i.reason };
          const changeRef = this.changeRef('suspend', from);
          return [
            event(BeneficiarySuspended, { ...this.ref(), changeRef, fromPeriod: from, reason: i.reason, notice: written('suspension') }),
            this.notice('suspension', i.actor, i.reason, written('suspension'), from, changeRef),
          ];
        }
        case 'terminate':
          return this.terminate(i.actor, i.reason, written('termination'), from);
        case 'gradual-exit': {
          // The length is the case's (the review's choice, validated against the policy), else the worker's default.
          const { firstMonth, lastMonth, months } = gradualExitPlan(today, i.gradualExitMonths, this.settings.gradualExitMonths, this.policy);
          s.stage = 'gradual_exit';
          const byMonth = patched(EXIT_BY_MONTH);
          s.gradualExit = { firstMonth, lastMonth, reason: i.reason, ...(byMonth ? { months } : {}) };
          this.note(i.actor, 'gradual-exit', `gradual exit (渐退期) of ${months} months: paid as before through ${lastMonth}, then the benefit ends`);
          const changeRef = this.changeRef('gradual-exit', firstMonth);
          // With the patch the event tells payments the last paid month at once (a quarter run before the end pays
          // only its months through lastMonth), with its own idempotency key and the chosen length.
          const extra = byMonth ? { changeRef, months } : {};
          return [
            event(BeneficiaryGradualExitStarted, { ...this.ref(), ...extra, firstMonth, lastMonth, reason: i.reason, notice: written('gradual-exit') }),
            this.notice('gradual-exit', i.actor, i.reason, written('gradual-exit'), firstMonth, changeRef),
          ];
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
      if (i.meetingOn > this.today()) throw refuse('InvalidStep', this.stage, 'meetingOn may not be in the future', 'meetingOn', 'notFuture');
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
      const result = decideAppraisal(i.tally, appraisalRulesWithHistory(this.policy, this.today()));
      const summary = `village re-appraisal ${i.meetingOn}: ${result.approvals} of ${result.validBallots} valid ballots for continuing (${result.approvalsNeeded} needed)`;
      this.note(i.actor, 'recordReappraisal', summary, { ...result });
      this.state.nextReappraisalDue = plusDays(i.meetingOn, this.settings.reappraisalIntervalDays);
      this.state.reappraisalOverdue = false;
      this.updateOverdue();
      if (result.passed) return [];
      const reason = `${summary}: the village meeting voted that the household leaves (应退则退)`;
      if (!patched(VOTE_OPENS_REVIEW)) return this.terminate(i.actor, reason, undefined, nextPaymentPeriod(this.scheme, this.today()));
      // A art. 32: a benefit stops on the household's facts, not on a vote. The vote opens a special review, whose
      // outcome (kept, changed, gradual exit, terminated) decides; payment goes on meanwhile.
      const review = this.state.review;
      if (review) {
        review.kind = 'special';
        review.reason = `${review.reason}; ${reason}`;
        this.note(i.actor, 'review-reason-added', `${reason} (added to the open review, due ${review.dueOn})`);
        return [event(BeneficiaryReviewDue, { ...this.ref(), kind: 'special', dueOn: review.dueOn, reason })];
      }
      return this.openReview(i.actor, 'special', reason, plusDays(this.today(), this.settings.specialReviewDays));
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
      const from = laterPeriod(nextPaymentPeriod(this.scheme, this.today()), firstPeriodStartingOnOrAfter(this.scheme, localDate(i.effectiveFrom)));
      return this.applyRaise(i.actor, i.standardFen, i.effectiveFrom, from, i.reason);
    },
  };

  /**
   * Work offered to a member able to work and the answer (DOMAIN.md: A art. 34). The limit's refusal in a row
   * without good reason stops that member's own share from the next period, with a written notice; an accepted
   * offer restores it from the next period.
   */
  readonly recordJobOffer = {
    validate: (i: RecordJobOfferInput) => {
      this.requireOpen('record a job offer');
      if (typeof i.memberId !== 'string' || i.memberId === '') throw refuse('InvalidStep', this.stage, 'memberId is required', 'memberId', 'required');
      const member = this.state.facts.members.find((m) => m.id === i.memberId);
      if (!member) throw refuse('InvalidStep', this.stage, `memberId ${i.memberId} is not a member of the household`, 'memberId', 'isMember');
      if (!mayBeOfferedWork(member)) {
        throw refuse('RuleRefused', this.stage, `member ${i.memberId} is not a counted member able to work: the job-offer rule does not apply`, 'memberId', 'ableToWork');
      }
      this.requireDate(i.offeredOn, 'offeredOn');
      if (i.offeredOn > this.today()) throw refuse('InvalidStep', this.stage, 'offeredOn may not be in the future', 'offeredOn', 'notFuture');
      this.requireText(i.offer, 'offer', 2000);
      if (i.response !== 'accepted' && i.response !== 'refused') throw refuse('InvalidStep', this.stage, 'response must be accepted or refused', 'response', 'isIn');
      if (i.goodReason !== undefined) {
        if (i.response !== 'refused') throw refuse('InvalidStep', this.stage, 'goodReason is for a refusal only', 'goodReason', 'refusalOnly');
        this.requireText(i.goodReason, 'goodReason', 2000);
      }
    },
    apply: (i: RecordJobOfferInput): BeneficiaryChange[] => {
      const s = this.state;
      const offers = (s.jobOffers ??= []);
      offers.push({
        memberId: i.memberId,
        offeredOn: i.offeredOn,
        offer: i.offer,
        response: i.response,
        ...(i.goodReason !== undefined ? { goodReason: i.goodReason } : {}),
        recordedBy: i.actor,
      });
      const today = this.today();
      const mine = offers.filter((o) => o.memberId === i.memberId).map((o) => ({ offeredOn: localDate(o.offeredOn), response: o.response, ...(o.goodReason ? { goodReason: o.goodReason } : {}) }));
      const decision = jobOfferSanction(mine, this.policy, today);
      const sanctions = (s.sanctions ??= []);
      const sanctioned = sanctions.some((x) => x.memberId === i.memberId);
      const answer = i.response === 'accepted' ? 'accepted' : `refused${i.goodReason ? ` with good reason (${i.goodReason})` : ' without good reason'}`;
      this.note(i.actor, 'recordJobOffer', `member ${i.memberId} ${answer} work offered ${i.offeredOn}: ${i.offer} (${decision.refusalsInARow} of ${decision.limit} refusals in a row)`, { ...decision });
      const from = nextPaymentPeriod(this.scheme, today);
      if (decision.sanctioned && !sanctioned) {
        const reason = `member ${i.memberId} refused suitable work ${decision.refusalsInARow} times in a row without good reason (DOMAIN.md: A art. 34): that member's share stops from ${from}`;
        sanctions.push({ memberId: i.memberId, fromPeriod: from, reason });
        const changes = this.recalculated(from, `减发: ${reason}`);
        return [...changes, this.notice('share-stopped', i.actor, reason, undefined, from, this.changeRef('share-stopped', from))];
      }
      if (!decision.sanctioned && sanctioned) {
        s.sanctions = sanctions.filter((x) => x.memberId !== i.memberId);
        return this.recalculated(from, `member ${i.memberId} accepted work: that member's share is paid again from ${from}`);
      }
      return [];
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

  /**
   * Ends the benefit from a period with a written notice (the given text, or one written from the reason). With the
   * month patch the event also names the last paid month (`stop`, or the month before `from`, or the end of a
   * gradual exit that comes sooner), so a rural quarter partly inside the benefit is paid for its months.
   */
  private terminate(by: Actor, reason: string, noticeText: string | undefined, fromPeriod: PaymentPeriod, stop?: BenefitStop): BeneficiaryChange[] {
    const s = this.state;
    const on = this.today();
    let from = fromPeriod;
    let lastPaidMonth: string | undefined;
    if (patched(EXIT_BY_MONTH)) {
      const exitEnd = s.gradualExit ? yearMonth(s.gradualExit.lastMonth) : undefined;
      const resolved = stop ?? benefitStopFrom(fromPeriod, exitEnd);
      from = resolved.fromPeriod;
      lastPaidMonth = resolved.lastPaidMonth;
    }
    const text = noticeText ?? `${NOTICE_TITLES.termination}: ${reason}`;
    s.stage = 'terminated';
    s.review = undefined;
    s.gradualExit = undefined;
    s.reappraisalOverdue = false;
    s.overdue = false;
    s.termination = { fromPeriod: from, reason, notice: text, on, ...(lastPaidMonth ? { lastPaidMonth } : {}) };
    const through = lastPaidMonth ? ` (paid through ${lastPaidMonth})` : '';
    this.note(by, 'terminated', `benefit ends: payments stop from ${from}${through} — ${reason}`);
    const changeRef = this.changeRef('stop', from);
    return [
      event(BeneficiaryTerminated, { ...this.ref(), changeRef, fromPeriod: from, ...(lastPaidMonth ? { lastPaidMonth } : {}), terminatedOn: on, reason, notice: text }),
      this.notice('termination', by, reason, text, from, changeRef),
    ];
  }

  /**
   * A written notice with reasons (A art. 32): kept in the state and the timeline, and recorded in case_notices
   * like an application's rejection notice, due to be served within the policy's notice working days.
   */
  private notice(kind: BeneficiaryNoticeKind, by: Actor, reason: string, text: string | undefined, fromPeriod: string, ref: string): BeneficiaryChange {
    const decidedOn = this.today();
    const dueOn = rejectionNoticeDeadline(decidedOn, this.policy, this.calendar);
    const noticeId = `${ref}/notice`.slice(0, 200);
    const written = text ?? `${NOTICE_TITLES[kind]}: ${reason}`;
    const notice: BeneficiaryNotice = { noticeId, kind, reason, text: written, decidedOn, dueOn, decidedBy: by, fromPeriod };
    (this.state.notices ??= []).push(notice);
    this.note(by, 'notice', `written ${kind} notice ${noticeId}, to be served by ${dueOn}: ${reason}`, { noticeId, kind, reason, text: written, decidedOn, dueOn, fromPeriod });
    return {
      kind: 'notice',
      notice: {
        noticeId,
        kind,
        caseId: this.state.caseId,
        householdId: this.state.householdId,
        township: this.state.township,
        stage: this.state.stage,
        reasons: [reason],
        text: written,
        decidedOn,
        dueOn,
        decidedBy: by.id,
        decidedByRole: by.role,
        fromPeriod,
      },
    };
  }

  /** A new standard from `effectiveFrom`; the amount is recalculated from `from` with the household's facts. */
  private applyRaise(by: Actor, standardFen: number, effectiveFrom: string, from: PaymentPeriod, reason: string, raiseId?: string): BeneficiaryChange[] {
    this.state.standards.push({ effectiveFrom, standardFen, reason, ...(raiseId ? { raiseId, fromPeriod: from } : {}) });
    this.policy = policyWithStandard(this.policy, this.scheme, localDate(effectiveFrom), standardFen);
    const raised = raiseId ? `standard raise ${raiseId}: ` : '';
    this.note(by, 'applyStandard', `${raised}new standard ${standardFen} fen from ${effectiveFrom} (${reason})`, raiseId ? { raiseId } : undefined);
    return this.recalculated(from, `提标: ${reason}`);
  }

  /** The amount of the period `from` (computed as for an approval the day before it starts) when it differs. */
  private recalculated(from: PaymentPeriod, reason: string): BeneficiaryChange[] {
    const amount = this.amountFor(this.state.facts, addDays(firstDayOf(from), -1));
    if (amount.monthlyAmount === this.state.monthlyAmountFen && amount.countedMembers === this.state.persons) {
      this.note(SYSTEM, 'amount-unchanged', `${amount.monthlyAmount} fen a month from ${from}: unchanged (${reason})`);
      return [];
    }
    return this.amountChanged(amount.monthlyAmount, amount.countedMembers, from, reason);
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

  /**
   * The amount from the facts (libs/domain), without the shares of sanctioned members, with the household's own
   * full-standard rule (or the one a review decides with): a recalculation never cuts an amount by a rule change alone.
   */
  private amountFor(facts: BeneficiaryFacts, on: LocalDate, rule: FullStandardRule = this.state.fullStandardRule ?? 'protected-until-ineligible') {
    return approvalAmount(facts, this.scheme, on, this.policy, (this.state.sanctions ?? []).map((x) => x.memberId), rule);
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

/**
 * Patch id: a gradual exit and a stop are expressed in months (DOMAIN.md: up to 6 months of continued payment,
 * rural paid quarterly): gradual-exit-started carries its changeRef and length, terminated its last paid month, a
 * review that keeps a household in its exit says so (gradual-exit-cancelled), and the end of a rural exit stops in
 * the quarter of its first unpaid month instead of the quarter of the day it ends. Older histories replay as before.
 */
export const EXIT_BY_MONTH = 'gradual-exit-by-month';
/** Patch id: a failed village re-appraisal opens a special review instead of ending the benefit (A art. 32). */
const VOTE_OPENS_REVIEW = 'reappraisal-vote-opens-review';
