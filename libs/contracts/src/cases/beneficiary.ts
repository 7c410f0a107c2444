import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor, Role } from '../roles';
import type { CaseSettings } from './case-workflow';
import type { DeductionFacts, IncomeFacts, MemberFacts } from './case-state';
import type { StepInputOf, StepName } from './step-schemas';
import type { StepBase } from './case-messages';

/**
 * Dynamic management after approval (动态管理): one long-running workflow per beneficiary household,
 * `dibao-beneficiary-<householdId>`, started by the case workflow on approval (a child workflow with
 * ParentClosePolicy ABANDON). It continues-as-new after every review so its history stays small.
 */
export const BENEFICIARY_WORKFLOW_TYPE = 'beneficiaryWorkflow';
export const REVIEW_CAMPAIGN_WORKFLOW_TYPE = 'reviewCampaign';
export const CASE_KIND_BENEFICIARY = 'beneficiary';
export const CASE_KIND_CAMPAIGN = 'review-campaign';
export const STANDARD_RAISE_WORKFLOW_TYPE = 'standardRaiseFanOut';
export const CASE_KIND_STANDARD_RAISE = 'standard-raise';

const BENEFICIARY_PREFIX = 'dibao-beneficiary-';
const CAMPAIGN_PREFIX = 'dibao-review-campaign-';
const STANDARD_RAISE_PREFIX = 'dibao-standard-raise-';

export function beneficiaryWorkflowId(householdId: string): string {
  return `${BENEFICIARY_PREFIX}${householdId}`;
}
export function householdIdOfBeneficiaryWorkflowId(workflowId: string): string | undefined {
  return workflowId.startsWith(BENEFICIARY_PREFIX) ? workflowId.slice(BENEFICIARY_PREFIX.length) : undefined;
}
/** One workflow per campaign key: starting the same campaign twice starts nothing new. */
export function reviewCampaignWorkflowId(campaignKey: string): string {
  return `${CAMPAIGN_PREFIX}${campaignKey}`;
}
/** One fan-out per raised standard (payments' standard id): the same raise twice reaches each household once. */
export function standardRaiseWorkflowId(raiseId: string): string {
  return `${STANDARD_RAISE_PREFIX}${raiseId}`;
}

/** `DibaoStage` of a beneficiary workflow. */
export type BeneficiaryStage = 'active' | 'review' | 'gradual_exit' | 'suspended' | 'terminated';
export const BENEFICIARY_STAGES: readonly BeneficiaryStage[] = ['active', 'review', 'gradual_exit', 'suspended', 'terminated'];

/** Review cadence (A art. 31): yearly for stable households, six-monthly for irregular income with members able to work. */
export type ReviewCadence = 'stable' | 'irregular';
export type ReviewKind = 'periodic' | 'special' | 'campaign';

/** The household facts a review verifies, as the application's investigation records them. */
export interface BeneficiaryFacts {
  members: MemberFacts[];
  incomes: IncomeFacts[];
  deductions: DeductionFacts[];
}

/**
 * Numbers of dynamic management that are not in the domain policy (the policy has the review cadence, the death
 * review, the gradual exit maximum and the job-offer limit). The case worker sets them from its environment
 * (BENEFICIARY_* variables, validated at boot) and hands them to each beneficiary workflow in its input.
 */
export interface BeneficiarySettings {
  /** Calendar days a periodic or campaign review has from its due date before it is overdue. */
  reviewWindowDays: number;
  /** Calendar days a special review (change of circumstances, inspection finding) has; a death uses the policy's 3 months. */
  specialReviewDays: number;
  /**
   * Default months of continued payment in a gradual exit (渐退期), at most the policy's maximum (6); a review may
   * choose another length for its case (RecordReviewInput.gradualExitMonths).
   */
  gradualExitMonths: number;
  /** Calendar days between two village re-appraisals (民主评议, once a year). */
  reappraisalIntervalDays: number;
  /** Continue-as-new once the history has this many events, even without a review. */
  maxHistoryEvents: number;
}

/**
 * The defaults of the worker's environment schema; a workflow whose input has no settings (started before they
 * were passed) falls back to them, so its history replays unchanged.
 */
