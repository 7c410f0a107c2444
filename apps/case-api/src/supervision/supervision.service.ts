import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ACTIVE_CASE_STAGES } from '@dibao/domain';
import { AppException, JWT_SECRET } from '@dibao/platform';
import { decodeListToken, encodeListToken, supervisionPredicates, SupervisedKind } from './supervision-projection.util';
import { FEED_OFF_DETAIL, SUPERVISION_DB, SUPERVISION_SETTINGS, SupervisionSettings } from './supervision.tokens';
import { daysBetween, stalledRule } from './supervision.util';

export interface TownshipOverview {
  township: string;
  open: number;
  byStage: Record<string, number>;
  overdue: number;
  stalled: number;
}

export interface SupervisedCase {
  caseId: string;
  township: string;
  stage: string;
  scheme: string;
  householdId: string;
  overdue: boolean;
  /** When the case was submitted (absent when the feed saw only later events of it). */
  startedAt?: string;
  /** The instant the stage deadline passes (00:00 China time the day after `stageDueOn`). */
  stageDeadline?: string;
  /** The stage deadline as a date. */
  stageDueOn?: string;
  /** When the case entered its stage. */
  stageEnteredAt?: string;
  /** Days waiting in the stage (since it entered, or since the case started when that is not known). */
  waitingDays: number;
  /** Days past the stage deadline (0 when not past). */
  daysPastDeadline: number;
  /** The whole case's 30 (45) working days have passed. */
  overallOverdue: boolean;
  stalled: boolean;
  /** The caseworker who took the case's latest step, when one did. */
  caseworker?: string;
}

export interface Overview {
  generatedAt: string;
  scheme?: string;
  rule: { stalledDays: number; stalledCaseDays: number };
  townships: TownshipOverview[];
  totals: { open: number; overdue: number; stalled: number; byStage: Record<string, number> };
  /** Where the figures come from: the case events' projection `supervised_case`, and how long the query took. */
  source: { kind: 'projection'; elapsedMs: number };
}

export interface OpenCaseFilter {
  township: string;
  stage?: string;
  scheme?: string;
}

/**
 * Where cases stall, from `supervised_case`, the projection of the case events kept by SupervisionEventsService.
 * The overview is one GROUP BY; the lists are keyset scans of the open-case index (most overdue first). Everything
 * here reads the projection, so counts and lists agree; a single case's full record is GET /cases/{id} (Temporal).
 */
@Injectable()
export class SupervisionService {
  constructor(
    @Inject(JWT_SECRET) private readonly secret: string,
    @Inject(SUPERVISION_SETTINGS) private readonly settings: SupervisionSettings,
    @Inject(SUPERVISION_DB) private readonly db: DataSource | null,
  ) {}

  private readonly cache = new Map<string, { at: number; value: Promise<Overview> }>();

  /**
   * The overview, recomputed at most every `overviewCacheMs` per filter (concurrent requests share one computation;
   * `generatedAt` says how old it is). `fresh` recomputes now.
   */
  overviewCached(filter: { scheme?: string; townships?: string[] }, fresh = false): Promise<Overview> {
    const key = JSON.stringify([filter.scheme ?? null, filter.townships ?? null]);
    const hit = this.cache.get(key);
    if (!fresh && hit && Date.now() - hit.at < this.settings.overviewCacheMs) return hit.value;
    const value = this.overview(filter);
    this.cache.set(key, { at: Date.now(), value });
    value.catch(() => this.cache.delete(key));
    return value;
  }

  /** Open cases per township and stage, overdue and stalled per township: one GROUP BY over the open cases. */
  async overview(filter: { scheme?: string; townships?: string[] }, now = new Date()): Promise<Overview> {
    const db = this.require();
    const started = Date.now();
    const townships = filter.townships ?? this.settings.townships;
    const rule = stalledRule(now, this.settings.stalledDays, this.settings.stalledCaseDays);
    const is = supervisionPredicates({ now: '$3', deadlineBefore: '$4', startedBefore: '$5' });
    const rows: { township: string; stage: string; open: number; overdue: number; stalled: number }[] = await db.query(
      `SELECT township, stage, count(*)::int AS open,
              count(*) FILTER (WHERE ${is.overdue})::int AS overdue,
              count(*) FILTER (WHERE ${is.stalled})::int AS stalled
         FROM supervised_case
        WHERE closed_at IS NULL AND township = ANY($1::text[]) AND ($2::text IS NULL OR scheme = $2)
        GROUP BY township, stage`,
      [townships, filter.scheme ?? null, now.toISOString(), rule.deadlineBefore.toISOString(), rule.startedBefore.toISOString()],
    );
    const byTownship = new Map<string, TownshipOverview>(
      townships.map((township) => [township, { township, open: 0, byStage: Object.fromEntries(ACTIVE_CASE_STAGES.map((s) => [s, 0])), overdue: 0, stalled: 0 }]),
    );
    for (const r of rows) {
      const t = byTownship.get(r.township);
      if (!t) continue;
      t.byStage[r.stage] = (t.byStage[r.stage] ?? 0) + r.open;
      t.open += r.open;
      t.overdue += r.overdue;
      t.stalled += r.stalled;
    }
    const list = [...byTownship.values()];
    const totals = list.reduce(
      (acc, r) => {
        for (const [s, n] of Object.entries(r.byStage)) acc.byStage[s] = (acc.byStage[s] ?? 0) + n;
        return { ...acc, open: acc.open + r.open, overdue: acc.overdue + r.overdue, stalled: acc.stalled + r.stalled };
      },
      { open: 0, overdue: 0, stalled: 0, byStage: Object.fromEntries(ACTIVE_CASE_STAGES.map((s) => [s, 0])) as Record<string, number> },
    );
    return {
      generatedAt: now.toISOString(),
      ...(filter.scheme ? { scheme: filter.scheme } : {}),
      rule: { stalledDays: this.settings.stalledDays, stalledCaseDays: this.settings.stalledCaseDays },
      townships: list,
      totals,
      source: { kind: 'projection', elapsedMs: Date.now() - started },
    };
  }

