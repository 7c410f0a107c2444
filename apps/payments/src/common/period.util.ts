import type { Scheme } from '@dibao/domain';

/**
 * Payment periods as month indexes, for SQL range checks: index = year × 12 + (month − 1).
 * A period covers [firstMonth, lastMonth]: one month for urban ('2026-03'), three for rural ('2026-Q2').
 * Pure string checks here; `@dibao/domain` (payment-period) holds the same rules for the workflow side.
 */
export interface PeriodRange {
  period: string;
  scheme: Scheme;
  firstMonth: number;
  lastMonth: number;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;

export function schemeOfPeriodText(period: string): Scheme | undefined {
  if (MONTH.test(period)) return 'urban';
  if (QUARTER.test(period)) return 'rural';
  return undefined;
}

/** The period's month range, or undefined when the text is not a period of the scheme. */
export function periodRange(scheme: Scheme, period: string): PeriodRange | undefined {
  if (scheme === 'urban') {
    const m = MONTH.exec(period);
    if (!m) return undefined;
    const idx = Number(m[1]) * 12 + Number(m[2]) - 1;
    return { period, scheme, firstMonth: idx, lastMonth: idx };
  }
  const q = QUARTER.exec(period);
  if (!q) return undefined;
  const first = Number(q[1]) * 12 + (Number(q[2]) - 1) * 3;
  return { period, scheme, firstMonth: first, lastMonth: first + 2 };
}

export function monthIndex(yearMonthOrDate: string): number {
  return Number(yearMonthOrDate.slice(0, 4)) * 12 + Number(yearMonthOrDate.slice(5, 7)) - 1;
}

export function monthText(index: number): string {
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The period of a scheme that contains a month index. */
export function periodOfMonth(scheme: Scheme, index: number): PeriodRange {
  if (scheme === 'urban') return { period: monthText(index), scheme, firstMonth: index, lastMonth: index };
  const year = Math.floor(index / 12);
  const quarter = Math.floor((index % 12) / 3);
  const first = year * 12 + quarter * 3;
  return { period: `${year}-Q${quarter + 1}`, scheme, firstMonth: first, lastMonth: first + 2 };
}

/** The first period of a scheme that starts on or after a month index. */
export function firstPeriodStartingAtOrAfter(scheme: Scheme, index: number): PeriodRange {
  const containing = periodOfMonth(scheme, index);
  return containing.firstMonth === index ? containing : periodOfMonth(scheme, containing.lastMonth + 1);
}

export function nextPeriodOf(range: PeriodRange): PeriodRange {
  return periodOfMonth(range.scheme, range.lastMonth + 1);
}
