import { patched } from '@temporalio/workflow';
import {
  BUNDLED_HOLIDAY_SCHEDULES_2025_2026,
  CalendarDue,
  CASE_STAGE_NAMES,
  createWorkingDayCalendar,
  dataCheckStartDeadlineDue,
  DibaoPolicy,
  FullStandardRule,
  isClosedStage,
  isLocalDate,
  LocalDate,
  localDateAt,
  MissingHolidayYear,
  overallDeadline,
  policyAt,
  stageDeadlineDue,
  WorkingDayCalendar,
} from '@dibao/domain';
import { CASE_STEP_ROLES, CaseHistoryEntry, CaseSettings, CaseStage, CaseUpdateName, CaseView, CaseWorkflowInput, StartDeadline, StepBase } from '@dibao/contracts';
import { refusal } from '../refusal';
import { fullStandardRuleWithHistory } from '../rules-with-history';
import { CASE_DEADLINES_V2, overdueInstant, structuredCloneJson } from './changes';
import { enter } from './transitions';
import { refreshView } from './view';

export interface StageEntry {
  stage: CaseStage;
  /** The day the stage's deadline counts from (the first investigation: the acceptance date, since v2). */
  enteredOn: LocalDate;
  enteredAt: number;
  dueOn?: LocalDate;
  kind?: 'working-days' | 'calendar-days';
  provisional?: boolean;
  overdueMarked: boolean;
}

/**
 * The case's state and the helpers every stage uses. Deterministic (time comes from the workflow clock passed in),
 * so it runs inside the workflow. The stages' steps live in their own modules and work on this state.
 */
export class CaseCore {
  /** Bumped on every change, so the main loop re-plans its timers. */
  version = 0;
  readonly policy: DibaoPolicy;
  readonly settings: CaseSettings;
  calendar: WorkingDayCalendar;
  readonly missingYear: MissingHolidayYear;
  /** Case started under CASE_DEADLINES_V2. */
  readonly v2: boolean;
  /** The full-standard rule this case computes its amount with (a history from before issue 18 keeps the old one). */
  readonly fullStandardRule: FullStandardRule;
  readonly view_: CaseView;
  entry: StageEntry;
  overallOverdueMarked = false;
  dataCheckOverdueMarked = false;
  acceptedOnDate?: LocalDate;
  /** The township accepted a paper application on this date, before the case was recorded (补录). */
  readonly paperAcceptedOn?: LocalDate;
  objectionSubstantiated = false;
  objectionSeq = 0;
  /** Set by startInvestigation in a case started before v2 (it has no investigationStart record). */
  investigationStartedUnpatched = false;
  dataCheckStartedUnpatched = false;

  constructor(
    readonly input: CaseWorkflowInput,
    workflowId: string,
    readonly now: () => number,
    /** Started under CASE_LEAN_HISTORY, so after every earlier patch of the case: those are not asked (no markers). */
    readonly lean = false,
  ) {
    if (!input.settings) throw new Error('the case settings must be loaded before the case starts');
    this.settings = input.settings;
    this.policy = input.settings.policy;
    this.v2 = lean || patched(CASE_DEADLINES_V2);
    this.fullStandardRule = fullStandardRuleWithHistory(lean);
    // v2: the schedules in the settings (recorded in history); before v2 they were bundled into this code, and are
    // replayed exactly from a frozen copy of that data. extraHolidaySchedules add years neither carries.
    const base = this.v2 && input.settings.holidaySchedules ? input.settings.holidaySchedules : BUNDLED_HOLIDAY_SCHEDULES_2025_2026;
    const covered = new Set(base.map((s) => s.year));
    const extra = (input.settings.extraHolidaySchedules ?? []).filter((s) => !covered.has(s.year));
    const configured = input.settings.missingHolidayYear;
    this.missingYear = this.v2 ? (configured === 'throw' ? 'throw' : 'provisional') : (configured ?? 'weekends-only');
    this.calendar = createWorkingDayCalendar([...base, ...extra], { missingYear: this.missingYear });
    const submittedAt = new Date(now()).toISOString();
    // A recorded paper application: the application stage and the whole case count from the township's acceptance.
    // Only a real date not after today counts (case-api checks it first); absent in every case started before.
    const paper = input.acceptedOn;
    if (paper !== undefined && isLocalDate(paper) && paper <= localDateAt(now())) {
      this.paperAcceptedOn = paper;
      this.acceptedOnDate = paper;
    }
    this.entry = enter(this, 'application', this.paperAcceptedOn);
    this.view_ = {
      caseId: input.caseId,
      workflowId,
      householdId: input.householdId,
      township: input.township,
      scheme: input.scheme,
      applicant: input.applicant,
      claimedMonthlyIncomeFen: input.claimedMonthlyIncomeFen,
      registeredSeparately: input.registeredSeparately,
      ...(input.relatedStaff ? { relatedStaff: input.relatedStaff } : {}),
      stage: 'application',
      waitingFor: '',
      submittedAt,
      ...(this.paperAcceptedOn ? { acceptedOn: this.paperAcceptedOn } : {}),
      missingMaterials: [],
      overdue: false,
      overdueMarks: [],
      dataCheckContested: false,
      recheckPending: false,
      appraisalRequired: this.rules().appraisalPolicy === 'every-case',
      objections: [],
      householdVisitRequired: input.registeredSeparately,
      history: [],
    };
    if (this.paperAcceptedOn) {
      this.view_.overallDeadline = {
        dueOn: overallDeadline(this.paperAcceptedOn, false, this.policy, this.calendar),
        workingDays: this.rules().overallWorkingDays,
        extended: false,
      };
    }
    refreshView(this);
  }

