import { z } from 'zod';
import { defineEvent, EventDefinition } from '../event-definition';
import { Topics } from '../topics';
import { idSchema, nonNegativeFenSchema, schemeSchema } from './common';

// Events of the households service on dibao.households.v1, key = householdId. Payloads never carry a full
// resident ID or account number: at most a masked ID ('5201**********1234').

export const householdStatusSchema = z.enum(['registered', 'applicant', 'beneficiary', 'exited']);
export type HouseholdStatusValue = z.infer<typeof householdStatusSchema>;

/** A masked resident ID number: four characters, stars, four characters. A full number does not match. */
export const maskedResidentIdSchema = z.string().regex(/^\d{4}\*{10}[\dX]{4}$/, 'must be a masked resident ID (5201**********1234)');

const householdRef = {
  householdId: idSchema,
  township: idSchema,
  scheme: schemeSchema,
};

export const HouseholdRegistered = defineEvent({
  type: 'household.registered',
  version: 1,
  topic: Topics.households,
  payload: z.object({
    ...householdRef,
    village: z.string().min(1).max(200),
    status: householdStatusSchema,
    /** Current members, and those counted under A art. 7. */
    members: z.number().int().positive(),
    countedMembers: z.number().int().nonnegative(),
    /** Null when no member counts. */
    perCapitaMonthlyIncomeFen: nonNegativeFenSchema.nullable(),
    source: z.enum(['api', 'ledger-import']),
    ledgerNo: z.string().min(1).max(64).optional(),
  }),
});

export const HouseholdMemberChanged = defineEvent({
  type: 'household.member-changed',
  version: 1,
  topic: Topics.households,
  payload: z.object({
    ...householdRef,
    memberId: idSchema,
    change: z.enum(['added', 'updated', 'removed']),
    residentIdMasked: maskedResidentIdSchema,
    relation: z.string().min(1).max(32),
    counted: z.boolean(),
    members: z.number().int().nonnegative(),
    countedMembers: z.number().int().nonnegative(),
    perCapitaMonthlyIncomeFen: nonNegativeFenSchema.nullable(),
    reason: z.string().max(2000).optional(),
  }),
});

export const HouseholdIncomeChanged = defineEvent({
  type: 'household.income-changed',
  version: 1,
  topic: Topics.households,
  payload: z.object({
    ...householdRef,
    memberId: idSchema,
    itemId: idSchema,
    /** An income item (A arts. 13–14) or a deductible rigid expense. */
    item: z.enum(['income', 'deduction']),
    change: z.enum(['added', 'removed']),
    category: z.string().min(1).max(64),
    treatment: z.enum(['counted', 'exempt', 'deductible']),
    countedMembers: z.number().int().nonnegative(),
    perCapitaMonthlyIncomeFen: nonNegativeFenSchema.nullable(),
  }),
});

export const HouseholdStatusChanged = defineEvent({
  type: 'household.status-changed',
  version: 1,
  topic: Topics.households,
  payload: z.object({
    ...householdRef,
    from: householdStatusSchema,
    to: householdStatusSchema,
    /** The open case after the change (null when none). */
    openCaseId: idSchema.nullable(),
    /** The case whose event caused the change, if any. */
    caseId: idSchema.optional(),
    reason: z.string().min(1).max(2000),
  }),
});

export const HOUSEHOLD_EVENTS: EventDefinition[] = [HouseholdRegistered, HouseholdMemberChanged, HouseholdIncomeChanged, HouseholdStatusChanged];
