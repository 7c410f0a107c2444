import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  CaseApproved,
  CaseStageChanged,
  CaseStageOverdue,
  CaseSubmitted,
  EventEnvelope,
  InspectionOrderOverdue,
  PayloadOf,
  PaymentStopped,
  TERMINAL_STAGES,
} from '@dibao/contracts';
import { firstDayOfPeriod } from './supervision.util';

/**
 * Writes the supervision tables from events, through the inbox's transaction (a redelivery changes nothing).
 * Every insert is also idempotent by itself (ON CONFLICT DO NOTHING), so a replay from another group is harmless.
 */
@Injectable()
export class SupervisionEventsService {
  async caseSubmitted(m: EntityManager, e: EventEnvelope<PayloadOf<typeof CaseSubmitted>>): Promise<void> {
    const p = e.payload;
    await m.query(
      `INSERT INTO case_stage_interval (case_id, stage, township, scheme, entered_at) VALUES ($1, 'application', $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [p.caseId, p.township, p.scheme, e.occurredAt],
    );
    await this.step(m, e, p.caseId, p.township, 'application');
  }

  async stageChanged(m: EntityManager, e: EventEnvelope<PayloadOf<typeof CaseStageChanged>>): Promise<void> {
    const p = e.payload;
    await m.query(`UPDATE case_stage_interval SET left_at = $3 WHERE case_id = $1 AND stage = $2 AND left_at IS NULL`, [
      p.caseId,
      p.from,
      e.occurredAt,
    ]);
    if (!(TERMINAL_STAGES as readonly string[]).includes(p.to)) {
      await m.query(
        `INSERT INTO case_stage_interval (case_id, stage, township, scheme, entered_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING`,
        [p.caseId, p.to, p.township, p.scheme, e.occurredAt],
      );
    }
    await this.step(m, e, p.caseId, p.township, p.to);
  }

  async stageOverdue(m: EntityManager, e: EventEnvelope<PayloadOf<typeof CaseStageOverdue>>): Promise<void> {
    const p = e.payload;
    await m.query(
      `INSERT INTO supervision_alert (event_id, kind, township, scheme, case_id, stage, scope, deadline, days_late, occurred_at)
       VALUES ($1, 'case.stage-overdue', $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (event_id) DO NOTHING`,
      [e.eventId, p.township, p.scheme, p.caseId, p.stage, p.scope ?? 'stage', p.deadline, p.daysLate, e.occurredAt],
    );
  }

  async orderOverdue(m: EntityManager, e: EventEnvelope<PayloadOf<typeof InspectionOrderOverdue>>): Promise<void> {
    const p = e.payload;
    await m.query(
      `INSERT INTO supervision_alert (event_id, kind, township, order_id, deadline, days_late, occurred_at)
       VALUES ($1, 'inspection.order-overdue', $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING`,
      [e.eventId, p.township, p.orderId, p.deadline, p.daysLate, e.occurredAt],
    );
  }

  async approved(m: EntityManager, e: EventEnvelope<PayloadOf<typeof CaseApproved>>): Promise<void> {
    const p = e.payload;
    await m.query(
      `INSERT INTO beneficiary_movement (event_id, household_id, township, scheme, kind, on_date)
       VALUES ($1, $2, $3, $4, 'entered', $5) ON CONFLICT DO NOTHING`,
      [e.eventId, p.householdId, p.township, p.scheme, p.approvedOn],
    );
  }

  async stopped(m: EntityManager, e: EventEnvelope<PayloadOf<typeof PaymentStopped>>): Promise<void> {
    const p = e.payload;
    await m.query(
      `INSERT INTO beneficiary_movement (event_id, household_id, township, scheme, kind, on_date)
       VALUES ($1, $2, $3, $4, 'exited', $5) ON CONFLICT DO NOTHING`,
      [e.eventId, p.householdId, p.township, p.scheme, firstDayOfPeriod(p.period)],
    );
  }

  private async step(m: EntityManager, e: EventEnvelope, caseId: string, township: string, toStage: string): Promise<void> {
    await m.query(
      `INSERT INTO case_step (event_id, case_id, township, actor_id, actor_role, to_stage, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [e.eventId, caseId, township, e.actor.id, e.actor.role, toStage, e.occurredAt],
    );
  }
}
