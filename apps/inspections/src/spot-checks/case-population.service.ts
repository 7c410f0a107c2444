import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseApproved, EventEnvelope, PayloadOf } from '@dibao/contracts';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Keeps the spot-check population (approved cases per township) up to date from dibao.cases.v1.
 * Rejected and withdrawn cases never enter it, so their events are not followed.
 */
@Injectable()
export class CasePopulationService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A case approved (again): in the population from now on. */
  async recordApproved(m: EntityManager, e: EventEnvelope<PayloadOf<typeof CaseApproved>>): Promise<void> {
    const p = e.payload;
    await m.query(
      `INSERT INTO approved_case (case_id, household_id, township_code, scheme, approved_on, source_event_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (case_id) DO UPDATE SET household_id = EXCLUDED.household_id, township_code = EXCLUDED.township_code,
         scheme = EXCLUDED.scheme, approved_on = EXCLUDED.approved_on, source_event_id = EXCLUDED.source_event_id,
         removed_on = NULL, removed_reason = NULL, received_at = now()`,
      [p.caseId, p.householdId, p.township, p.scheme, p.approvedOn, e.eventId],
    );
  }

  /** A case that stops being a beneficiary (`beneficiary.terminated`) leaves the population. */
  async recordRemoved(m: EntityManager, caseId: string, on: string, reason: string): Promise<void> {
    await m.query(`UPDATE approved_case SET removed_on = $2, removed_reason = $3 WHERE case_id = $1 AND removed_on IS NULL`, [caseId, on, reason]);
  }

  /** Approved case ids of a township, sorted by id. */
  async caseIds(township: string, m: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { case_id: string }[] = await m.query(
      `SELECT case_id FROM approved_case WHERE township_code = $1 AND removed_on IS NULL ORDER BY case_id COLLATE "C"`,
      [township],
    );
    return rows.map((r) => r.case_id);
  }

  /** The approved cases among `caseIds`, with their township and household. */
  async find(m: EntityManager, caseIds: string[]): Promise<Map<string, { township: string; householdId: string }>> {
    if (caseIds.length === 0) return new Map();
    const rows: { case_id: string; township_code: string; household_id: string }[] = await m.query(
      `SELECT case_id, township_code, household_id FROM approved_case WHERE case_id = ANY($1::text[]) AND removed_on IS NULL`,
      [caseIds],
    );
    return new Map(rows.map((r) => [r.case_id, { township: r.township_code, householdId: r.household_id }]));
  }
}
