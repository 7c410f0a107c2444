import type { Actor } from '../roles';
import type { z } from 'zod';
import type { caseStageSchema } from '../events/case.events';
import type { Applicant } from './case-workflow';
import type { appraisalTallySchema, assetFactsSchema, deductionFactsSchema, incomeFactsSchema, memberFactsSchema } from './step-schemas';

export type CaseStage = z.infer<typeof caseStageSchema>;

export const TERMINAL_STAGES: readonly CaseStage[] = ['approved', 'rejected', 'withdrawn'];

/** One recorded decision or fact, in order. Ballots are never here: only tallies. */
export interface CaseHistoryEntry {
  seq: number;
  /** ISO instant (workflow time). */
  at: string;
  actor: Actor;
  /** The update that recorded it, e.g. `acceptApplication`, or `timer` for deadlines and publicity. */
  action: string;
  stage: CaseStage;
  summary: string;
  details?: Record<string, unknown>;
}

export interface StageDeadline {
  stage: CaseStage;
  /** Last day allowed (Asia/Shanghai date). */
  dueOn: string;
  /** ISO instant at which the case becomes overdue (00:00 China time the day after `dueOn`). */
  overdueAt: string;
  kind: 'working-days' | 'calendar-days';
  /** The count ran into a year whose holiday schedule is not loaded (weekends and fixed-date holidays only). */
  provisional?: boolean;
}

/**
 * A deadline to *start* something (A art. 15: the investigation; A art. 17: the county's data check), counted
 * from the acceptance date. Met once it starts; overdue only while it has not.
 */
export interface StartDeadline {
  /** Acceptance date it counts from (a paper application's acceptedOn). */
  countedFrom: string;
  dueOn: string;
  overdueAt: string;
  workingDays: number;
  provisional?: boolean;
  /** The day it started (the step that started it may give an earlier date, not before countedFrom). */
  startedOn?: string;
  /** The step that marked the start: startInvestigation / startDataCheck, or the investigation record. */
  startedBy?: string;
}

export interface OverdueMark {
  /** 'data_check': the county's data check had not started by its deadline (A art. 17). */
  scope: 'stage' | 'overall' | 'data_check';
  stage: CaseStage;
  dueOn: string;
  markedAt: string;
  daysLate: number;
}

/** A household member as the investigators verified them (schema: step-schemas.ts). */
export type MemberFacts = z.infer<typeof memberFactsSchema>;
/** One income item: `amount` (and `costs`) integer fen for the period; `memberId` a listed member, absent for household income. */
export type IncomeFacts = z.infer<typeof incomeFactsSchema>;
export type DeductionFacts = z.infer<typeof deductionFactsSchema>;
/** The household's assets: financialAssetsFen integer fen (savings, securities, other financial assets). */
export type AssetFacts = z.infer<typeof assetFactsSchema>;

export type DataCheckResult = 'passed' | 'failed';

export interface InvestigationRecord {
  investigators: string[];
  members: MemberFacts[];
  incomes: IncomeFacts[];
  deductions: DeductionFacts[];
  assets: AssetFacts;
  dataCheck: { result: DataCheckResult; findings?: string };
  /** Per-capita assessed monthly income over the counted members, fen (computed by the workflow). */
  perCapitaMonthlyIncomeFen: number;
  recordedAt: string;
}

/** The village meeting's tally (villagerRepresentatives: village representatives present). Ballots are never kept. */
export type AppraisalTally = z.infer<typeof appraisalTallySchema>;

export interface AppraisalRecord {
  tally: AppraisalTally;
  passed: boolean;
  meetingOn: string;
  recordedAt: string;
}

export interface ObjectionRecord {
  id: string;
  filedAt: string;
  /** Objections may be anonymous; then only the summary is kept. */
  filedBy?: string;
  summary: string;
  resolution?: { finding: 'unfounded' | 'substantiated'; note: string; at: string; by: Actor };
}

export interface PublicityRecord {
  round: number;
  startedAt: string;
  endsAt: string;
  endedAt?: string;
}

export interface HouseholdVisitRecord {
  visitedOn: string;
  visitors: string[];
  findings: string;
  recordedAt: string;
  by: Actor;
}

export interface ApprovalRecord {
  approvedOn: string;
  monthlyAmountFen: number;
  persons: number;
  startPeriod: string;
  startMonth: string;
  method: 'differential' | 'banded';
  standardFen: number;
  perCapitaIncomeFen: number;
  fullStandardMemberIds: string[];
  /**
   * The full-standard rule the amount was computed with ('household-differential' since issue 18: no cliff);
   * absent for cases decided before it (the old rule). The beneficiary workflow keeps it until a review changes it.
   */
  fullStandardRule?: 'household-differential' | 'protected-until-ineligible';
}

export interface RejectionRecord {
  stage: CaseStage;
  reasons: string[];
  rejectedOn: string;
  noticeId: string;
  noticeDueOn: string;
}

/** The whole case as the `caseState` query returns it. */
export interface CaseView {
  caseId: string;
  workflowId: string;
  householdId: string;
  township: string;
  scheme: 'urban' | 'rural';
  applicant: Applicant;
  claimedMonthlyIncomeFen: number;
  registeredSeparately: boolean;
  relatedStaff?: string;
  stage: CaseStage;
  /** What the case waits for in its stage, in words a caseworker understands. */
  waitingFor: string;
  submittedAt: string;
  acceptedOn?: string;
  /** Materials listed in the latest return notice (A art. 10), cleared on acceptance. */
  missingMaterials: string[];
  stageDeadline?: StageDeadline;
  overallDeadline?: { dueOn: string; workingDays: number; extended: boolean; extensionReason?: string; provisional?: boolean };
  /** A art. 15 (cases started since the case-deadlines-v2 patch): the investigation starts within 3 working days. */
  investigationStart?: StartDeadline;
  /** A art. 17 (likewise): the county starts the economic-status data check within 3 working days. */
  dataCheckStart?: StartDeadline;
  /**
   * Years without a loaded holiday schedule that an open deadline of this case counts into: those deadlines are
   * provisional until the county loads the year (the calendarChanged signal then recomputes them).
   */
  holidayYearsMissing?: number[];
  overdue: boolean;
  overdueMarks: OverdueMark[];
  investigation?: InvestigationRecord;
  dataCheckContested: boolean;
  recheckPending: boolean;
  appraisalRequired: boolean;
  appraisal?: AppraisalRecord;
  publicity?: PublicityRecord;
  objections: ObjectionRecord[];
  householdVisit?: HouseholdVisitRecord;
  householdVisitRequired: boolean;
  townshipOpinion?: string;
  approval?: ApprovalRecord;
  rejection?: RejectionRecord;
  withdrawal?: { reason?: string; at: string };
  history: CaseHistoryEntry[];
}
