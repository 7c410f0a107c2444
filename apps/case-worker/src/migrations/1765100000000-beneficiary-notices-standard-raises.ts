import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A beneficiary's written notices (suspension, termination, gradual exit, stopped share: A art. 32) share
 * case_notices with the application's rejection notices and keep their text, who decided (role) and from which
 * period; standard_raises keeps each raised standard (payments' standard.raised) for beneficiary runs that
 * start later (new approvals, continue-as-new) to apply.
 */
export class BeneficiaryNoticesStandardRaises1765100000000 implements MigrationInterface {
  name = 'BeneficiaryNoticesStandardRaises1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_notices ADD COLUMN notice_text text, ADD COLUMN decided_by_role text, ADD COLUMN from_period text`);
    await q.query(`CREATE INDEX case_notices_household ON case_notices (household_id, decided_on)`);
    await q.query(`
      CREATE TABLE standard_raises (
        raise_id          text PRIMARY KEY,
        scheme            text NOT NULL CHECK (scheme IN ('urban', 'rural')),
        area              text NOT NULL,
        standard_fen      bigint NOT NULL CHECK (standard_fen > 0),
        effective_from    date NOT NULL,
        from_period       text NOT NULL,
        reason            text NOT NULL,
        except_townships  jsonb NOT NULL DEFAULT '[]',
        raised_by         jsonb NOT NULL,
        received_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX standard_raises_scheme ON standard_raises (scheme, effective_from)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE standard_raises`);
    await q.query(`DROP INDEX case_notices_household`);
    await q.query(`ALTER TABLE case_notices DROP COLUMN notice_text, DROP COLUMN decided_by_role, DROP COLUMN from_period`);
  }
}
