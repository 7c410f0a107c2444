import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, isTownshipRole, OverpaymentRecovered } from '@dibao/contracts';
import { isLocalDate, localDateAt, Scheme } from '@dibao/domain';
import { badRequest, canAccessTownship, conflict, notFound, OutboxService, unprocessable } from '@dibao/platform';
import { financeEvent } from '../common/finance-event.util';
import { monthText } from '../common/period.util';
import { toFen } from '../common/sql.util';
import { ListOverpaymentsQuery, RecordFineDto, RecordRecoveryDto } from './dto/overpayment.dto';

export interface OverpaymentDetail {
  id: string;
  paymentId: string;
  enrolmentId: string;
  householdId: string;
  scheme: Scheme;
  township: string;
  period: string;
  firstMonth: string;
  months: number;
  amountFen: number;
  recoveredFen: number;
  outstandingFen: number;
  reason: string;
  status: 'open' | 'recovered' | 'cancelled';
  recordedAt: string;
  recoveries: { id: string; amountFen: number; receivedOn: string; reference: string; note: string | null; by: { id: string; role: string }; at: string }[];
  fines: { id: string; amountFen: number; decidedOn: string; decisionRef: string; reason: string; by: { id: string; role: string }; at: string }[];
}

const COLUMNS = `o.id, o.payment_id, o.enrolment_id, o.household_id, o.scheme, o.township, o.period, o.first_month, o.months,
  o.amount_fen::text AS amount_fen, o.reason, o.status, o.created_at,
  COALESCE((SELECT sum(r.amount_fen) FROM overpayment_recovery r WHERE r.overpayment_id = o.id), 0)::text AS recovered_fen`;

/**
 * Overpayments (months paid after a benefit ended, recorded by the enrolment) and their recovery (C art. 68):
 * repayments into the fund account, each with its receipt, and fines decided for fraud (1–3 times the amount).
 */
