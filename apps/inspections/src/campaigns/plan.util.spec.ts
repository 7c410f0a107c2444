import { planProgress, spreadPlan } from './plan.util';

const townships = Array.from({ length: 32 }, (_, i) => `T${String(i + 1).padStart(2, '0')}`);
const groups = ['g1', 'g2', 'g3', 'g4', 'g5'];

describe('spreadPlan', () => {
  it('gives every township N visits from N different groups and balances the groups', () => {
    const cells = spreadPlan(townships, groups, 3);
    for (const t of townships) {
      const mine = cells.filter((c) => c.township === t);
      expect(mine.reduce((s, c) => s + c.plannedVisits, 0)).toBe(3);
      expect(mine).toHaveLength(3);
    }
    const perGroup = groups.map((g) => cells.filter((c) => c.groupId === g).reduce((s, c) => s + c.plannedVisits, 0));
    expect(perGroup.reduce((a, b) => a + b, 0)).toBe(96);
    expect(Math.max(...perGroup) - Math.min(...perGroup)).toBeLessThanOrEqual(1);
  });

  it('lets one group carry several visits when there are fewer groups than visits', () => {
    const cells = spreadPlan(['T01'], ['g1', 'g2'], 3);
    expect(cells).toEqual([
      { township: 'T01', groupId: 'g1', plannedVisits: 2 },
      { township: 'T01', groupId: 'g2', plannedVisits: 1 },
    ]);
  });

  it('refuses a plan without groups', () => {
    expect(() => spreadPlan(['T01'], [], 3)).toThrow(/at least one/);
  });
});

describe('planProgress', () => {
  const cells = spreadPlan(['T01', 'T02'], ['g1', 'g2', 'g3'], 3);

  it('counts done and due per township and group, never owing less than zero', () => {
    const progress = planProgress(
      cells,
      [
        { township: 'T01', groupId: 'g1', count: 2 },
        { township: 'T01', groupId: 'g2', count: 1 },
        { township: 'T01', groupId: 'g3', count: 1 },
        { township: 'T02', groupId: 'g3', count: 1 },
      ],
    );
    const [t1, t2] = progress;
    expect(t1).toMatchObject({ township: 'T01', planned: 3, done: 4, due: 0, complete: true });
    expect(t1.byGroup.find((g) => g.groupId === 'g1')).toEqual({ groupId: 'g1', planned: 1, done: 2, due: 0 });
    expect(t2).toMatchObject({ township: 'T02', planned: 3, done: 1, due: 2, complete: false });
  });

  it('counts a visit by a group outside the plan as done for the township', () => {
    const [t1] = planProgress(cells, [{ township: 'T01', groupId: 'gX', count: 1 }]);
    expect(t1).toMatchObject({ done: 1, due: 2 });
    expect(t1.byGroup.find((g) => g.groupId === 'gX')).toEqual({ groupId: 'gX', planned: 0, done: 1, due: 0 });
  });

  it('keeps a visited township that is not in the plan, with nothing planned', () => {
    const progress = planProgress(cells, [{ township: 'T09', groupId: 'g1', count: 2 }]);
    expect(progress.map((t) => t.township)).toEqual(['T01', 'T02', 'T09']);
    expect(progress[2]).toMatchObject({ planned: 0, done: 2, due: 0, complete: true });
  });
});
