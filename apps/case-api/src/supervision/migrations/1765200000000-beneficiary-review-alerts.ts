import { MigrationInterface, QueryRunner } from 'typeorm';

/** The alert feed also carries `beneficiary.review-overdue` (a periodic, special, campaign review or the yearly
 *  village re-appraisal past its date); the review kind goes into `scope`. */
export class BeneficiaryReviewAlerts1765200000000 implements MigrationInterface {
  name = 'BeneficiaryReviewAlerts1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE supervision_alert DROP CONSTRAINT supervision_alert_kind_check`);
    await q.query(
      `ALTER TABLE supervision_alert ADD CONSTRAINT supervision_alert_kind_check
         CHECK (kind IN ('case.stage-overdue', 'inspection.order-overdue', 'beneficiary.review-overdue'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM supervision_alert WHERE kind = 'beneficiary.review-overdue'`);
    await q.query(`ALTER TABLE supervision_alert DROP CONSTRAINT supervision_alert_kind_check`);
    await q.query(
      `ALTER TABLE supervision_alert ADD CONSTRAINT supervision_alert_kind_check CHECK (kind IN ('case.stage-overdue', 'inspection.order-overdue'))`,
    );
  }
}
