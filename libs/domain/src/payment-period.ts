import { DomainError, DomainErrorCode } from './domain-error';
import { addMonths, daysInMonth, LocalDate, localDateOf, monthOf, yearOf } from './local-date';
import { PAYMENT_FREQUENCY, Scheme } from './scheme';

declare const yearMonthBrand: unique symbol;
declare const paymentPeriodBrand: unique symbol;

/** A calendar month, 'YYYY-MM'. */
export type YearMonth = string & { readonly [yearMonthBrand]: 'YearMonth' };

/**
 * What one payment covers: a month for urban dibao ('2026-03'), a quarter for rural ('2026-Q2').
 * The string form is the key used in payrolls and events (one payment per household per period).
 */
export type PaymentPeriod = string & { readonly [paymentPeriodBrand]: 'PaymentPeriod' };

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/;

export function isYearMonth(value: unknown): value is YearMonth {
  return typeof value === 'string' && MONTH_PATTERN.test(value) && value >= '0001';
}

export function yearMonth(text: string): YearMonth {
  if (!isYearMonth(text)) {
    throw new DomainError(DomainErrorCode.InvalidPeriod, `"${text}" is not a month in the form YYYY-MM`);
  }
  return text;
}

export function yearMonthOf(date: LocalDate): YearMonth {
  return formatMonth(yearOf(date), monthOf(date));
}

export function nextMonth(month: YearMonth): YearMonth {
  return yearMonthOf(addMonths(firstDayOfMonth(month), 1));
}

export function firstDayOfMonth(month: YearMonth): LocalDate {
  return localDateOf(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1);
}

export function lastDayOfMonth(month: YearMonth): LocalDate {
  const year = Number(month.slice(0, 4));
  const monthNumber = Number(month.slice(5, 7));
  return localDateOf(year, monthNumber, daysInMonth(year, monthNumber));
}

/** True when the text is a period of the scheme's frequency. */
export function isPaymentPeriod(scheme: Scheme, value: unknown): value is PaymentPeriod {
  if (typeof value !== 'string') return false;
  return PAYMENT_FREQUENCY[scheme] === 'monthly' ? isYearMonth(value) : QUARTER_PATTERN.test(value) && value >= '0001';
}

/** Validates a period string for a scheme: '2026-03' for urban, '2026-Q2' for rural. */
export function paymentPeriod(scheme: Scheme, text: string): PaymentPeriod {
  if (!isPaymentPeriod(scheme, text)) {
    const example = PAYMENT_FREQUENCY[scheme] === 'monthly' ? '2026-03' : '2026-Q2';
    throw new DomainError(DomainErrorCode.InvalidPeriod, `"${text}" is not a ${scheme} payment period (e.g. ${example})`);
  }
  return text;
}

/** The scheme a period string belongs to, read from its shape. */
export function schemeOfPeriod(period: PaymentPeriod): Scheme {
  return QUARTER_PATTERN.test(period) ? 'rural' : 'urban';
}

/** The period that contains a date. */
export function periodOf(scheme: Scheme, date: LocalDate): PaymentPeriod {
  return periodContaining(scheme, yearMonthOf(date));
}

/** The period that contains a month. */
export function periodContaining(scheme: Scheme, month: YearMonth): PaymentPeriod {
  if (PAYMENT_FREQUENCY[scheme] === 'monthly') return month as string as PaymentPeriod;
  const monthNumber = Number(month.slice(5, 7));
  return `${month.slice(0, 4)}-Q${Math.ceil(monthNumber / 3)}` as PaymentPeriod;
}

/** The months a period covers, in order: one for a month, three for a quarter. */
export function monthsIn(period: PaymentPeriod): YearMonth[] {
  const quarter = QUARTER_PATTERN.exec(period);
  if (quarter === null) return [period as string as YearMonth];
  const year = Number(quarter[1]);
  const firstMonth = (Number(quarter[2]) - 1) * 3 + 1;
  return [0, 1, 2].map((offset) => formatMonth(year, firstMonth + offset));
}

