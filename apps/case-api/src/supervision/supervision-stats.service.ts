import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppException } from '@dibao/platform';
import { FEED_OFF_DETAIL, SUPERVISION_DB } from './supervision.tokens';

export interface AlertView {
  id: string;
  kind: 'case.stage-overdue' | 'inspection.order-overdue' | 'beneficiary.review-overdue' | 'payment.batch-late';
  township: string;
  scheme?: string;
  caseId?: string;
  orderId?: string;
  batchId?: string;
  stage?: string;
  scope?: string;
  deadline: string;
  daysLate: number;
  occurredAt: string;
}

/** Figures only the event-fed supervision tables know: alerts, stage times, steps per caseworker, entries and exits. */
@Injectable()
export class SupervisionStatsService {
  constructor(@Inject(SUPERVISION_DB) private readonly db: DataSource | null) {}

  get enabled(): boolean {
    return this.db !== null;
  }

  /** The alert feed, oldest first from `since`, paged by the id cursor `after`. */
  async alerts(q: { since?: string; after?: string; township?: string; pageSize: number }) {
    const db = this.require();
    const rows: Record<string, unknown>[] = await db.query(
      `SELECT id::text, kind, township, scheme, case_id, order_id, batch_id, stage, scope, to_char(deadline, 'YYYY-MM-DD') AS deadline,
              days_late, occurred_at
         FROM supervision_alert
        WHERE ($1::timestamptz IS NULL OR occurred_at >= $1) AND ($2::bigint IS NULL OR id > $2)
          AND ($3::text IS NULL OR township = $3)
        ORDER BY id LIMIT $4`,
      [q.since ?? null, q.after ?? null, q.township ?? null, q.pageSize + 1],
    );
    const page = rows.slice(0, q.pageSize);
    const items: AlertView[] = page.map((r) => ({
      id: String(r['id']),
      kind: r['kind'] as AlertView['kind'],
      township: String(r['township']),
      ...(r['scheme'] ? { scheme: String(r['scheme']) } : {}),
      ...(r['case_id'] ? { caseId: String(r['case_id']) } : {}),
      ...(r['order_id'] ? { orderId: String(r['order_id']) } : {}),
      ...(r['batch_id'] ? { batchId: String(r['batch_id']) } : {}),
      ...(r['stage'] ? { stage: String(r['stage']) } : {}),
      ...(r['scope'] ? { scope: String(r['scope']) } : {}),
      deadline: String(r['deadline']),
      daysLate: Number(r['days_late']),
      occurredAt: new Date(r['occurred_at'] as string).toISOString(),
    }));
    const last = page[page.length - 1];
    return { items, ...(rows.length > q.pageSize && last ? { nextAfter: String(last['id']) } : {}) };
  }

  /** Median and 90th percentile of the time spent in each stage per township (finished stage intervals). */
  async stageTimes(q: { since?: string; township?: string }) {
    const db = this.require();
    const rows: Record<string, unknown>[] = await db.query(
      `SELECT township, stage, count(*)::int AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM left_at - entered_at)) AS p50,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM left_at - entered_at)) AS p90
         FROM case_stage_interval
        WHERE left_at IS NOT NULL AND ($1::timestamptz IS NULL OR left_at >= $1) AND ($2::text IS NULL OR township = $2)
        GROUP BY township, stage ORDER BY township, stage`,
      [q.since ?? null, q.township ?? null],
    );
    const hours = (s: unknown) => Math.round((Number(s) / 3600) * 10) / 10;
    return {
      unit: 'hours',
      items: rows.map((r) => ({ township: String(r['township']), stage: String(r['stage']), cases: Number(r['n']), medianHours: hours(r['p50']), p90Hours: hours(r['p90']) })),
    };
  }

  /** Open cases per caseworker: the caseworker who took the latest step of each open case (`supervised_case`). */
  async caseworkerLoad(township?: string) {
    const db = this.require();
    const rows: Record<string, unknown>[] = await db.query(
      `WITH load AS (
         SELECT township, caseworker_id, count(*)::int AS open_cases FROM supervised_case
          WHERE closed_at IS NULL AND caseworker_id IS NOT NULL AND ($1::text IS NULL OR township = $1)
          GROUP BY township, caseworker_id),
       steps AS (
         SELECT actor_id, count(*)::int AS n FROM case_step
          WHERE at > now() - interval '30 days' AND actor_id IN (SELECT caseworker_id FROM load) GROUP BY actor_id)
       SELECT l.township, l.caseworker_id, l.open_cases, coalesce(s.n, 0) AS steps_30d
         FROM load l LEFT JOIN steps s ON s.actor_id = l.caseworker_id
        ORDER BY l.township, l.open_cases DESC, l.caseworker_id`,
      [township ?? null],
    );
    return rows.map((r) => ({ township: String(r['township']), caseworker: String(r['caseworker_id']), openCases: Number(r['open_cases']), stepsLast30Days: Number(r['steps_30d']) }));
  }

  /** New beneficiaries (approvals) and exits (stops) per township and scheme between two dates [from, to). */
  async movements(from: string, to: string) {
    const db = this.require();
    const rows: Record<string, unknown>[] = await db.query(
      `SELECT township, scheme, count(*) FILTER (WHERE kind = 'entered')::int AS entered, count(*) FILTER (WHERE kind = 'exited')::int AS exited
         FROM beneficiary_movement WHERE on_date >= $1 AND on_date < $2 GROUP BY township, scheme ORDER BY township, scheme`,
      [from, to],
    );
    return rows.map((r) => ({ township: String(r['township']), scheme: String(r['scheme']), entered: Number(r['entered']), exited: Number(r['exited']) }));
  }

  private require(): DataSource {
    if (!this.db) {
      throw new AppException(503, 'supervision-feed-off', FEED_OFF_DETAIL);
    }
    return this.db;
  }
}
