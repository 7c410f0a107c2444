import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Scheme } from '@dibao/domain';
import { toFen } from '../common/sql.util';

export interface StandardRow {
  id: string;
  scheme: Scheme;
  area: string;
  amountFen: number;
  unit: string;
  effectiveFrom: string;
  reason: string;
  createdBy: string;
  createdByRole: string;
  createdAt: string;
}

const COLUMNS = `id, scheme, area, amount_fen, unit, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, reason,
  created_by, created_by_role, created_at`;

@Injectable()
export class StandardsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async list(scheme?: Scheme): Promise<StandardRow[]> {
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM standard WHERE ($1::text IS NULL OR scheme = $1) ORDER BY scheme, area, effective_from`,
      [scheme ?? null],
    );
    return rows.map(toStandard);
  }

  /** The area's own latest standard before a date (what a new one replaces). */
  async latestBefore(m: EntityManager, scheme: Scheme, area: string, date: string): Promise<StandardRow | undefined> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT ${COLUMNS} FROM standard WHERE scheme = $1 AND area = $2 AND effective_from < $3::date ORDER BY effective_from DESC LIMIT 1`,
      [scheme, area, date],
    );
    return rows[0] ? toStandard(rows[0]) : undefined;
  }

  /** The standard in force on a date for a township: its own (area = township) if any, else the county's. */
  async inForce(m: EntityManager | DataSource, scheme: Scheme, township: string, date: string): Promise<StandardRow | undefined> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT ${COLUMNS} FROM standard
        WHERE scheme = $1 AND area IN ($2, 'county') AND effective_from <= $3::date
        ORDER BY (area = 'county'), effective_from DESC LIMIT 1`,
      [scheme, township, date],
    );
    return rows[0] ? toStandard(rows[0]) : undefined;
  }
}

export function toStandard(r: Record<string, unknown>): StandardRow {
  return {
    id: String(r['id']),
    scheme: r['scheme'] as Scheme,
    area: String(r['area']),
    amountFen: toFen(r['amount_fen']),
    unit: String(r['unit']),
    effectiveFrom: String(r['effective_from']),
    reason: String(r['reason']),
    createdBy: String(r['created_by']),
    createdByRole: String(r['created_by_role']),
    createdAt: new Date(r['created_at'] as string).toISOString(),
  };
}