  /**
   * A township's open (or overdue, or stalled) cases, most overdue first (earliest deadline, then longest waiting in
   * the stage, then case id), `pageSize` at a time; `nextPageToken` continues after the last row (keyset).
   */
  async cases(filter: OpenCaseFilter, kind: SupervisedKind, pageSize: number, pageToken?: string, now = new Date()) {
    const db = this.require();
    const after = pageToken ? decodeListToken(pageToken, this.secret) : undefined;
    if (pageToken && !after) {
      const message = 'pageToken is not a token returned by this API';
      throw new AppException(400, 'validation-failed', message, {}, [{ field: 'pageToken', rule: 'isPageToken', message }]);
    }
    const rule = stalledRule(now, this.settings.stalledDays, this.settings.stalledCaseDays);
    const params: unknown[] = [filter.township, now.toISOString(), rule.deadlineBefore.toISOString(), rule.startedBefore.toISOString()];
    const is = supervisionPredicates({ now: '$2', deadlineBefore: '$3', startedBefore: '$4' });
    const where = ['closed_at IS NULL', 'township = $1'];
    if (filter.stage) where.push(`stage = $${params.push(filter.stage)}`);
    if (filter.scheme) where.push(`scheme = $${params.push(filter.scheme)}`);
    if (kind !== 'open') where.push(is[kind]);
    if (after) {
      const a = params.push(after.overdueAt);
      const b = params.push(after.enteredAt);
      const c = params.push(after.caseId);
      where.push(`(stage_overdue_at, stage_entered_at, case_id) > ($${a}::timestamptz, $${b}::timestamptz, $${c}::text)`);
    }
    const limit = params.push(pageSize + 1);
    const rows: Record<string, unknown>[] = await db.query(
      `SELECT case_id, household_id, township, scheme, stage, caseworker_id, stage_overdue_marked,
              stage_overdue_at::text AS key_overdue, stage_entered_at::text AS key_entered,
              CASE WHEN isfinite(stage_overdue_at) THEN stage_overdue_at END AS overdue_at,
              CASE WHEN isfinite(stage_entered_at) THEN stage_entered_at END AS entered_at,
              to_char(stage_due_on, 'YYYY-MM-DD') AS due_on, submitted_at, overall_overdue_at IS NOT NULL AS overall_overdue,
              ${is.overdue} AS overdue, ${is.stalled} AS stalled
         FROM supervised_case
        WHERE ${where.join(' AND ')}
        ORDER BY stage_overdue_at, stage_entered_at, case_id
        LIMIT $${limit}`,
      params,
    );
    const page = rows.slice(0, pageSize);
    const items = page.map((r) => view(r, now));
    const last = page[page.length - 1];
    const next =
      rows.length > pageSize && last
        ? encodeListToken({ overdueAt: String(last['key_overdue']), enteredAt: String(last['key_entered']), caseId: String(last['case_id']) }, this.secret)
        : undefined;
    return {
      kind,
      township: filter.township,
      ...(filter.stage ? { stage: filter.stage } : {}),
      ...(filter.scheme ? { scheme: filter.scheme } : {}),
      items,
      ...(next ? { nextPageToken: next } : {}),
    };
  }

  private require(): DataSource {
    if (!this.db) throw new AppException(503, 'supervision-feed-off', FEED_OFF_DETAIL);
    return this.db;
  }
}

function view(r: Record<string, unknown>, now: Date): SupervisedCase {
  const date = (v: unknown) => (v === null || v === undefined ? undefined : new Date(v as string | Date));
  const overdueAt = date(r['overdue_at']);
  const enteredAt = date(r['entered_at']);
  const startedAt = date(r['submitted_at']);
  const since = enteredAt ?? startedAt;
  return {
    caseId: String(r['case_id']),
    township: String(r['township']),
    stage: String(r['stage']),
    scheme: String(r['scheme']),
    householdId: r['household_id'] ? String(r['household_id']) : '',
    overdue: r['overdue'] === true,
    ...(startedAt ? { startedAt: startedAt.toISOString() } : {}),
    ...(overdueAt ? { stageDeadline: overdueAt.toISOString() } : {}),
    ...(r['due_on'] ? { stageDueOn: String(r['due_on']) } : {}),
    ...(enteredAt ? { stageEnteredAt: enteredAt.toISOString() } : {}),
    waitingDays: since ? Math.max(0, daysBetween(since, now)) : 0,
    daysPastDeadline: overdueAt ? Math.max(0, daysBetween(overdueAt, now)) : 0,
    overallOverdue: r['overall_overdue'] === true,
    stalled: r['stalled'] === true,
    ...(r['caseworker_id'] ? { caseworker: String(r['caseworker_id']) } : {}),
  };
}
