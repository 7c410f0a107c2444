import { patched } from '@temporalio/workflow';
import {
  appraisalRulesAt,
  assetLimitProblems,
  benefitStartMonth,
  BUNDLED_HOLIDAY_SCHEDULES_2025_2026,
  CalendarDue,
  calendarPeriodEndsAt,
  CASE_STAGE_NAMES,
  checkTransition,
  createWorkingDayCalendar,
  FullStandardRule,
  dataCheckStartDeadlineDue,
  daysBetween,
  decideAppraisal,
  DibaoPolicy,
  HolidaySchedule,
  HouseholdFacts,
  isClosedStage,
  isLocalDate,
  LocalDate,
  localDate,
  localDateAt,
  MissingHolidayYear,
  overallDeadline,
  overallDeadlineDue,
  perCapitaMonthlyIncome,
  policyAt,
  rejectionNoticeDeadline,
  stageDeadlineDue,
  stageDeadlineRule,
  toEpochDay,
  WorkingDayCalendar,
} from '@dibao/domain';
import {
  AcceptApplicationInput,
  CalendarChangedInput,
  CASE_STEP_ROLES,
  CaseApplicationReturned,
  CaseApproved,
  CaseDeadlineChanged,
  CaseHistoryEntry,
  CaseRejected,
  CaseSettings,
  CaseStage,
  CaseStageChanged,
  CaseStageOverdue,
  CaseSubmitted,
  CaseUpdateName,
  CaseView,
  CaseWithdrawn,
  CaseWorkflowInput,
  ConcludeInvestigationInput,
  ContestDataCheckInput,
  CountyDecisionInput,
  EventDefinition,
  ExtendDeadlineInput,
  FileObjectionInput,
  PayloadOf,
  RecordAppraisalInput,
  RecordHouseholdVisitInput,
  RecordInvestigationInput,
  RecordRecheckInput,
  ResolveObjectionInput,
  ReturnApplicationInput,
  StartDataCheckInput,
  StartDeadline,
  StartInvestigationInput,
  StepBase,
  TownshipReviewInput,
  WithdrawInput,
} from '@dibao/contracts';
import type { HouseholdSnapshot, RejectionNotice } from './case-activities';
import { approvalAmount, householdFacts, InvestigatedHousehold } from './case-amount';
import { refusal } from './refusal';
import { appraisalRulesWithHistory, fullStandardRuleWithHistory } from './rules-with-history';
import {
  requireCount,
  requireDate,
  requireList,
  requireText,
  validateAssets,
  validateDeductions,
  validateIncomes,
  validateMembers,
} from './step-validation';

/** Something a step or a timer produced that must leave the workflow: an event or a written notice. */
export type Change =
  | { kind: 'event'; def: EventDefinition; payload: PayloadOf<EventDefinition> }
  | { kind: 'notice'; notice: RejectionNotice };

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The instant a date's deadline passes: 00:00 China time on the following day. */
export function overdueInstant(dueOn: LocalDate): number {
  return (toEpochDay(dueOn) + 1) * DAY_MS - CHINA_OFFSET_MS;
}

