import {
  addDays,
  addMonths,
  DibaoPolicy,
  fen,
  firstDayOfMonth,
  LocalDate,
  nextMonth,
  nextPeriod,
  PaymentPeriod,
  periodContaining,
  periodOf,
  Scheme,
  yearMonth,
  YearMonth,
  yearMonthOf,
} from '@dibao/domain';
import type { BeneficiaryFacts, ReviewCadence } from '@dibao/contracts';

/*
 * Small pure decisions of dynamic management that libs/domain does not have yet (it has the review cadence,
 * the death review and the gradual exit's last month). Written here because libs/domain is not ours to edit;
 * candidates to move there.
 */

/** Income from work that varies month to month. */
const IRREGULAR_CATEGORIES = new Set(['wages', 'business']);

/**
 * A art. 31: households with irregular income and members able to work are reviewed every six months, the
 * others (stable: elderly, disabled, no income from work) yearly.
 */
export function reviewCadenceOf(facts: BeneficiaryFacts): ReviewCadence {
  const ableToWork = facts.members.some((m) => m.ableToWork && !m.exclusion);
  const irregularIncome = facts.incomes.some((i) => IRREGULAR_CATEGORIES.has(i.category));
  return ableToWork && irregularIncome ? 'irregular' : 'stable';
}

/** Changes apply from the next payment period: the one after the period containing `today`. */
export function nextPaymentPeriod(scheme: Scheme, today: LocalDate): PaymentPeriod {
  return nextPeriod(periodOf(scheme, today));
}

/** The later of two periods of the same scheme. */
export function laterPeriod(a: PaymentPeriod, b: PaymentPeriod): PaymentPeriod {
  return a >= b ? a : b;
}

/** The period containing a date's month. */
export function periodOfDate(scheme: Scheme, date: LocalDate): PaymentPeriod {
  return periodContaining(scheme, yearMonthOf(date));
}

/**
 * The policy with a raised standard (提标) from `effectiveFrom`: the scheme's standard history gets one more
 * entry, so amounts for periods from then use it and earlier ones keep theirs.
 */
export function policyWithStandard(policy: DibaoPolicy, scheme: Scheme, effectiveFrom: LocalDate, standardFen: number): DibaoPolicy {
  const rule = scheme === 'urban' ? 'urbanStandardMonthly' : 'ruralStandardAnnual';
  const history = policy[rule].filter((e) => e.effectiveFrom < effectiveFrom);
  return { ...policy, [rule]: [...history, { effectiveFrom, value: fen(standardFen) }] };
}

/** The first month of a gradual exit: the month after the review that starts it. */
export function gradualExitFirstMonth(reviewedOn: LocalDate): YearMonth {
  return nextMonth(yearMonthOf(reviewedOn));
}

/** The day after a gradual exit's last paid month, when the benefit ends. */
export function gradualExitEndsOn(lastMonth: string): LocalDate {
  return firstDayOfMonth(nextMonth(yearMonth(lastMonth)));
}

export function plusDays(date: string, days: number): LocalDate {
  return addDays(date as LocalDate, days);
}

export function plusMonths(date: string, months: number): LocalDate {
  return addMonths(date as LocalDate, months);
}

/** 00:00 China time of a date, as an instant (the workflow's timers wake then). */
export function startOfChinaDay(date: string): number {
  return Date.parse(`${date}T00:00:00+08:00`);
}
