import type { CaseSettings, EventEnvelope } from '@dibao/contracts';

/** A written rejection notice with reasons, due within 3 working days (A art. 21). */
export interface RejectionNotice {
  noticeId: string;
  caseId: string;
  householdId: string;
  township: string;
  stage: string;
  reasons: string[];
  decidedOn: string;
  dueOn: string;
  decidedBy: string;
}

export interface CaseChange {
  /** Envelopes built by the workflow (ids from its deterministic uuid4, so a retried activity inserts nothing twice). */
  events: EventEnvelope[];
  notices?: RejectionNotice[];
}

/** What the households registry says about the household when the case starts. */
export interface HouseholdSnapshot {
  found: boolean;
  township?: string;
  memberCount?: number;
  /** As the registry assesses it; the investigation verifies its own. */
  perCapitaMonthlyIncomeFen?: number;
}

/**
 * The case workflow's side effects. Types only here: workflow code must not import the implementation
 * (apps/case-worker/src/activities), which talks to PostgreSQL and HTTP.
 */
export interface CaseActivities {
  /** Writes events (and rejection notices) to the case worker's outbox in one transaction; idempotent. */
  commitCaseChange(change: CaseChange): Promise<void>;
  /** Reads the household from the households service; `{ found: false }` when it is unknown there. */
  readHousehold(householdId: string): Promise<HouseholdSnapshot | null>;
  /** The county's settings as this worker is configured (DEFAULT_POLICY + env overrides); a local activity. */
  loadCaseSettings(): Promise<CaseSettings>;
}

/** A page of beneficiaries a review campaign starts (from Temporal visibility). */
export interface DueBeneficiaryPage {
  workflowIds: string[];
  nextPageToken?: string;
}

/** The review campaign's side effects: visibility reads and signals, through a Temporal client in the worker. */
export interface CampaignActivities {
  listDueBeneficiaries(request: { township?: string; dueBy: string; pageSize: number; pageToken?: string }): Promise<DueBeneficiaryPage>;
  /** Signals each beneficiary to start the campaign's review; returns how many exist (a closed one is skipped). */
  signalCampaignReview(request: { workflowIds: string[]; campaignKey: string; requestedBy: import('@dibao/contracts').Actor }): Promise<number>;
}
