import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { Topics } from '../topics';
import { idSchema, localDateSchema, nonNegativeFenSchema, paymentPeriodSchema, schemeSchema } from './common';

export const caseStageSchema = z.enum([
  'application',
  'investigation',
  'appraisal',
  'publicity',
  'township_review',
  'county_approval',
  'approved',
  'rejected',
  'withdrawn',
]);

const caseRef = {
  caseId: idSchema,
  householdId: idSchema,
  township: idSchema,
  scheme: schemeSchema,
};

export const CaseSubmitted = defineEvent({
  type: 'case.submitted',
  version: 1,
  topic: Topics.cases,
  payload: z.object({
    ...caseRef,
    submittedOn: localDateSchema,
    applicantKind: z.enum(['head', 'proxy']),
    claimedMonthlyIncomeFen: nonNegativeFenSchema,
    registeredSeparately: z.boolean(),
  }),
});

export const CaseStageChanged = defineEvent({
  type: 'case.stage-changed',
  version: 1,
  topic: Topics.cases,
  payload: z.object({
    ...caseRef,
    from: caseStageSchema,
    to: caseStageSchema,
    reason: z.string().max(2000).optional(),
    stageDeadline: localDateSchema.optional(),
  }),
});

export const CaseStageOverdue = defineEvent({
  type: 'case.stage-overdue',
  version: 1,
  topic: Topics.cases,
  payload: z.object({
    ...caseRef,
    stage: caseStageSchema,
    deadline: localDateSchema,
    /** Calendar days past the deadline when the overdue mark was set. */
    daysLate: z.number().int().nonnegative(),
    /**
     * Which deadline passed: the stage's own, the whole case's 30 (45) working days, or the start of the county's
     * data check (A art. 17). Absent means stage.
     */
    scope: z.enum(['stage', 'overall', 'data_check']).optional(),
  }),
});

/**
 * A deadline of the case changed without a change of stage: met (the investigation or the county's data check
 * started, A arts. 15 and 17: `deadline` absent), recounted (the county loaded a holiday schedule) or extended by the
 * county (the whole case's deadline, scope `overall`). Supervision
 * replaces what it knows of that deadline; an earlier overdue alert stays as history.
 */
export const CaseDeadlineChanged = defineEvent({
  type: 'case.deadline-changed',
  version: 1,
  topic: Topics.cases,
  payload: z.object({
    ...caseRef,
    stage: caseStageSchema,
    scope: z.enum(['stage', 'overall', 'data_check']),
    /** The deadline it had. */
    previous: localDateSchema,
    /** The new deadline; absent: met, no deadline any more. */
    deadline: localDateSchema.optional(),
    /** The day it was met, when met. */
    metOn: localDateSchema.optional(),
    /** started: a start deadline was met; calendar-changed: recounted with a loaded schedule; extended: the county extended the whole case to 45 working days (A art. 22, once, with its reason). */
    reason: z.enum(['started', 'calendar-changed', 'extended']),
    /** For `extended`: why (as recorded with the extension). */
    note: z.string().min(1).max(2000).optional(),
    /** The new deadline counts into a year without a loaded holiday schedule. */
    provisional: z.boolean().optional(),
  }),
});

export const CaseApproved = defineEvent({
  type: 'case.approved',
  version: 1,
  topic: Topics.cases,
  payload: z.object({
    ...caseRef,
    approvedOn: localDateSchema,
    /** Benefit per household per month, integer fen, computed by libs/domain. */
    monthlyAmountFen: nonNegativeFenSchema,
    /** Counted household members (A art. 7). */
    persons: z.number().int().positive(),
    /** First payment period: the month after approval (urban) or its quarter (rural). */
    startPeriod: paymentPeriodSchema,
    payee: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('own-account') }),
      z.object({ kind: z.literal('proxy'), proxyName: z.string().min(1).max(100), entrustmentRef: z.string().min(1).max(100) }),
    ]),
  }),
});

export const CaseRejected = defineEvent({
  type: 'case.rejected',
  version: 1,
  topic: Topics.cases,
  payload: z.object({
    ...caseRef,
    stage: caseStageSchema,
    reasons: z.array(z.string().min(1).max(2000)).min(1),
    /** The written notice with reasons is due within 3 working days (A art. 21). */
    noticeDueOn: localDateSchema,
  }),
});

export const CaseWithdrawn = defineEvent({
  type: 'case.withdrawn',
  version: 1,
  topic: Topics.cases,
  payload: z.object({
    ...caseRef,
    stage: caseStageSchema,
    reason: z.string().max(2000).optional(),
  }),
});

/** The township returned the application listing every missing material in one notice (A art. 10). */
export const CaseApplicationReturned = defineEvent({
  type: 'case.application-returned',
  version: 1,
  topic: Topics.cases,
  payload: z.object({
    ...caseRef,
    missingMaterials: z.array(z.string().min(1).max(500)).min(1),
  }),
});

// ---- after approval: dynamic management (动态管理) ----
// Keyed by the approving case id, like case.approved, so a consumer sees them after the approval (one partition).

const beneficiaryRef = {
  ...caseRef,
  /** Idempotency key for consumers that change something (payments uses it as the enrolment changeRef). */
  changeRef: z.string().min(1).max(128),
};

