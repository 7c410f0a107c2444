import { MigrationInterface, QueryRunner } from 'typeorm';

/** B art. 31: the day a batch was flagged late (not released by the 10th of its period's first month), once. */
export class BatchLate1765700000000 implements MigrationInterface {
  name = 'BatchLate1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE batch ADD COLUMN late_flagged_on date`);
    await q.query(`CREATE INDEX batch_unreleased ON batch (period) WHERE status IN ('draft', 'approved') AND late_flagged_on IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX batch_unreleased`);
    await q.query(`ALTER TABLE batch DROP COLUMN late_flagged_on`);
  }
}
