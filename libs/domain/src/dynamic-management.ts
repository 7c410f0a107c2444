import { daysBetween, LocalDate } from './local-date';
import { fen } from './money';
import {
  compareMonths,
  firstDayOf,
  firstDayOfMonth,
  firstMonthOf,
  lastMonthOf,
  monthsOfPeriodWithin,
  nextMonth,
  nextPeriod,
  PaymentPeriod,
  periodContaining,
  periodOf,
  previousMonth,
  schemeOfPeriod,
  yearMonth,
  YearMonth,
  yearMonthOf,
} from './payment-period';
import { DibaoPolicy } from './policy';
import { gradualExitLastMonth, ReviewCadence, ReviewCadenceFacts, reviewCadenceFor } from './review-schedule';
import { Scheme } from './scheme';

/*
 * Dynamic management after approval (动态管理): the small decisions a beneficiary's workflow takes besides the
 * amount (household-amount.ts) and the review dates (review-schedule.ts). Pure: every "today" is a parameter.
 */

/** What the cadence looks at: who can work and what kind of income the household has (review-schedule.ts). */
export type CadenceFacts = ReviewCadenceFacts;

/**
 * A art. 31: every six months for income whose source is not fixed with a counted member able to work, yearly
 * for the others; a stable salary (fixedSource) is yearly. The rule lives in review-schedule.ts (reviewCadenceFor).
 */
export function reviewCadenceOf(facts: CadenceFacts): ReviewCadence {
  return reviewCadenceFor(facts);
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

/**
 * A gradual exit (渐退期) as a range of months: DOMAIN.md "up to 6 months of continued payment" counts months,
 * whatever the scheme's payment frequency. Its length is chosen per case by the review that starts it (at most
 * the policy's `gradualExitMaxMonths` in force at its first month); `defaultMonths` (the worker's
 * BENEFICIARY_GRADUAL_EXIT_MONTHS) when the review names none. Throws a DomainError for a length out of range.
 */
export interface GradualExitPlan {
  readonly firstMonth: YearMonth;
  readonly lastMonth: YearMonth;
  readonly months: number;
}

export function gradualExitPlan(reviewedOn: LocalDate, requestedMonths: number | undefined, defaultMonths: number, policy: DibaoPolicy): GradualExitPlan {
  const months = requestedMonths ?? defaultMonths;
  const firstMonth = gradualExitFirstMonth(reviewedOn);
  return { firstMonth, lastMonth: gradualExitLastMonth(firstMonth, months, policy), months };
}

/**
 * How a benefit that ends after `lastPaidMonth` stops, stated so that no payer can misread it: the last month
 * paid, the first month not paid, and the period that first month falls in. For urban (monthly) the period is
 * that month; for rural (quarterly) it may be a quarter still partly paid: an exit March–August stops in 2026-Q3,
 * which pays July and August and not September (pro rata by month, like the first quarter after approval).
 */
export interface BenefitStop {
  readonly lastPaidMonth: YearMonth;
  readonly firstUnpaidMonth: YearMonth;
  readonly fromPeriod: PaymentPeriod;
}

export function benefitStopAfter(scheme: Scheme, lastPaidMonth: YearMonth): BenefitStop {
  const firstUnpaidMonth = nextMonth(lastPaidMonth);
  return { lastPaidMonth, firstUnpaidMonth, fromPeriod: periodContaining(scheme, firstUnpaidMonth) };
}

/**
 * The stop of a benefit ended from a whole period on (a review's termination): paid through the month before
 * the period, or through `notAfter` when that is earlier (a gradual exit already ending sooner).
 */
export function benefitStopFrom(from: PaymentPeriod, notAfter?: YearMonth): BenefitStop {
  const before = previousMonth(firstMonthOf(from));
  const lastPaid = notAfter !== undefined && compareMonths(notAfter, before) < 0 ? notAfter : before;
  return benefitStopAfter(schemeOfPeriod(from), lastPaid);
}

/** The months of a period a benefit paid through `lastPaidMonth` still pays (all, some or none). */
export function monthsPaidThrough(period: PaymentPeriod, lastPaidMonth: YearMonth): YearMonth[] {
  return monthsOfPeriodWithin(period, undefined, lastPaidMonth);
}

/** True when a period has months after the last paid month (a quarter partly or wholly past the end). */
export function periodRunsPast(period: PaymentPeriod, lastPaidMonth: YearMonth): boolean {
  return compareMonths(lastMonthOf(period), lastPaidMonth) > 0;
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