@Injectable()
export class OverpaymentsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  async list(q: ListOverpaymentsQuery, actor: Actor): Promise<Omit<OverpaymentDetail, 'recoveries' | 'fines'>[]> {
    // A township role sees its own township only, whatever it asks for.
    const township = actor.township && isTownshipRole(actor.role) ? actor.township : q.township;
    if (actor.township && isTownshipRole(actor.role) && q.township && q.township !== actor.township) return [];
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM overpayment o
        WHERE ($1::text IS NULL OR o.township = $1) AND ($2::text IS NULL OR o.status = $2) AND ($3::text IS NULL OR o.household_id = $3)
        ORDER BY o.created_at, o.id LIMIT 1000`,
      [township ?? null, q.status ?? null, q.householdId ?? null],
    );
    return rows.map(toSummary);
  }

  async get(id: string, actor: Actor, m: EntityManager | DataSource = this.ds): Promise<OverpaymentDetail> {
    const rows: Record<string, unknown>[] = await m.query(`SELECT ${COLUMNS} FROM overpayment o WHERE o.id = $1`, [id]);
    if (!rows[0] || !canAccessTownship(actor, String(rows[0]['township']))) throw notFound('overpayment', id);
    const recoveries: Record<string, unknown>[] = await m.query(
      `SELECT id, amount_fen::text AS amount_fen, to_char(received_on, 'YYYY-MM-DD') AS received_on, reference, note, created_by, created_by_role, created_at
         FROM overpayment_recovery WHERE overpayment_id = $1 ORDER BY created_at, id`,
      [id],
    );
    const fines: Record<string, unknown>[] = await m.query(
      `SELECT id, amount_fen::text AS amount_fen, to_char(decided_on, 'YYYY-MM-DD') AS decided_on, decision_ref, reason, created_by, created_by_role, created_at
         FROM overpayment_fine WHERE overpayment_id = $1 ORDER BY created_at, id`,
      [id],
    );
    return {
      ...toSummary(rows[0]),
      recoveries: recoveries.map((r) => ({
        id: String(r['id']),
        amountFen: toFen(r['amount_fen']),
        receivedOn: String(r['received_on']),
        reference: String(r['reference']),
        note: (r['note'] as string | null) ?? null,
        by: { id: String(r['created_by']), role: String(r['created_by_role']) },
        at: new Date(r['created_at'] as string).toISOString(),
      })),
      fines: fines.map((f) => ({
        id: String(f['id']),
        amountFen: toFen(f['amount_fen']),
        decidedOn: String(f['decided_on']),
        decisionRef: String(f['decision_ref']),
        reason: String(f['reason']),
        by: { id: String(f['created_by']), role: String(f['created_by_role']) },
        at: new Date(f['created_at'] as string).toISOString(),
      })),
    };
  }

  /**
   * Records money repaid for an overpayment: credited to the scheme's fund account (a 'recovery' entry), the
   * overpayment recovered once nothing is outstanding, finance told (payment.overpayment-recovered). The same receipt
   * twice changes nothing (200); a receipt already used with other figures, more than is outstanding, or an
   * overpayment that is not open is refused and nothing changes.
   */
  async recordRecovery(id: string, dto: RecordRecoveryDto, actor: Actor): Promise<{ overpayment: OverpaymentDetail; recorded: boolean }> {
    requirePastDate(dto.receivedOn, 'receivedOn');
    return this.ds.transaction(async (m) => {
      const locked: { status: string; township: string; scheme: Scheme; amount_fen: string }[] = await m.query(
        `SELECT status, township, scheme, amount_fen::text AS amount_fen FROM overpayment WHERE id = $1 FOR UPDATE`,
        [id],
      );
      const o = locked[0];
      if (!o || !canAccessTownship(actor, o.township)) throw notFound('overpayment', id);
      const existing: { overpayment_id: string; amount_fen: string; received_on: string }[] = await m.query(
        `SELECT overpayment_id, amount_fen::text AS amount_fen, to_char(received_on, 'YYYY-MM-DD') AS received_on FROM overpayment_recovery WHERE reference = $1`,
        [dto.reference],
      );
      if (existing[0]) {
        const same = existing[0].overpayment_id === id && toFen(existing[0].amount_fen) === dto.amountFen && existing[0].received_on === dto.receivedOn;
        if (!same) throw conflict('receipt-used', `receipt ${dto.reference} is already recorded with other figures`);
        return { overpayment: await this.get(id, actor, m), recorded: false };
      }
      if (o.status !== 'open') throw conflict('overpayment-not-open', `overpayment ${id} is ${o.status}; only an open one is recovered`);
      const recovered: { n: string }[] = await m.query(`SELECT COALESCE(sum(amount_fen), 0)::text AS n FROM overpayment_recovery WHERE overpayment_id = $1`, [id]);
      const outstanding = toFen(o.amount_fen) - toFen(recovered[0]!.n);
      if (dto.amountFen > outstanding) {
        throw unprocessable('more-than-outstanding', `amountFen ${dto.amountFen} is more than the ${outstanding} fen still outstanding`, {
          errors: [{ field: 'amountFen', rule: 'atMostOutstanding', message: `at most ${outstanding} fen` }],
        });
      }
      const [row]: { id: string }[] = await m.query(
        `INSERT INTO overpayment_recovery (overpayment_id, amount_fen, received_on, reference, note, created_by, created_by_role)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [id, dto.amountFen, dto.receivedOn, dto.reference, dto.note ?? null, actor.id, actor.role],
      );
      await m.query(`SELECT 1 FROM fund_account WHERE code = $1 FOR UPDATE`, [o.scheme]);
      await m.query(
        `INSERT INTO fund_entry (account, kind, amount_fen, recovery_id, created_by, created_by_role) VALUES ($1, 'recovery', $2, $3, $4, $5)`,
        [o.scheme, dto.amountFen, row!.id, actor.id, actor.role],
      );
      await m.query(`UPDATE fund_account SET balance_fen = balance_fen + $2, updated_at = now() WHERE code = $1`, [o.scheme, dto.amountFen]);
      const left = outstanding - dto.amountFen;
      if (left === 0) await m.query(`UPDATE overpayment SET status = 'recovered', status_changed_at = now() WHERE id = $1`, [id]);
      const view = await this.get(id, actor, m);
      await this.outbox.append(
        m,
        financeEvent(
          OverpaymentRecovered,
          view.householdId,
          {
            idempotencyKey: `overpayment/${dto.reference}`,
            overpaymentId: id,
            paymentId: view.paymentId,
            householdId: view.householdId,
            scheme: view.scheme,
            period: view.period,
            township: view.township,
            amountFen: dto.amountFen,
            receivedOn: dto.receivedOn,
            recoveredFen: view.recoveredFen,
            outstandingFen: view.outstandingFen,
          },
          actor,
        ),
      );
      return { overpayment: view, recorded: true };
    });
  }

  /** Records a fine decided for fraud: 1 to 3 times the overpaid amount (C art. 68). The same decision twice: 200. */
  async recordFine(id: string, dto: RecordFineDto, actor: Actor): Promise<{ overpayment: OverpaymentDetail; recorded: boolean }> {
    requirePastDate(dto.decidedOn, 'decidedOn');
    return this.ds.transaction(async (m) => {
      const locked: { township: string; amount_fen: string }[] = await m.query(`SELECT township, amount_fen::text AS amount_fen FROM overpayment WHERE id = $1 FOR UPDATE`, [id]);
      const o = locked[0];
      if (!o || !canAccessTownship(actor, o.township)) throw notFound('overpayment', id);
      const amount = toFen(o.amount_fen);
      if (dto.amountFen < amount || dto.amountFen > 3 * amount) {
        throw unprocessable('fine-out-of-range', `a fine is 1 to 3 times the ${amount} fen obtained (C art. 68): ${amount}–${3 * amount} fen`, {
          errors: [{ field: 'amountFen', rule: 'oneToThreeTimes', message: `between ${amount} and ${3 * amount} fen` }],
        });
      }
      const inserted: { id: string }[] = await m.query(
        `INSERT INTO overpayment_fine (overpayment_id, amount_fen, decided_on, decision_ref, reason, created_by, created_by_role)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (decision_ref) DO NOTHING RETURNING id`,
        [id, dto.amountFen, dto.decidedOn, dto.decisionRef, dto.reason, actor.id, actor.role],
      );
      if (inserted.length === 0) {
        const [same]: { overpayment_id: string; amount_fen: string }[] = await m.query(`SELECT overpayment_id, amount_fen::text AS amount_fen FROM overpayment_fine WHERE decision_ref = $1`, [dto.decisionRef]);
        if (!same || same.overpayment_id !== id || toFen(same.amount_fen) !== dto.amountFen) {
          throw conflict('decision-used', `decision ${dto.decisionRef} is already recorded with other figures`);
        }
        return { overpayment: await this.get(id, actor, m), recorded: false };
      }
      return { overpayment: await this.get(id, actor, m), recorded: true };
    });
  }
}