export function firstDayOf(period: PaymentPeriod): LocalDate {
  return firstDayOfMonth(monthsIn(period)[0]);
}

export function lastDayOf(period: PaymentPeriod): LocalDate {
  const months = monthsIn(period);
  return lastDayOfMonth(months[months.length - 1]);
}

export function nextPeriod(period: PaymentPeriod): PaymentPeriod {
  const months = monthsIn(period);
  return periodContaining(schemeOfPeriod(period), nextMonth(months[months.length - 1]));
}

/** Periods sort chronologically as strings within one scheme. */
export function comparePeriods(a: PaymentPeriod, b: PaymentPeriod): -1 | 0 | 1 {
  if (schemeOfPeriod(a) !== schemeOfPeriod(b)) {
    throw new DomainError(DomainErrorCode.InvalidPeriod, `cannot compare ${a} with ${b}: different schemes`);
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Benefits start the month after approval (DOMAIN.md, notice stage). */
export function benefitStartMonth(approvalDate: LocalDate): YearMonth {
  return nextMonth(yearMonthOf(approvalDate));
}

/**
 * The first period a newly approved household is paid for: the period containing the month after approval.
 * For rural dibao that is the quarter containing that month, paid only for the months from the start month
 * on (see payableMonths): approval on 2026-02-10 starts in March, so 2026-Q1 pays one month (March);
 * approval on 2026-03-15 starts in April, so 2026-Q2 pays all three months. No back pay for months before.
 */
export function firstPeriodAfterApproval(scheme: Scheme, approvalDate: LocalDate): PaymentPeriod {
  return periodContaining(scheme, benefitStartMonth(approvalDate));
}

/** The months of a period on or after a start month (and, if given, on or before an end month). */
export function payableMonths(period: PaymentPeriod, from?: YearMonth, through?: YearMonth): YearMonth[] {
  return monthsIn(period).filter((month) => (from === undefined || month >= from) && (through === undefined || month <= through));
}

function formatMonth(year: number, month: number): YearMonth {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}` as YearMonth;
}

// ---- months against periods (typed: a month and a quarter are never compared as strings) ----

/** Months since year 0 (`year × 12 + month − 1`): the order of months, for arithmetic and comparison. */
export function monthNumberOf(month: YearMonth): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/** Chronological order of two months. */
export function compareMonths(a: YearMonth, b: YearMonth): -1 | 0 | 1 {
  const d = monthNumberOf(a) - monthNumberOf(b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/** The month `n` months after (negative: before) a month. */
export function addMonthsToMonth(month: YearMonth, n: number): YearMonth {
  const index = monthNumberOf(month) + n;
  return formatMonth(Math.floor(index / 12), (index % 12) + 1);
}

export function previousMonth(month: YearMonth): YearMonth {
  return addMonthsToMonth(month, -1);
}

/** The first and the last month a period covers. */
export function firstMonthOf(period: PaymentPeriod): YearMonth {
  return monthsIn(period)[0];
}
export function lastMonthOf(period: PaymentPeriod): YearMonth {
  const months = monthsIn(period);
  return months[months.length - 1];
}

/**
 * Where a month lies against a period: -1 before the period starts, 0 inside it, 1 after it ends. The typed
 * answer to "is 2026-08 after 2026-Q3?" (no: inside), which a string comparison gets wrong.
 */
export function compareMonthWithPeriod(month: YearMonth, period: PaymentPeriod): -1 | 0 | 1 {
  if (compareMonths(month, firstMonthOf(period)) < 0) return -1;
  if (compareMonths(month, lastMonthOf(period)) > 0) return 1;
  return 0;
}

/** The months of a period within [from, through] (either end open when omitted), compared as months. */
export function monthsOfPeriodWithin(period: PaymentPeriod, from?: YearMonth, through?: YearMonth): YearMonth[] {
  return monthsIn(period).filter((m) => (from === undefined || compareMonths(m, from) >= 0) && (through === undefined || compareMonths(m, through) <= 0));
}
