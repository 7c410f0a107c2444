import { DomainError, DomainErrorCode } from './domain-error';
import { FIXED_DATE_STATUTORY_HOLIDAYS, HOLIDAY_SCHEDULES, HolidaySchedule } from './holiday-calendar.data';
import { addDays, compareDates, dayOf, isLocalDate, isWeekend, LocalDate, monthOf, yearOf } from './local-date';

/** Thrown when a date falls in a year for which no holiday schedule is loaded. */
export class HolidayDataMissingError extends DomainError {
  override readonly name = 'HolidayDataMissingError';

  constructor(readonly year: number) {
    super(
      DomainErrorCode.HolidayDataMissing,
      `no holiday schedule for ${year}: add the State Council's ${year} notice to the calendar data`,
      { year },
    );
  }
}

/**
 * What a calendar does in a year without a State Council schedule:
 * - 'throw' refuses (HolidayDataMissingError);
 * - 'provisional' counts weekends and the fixed-date statutory holidays (FIXED_DATE_STATUTORY_HOLIDAYS) as days
 *   off, and every result that looked at such a year says so (`provisional: true`, `missingYears`);
 * - 'weekends-only' counts Monday–Friday, silently: kept only so that cases started before provisional
 *   counting existed replay as they ran. Do not use it for anything new.
 */
export type MissingHolidayYear = 'throw' | 'provisional' | 'weekends-only';

export interface WorkingDayCalendarOptions {
  /**
   * What to do for a year without a schedule. 'throw' (the default) refuses, because treating such a
   * year as weekends-only would silently shorten every deadline that crosses a holiday.
   */
  readonly missingYear?: MissingHolidayYear;
}

/** A due date, and whether it depends on a year whose schedule is not loaded (then it may still move). */
export interface CalendarDue {
  readonly dueOn: LocalDate;
  /** True when a day counted lies in a year without a schedule: fixed-date holidays and weekends only. */
  readonly provisional: boolean;
  /** Those years, ascending (empty when not provisional). */
  readonly missingYears: readonly number[];
}

/**
 * Working days (工作日) per the national calendar: Monday–Friday, minus official days off, plus the
 * weekend days declared working days (调休). Deadlines are counted from the day after the starting
 * date (开始的当日不计入, Civil Code art. 201), so the day after acceptance is working day 1 if it is one.
 */
export class WorkingDayCalendar {
  private readonly daysOff = new Set<string>();
  private readonly makeUpWorkdays = new Set<string>();
  private readonly years = new Set<number>();
  private readonly missingYear: MissingHolidayYear;

  constructor(schedules: readonly HolidaySchedule[], options: WorkingDayCalendarOptions = {}) {
    this.missingYear = options.missingYear ?? 'throw';
    for (const schedule of schedules) this.load(schedule);
  }

  /** The years whose schedules are loaded, ascending. */
  get coveredYears(): readonly number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  hasScheduleFor(year: number): boolean {
    return this.years.has(year);
  }

  isWorkingDay(date: LocalDate): boolean {
    this.requireSchedule(date);
    if (this.makeUpWorkdays.has(date)) return true;
    if (this.daysOff.has(date)) return false;
    if (this.missingYear === 'provisional' && !this.years.has(yearOf(date)) && isFixedDateHoliday(date)) return false;
    return !isWeekend(date);
  }

  /** True when `date` is in a year without a schedule (whatever the missing-year mode). */
  isProvisional(date: LocalDate): boolean {
    return !this.years.has(yearOf(date));
  }

  /** The years without a schedule among the years of the days in (from, to], ascending. */
  missingYearsBetween(from: LocalDate, to: LocalDate): number[] {
    const [a, b] = from <= to ? [from, to] : [to, from];
    const missing: number[] = [];
    for (let year = yearOf(a === b ? a : addDays(a, 1)); year <= yearOf(b); year++) if (!this.years.has(year)) missing.push(year);
    return missing;
  }

  /** addWorkingDays with the provisional flag: whether the count ran through a year without a schedule. */
  addWorkingDaysDue(date: LocalDate, workingDays: number): CalendarDue {
    return this.due(date, this.addWorkingDays(date, workingDays));
  }