function requirePastDate(value: string, field: string): void {
  if (!isLocalDate(value)) throw badRequest('validation-failed', `${field}: ${value} is not a calendar date`, [{ field, rule: 'isDate', message: `${field} must be a real calendar date` }]);
  const today = localDateAt(Date.now());
  if (value > today) throw badRequest('validation-failed', `${field}: ${value} is after today (${today})`, [{ field, rule: 'notInFuture', message: `${value} is after today` }]);
}

function toSummary(r: Record<string, unknown>): Omit<OverpaymentDetail, 'recoveries' | 'fines'> {
  const amountFen = toFen(r['amount_fen']);
  const recoveredFen = toFen(r['recovered_fen']);
  return {
    id: String(r['id']),
    paymentId: String(r['payment_id']),
    enrolmentId: String(r['enrolment_id']),
    householdId: String(r['household_id']),
    scheme: r['scheme'] as Scheme,
    township: String(r['township']),
    period: String(r['period']),
    firstMonth: monthText(Number(r['first_month'])),
    months: Number(r['months']),
    amountFen,
    recoveredFen,
    outstandingFen: r['status'] === 'cancelled' ? 0 : amountFen - recoveredFen,
    reason: String(r['reason']),
    status: r['status'] as OverpaymentDetail['status'],
    recordedAt: new Date(r['created_at'] as string).toISOString(),
  };
}
