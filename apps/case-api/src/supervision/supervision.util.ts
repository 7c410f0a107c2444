export interface StalledRule {
  /** Stage deadline passed before this instant… */
  deadlineBefore: Date;
  /** …or the case started before this instant. */
  startedBefore: Date;
}

export function stalledRule(now: Date, stalledDays: number, stalledCaseDays: number): StalledRule {
  const day = 86_400_000;
  return { deadlineBefore: new Date(now.getTime() - stalledDays * day), startedBefore: new Date(now.getTime() - stalledCaseDays * day) };
}

/** Whole days from `from` to `to` (negative when `to` is earlier), rounded down. */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / 86_400_000);
}

/** The first day of a payment period: `2026-03` → 2026-03-01, `2026-Q2` → 2026-04-01. */
export function firstDayOfPeriod(period: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return `${m[1]}-${m[2]}-01`;
  throw new Error(`not a payment period: ${period}`);
}
