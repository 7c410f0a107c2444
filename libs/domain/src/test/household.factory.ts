import { HouseholdMember } from '../household-member';
import { IncomeItem } from '../income';
import { parseYuan } from '../money';
import { localDate } from '../local-date';
import { DibaoPolicy } from '../policy';

/** Test data: an ordinary member (able to work, with a supporter) unless overridden. */
export function member(id: string, overrides: Partial<HouseholdMember> = {}): HouseholdMember {
  return { id, ableToWork: true, hasLegalSupporter: true, ...overrides };
}

/** n ordinary members m1…mn. */
export function members(count: number): HouseholdMember[] {
  return Array.from({ length: count }, (_, index) => member(`m${index + 1}`));
}

export function monthlyWages(yuanText: string, memberId?: string): IncomeItem {
  return { category: 'wages', amount: parseYuan(yuanText), period: 'monthly', ...(memberId === undefined ? {} : { memberId }) };
}

export function annualIncome(category: IncomeItem['category'], yuanText: string, memberId?: string): IncomeItem {
  return { category, amount: parseYuan(yuanText), period: 'annual', ...(memberId === undefined ? {} : { memberId }) };
}

/** The default policy with some rules replaced by a single value effective from 2000-01-01. */
export function policyWith(base: DibaoPolicy, overrides: { [K in keyof DibaoPolicy]?: DibaoPolicy[K][number]['value'] }): DibaoPolicy {
  const replaced = Object.fromEntries(
    Object.entries(overrides).map(([rule, value]) => [rule, [{ effectiveFrom: localDate('2000-01-01'), value }]]),
  );
  return { ...base, ...replaced };
}
