import { DomainError, DomainErrorCode } from './domain-error';

declare const localDateBrand: unique symbol;

/**
 * A calendar date without time or zone, written 'YYYY-MM-DD'. All arithmetic is on day numbers
 * counted from 1970-01-01 (proleptic Gregorian, the same as UTC), so the host's time zone never matters
 * and nothing reads the clock: "today" is always a parameter.
 */
export type LocalDate = string & { readonly [localDateBrand]: 'LocalDate' };

/** ISO day of week: 1 = Monday … 7 = Sunday. */
export type DayOfWeek = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** China Standard Time, UTC+8, no daylight saving since 1991. */
export const CHINA_UTC_OFFSET_MINUTES = 480;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MILLIS_PER_DAY = 86_400_000;

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const match = DATE_PATTERN.exec(value);
  if (match === null) return false;
  return isRealDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Validates 'YYYY-MM-DD' as a real calendar date (2026-02-29 is refused). */
export function localDate(text: string): LocalDate {
  if (!isLocalDate(text)) {
    throw new DomainError(DomainErrorCode.InvalidDate, `"${text}" is not a calendar date in the form YYYY-MM-DD`);
  }
  return text;
}

export function localDateOf(year: number, month: number, day: number): LocalDate {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day) || !isRealDate(year, month, day)) {
    throw new DomainError(DomainErrorCode.InvalidDate, `${year}-${month}-${day} is not a calendar date`);
  }
  return format(year, month, day);
}

export function isRealDate(year: number, month: number, day: number): boolean {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

export function monthOf(date: LocalDate): number {
  return Number(date.slice(5, 7));
}

export function dayOf(date: LocalDate): number {
  return Number(date.slice(8, 10));
}

/** Days since 1970-01-01 (negative before). */
export function toEpochDay(date: LocalDate): number {
  return daysFromCivil(yearOf(date), monthOf(date), dayOf(date));
}

export function fromEpochDay(epochDay: number): LocalDate {
  if (!Number.isSafeInteger(epochDay)) {
    throw new DomainError(DomainErrorCode.InvalidArgument, `epoch day must be an integer, got ${epochDay}`);
  }
  const { year, month, day } = civilFromDays(epochDay);
  return localDateOf(year, month, day);
}

/**
 * The calendar date at an instant as seen at a fixed UTC offset (China by default). Workflows pass
 * their deterministic clock; services pass the request time.
 */
export function localDateAt(epochMillis: number, utcOffsetMinutes: number = CHINA_UTC_OFFSET_MINUTES): LocalDate {
  if (!Number.isFinite(epochMillis) || !Number.isInteger(utcOffsetMinutes)) {
    throw new DomainError(DomainErrorCode.InvalidArgument, 'localDateAt needs a finite instant and a whole-minute offset');
  }
  return fromEpochDay(Math.floor((epochMillis + utcOffsetMinutes * 60_000) / MILLIS_PER_DAY));
}

/**
 * The instant a calendar date begins at a fixed UTC offset (China by default), in epoch milliseconds: when a
 * deadline "by the end of the day before" passes. The inverse of localDateAt for midnight.
 */
export function startOfLocalDay(date: LocalDate, utcOffsetMinutes: number = CHINA_UTC_OFFSET_MINUTES): number {
  if (!Number.isInteger(utcOffsetMinutes)) {
    throw new DomainError(DomainErrorCode.InvalidArgument, 'startOfLocalDay needs a whole-minute offset');
  }
  return toEpochDay(date) * MILLIS_PER_DAY - utcOffsetMinutes * 60_000;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isSafeInteger(days)) {
    throw new DomainError(DomainErrorCode.InvalidArgument, `days must be an integer, got ${days}`);
  }
  return fromEpochDay(toEpochDay(date) + days);
}

/**
 * Adds calendar months; when the day does not exist in the target month it is clamped to the
 * month's last day (2026-01-31 + 1 month = 2026-02-28).
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  if (!Number.isSafeInteger(months)) {
    throw new DomainError(DomainErrorCode.InvalidArgument, `months must be an integer, got ${months}`);
  }
  const monthIndex = yearOf(date) * 12 + (monthOf(date) - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  return localDateOf(year, month, Math.min(dayOf(date), daysInMonth(year, month)));
}

/** Number of days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function compareDates(a: LocalDate, b: LocalDate): -1 | 0 | 1 {
  // 'YYYY-MM-DD' strings sort chronologically.
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isBefore(a: LocalDate, b: LocalDate): boolean {
  return a < b;
}

export function isAfter(a: LocalDate, b: LocalDate): boolean {
  return a > b;
}

export function maxDate(a: LocalDate, b: LocalDate): LocalDate {
  return a >= b ? a : b;
}

export function minDate(a: LocalDate, b: LocalDate): LocalDate {
  return a <= b ? a : b;
}

export function dayOfWeek(date: LocalDate): DayOfWeek {
  // 1970-01-01 was a Thursday (4).
  return ((((toEpochDay(date) + 3) % 7) + 7) % 7 + 1) as DayOfWeek;
}

export function isWeekend(date: LocalDate): boolean {
  return dayOfWeek(date) >= 6;
}

/** Completed years of age on a date (a person born on 29 February turns a year older on 1 March). */
export function ageOn(birthDate: LocalDate, on: LocalDate): number {
  const years = yearOf(on) - yearOf(birthDate);
  const hadBirthday = on.slice(5) >= birthDate.slice(5);
  return hadBirthday ? years : years - 1;
}

function format(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as LocalDate;
}

// Howard Hinnant's days_from_civil / civil_from_days: exact integer calendar arithmetic.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function civilFromDays(epochDay: number): { year: number; month: number; day: number } {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}
