import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes of the case workflow (registered on the server by infra/temporal). Supervisors
 * find stalled cases with one visibility query, e.g.
 * `DibaoTownship = 'T01' AND DibaoStage = 'publicity' AND DibaoOverdue = true`.
 */
export const CaseSearchAttributes = {
  stage: defineSearchAttributeKey('DibaoStage', SearchAttributeType.KEYWORD),
  township: defineSearchAttributeKey('DibaoTownship', SearchAttributeType.KEYWORD),
  scheme: defineSearchAttributeKey('DibaoScheme', SearchAttributeType.KEYWORD),
  stageDeadline: defineSearchAttributeKey('DibaoStageDeadline', SearchAttributeType.DATETIME),
  overdue: defineSearchAttributeKey('DibaoOverdue', SearchAttributeType.BOOL),
  caseKind: defineSearchAttributeKey('DibaoCaseKind', SearchAttributeType.KEYWORD),
  household: defineSearchAttributeKey('DibaoHousehold', SearchAttributeType.KEYWORD),
} as const;

/** DibaoCaseKind of an application case (later workflows: reviews, changes). */
export const CASE_KIND_APPLICATION = 'application';
