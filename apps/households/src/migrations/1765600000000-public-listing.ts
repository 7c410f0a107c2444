import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The long-term public listing of beneficiaries (长期公示, A art. 24): one row per benefit (the approving case), kept
 * from dibao.cases.v1 — amount and counted persons from case.approved and beneficiary.amount-changed, the state from
 * beneficiary.suspended / resumed / terminated. `amount_as_of` and `state_as_of` are the occurredAt of the events that
 * set them, so an event that arrives late changes nothing newer; `ended` is final for its case. Names, villages and
 * townships are read from the registry at query time (it owns them). Rows are never deleted.
 */
export class PublicListing1765600000000 implements MigrationInterface {
  name = 'PublicListing1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE public_listing (
        case_id               text PRIMARY KEY,
        household_id          uuid NOT NULL REFERENCES households (id),
        approved_on           date,
        start_period          text,
        monthly_amount_fen    bigint CHECK (monthly_amount_fen >= 0),
        persons               integer CHECK (persons > 0),
        amount_from_period    text,
        amount_as_of          timestamptz,
        state                 text NOT NULL CHECK (state IN ('listed', 'suspended', 'ended')),
        state_as_of           timestamptz NOT NULL,
        suspended_from_period text,
        ended_on              date,
        ended_from_period     text,
        created_at            timestamptz NOT NULL DEFAULT now(),
        updated_at            timestamptz NOT NULL DEFAULT now(),
        CHECK ((monthly_amount_fen IS NULL) = (amount_as_of IS NULL)),
        CHECK ((state = 'ended') = (ended_on IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX public_listing_household ON public_listing (household_id) WHERE state <> 'ended'`);
    await q.query(`CREATE INDEX households_village ON households (township, village)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX households_village`);
    await q.query(`DROP TABLE public_listing`);
  }
}
