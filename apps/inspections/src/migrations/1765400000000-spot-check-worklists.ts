import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A campaign's spot-check worklist per township, frozen when it is drawn: the cases the inspectors must visit do
 * not change as cases are approved or leave afterwards (issue 15). Until it is drawn, the sample is a preview.
 */
export class SpotCheckWorklists1765400000000 implements MigrationInterface {
  name = 'SpotCheckWorklists1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE spot_check_worklist (
        campaign_id    uuid NOT NULL REFERENCES campaign (id),
        township_code  text NOT NULL REFERENCES township (code),
        seed           text NOT NULL,
        share_percent  integer NOT NULL CHECK (share_percent BETWEEN 1 AND 100),
        population     integer NOT NULL CHECK (population >= 0),
        case_ids       text[] NOT NULL,
        drawn_at       timestamptz NOT NULL DEFAULT now(),
        drawn_by       text NOT NULL,
        drawn_by_role  text NOT NULL,
        PRIMARY KEY (campaign_id, township_code),
        CHECK (cardinality(case_ids) <= population)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE spot_check_worklist`);
  }
}
