import type { FindingCategory, FindingSeverity } from '@dibao/contracts';

export interface OrderFacts {
  status: 'open' | 'responded' | 'closed';
  overdue: boolean;
  closedOnTime: boolean | null;
}

export interface RectificationSummary {
  issued: number;
  open: number;
  responded: number;
  closed: number;
  closedOnTime: number;
  closedLate: number;
  /** Open orders past their deadline (flagged by the overdue sweep). */
  overdue: number;
  /** Share of closed orders the township answered by the deadline, in percent; null when none is closed. */
  onTimePercent: number | null;
}

export function summariseOrders(orders: readonly OrderFacts[]): RectificationSummary {
  const closed = orders.filter((o) => o.status === 'closed');
  const closedOnTime = closed.filter((o) => o.closedOnTime === true).length;
  return {
    issued: orders.length,
    open: orders.filter((o) => o.status === 'open').length,
    responded: orders.filter((o) => o.status === 'responded').length,
    closed: closed.length,
    closedOnTime,
    closedLate: closed.length - closedOnTime,
    overdue: orders.filter((o) => o.status === 'open' && o.overdue).length,
    onTimePercent: closed.length === 0 ? null : Math.round((closedOnTime * 100) / closed.length),
  };
}

export function countBy<K extends string>(keys: readonly K[], values: readonly K[]): Record<K, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

export type SeverityCounts = Record<FindingSeverity, number>;
export type CategoryCounts = Record<FindingCategory, number>;