export const DEFAULT_BENEFICIARY_SETTINGS: BeneficiarySettings = {
  reviewWindowDays: 30,
  specialReviewDays: 30,
  gradualExitMonths: 6,
  reappraisalIntervalDays: 365,
  maxHistoryEvents: 2000,
};

export interface BeneficiaryTimelineEntry {
  at: string;
  on: string;
  by: Actor;
  action: string;
  summary: string;
  details?: Record<string, unknown>;
}

export interface BeneficiaryReview {
  kind: ReviewKind;
  reason: string;
  dueOn: string;
  startedOn: string;
  overdue: boolean;
  campaignKey?: string;
}

export type BeneficiaryNoticeKind = 'suspension' | 'termination' | 'gradual-exit' | 'reduction' | 'share-stopped';

/**
 * A written notice with reasons (A art. 32: any cut or stop): a suspension, a termination, a gradual exit, a cut
 * by a review (reduction) or a member's stopped share; also a row of the case worker's case_notices, to be
 * served by dueOn.
 */
export interface BeneficiaryNotice {
  noticeId: string;
  kind: BeneficiaryNoticeKind;
  reason: string;
  /** The notice as written to the household. */
  text: string;
  decidedOn: string;
  /** Served within the policy's notice working days (as a rejection, A art. 21). */
  dueOn: string;
  decidedBy: Actor;
  /** The payment period the cut or stop applies from. */
  fromPeriod: string;
}

/** Work offered to a member able to work and the answer (DOMAIN.md: A art. 34). */
export interface JobOfferEntry {
  memberId: string;
  offeredOn: string;
  offer: string;
  response: 'accepted' | 'refused';
  goodReason?: string;
  recordedBy: Actor;
}

/** A member whose own share is stopped after refusing suitable work too often. */
export interface MemberSanction {
  memberId: string;
  fromPeriod: string;
  reason: string;
}

/** The state a beneficiary workflow carries over continue-as-new. */
export interface BeneficiaryState {
  householdId: string;
  township: string;
  scheme: 'urban' | 'rural';
  /** The application case that approved the household (events are keyed by it, like case.approved). */
  caseId: string;
  approvedOn: string;
  stage: BeneficiaryStage;
  monthlyAmountFen: number;
  persons: number;
  cadence: ReviewCadence;
  facts: BeneficiaryFacts;
  lastReviewedOn: string;
  nextReviewDue: string;
  nextReappraisalDue: string;
  review?: BeneficiaryReview;
  /** The stage to return to when a review started from it ends with "keep". */
  stageBeforeReview?: BeneficiaryStage;
  gradualExit?: { firstMonth: string; lastMonth: string; reason: string; months?: number };
  suspension?: { fromPeriod: string; reason: string };
  /** lastPaidMonth: the last month paid (absent in runs before it was kept); fromPeriod may still pay months up to it. */
  termination?: { fromPeriod: string; reason: string; notice: string; on: string; lastPaidMonth?: string };
  /** Standards applied so far (period → per-person standard in fen), newest last; raiseId for a county raise. */
  standards: { effectiveFrom: string; standardFen: number; reason: string; raiseId?: string; fromPeriod?: string }[];
  /** Campaign keys already taken (a campaign signal twice starts one review). */
  campaigns: string[];
  /** Inspection findings already handled. */
  findings: string[];
  /** An open review or the yearly village re-appraisal is past its date (search attribute DibaoOverdue). */
  overdue: boolean;
  /** The re-appraisal due `nextReappraisalDue` was not recorded by then (absent in runs before this was kept). */
  reappraisalOverdue?: boolean;
  /** Written notices of suspensions, terminations, gradual exits and stopped shares. */
  notices?: BeneficiaryNotice[];
  jobOffers?: JobOfferEntry[];
  /** Members whose own share is stopped (refused suitable work too often). */
  sanctions?: MemberSanction[];
  timeline: BeneficiaryTimelineEntry[];
  /** Runs of this workflow so far (continue-as-new count + 1). */
  run: number;
  /**
   * The full-standard rule the current amount was computed with; recalculations (a raised standard, a stopped share)
   * keep it, and a review (with its written notice, A art. 32) moves the household to the current rule. Absent: the
   * rule before issue 18.
   */
  fullStandardRule?: 'household-differential' | 'protected-until-ineligible';
}

