import type { DibaoPolicy, HolidaySchedule } from '@dibao/domain';
import type { z } from 'zod';
import type { Actor } from '../roles';
import type { applicantSchema } from './step-schemas';

/** The case workflow's type name, as registered by the worker and started by case-api. */
export const CASE_WORKFLOW_TYPE = 'caseWorkflow';

/** The task queue the case worker polls (TEMPORAL_TASK_QUEUE overrides it on both sides). */
export const CASE_TASK_QUEUE = 'dibao-cases';

const WORKFLOW_ID_PREFIX = 'dibao-case-';

/** One workflow per application: `dibao-case-<caseId>`. Starting the same case twice is refused. */
export function caseWorkflowId(caseId: string): string {
  return `${WORKFLOW_ID_PREFIX}${caseId}`;
}

export function caseIdOfWorkflowId(workflowId: string): string | undefined {
  return workflowId.startsWith(WORKFLOW_ID_PREFIX) ? workflowId.slice(WORKFLOW_ID_PREFIX.length) : undefined;
}

/** The head of household applies, or a proxy with an entrustment (A art. 6). */
export type Applicant = z.infer<typeof applicantSchema>;

/**
 * Numbers the workflow works with, fixed at the start of the case: the county policy (effective-dated, the
 * workflow reads it as of each day), plus test and benchmark overrides. Comes from the worker's
 * configuration (domain DEFAULT_POLICY + env overrides), never from the API caller.
 */
export interface CaseSettings {
  policy: DibaoPolicy;
  /** Overrides the publicity period (normally policy.publicityCalendarDays in calendar days). */
  publicityDurationMs?: number;
  /**
   * Holiday schedules for years the domain calendar does not carry yet (e.g. next year's State Council notice
   * before the library is updated). A year the library already has is never overridden.
   */
  extraHolidaySchedules?: HolidaySchedule[];
  /**
   * Every holiday schedule the case counts with (the worker's data, recorded in the case's history with the
   * settings). Cases started since the case-deadlines-v2 patch use only these (never schedules bundled into the
   * workflow code); absent: the bundled 2025–2026 schedules plus extraHolidaySchedules.
   */
  holidaySchedules?: HolidaySchedule[];
  /**
   * For a year without a schedule: 'provisional' (the default since case-deadlines-v2) counts weekends and the
   * fixed-date statutory holidays as days off and marks the deadline provisional; 'weekends-only' is how cases
   * started before counted (a new case treats it as 'provisional'); 'throw' would stall the workflow.
   */
  missingHolidayYear?: 'throw' | 'weekends-only' | 'provisional';
  /** Dynamic management after approval (review window, gradual exit months, …); defaults in DEFAULT_BENEFICIARY_SETTINGS. */
  beneficiary?: Partial<import('./beneficiary').BeneficiarySettings>;
}

/** What case-api starts the workflow with. */
export interface CaseWorkflowInput {
  caseId: string;
  householdId: string;
  township: string;
  scheme: 'urban' | 'rural';
  applicant: Applicant;
  /** Monthly household income the applicant declares, integer fen. */
  claimedMonthlyIncomeFen: number;
  /** A relative of township staff or of a village cadre applies: the case is registered separately (备案, A art. 11). */
  registeredSeparately: boolean;
  /** Who the relative is related to, when registered separately. */
  relatedStaff?: string;
  submittedBy: Actor;
  correlationId?: string;
  /**
   * A paper application the township accepted earlier, recorded now (补录): the date of acceptance (YYYY-MM-DD,
   * China local date; case-api allows today back to 60 calendar days). The application stage counts from it, and so
   * does the whole case's 30 (45) working days, which then run from the start of the workflow. Absent (every case
   * started before this field existed): the township accepts in the workflow and the deadlines count from that day.
   */
  acceptedOn?: string;
  /**
   * Normally absent: the workflow then asks its worker (a local activity, recorded in history) for the county's
   * settings. Tests and benchmarks pass their own.
   */
  settings?: CaseSettings;
}
