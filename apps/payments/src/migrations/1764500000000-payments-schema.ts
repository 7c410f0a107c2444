import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Standards, enrolments (with effective-dated versions), payroll runs, batches, payments and the special
 * fund account (专户) ledger. Money is integer fen in bigint columns. Periods are kept as text ('2026-03',
 * '2026-Q2') and as month indexes (year × 12 + month − 1) for range checks.
 */
export class PaymentsSchema1764500000000 implements MigrationInterface {
  name = 'PaymentsSchema1764500000000';

  async up(q: QueryRunner): Promise<void> {
    // Same layout as nameBasedUuid() in event-id.util.ts: MD5 of the name, version 3, RFC 4122 variant.
    await q.query(`
      CREATE FUNCTION dibao_event_uuid(name text) RETURNS uuid LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT (substr(h, 1, 12) || '3' || substr(h, 14, 3)
                || substr('89ab', ((('x' || substr(h, 17, 1))::bit(4)::int) & 3) + 1, 1)
                || substr(h, 18))::uuid
          FROM (SELECT md5(name) AS h) AS m
      $$`);

    await q.query(`
      CREATE TABLE standard (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        scheme          text NOT NULL CHECK (scheme IN ('urban', 'rural')),
        area            text NOT NULL DEFAULT 'county',
        amount_fen      bigint NOT NULL CHECK (amount_fen > 0),
        unit            text NOT NULL CHECK (unit IN ('per_person_per_month', 'per_person_per_year')),
        effective_from  date NOT NULL,
        reason          text NOT NULL,
        created_by      text NOT NULL,
        created_by_role text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (scheme, area, effective_from),
        CHECK ((scheme = 'urban') = (unit = 'per_person_per_month'))
      )`);

    await q.query(`
      CREATE TABLE enrolment (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        household_id       text NOT NULL,
        scheme             text NOT NULL CHECK (scheme IN ('urban', 'rural')),
        township           text NOT NULL,
        case_id            text NOT NULL,
        start_period       text NOT NULL,
        status             text NOT NULL CHECK (status IN ('active', 'suspended', 'stopped')),
        monthly_amount_fen bigint NOT NULL CHECK (monthly_amount_fen >= 0),
        persons            integer NOT NULL CHECK (persons > 0),
        payee              jsonb NOT NULL,
        stop_reason        text,
        created_by         text NOT NULL,
        created_by_role    text NOT NULL,
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now(),
        UNIQUE (household_id, scheme)
      )`);
    await q.query(`CREATE INDEX enrolment_scheme_township ON enrolment (scheme, township)`);

    // One row per change; [from_month, to_month) says which months a version governs (to_month null = open).
    await q.query(`
      CREATE TABLE enrolment_version (
        id                          bigserial PRIMARY KEY,
        enrolment_id                uuid NOT NULL REFERENCES enrolment (id),
        from_month                  integer NOT NULL,
        to_month                    integer,
        from_period                 text NOT NULL,
        status                      text NOT NULL CHECK (status IN ('active', 'suspended', 'stopped')),
        monthly_amount_fen          bigint NOT NULL CHECK (monthly_amount_fen >= 0),
        persons                     integer NOT NULL CHECK (persons > 0),
        assessed_annual_income_fen  bigint NOT NULL CHECK (assessed_annual_income_fen >= 0),
        payee                       jsonb NOT NULL,
        change_kind                 text NOT NULL CHECK (change_kind IN
                                      ('enrolled', 're-enrolled', 'adjusted', 'suspended', 'resumed', 'stopped', 'standard-raised')),
        reason                      text,
        change_ref                  text,
        standard_id                 uuid REFERENCES standard (id),
        actor_id                    text NOT NULL,
        actor_role                  text NOT NULL,
        created_at                  timestamptz NOT NULL DEFAULT now(),
        CHECK (to_month IS NULL OR to_month >= from_month)
      )`);
    await q.query(`CREATE UNIQUE INDEX enrolment_version_open ON enrolment_version (enrolment_id) WHERE to_month IS NULL`);
    await q.query(`CREATE UNIQUE INDEX enrolment_version_change_ref ON enrolment_version (enrolment_id, change_ref) WHERE change_ref IS NOT NULL`);
    await q.query(`CREATE INDEX enrolment_version_range ON enrolment_version (enrolment_id, from_month) INCLUDE (to_month, status)`);

    await q.query(`
      CREATE TABLE payroll_run (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        scheme               text NOT NULL CHECK (scheme IN ('urban', 'rural')),
        period               text NOT NULL,
        status               text NOT NULL CHECK (status IN ('running', 'completed')),
        executions           integer NOT NULL DEFAULT 0,
        townships_total      integer NOT NULL DEFAULT 0,
        townships_done       integer NOT NULL DEFAULT 0,
        households_processed integer NOT NULL DEFAULT 0,
        started_by           text NOT NULL,
        started_by_role      text NOT NULL,
        started_at           timestamptz NOT NULL DEFAULT now(),
        last_execution_at    timestamptz,
        last_executed_by     text,
        last_executed_by_role text,
        completed_at         timestamptz,
        UNIQUE (scheme, period)
      )`);

    await q.query(`
      CREATE TABLE batch (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id            uuid NOT NULL REFERENCES payroll_run (id),
        scheme            text NOT NULL,
        period            text NOT NULL,
        township          text NOT NULL,
        seq               integer NOT NULL CHECK (seq > 0),
        status            text NOT NULL CHECK (status IN ('draft', 'approved', 'released', 'reconciled')),
        created_at        timestamptz NOT NULL DEFAULT now(),
        approved_by       text,
        approved_by_role  text,
        approved_at       timestamptz,
        released_by       text,
        released_by_role  text,
        released_at       timestamptz,
        reconciled_at     timestamptz,
        UNIQUE (scheme, period, township, seq)
      )`);
    await q.query(`CREATE UNIQUE INDEX batch_one_draft ON batch (scheme, period, township) WHERE status = 'draft'`);

    await q.query(`
      CREATE TABLE payment (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        household_id       text NOT NULL,
        scheme             text NOT NULL,
        period             text NOT NULL,
        attempt            integer NOT NULL CHECK (attempt > 0),
        enrolment_id       uuid NOT NULL REFERENCES enrolment (id),
        run_id             uuid NOT NULL REFERENCES payroll_run (id),
        batch_id           uuid NOT NULL REFERENCES batch (id),
        township           text NOT NULL,
        amount_fen         bigint NOT NULL CHECK (amount_fen > 0),
        monthly_amount_fen bigint NOT NULL,
        months             integer NOT NULL CHECK (months BETWEEN 1 AND 3),
        persons            integer NOT NULL,
        payee              jsonb NOT NULL,
        reissue_of         uuid UNIQUE REFERENCES payment (id),
        status             text NOT NULL CHECK (status IN ('scheduled', 'released', 'disbursed', 'failed', 'stopped')),
        result_reason      text,
        bank_reference     text,
        created_at         timestamptz NOT NULL DEFAULT now(),
        status_changed_at  timestamptz NOT NULL DEFAULT now(),
        status_changed_by  text NOT NULL,
        CONSTRAINT payment_key UNIQUE (household_id, scheme, period, attempt),
        CHECK ((attempt = 1) = (reissue_of IS NULL))
      )`);
    // Nothing is paid twice: at most one payment per household, scheme and period that is not failed or stopped.
    await q.query(`CREATE UNIQUE INDEX payment_live ON payment (household_id, scheme, period) WHERE status NOT IN ('failed', 'stopped')`);
    await q.query(`CREATE INDEX payment_batch ON payment (batch_id)`);
    await q.query(`CREATE INDEX payment_failed ON payment (scheme, township, period) WHERE status = 'failed'`);
    await q.query(`CREATE INDEX payment_period ON payment (scheme, period)`);

    // 专户: one account per scheme; the balance is kept on the row (locked FOR UPDATE) and never negative.
    await q.query(`
      CREATE TABLE fund_account (
        code        text PRIMARY KEY,
        name        text NOT NULL,
        balance_fen bigint NOT NULL DEFAULT 0 CHECK (balance_fen >= 0),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO fund_account (code, name) VALUES ('urban', '城市低保资金专户'), ('rural', '农村低保资金专户')`);
    await q.query(`
      CREATE TABLE appropriation (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account         text NOT NULL REFERENCES fund_account (code),
        reference       text NOT NULL UNIQUE,
        amount_fen      bigint NOT NULL CHECK (amount_fen > 0),
        received_on     date NOT NULL,
        note            text,
        created_by      text NOT NULL,
        created_by_role text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE fund_entry (
        id               bigserial PRIMARY KEY,
        account          text NOT NULL REFERENCES fund_account (code),
        kind             text NOT NULL CHECK (kind IN ('appropriation', 'disbursement', 'reversal')),
        amount_fen       bigint NOT NULL,
        appropriation_id uuid REFERENCES appropriation (id),
        payment_id       uuid REFERENCES payment (id),
        batch_id         uuid REFERENCES batch (id),
        created_by       text NOT NULL,
        created_by_role  text NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'appropriation') = (appropriation_id IS NOT NULL)),
        CHECK ((kind = 'appropriation') = (payment_id IS NULL)),
        CHECK ((kind = 'disbursement' AND amount_fen < 0) OR (kind <> 'disbursement' AND amount_fen > 0))
      )`);
    await q.query(`CREATE UNIQUE INDEX fund_entry_once ON fund_entry (payment_id, kind) WHERE payment_id IS NOT NULL`);
    await q.query(`CREATE INDEX fund_entry_account ON fund_entry (account, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['fund_entry', 'appropriation', 'fund_account', 'payment', 'batch', 'payroll_run', 'enrolment_version', 'enrolment', 'standard']) {
      await q.query(`DROP TABLE ${t}`);
    }
    await q.query(`DROP FUNCTION dibao_event_uuid(text)`);
  }
}
