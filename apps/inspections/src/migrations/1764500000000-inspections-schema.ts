import { MigrationInterface, QueryRunner } from 'typeorm';

/** Townships, groups, campaigns and their plan, visits, findings, rectification orders, spot-check population. */
export class InspectionsSchema1764500000000 implements MigrationInterface {
  name = 'InspectionsSchema1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE township (
        code        text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_-]{1,32}$'),
        name        text NOT NULL,
        active      boolean NOT NULL DEFAULT true,
        changed_by  text NOT NULL,
        changed_at  timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE inspection_group (
        id           uuid PRIMARY KEY,
        name         text NOT NULL UNIQUE,
        created_by   text NOT NULL,
        created_role text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE group_member (
        group_id     uuid NOT NULL REFERENCES inspection_group(id),
        inspector_id text NOT NULL,
        name         text NOT NULL,
        leader       boolean NOT NULL DEFAULT false,
        added_by     text NOT NULL,
        added_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_id, inspector_id)
      )`);
    await q.query(`CREATE INDEX group_member_inspector ON group_member (inspector_id)`);

    await q.query(`
      CREATE TABLE campaign (
        id                       uuid PRIMARY KEY,
        name                     text NOT NULL,
        starts_on                date NOT NULL,
        ends_on                  date NOT NULL CHECK (ends_on >= starts_on),
        min_visits_per_township  integer NOT NULL CHECK (min_visits_per_township BETWEEN 1 AND 20),
        sample_share_percent     integer NOT NULL CHECK (sample_share_percent BETWEEN 1 AND 100),
        sample_seed              text NOT NULL,
        created_by               text NOT NULL,
        created_role             text NOT NULL,
        created_at               timestamptz NOT NULL DEFAULT now()
      )`);
    // The plan: how many visits each group owes each township in a campaign.
    await q.query(`
      CREATE TABLE campaign_plan (
        campaign_id     uuid NOT NULL REFERENCES campaign(id),
        township_code   text NOT NULL REFERENCES township(code),
        group_id        uuid NOT NULL REFERENCES inspection_group(id),
        planned_visits  integer NOT NULL CHECK (planned_visits >= 0),
        planned_by      text NOT NULL,
        planned_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, township_code, group_id)
      )`);

    await q.query(`
      CREATE TABLE visit (
        id             uuid PRIMARY KEY,
        campaign_id    uuid NOT NULL REFERENCES campaign(id),
        group_id       uuid NOT NULL REFERENCES inspection_group(id),
        township_code  text NOT NULL REFERENCES township(code),
        visited_on     date NOT NULL,
        checked        text[] NOT NULL,
        good_practice  text[] NOT NULL DEFAULT '{}',
        notes          text,
        recorded_by    text NOT NULL,
        recorded_role  text NOT NULL,
        recorded_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX visit_campaign_township ON visit (campaign_id, township_code)`);

    await q.query(`
      CREATE TABLE finding (
        id                     uuid PRIMARY KEY,
        visit_id               uuid NOT NULL REFERENCES visit(id),
        campaign_id            uuid NOT NULL REFERENCES campaign(id),
        township_code          text NOT NULL REFERENCES township(code),
        category               text NOT NULL,
        severity               text NOT NULL CHECK (severity IN ('minor', 'moderate', 'serious')),
        description            text NOT NULL CHECK (length(btrim(description)) > 0),
        related_case_ids       text[] NOT NULL DEFAULT '{}',
        related_household_ids  text[] NOT NULL DEFAULT '{}',
        flagged_case_ids       text[] NOT NULL DEFAULT '{}',
        recorded_by            text NOT NULL,
        recorded_role          text NOT NULL,
        recorded_at            timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX finding_campaign_township ON finding (campaign_id, township_code)`);

    await q.query(`
      CREATE TABLE rectification_order (
        id                        uuid PRIMARY KEY,
        finding_id                uuid NOT NULL UNIQUE REFERENCES finding(id),
        campaign_id               uuid NOT NULL REFERENCES campaign(id),
        township_code             text NOT NULL REFERENCES township(code),
        requirement               text NOT NULL,
        status                    text NOT NULL CHECK (status IN ('open', 'responded', 'closed')),
        deadline                  date NOT NULL,
        issued_on                 date NOT NULL,
        overdue                   boolean NOT NULL DEFAULT false,
        -- the deadline for which the overdue event was emitted: each order is flagged once per deadline
        overdue_flagged_deadline  date,
        response                  text,
        responded_on              date,
        closed_on                 date,
        closed_on_time            boolean,
        reopen_count              integer NOT NULL DEFAULT 0,
        version                   integer NOT NULL DEFAULT 1,
        issued_by                 text NOT NULL,
        issued_role               text NOT NULL,
        issued_at                 timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX order_open_deadline ON rectification_order (deadline) WHERE status = 'open'`);
    await q.query(`CREATE INDEX order_campaign_township ON rectification_order (campaign_id, township_code)`);
    await q.query(`
      CREATE TABLE order_history (
        id          bigserial PRIMARY KEY,
        order_id    uuid NOT NULL REFERENCES rectification_order(id),
        action      text NOT NULL,
        note        text,
        visit_id    uuid,
        deadline    date NOT NULL,
        actor_id    text NOT NULL,
        actor_role  text NOT NULL,
        at          timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX order_history_order ON order_history (order_id, id)`);

    // Offline submissions: one row per client-supplied idempotency key, with the answer it got.
    await q.query(`
      CREATE TABLE submission (
        key           text PRIMARY KEY,
        scope         text NOT NULL,
        request_hash  text NOT NULL,
        status        integer,
        response      jsonb,
        actor_id      text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);

    // The spot-check population: approved cases as told by dibao.cases.v1.
    await q.query(`
      CREATE TABLE approved_case (
        case_id         text PRIMARY KEY,
        household_id    text NOT NULL,
        township_code   text NOT NULL,
        scheme          text NOT NULL,
        approved_on     date NOT NULL,
        source_event_id uuid NOT NULL,
        removed_on      date,
        removed_reason  text,
        received_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX approved_case_township ON approved_case (township_code, case_id) WHERE removed_on IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['approved_case', 'submission', 'order_history', 'rectification_order', 'finding', 'visit', 'campaign_plan', 'campaign', 'group_member', 'inspection_group', 'township']) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
