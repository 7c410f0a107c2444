import { DomainErrorCode } from './domain-error';
import {
  addDays,
  addMonths,
  ageOn,
  compareDates,
  dayOfWeek,
  daysBetween,
  fromEpochDay,
  isBefore,
  isLocalDate,
  isWeekend,
  localDate,
  localDateAt,
  localDateOf,
  maxDate,
  minDate,
  startOfLocalDay,
  toEpochDay,
} from './local-date';
import { errorCode } from './test/domain-error.helper';

const d = localDate;

describe('LocalDate', () => {
  it.each(['2024-02-29', '2026-12-31', '1900-01-01', '0001-01-01'])('accepts %s', (text) => {
    expect(localDate(text)).toBe(text);
  });

  it.each(['2026-02-29', '1900-02-29', '2026-13-01', '2026-04-31', '2026-1-01', '2026-01-1', '20260101', '0000-01-01', ' 2026-01-01', '2026-01-01T00:00'])(
    'refuses %s',
    (text) => {
      expect(errorCode(() => localDate(text))).toBe(DomainErrorCode.InvalidDate);
    },
  );

  it('guards unknown values', () => {
    expect(isLocalDate('2026-03-06')).toBe(true);
    expect(isLocalDate(20260306)).toBe(false);
    expect(isLocalDate(undefined)).toBe(false);
    expect(errorCode(() => localDateOf(2026, 2, 29))).toBe(DomainErrorCode.InvalidDate);
  });

  it('counts epoch days like UTC', () => {
    expect(toEpochDay(d('1970-01-01'))).toBe(0);
    expect(toEpochDay(d('1969-12-31'))).toBe(-1);
    expect(fromEpochDay(0)).toBe('1970-01-01');
    // Every day over two centuries, checked against the engine's UTC calendar.
    for (let day = -25_600; day <= 47_500; day++) {
      const expected = new Date(day * 86_400_000).toISOString().slice(0, 10);
      const date = fromEpochDay(day);
      if (date !== expected || toEpochDay(date) !== day) {
        throw new Error(`epoch day ${day}: got ${date}, expected ${expected}`);
      }
    }
  });

  it('adds days across months, leap days and years', () => {
    expect(addDays(d('2026-02-28'), 1)).toBe('2026-03-01');
    expect(addDays(d('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(d('2026-01-01'), -1)).toBe('2025-12-31');
    expect(addDays(d('2026-03-06'), 0)).toBe('2026-03-06');
    expect(errorCode(() => addDays(d('2026-03-06'), 0.5))).toBe(DomainErrorCode.InvalidArgument);
  });

  it('adds months, clamping to the end of the month', () => {
    expect(addMonths(d('2026-01-31'), 1)).toBe('2026-02-28');
    expect(addMonths(d('2024-01-31'), 1)).toBe('2024-02-29');
    expect(addMonths(d('2026-11-15'), 3)).toBe('2027-02-15');
    expect(addMonths(d('2026-03-31'), -1)).toBe('2026-02-28');
    expect(addMonths(d('2026-03-31'), -15)).toBe('2024-12-31');
  });

  it('measures and compares', () => {
    expect(daysBetween(d('2026-01-01'), d('2026-03-01'))).toBe(59);
    expect(daysBetween(d('2026-03-01'), d('2026-01-01'))).toBe(-59);
    expect(compareDates(d('2026-03-06'), d('2026-03-07'))).toBe(-1);
    expect(compareDates(d('2026-03-07'), d('2026-03-07'))).toBe(0);
    expect(compareDates(d('2027-01-01'), d('2026-12-31'))).toBe(1);
    expect(isBefore(d('2025-12-31'), d('2026-01-01'))).toBe(true);
    expect(maxDate(d('2026-01-01'), d('2025-12-31'))).toBe('2026-01-01');
    expect(minDate(d('2026-01-01'), d('2025-12-31'))).toBe('2025-12-31');
  });

  it('knows the day of the week', () => {
    expect(dayOfWeek(d('1970-01-01'))).toBe(4);
    expect(dayOfWeek(d('1969-12-28'))).toBe(7);
    expect(dayOfWeek(d('2026-03-06'))).toBe(5);
    expect(dayOfWeek(d('2026-03-09'))).toBe(1);
    expect(isWeekend(d('2026-03-07'))).toBe(true);
    expect(isWeekend(d('2026-03-06'))).toBe(false);
  });

  it('computes completed years of age', () => {
    expect(ageOn(d('2008-03-06'), d('2026-03-05'))).toBe(17);
    expect(ageOn(d('2008-03-06'), d('2026-03-06'))).toBe(18);
    expect(ageOn(d('2008-02-29'), d('2026-02-28'))).toBe(17);
    expect(ageOn(d('2008-02-29'), d('2026-03-01'))).toBe(18);
  });

  it('reads the date at an instant in China time by default', () => {
    const midnightInBeijing = Date.UTC(2026, 2, 5, 16, 0, 0);
    expect(localDateAt(midnightInBeijing)).toBe('2026-03-06');
    expect(localDateAt(midnightInBeijing - 1)).toBe('2026-03-05');
    expect(localDateAt(midnightInBeijing, 0)).toBe('2026-03-05');
  });

  it('gives the instant a date begins in China time, the inverse of localDateAt at midnight', () => {
    expect(startOfLocalDay(d('2026-03-06'))).toBe(Date.UTC(2026, 2, 5, 16, 0, 0));
    expect(startOfLocalDay(d('2026-03-06'), 0)).toBe(Date.UTC(2026, 2, 6));
    expect(localDateAt(startOfLocalDay(d('2028-02-29')))).toBe('2028-02-29');
    expect(localDateAt(startOfLocalDay(d('2028-02-29')) - 1)).toBe('2028-02-28');
  });
});