export interface BeneficiaryWorkflowInput {
  householdId: string;
  township: string;
  scheme: 'urban' | 'rural';
  caseId: string;
  approvedOn: string;
  monthlyAmountFen: number;
  persons: number;
  facts: BeneficiaryFacts;
  settings: CaseSettings;
  beneficiary?: Partial<BeneficiarySettings>;
  approvedBy: Actor;
  correlationId?: string;
  /** The rule the approving case computed the amount with (ApprovalRecord.fullStandardRule); absent: the old rule. */
  fullStandardRule?: 'household-differential' | 'protected-until-ineligible';
  /** Set by continue-as-new only. */
  carried?: BeneficiaryState;
}

export type BeneficiaryView = BeneficiaryState & {
  workflowId: string;
  stageDeadline?: string;
  waitingFor: string;
};

// ---- messages ----

type Step<S extends StepName> = StepBase & StepInputOf<S>;

export type ChangeKind = ReportChangeInput['kind'];
/** occurredOn: when it happened (a death: the date of death; the review is due within 3 months). */
export type ReportChangeInput = Step<'reportChange'>;

export type ReviewOutcome = RecordReviewInput['outcome'];

/**
 * The verified facts (at least two investigators) and the outcome. keep / change: the amount from the facts (refused
 * if income is not below the standard); suspend, terminate: with a written notice (A art. 32); gradual-exit: a member
 * found work and income passed the standard, gradualExitMonths 1 to the policy's limit (default: the worker's).
 */
export type RecordReviewInput = Step<'recordReview'>;
export type ResumeInput = Step<'resume'>;
export type RecordReappraisalInput = Step<'recordReappraisal'>;
/** standardFen: the new standard per person (urban per month, rural per year), fen. */
export type ApplyStandardInput = Step<'applyStandard'>;
/** memberId: a counted member able to work; goodReason: a justified refusal (正当理由), not counted towards the limit. */
export type RecordJobOfferInput = Step<'recordJobOffer'>;

/** A raised standard (提标) as payments recorded it (`standard.raised`), sent to each beneficiary it reaches. */
export interface StandardRaise {
  /** payments' standard id: each beneficiary applies a raise once. */
  raiseId: string;
  scheme: 'urban' | 'rural';
  /** 'county' or a township with its own standard. */
  area: string;
  /** Per person: urban per month, rural per year, fen. */
  standardFen: number;
  effectiveFrom: string;
  /** The first payment period of the new standard (payments' rule: the first period starting on or after effectiveFrom). */
  fromPeriod: string;
  reason: string;
  /** For a county raise: townships with their own standard, not reached. */
  exceptTownships: string[];
  raisedBy: Actor;
}

export interface InspectionFlag {
  findingId: string;
  campaignId: string;
  reason: string;
  flaggedBy: Actor;
}

export interface CampaignReviewRequest {
  campaignKey: string;
  requestedBy: Actor;
}

export const beneficiaryUpdates = {
  reportChange: defineUpdate<BeneficiaryView, [ReportChangeInput]>('reportChange'),
  recordReview: defineUpdate<BeneficiaryView, [RecordReviewInput]>('recordReview'),
  resume: defineUpdate<BeneficiaryView, [ResumeInput]>('resume'),
  recordReappraisal: defineUpdate<BeneficiaryView, [RecordReappraisalInput]>('recordReappraisal'),
  applyStandard: defineUpdate<BeneficiaryView, [ApplyStandardInput]>('applyStandard'),
  recordJobOffer: defineUpdate<BeneficiaryView, [RecordJobOfferInput]>('recordJobOffer'),
} as const;
export type BeneficiaryUpdateName = keyof typeof beneficiaryUpdates;

export const beneficiarySignals = {
  /** An inspection finding asks for a special review (专项复核): from the `inspection.case-flagged` consumer. */
  inspectionFlagged: defineSignal<[InspectionFlag]>('inspectionFlagged'),
  /** A review campaign starts this household's review (idempotent per campaign key). */
  campaignReview: defineSignal<[CampaignReviewRequest]>('campaignReview'),
  /** A raised standard reaches the household (from the standard-raise fan-out; idempotent per raise id). */
  standardRaised: defineSignal<[StandardRaise]>('standardRaised'),
} as const;

export const beneficiaryQueries = {
  beneficiaryState: defineQuery<BeneficiaryView>('beneficiaryState'),
} as const;

