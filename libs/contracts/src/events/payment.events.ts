import { z } from 'zod';
import { defineEvent, EventDefinition } from '../event-definition';
import { Topics } from '../topics';
import { idSchema, localDateSchema, nonNegativeFenSchema, paymentPeriodSchema, schemeSchema } from './common';

/**
 * Finance events of the payments service (`dibao.payments.v1`). Finance and the audit bodies learn every
 * payment from these. Every payload carries an `idempotencyKey`:
 * - payment events: `<householdId>/<scheme>/<period>#<attempt>` (attempt 1 is the regular payment, 2.. reissues);
 * - batch events: `batch/<scheme>/<period>/<township>/<seq>`;
 * - payment.stopped: `<householdId>/<scheme>/<fromPeriod>#stop`.
 * The envelope's eventId is derived from (type, idempotencyKey) (a name-based UUID), so a replay or a rerun
 * of the payroll carries the same eventId: a consumer dedupes on eventId.
 */

const paymentPositiveFen = nonNegativeFenSchema.refine((n) => n > 0, 'must be positive');

export const payeeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('own-account') }),
  /** Proxy collection (代领) only with the village/community committee's entrustment certificate. */
  z.object({ kind: z.literal('proxy'), proxyName: z.string().min(1).max(100), entrustmentRef: z.string().min(1).max(100) }),
]);

const paymentRef = {
  paymentId: z.string().uuid(),
  idempotencyKey: z.string().min(1).max(200),
  householdId: idSchema,
  scheme: schemeSchema,
  period: paymentPeriodSchema,
  /** 1 for the regular payment of the period, 2.. for reissues of a failed one. */
  attempt: z.number().int().positive(),
  township: idSchema,
  batchId: z.string().uuid(),
  amountFen: paymentPositiveFen,
};

const batchRef = {
  batchId: z.string().uuid(),
  idempotencyKey: z.string().min(1).max(200),
  scheme: schemeSchema,
  period: paymentPeriodSchema,
  township: idSchema,
  /** Batches of one township and period are numbered 1, 2, ... (later ones carry reissues and late enrolments). */
  seq: z.number().int().positive(),
  payments: z.number().int().nonnegative(),
  amountFen: nonNegativeFenSchema,
};

/** A payment was put into a draft batch by a payroll run. */
export const PaymentScheduled = defineEvent({
  type: 'payment.scheduled',
  version: 1,
  topic: Topics.payments,
  payload: z.object({
    ...paymentRef,
    monthlyAmountFen: nonNegativeFenSchema,
    /** Months of the period paid (urban 1; rural 3, fewer in the first quarter after approval). */
    months: z.number().int().min(1).max(3),
    persons: z.number().int().positive(),
    payee: payeeSchema,
    /** The failed payment this one reissues, or null for a regular payment. */
    reissueOf: z.string().uuid().nullable(),
  }),
});

/** The county approved a batch (县级审批). */
export const BatchApproved = defineEvent({
  type: 'batch.approved',
  version: 1,
  topic: Topics.payments,
  payload: z.object({ ...batchRef }),
});

/** A batch went to the bank or credit cooperative; its amount left the special fund account (专户). */
export const BatchReleased = defineEvent({
  type: 'batch.released',
  version: 1,
  topic: Topics.payments,
  payload: z.object({ ...batchRef, fundAccount: z.string().min(1).max(64), fundBalanceAfterFen: nonNegativeFenSchema }),
});

/**
 * A batch was not released to the bank by the 10th of its period's first month (B art. 31: payments reach households
 * by the 10th): flagged once per batch. idempotencyKey: the batch's, with `#late`.
 */
export const BatchLate = defineEvent({
  type: 'batch.late',
  version: 1,
  topic: Topics.payments,
  payload: z.object({
    ...batchRef,
    status: z.enum(['draft', 'approved']),
    dueOn: localDateSchema,
    flaggedOn: localDateSchema,
    daysLate: z.number().int().positive(),
  }),
});

/** Every payment of a batch has a result from the bank. */
export const BatchReconciled = defineEvent({
  type: 'batch.reconciled',
  version: 1,
  topic: Topics.payments,
  payload: z.object({
    ...batchRef,
    disbursed: z.number().int().nonnegative(),
    disbursedFen: nonNegativeFenSchema,
    failed: z.number().int().nonnegative(),
    failedFen: nonNegativeFenSchema,
  }),
});

