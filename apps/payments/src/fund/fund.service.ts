import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '@dibao/contracts';
import { isLocalDate } from '@dibao/domain';
import { badRequest, conflict, notFound } from '@dibao/platform';
import { toFen } from '../common/sql.util';
import { RecordAppropriationDto } from './dto/record-appropriation.dto';

/** The special fund account (专户) of each scheme: appropriations in, disbursements out, reversals back in. */
@Injectable()
export class FundService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async accounts() {
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT a.code, a.name, a.balance_fen::text AS balance, a.updated_at,
              (SELECT COALESCE(sum(amount_fen), 0) FROM fund_entry e WHERE e.account = a.code)::text AS ledger
         FROM fund_account a ORDER BY a.code`,
    );
    return rows.map((r) => ({
      code: r['code'],
      name: r['name'],
      balanceFen: toFen(r['balance']),
      /** The sum of every ledger entry; always equal to the balance. */
      ledgerSumFen: toFen(r['ledger']),
      updatedAt: new Date(r['updated_at'] as string).toISOString(),
    }));
  }

  async entries(account: string, limit: number, offset: number) {
    const exists: unknown[] = await this.ds.query(`SELECT 1 FROM fund_account WHERE code = $1`, [account]);
    if (exists.length === 0) throw notFound('fund account', account);
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT e.id, e.kind, e.amount_fen, e.appropriation_id, a.reference, e.payment_id, e.batch_id, e.created_by, e.created_by_role, e.created_at,
              r.overpayment_id, r.reference AS receipt
         FROM fund_entry e LEFT JOIN appropriation a ON a.id = e.appropriation_id
         LEFT JOIN overpayment_recovery r ON r.id = e.recovery_id
        WHERE e.account = $1 ORDER BY e.id DESC LIMIT $2 OFFSET $3`,
      [account, limit, offset],
    );
    return rows.map((r) => ({
      id: Number(r['id']),
      kind: r['kind'],
      amountFen: toFen(r['amount_fen']),
      appropriationId: r['appropriation_id'],
      appropriationReference: r['reference'],
      paymentId: r['payment_id'],
      batchId: r['batch_id'],
      ...(r['overpayment_id'] ? { overpaymentId: r['overpayment_id'], receipt: r['receipt'] } : {}),
      by: { id: r['created_by'], role: r['created_by_role'] },
      at: new Date(r['created_at'] as string).toISOString(),
    }));
  }

  /** Records money received into the account. The same reference again with the same figures is a no-op. */
  async appropriate(dto: RecordAppropriationDto, actor: Actor) {
    if (!isLocalDate(dto.receivedOn)) {
      throw badRequest('validation-failed', `receivedOn: ${dto.receivedOn} is not a calendar date`, [
        { field: 'receivedOn', rule: 'isDate', message: 'receivedOn must be a real calendar date' },
      ]);
    }
    return this.ds.transaction(async (m) => {
      await m.query(`SELECT 1 FROM fund_account WHERE code = $1 FOR UPDATE`, [dto.account]);
      const inserted: { id: string }[] = await m.query(
        `INSERT INTO appropriation (account, reference, amount_fen, received_on, note, created_by, created_by_role)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (reference) DO NOTHING RETURNING id`,
        [dto.account, dto.reference, dto.amountFen, dto.receivedOn, dto.note ?? null, actor.id, actor.role],
      );
      if (inserted.length === 0) {
        const existing: { id: string; account: string; amount_fen: string }[] = await m.query(
          `SELECT id, account, amount_fen FROM appropriation WHERE reference = $1`,
          [dto.reference],
        );
        const same = existing[0].account === dto.account && toFen(existing[0].amount_fen) === dto.amountFen;
        if (!same) throw conflict('appropriation-exists', `appropriation ${dto.reference} is already recorded with other figures`);
        return { id: existing[0].id, recorded: false };
      }
      await m.query(
        `INSERT INTO fund_entry (account, kind, amount_fen, appropriation_id, created_by, created_by_role)
         VALUES ($1, 'appropriation', $2, $3, $4, $5)`,
        [dto.account, dto.amountFen, inserted[0].id, actor.id, actor.role],
      );
      await m.query(`UPDATE fund_account SET balance_fen = balance_fen + $2, updated_at = now() WHERE code = $1`, [dto.account, dto.amountFen]);
      return { id: inserted[0].id, recorded: true };
    });
  }
}
