/** Vocabulary of the household registry. */

export const HOUSEHOLD_STATUSES = ['registered', 'applicant', 'beneficiary', 'exited'] as const;
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number];

/** Agricultural hukou → rural dibao; non-agricultural → urban dibao. */
export const HUKOU_TYPES = ['agricultural', 'non_agricultural'] as const;
export type Hukou = (typeof HUKOU_TYPES)[number];

/** Relation to the head of the household (户主). */
export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'child_in_law', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

export const WORK_ABILITIES = ['full', 'partial', 'none'] as const;
export type WorkAbility = (typeof WORK_ABILITIES)[number];

/** 残疾等级 一级 … 四级; grades 1 and 2 are severe (重度残疾). */
export const DISABILITY_GRADES = [1, 2, 3, 4] as const;

export const ACCOUNT_KINDS = ['bank', 'credit_cooperative'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export const ASSET_KINDS = ['financial', 'motor_vehicle', 'additional_dwelling'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export const DEDUCTION_KINDS = ['medical', 'disability'] as const;
export type DeductionKind = (typeof DEDUCTION_KINDS)[number];

export type IncomeItemKind = 'income' | 'deduction';
