import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCaseNotices1764500000000 implements MigrationInterface {
  name = 'CreateCaseNotices1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_notices (
        notice_id    text PRIMARY KEY,
        case_id      text NOT NULL,
        household_id text NOT NULL,
        township     text NOT NULL,
        kind         text NOT NULL,
        stage        text NOT NULL,
        reasons      jsonb NOT NULL,
        decided_on   date NOT NULL,
        due_on       date NOT NULL,
        decided_by   text NOT NULL,
        served_on    date,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_notices_due ON case_notices (township, due_on) WHERE served_on IS NULL`);
    await q.query(`CREATE INDEX case_notices_case ON case_notices (case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_notices`);
  }
}
