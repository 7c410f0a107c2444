import { supervisionDatabaseUrl } from './supervision.config';
import { daysBetween, firstDayOfPeriod, inParallel, openCasesQuery, stalledRule } from './supervision.util';

const now = new Date('2026-03-10T02:00:00Z');

describe('openCasesQuery', () => {
  it('asks visibility for open cases of a township and stage', () => {
    expect(openCasesQuery({ township: 'T01', stage: 'investigation', scheme: 'rural' }, 'open', now)).toBe(
      "WorkflowType = 'caseWorkflow' AND ExecutionStatus = 'Running' AND DibaoTownship = 'T01' AND DibaoStage = 'investigation' AND DibaoScheme = 'rural'",
    );
  });

  it('counts a case overdue by its mark or by a deadline already past', () => {
    expect(openCasesQuery({ township: 'T01' }, 'overdue', now)).toContain("(DibaoOverdue = true OR DibaoStageDeadline < '2026-03-10T02:00:00.000Z')");
  });

  it('counts a case stalled past the deadline by the grace days, or open too long', () => {
    const q = openCasesQuery({}, 'stalled', now, stalledRule(now, 3, 42));
    expect(q).toContain("(DibaoStageDeadline < '2026-03-07T02:00:00.000Z' OR StartTime < '2026-01-27T02:00:00.000Z')");
  });

  it('refuses anything but identifiers in values', () => {
    expect(() => openCasesQuery({ township: "T01' OR 'a'='a" }, 'open', now)).toThrow(/refusing DibaoTownship/);
    expect(() => openCasesQuery({}, 'stalled', now)).toThrow(/stalled rule/);
  });
});

describe('small helpers', () => {
  it('counts whole days', () => {
    expect(daysBetween(new Date('2026-03-01T00:00:00Z'), now)).toBe(9);
    expect(daysBetween(now, new Date('2026-03-01T00:00:00Z'))).toBe(-10);
  });

  it('runs tasks with a bounded number in flight, keeping the order', async () => {
    let inFlight = 0;
    let most = 0;
    const tasks = Array.from({ length: 20 }, (_, i) => async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      return i;
    });
    expect(await inParallel(tasks, 4)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(most).toBe(4);
  });

  it('gives the first day of a payment period', () => {
    expect(firstDayOfPeriod('2026-Q2')).toBe('2026-04-01');
    expect(firstDayOfPeriod('2026-11')).toBe('2026-11-01');
    expect(() => firstDayOfPeriod('2026')).toThrow();
  });

  it("derives the supervision database from the launcher's cases database", () => {
    expect(supervisionDatabaseUrl({ DATABASE_URL: 'postgres://u:p@h:1/dibao_cases' })).toBe('postgres://u:p@h:1/dibao_supervision');
    expect(supervisionDatabaseUrl({ DATABASE_URL: 'postgres://u:p@h:1/dibao_e2e_cases' })).toBe('postgres://u:p@h:1/dibao_e2e_supervision');
    expect(supervisionDatabaseUrl({ DATABASE_URL: 'postgres://u:p@h:1/other' })).toBe('postgres://u:p@h:1/other_supervision');
    expect(supervisionDatabaseUrl({ DATABASE_URL: 'postgres://h/x', SUPERVISION_DATABASE_URL: 'postgres://h/y' })).toBe('postgres://h/y');
    expect(supervisionDatabaseUrl({})).toBeUndefined();
  });
});
