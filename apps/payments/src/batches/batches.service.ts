import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, AuditEntry, BatchApproved, BatchLate, BatchReconciled, BatchReleased } from '@dibao/contracts';
import { fen, formatYuan, localDateAt, Scheme } from '@dibao/domain';
import { AppException, badRequest, canAccessTownship, conflict, notFound, OutboxService, unprocessable, withActorNames } from '@dibao/platform';
import { batchKey } from '../common/event-id.util';
import { envelopeParams, financeEvent } from '../common/finance-event.util';
import { outboxInsertSelect, paymentRefSql } from '../common/outbox.sql';
import { toFen } from '../common/sql.util';
import { BankReturnLine } from './bank-return.util';

export interface BatchView {
  id: string;
  runId: string;
  scheme: Scheme;
  period: string;
  township: string;
  seq: number;
  status: 'draft' | 'approved' | 'released' | 'reconciled';
  payments: number;
  persons: number;
  amountFen: number;
  byStatus: Record<string, { payments: number; amountFen: number }>;
  approved: { by: string; role: string; at: string } | null;
  released: { by: string; role: string; at: string } | null;
  reconciledAt: string | null;
  createdAt: string;
}

export interface ReturnOutcome {
  batchId: string;
  disbursed: number;
  failed: number;
  unchanged: number;
  batchStatus: BatchView['status'];
}

const disbursedEvent = outboxInsertSelect({
  type: 'payment.disbursed',
  key: 'u.household_id',
  idempotencyKey: `u.household_id || '/' || u.scheme || '/' || u.period || '#' || u.attempt`,
  payload: `jsonb_build_object(${paymentRefSql('u')}, 'bankReference', u.bank_reference)`,
  occurredAtParam: 4,
  correlationIdParam: 5,
  actorParam: 6,
});
const failedEvent = outboxInsertSelect({
  type: 'payment.failed',
  key: 'u.household_id',
  idempotencyKey: `u.household_id || '/' || u.scheme || '/' || u.period || '#' || u.attempt`,
  payload: `jsonb_build_object(${paymentRefSql('u')}, 'reason', u.result_reason)`,
  occurredAtParam: 4,
  correlationIdParam: 5,
  actorParam: 6,
});

/**
 * Batch lifecycle: draft → approved (county) → released (to the bank; the special fund account pays) →
 * reconciled (every payment disbursed or failed from the bank's return). Failed payments are credited back
 * to the fund and reissued by the next payroll run.
 */
