import type { Actor, BeneficiaryNoticeKind, CaseSettings, EventEnvelope, StandardRaise } from '@dibao/contracts';

/**
 * A written notice with reasons, a row of case_notices: an application's rejection (A art. 21), or a
 * beneficiary's suspension, termination, gradual exit, cut or stopped share (A art. 32), due within 3 working days.
 */
export interface WrittenNotice {
  noticeId: string;
  /** Absent: 'rejection'. */
  kind?: 'rejection' | BeneficiaryNoticeKind;
  caseId: string;
  householdId: string;
  township: string;
  stage: string;
  reasons: string[];
  decidedOn: string;
  dueOn: string;
  decidedBy: string;
  decidedByRole?: string;
  /** The notice as written to the household (a beneficiary's; a rejection's is made from its reasons). */
  text?: string;
  /** The payment period the cut or stop applies from. */
  fromPeriod?: string;
}

/** A written rejection notice with reasons, due within 3 working days (A art. 21). */
export type RejectionNotice = WrittenNotice;

export interface CaseChange {
  /** Envelopes built by the workflow (ids from its deterministic uuid4, so a retried activity inserts nothing twice). */
  events: EventEnvelope[];
  notices?: WrittenNotice[];
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
  /**
   * The county's settings as this worker is configured (DEFAULT_POLICY + env overrides), with the standards payments
   * raised (standard.raised, recorded by this worker) that reach the case's scheme and township folded into the policy:
   * a new application is judged with the standard in force in payments from its effective date (one source of
   * truth). A local activity: what it returns is in the case's history.
   */
  loadCaseSettings(request?: { scheme: 'urban' | 'rural'; township: string }): Promise<CaseSettings>;
  /**
   * Raised standards recorded by this worker (from payments' standard.raised) that reach a scheme and township;
   * a beneficiary run applies those it has not applied yet when it starts. A local activity.
   */
  standardRaisesFor(request: { scheme: 'urban' | 'rural'; township: string }): Promise<StandardRaise[]>;
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
  signalCampaignReview(request: { workflowIds: string[]; campaignKey: string; requestedBy: Actor }): Promise<number>;
  /**
   * A page of running beneficiaries of a scheme (and township), optionally only runs started at or after an
   * instant, with their township (to leave out townships with their own standard).
   */
  listBeneficiariesOfScheme(request: {
    scheme: 'urban' | 'rural';
    township?: string;
    startedAtOrAfter?: string;
    pageSize: number;
    pageToken?: string;
  }): Promise<BeneficiaryPage>;
  /** Signals each beneficiary the raised standard; returns how many exist (a closed one is skipped). */
  signalStandardRaise(request: { workflowIds: string[]; raise: StandardRaise }): Promise<number>;
}

export interface BeneficiaryPage {
  items: { workflowId: string; township: string }[];
  nextPageToken?: string;
}
