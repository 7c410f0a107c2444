import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * case-api's own small database (dibao_supervision): what supervisors need that Temporal's visibility does not
 * keep — the alert feed, when each case entered and left each stage (stage times, stalled), who took each step
 * (workload per caseworker) and beneficiary entries and exits for the work report. Filled only from events.
 */
export class SupervisionSchema1764900000000 implements MigrationInterface {
  name = 'SupervisionSchema1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supervision_alert (
        id           bigserial PRIMARY KEY,
        event_id     uuid NOT NULL UNIQUE,
        kind         text NOT NULL CHECK (kind IN ('case.stage-overdue', 'inspection.order-overdue')),
        township     text NOT NULL,
        scheme       text,
        case_id      text,
        order_id     text,
        stage        text,
        scope        text,
        deadline     date NOT NULL,
        days_late    integer NOT NULL,
        occurred_at  timestamptz NOT NULL,
        received_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX supervision_alert_occurred ON supervision_alert (occurred_at, id)`);
    await q.query(`
      CREATE TABLE case_stage_interval (
        case_id     text NOT NULL,
        stage       text NOT NULL,
        township    text NOT NULL,
        scheme      text NOT NULL,
        entered_at  timestamptz NOT NULL,
        left_at     timestamptz,
        PRIMARY KEY (case_id, stage, entered_at)
      )`);
    await q.query(`CREATE INDEX case_stage_interval_open ON case_stage_interval (case_id) WHERE left_at IS NULL`);
    await q.query(`CREATE INDEX case_stage_interval_township ON case_stage_interval (township, stage)`);
    await q.query(`
      CREATE TABLE case_step (
        event_id    uuid PRIMARY KEY,
        case_id     text NOT NULL,
        township    text NOT NULL,
        actor_id    text NOT NULL,
        actor_role  text NOT NULL,
        to_stage    text NOT NULL,
        at          timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX case_step_case ON case_step (case_id, at DESC)`);
    await q.query(`
      CREATE TABLE beneficiary_movement (
        event_id      uuid PRIMARY KEY,
        household_id  text NOT NULL,
        township      text NOT NULL,
        scheme        text NOT NULL,
        kind          text NOT NULL CHECK (kind IN ('entered', 'exited')),
        on_date       date NOT NULL
      )`);
    await q.query(`CREATE INDEX beneficiary_movement_date ON beneficiary_movement (on_date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE beneficiary_movement, case_step, case_stage_interval, supervision_alert`);
  }
}
