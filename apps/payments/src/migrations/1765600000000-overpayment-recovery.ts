import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recovery of overpayments (C art. 68): each amount repaid into the fund account is a recovery (a receipt reference
 * once), credited to the scheme's account as a fund entry of kind 'recovery'; an overpayment is recovered once its
 * recoveries reach its amount. A fine decided for fraud (1 to 3 times the amount obtained) is recorded with its
 * decision; fines go to the treasury, not into the dibao fund, so they make no fund entry.
 */
export class OverpaymentRecovery1765600000000 implements MigrationInterface {
  name = 'OverpaymentRecovery1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE overpayment_recovery (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        overpayment_id   uuid NOT NULL REFERENCES overpayment (id),
        amount_fen       bigint NOT NULL CHECK (amount_fen > 0),
        received_on      date NOT NULL,
        reference        text NOT NULL UNIQUE,
        note             text,
        created_by       text NOT NULL,
        created_by_role  text NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX overpayment_recovery_of ON overpayment_recovery (overpayment_id)`);
    await q.query(`
      CREATE TABLE overpayment_fine (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        overpayment_id   uuid NOT NULL REFERENCES overpayment (id),
        amount_fen       bigint NOT NULL CHECK (amount_fen > 0),
        decided_on       date NOT NULL,
        decision_ref     text NOT NULL UNIQUE,
        reason           text NOT NULL,
        created_by       text NOT NULL,
        created_by_role  text NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE fund_entry ADD COLUMN recovery_id uuid REFERENCES overpayment_recovery (id)`);
    await q.query(`ALTER TABLE fund_entry DROP CONSTRAINT fund_entry_kind_check`);
    await q.query(`ALTER TABLE fund_entry ADD CONSTRAINT fund_entry_kind_check CHECK (kind IN ('appropriation', 'disbursement', 'reversal', 'recovery'))`);
    // The schema's unnamed checks, as PostgreSQL named them: payment_id only for payment entries, recovery_id only for recoveries.
    await q.query(`ALTER TABLE fund_entry DROP CONSTRAINT fund_entry_check1`);
    await q.query(`ALTER TABLE fund_entry ADD CONSTRAINT fund_entry_payment_check CHECK ((kind IN ('appropriation', 'recovery')) = (payment_id IS NULL))`);
    await q.query(`ALTER TABLE fund_entry ADD CONSTRAINT fund_entry_recovery_check CHECK ((kind = 'recovery') = (recovery_id IS NOT NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM fund_entry WHERE kind = 'recovery'`);
    await q.query(`ALTER TABLE fund_entry DROP CONSTRAINT fund_entry_recovery_check`);
    await q.query(`ALTER TABLE fund_entry DROP CONSTRAINT fund_entry_payment_check`);
    await q.query(`ALTER TABLE fund_entry ADD CONSTRAINT fund_entry_check1 CHECK ((kind = 'appropriation') = (payment_id IS NULL))`);
    await q.query(`ALTER TABLE fund_entry DROP CONSTRAINT fund_entry_kind_check`);
    await q.query(`ALTER TABLE fund_entry ADD CONSTRAINT fund_entry_kind_check CHECK (kind IN ('appropriation', 'disbursement', 'reversal'))`);
    await q.query(`ALTER TABLE fund_entry DROP COLUMN recovery_id`);
    await q.query(`DROP TABLE overpayment_fine`);
    await q.query(`DROP TABLE overpayment_recovery`);
  }
}
