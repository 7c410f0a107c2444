import { CASE_WORKFLOW_TYPE } from '@dibao/contracts';

const KEYWORD = /^[A-Za-z0-9_-]{1,64}$/;

function keyword(name: string, value: string): string {
  if (!KEYWORD.test(value)) throw new Error(`refusing ${name} value ${JSON.stringify(value)} in a visibility query`);
  return `${name} = '${value}'`;
}

export interface OpenCaseFilter {
  township?: string;
  stage?: string;
  scheme?: string;
}

/** Which open cases: all, past their stage deadline (marked or not yet swept), or stalled. */
export type OpenCaseKind = 'open' | 'overdue' | 'stalled';

export interface StalledRule {
  /** Stage deadline passed before this instant… */
  deadlineBefore: Date;
  /** …or the case started before this instant. */
  startedBefore: Date;
}

/**
 * The visibility query of open application cases, e.g.
 * `WorkflowType = 'caseWorkflow' AND ExecutionStatus = 'Running' AND DibaoTownship = 'T01' AND DibaoOverdue = true`.
 * Overdue: the workflow's own mark (`DibaoOverdue`) or a deadline already past (`DibaoStageDeadline < now`).
 */
export function openCasesQuery(filter: OpenCaseFilter, kind: OpenCaseKind, now: Date, stalled?: StalledRule): string {
  const clauses = [`WorkflowType = '${CASE_WORKFLOW_TYPE}'`, `ExecutionStatus = 'Running'`];
  if (filter.township) clauses.push(keyword('DibaoTownship', filter.township));
  if (filter.stage) clauses.push(keyword('DibaoStage', filter.stage));
  if (filter.scheme) clauses.push(keyword('DibaoScheme', filter.scheme));
  if (kind === 'overdue') clauses.push(`(DibaoOverdue = true OR DibaoStageDeadline < '${now.toISOString()}')`);
  if (kind === 'stalled') {
    if (!stalled) throw new Error('a stalled query needs the stalled rule');
    clauses.push(`(DibaoStageDeadline < '${stalled.deadlineBefore.toISOString()}' OR StartTime < '${stalled.startedBefore.toISOString()}')`);
  }
  return clauses.join(' AND ');
}

export function stalledRule(now: Date, stalledDays: number, stalledCaseDays: number): StalledRule {
  const day = 86_400_000;
  return { deadlineBefore: new Date(now.getTime() - stalledDays * day), startedBefore: new Date(now.getTime() - stalledCaseDays * day) };
}

/** Whole days from `from` to `to` (negative when `to` is earlier), rounded down. */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / 86_400_000);
}

/** Runs `tasks` with at most `limit` in flight, keeping their order. */
export async function inParallel<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      const task = tasks[i];
      if (task) out[i] = await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return out;
}

/** The first day of a payment period: `2026-03` → 2026-03-01, `2026-Q2` → 2026-04-01. */
export function firstDayOfPeriod(period: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return `${m[1]}-${m[2]}-01`;
  throw new Error(`not a payment period: ${period}`);
}
