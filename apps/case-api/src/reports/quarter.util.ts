/** A calendar quarter of the work report: its months (urban pay periods), its rural pay period and its dates. */
export interface Quarter {
  quarter: string;
  urbanPeriods: string[];
  ruralPeriod: string;
  /** First day, inclusive. */
  from: string;
  /** First day of the next quarter, exclusive. */
  to: string;
}

export function parseQuarter(text: string): Quarter | undefined {
  const m = /^(\d{4})-Q([1-4])$/.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const q = Number(m[2]);
  if (year < 1998 || year > 2100) return undefined;
  const month = (i: number) => `${year}-${String((q - 1) * 3 + i).padStart(2, '0')}`;
  const to = q === 4 ? `${year + 1}-01-01` : `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`;
  return { quarter: text, urbanPeriods: [month(1), month(2), month(3)], ruralPeriod: text, from: `${month(1)}-01`, to };
}

/** The quarter containing a date (UTC+8, the county's day). */
export function quarterOf(date: Date): string {
  const local = new Date(date.getTime() + 8 * 3_600_000);
  return `${local.getUTCFullYear()}-Q${Math.floor(local.getUTCMonth() / 3) + 1}`;
}

/** Whether [startsOn, endsOn] overlaps [from, to). */
export function overlaps(startsOn: string, endsOn: string, from: string, to: string): boolean {
  return startsOn < to && endsOn >= from;
}