interface StageEntry {
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
 * Workflow patch: deadlines per issue 18 items 4–5. Cases started before it replay with the old rules (the
 * investigation's 3 working days enforced until it is finished, no data-check deadline, publicity 168 hours, the
 * holiday schedules bundled into this code and a weekends-only count for a missing year). Cases started after it:
 * - the investigation deadline is a deadline to *start* (A art. 15), counted from the acceptance date (a paper
 *   application's acceptedOn), met by startInvestigation or the first investigation record; no finish deadline;
 * - the county's data check has its own start deadline (A art. 17), met by startDataCheck or the record of its result;
 * - publicity ends at 24:00 China time of its 7th day, the day it began not counted;
 * - the holiday schedules come from the settings (recorded in history) and the calendarChanged signal, a missing
 *   year counts weekends and fixed-date holidays and marks the deadline provisional.
 */
export const CASE_DEADLINES_V2 = 'case-deadlines-v2';

/** Which deadline of case.deadline-changed each line of the calendarChanged summary is. */
const DEADLINE_SCOPES: Record<string, 'stage' | 'overall' | 'data_check'> = {
  'data check start': 'data_check',
  'whole case': 'overall',
};

/**
 * The case's state and rules: which step is allowed when, what it records, which events and deadlines follow.
 * Deterministic (time comes from the workflow clock passed in), so it runs inside the workflow.
 */
export class CaseProcess {
  /** Bumped on every change, so the main loop re-plans its timers. */
  version = 0;
  private readonly policy: DibaoPolicy;
  private readonly settings: CaseSettings;
  private calendar: WorkingDayCalendar;
  private readonly missingYear: MissingHolidayYear;
  /** Case started under CASE_DEADLINES_V2. */
  private readonly v2: boolean;
  /** The full-standard rule this case computes its amount with (a history from before issue 18 keeps the old one). */
  private readonly fullStandardRule: FullStandardRule;
  private readonly view_: CaseView;
  private entry: StageEntry;
  private overallOverdueMarked = false;
  private dataCheckOverdueMarked = false;
  private acceptedOnDate?: LocalDate;
  /** The township accepted a paper application on this date, before the case was recorded (补录). */
  private readonly paperAcceptedOn?: LocalDate;
  private objectionSubstantiated = false;
  private objectionSeq = 0;

  constructor(
    private readonly input: CaseWorkflowInput,
    workflowId: string,
    private readonly now: () => number,
  ) {
    if (!input.settings) throw new Error('the case settings must be loaded before the case starts');
    this.settings = input.settings;
    this.policy = input.settings.policy;
    this.v2 = patched(CASE_DEADLINES_V2);
    this.fullStandardRule = fullStandardRuleWithHistory();
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
    this.entry = this.enter('application', this.paperAcceptedOn);
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
    this.refreshView();
  }

  get stage(): CaseStage {
    return this.view_.stage;
  }

  get closed(): boolean {
    return isClosedStage(this.view_.stage);
  }

  touch(): void {
    this.version++;
    this.refreshView();
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

  // ---- submission and the registry snapshot ------------------------------------------------------------------

  submitted(): Change[] {
    const paper = this.paperAcceptedOn;
    this.record(this.input.submittedBy, 'submit', paper ? `paper application accepted on ${paper} recorded` : 'application submitted', {
      applicant: this.input.applicant.kind,
      registeredSeparately: this.input.registeredSeparately,
      ...(paper ? { acceptedOn: paper } : {}),
    });
    return [
      event(CaseSubmitted, {
        ...this.ref(),
        // The day the case entered the system (the envelope's occurredAt, which supervision reads), also for a
        // recorded paper application: its acceptance date is in the case view and drives the deadlines.
        submittedOn: this.today(),
        applicantKind: this.input.applicant.kind,
        claimedMonthlyIncomeFen: this.input.claimedMonthlyIncomeFen,
        registeredSeparately: this.input.registeredSeparately,
      }),
    ];
  }

  noteHousehold(snapshot: HouseholdSnapshot): void {
    const summary = !snapshot.found
      ? 'the households registry does not know this household'
      : `households registry: ${snapshot.memberCount ?? '?'} members, township ${snapshot.township ?? '?'}`;
    this.record({ id: 'case-worker', role: 'system' }, 'readHousehold', summary, { ...snapshot });
    this.touch();
  }

  // ---- access ---------------------------------------------------------------------------------------------------

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

  // ---- steps: each a validator (throws a refusal, records nothing) and an apply -------------------------------

  readonly acceptApplication = {
    validate: (_: AcceptApplicationInput) => this.requireStage('application', 'accept the application'),
    apply: (i: AcceptApplicationInput): Change[] => {
      // A recorded paper application keeps its acceptance date, its overall deadline and any overdue mark.
      this.acceptedOnDate = this.paperAcceptedOn ?? this.today();
      this.view_.acceptedOn = this.acceptedOnDate;
      this.view_.missingMaterials = [];
      if (!this.paperAcceptedOn) this.overallOverdueMarked = false;
      this.record(i.actor, 'acceptApplication', 'application accepted', i.note ? { note: i.note } : undefined);
      return this.moveTo('investigation', i.note);
    },
  };

  /** A art. 15: the investigation has started (its 3-working-day deadline is met). */
  readonly startInvestigation = {
    validate: (i: StartInvestigationInput) => {
      this.requireStage('investigation', 'start the investigation');
      if (this.investigationStarted()) throw refusal('RuleRefused', this.stage, 'the investigation has already started');
      this.requireStartedOn(i.startedOn, this.view_.investigationStart?.countedFrom);
      if (i.investigators !== undefined) {
        requireList(this.stage, i.investigators, 'investigators', 1, 10, (v, f) => requireText(this.stage, v, f, 100));
      }
      if (i.note !== undefined) requireText(this.stage, i.note, 'note', 2000);
    },
    apply: (i: StartInvestigationInput): Change[] => {
      const startedOn = i.startedOn !== undefined ? localDate(i.startedOn) : this.today();
      this.record(i.actor, 'startInvestigation', `investigation started on ${startedOn}`, {
        startedOn,
        ...(i.investigators ? { investigators: i.investigators } : {}),
        ...(i.note ? { note: i.note } : {}),
      });
      return this.markInvestigationStarted(startedOn, 'startInvestigation');
    },
  };

  /** A art. 17: the county has started the household economic-status data check. */
  readonly startDataCheck = {
    validate: (i: StartDataCheckInput) => {
      this.requireStage('investigation', 'record the start of the data check');
      if (this.view_.dataCheckStart?.startedOn || this.dataCheckStartedUnpatched) {
        throw refusal('RuleRefused', this.stage, 'the data check has already started');
      }
      this.requireStartedOn(i.startedOn, this.view_.dataCheckStart?.countedFrom);
      if (i.reference !== undefined) requireText(this.stage, i.reference, 'reference', 200);
    },
    apply: (i: StartDataCheckInput): Change[] => {
      const startedOn = i.startedOn !== undefined ? localDate(i.startedOn) : this.today();
      this.record(i.actor, 'startDataCheck', `the county's data check started on ${startedOn}`, {
        startedOn,
        ...(i.reference ? { reference: i.reference } : {}),
      });
      return this.markDataCheckStarted(startedOn, 'startDataCheck', true);
    },
  };

  readonly returnApplication = {
    validate: (i: ReturnApplicationInput) => {
      this.requireStage('application', 'return the application');
      requireList(this.stage, i.missingMaterials, 'missingMaterials', 1, 50, (m, f) => requireText(this.stage, m, f, 500));
    },
    apply: (i: ReturnApplicationInput): Change[] => {
      this.view_.missingMaterials = [...i.missingMaterials];
      this.record(i.actor, 'returnApplication', `returned: ${i.missingMaterials.length} materials missing`, {
        missingMaterials: i.missingMaterials,
      });
      return [event(CaseApplicationReturned, { ...this.ref(), missingMaterials: i.missingMaterials })];
    },
  };

  readonly recordInvestigation = {
    validate: (i: RecordInvestigationInput) => {
      this.requireStage('investigation', 'record the investigation');
      if (this.view_.recheckPending) {
        throw refusal('WrongStage', this.stage, 'a recheck of the contested data check is pending: record the recheck first');
      }
      requireList(this.stage, i.investigators, 'investigators', 2, 10, (v, f) => requireText(this.stage, v, f, 100));
      if (new Set(i.investigators).size !== i.investigators.length) {
        throw refusal('InvalidStep', this.stage, 'investigators must be at least two different people', {
          field: 'investigators',
          rule: 'distinct',
        });
      }
      validateMembers(this.stage, i.members);
      validateIncomes(this.stage, i.incomes, i.members);
      validateDeductions(this.stage, i.deductions ?? [], i.members);
      validateAssets(this.stage, i.assets);
      if (!i.dataCheck || (i.dataCheck.result !== 'passed' && i.dataCheck.result !== 'failed')) {
        throw refusal('InvalidStep', this.stage, 'dataCheck.result must be passed or failed', { field: 'dataCheck.result', rule: 'isIn' });
      }
      this.facts(i); // the domain's own consistency checks
    },
    apply: (i: RecordInvestigationInput): Change[] => {
      const facts = this.facts(i);
      this.view_.investigation = {
        investigators: [...i.investigators],
        members: i.members,
        incomes: i.incomes,
        deductions: i.deductions ?? [],
        assets: i.assets,
        dataCheck: { ...i.dataCheck },
        perCapitaMonthlyIncomeFen: perCapitaMonthlyIncome(facts, this.rules().rounding),
        recordedAt: this.nowIso(),
      };
      this.record(i.actor, 'recordInvestigation', `investigation recorded; data check ${i.dataCheck.result}`, {
        investigators: i.investigators,
        members: i.members.length,
        dataCheck: i.dataCheck.result,
      });
      const met: Change[] = [];
      if (this.v2) {
        // The record of a visit and of the data check's result shows both had started, at the latest today. Told
        // only when the case stays in investigation (a stage change tells supervision anyway), the data check's
        // only when it had been reported late.
        const staying = i.dataCheck.result !== 'passed';
        if (!this.investigationStarted()) {
          const changes = this.markInvestigationStarted(this.today(), 'recordInvestigation');
          if (staying) met.push(...changes);
        }
        if (this.view_.dataCheckStart && !this.view_.dataCheckStart.startedOn) {
          met.push(...this.markDataCheckStarted(this.today(), 'recordInvestigation', this.dataCheckOverdueMarked));
        }
      }
      return [...met, ...(i.dataCheck.result === 'passed' ? this.leaveInvestigation('investigation complete') : [])];
    },
  };

  readonly contestDataCheck = {
    validate: (i: ContestDataCheckInput) => {
      this.requireStage('investigation', 'contest the data check');
      if (this.view_.investigation?.dataCheck.result !== 'failed') {
        throw refusal('RuleRefused', this.stage, 'only a failed economic data check can be contested');
      }
      if (this.view_.dataCheckContested) {
        throw refusal('RuleRefused', this.stage, 'the data check has already been contested once');
      }
      requireText(this.stage, i.evidence, 'evidence', 4000);
    },
    apply: (i: ContestDataCheckInput): Change[] => {
      this.view_.dataCheckContested = true;
      this.view_.recheckPending = true;
      this.record(i.actor, 'contestDataCheck', 'the applicant contested the failed data check', { evidence: i.evidence });
      return [];
    },
  };

  readonly recordRecheck = {
    validate: (i: RecordRecheckInput) => {
      this.requireStage('investigation', 'record a recheck');
      if (!this.view_.recheckPending) throw refusal('RuleRefused', this.stage, 'no recheck is pending: the data check was not contested');
      if (i.result !== 'passed' && i.result !== 'failed') {
        throw refusal('InvalidStep', this.stage, 'result must be passed or failed', { field: 'result', rule: 'isIn' });
      }
      if (i.findings !== undefined) requireText(this.stage, i.findings, 'findings', 4000);
    },
    apply: (i: RecordRecheckInput): Change[] => {
      const investigation = this.view_.investigation;
      if (!investigation) return [];
      investigation.dataCheck = { result: i.result, ...(i.findings ? { findings: i.findings } : {}) };
      this.view_.recheckPending = false;
      this.record(i.actor, 'recordRecheck', `data check rechecked: ${i.result}`, i.findings ? { findings: i.findings } : undefined);
      return i.result === 'passed' ? this.leaveInvestigation('recheck passed') : [];
    },
  };

  /** Moves on with a failed data check (not contested, or failed again on recheck): review will decide. */
  readonly concludeInvestigation = {
    validate: (_: ConcludeInvestigationInput) => {
      this.requireStage('investigation', 'conclude the investigation');
      if (!this.view_.investigation) throw refusal('WrongStage', this.stage, 'the investigation has not been recorded yet');
      if (this.view_.recheckPending) throw refusal('RuleRefused', this.stage, 'a recheck is pending');
    },
    apply: (i: ConcludeInvestigationInput): Change[] => {
      this.record(i.actor, 'concludeInvestigation', 'investigation concluded with a failed data check', i.note ? { note: i.note } : undefined);
      return this.leaveInvestigation(i.note ?? 'investigation concluded with a failed data check');
    },
  };

  readonly recordAppraisal = {
    validate: (i: RecordAppraisalInput) => {
      this.requireStage('appraisal', 'record the democratic appraisal');
      requireDate(this.stage, i.meetingOn, 'meetingOn');
      if (!i.tally || typeof i.tally !== 'object') {
        throw refusal('InvalidStep', this.stage, 'tally is required', { field: 'tally', rule: 'required' });
      }
      for (const f of ['attendees', 'villagerRepresentatives', 'representativesTotal', 'approve', 'reject', 'abstain', 'invalid'] as const) {
        requireCount(this.stage, i.tally[f], `tally.${f}`);
      }
      try {
        decideAppraisal(i.tally, appraisalRulesAt(this.policy, this.today()));
      } catch (e) {
        throw refusal('RuleRefused', this.stage, errorMessage(e), { field: 'tally', rule: 'appraisal-tally' });
      }
    },
    apply: (i: RecordAppraisalInput): Change[] => {
      const result = decideAppraisal(i.tally, appraisalRulesWithHistory(this.policy, this.today()));
      this.view_.appraisal = { tally: { ...i.tally }, passed: result.passed, meetingOn: i.meetingOn, recordedAt: this.nowIso() };
      const summary = `democratic appraisal ${result.passed ? 'passed' : 'failed'}: ${result.approvals} of ${result.validBallots} valid ballots approve (${result.approvalsNeeded} needed)`;
      this.record(i.actor, 'recordAppraisal', summary, { ...result });
      return this.moveTo('publicity', summary);
    },
  };

  readonly fileObjection = {
    validate: (i: FileObjectionInput) => {
      this.requireStage('publicity', 'file an objection');
      requireText(this.stage, i.summary, 'summary', 4000);
      if (i.filedBy !== undefined) requireText(this.stage, i.filedBy, 'filedBy', 200);
    },
    apply: (i: FileObjectionInput): Change[] => {
      const id = `obj-${++this.objectionSeq}`;
      this.view_.objections.push({ id, filedAt: this.nowIso(), ...(i.filedBy ? { filedBy: i.filedBy } : {}), summary: i.summary });
      this.view_.householdVisitRequired = true;
      this.record(i.actor, 'fileObjection', `objection ${id} filed${i.filedBy ? '' : ' anonymously'}`, { objectionId: id });
      return [];
    },
  };

  readonly resolveObjection = {
    validate: (i: ResolveObjectionInput) => {
      this.requireStage('publicity', 'resolve an objection');
      const objection = this.view_.objections.find((o) => o.id === i.objectionId);
      if (!objection) throw refusal('InvalidStep', this.stage, `no objection ${i.objectionId} on this case`, { field: 'objectionId', rule: 'exists' });
      if (objection.resolution) throw refusal('RuleRefused', this.stage, `objection ${i.objectionId} is already resolved`);
      if (i.finding !== 'unfounded' && i.finding !== 'substantiated') {
        throw refusal('InvalidStep', this.stage, 'finding must be unfounded or substantiated', { field: 'finding', rule: 'isIn' });
      }
      requireText(this.stage, i.note, 'note', 4000);
    },
    apply: (i: ResolveObjectionInput): Change[] => {
      const objection = this.view_.objections.find((o) => o.id === i.objectionId);
      if (!objection) return [];
      objection.resolution = { finding: i.finding, note: i.note, at: this.nowIso(), by: i.actor };
      this.record(i.actor, 'resolveObjection', `objection ${i.objectionId} ${i.finding}`, { objectionId: i.objectionId, note: i.note });
      if (i.finding === 'unfounded') return [];
      // Substantiated: re-investigate, then a democratic appraisal and a new publicity.
      this.objectionSubstantiated = true;
      this.view_.appraisalRequired = true;
      this.endPublicity();
      this.view_.investigation = undefined;
      this.view_.appraisal = undefined;
      this.view_.dataCheckContested = false;
      this.view_.recheckPending = false;
      return this.moveTo('investigation', `objection ${i.objectionId} substantiated: ${i.note}`);
    },
  };

  readonly townshipReview = {
    validate: (i: TownshipReviewInput) => {
      this.requireStage('township_review', 'record the township review');
      if (!['approve', 'return', 'reject'].includes(i.decision)) {
        throw refusal('InvalidStep', this.stage, 'decision must be approve, return or reject', { field: 'decision', rule: 'isIn' });
      }
      if (i.decision === 'approve') {
        requireText(this.stage, i.opinion, 'opinion', 4000);
        if (this.view_.investigation?.dataCheck.result === 'failed') {
          throw refusal('RuleRefused', this.stage, 'the economic data check failed: the township may only return or reject the case');
        }
        if (this.view_.appraisal && !this.view_.appraisal.passed) {
          throw refusal('RuleRefused', this.stage, 'the democratic appraisal did not pass: the township may only return or reject the case');
        }
      } else if (i.decision === 'reject') {
        requireList(this.stage, i.reasons, 'reasons', 1, 20, (r, f) => requireText(this.stage, r, f, 2000));
      } else {
        requireText(this.stage, i.opinion, 'opinion', 4000);
      }
    },
    apply: (i: TownshipReviewInput): Change[] => {
      if (i.decision === 'approve') {
        this.view_.townshipOpinion = i.opinion;
        this.record(i.actor, 'townshipReview', 'township review: approve', { opinion: i.opinion });
        return this.moveTo('county_approval', i.opinion);
      }
      if (i.decision === 'return') {
        this.record(i.actor, 'townshipReview', 'township review: returned for re-investigation', { opinion: i.opinion });
        this.view_.investigation = undefined;
        this.view_.appraisal = undefined;
        this.view_.dataCheckContested = false;
        this.view_.recheckPending = false;
        return this.moveTo('investigation', i.opinion);
      }
      this.record(i.actor, 'townshipReview', 'township review: rejected', { reasons: i.reasons });
      return this.reject(i.reasons ?? [], i.actor.id);
    },
  };

  readonly recordHouseholdVisit = {
    validate: (i: RecordHouseholdVisitInput) => {
      if (this.stage !== 'township_review' && this.stage !== 'county_approval') {
        throw this.wrongStage('record a household visit', 'county approval');
      }
      requireDate(this.stage, i.visitedOn, 'visitedOn');
      if (i.visitedOn > this.today()) {
        throw refusal('InvalidStep', this.stage, 'visitedOn must not be in the future', { field: 'visitedOn', rule: 'notFuture' });
      }
      requireList(this.stage, i.visitors, 'visitors', 1, 10, (v, f) => requireText(this.stage, v, f, 100));
      requireText(this.stage, i.findings, 'findings', 4000);
    },
    apply: (i: RecordHouseholdVisitInput): Change[] => {
      this.view_.householdVisit = { visitedOn: i.visitedOn, visitors: [...i.visitors], findings: i.findings, recordedAt: this.nowIso(), by: i.actor };
      this.record(i.actor, 'recordHouseholdVisit', `household visited on ${i.visitedOn}`, { visitors: i.visitors });
      return [];
    },
  };

  readonly countyDecision = {
    validate: (i: CountyDecisionInput) => {
      this.requireStage('county_approval', 'record the county decision');
      if (i.decision !== 'approve' && i.decision !== 'reject') {
        throw refusal('InvalidStep', this.stage, 'decision must be approve or reject', { field: 'decision', rule: 'isIn' });
      }
      if (i.decision === 'reject') {
        requireList(this.stage, i.reasons, 'reasons', 1, 20, (r, f) => requireText(this.stage, r, f, 2000));
        return;
      }
      if (this.view_.householdVisitRequired && !this.view_.householdVisit) {
        const why = this.view_.registeredSeparately ? 'the case is registered separately' : 'the case received objections';
        throw refusal('RuleRefused', this.stage, `a household visit must be recorded before approval: ${why} (A art. 20)`);
      }
      if (i.payee && i.payee.kind === 'proxy') {
        requireText(this.stage, i.payee.proxyName, 'payee.proxyName', 100);
        requireText(this.stage, i.payee.entrustmentRef, 'payee.entrustmentRef', 100);
      } else if (i.payee && i.payee.kind !== 'own-account') {
        throw refusal('InvalidStep', this.stage, 'payee.kind must be own-account or proxy', { field: 'payee.kind', rule: 'isIn' });
      }
      const amount = this.amount();
      const assets = this.view_.investigation?.assets;
      const tooMuch = assets ? assetLimitProblems(assets, amount.countedMembers, this.rules().assetLimits) : [];
      if (tooMuch.length > 0) {
        throw refusal('RuleRefused', this.stage, `the household's assets are above the local limits: ${tooMuch.join('; ')}; reject instead`);
      }
      if (!amount.eligible) {
        throw refusal(
          'RuleRefused',
          this.stage,
          `the household's per-capita income (${amount.perCapitaIncome} fen) is not below the standard (${amount.standard} fen): reject instead`,
        );
      }
    },
    apply: (i: CountyDecisionInput): Change[] => {
      if (i.decision === 'reject') {
        this.record(i.actor, 'countyDecision', 'county approval: rejected', { reasons: i.reasons });
        return this.reject(i.reasons ?? [], i.actor.id);
      }
      const approvedOn = this.today();
      const amount = this.amount();
      const startMonth = benefitStartMonth(approvedOn);
      this.view_.approval = {
        approvedOn,
        monthlyAmountFen: amount.monthlyAmount,
        persons: amount.countedMembers,
        startPeriod: amount.period,
        startMonth,
        method: amount.method,
        standardFen: amount.standard,
        perCapitaIncomeFen: amount.perCapitaIncome,
        fullStandardMemberIds: [...amount.fullStandardMemberIds],
        ...(this.fullStandardRule === 'household-differential' ? { fullStandardRule: this.fullStandardRule } : {}),
      };
      this.record(i.actor, 'countyDecision', `county approval: approved, ${amount.monthlyAmount} fen a month from ${startMonth}`, {
        opinion: i.opinion,
        monthlyAmountFen: amount.monthlyAmount,
      });
      const changes = this.moveTo('approved', i.opinion);
      changes.push(
        event(CaseApproved, {
          ...this.ref(),
          approvedOn,
          monthlyAmountFen: amount.monthlyAmount,
          persons: amount.countedMembers,
          startPeriod: amount.period,
          payee: i.payee ?? { kind: 'own-account' },
        }),
      );
      return changes;
    },
  };

  readonly withdraw = {
    validate: (i: WithdrawInput) => {
      if (this.closed) throw this.closedRefusal('withdraw');
      if (i.reason !== undefined) requireText(this.stage, i.reason, 'reason', 2000);
    },
    apply: (i: WithdrawInput): Change[] => {
      const from = this.stage;
      this.view_.withdrawal = { ...(i.reason ? { reason: i.reason } : {}), at: this.nowIso() };
      this.record(i.actor, 'withdraw', 'the applicant withdrew the application', i.reason ? { reason: i.reason } : undefined);
      const changes = this.moveTo('withdrawn', i.reason);
      changes.push(event(CaseWithdrawn, { ...this.ref(), stage: from, ...(i.reason ? { reason: i.reason } : {}) }));
      return changes;
    },
  };

  readonly extendDeadline = {
    validate: (i: ExtendDeadlineInput) => {
      if (this.closed) throw this.closedRefusal('extend the deadline');
      if (!this.acceptedOnDate) throw refusal('WrongStage', this.stage, 'the overall deadline starts when the application is accepted');
      if (this.view_.overallDeadline?.extended) throw refusal('RuleRefused', this.stage, 'the overall deadline can be extended only once');
      requireText(this.stage, i.reason, 'reason', 2000);
    },
    apply: (i: ExtendDeadlineInput): Change[] => {
      const overall = this.view_.overallDeadline;
      if (overall) this.view_.overallDeadline = { ...overall, extended: true, extensionReason: i.reason };
      this.overallOverdueMarked = false;
      this.record(i.actor, 'extendDeadline', 'overall deadline extended', { reason: i.reason });
      return [];
    },
  };

  // ---- timers ----------------------------------------------------------------------------------------------------

  /** The next instant at which something happens by itself (a deadline passes, publicity ends). */
  nextWakeAt(): number | undefined {
    const candidates: number[] = [];
    if (this.entry.dueOn && !this.entry.overdueMarked) candidates.push(overdueInstant(this.entry.dueOn));
    const dataCheck = this.view_.dataCheckStart;
    if (dataCheck && !dataCheck.startedOn && !this.dataCheckOverdueMarked) candidates.push(overdueInstant(localDate(dataCheck.dueOn)));
    const overall = this.view_.overallDeadline;
    if (overall && !this.overallOverdueMarked) candidates.push(overdueInstant(localDate(overall.dueOn)));
    const publicity = this.view_.publicity;
    // Once the period is over only the resolution of the open objections (an update) can end it.
    if (this.stage === 'publicity' && publicity && !publicity.endedAt && Date.parse(publicity.endsAt) > this.now()) {
      candidates.push(Date.parse(publicity.endsAt));
    }
    return candidates.length > 0 ? Math.min(...candidates) : undefined;
  }

  /** What the passing of time has done since the last look. */
  onClock(): Change[] {
    if (this.closed) return [];
    const now = this.now();
    const changes: Change[] = [];
    const system = { id: 'case-worker', role: 'system' as const };
    // v2: publicity ends at the very instant its stage deadline passes (24:00 of the 7th day); end it first, so
    // only an open objection holding it past its end makes it overdue.
    if (this.v2) changes.push(...this.publicityClock(now, system));
    if (this.entry.dueOn && !this.entry.overdueMarked && now >= overdueInstant(this.entry.dueOn)) {
      this.entry.overdueMarked = true;
      changes.push(this.markOverdue('stage', this.entry.dueOn, system));
    }
    const overall = this.view_.overallDeadline;
    if (overall && !this.overallOverdueMarked && now >= overdueInstant(localDate(overall.dueOn))) {
      this.overallOverdueMarked = true;
      changes.push(this.markOverdue('overall', localDate(overall.dueOn), system));
    }
    const dataCheck = this.view_.dataCheckStart;
    if (dataCheck && !dataCheck.startedOn && !this.dataCheckOverdueMarked && now >= overdueInstant(localDate(dataCheck.dueOn))) {
      this.dataCheckOverdueMarked = true;
      changes.push(this.markOverdue('data_check', localDate(dataCheck.dueOn), system));
    }
    if (!this.v2) changes.push(...this.publicityClock(now, system));
    return changes;
  }

  private publicityClock(now: number, system: { id: string; role: 'system' }): Change[] {
    const publicity = this.view_.publicity;
    if (this.stage === 'publicity' && publicity && !publicity.endedAt && now >= Date.parse(publicity.endsAt)) {
      const open = this.view_.objections.filter((o) => !o.resolution).length;
      if (open === 0) {
        this.endPublicity();
        this.record(system, 'timer', `publicity round ${publicity.round} ended without open objections`);
        return this.moveTo('township_review', 'publicity period ended');
      }
    }
    return [];
  }

  // ---- the holiday calendar changed --------------------------------------------------------------------------

  /**
   * The calendarChanged signal: count from now on with these schedules and recompute every open deadline (the
   * stage's, the start deadlines, the whole case's). A deadline that moves later than now loses its overdue flag
   * (its mark stays in overdueMarks, with the date it had) and is marked again if it passes. Schedules that do not
   * make a valid calendar are refused and recorded; the case keeps its calendar.
   */
  calendarChanged(i: CalendarChangedInput): Change[] {
    const actor = i.changedBy ?? { id: 'case-worker', role: 'system' as const };
    let next: WorkingDayCalendar;
    try {
      next = createWorkingDayCalendar(i.schedules as HolidaySchedule[], { missingYear: this.missingYear });
    } catch (e) {
      this.record(actor, 'calendarChanged', `holiday schedules refused, the case keeps its calendar: ${errorMessage(e)}`);
      this.touch();
      return [];
    }
    const before = this.deadlineSummary();
    const provisionalBefore = this.provisionalSummary();
    this.calendar = next;
    const now = this.now();
    const moved: string[] = [];
    if (this.entry.dueOn) {
      const due = stageDeadlineDue(this.entry.stage, this.entry.enteredOn, this.policy, this.calendar);
      if (due) {
        this.entry.dueOn = due.dueOn;
        this.entry.provisional = due.provisional;
        if (this.entry.overdueMarked && overdueInstant(due.dueOn) > now) this.entry.overdueMarked = false;
      }
    }
    for (const key of ['investigationStart', 'dataCheckStart'] as const) {
      const start = this.view_[key];
      if (!start || start.startedOn) continue;
      const due = key === 'dataCheckStart' ? this.dataCheckDue(localDate(start.countedFrom)) : this.stageDue('investigation', localDate(start.countedFrom));
      if (!due) continue;
      Object.assign(start, this.startDeadline(localDate(start.countedFrom), due, start.workingDays));
      if (key === 'dataCheckStart' && this.dataCheckOverdueMarked && overdueInstant(due.dueOn) > now) this.dataCheckOverdueMarked = false;
    }
    const overall = this.view_.overallDeadline;
    if (overall && this.acceptedOnDate) {
      const due = overallDeadlineDue(this.acceptedOnDate, overall.extended, this.policy, this.calendar);
      if (this.overallOverdueMarked && overdueInstant(due.dueOn) > now) this.overallOverdueMarked = false;
    }
    this.refreshView();
    const after = this.deadlineSummary();
    const provisionalAfter = this.provisionalSummary();
    const changes: Change[] = [];
    for (const [name, dueOn] of Object.entries(after)) {
      if (before[name] === dueOn && provisionalBefore[name] === provisionalAfter[name]) continue;
      if (before[name] !== dueOn) moved.push(`${name} ${before[name]} → ${dueOn}`);
      changes.push(
        event(CaseDeadlineChanged, {
          ...this.ref(),
          stage: this.stage,
          scope: DEADLINE_SCOPES[name] ?? 'stage',
          previous: localDate(before[name]),
          deadline: localDate(dueOn),
          reason: 'calendar-changed',
          ...(provisionalAfter[name] ? { provisional: true } : {}),
        }),
      );
    }
    const years = i.schedules.map((s) => s.year).sort((a, b) => a - b);
    this.record(
      actor,
      'calendarChanged',
      moved.length > 0 ? `holiday schedules reloaded (${years.join(', ')}): ${moved.join('; ')}` : `holiday schedules reloaded (${years.join(', ')}): no deadline moved`,
      { years, moved, ...(i.reason ? { reason: i.reason } : {}) },
    );
    this.touch();
    return changes;
  }

  private provisionalSummary(): Record<string, boolean> {
    const v = this.view_;
    const out: Record<string, boolean> = {};
    if (this.entry.dueOn) out[`${this.entry.stage} deadline`] = this.entry.provisional === true;
    if (v.investigationStart && !v.investigationStart.startedOn && this.entry.stage !== 'investigation') {
      out['investigation start'] = v.investigationStart.provisional === true;
    }
    if (v.dataCheckStart && !v.dataCheckStart.startedOn) out['data check start'] = v.dataCheckStart.provisional === true;
    if (v.overallDeadline) out['whole case'] = v.overallDeadline.provisional === true;
    return out;
  }

  private deadlineSummary(): Record<string, string> {
    const v = this.view_;
    const out: Record<string, string> = {};
    if (this.entry.dueOn) out[`${this.entry.stage} deadline`] = this.entry.dueOn;
    // (The investigation's start deadline is the investigation stage's deadline: told once, as the stage's.)
    if (v.investigationStart && !v.investigationStart.startedOn && this.entry.stage !== 'investigation') out['investigation start'] = v.investigationStart.dueOn;
    if (v.dataCheckStart && !v.dataCheckStart.startedOn) out['data check start'] = v.dataCheckStart.dueOn;
    if (v.overallDeadline) out['whole case'] = v.overallDeadline.dueOn;
    return out;
  }

  // ---- internals -------------------------------------------------------------------------------------------------

  private markOverdue(scope: 'stage' | 'overall' | 'data_check', dueOn: LocalDate, actor: { id: string; role: 'system' }): Change {
    const daysLate = Math.max(0, daysBetween(dueOn, this.today()));
    this.view_.overdueMarks.push({ scope, stage: this.stage, dueOn, markedAt: this.nowIso(), daysLate });
    const what =
      scope === 'overall'
        ? 'the whole case'
        : scope === 'data_check'
          ? "the start of the county's data check (A art. 17)"
          : this.stage === 'investigation' && this.v2
            ? 'the start of the investigation (A art. 15)'
            : CASE_STAGE_NAMES[this.stage];
    this.record(actor, 'timer', `${what} overdue since ${dueOn}`, {
      scope,
      daysLate,
    });
    return event(CaseStageOverdue, { ...this.ref(), stage: this.stage, deadline: dueOn, daysLate, scope });
  }

  private leaveInvestigation(reason: string): Change[] {
    const appraisalAllowed = checkTransition('investigation', 'appraisal', this.transitionContext()).allowed;
    const next: CaseStage = this.view_.appraisalRequired && appraisalAllowed ? 'appraisal' : 'publicity';
    return this.moveTo(next, reason);
  }

  private transitionContext() {
    return { appraisalPolicy: this.rules().appraisalPolicy, objectionSubstantiated: this.objectionSubstantiated };
  }

  private reject(reasons: string[], decidedBy: string): Change[] {
    const from = this.stage;
    const decidedOn = this.today();
    const dueOn = rejectionNoticeDeadline(decidedOn, this.policy, this.calendar);
    const noticeId = `${this.input.caseId}-rejection`;
    this.view_.rejection = { stage: from, reasons: [...reasons], rejectedOn: decidedOn, noticeId, noticeDueOn: dueOn };
    const changes = this.moveTo('rejected', reasons.join('; '));
    changes.push(event(CaseRejected, { ...this.ref(), stage: from, reasons, noticeDueOn: dueOn }));
    changes.push({
      kind: 'notice',
      notice: {
        noticeId,
        caseId: this.input.caseId,
        householdId: this.input.householdId,
        township: this.input.township,
        stage: from,
        reasons,
        decidedOn,
        dueOn,
        decidedBy,
      },
    });
    return changes;
  }

  private moveTo(to: CaseStage, reason?: string): Change[] {
    const from = this.stage;
    const check = checkTransition(from, to, this.transitionContext());
    if (!check.allowed) throw refusal('WrongStage', from, check.reason);
    this.view_.stage = to;
    if (to === 'investigation') this.investigationStartedUnpatched = false;
    // v2: the first investigation's start deadline counts from the acceptance date (a paper application's acceptedOn).
    const firstInvestigation = this.v2 && to === 'investigation' && from === 'application';
    this.entry = this.enter(to, firstInvestigation ? this.acceptedOnDate : undefined);
    if (this.v2 && to === 'investigation') {
      const due = this.entry.dueOn ? { dueOn: this.entry.dueOn, provisional: this.entry.provisional ?? false, missingYears: [] } : undefined;
      const days = stageDeadlineRule('investigation', this.policy, this.entry.enteredOn)?.days ?? 0;
      if (due) this.view_.investigationStart = this.startDeadline(this.entry.enteredOn, due, days);
      if (firstInvestigation && this.acceptedOnDate) {
        const checkDue = this.dataCheckDue(this.acceptedOnDate);
        const checkDays = policyAt(this.policy, this.acceptedOnDate).dataCheckStartWorkingDays;
        this.view_.dataCheckStart = this.startDeadline(this.acceptedOnDate, checkDue, checkDays);
        this.dataCheckOverdueMarked = false;
      }
    }
    if (to === 'publicity') {
      const start = this.now();
      const days = stageDeadlineRule('publicity', this.policy, this.today())?.days ?? 7;
      const override = this.settings.publicityDurationMs;
      // v2: to 24:00 China time of the last day (the day it began not counted); before: days × 24 hours.
      const endsAt = override !== undefined ? start + override : this.v2 ? calendarPeriodEndsAt(start, days) : start + days * DAY_MS;
      const round = (this.view_.publicity?.round ?? 0) + 1;
      this.view_.publicity = { round, startedAt: new Date(start).toISOString(), endsAt: new Date(endsAt).toISOString() };
      this.objectionSubstantiated = false;
    }
    // (A recorded paper application has had its overall deadline since the start.)
    if (to === 'investigation' && from === 'application' && this.acceptedOnDate && !this.paperAcceptedOn) {
      this.view_.overallDeadline = {
        dueOn: overallDeadline(this.acceptedOnDate, false, this.policy, this.calendar),
        workingDays: this.rules().overallWorkingDays,
        extended: false,
      };
    }
    return [
      event(CaseStageChanged, {
        ...this.ref(),
        from,
        to,
        ...(reason ? { reason: reason.slice(0, 2000) } : {}),
        ...(this.entry.dueOn ? { stageDeadline: this.entry.dueOn } : {}),
      }),
    ];
  }

  private enter(stage: CaseStage, enteredOn: LocalDate = this.today()): StageEntry {
    const rule = stageDeadlineRule(stage, this.policy, enteredOn);
    const due = this.stageDue(stage, enteredOn);
    return {
      stage,
      enteredOn,
      enteredAt: this.now(),
      ...(due
        ? { dueOn: due.dueOn, kind: rule?.basis === 'calendar_days' ? 'calendar-days' : 'working-days', ...(due.provisional ? { provisional: true } : {}) }
        : {}),
      overdueMarked: false,
    } as StageEntry;
  }

  private stageDue(stage: CaseStage, from: LocalDate): CalendarDue | undefined {
    return stageDeadlineDue(stage, from, this.policy, this.calendar);
  }

  private dataCheckDue(acceptedOn: LocalDate): CalendarDue {
    return dataCheckStartDeadlineDue(acceptedOn, this.policy, this.calendar);
  }

  private startDeadline(countedFrom: LocalDate, due: CalendarDue, workingDays: number): StartDeadline {
    return {
      countedFrom,
      dueOn: due.dueOn,
      overdueAt: new Date(overdueInstant(due.dueOn)).toISOString(),
      workingDays,
      ...(due.provisional ? { provisional: true } : {}),
    };
  }

  /** Whether the current investigation has started: a start step, or (v2) its record. */
  private investigationStarted(): boolean {
    return this.view_.investigationStart?.startedOn !== undefined || this.investigationStartedUnpatched;
  }

  /** Set by startInvestigation in a case started before v2 (it has no investigationStart record). */
  private investigationStartedUnpatched = false;
  private dataCheckStartedUnpatched = false;

  private markInvestigationStarted(startedOn: LocalDate, by: string): Change[] {
    const start = this.view_.investigationStart;
    if (start) {
      start.startedOn = startedOn;
      start.startedBy = by;
    } else {
      this.investigationStartedUnpatched = true;
    }
    // The stage's deadline was the deadline to start: met. A finish deadline the law does not set is not invented.
    const previous = this.entry.stage === 'investigation' ? this.entry.dueOn : undefined;
    if (previous === undefined) return [];
    delete this.entry.dueOn;
    delete this.entry.kind;
    delete this.entry.provisional;
    this.entry.overdueMarked = false;
    return [event(CaseDeadlineChanged, { ...this.ref(), stage: this.stage, scope: 'stage', previous, metOn: startedOn, reason: 'started' })];
  }

  private markDataCheckStarted(startedOn: LocalDate, by: string, tell: boolean): Change[] {
    const start = this.view_.dataCheckStart;
    if (!start) {
      this.dataCheckStartedUnpatched = true;
      return [];
    }
    start.startedOn = startedOn;
    start.startedBy = by;
    if (!tell) return [];
    return [
      event(CaseDeadlineChanged, { ...this.ref(), stage: this.stage, scope: 'data_check', previous: localDate(start.dueOn), metOn: startedOn, reason: 'started' }),
    ];
  }

  /** A start date a step gives: a real date, not before the day its deadline counts from (acceptance), not after today. */
  private requireStartedOn(startedOn: string | undefined, countedFrom: string | undefined): void {
    if (startedOn === undefined) return;
    requireDate(this.stage, startedOn, 'startedOn');
    if (startedOn > this.today()) {
      throw refusal('InvalidStep', this.stage, 'startedOn must not be in the future', { field: 'startedOn', rule: 'notFuture' });
    }
    const from = countedFrom ?? this.acceptedOnDate;
    if (from && startedOn < from) {
      throw refusal('InvalidStep', this.stage, `startedOn must not be before the acceptance on ${from}`, { field: 'startedOn', rule: 'notBeforeAcceptance' });
    }
  }

  private endPublicity(): void {
    if (this.view_.publicity && !this.view_.publicity.endedAt) this.view_.publicity.endedAt = this.nowIso();
  }

  private refreshView(): void {
    const v = this.view_;
    v.stageDeadline = this.entry.dueOn
      ? {
          stage: this.entry.stage,
          dueOn: this.entry.dueOn,
          overdueAt: new Date(overdueInstant(this.entry.dueOn)).toISOString(),
          kind: this.entry.kind ?? 'working-days',
          ...(this.entry.provisional ? { provisional: true } : {}),
        }
      : undefined;
    if (v.overallDeadline && this.acceptedOnDate) {
      const extended = v.overallDeadline.extended;
      const due = overallDeadlineDue(this.acceptedOnDate, extended, this.policy, this.calendar);
      v.overallDeadline.dueOn = due.dueOn;
      v.overallDeadline.workingDays = extended ? this.rules().overallExtendedWorkingDays : this.rules().overallWorkingDays;
      if (due.provisional) v.overallDeadline.provisional = true;
      else delete v.overallDeadline.provisional;
    }
    const dataCheckLate = this.dataCheckOverdueMarked && !v.dataCheckStart?.startedOn;
    v.overdue = !this.closed && (this.entry.overdueMarked || this.overallOverdueMarked || dataCheckLate);
    const missing = this.closed ? [] : this.missingYearsOfOpenDeadlines();
    if (missing.length > 0) v.holidayYearsMissing = missing;
    else delete v.holidayYearsMissing;
    v.waitingFor = this.waitingFor();
    if (v.stageDeadline === undefined) delete v.stageDeadline;
  }

  /** Years without a loaded holiday schedule that an open deadline counts into. */
  private missingYearsOfOpenDeadlines(): number[] {
    const v = this.view_;
    const spans: [LocalDate, LocalDate][] = [];
    if (this.entry.dueOn) spans.push([this.entry.enteredOn, this.entry.dueOn]);
    for (const start of [v.investigationStart, v.dataCheckStart]) {
      if (start && !start.startedOn) spans.push([localDate(start.countedFrom), localDate(start.dueOn)]);
    }
    if (v.overallDeadline && this.acceptedOnDate) spans.push([this.acceptedOnDate, localDate(v.overallDeadline.dueOn)]);
    const years = new Set<number>();
    for (const [from, to] of spans) for (const y of this.calendar.missingYearsBetween(from, to)) years.add(y);
    return [...years].sort((a, b) => a - b);
  }

  private waitingFor(): string {
    const v = this.view_;
    switch (v.stage) {
      case 'application':
        return v.missingMaterials.length > 0 ? 'the missing materials, then acceptance by the township' : 'acceptance or return by the township';
      case 'investigation':
        if (v.recheckPending) return 'the recheck of the contested data check';
        if (v.investigation?.dataCheck.result === 'failed') {
          return v.dataCheckContested ? 'the township to conclude the investigation' : 'the applicant to contest the failed data check, or the township to conclude';
        }
        if (this.v2 && !this.investigationStarted()) {
          return `the start of the investigation by ${v.investigationStart?.dueOn ?? 'its deadline'} (A art. 15), then its record`;
        }
        return 'the investigation record (two investigators, incomes, assets, data check)';
      case 'appraisal':
        return 'the democratic appraisal tally from the village meeting';
      case 'publicity': {
        const open = v.objections.filter((o) => !o.resolution).length;
        return open > 0 ? `resolution of ${open} objection(s)` : `the end of publicity on ${v.publicity?.endsAt}`;
      }
      case 'township_review':
        return 'the township review';
      case 'county_approval':
        return v.householdVisitRequired && !v.householdVisit ? 'a household visit, then the county decision' : 'the county decision';
      default:
        return 'nothing: the case is closed';
    }
  }

  private amount() {
    const investigation = this.view_.investigation;
    if (!investigation) throw refusal('WrongStage', this.stage, 'the case has no investigation record');
    return approvalAmount(investigation, this.input.scheme, this.today(), this.policy, [], this.fullStandardRule);
  }

  private facts(i: InvestigatedHousehold): HouseholdFacts {
    const facts = householdFacts(i);
    try {
      perCapitaMonthlyIncome(facts, this.rules().rounding);
    } catch (e) {
      throw refusal('RuleRefused', this.stage, errorMessage(e), { field: 'members', rule: 'household-facts' });
    }
    return facts;
  }

  private requireStage(stage: CaseStage, what: string): void {
    if (this.closed) throw this.closedRefusal(what);
    if (this.stage !== stage) throw this.wrongStage(what, CASE_STAGE_NAMES[stage]);
  }

  private wrongStage(what: string, expected: string) {
    return refusal(
      'WrongStage',
      this.stage,
      `cannot ${what}: the case is at ${CASE_STAGE_NAMES[this.stage]}, and this step belongs to ${expected}`,
    );
  }

  private closedRefusal(what: string) {
    return refusal('WrongStage', this.stage, `cannot ${what}: the case is closed (${this.stage})`);
  }

  private record(actor: CaseHistoryEntry['actor'], action: string, summary: string, details?: Record<string, unknown>): void {
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

  private ref() {
    return { caseId: this.input.caseId, householdId: this.input.householdId, township: this.input.township, scheme: this.input.scheme };
  }

  private rules() {
    return policyAt(this.policy, this.today());
  }

  private today(): LocalDate {
    return localDateAt(this.now());
  }

  private nowIso(): string {
    return new Date(this.now()).toISOString();
  }
}

function event<D extends EventDefinition>(def: D, payload: PayloadOf<D>): Change {
  return { kind: 'event', def, payload };
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

