import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The household registry: households, members, income items, assets, proxies and an append-only history.
 * Rows are never deleted: removed members, incomes, assets and revoked proxies keep their row with who and when.
 */
export class CreateHouseholds1764600000000 implements MigrationInterface {
  name = 'CreateHouseholds1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE households (
        id                  uuid PRIMARY KEY,
        scheme              text NOT NULL CHECK (scheme IN ('urban', 'rural')),
        hukou               text NOT NULL CHECK (hukou IN ('agricultural', 'non_agricultural')),
        township            text NOT NULL,
        village             text NOT NULL,
        address             text NOT NULL,
        status              text NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'applicant', 'beneficiary', 'exited')),
        open_case_id        text,
        ledger_no           text,
        import_key          text UNIQUE,
        import_hash         text,
        account_kind        text CHECK (account_kind IN ('bank', 'credit_cooperative')),
        account_institution text,
        account_number      text,
        account_holder      text,
        version             integer NOT NULL DEFAULT 1,
        created_at          timestamptz NOT NULL DEFAULT now(),
        created_by          text NOT NULL,
        created_by_role     text NOT NULL,
        updated_at          timestamptz NOT NULL DEFAULT now(),
        updated_by          text NOT NULL,
        updated_by_role     text NOT NULL,
        CHECK ((status = 'applicant') = (open_case_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX households_listing ON households (township, scheme, status, created_at, id)`);
    await q.query(`CREATE INDEX households_created ON households (created_at, id)`);

    await q.query(`
      CREATE TABLE household_members (
        id               uuid PRIMARY KEY,
        household_id     uuid NOT NULL REFERENCES households (id),
        name             text NOT NULL,
        resident_id      text NOT NULL,
        relation         text NOT NULL,
        sex              text NOT NULL CHECK (sex IN ('male', 'female')),
        birth_date       date NOT NULL,
        disability_grade smallint CHECK (disability_grade BETWEEN 1 AND 4),
        work_ability     text NOT NULL CHECK (work_ability IN ('full', 'partial', 'none')),
        seriously_ill    boolean NOT NULL DEFAULT false,
        exclusion        text CHECK (exclusion IN ('in_prison', 'compulsory_drug_rehabilitation', 'declared_missing', 'clergy_living_away')),
        active           boolean NOT NULL DEFAULT true,
        removed_at       timestamptz,
        removed_by       text,
        removed_by_role  text,
        removal_reason   text,
        created_at       timestamptz NOT NULL DEFAULT now(),
        created_by       text NOT NULL,
        created_by_role  text NOT NULL,
        updated_at       timestamptz NOT NULL DEFAULT now(),
        updated_by       text NOT NULL,
        updated_by_role  text NOT NULL
      )`);
    // An ID number belongs to at most one active household: "active" is cleared when the member is removed
    // or the household exits.
    await q.query(`CREATE UNIQUE INDEX household_members_active_resident_id ON household_members (resident_id) WHERE active`);
    await q.query(`CREATE INDEX household_members_household ON household_members (household_id)`);
    await q.query(`CREATE INDEX household_members_resident_id ON household_members (resident_id)`);

    await q.query(`
      CREATE TABLE household_incomes (
        id              uuid PRIMARY KEY,
        household_id    uuid NOT NULL REFERENCES households (id),
        member_id       uuid NOT NULL REFERENCES household_members (id),
        kind            text NOT NULL CHECK (kind IN ('income', 'deduction')),
        category        text NOT NULL,
        amount_fen      bigint NOT NULL CHECK (amount_fen >= 0),
        costs_fen       bigint NOT NULL DEFAULT 0 CHECK (costs_fen >= 0),
        period          text NOT NULL CHECK (period IN ('monthly', 'annual')),
        note            text,
        removed_at      timestamptz,
        removed_by      text,
        removed_by_role text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        created_by      text NOT NULL,
        created_by_role text NOT NULL
      )`);
    await q.query(`CREATE INDEX household_incomes_household ON household_incomes (household_id)`);

    await q.query(`
      CREATE TABLE household_assets (
        id              uuid PRIMARY KEY,
        household_id    uuid NOT NULL REFERENCES households (id),
        kind            text NOT NULL CHECK (kind IN ('financial', 'motor_vehicle', 'additional_dwelling')),
        value_fen       bigint NOT NULL DEFAULT 0 CHECK (value_fen >= 0),
        description     text,
        removed_at      timestamptz,
        removed_by      text,
        removed_by_role text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        created_by      text NOT NULL,
        created_by_role text NOT NULL
      )`);
    await q.query(`CREATE INDEX household_assets_household ON household_assets (household_id)`);

    await q.query(`
      CREATE TABLE household_proxies (
        id               uuid PRIMARY KEY,
        household_id     uuid NOT NULL REFERENCES households (id),
        name             text NOT NULL,
        resident_id      text NOT NULL,
        relation         text,
        entrustment_ref  text NOT NULL,
        revoked_at       timestamptz,
        revoked_by       text,
        revoked_by_role  text,
        created_at       timestamptz NOT NULL DEFAULT now(),
        created_by       text NOT NULL,
        created_by_role  text NOT NULL
      )`);
    await q.query(`CREATE INDEX household_proxies_household ON household_proxies (household_id)`);

    await q.query(`
      CREATE TABLE household_history (
        id             bigserial PRIMARY KEY,
        household_id   uuid NOT NULL REFERENCES households (id),
        entity         text NOT NULL,
        entity_id      text NOT NULL,
        action         text NOT NULL,
        changes        jsonb NOT NULL,
        actor_id       text NOT NULL,
        actor_role     text NOT NULL,
        correlation_id text,
        at             timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX household_history_household ON household_history (household_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['household_history', 'household_proxies', 'household_assets', 'household_incomes', 'household_members', 'households']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
