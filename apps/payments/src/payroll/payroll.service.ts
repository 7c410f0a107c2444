import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '@dibao/contracts';
import { Scheme } from '@dibao/domain';
import { badRequest, notFound } from '@dibao/platform';
import { envelopeParams } from '../common/finance-event.util';
import { periodRange, PeriodRange } from '../common/period.util';
import { toFen } from '../common/sql.util';
import { INSERT_REGULAR_PAYMENTS, INSERT_REISSUES } from './payroll.sql';

export interface PayrollRunView {
  id: string;
  scheme: Scheme;
  period: string;
  status: 'running' | 'completed';
  executions: number;
  progress: { townshipsTotal: number; townshipsDone: number; householdsProcessed: number };
  totals: { payments: number; reissues: number; amountFen: number; batches: number };
  startedBy: { id: string; role: string };
  startedAt: string;
  lastExecution: { by: string; role: string; at: string } | null;
  completedAt: string | null;
}

export interface ExecuteOptions {
  /** Test hook: stop (as if the process died) after this many township chunks. */
  stopAfterChunks?: number;
  /** Townships in flight at once, each in its own transaction and connection (default 2). */
  concurrency?: number;
}

/**
 * Two townships at a time: a township's statements keep one PostgreSQL backend busy (one core), so a second
 * one uses the other core while leaving pool connections for the API and the outbox relay.
 */
const DEFAULT_CONCURRENCY = 2;

/**
 * The payroll run of one scheme and period (urban '2026-03', rural '2026-Q2'), one batch per township.
 * Each township is one transaction of two set-based statements (regular payments, reissues of earlier
 * failures) that also write the payment.scheduled events to the outbox. The payment key
 * (household, scheme, period, attempt) makes the run idempotent and resumable: run it again (or after a
 * crash) and only what is missing is added.
 */
@Injectable()
export class PayrollService {
  private readonly logger = new Logger(PayrollService.name);
  private readonly executing = new Map<string, Promise<void>>();

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Starts (or restarts) the run of a scheme and period; `wait` resolves after it finished. */
  async start(scheme: Scheme, period: string, actor: Actor, wait = false): Promise<PayrollRunView> {
    const id = await this.open(scheme, period, actor);
    let running = this.executing.get(id);
    if (!running) {
      running = this.execute(id, actor).finally(() => this.executing.delete(id));
      this.executing.set(id, running);
      running.catch((e: unknown) => this.logger.error(`payroll run ${id} (${scheme} ${period}) failed: ${String(e)}`));
    }
    if (wait) await running;
    const run = await this.get(id);
    if (!run) throw notFound('payroll run', id);
    return run;
  }