/** The bank confirmed the payment reached the payee. */
export const PaymentDisbursed = defineEvent({
  type: 'payment.disbursed',
  version: 1,
  topic: Topics.payments,
  payload: z.object({ ...paymentRef, bankReference: z.string().max(100).nullable() }),
});

/** The bank returned the payment; its amount went back to the fund account and it is reissued in a later batch. */
export const PaymentFailed = defineEvent({
  type: 'payment.failed',
  version: 1,
  topic: Topics.payments,
  payload: z.object({ ...paymentRef, reason: z.string().min(1).max(500) }),
});

/** A household's payments stop from `period` (the enrolment was stopped); scheduled payments from then are cancelled. */
export const PaymentStopped = defineEvent({
  type: 'payment.stopped',
  version: 1,
  topic: Topics.payments,
  payload: z.object({
    idempotencyKey: z.string().min(1).max(200),
    householdId: idSchema,
    scheme: schemeSchema,
    /** The first period not paid. */
    period: paymentPeriodSchema,
    township: idSchema,
    reason: z.string().min(1).max(2000),
    /** Scheduled payments of draft batches cancelled by the stop. */
    cancelledPaymentIds: z.array(z.string().uuid()),
    /**
     * Added later (absent in older events). The first month not paid, when the stop falls inside `period` (a rural
     * quarter partly paid: a gradual exit through August stops in Q3 from 2026-09).
     */
    fromMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
    /** Draft payments of a period partly paid, cut to the months still paid (same payment id, new amount). */
    amendedPayments: z
      .array(z.object({ paymentId: z.string().uuid(), period: paymentPeriodSchema, months: z.number().int().min(1).max(3), amountFen: paymentPositiveFen }))
      .optional(),
    /** Payments already approved or paid for months after the stop: the excess is recorded for recovery (C art. 68). */
    overpayments: z
      .array(z.object({ paymentId: z.string().uuid(), period: paymentPeriodSchema, months: z.number().int().min(1).max(3), amountFen: paymentPositiveFen }))
      .optional(),
  }),
});

/**
 * A new standard (提标) was recorded. Payments recalculates the enrolments no beneficiary workflow manages
 * (ledger imports); the case worker takes it to every beneficiary workflow of the scheme and area, which
 * recalculates from the household's facts (beneficiary.amount-changed). Key: the standard id.
 */
export const StandardRaised = defineEvent({
  type: 'standard.raised',
  version: 1,
  topic: Topics.payments,
  payload: z.object({
    /** `standard/<standardId>`. */
    idempotencyKey: z.string().min(1).max(200),
    standardId: z.string().uuid(),
    scheme: schemeSchema,
    /** 'county' or a township id. */
    area: idSchema,
    /** Per person: urban per month, rural per year. */
    amountFen: paymentPositiveFen,
    effectiveFrom: localDateSchema,
    /** The first period starting on or after effectiveFrom. */
    fromPeriod: paymentPeriodSchema,
    reason: z.string().min(1).max(2000),
    /** For 'county': townships with their own standard in force on effectiveFrom (the county raise does not reach them). */
    exceptTownships: z.array(idSchema),
  }),
});

/**
 * An amount overpaid to a household was repaid into the fund account (C art. 68); idempotencyKey is
 * `overpayment/<receipt reference>`. `outstandingFen` 0: the overpayment is recovered.
 */
export const OverpaymentRecovered = defineEvent({
  type: 'payment.overpayment-recovered',
  version: 1,
  topic: Topics.payments,
  payload: z.object({
    idempotencyKey: z.string().min(1).max(200),
    overpaymentId: z.string().uuid(),
    paymentId: z.string().uuid(),
    householdId: idSchema,
    scheme: schemeSchema,
    period: paymentPeriodSchema,
    township: idSchema,
    amountFen: paymentPositiveFen,
    receivedOn: localDateSchema,
    recoveredFen: paymentPositiveFen,
    outstandingFen: nonNegativeFenSchema,
  }),
});

export const PAYMENT_EVENTS: EventDefinition[] = [
  PaymentScheduled,
  BatchApproved,
  BatchReleased,
  BatchReconciled,
  BatchLate,
  PaymentDisbursed,
  PaymentFailed,
  PaymentStopped,
  StandardRaised,
  OverpaymentRecovered,
];
