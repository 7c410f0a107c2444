/** One row of a campaign plan: how many visits a group owes a township. */
export interface PlanCell {
  township: string;
  groupId: string;
  plannedVisits: number;
}

/**
 * Spreads `visitsPerTownship` visits of every township over the groups in turn: the k-th visit of the i-th
 * township (both in sorted order) goes to group (i·N + k) mod G. Every group gets the same share of the
 * county's visits (±1), and a township sees min(N, G) different groups.
 */
export function spreadPlan(townships: readonly string[], groupIds: readonly string[], visitsPerTownship: number): PlanCell[] {
  if (groupIds.length === 0) throw new Error('a plan needs at least one inspection group');
  if (!Number.isInteger(visitsPerTownship) || visitsPerTownship < 1) throw new Error('visitsPerTownship must be a positive integer');
  const ts = [...townships].sort();
  const gs = [...groupIds].sort();
  const cells = new Map<string, PlanCell>();
  ts.forEach((township, i) => {
    for (let k = 0; k < visitsPerTownship; k++) {
      const groupId = gs[(i * visitsPerTownship + k) % gs.length];
      const key = `${township}|${groupId}`;
      const cell = cells.get(key) ?? { township, groupId, plannedVisits: 0 };
      cell.plannedVisits++;
      cells.set(key, cell);
    }
  });
  return [...cells.values()];
}

export interface TownshipProgress {
  township: string;
  planned: number;
  done: number;
  /** Visits still owed: planned − done, never below zero (extra visits do not count against others). */
  due: number;
  complete: boolean;
  byGroup: { groupId: string; planned: number; done: number; due: number }[];
}

/**
 * Plan against visits done, per township and group. A township visited without being in the plan (added
 * after the campaign started) shows up with nothing planned, so its visits and findings are not lost.
 */
export function planProgress(cells: readonly PlanCell[], visits: readonly { township: string; groupId: string; count: number }[]): TownshipProgress[] {
  const byTownship = new Map<string, Map<string, { planned: number; done: number }>>();
  const groupsOf = (township: string) => {
    const groups = byTownship.get(township) ?? new Map<string, { planned: number; done: number }>();
    byTownship.set(township, groups);
    return groups;
  };
  for (const c of cells) {
    const groups = groupsOf(c.township);
    const g = groups.get(c.groupId) ?? { planned: 0, done: 0 };
    g.planned += c.plannedVisits;
    groups.set(c.groupId, g);
  }
  for (const v of visits) {
    const groups = groupsOf(v.township);
    const g = groups.get(v.groupId) ?? { planned: 0, done: 0 };
    g.done += v.count;
    groups.set(v.groupId, g);
  }
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...byTownship.entries()]
    .sort(([a], [b]) => order(a, b))
    .map(([township, groups]) => {
      const byGroup = [...groups.entries()]
        .sort(([a], [b]) => order(a, b))
        .map(([groupId, g]) => ({ groupId, planned: g.planned, done: g.done, due: Math.max(0, g.planned - g.done) }));
      const planned = byGroup.reduce((s, g) => s + g.planned, 0);
      const done = byGroup.reduce((s, g) => s + g.done, 0);
      const due = Math.max(0, planned - done);
      return { township, planned, done, due, complete: due === 0, byGroup };
    });
}