  /** addCalendarDays with the provisional flag (a period of calendar days does not depend on holidays, but a
   * day in an unscheduled year is still flagged so the case shows the year is missing). */
  addCalendarDaysDue(date: LocalDate, days: number): CalendarDue {
    return this.due(date, this.addCalendarDays(date, days));
  }

  isDayOff(date: LocalDate): boolean {
    return !this.isWorkingDay(date);
  }

  /** The n-th working day after `date` (n = 0 gives `date` itself). */
  addWorkingDays(date: LocalDate, workingDays: number): LocalDate {
    if (!Number.isSafeInteger(workingDays) || workingDays < 0) {
      throw new DomainError(DomainErrorCode.InvalidArgument, `working days must be a non-negative integer, got ${workingDays}`);
    }
    let current = date;
    let remaining = workingDays;
    while (remaining > 0) {
      current = addDays(current, 1);
      if (this.isWorkingDay(current)) remaining -= 1;
    }
    return current;
  }

  /**
   * Working days in the interval (from, to]: the count such that addWorkingDays(from, count) is the
   * last working day on or before `to`. Negative when `to` is before `from`.
   */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    const order = compareDates(from, to);
    if (order === 0) return 0;
    if (order > 0) return -this.workingDaysBetween(to, from);
    let count = 0;
    for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
      if (this.isWorkingDay(day)) count += 1;
    }
    return count;
  }

  /** Calendar days (自然日), e.g. the 7-day publicity; holidays do not extend it. */
  addCalendarDays(date: LocalDate, days: number): LocalDate {
    return addDays(date, days);
  }

  /** The first working day on or after `date`. */
  workingDayOnOrAfter(date: LocalDate): LocalDate {
    let current = date;
    while (!this.isWorkingDay(current)) current = addDays(current, 1);
    return current;
  }

  private due(from: LocalDate, dueOn: LocalDate): CalendarDue {
    const missingYears = this.missingYearsBetween(from, dueOn);
    return { dueOn, provisional: missingYears.length > 0, missingYears };
  }

  private requireSchedule(date: LocalDate): void {
    const year = yearOf(date);
    if (!this.years.has(year) && this.missingYear === 'throw') throw new HolidayDataMissingError(year);
  }

  private load(schedule: HolidaySchedule): void {
    if (this.years.has(schedule.year)) invalidData(`the ${schedule.year} schedule is given twice`);
    this.years.add(schedule.year);
    for (const range of schedule.holidays) {
      const from = requireDate(range.from, schedule.year);
      const to = requireDate(range.to, schedule.year);
      if (from > to) invalidData(`${schedule.year} ${range.name}: ${from} is after ${to}`);
      for (let day = from; day <= to; day = addDays(day, 1)) this.daysOff.add(day);
    }
    for (const text of schedule.makeUpWorkdays) {
      const day = requireDate(text, schedule.year);
      if (!isWeekend(day)) invalidData(`${schedule.year}: make-up workday ${day} is not a Saturday or Sunday`);
      if (this.daysOff.has(day)) invalidData(`${schedule.year}: ${day} is both a day off and a make-up workday`);
      this.makeUpWorkdays.add(day);
    }
  }
}

/** The calendar of the bundled State Council schedules. */
export function createWorkingDayCalendar(
  schedules: readonly HolidaySchedule[] = HOLIDAY_SCHEDULES,
  options: WorkingDayCalendarOptions = {},
): WorkingDayCalendar {
  return new WorkingDayCalendar(schedules, options);
}

function isFixedDateHoliday(date: LocalDate): boolean {
  const month = monthOf(date);
  const day = dayOf(date);
  return FIXED_DATE_STATUTORY_HOLIDAYS.some((h) => h.month === month && h.day === day);
}

function requireDate(text: string, year: number): LocalDate {
  if (!isLocalDate(text)) invalidData(`${year}: "${text}" is not a date in the form YYYY-MM-DD`);
  // A notice may reach one day into the neighbouring year (e.g. New Year's Day leave starting 31 December).
  if (Math.abs(yearOf(text) - year) > 1) invalidData(`${year}: ${text} is not in or next to ${year}`);
  return text;
}

function invalidData(message: string): never {
  throw new DomainError(DomainErrorCode.InvalidHolidayData, message);
}
