import { z } from 'zod';
import { defineEvent, EventDefinition } from '../event-definition';
import { Topics } from '../topics';
import { idSchema, localDateSchema } from './common';

/**
 * What an inspection finding is about. The first group is what the county report names as the
 * weaknesses of its dibao work, so that inspections count them as data; the rest are the usual
 * irregularities of a case file or a payment.
 */
export const findingCategorySchema = z.enum([
  // named in the county report
  'income_unverifiable', // 家庭收入难以核实
  'cadre_commitment', // 乡镇干部重视不够、责任不落实
  'petition_pressure', // 信访维稳问题纳入低保
  'training_insufficient', // 政策宣传培训不足
  'funding_insufficient', // 工作经费不足
  // case and payment irregularities
  'ineligible_beneficiary', // 不符合条件人员享受低保
  'missing_materials', // 档案材料不全
  'late_payment', // 资金发放不及时
  'publicity_not_done', // 未按规定公示
  'appraisal_irregular', // 民主评议不规范
  'proxy_collection_irregular', // 代领不规范
  'fund_misuse', // 资金截留挪用
  'dynamic_management_lax', // 动态管理不到位
  'other',
]);
export type FindingCategory = z.infer<typeof findingCategorySchema>;

/** 一般 / 较重 / 严重 */
export const findingSeveritySchema = z.enum(['minor', 'moderate', 'serious']);
export type FindingSeverity = z.infer<typeof findingSeveritySchema>;

export const InspectionVisitRecorded = defineEvent({
  type: 'inspection.visit-recorded',
  version: 1,
  topic: Topics.inspections,
  payload: z.object({
    visitId: idSchema,
    campaignId: idSchema,
    groupId: idSchema,
    township: idSchema,
    visitedOn: localDateSchema,
    checked: z.array(z.string().min(1).max(200)),
    findingCount: z.number().int().nonnegative(),
  }),
});

export const InspectionFindingLogged = defineEvent({
  type: 'inspection.finding-logged',
  version: 1,
  topic: Topics.inspections,
  payload: z.object({
    findingId: idSchema,
    visitId: idSchema,
    campaignId: idSchema,
    township: idSchema,
    category: findingCategorySchema,
    severity: findingSeveritySchema,
    description: z.string().min(1).max(4000),
    relatedCaseIds: z.array(idSchema),
    relatedHouseholdIds: z.array(idSchema),
  }),
});

export const InspectionOrderIssued = defineEvent({
  type: 'inspection.order-issued',
  version: 1,
  topic: Topics.inspections,
  payload: z.object({
    orderId: idSchema,
    findingId: idSchema,
    campaignId: idSchema,
    township: idSchema,
    requirement: z.string().min(1).max(4000),
    deadline: localDateSchema,
  }),
});

export const InspectionOrderOverdue = defineEvent({
  type: 'inspection.order-overdue',
  version: 1,
  topic: Topics.inspections,
  payload: z.object({
    orderId: idSchema,
    campaignId: idSchema,
    township: idSchema,
    deadline: localDateSchema,
    /** The day the sweep found it past its deadline. */
    flaggedOn: localDateSchema,
    daysLate: z.number().int().positive(),
  }),
});

export const InspectionOrderClosed = defineEvent({
  type: 'inspection.order-closed',
  version: 1,
  topic: Topics.inspections,
  payload: z.object({
    orderId: idSchema,
    campaignId: idSchema,
    township: idSchema,
    /** The follow-up visit that verified the rectification. */
    verifiedByVisitId: idSchema,
    closedOn: localDateSchema,
    deadline: localDateSchema,
    /** The township answered on or before the deadline in force. */
    onTime: z.boolean(),
  }),
});

/** The township answered its rectification order (整改情况反馈); a follow-up visit verifies it next. */
export const InspectionOrderResponded = defineEvent({
  type: 'inspection.order-responded',
  version: 1,
  topic: Topics.inspections,
  payload: z.object({
    orderId: idSchema,
    campaignId: idSchema,
    township: idSchema,
    respondedOn: localDateSchema,
    deadline: localDateSchema,
    /** Answered on or before the deadline in force. */
    onTime: z.boolean(),
  }),
});

/** A follow-up visit found the rectification not done: the order is open again with a new deadline. */
export const InspectionOrderReopened = defineEvent({
  type: 'inspection.order-reopened',
  version: 1,
  topic: Topics.inspections,
  payload: z.object({
    orderId: idSchema,
    campaignId: idSchema,
    township: idSchema,
    verifiedByVisitId: idSchema,
    previousDeadline: localDateSchema,
    deadline: localDateSchema,
    /** How many times the order has been reopened, this time included. */
    reopenCount: z.number().int().min(1),
  }),
});

export const InspectionCaseFlagged = defineEvent({
  type: 'inspection.case-flagged',
  version: 1,
  topic: Topics.inspections,
  payload: z.object({
    caseId: idSchema,
    householdId: idSchema.optional(),
    township: idSchema,
    findingId: idSchema,
    campaignId: idSchema,
    category: findingCategorySchema,
    severity: findingSeveritySchema,
    /** Why a special review (专项复核) is asked for. */
    reason: z.string().min(1).max(4000),
  }),
});

export const INSPECTION_EVENTS: EventDefinition[] = [
  InspectionVisitRecorded,
  InspectionFindingLogged,
  InspectionOrderIssued,
  InspectionOrderOverdue,
  InspectionOrderClosed,
  InspectionOrderResponded,
  InspectionOrderReopened,
  InspectionCaseFlagged,
];