/** The monthly amount changes from a payment period (review, change of circumstances, raised standard 提标). */
export const BeneficiaryAmountChanged = defineEvent({
  type: 'beneficiary.amount-changed',
  version: 1,
  topic: Topics.cases,
  payload: z.object({
    ...beneficiaryRef,
    monthlyAmountFen: nonNegativeFenSchema,
    persons: z.number().int().positive(),
    fromPeriod: paymentPeriodSchema,
    reason: z.string().min(1).max(2000),
  }),
});

/** Payment is suspended from a period, with a written notice and reasons (A art. 32). */
export const BeneficiarySuspended = defineEvent({
  type: 'beneficiary.suspended',
  version: 1,
  topic: Topics.cases,
  payload: z.object({ ...beneficiaryRef, fromPeriod: paymentPeriodSchema, reason: z.string().min(1).max(2000), notice: z.string().min(1).max(4000) }),
});

export const BeneficiaryResumed = defineEvent({
  type: 'beneficiary.resumed',
  version: 1,
  topic: Topics.cases,
  payload: z.object({ ...beneficiaryRef, fromPeriod: paymentPeriodSchema, reason: z.string().min(1).max(2000) }),
});

const yearMonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');

/**
 * The benefit ends (应退则退): payments stop from `fromPeriod`; the household exits.
 * `lastPaidMonth` (added later; absent in older events) is the last month still paid: payments pays the months of
 * `fromPeriod` up to it and nothing after (a rural exit March–August stops in 2026-Q3 and pays July and August).
 * An event without it stops from the first month of `fromPeriod`, as before.
 */
export const BeneficiaryTerminated = defineEvent({
  type: 'beneficiary.terminated',
  version: 1,
  topic: Topics.cases,
  payload: z.object({
    ...beneficiaryRef,
    fromPeriod: paymentPeriodSchema,
    lastPaidMonth: yearMonthSchema.optional(),
    terminatedOn: localDateSchema,
    reason: z.string().min(1).max(2000),
    notice: z.string().min(1).max(4000),
  }),
});

/** A review is due (periodic, special after a change or an inspection finding, or a campaign's). */
export const BeneficiaryReviewDue = defineEvent({
  type: 'beneficiary.review-due',
  version: 1,
  topic: Topics.cases,
  payload: z.object({
    ...caseRef,
    kind: z.enum(['periodic', 'special', 'campaign']),
    dueOn: localDateSchema,
    reason: z.string().min(1).max(4000),
  }),
});

/**
 * A review, or the yearly village re-appraisal (kind `reappraisal`), passed its date without a result: the
 * beneficiary is marked overdue (DibaoOverdue), like an application stage (case.stage-overdue).
 */
export const BeneficiaryReviewOverdue = defineEvent({
  type: 'beneficiary.review-overdue',
  version: 1,
  topic: Topics.cases,
  payload: z.object({
    ...caseRef,
    kind: z.enum(['periodic', 'special', 'campaign', 'reappraisal']),
    dueOn: localDateSchema,
    daysLate: z.number().int().nonnegative(),
  }),
});

/**
 * A member found work and income passed the standard: payment goes on through `lastMonth` (渐退期), then ends.
 * Months, whatever the payment frequency: payments pays no month after `lastMonth` from now on (a quarter that runs
 * past it pays only its months up to it). Added later (absent in older events): `changeRef` (payments' idempotency
 * key) and `months` (the length the review chose, at most the policy's limit).
 */
export const BeneficiaryGradualExitStarted = defineEvent({
  type: 'beneficiary.gradual-exit-started',
  version: 1,
  topic: Topics.cases,
  payload: z.object({
    ...caseRef,
    changeRef: z.string().min(1).max(128).optional(),
    firstMonth: yearMonthSchema,
    lastMonth: yearMonthSchema,
    months: z.number().int().min(1).max(12).optional(),
    reason: z.string().min(1).max(2000),
    notice: z.string().min(1).max(4000),
  }),
});

/**
 * A review kept (or changed the amount of) a household in its gradual exit: the exit's end no longer applies and
 * payment goes on as for any beneficiary. `lastMonth` is the end that is cancelled.
 */
export const BeneficiaryGradualExitCancelled = defineEvent({
  type: 'beneficiary.gradual-exit-cancelled',
  version: 1,
  topic: Topics.cases,
  payload: z.object({
    ...beneficiaryRef,
    lastMonth: yearMonthSchema,
    reason: z.string().min(1).max(2000),
  }),
});

export const BENEFICIARY_EVENTS = [
  BeneficiaryAmountChanged,
  BeneficiarySuspended,
  BeneficiaryResumed,
  BeneficiaryTerminated,
  BeneficiaryReviewDue,
  BeneficiaryReviewOverdue,
  BeneficiaryGradualExitStarted,
  BeneficiaryGradualExitCancelled,
];

export const CASE_EVENTS = [
  CaseSubmitted,
  CaseStageChanged,
  CaseStageOverdue,
  CaseDeadlineChanged,
  CaseApproved,
  CaseRejected,
  CaseWithdrawn,
  CaseApplicationReturned,
  ...BENEFICIARY_EVENTS,
];
