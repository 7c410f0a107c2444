import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badRequest } from '@dibao/platform';
import { schemeOfPeriodText } from '../common/period.util';
import { toFen } from '../common/sql.util';

export interface PeriodReportRow {
  township: string;
  scheme: string;
  /** Households paid out (released or disbursed) for the period. */
  households: number;
  persons: number;
  /** Net amount paid out of the fund account for the period: released or disbursed payments. */
  amountFen: number;
  disbursedFen: number;
  /** Released, no result from the bank yet. */
  inTransitFen: number;
  /** Returned by the bank and credited back; reissued by a later run. */
  failedFen: number;
  /** In draft or approved batches, not yet paid out. */
  scheduledFen: number;
}

/**
 * The period report by township and scheme. `amountFen` counts payments whose money has left the fund
 * account and not come back; the ledger side sums the disbursement and reversal entries of the same
 * period's payments. The two are computed independently and must agree to the fen.
 */
@Injectable()
export class ReportsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async period(period: string) {
    const scheme = schemeOfPeriodText(period);
    if (!scheme) {
      throw badRequest('validation-failed', `period: ${period} must be YYYY-MM (urban) or YYYY-Qn (rural)`, [
        { field: 'period', rule: 'paymentPeriod', message: 'period must be YYYY-MM (urban) or YYYY-Qn (rural)' },
      ]);
    }
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT township, scheme,
              count(DISTINCT household_id) FILTER (WHERE status IN ('released', 'disbursed'))::int AS households,
              COALESCE(sum(persons) FILTER (WHERE status IN ('released', 'disbursed')), 0)::int AS persons,
              COALESCE(sum(amount_fen) FILTER (WHERE status IN ('released', 'disbursed')), 0)::text AS amount,
              COALESCE(sum(amount_fen) FILTER (WHERE status = 'disbursed'), 0)::text AS disbursed,
              COALESCE(sum(amount_fen) FILTER (WHERE status = 'released'), 0)::text AS in_transit,
              COALESCE(sum(amount_fen) FILTER (WHERE status = 'failed'), 0)::text AS failed,
              COALESCE(sum(amount_fen) FILTER (WHERE status = 'scheduled'), 0)::text AS scheduled
         FROM payment WHERE scheme = $1 AND period = $2
        GROUP BY township, scheme ORDER BY township`,
      [scheme, period],
    );
    const ledger: { out: string }[] = await this.ds.query(
      `SELECT COALESCE(-sum(e.amount_fen), 0)::text AS out
         FROM fund_entry e JOIN payment p ON p.id = e.payment_id
        WHERE p.scheme = $1 AND p.period = $2 AND e.kind IN ('disbursement', 'reversal')`,
      [scheme, period],
    );
    const townships: PeriodReportRow[] = rows.map((r) => ({
      township: String(r['township']),
      scheme: String(r['scheme']),
      households: Number(r['households']),
      persons: Number(r['persons']),
      amountFen: toFen(r['amount']),
      disbursedFen: toFen(r['disbursed']),
      inTransitFen: toFen(r['in_transit']),
      failedFen: toFen(r['failed']),
      scheduledFen: toFen(r['scheduled']),
    }));
    const total = townships.reduce(
      (t, r) => ({ households: t.households + r.households, persons: t.persons + r.persons, amountFen: t.amountFen + r.amountFen }),
      { households: 0, persons: 0, amountFen: 0 },
    );
    const ledgerNetOutFen = toFen(ledger[0].out);
    return {
      period,
      scheme,
      townships,
      total,
      ledger: { netOutFen: ledgerNetOutFen, differenceFen: total.amountFen - ledgerNetOutFen, reconciled: total.amountFen === ledgerNetOutFen },
    };
  }
}