  /** The run of a scheme and period, created on first use (one run per scheme and period). */
  async open(scheme: Scheme, period: string, actor: Actor): Promise<string> {
    if (!periodRange(scheme, period)) {
      const example = scheme === 'urban' ? '2026-03' : '2026-Q2';
      throw badRequest('validation-failed', `period: ${period} is not a ${scheme} payment period (e.g. ${example})`, [
        { field: 'period', rule: 'paymentPeriod', message: `period must be a ${scheme} payment period such as ${example}` },
      ]);
    }
    return this.ds.transaction(async (m) => {
      // Serialised with a standard change of the scheme (which refuses periods that already have a run).
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('standard/' || $1))`, [scheme]);
      const rows: { id: string }[] = await m.query(
        `INSERT INTO payroll_run (scheme, period, status, started_by, started_by_role)
         VALUES ($1, $2, 'running', $3, $4)
         ON CONFLICT (scheme, period) DO UPDATE SET status = payroll_run.status
         RETURNING id`,
        [scheme, period, actor.id, actor.role],
      );
      return rows[0].id;
    });
  }

  /**
   * Executes a run over every township with enrolments or failed payments of the scheme, one transaction
   * per township, a few townships at a time (`concurrency`). Safe to call again at any time: finished townships
   * insert nothing the second time.
   */
  async execute(runId: string, actor: Actor, options: ExecuteOptions = {}): Promise<void> {
    const run = await this.get(runId);
    if (!run) throw notFound('payroll run', runId);
    const range = periodRange(run.scheme, run.period);
    if (!range) throw new Error(`payroll run ${runId} has an invalid period ${run.period}`);
    const townships: { township: string }[] = await this.ds.query(
      `SELECT township FROM enrolment WHERE scheme = $1
       UNION SELECT township FROM payment WHERE scheme = $1 AND status = 'failed'
       ORDER BY township`,
      [run.scheme],
    );
    await this.ds.query(
      `UPDATE payroll_run SET status = 'running', executions = executions + 1, townships_total = $2, townships_done = 0,
              households_processed = 0, last_execution_at = now(), last_executed_by = $3, last_executed_by_role = $4,
              completed_at = NULL WHERE id = $1`,
      [runId, townships.length, actor.id, actor.role],
    );
    const started = Date.now();
    // Each worker takes the next township until none is left (or the test hook's count of chunks is reached).
    const limit = Math.min(townships.length, options.stopAfterChunks ?? townships.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      try {
        while (next < limit) {
          const { township } = townships[next++];
          await this.runTownship(runId, range, township, actor);
        }
      } catch (e) {
        next = limit; // a failed township stops the others from taking more
        throw e;
      }
    };
    const concurrency = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, limit));
    const results = await Promise.allSettled(Array.from({ length: concurrency }, worker));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    if (limit < townships.length) return;
    await this.ds.query(`UPDATE payroll_run SET status = 'completed', completed_at = now() WHERE id = $1`, [runId]);
    this.logger.log(`payroll run ${run.scheme} ${run.period}: ${townships.length} townships in ${Date.now() - started} ms`);
  }

  private async runTownship(runId: string, range: PeriodRange, township: string, actor: Actor): Promise<void> {
    await this.ds.transaction(async (m) => {
      // Two executions of the same run (two replicas, a retry) serialise per township.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('payroll/' || $1 || '/' || $2 || '/' || $3))`, [range.scheme, range.period, township]);
      await m.query(
        `INSERT INTO batch (run_id, scheme, period, township, seq, status)
         SELECT $1, $2, $3, $4, COALESCE(max(seq), 0) + 1, 'draft' FROM batch WHERE scheme = $2 AND period = $3 AND township = $4
         ON CONFLICT (scheme, period, township) WHERE status = 'draft' DO NOTHING`,
        [runId, range.scheme, range.period, township],
      );
      const batch: { id: string }[] = await m.query(
        `SELECT id FROM batch WHERE scheme = $1 AND period = $2 AND township = $3 AND status = 'draft'`,
        [range.scheme, range.period, township],
      );
      const params = [range.scheme, range.period, township, range.firstMonth, range.lastMonth, runId, batch[0].id, actor.id, ...envelopeParams(actor)];
      const regular: { households: number }[] = await m.query(INSERT_REGULAR_PAYMENTS, params);
      const reissues: { households: number }[] = await m.query(INSERT_REISSUES, params);
      // A draft batch that got nothing (everyone already paid) is not kept.
      await m.query(`DELETE FROM batch b WHERE b.id = $1 AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.batch_id = b.id)`, [batch[0].id]);
      await m.query(
        `UPDATE payroll_run SET townships_done = townships_done + 1, households_processed = households_processed + $2 WHERE id = $1`,
        [runId, regular[0].households + reissues[0].households],
      );
    });
  }

  async get(id: string): Promise<PayrollRunView | undefined> {
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT r.*,
              (SELECT count(*) FROM payment p WHERE p.run_id = r.id AND p.attempt = 1)::int AS payments,
              (SELECT count(*) FROM payment p WHERE p.run_id = r.id AND p.attempt > 1)::int AS reissues,
              (SELECT COALESCE(sum(amount_fen), 0) FROM payment p WHERE p.run_id = r.id AND p.status <> 'stopped')::text AS amount,
              (SELECT count(*) FROM batch b WHERE b.run_id = r.id)::int AS batches
         FROM payroll_run r WHERE r.id = $1`,
      [id],
    );
    return rows[0] ? toRunView(rows[0]) : undefined;
  }

  async list(scheme?: Scheme): Promise<PayrollRunView[]> {
    const ids: { id: string }[] = await this.ds.query(
      `SELECT id FROM payroll_run WHERE ($1::text IS NULL OR scheme = $1) ORDER BY scheme, period DESC LIMIT 200`,
      [scheme ?? null],
    );
    const views = await Promise.all(ids.map((r) => this.get(r.id)));
    return views.filter((v): v is PayrollRunView => v !== undefined);
  }
}

function toRunView(r: Record<string, unknown>): PayrollRunView {
  return {
    id: String(r['id']),
    scheme: r['scheme'] as Scheme,
    period: String(r['period']),
    status: r['status'] as PayrollRunView['status'],
    executions: Number(r['executions']),
    progress: {
      townshipsTotal: Number(r['townships_total']),
      townshipsDone: Number(r['townships_done']),
      householdsProcessed: Number(r['households_processed']),
    },
    totals: { payments: Number(r['payments']), reissues: Number(r['reissues']), amountFen: toFen(r['amount']), batches: Number(r['batches']) },
    startedBy: { id: String(r['started_by']), role: String(r['started_by_role']) },
    startedAt: new Date(r['started_at'] as string).toISOString(),
    lastExecution: r['last_execution_at']
      ? { by: String(r['last_executed_by']), role: String(r['last_executed_by_role']), at: new Date(r['last_execution_at'] as string).toISOString() }
      : null,
    completedAt: r['completed_at'] ? new Date(r['completed_at'] as string).toISOString() : null,
  };
}
