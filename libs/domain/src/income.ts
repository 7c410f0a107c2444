import { DomainError, DomainErrorCode } from './domain-error';
import { ExcludedMember, HouseholdMember, isCountedMember } from './household-member';
import { Fen, fen, fenFromBigInt } from './money';
import { divideRounded, RoundingMode } from './rounding';

/** Income that counts (A art. 13): wages less job costs, and net business, property and transfer income. */
export type CountedIncomeCategory =
  | 'wages' // 工资性收入
  | 'business' // 家庭经营净收入
  | 'property' // 财产净收入
  | 'transfer'; // 转移净收入

/**
 * Income that may be left out (A art. 13, second paragraph): preferential-treatment payments (优抚),
 * family-planning awards, scholarships, heroism awards (见义勇为), government assistance, the basic pension base
 * amount (基础养老金). Which of them is left out on a date is the dated rule `exemptIncomeCategories` of the policy
 * (policy.ts): an exemption can end, or start, on a date. A category that is not exempt on the date counts like
 * any other income (a basic pension is then transfer income).
 */
export type ExemptIncomeCategory =
  | 'preferential_treatment'
  | 'family_planning_award'
  | 'scholarship'
  | 'heroism_award'
  | 'government_assistance'
  | 'basic_pension_base';

export type IncomeCategory = CountedIncomeCategory | ExemptIncomeCategory;

export const COUNTED_INCOME_CATEGORIES: readonly CountedIncomeCategory[] = ['wages', 'business', 'property', 'transfer'];
/** Every exempt-type category: the default when no dated rule is given, and what DEFAULT_POLICY exempts. */
export const EXEMPT_INCOME_CATEGORIES: readonly ExemptIncomeCategory[] = [
  'preferential_treatment',
  'family_planning_award',
  'scholarship',
  'heroism_award',
  'government_assistance',
  'basic_pension_base',
];

/** Whether an amount is per month or per year. */
export type AmountPeriod = 'monthly' | 'annual';

export interface IncomeItem {
  readonly category: IncomeCategory;
  /** Gross amount for the period. */
  readonly amount: Fen;
  /** Job costs (wages) or costs of earning (business, property, transfer) for the same period; default 0. */
  readonly costs?: Fen;
  readonly period: AmountPeriod;
  /** The member whose income it is; absent for household-level income. */
  readonly memberId?: string;
  /**
   * Whether the income comes from a fixed source (收入来源固定, A art. 31): a salary under a labour contract,
   * a pension, rent under a lease. Absent: wages and business income are taken as not fixed (casual work,
   * a small trade), property and transfer income as fixed. Only the review cadence looks at it
   * (review-schedule.ts: reviewCadenceOf); the amount does not.
   */
  readonly fixedSource?: boolean;
}

/** Rigid expenses that may be deducted from income (A art. 13): medical, disability care. */
export interface IncomeDeduction {
  readonly kind: 'medical' | 'disability';
  readonly amount: Fen;
  readonly period: AmountPeriod;
  readonly memberId?: string;
}

/** Members and their income and deductions: what the income test looks at. */
export interface HouseholdFacts {
  readonly members: readonly HouseholdMember[];
  readonly incomes: readonly IncomeItem[];
  readonly deductions?: readonly IncomeDeduction[];
}

/**
 * A household's income for the year, in integer fen. Monthly items count twelve times, so every figure is
 * exact; per-month figures are derived with a single rounding.
 */
export interface HouseholdIncome {
  readonly countedMemberIds: readonly string[];
  readonly excludedMembers: readonly ExcludedMember[];
  /** Net counted income (each item's amount less its costs, never below zero per item). */
  readonly annualCountedIncome: Fen;
  readonly annualDeductions: Fen;
  /** Counted income less deductions, never below zero: the figure the standard is compared with. */
  readonly annualAssessedIncome: Fen;
  /** Exempt income, shown to the caseworker but never counted. */
  readonly annualExemptIncome: Fen;
}

/** Whether the category is one that always counts (A art. 13, first paragraph). See countsAsIncome for a date's rule. */
export function isCountedIncome(category: IncomeCategory): category is CountedIncomeCategory {
  return (COUNTED_INCOME_CATEGORIES as readonly string[]).includes(category);
}

/**
 * Whether income of the category counts under a list of exempt categories (the policy's `exemptIncomeCategories`
 * on the date; by default every exempt-type category, as before the rule was dated).
 */
export function countsAsIncome(
  category: IncomeCategory,
  exemptCategories: readonly ExemptIncomeCategory[] = EXEMPT_INCOME_CATEGORIES,
): boolean {
  return isCountedIncome(category) || !(exemptCategories as readonly string[]).includes(category);
}

/**
 * An item's net counted amount for its own period; zero for a category exempt under `exemptCategories`.
 * A loss never offsets other income.
 */
