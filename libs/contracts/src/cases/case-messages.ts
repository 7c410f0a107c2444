import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { HolidaySchedule } from '@dibao/domain';
import type { Actor, Role } from '../roles';
import type {
  AppraisalTally,
  AssetFacts,
  CaseStage,
  CaseView,
  DataCheckResult,
  DeductionFacts,
  IncomeFacts,
  MemberFacts,
} from './case-state';

/** Every step carries who takes it (from the caller's token) and the request's correlation id. */
export interface StepBase {
  actor: Actor;
  correlationId?: string;
}

export interface AcceptApplicationInput extends StepBase {
  note?: string;
}
export interface ReturnApplicationInput extends StepBase {
  /** Every missing material, in one notice (A art. 10). */
  missingMaterials: string[];
}
/** A art. 15: the township starts the investigation (assigns the investigators, visits the household). */
export interface StartInvestigationInput extends StepBase {
  /** The day it started (YYYY-MM-DD, not before acceptance, not after today); default today. */
  startedOn?: string;
  investigators?: string[];
  note?: string;
}
/** A art. 17: the county started the household economic-status data check (核对). */
export interface StartDataCheckInput extends StepBase {
  /** The day it started (YYYY-MM-DD, not before acceptance, not after today); default today. */
  startedOn?: string;
  /** The county check system's reference, if any. */
  reference?: string;
}
export interface RecordInvestigationInput extends StepBase {
  /** At least two investigators, both sign. */
  investigators: string[];
  members: MemberFacts[];
  incomes: IncomeFacts[];
  deductions?: DeductionFacts[];
  assets: AssetFacts;
  dataCheck: { result: DataCheckResult; findings?: string };
}
export interface ContestDataCheckInput extends StepBase {
  evidence: string;
}
export interface RecordRecheckInput extends StepBase {
  result: DataCheckResult;
  findings?: string;
}
export interface ConcludeInvestigationInput extends StepBase {
  note?: string;
}
export interface RecordAppraisalInput extends StepBase {
  meetingOn: string;
  tally: AppraisalTally;
}
export interface FileObjectionInput extends StepBase {
  summary: string;
  /** Omitted for an anonymous objection. */
  filedBy?: string;
}
export interface ResolveObjectionInput extends StepBase {
  objectionId: string;
  finding: 'unfounded' | 'substantiated';
  note: string;
}
export interface TownshipReviewInput extends StepBase {
  decision: 'approve' | 'return' | 'reject';
  opinion?: string;
  reasons?: string[];
}
export interface RecordHouseholdVisitInput extends StepBase {
  visitedOn: string;
  visitors: string[];
  findings: string;
}
export type Payee =
  | { kind: 'own-account' }
  | { kind: 'proxy'; proxyName: string; entrustmentRef: string };

export interface CountyDecisionInput extends StepBase {
  decision: 'approve' | 'reject';
  opinion?: string;
  reasons?: string[];
  /** Who receives the money; default the household's own account. Proxy collection needs an entrustment. */
  payee?: Payee;
}
export interface WithdrawInput extends StepBase {
  reason?: string;
}
export interface ExtendDeadlineInput extends StepBase {
  reason: string;
}

/**
 * The steps. Each has a validator in the workflow: a refused step throws an ApplicationFailure of a
 * `CaseRefusal` type and records nothing. Each returns the case as it stands afterwards.
 */
export const caseUpdates = {
  acceptApplication: defineUpdate<CaseView, [AcceptApplicationInput]>('acceptApplication'),
  returnApplication: defineUpdate<CaseView, [ReturnApplicationInput]>('returnApplication'),
  startInvestigation: defineUpdate<CaseView, [StartInvestigationInput]>('startInvestigation'),
  startDataCheck: defineUpdate<CaseView, [StartDataCheckInput]>('startDataCheck'),
  recordInvestigation: defineUpdate<CaseView, [RecordInvestigationInput]>('recordInvestigation'),
  contestDataCheck: defineUpdate<CaseView, [ContestDataCheckInput]>('contestDataCheck'),
  recordRecheck: defineUpdate<CaseView, [RecordRecheckInput]>('recordRecheck'),
  concludeInvestigation: defineUpdate<CaseView, [ConcludeInvestigationInput]>('concludeInvestigation'),
  recordAppraisal: defineUpdate<CaseView, [RecordAppraisalInput]>('recordAppraisal'),
  fileObjection: defineUpdate<CaseView, [FileObjectionInput]>('fileObjection'),
  resolveObjection: defineUpdate<CaseView, [ResolveObjectionInput]>('resolveObjection'),
  townshipReview: defineUpdate<CaseView, [TownshipReviewInput]>('townshipReview'),
  recordHouseholdVisit: defineUpdate<CaseView, [RecordHouseholdVisitInput]>('recordHouseholdVisit'),
  countyDecision: defineUpdate<CaseView, [CountyDecisionInput]>('countyDecision'),
  withdraw: defineUpdate<CaseView, [WithdrawInput]>('withdraw'),
  extendDeadline: defineUpdate<CaseView, [ExtendDeadlineInput]>('extendDeadline'),
} as const;

