import { daysBetween, LocalDate } from './local-date';
import { fen } from './money';
import {
  firstDayOf,
  firstDayOfMonth,
  nextMonth,
  nextPeriod,
  PaymentPeriod,
  periodContaining,
  periodOf,
  yearMonth,
  YearMonth,
  yearMonthOf,
} from './payment-period';
import { DibaoPolicy } from './policy';
import { ReviewCadence } from './review-schedule';
import { Scheme } from './scheme';

/*
 * Dynamic management after approval (动态管理): the small decisions a beneficiary's workflow takes besides the
 * amount (household-amount.ts) and the review dates (review-schedule.ts). Pure: every "today" is a parameter.
 */

/** What the cadence looks at: who can work and what kind of income the household has. */
export interface CadenceFacts {
  readonly members: readonly { readonly ableToWork: boolean; readonly exclusion?: string }[];
  readonly incomes: readonly { readonly category: string }[];
}

/** Income from work that varies month to month. */
const IRREGULAR_INCOME_CATEGORIES: ReadonlySet<string> = new Set(['wages', 'business']);

/**
 * A art. 31: households with irregular income (wages, business) and a counted member able to work are reviewed
 * every six months, the others (stable: elderly, disabled, no income from work) yearly.
 */
export function reviewCadenceOf(facts: CadenceFacts): ReviewCadence {
  const ableToWork = facts.members.some((m) => m.ableToWork && !m.exclusion);
  const irregularIncome = facts.incomes.some((i) => IRREGULAR_INCOME_CATEGORIES.has(i.category));
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

/** The period containing a date. */
export function periodOfDate(scheme: Scheme, date: LocalDate): PaymentPeriod {
  return periodContaining(scheme, yearMonthOf(date));
}

/** The first payment period that starts on or after a date (a standard from the 15th applies from the next period). */
export function firstPeriodStartingOnOrAfter(scheme: Scheme, date: LocalDate): PaymentPeriod {
  const p = periodOfDate(scheme, date);
  return firstDayOf(p) < date ? nextPeriod(p) : p;
}

/**
 * The policy with a raised standard (提标) from `effectiveFrom`: one more entry in the scheme's standard history
 * (an entry of the same date is replaced; later ones stay, as in payments' standard table), so amounts for
 * periods from then use it and earlier ones keep theirs. Raises may arrive in any order.
 */
export function policyWithStandard(policy: DibaoPolicy, scheme: Scheme, effectiveFrom: LocalDate, standardFen: number): DibaoPolicy {
  const rule = scheme === 'urban' ? 'urbanStandardMonthly' : 'ruralStandardAnnual';
  const history = policy[rule].filter((e) => e.effectiveFrom !== effectiveFrom);
  const merged = [...history, { effectiveFrom, value: fen(standardFen) }].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  return { ...policy, [rule]: merged };
}

/** The first month of a gradual exit (渐退期): the month after the review that starts it. */
export function gradualExitFirstMonth(reviewedOn: LocalDate): YearMonth {
  return nextMonth(yearMonthOf(reviewedOn));
}

/** The day after a gradual exit's last paid month, when the benefit ends. */
export function gradualExitEndsOn(lastMonth: string): LocalDate {
  return firstDayOfMonth(nextMonth(yearMonth(lastMonth)));
}

/** A raise of the standard reaches a household when it is of its scheme and area (a township's own standard wins). */
export interface StandardRaiseScope {
  readonly scheme: Scheme;
  /** 'county' or a township id with its own standard. */
  readonly area: string;
  /** For a county raise: townships with their own standard in force, which the county raise does not reach. */
  readonly exceptTownships?: readonly string[];
}

export function standardRaiseReaches(raise: StandardRaiseScope, household: { scheme: Scheme; township: string }): boolean {
  if (raise.scheme !== household.scheme) return false;
  if (raise.area !== 'county') return raise.area === household.township;
  return !(raise.exceptTownships ?? []).includes(household.township);
}

/** Days a duty due by `dueOn` is late on `today` (0 until the day after its due date). */
export function daysOverdue(dueOn: LocalDate, today: LocalDate): number {
  return Math.max(0, daysBetween(dueOn, today));
}
