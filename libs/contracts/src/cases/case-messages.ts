import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { HolidaySchedule } from '@dibao/domain';
import type { Actor, Role } from '../roles';
import type { z } from 'zod';
import type { CaseStage, CaseView } from './case-state';
import type { payeeInputSchema, StepInputOf, StepName } from './step-schemas';

/** Every step carries who takes it (from the caller's token) and the request's correlation id. */
export interface StepBase {
  actor: Actor;
  correlationId?: string;
}

/** Each step's input: its schema's fields (step-schemas.ts) with the actor and correlation id. */
type Step<S extends StepName> = StepBase & StepInputOf<S>;

export type AcceptApplicationInput = Step<'acceptApplication'>;
/** missingMaterials: every missing material, in one notice (A art. 10). */
export type ReturnApplicationInput = Step<'returnApplication'>;
/** A art. 15: the township starts the investigation (startedOn: not before acceptance, not after today; default today). */
export type StartInvestigationInput = Step<'startInvestigation'>;
/** A art. 17: the county started the household economic-status data check (核对). */
export type StartDataCheckInput = Step<'startDataCheck'>;
/** At least two investigators, both sign. */
export type RecordInvestigationInput = Step<'recordInvestigation'>;
export type ContestDataCheckInput = Step<'contestDataCheck'>;
export type RecordRecheckInput = Step<'recordRecheck'>;
export type ConcludeInvestigationInput = Step<'concludeInvestigation'>;
export type RecordAppraisalInput = Step<'recordAppraisal'>;
/** filedBy omitted for an anonymous objection. */
export type FileObjectionInput = Step<'fileObjection'>;
export type ResolveObjectionInput = Step<'resolveObjection'>;
export type TownshipReviewInput = Step<'townshipReview'>;
export type RecordHouseholdVisitInput = Step<'recordHouseholdVisit'>;
/** Who receives the money; default the household's own account. Proxy collection needs an entrustment. */
export type Payee = z.infer<typeof payeeInputSchema>;
export type CountyDecisionInput = Step<'countyDecision'>;
export type WithdrawInput = Step<'withdraw'>;
export type ExtendDeadlineInput = Step<'extendDeadline'>;

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
