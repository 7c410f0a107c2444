import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who changed a payment's status is kept with their role too (the audit read of a batch names both). Rows from
 * before this migration have no role (null); a new nullable column is added without rewriting the table.
 */
export class PaymentStatusChangedByRole1765400000000 implements MigrationInterface {
  name = 'PaymentStatusChangedByRole1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment ADD COLUMN status_changed_by_role text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment DROP COLUMN status_changed_by_role`);
  }
}
