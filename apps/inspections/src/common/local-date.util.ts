import { addDays as addLocalDays, daysBetween as localDaysBetween, isLocalDate, localDate, localDateAt } from '@dibao/domain';

// Thin adapters over libs/domain's LocalDate helpers for the plain 'YYYY-MM-DD' strings that TypeORM and
// the DTOs carry. localDate() throws a DomainError (→ 422) on a malformed date; callers validate first.

export { isLocalDate };

/** The calendar date in China (UTC+8) at an instant. */
export function todayAt(epochMillis: number): string {
  return localDateAt(epochMillis);
}

/** Days from `from` to `to`, positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return localDaysBetween(localDate(from), localDate(to));
}

export function addDays(date: string, days: number): string {
  return addLocalDays(localDate(date), days);
}