  get stage(): CaseStage {
    return this.view_.stage;
  }

  get closed(): boolean {
    return isClosedStage(this.view_.stage);
  }

  touch(): void {
    this.version++;
    refreshView(this);
  }

  view(): CaseView {
    return structuredCloneJson(this.view_);
  }

  searchAttributes(): { stage: CaseStage; overdue: boolean; stageDeadline?: Date } {
    return {
      stage: this.stage,
      overdue: this.view_.overdue,
      ...(this.entry.dueOn ? { stageDeadline: new Date(overdueInstant(this.entry.dueOn)) } : {}),
    };
  }

  /** Role and township of the actor, checked again inside the workflow (case-api checks first). */
  authorize(step: string, input: StepBase): void {
    if (!input || typeof input !== 'object' || !input.actor || typeof input.actor.id !== 'string') {
      throw refusal('InvalidStep', this.stage, 'the step carries no actor', { field: 'actor', rule: 'required' });
    }
    const roles = CASE_STEP_ROLES[step as CaseUpdateName];
    const { role, township } = input.actor;
    if (role !== 'admin' && role !== 'system' && !roles.includes(role)) {
      throw refusal('NotAllowed', this.stage, `role ${role} may not ${step}; allowed: ${roles.join(', ')}`);
    }
    if (township !== undefined && township !== this.input.township) {
      throw refusal('NotAllowed', this.stage, 'the case belongs to another township');
    }
  }

  // ---- helpers the stages share --------------------------------------------------------------------------------

  stageDue(stage: CaseStage, from: LocalDate): CalendarDue | undefined {
    return stageDeadlineDue(stage, from, this.policy, this.calendar);
  }

  dataCheckDue(acceptedOn: LocalDate): CalendarDue {
    return dataCheckStartDeadlineDue(acceptedOn, this.policy, this.calendar);
  }

  startDeadline(countedFrom: LocalDate, due: CalendarDue, workingDays: number): StartDeadline {
    return {
      countedFrom,
      dueOn: due.dueOn,
      overdueAt: new Date(overdueInstant(due.dueOn)).toISOString(),
      workingDays,
      ...(due.provisional ? { provisional: true } : {}),
    };
  }

  /** Whether the current investigation has started: a start step, or (v2) its record. */
  investigationStarted(): boolean {
    return this.view_.investigationStart?.startedOn !== undefined || this.investigationStartedUnpatched;
  }

  /**
   * A start date a step gives (a real date: its schema is checked first), not before the day its deadline counts
   * from (acceptance), not after today.
   */
  requireStartedOn(startedOn: string | undefined, countedFrom: string | undefined): void {
    if (startedOn === undefined) return;
    if (startedOn > this.today()) {
      throw refusal('InvalidStep', this.stage, 'startedOn must not be in the future', { field: 'startedOn', rule: 'notFuture' });
    }
    const from = countedFrom ?? this.acceptedOnDate;
    if (from && startedOn < from) {
      throw refusal('InvalidStep', this.stage, `startedOn must not be before the acceptance on ${from}`, { field: 'startedOn', rule: 'notBeforeAcceptance' });
    }
  }

  requireStage(stage: CaseStage, what: string): void {
    if (this.closed) throw this.closedRefusal(what);
    if (this.stage !== stage) throw this.wrongStage(what, CASE_STAGE_NAMES[stage]);
  }

  wrongStage(what: string, expected: string) {
    return refusal('WrongStage', this.stage, `cannot ${what}: the case is at ${CASE_STAGE_NAMES[this.stage]}, and this step belongs to ${expected}`);
  }

  closedRefusal(what: string) {
    return refusal('WrongStage', this.stage, `cannot ${what}: the case is closed (${this.stage})`);
  }

  record(actor: CaseHistoryEntry['actor'], action: string, summary: string, details?: Record<string, unknown>): void {
    this.view_.history.push({
      seq: this.view_.history.length + 1,
      at: this.nowIso(),
      actor,
      action,
      stage: this.view_.stage,
      summary,
      ...(details ? { details } : {}),
    });
  }

  ref() {
    return { caseId: this.input.caseId, householdId: this.input.householdId, township: this.input.township, scheme: this.input.scheme };
  }

  rules() {
    return policyAt(this.policy, this.today());
  }

  today(): LocalDate {
    return localDateAt(this.now());
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }
}