@Injectable()
export class BatchesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  async list(filter: { scheme?: Scheme; period?: string; township?: string; status?: string }): Promise<BatchView[]> {
    const ids: { id: string }[] = await this.ds.query(
      `SELECT id FROM batch WHERE ($1::text IS NULL OR scheme = $1) AND ($2::text IS NULL OR period = $2)
          AND ($3::text IS NULL OR township = $3) AND ($4::text IS NULL OR status = $4)
        ORDER BY scheme, period DESC, township, seq LIMIT 500`,
      [filter.scheme ?? null, filter.period ?? null, filter.township ?? null, filter.status ?? null],
    );
    return this.views(this.ds, ids.map((r) => r.id));
  }

  /** A batch the actor may see; another township's batch is "not found" for a township role. */
  async get(id: string, actor: Actor, m: EntityManager | DataSource = this.ds): Promise<BatchView> {
    const [view] = await this.views(m, [id]);
    if (!view || !canAccessTownship(actor, view.township)) throw notFound('batch', id);
    return view;
  }

  /**
   * The batch's audit read, oldest first: drafted by the payroll run (and who ran it), approved, released, each set
   * of bank results applied (how many disbursed or failed, by whom), reconciled.
   */
  async historyOf(id: string, actor: Actor): Promise<AuditEntry[]> {
    const batch = await this.get(id, actor);
    const runs: { started_by: string; started_by_role: string }[] = await this.ds.query(`SELECT started_by, started_by_role FROM payroll_run WHERE id = $1`, [batch.runId]);
    const entry = (key: string, action: string, changes: Record<string, unknown>, actorId: string, actorRole: string, at: string): AuditEntry => ({
      id: key,
      entity: 'batch',
      entityId: id,
      action,
      changes,
      actorId,
      actorRole,
      at,
    });
    const out: AuditEntry[] = [
      entry('drafted', 'drafted', { runId: batch.runId, period: batch.period, township: batch.township, seq: batch.seq }, runs[0]?.started_by ?? 'payroll', runs[0]?.started_by_role ?? 'system', batch.createdAt),
    ];
    if (batch.approved) out.push(entry('approved', 'approved', { payments: batch.payments, amountFen: batch.amountFen }, batch.approved.by, batch.approved.role, batch.approved.at));
    if (batch.released) out.push(entry('released', 'released', { payments: batch.payments, amountFen: batch.amountFen }, batch.released.by, batch.released.role, batch.released.at));
    // Bank results are kept per payment (status, who set it, when): one entry per second and person that applied them.
    const results: { at: Date; by: string; role: string | null; status: string; n: number; amount: string }[] = await this.ds.query(
      `SELECT max(status_changed_at) AS at, status_changed_by AS by, status_changed_by_role AS role, status,
              count(*)::int AS n, sum(amount_fen)::text AS amount
         FROM payment WHERE batch_id = $1 AND status IN ('disbursed', 'failed', 'stopped')
        GROUP BY date_trunc('second', status_changed_at), 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      [id],
    );
    for (const r of results) {
      const action = r.status === 'stopped' ? 'payments-stopped' : 'bank-results';
      out.push(entry(`${action}:${r.at.toISOString()}:${r.by}:${r.status}`, action, { status: r.status, payments: r.n, amountFen: Number(r.amount) }, r.by, r.role ?? 'unrecorded', r.at.toISOString()));
    }
    if (batch.reconciledAt) out.push(entry('reconciled', 'reconciled', { byStatus: batch.byStatus }, 'payments', 'system', batch.reconciledAt));
    // By time; steps in the same millisecond in the order a batch goes through them.
    const rank = (e: AuditEntry) => ['drafted', 'approved', 'released', 'payments-stopped', 'bank-results', 'reconciled'].indexOf(e.action);
    return withActorNames(this.ds, out.sort((a, b) => a.at.localeCompare(b.at) || rank(a) - rank(b)));
  }

  async payments(id: string, actor: Actor, limit: number, offset: number) {
    await this.get(id, actor);
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT id, household_id, scheme, period, attempt, township, amount_fen, monthly_amount_fen, months, persons, payee,
              reissue_of, status, result_reason, bank_reference, status_changed_at, status_changed_by
         FROM payment WHERE batch_id = $1 ORDER BY household_id, attempt LIMIT $2 OFFSET $3`,
      [id, limit, offset],
    );
    return rows.map((r) => ({
      id: r['id'],
      householdId: r['household_id'],
      scheme: r['scheme'],
      period: r['period'],
      attempt: r['attempt'],
      township: r['township'],
      amountFen: toFen(r['amount_fen']),
      monthlyAmountFen: toFen(r['monthly_amount_fen']),
      months: r['months'],
      persons: r['persons'],
      payee: r['payee'],
      reissueOf: r['reissue_of'],
      status: r['status'],
      resultReason: r['result_reason'],
      bankReference: r['bank_reference'],
      statusChanged: { at: new Date(r['status_changed_at'] as string).toISOString(), by: r['status_changed_by'] },
    }));
  }

  async approve(id: string, actor: Actor): Promise<BatchView> {
    await this.ds.transaction(async (m) => {
      const batch = await this.lockBatch(m, id, actor);
      if (batch.status !== 'draft') throw conflict('batch-not-draft', `batch ${id} is ${batch.status}; only a draft batch can be approved`);
      const view = await this.get(id, actor, m);
      if ((view.byStatus['scheduled']?.payments ?? 0) === 0) throw unprocessable('batch-empty', `batch ${id} has no scheduled payment to approve`);
      await m.query(`UPDATE batch SET status = 'approved', approved_by = $2, approved_by_role = $3, approved_at = now() WHERE id = $1`, [id, actor.id, actor.role]);
      await this.outbox.append(m, financeEvent(BatchApproved, id, { ...this.batchRef(view), payments: view.payments, amountFen: view.amountFen }, actor));
    });
    return this.get(id, actor);
  }

  /**
   * Releases an approved batch to the bank: under a lock on the fund account row, refuses when the balance
   * cannot cover the batch (with the shortfall), else writes one disbursement entry per payment.
   */
  async release(id: string, actor: Actor): Promise<BatchView> {
    await this.ds.transaction(async (m) => {
      const batch = await this.lockBatch(m, id, actor);
      if (batch.status !== 'approved') throw conflict('batch-not-approved', `batch ${id} is ${batch.status}; only an approved batch can be released`);
      const account: { balance_fen: string }[] = await m.query(`SELECT balance_fen FROM fund_account WHERE code = $1 FOR UPDATE`, [batch.scheme]);
      const totals: { amount: string; n: number }[] = await m.query(
        `SELECT COALESCE(sum(amount_fen), 0)::text AS amount, count(*)::int AS n FROM payment WHERE batch_id = $1 AND status = 'scheduled'`,
        [id],
      );
      const balance = toFen(account[0].balance_fen);
      const amount = toFen(totals[0].amount);
      if (amount > balance) {
        const shortfall = amount - balance;
        throw new AppException(
          422,
          'insufficient-funds',
          `the ${batch.scheme} fund account (专户) holds ${formatYuan(fen(balance))} yuan, the batch needs ${formatYuan(fen(amount))} yuan: ` +
            `shortfall ${shortfall} fen (${formatYuan(fen(shortfall))} yuan)`,
          { shortfallFen: shortfall, balanceFen: balance, batchAmountFen: amount },
        );
      }
      await m.query(
        `INSERT INTO fund_entry (account, kind, amount_fen, payment_id, batch_id, created_by, created_by_role)
         SELECT $2, 'disbursement', -amount_fen, id, batch_id, $3, $4 FROM payment WHERE batch_id = $1 AND status = 'scheduled'`,
        [id, batch.scheme, actor.id, actor.role],
      );
      // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
      const [after]: [{ balance_fen: string }[], number] = await m.query(
        `UPDATE fund_account SET balance_fen = balance_fen - $2, updated_at = now() WHERE code = $1 RETURNING balance_fen`,
        [batch.scheme, amount],
      );
      await m.query(
        `UPDATE payment SET status = 'released', status_changed_at = now(), status_changed_by = $2, status_changed_by_role = $3 WHERE batch_id = $1 AND status = 'scheduled'`,
        [id, actor.id, actor.role],
      );
      await m.query(`UPDATE batch SET status = 'released', released_by = $2, released_by_role = $3, released_at = now() WHERE id = $1`, [id, actor.id, actor.role]);
      const view = await this.get(id, actor, m);
      await this.outbox.append(
        m,
        financeEvent(
          BatchReleased,
          id,
          { ...this.batchRef(view), payments: totals[0].n, amountFen: amount, fundAccount: batch.scheme, fundBalanceAfterFen: toFen(after[0].balance_fen) },
          actor,
        ),
      );
    });
    return this.get(id, actor);
  }

  /**
   * Applies the bank's results. All lines are checked before anything changes: a payment of another batch,
   * or a result contradicting an earlier one, refuses the whole file. Repeating a result changes nothing.
   */
  async applyReturns(id: string, lines: BankReturnLine[], actor: Actor): Promise<ReturnOutcome> {
    return this.ds.transaction(async (m) => {
      const batch = await this.lockBatch(m, id, actor);
      if (batch.status !== 'released' && batch.status !== 'reconciled') {
        throw conflict('batch-not-released', `batch ${id} is ${batch.status}; results are accepted only for a released batch`);
      }
      const current: { id: string; status: string }[] = await m.query(
        `SELECT id, status FROM payment WHERE batch_id = $1 AND id = ANY($2::uuid[])`,
        [id, lines.map((l) => l.paymentId)],
      );
      const statusOf = new Map(current.map((p) => [p.id, p.status]));
      const problems = lines.flatMap((l, i) => {
        const status = statusOf.get(l.paymentId);
        if (status === undefined) return [{ field: `results[${i}].payment_id`, rule: 'inBatch', message: `payment ${l.paymentId} is not in batch ${id}` }];
        if (status !== 'released' && status !== l.result) {
          return [{ field: `results[${i}].result`, rule: 'consistent', message: `payment ${l.paymentId} is already ${status}; it cannot become ${l.result}` }];
        }
        return [];
      });
      if (problems.some((p) => p.rule === 'inBatch')) {
        throw badRequest('validation-failed', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
      }
      if (problems.length) throw new AppException(409, 'result-conflict', problems.map((p) => p.message).join('; '), {}, problems);

      const pending = lines.filter((l) => statusOf.get(l.paymentId) === 'released');
      const ids = pending.map((l) => l.paymentId);
      const results = pending.map((l) => l.result);
      const reasons = pending.map((l) => l.reason);
      const refs = pending.map((l) => l.bankReference);
      const [occurredAt, correlationId, actorJson] = envelopeParams(actor);
      const counts: { disbursed: number; failed: number }[] = await m.query(
        `WITH input AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $7::text[]) AS t(id, result, reason, bank_reference)),
         u AS (
           UPDATE payment p SET status = i.result, result_reason = i.reason, bank_reference = i.bank_reference,
                  status_changed_at = now(), status_changed_by = $8, status_changed_by_role = $9
             FROM input i WHERE p.id = i.id AND p.status = 'released'
           RETURNING p.*
         ),
         reversal AS (
           INSERT INTO fund_entry (account, kind, amount_fen, payment_id, batch_id, created_by, created_by_role)
           SELECT u.scheme, 'reversal', u.amount_fen, u.id, u.batch_id, $8, $9 FROM u WHERE u.status = 'failed'
           RETURNING amount_fen, account
         ),
         credit AS (
           UPDATE fund_account a SET balance_fen = balance_fen + r.total, updated_at = now()
             FROM (SELECT account, sum(amount_fen) AS total FROM reversal GROUP BY account) r WHERE a.code = r.account
           RETURNING 1
         ),
         ev_disbursed AS (${disbursedEvent} FROM u WHERE u.status = 'disbursed' ON CONFLICT (event_id) DO NOTHING RETURNING 1),
         ev_failed AS (${failedEvent} FROM u WHERE u.status = 'failed' ON CONFLICT (event_id) DO NOTHING RETURNING 1)
         SELECT (SELECT count(*) FROM u WHERE status = 'disbursed')::int AS disbursed,
                (SELECT count(*) FROM u WHERE status = 'failed')::int AS failed,
                (SELECT count(*) FROM credit) + (SELECT count(*) FROM ev_disbursed) + (SELECT count(*) FROM ev_failed) AS written`,
        [ids, results, reasons, occurredAt, correlationId, actorJson, refs, actor.id, actor.role],
      );
      let status = batch.status;
      if (status === 'released') {
        const open: { n: number }[] = await m.query(`SELECT count(*)::int AS n FROM payment WHERE batch_id = $1 AND status = 'released'`, [id]);
        if (open[0].n === 0) {
          await m.query(`UPDATE batch SET status = 'reconciled', reconciled_at = now() WHERE id = $1`, [id]);
          status = 'reconciled';
          const view = await this.get(id, actor, m);
          const d = view.byStatus['disbursed'] ?? { payments: 0, amountFen: 0 };
          const f = view.byStatus['failed'] ?? { payments: 0, amountFen: 0 };
          await this.outbox.append(
            m,
            financeEvent(
              BatchReconciled,
              id,
              { ...this.batchRef(view), payments: view.payments, amountFen: view.amountFen, disbursed: d.payments, disbursedFen: d.amountFen, failed: f.payments, failedFen: f.amountFen },
              actor,
            ),
          );
        }
      }
      return { batchId: id, disbursed: counts[0].disbursed, failed: counts[0].failed, unchanged: lines.length - pending.length, batchStatus: status };
    });
  }

  /**
   * B art. 31: dibao money reaches households by the 10th of the month. Flags every batch not yet released on the day
   * after the 10th of its period's first month (a rural quarter: of the quarter's first month), once per batch, and
   * tells supervision (batch.late). Returns what it flagged.
   */
  async sweepLate(actor: Actor, today: string = localDateAt(Date.now())): Promise<{ flaggedOn: string; flagged: number; batchIds: string[] }> {
    return this.ds.transaction(async (m) => {
      const candidates: { id: string; period: string; scheme: Scheme }[] = await m.query(
        `SELECT id, period, scheme FROM batch WHERE status IN ('draft', 'approved') AND late_flagged_on IS NULL ORDER BY period, township, seq FOR UPDATE SKIP LOCKED`,
      );
      const late = candidates.filter((b) => paymentDueOn(b.period) < today);
      if (late.length === 0) return { flaggedOn: today, flagged: 0, batchIds: [] };
      await m.query(`UPDATE batch SET late_flagged_on = $2 WHERE id = ANY($1::uuid[])`, [late.map((b) => b.id), today]);
      const views = await this.views(m, late.map((b) => b.id));
      for (const view of views) {
        const dueOn = paymentDueOn(view.period);
        await this.outbox.append(
          m,
          financeEvent(
            BatchLate,
            view.id,
            {
              ...this.batchRef(view),
              idempotencyKey: `${batchKey(view.scheme, view.period, view.township, view.seq)}#late`,
              payments: view.payments,
              amountFen: view.amountFen,
              status: view.status as 'draft' | 'approved',
              dueOn,
              flaggedOn: today,
              daysLate: daysBetween(dueOn, today),
            },
            actor,
          ),
        );
      }
      return { flaggedOn: today, flagged: views.length, batchIds: views.map((v) => v.id).sort() };
    });
  }

  private batchRef(view: BatchView) {
    return {
      batchId: view.id,
      idempotencyKey: batchKey(view.scheme, view.period, view.township, view.seq),
      scheme: view.scheme,
      period: view.period,
      township: view.township,
      seq: view.seq,
    };
  }

  private async lockBatch(m: EntityManager, id: string, actor: Actor): Promise<{ status: BatchView['status']; scheme: Scheme; township: string }> {
    const rows: { status: BatchView['status']; scheme: Scheme; township: string }[] = await m.query(
      `SELECT status, scheme, township FROM batch WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!rows[0] || !canAccessTownship(actor, rows[0].township)) throw notFound('batch', id);
    return rows[0];
  }

  private async views(m: EntityManager | DataSource, ids: string[]): Promise<BatchView[]> {
    if (ids.length === 0) return [];
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT b.*,
              COALESCE((SELECT jsonb_object_agg(s.status, jsonb_build_object('payments', s.n, 'amountFen', s.amount))
                          FROM (SELECT status, count(*) AS n, sum(amount_fen) AS amount FROM payment WHERE batch_id = b.id GROUP BY status) s), '{}') AS by_status,
              (SELECT count(*) FROM payment WHERE batch_id = b.id AND status <> 'stopped')::int AS payments,
              (SELECT COALESCE(sum(persons), 0) FROM payment WHERE batch_id = b.id AND status <> 'stopped')::int AS persons,
              (SELECT COALESCE(sum(amount_fen), 0) FROM payment WHERE batch_id = b.id AND status <> 'stopped')::text AS amount
         FROM batch b WHERE b.id = ANY($1::uuid[])
        ORDER BY b.scheme, b.period DESC, b.township, b.seq`,
      [ids],
    );
    return rows.map((r) => ({
      id: String(r['id']),
      runId: String(r['run_id']),
      scheme: r['scheme'] as Scheme,
      period: String(r['period']),
      township: String(r['township']),
      seq: Number(r['seq']),
      status: r['status'] as BatchView['status'],
      payments: Number(r['payments']),
      persons: Number(r['persons']),
      amountFen: toFen(r['amount']),
      byStatus: r['by_status'] as BatchView['byStatus'],
      approved: r['approved_at'] ? { by: String(r['approved_by']), role: String(r['approved_by_role']), at: iso(r['approved_at']) } : null,
      released: r['released_at'] ? { by: String(r['released_by']), role: String(r['released_by_role']), at: iso(r['released_at']) } : null,
      reconciledAt: r['reconciled_at'] ? iso(r['reconciled_at']) : null,
      createdAt: iso(r['created_at']),
    }));
  }
}

function iso(v: unknown): string {
  return new Date(v as string).toISOString();
}

/** The day a period's money must reach households (B art. 31): the 10th of its first month. */
export function paymentDueOn(period: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  const month = q ? `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}` : period;
  return `${month}-10`;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
