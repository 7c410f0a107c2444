import { MigrationInterface, QueryRunner } from 'typeorm';

/** The alert feed also carries `payment.batch-late` (a batch not released by the 10th, B art. 31), with its batch. */
export class BatchLateAlerts1765700000000 implements MigrationInterface {
  name = 'BatchLateAlerts1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE supervision_alert ADD COLUMN batch_id text`);
    await q.query(`ALTER TABLE supervision_alert DROP CONSTRAINT supervision_alert_kind_check`);
    await q.query(
      `ALTER TABLE supervision_alert ADD CONSTRAINT supervision_alert_kind_check
         CHECK (kind IN ('case.stage-overdue', 'inspection.order-overdue', 'beneficiary.review-overdue', 'payment.batch-late'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM supervision_alert WHERE kind = 'payment.batch-late'`);
    await q.query(`ALTER TABLE supervision_alert DROP CONSTRAINT supervision_alert_kind_check`);
    await q.query(
      `ALTER TABLE supervision_alert ADD CONSTRAINT supervision_alert_kind_check
         CHECK (kind IN ('case.stage-overdue', 'inspection.order-overdue', 'beneficiary.review-overdue'))`,
    );
    await q.query(`ALTER TABLE supervision_alert DROP COLUMN batch_id`);
  }
}