export const BENEFICIARY_STEP_ROLES: Readonly<Record<BeneficiaryUpdateName, readonly Role[]>> = {
  reportChange: ['caseworker'],
  recordReview: ['caseworker'],
  resume: ['caseworker', 'county_approver'],
  recordReappraisal: ['caseworker'],
  applyStandard: ['county_approver'],
  recordJobOffer: ['caseworker'],
};

// ---- review campaign ----

export interface ReviewCampaignInput {
  campaignKey: string;
  /** Absent: the whole county. */
  township?: string;
  /** Households whose next review is due on or before this date (YYYY-MM-DD) are reviewed. */
  dueBy: string;
  startedBy: Actor;
  /** Beneficiaries signalled per batch, then a pause (throttling, so the Temporal server is not flooded). */
  batchSize: number;
  pauseMs: number;
  /** How long the campaign waits for the reviews' results before it closes with the rest as pending. */
  resultWaitDays: number;
  /** Batches signalled per run before continue-as-new (default 100). */
  batchesPerRun?: number;
  /** Results received per run before continue-as-new (default 1,000): a county campaign gets ~89,000. */
  reportsPerRun?: number;
  /** Set by continue-as-new only. */
  carried?: ReviewCampaignProgress;
}

export interface ReviewCampaignSummary {
  kept: number;
  changed: number;
  suspended: number;
  ended: number;
  /** Reviews started but without a result when the campaign closed. */
  pending: number;
}

export interface ReviewCampaignProgress {
  campaignKey: string;
  township?: string;
  dueBy: string;
  status: 'starting-reviews' | 'awaiting-results' | 'completed';
  /** Beneficiaries signalled (each starts one review; a second signal of the same campaign changes nothing). */
  signalled: number;
  batches: number;
  startedAt: string;
  signallingDoneAt?: string;
  completedAt?: string;
  summary: ReviewCampaignSummary;
  /** Visibility page token of the next batch (carried over continue-as-new). */
  pageToken?: string;
  /** Results received so far (each household counted once). */
  reportedCount?: number;
  /**
   * Always empty in new runs. Runs from before `reportedCount` carried the households that reported here; the
   * ids are no longer carried over continue-as-new (89,000 ids would not fit a payload).
   */
  reported: string[];
}

/** A beneficiary reports its campaign review's result to the campaign. */
export interface CampaignResult {
  householdId: string;
  outcome: ReviewOutcome;
}

export const reviewCampaignQueries = {
  progress: defineQuery<ReviewCampaignProgress>('campaignProgress'),
} as const;

export const reviewCampaignSignals = {
  reviewed: defineSignal<[CampaignResult]>('campaignReviewed'),
} as const;

export const CAMPAIGN_ROLES: readonly Role[] = ['county_approver'];
export const CAMPAIGN_READ_ROLES: readonly Role[] = ['county_approver', 'supervisor', 'township_reviewer', 'caseworker'];

// ---- a raised standard reaching every beneficiary (提标) ----

export interface StandardRaiseInput {
  raise: StandardRaise;
  /** Beneficiaries signalled per batch, then a pause (throttling). */
  batchSize: number;
  pauseMs: number;
  /** Set by continue-as-new only. */
  carried?: StandardRaiseProgress;
}

export interface StandardRaiseProgress {
  raiseId: string;
  scheme: 'urban' | 'rural';
  area: string;
  standardFen: number;
  effectiveFrom: string;
  fromPeriod: string;
  /**
   * Pass 1 signals every running beneficiary of the scheme (and area); pass 2 those whose run started during
   * pass 1 (continue-as-new, new approvals), which visibility may have listed after their page went by.
   */
  status: 'signalling' | 'completed';
  pass: 1 | 2;
  /** Signals delivered (a beneficiary signalled twice applies the raise once). */
  signalled: number;
  /** Listed but not reached: a township with its own standard. */
  skipped: number;
  batches: number;
  startedAt: string;
  passStartedAt: string;
  completedAt?: string;
  pageToken?: string;
}

export const standardRaiseQueries = {
  progress: defineQuery<StandardRaiseProgress>('standardRaiseProgress'),
} as const;

export const STANDARD_RAISE_READ_ROLES: readonly Role[] = ['county_approver', 'supervisor', 'finance'];
