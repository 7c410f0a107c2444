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
    /** Which deadline passed: the stage's own, or the whole case's 30 (45) working days. Absent means stage. */
    scope: z.enum(['stage', 'overall']).optional(),
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

export const CASE_EVENTS = [
  CaseSubmitted,
  CaseStageChanged,
  CaseStageOverdue,
  CaseApproved,
  CaseRejected,
  CaseWithdrawn,
  CaseApplicationReturned,
];
