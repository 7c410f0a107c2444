import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Benefits that end inside a period (a gradual exit 渐退期 counted in months, a rural quarter paid quarterly):
 * - enrolment.paid_through_month: the last month still paid (month index), known from the decision on; payroll pays
 *   no month after it, so a quarter that runs past it pays only its months up to it (pro rata by month).
 * - enrolment_paid_through: who set or cleared it, when and why (gradual exit, its cancellation, a stop).
 * - payment.last_month: the last month a payment covers (null for payments from before: the period's last month).
 * - overpayment: months already approved or paid after the end, recorded for recovery (C art. 68).
 */
export class PaidThroughOverpayments1765300000000 implements MigrationInterface {
  name = 'PaidThroughOverpayments1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE enrolment ADD COLUMN paid_through_month integer`);
    await q.query(`
      CREATE TABLE enrolment_paid_through (
        id                 bigserial PRIMARY KEY,
        enrolment_id       uuid NOT NULL REFERENCES enrolment (id),
        paid_through_month integer,
        change_kind        text NOT NULL CHECK (change_kind IN ('gradual-exit', 'gradual-exit-cancelled', 'stopped')),
        reason             text NOT NULL,
        change_ref         text NOT NULL,
        actor_id           text NOT NULL,
        actor_role         text NOT NULL,
        created_at         timestamptz NOT NULL DEFAULT now(),
        UNIQUE (enrolment_id, change_ref)
      )`);
    await q.query(`ALTER TABLE payment ADD COLUMN last_month integer`);
    await q.query(`
      CREATE TABLE overpayment (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        payment_id         uuid NOT NULL REFERENCES payment (id),
        enrolment_id       uuid NOT NULL REFERENCES enrolment (id),
        household_id       text NOT NULL,
        scheme             text NOT NULL,
        period             text NOT NULL,
        township           text NOT NULL,
        first_month        integer NOT NULL,
        months             integer NOT NULL CHECK (months BETWEEN 1 AND 3),
        monthly_amount_fen bigint NOT NULL CHECK (monthly_amount_fen > 0),
        amount_fen         bigint NOT NULL CHECK (amount_fen > 0),
        reason             text NOT NULL,
        status             text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cancelled', 'recovered')),
        cause_ref          text NOT NULL,
        created_at         timestamptz NOT NULL DEFAULT now(),
        status_changed_at  timestamptz NOT NULL DEFAULT now()
      )`);
    // One open recovery per payment: the same end told twice records it once.
    await q.query(`CREATE UNIQUE INDEX overpayment_open ON overpayment (payment_id) WHERE status = 'open'`);
    await q.query(`CREATE INDEX overpayment_enrolment ON overpayment (enrolment_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE overpayment`);
    await q.query(`ALTER TABLE payment DROP COLUMN last_month`);
    await q.query(`DROP TABLE enrolment_paid_through`);
    await q.query(`ALTER TABLE enrolment DROP COLUMN paid_through_month`);
  }
}
