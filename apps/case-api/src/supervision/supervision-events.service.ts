import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  BatchLate,
  BeneficiaryReviewOverdue,
  CaseApproved,
  CaseStageChanged,
  CaseDeadlineChanged,
  CaseStageOverdue,
  CaseSubmitted,
  EventEnvelope,
  InspectionOrderOverdue,
  PayloadOf,
  PaymentStopped,
  TERMINAL_STAGES,
} from '@dibao/contracts';
import { deadlinePassesAt } from './supervision-projection.util';
import { firstDayOfPeriod } from './supervision.util';

/**
 * Writes the supervision tables from events, through the inbox's transaction (a redelivery changes nothing).
 * Every insert is also idempotent by itself (ON CONFLICT DO NOTHING), so a replay from another group is harmless.
 *
 * `supervised_case` (one row per case) is changed only by an event that is newer than what the row already says:
 * a stage change applies when it happened after the row's stage was entered, or at the same instant from the row's
 * stage (two changes in one workflow step share their time, and `from` chains them); an overdue mark applies only to
 * the stage it names and only if that stage was entered before the mark. So a duplicate, a replay or an older event
 * arriving late changes nothing, and the row ends the same whatever order the events came in.
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
    // Never moves a case that later events already placed; fills what only the submission knows.
    await m.query(
      `INSERT INTO supervised_case AS c (case_id, household_id, township, scheme, stage, stage_entered_at, submitted_at, last_event_at)
       VALUES ($1, $2, $3, $4, 'application', $5, $5, $5)
       ON CONFLICT (case_id) DO UPDATE SET
         household_id = EXCLUDED.household_id,
         submitted_at = least(coalesce(c.submitted_at, EXCLUDED.submitted_at), EXCLUDED.submitted_at),
         stage_entered_at = CASE WHEN c.stage = 'application' AND c.stage_entered_at = '-infinity' THEN EXCLUDED.stage_entered_at ELSE c.stage_entered_at END,
         last_event_at = greatest(c.last_event_at, EXCLUDED.last_event_at),
         updated_at = now()`,
      [p.caseId, p.householdId, p.township, p.scheme, e.occurredAt],
    );
    await this.caseworker(m, e, p.caseId);
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
    const closed = (TERMINAL_STAGES as readonly string[]).includes(p.to);
    await m.query(
      `INSERT INTO supervised_case AS c (case_id, household_id, township, scheme, stage, stage_entered_at, stage_due_on, stage_overdue_at,
                                          closed_at, last_event_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $6)
       ON CONFLICT (case_id) DO UPDATE SET
         household_id = EXCLUDED.household_id, township = EXCLUDED.township, scheme = EXCLUDED.scheme,
         stage = EXCLUDED.stage, stage_entered_at = EXCLUDED.stage_entered_at, stage_due_on = EXCLUDED.stage_due_on,
         stage_overdue_at = EXCLUDED.stage_overdue_at, stage_overdue_marked = false, closed_at = EXCLUDED.closed_at,
         last_event_at = greatest(c.last_event_at, EXCLUDED.last_event_at), updated_at = now()
       WHERE c.stage_entered_at < EXCLUDED.stage_entered_at OR (c.stage_entered_at = EXCLUDED.stage_entered_at AND c.stage = $10)`,
      [
        p.caseId,
        p.householdId,
        p.township,
        p.scheme,
        p.to,
        e.occurredAt,
        p.stageDeadline ?? null,
        p.stageDeadline ? deadlinePassesAt(p.stageDeadline).toISOString() : 'infinity',
        closed ? e.occurredAt : null,
        p.from,
      ],
    );
    await this.caseworker(m, e, p.caseId);
    await this.step(m, e, p.caseId, p.township, p.to);
  }

  async stageOverdue(m: EntityManager, e: EventEnvelope<PayloadOf<typeof CaseStageOverdue>>): Promise<void> {
    const p = e.payload;
    await m.query(
      `INSERT INTO supervision_alert (event_id, kind, township, scheme, case_id, stage, scope, deadline, days_late, occurred_at)
       VALUES ($1, 'case.stage-overdue', $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (event_id) DO NOTHING`,
      [e.eventId, p.township, p.scheme, p.caseId, p.stage, p.scope ?? 'stage', p.deadline, p.daysLate, e.occurredAt],
    );
    if ((p.scope ?? 'stage') === 'stage') {
      // The mark of the stage the case is in (entered before the mark); a late mark of an earlier stage changes nothing.
      await m.query(
        `INSERT INTO supervised_case AS c (case_id, household_id, township, scheme, stage, stage_entered_at, stage_due_on, stage_overdue_at,
                                            stage_overdue_marked, last_event_at)
         VALUES ($1, $2, $3, $4, $5, '-infinity', $6, $7, true, $8)
         ON CONFLICT (case_id) DO UPDATE SET
           stage_overdue_marked = true,
           stage_due_on = coalesce(c.stage_due_on, EXCLUDED.stage_due_on),
           stage_overdue_at = CASE WHEN c.stage_due_on IS NULL THEN EXCLUDED.stage_overdue_at ELSE c.stage_overdue_at END,
           last_event_at = greatest(c.last_event_at, EXCLUDED.last_event_at), updated_at = now()
         WHERE c.stage = EXCLUDED.stage AND c.stage_entered_at <= EXCLUDED.last_event_at AND c.closed_at IS NULL`,
        [p.caseId, p.householdId, p.township, p.scheme, p.stage, p.deadline, deadlinePassesAt(p.deadline).toISOString(), e.occurredAt],
      );
    } else if (p.scope === 'overall') {
      // The whole case's 30 (45) working days passed: it stays overdue whatever stage it moves to.
      await m.query(
        `INSERT INTO supervised_case AS c (case_id, household_id, township, scheme, stage, stage_entered_at, overall_overdue_at, last_event_at)
         VALUES ($1, $2, $3, $4, $5, '-infinity', $6, $6)
         ON CONFLICT (case_id) DO UPDATE SET
           overall_overdue_at = least(coalesce(c.overall_overdue_at, EXCLUDED.overall_overdue_at), EXCLUDED.overall_overdue_at),
           last_event_at = greatest(c.last_event_at, EXCLUDED.last_event_at), updated_at = now()`,
        [p.caseId, p.householdId, p.township, p.scheme, p.stage, e.occurredAt],
      );
    }
  }

  /**
   * A deadline changed without a change of stage (case.deadline-changed): the investigation or data check started
   * (the start deadline is met), or a loaded holiday schedule recounted it. What supervision shows of the case is
   * replaced; the earlier overdue alert stays in the feed as history. A data-check deadline lives in the alerts only.
   */
  async deadlineChanged(m: EntityManager, e: EventEnvelope<PayloadOf<typeof CaseDeadlineChanged>>): Promise<void> {
    const p = e.payload;
    const passesAt = p.deadline ? deadlinePassesAt(p.deadline) : undefined;
    if (p.scope === 'stage') {
      // Only for the stage the case is in (a late event of an earlier stage changes nothing).
      await m.query(
        `UPDATE supervised_case SET stage_due_on = $3, stage_overdue_at = $4,
                stage_overdue_marked = CASE WHEN $4::timestamptz > $5::timestamptz THEN false ELSE stage_overdue_marked END,
                last_event_at = greatest(last_event_at, $5), updated_at = now()
          WHERE case_id = $1 AND stage = $2 AND closed_at IS NULL`,
        [p.caseId, p.stage, p.deadline ?? null, passesAt ? passesAt.toISOString() : 'infinity', e.occurredAt],
      );
    } else if (p.scope === 'overall' && passesAt && passesAt.getTime() > Date.parse(e.occurredAt)) {
      // Recounted to a day still ahead: no longer overdue as a whole (marked again if it passes).
      await m.query(
        `UPDATE supervised_case SET overall_overdue_at = NULL, last_event_at = greatest(last_event_at, $2), updated_at = now()
          WHERE case_id = $1 AND closed_at IS NULL`,
        [p.caseId, e.occurredAt],
      );
    }
  }

  async orderOverdue(m: EntityManager, e: EventEnvelope<PayloadOf<typeof InspectionOrderOverdue>>): Promise<void> {
    const p = e.payload;
    await m.query(
      `INSERT INTO supervision_alert (event_id, kind, township, order_id, deadline, days_late, occurred_at)
       VALUES ($1, 'inspection.order-overdue', $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING`,
      [e.eventId, p.township, p.orderId, p.deadline, p.daysLate, e.occurredAt],
    );
  }

  /** A payment batch was not released to the bank by the 10th of its period (B art. 31). */
  async batchLate(m: EntityManager, e: EventEnvelope<PayloadOf<typeof BatchLate>>): Promise<void> {
    const p = e.payload;
    await m.query(
      `INSERT INTO supervision_alert (event_id, kind, township, scheme, batch_id, scope, deadline, days_late, occurred_at)
       VALUES ($1, 'payment.batch-late', $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (event_id) DO NOTHING`,
      [e.eventId, p.township, p.scheme, p.batchId, p.status, p.dueOn, p.daysLate, e.occurredAt],
    );
  }

  /** A beneficiary's review (periodic, special, campaign) or the yearly village re-appraisal passed its date. */
  async reviewOverdue(m: EntityManager, e: EventEnvelope<PayloadOf<typeof BeneficiaryReviewOverdue>>): Promise<void> {
    const p = e.payload;
    await m.query(
      `INSERT INTO supervision_alert (event_id, kind, township, scheme, case_id, scope, deadline, days_late, occurred_at)
       VALUES ($1, 'beneficiary.review-overdue', $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (event_id) DO NOTHING`,
      [e.eventId, p.township, p.scheme, p.caseId, p.kind, p.dueOn, p.daysLate, e.occurredAt],
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

  /** The caseworker who took the case's latest step (a later step by someone else wins; an older one changes nothing). */
  private async caseworker(m: EntityManager, e: EventEnvelope, caseId: string): Promise<void> {
    if (e.actor.role !== 'caseworker') return;
    await m.query(
      `UPDATE supervised_case SET caseworker_id = $2, caseworker_at = $3, updated_at = now()
        WHERE case_id = $1 AND (caseworker_at IS NULL OR caseworker_at <= $3)`,
      [caseId, e.actor.id, e.occurredAt],
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
