import { schemaChecksAreOff } from '../step-validation';
import {
  BUNDLED_HOLIDAY_SCHEDULES_2025_2026,
  createWorkingDayCalendar,
  DEFAULT_POLICY,
  DibaoPolicy,
  FullStandardRule,
  localDate,
  LocalDate,
  localDateAt,
  nextReviewDue,
  policyWithStandard,
  reviewCadenceOf,
  Scheme,
  startOfLocalDay,
  WorkingDayCalendar,
} from '@dibao/domain';
import {
  Actor,
  BENEFICIARY_STEP_ROLES,
  BeneficiaryFacts,
  BeneficiarySettings,
  BeneficiaryStage,
  BeneficiaryState,
  BeneficiaryUpdateName,
  BeneficiaryView,
  BeneficiaryWorkflowInput,
  DEFAULT_BENEFICIARY_SETTINGS,
  RecordReviewInput,
  StepBase,
  stepProblems,
} from '@dibao/contracts';
import { approvalAmount } from '../case-amount';
import { fullStandardRuleWithHistory } from '../rules-with-history';
import { BeneficiaryChange, plusDays, refuse, TIMELINE_KEPT } from './common';

/**
 * A beneficiary household's state and the helpers every part of dynamic management (动态管理) uses. The steps,
 * the clock and the signals live in their own modules and work on this state.
 */
export class BeneficiaryCore {
  readonly state: BeneficiaryState;
  readonly settings: BeneficiarySettings;
  policy: DibaoPolicy;
  readonly calendar: WorkingDayCalendar;
  /** Bumped on every change: the main loop wakes on it. */
  version = 0;
  /** Reviews finished in this run: the workflow continues-as-new after one. */
  reviewsFinished = 0;
  /** Changes from signals with who caused them, committed by the main loop in order. */
  queued: { by: Actor; changes: BeneficiaryChange[] }[] = [];
  /** The full-standard rule a review decides with (the household's own rule is in the state until then). */
  readonly reviewRule: FullStandardRule;

  constructor(
    readonly input: BeneficiaryWorkflowInput,
    readonly workflowId: string,
    readonly now: () => number,
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
  get scheme(): Scheme {
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

  waitingFor(): string {
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

  /** The oldest changes a signal caused, with who caused it (the event's actor), or undefined. */
  takeQueued(): { by: Actor; changes: BeneficiaryChange[] } | undefined {
    return this.queued.shift();
  }

  /** DibaoOverdue: an open review or the yearly re-appraisal is past its date. */
  updateOverdue(): void {
    this.state.overdue = Boolean(this.state.review?.overdue) || Boolean(this.state.reappraisalOverdue);
  }

  /**
   * The amount from the facts (libs/domain), without the shares of sanctioned members, with the household's own
   * full-standard rule (or the one a review decides with): a recalculation never cuts an amount by a rule change alone.
   */
  amountFor(facts: BeneficiaryFacts, on: LocalDate, rule: FullStandardRule = this.state.fullStandardRule ?? 'protected-until-ineligible') {
    return approvalAmount(facts, this.scheme, on, this.policy, (this.state.sanctions ?? []).map((x) => x.memberId), rule);
  }

  factsOf(i: RecordReviewInput): BeneficiaryFacts {
    return { members: i.members, incomes: i.incomes, deductions: i.deductions ?? [] };
  }

  /** Unique per change: the approving case, its run and a counter (payments keys the enrolment change on it). */
  changeRef(kind: string, from: string): string {
    return `${this.state.caseId.slice(0, 64)}/${kind}/${from}/r${this.state.run}.${this.state.timeline.length}`;
  }

  ref() {
    return { caseId: this.state.caseId, householdId: this.state.householdId, township: this.state.township, scheme: this.state.scheme };
  }

  note(by: Actor, action: string, summary: string, details?: Record<string, unknown>): void {
    this.state.timeline.push({ at: new Date(this.now()).toISOString(), on: this.today(), by, action, summary, ...(details ? { details } : {}) });
    this.version++;
  }

  requireOpen(what: string): void {
    if (this.closed) throw refuse('WrongStage', this.stage, `cannot ${what}: the benefit has ended`);
  }

  /**
   * The step's input against its schema (libs/contracts step-schemas.ts, the one case-api validates the body with):
   * refused with the first problem, `InvalidStep` naming its field and rule, as case-api's 400 names them.
   */
  requireInput(step: BeneficiaryUpdateName, input: unknown): void {
    if (schemaChecksAreOff()) return;
    const [first] = stepProblems(step, input);
    if (first) throw refuse('InvalidStep', this.stage, first.message, first.field, first.rule);
  }

  today(): LocalDate {
    return localDateAt(this.now());
  }
}
