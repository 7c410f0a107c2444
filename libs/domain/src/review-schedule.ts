import { DomainError, DomainErrorCode } from './domain-error';
import { addMonths, LocalDate } from './local-date';
import { firstDayOfMonth, YearMonth, yearMonthOf } from './payment-period';
import { DibaoPolicy, ruleAt } from './policy';

/**
 * Review cadence after approval (A art. 31): stable households yearly; households with irregular income
 * and members able to work every 6 months.
 */
export type ReviewCadence = 'stable' | 'irregular';

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