export function netCountedAmount(item: IncomeItem, exemptCategories: readonly ExemptIncomeCategory[] = EXEMPT_INCOME_CATEGORIES): Fen {
  if (!countsAsIncome(item.category, exemptCategories)) return fen(0);
  return fen(Math.max(0, item.amount - (item.costs ?? 0)));
}

/**
 * Assesses the household's income for the year. `exemptCategories` are the categories left out (the policy's
 * `exemptIncomeCategories` on the date the income is assessed for; default: all of EXEMPT_INCOME_CATEGORIES).
 * Throws INVALID_HOUSEHOLD for inconsistent input.
 */
export function assessHouseholdIncome(
  household: HouseholdFacts,
  exemptCategories: readonly ExemptIncomeCategory[] = EXEMPT_INCOME_CATEGORIES,
): HouseholdIncome {
  const { members, incomes, deductions = [] } = household;
  const byId = membersById(members);
  const counts = (memberId: string | undefined) => memberId === undefined || isCountedMember(requireMember(byId, memberId));

  let counted = 0n;
  let exempt = 0n;
  for (const item of incomes) {
    validateAmounts(item);
    if (!counts(item.memberId)) continue;
    if (countsAsIncome(item.category, exemptCategories)) counted += annualised(netCountedAmount(item, exemptCategories), item.period);
    else exempt += annualised(item.amount, item.period);
  }
  let deducted = 0n;
  for (const deduction of deductions) {
    requireNonNegative(deduction.amount, `${deduction.kind} deduction`);
    if (counts(deduction.memberId)) deducted += annualised(deduction.amount, deduction.period);
  }

  return {
    countedMemberIds: members.filter(isCountedMember).map((member) => member.id),
    excludedMembers: members.flatMap((member) =>
      member.exclusion === undefined ? [] : [{ memberId: member.id, reason: member.exclusion }],
    ),
    annualCountedIncome: fenFromBigInt(counted),
    annualDeductions: fenFromBigInt(deducted),
    annualAssessedIncome: fenFromBigInt(counted > deducted ? counted - deducted : 0n),
    annualExemptIncome: fenFromBigInt(exempt),
  };
}

/** Per-capita assessed income per month over the counted members, rounded once. */
export function perCapitaMonthlyIncome(
  household: HouseholdFacts,
  rounding: RoundingMode = 'HALF_UP',
  exemptCategories: readonly ExemptIncomeCategory[] = EXEMPT_INCOME_CATEGORIES,
): Fen {
  return perCapita(assessHouseholdIncome(household, exemptCategories), 12, rounding);
}

/** Per-capita assessed income per year over the counted members (the rural measure), rounded once. */
export function perCapitaAnnualIncome(
  household: HouseholdFacts,
  rounding: RoundingMode = 'HALF_UP',
  exemptCategories: readonly ExemptIncomeCategory[] = EXEMPT_INCOME_CATEGORIES,
): Fen {
  return perCapita(assessHouseholdIncome(household, exemptCategories), 1, rounding);
}

/** Annual assessed income divided by members × periods per year (12 for monthly, 1 for annual). */
export function perCapita(income: HouseholdIncome, periodsPerYear: number, rounding: RoundingMode): Fen {
  const members = requireCountedMembers(income);
  return fenFromBigInt(divideRounded(BigInt(income.annualAssessedIncome), BigInt(members * periodsPerYear), rounding));
}

export function requireCountedMembers(income: HouseholdIncome): number {
  if (income.countedMemberIds.length === 0) {
    throw new DomainError(DomainErrorCode.InvalidHousehold, 'the household has no counted members');
  }
  return income.countedMemberIds.length;
}

/** An amount for a month or a year expressed per year, exactly. */
export function annualised(amount: Fen, period: AmountPeriod): bigint {
  return period === 'monthly' ? BigInt(amount) * 12n : BigInt(amount);
}

function membersById(members: readonly HouseholdMember[]): Map<string, HouseholdMember> {
  const byId = new Map<string, HouseholdMember>();
  for (const member of members) {
    if (byId.has(member.id)) {
      throw new DomainError(DomainErrorCode.InvalidHousehold, `member ${member.id} is listed twice`);
    }
    byId.set(member.id, member);
  }
  return byId;
}

function requireMember(byId: ReadonlyMap<string, HouseholdMember>, memberId: string): HouseholdMember {
  const member = byId.get(memberId);
  if (member === undefined) {
    throw new DomainError(DomainErrorCode.InvalidHousehold, `income or deduction refers to unknown member ${memberId}`);
  }
  return member;
}

function validateAmounts(item: IncomeItem): void {
  requireNonNegative(item.amount, `${item.category} amount`);
  if (item.costs !== undefined) requireNonNegative(item.costs, `${item.category} costs`);
}

function requireNonNegative(amount: Fen, what: string): void {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new DomainError(DomainErrorCode.InvalidHousehold, `${what} must be a non-negative amount in fen, got ${amount}`);
  }
}
