import { DomainError, DomainErrorCode } from './domain-error';
import { addMonths, LocalDate } from './local-date';
import { firstDayOfMonth, YearMonth, yearMonthOf } from './payment-period';
import { DibaoPolicy, ruleAt } from './policy';

/**
 * Review cadence after approval (A art. 31): stable households yearly; households with irregular income
 * and members able to work every 6 months.
 */
export type ReviewCadence = 'stable' | 'irregular';

/** What the cadence looks at: who can work, and each income item with whether its source is fixed. */
export interface ReviewCadenceFacts {
  readonly members: readonly { readonly ableToWork: boolean; readonly exclusion?: string }[];
  readonly incomes: readonly { readonly category: string; readonly fixedSource?: boolean }[];
}

/** Categories whose source is taken as not fixed when an item does not say (income.ts IncomeItem.fixedSource). */
export const VARIABLE_SOURCE_INCOME_CATEGORIES: readonly string[] = ['wages', 'business'];

/**
 * Whether an income item comes from a fixed source (收入来源固定): as the item says (fixedSource), else by its
 * category: wages and business income not fixed (casual work, a small trade), the others fixed.
 */
export function hasFixedSource(item: ReviewCadenceFacts['incomes'][number]): boolean {
  return item.fixedSource ?? !VARIABLE_SOURCE_INCOME_CATEGORIES.includes(item.category);
}

/**
 * The review cadence of a household (A art. 31, DOMAIN.md "After approval"): every 6 months ('irregular') only
 * when both hold: the household has income whose source is not fixed (收入来源不固定) and a counted member able
 * to work. Every other household is reviewed yearly ('stable'): the elderly, the disabled, households living on
 * pensions or transfers, and a household whose income from work is a stable salary (wages with fixedSource:
 * true, e.g. under a labour contract), even with a member able to work: A art. 31 asks for both conditions,
 * and a member able to work alone does not make a salary irregular. Items that do not say keep the category
 * default, so facts recorded before fixedSource existed are classified as before.
 */
export function reviewCadenceFor(facts: ReviewCadenceFacts): ReviewCadence {
  const ableToWork = facts.members.some((member) => member.ableToWork && !member.exclusion);
  const irregularIncome = facts.incomes.some((item) => !hasFixedSource(item));
  return ableToWork && irregularIncome ? 'irregular' : 'stable';
}

export function nextReviewDue(lastReviewedOn: LocalDate, cadence: ReviewCadence, policy: DibaoPolicy): LocalDate {
  const rule = cadence === 'stable' ? 'stableReviewIntervalMonths' : 'irregularReviewIntervalMonths';
  return addMonths(lastReviewedOn, ruleAt(policy, rule, lastReviewedOn));
}

/** A death in the household is reviewed within 3 months of the death. */
export function deathReviewDue(diedOn: LocalDate, policy: DibaoPolicy): LocalDate {
  return addMonths(diedOn, ruleAt(policy, 'deathReviewWithinMonths', diedOn));
}

/**
 * The last month paid in a gradual exit (渐退期) that starts in `firstMonth` and lasts `months` months,
 * at most the configured maximum (6).
 */
export function gradualExitLastMonth(firstMonth: YearMonth, months: number, policy: DibaoPolicy): YearMonth {
  const start = firstDayOfMonth(firstMonth);
  const maximum = ruleAt(policy, 'gradualExitMaxMonths', start);
  if (!Number.isInteger(months) || months < 1 || months > maximum) {
    throw new DomainError(
      DomainErrorCode.InvalidArgument,
      `a gradual exit lasts 1 to ${maximum} months, got ${months}`,
      { months, maximum },
    );
  }
  return yearMonthOf(addMonths(start, months - 1));
}