export type CaseUpdateName = keyof typeof caseUpdates;

/**
 * Who may take each step (admin always may). case-api enforces it before calling Temporal and the
 * workflow's validators check it again, so a step sent straight to Temporal is held to the same rule.
 */
export const CASE_STEP_ROLES: Readonly<Record<CaseUpdateName, readonly Role[]>> = {
  acceptApplication: ['caseworker'],
  returnApplication: ['caseworker'],
  startInvestigation: ['caseworker'],
  startDataCheck: ['caseworker', 'county_approver'],
  recordInvestigation: ['caseworker'],
  contestDataCheck: ['caseworker'],
  recordRecheck: ['caseworker', 'county_approver'],
  concludeInvestigation: ['caseworker'],
  recordAppraisal: ['caseworker'],
  fileObjection: ['caseworker', 'township_reviewer', 'county_approver', 'supervisor', 'inspector'],
  resolveObjection: ['caseworker', 'township_reviewer'],
  townshipReview: ['township_reviewer'],
  recordHouseholdVisit: ['county_approver'],
  countyDecision: ['county_approver'],
  withdraw: ['caseworker'],
  extendDeadline: ['county_approver'],
};

/** Roles that may read cases (township roles only their own township). */
export const CASE_READ_ROLES: readonly Role[] = ['caseworker', 'township_reviewer', 'county_approver', 'supervisor', 'inspector'];

/** Roles that may open a case. */
export const CASE_SUBMIT_ROLES: readonly Role[] = ['caseworker'];

/**
 * The holiday schedules changed (the county loaded a year, or corrected one): every schedule the case should now
 * count with. The case recomputes its open deadlines from them; the payload is in the case's history, so a replay
 * counts with exactly the schedules the case was given.
 */
export interface CalendarChangedInput {
  schedules: HolidaySchedule[];
  /** Who loaded them, for the record. */
  changedBy?: Actor;
  reason?: string;
}

export const caseSignals = {
  calendarChanged: defineSignal<[CalendarChangedInput]>('calendarChanged'),
} as const;

export const caseQueries = {
  /** The whole case: stage, deadlines, records and the history of decisions. */
  caseState: defineQuery<CaseView>('caseState'),
  /** Just the current stage (cheap, for access checks and 409 bodies). */
  currentStage: defineQuery<{ stage: CaseStage; township: string }>('currentStage'),
} as const;

/**
 * ApplicationFailure types a validator or handler throws. case-api maps them to HTTP statuses:
 * wrong-stage → 409 (with the current stage), invalid-step → 400, rule-refused → 422,
 * not-allowed (role or township) → 403.
 */
export const CaseRefusal = {
  WrongStage: 'CaseWrongStage',
  InvalidStep: 'CaseInvalidStep',
  RuleRefused: 'CaseRuleRefused',
  NotAllowed: 'CaseNotAllowed',
} as const;

export type CaseRefusalType = (typeof CaseRefusal)[keyof typeof CaseRefusal];

/** The failure type of a `caseState` query answered before the case has loaded its settings (a moment after start). */
export const CASE_STARTING = 'CaseStarting';

/** Details carried by a refusal (ApplicationFailure.details[0]). */
export interface CaseRefusalDetails {
  /** The case's stage, or the beneficiary's (`active`, `review`, …) for a beneficiary step. */
  stage: CaseStage | import('./beneficiary').BeneficiaryStage;
  field?: string;
  rule?: string;
}
