import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `supervised_case`: one row per application case, kept current from the case events (case.submitted,
 * case.stage-changed, case.stage-overdue) — where it is, since when, its stage deadline, whether it is overdue,
 * who last worked on it, and whether it is closed. The supervision overview, township table and stalled/overdue lists
 * are GROUP BYs and keyset scans over it, instead of one Temporal visibility count per township × stage.
 *
 * `stage_entered_at` is '-infinity' when only a later event of the case was seen (its stage is then known, not when it
 * was entered); `stage_overdue_at` is 'infinity' when the stage has no deadline, so that the list order
 * (most overdue first) is a plain index order.
 *
 * Cases already open when this migration runs are filled from the feed's own tables (open stage intervals, overdue
 * alerts, steps): their deadline is known only when an overdue alert gave it, and household ids were not kept.
 */
export class SupervisedCase1765000000000 implements MigrationInterface {
  name = 'SupervisedCase1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supervised_case (
        case_id               text PRIMARY KEY,
        household_id          text,
        township              text NOT NULL,
        scheme                text NOT NULL,
        stage                 text NOT NULL,
        stage_entered_at      timestamptz NOT NULL,
        stage_due_on          date,
        stage_overdue_at      timestamptz NOT NULL DEFAULT 'infinity',
        stage_overdue_marked  boolean NOT NULL DEFAULT false,
        overall_overdue_at    timestamptz,
        submitted_at          timestamptz,
        caseworker_id         text,
        caseworker_at         timestamptz,
        closed_at             timestamptz,
        last_event_at         timestamptz NOT NULL,
        updated_at            timestamptz NOT NULL DEFAULT now()
      )`);
    // The lists' keyset (township, most overdue first, longest waiting, id) over open cases only; the INCLUDEd
    // columns let the overview's GROUP BY and the kind filters run from the index.
    await q.query(`
      CREATE INDEX supervised_case_open ON supervised_case (township, stage_overdue_at, stage_entered_at, case_id)
        INCLUDE (stage, scheme, stage_overdue_marked, overall_overdue_at, submitted_at, caseworker_id)
        WHERE closed_at IS NULL`);
    // The workload's "steps in the last 30 days" per caseworker: a range of this index instead of a scan of every step.
    await q.query(`CREATE INDEX case_step_actor ON case_step (actor_id, at)`);
    await q.query(`
      WITH open_interval AS (
             SELECT DISTINCT ON (case_id) case_id, stage, township, scheme, entered_at
               FROM case_stage_interval WHERE left_at IS NULL ORDER BY case_id, entered_at DESC),
           stage_mark AS (
             SELECT DISTINCT ON (case_id, stage) case_id, stage, deadline, occurred_at
               FROM supervision_alert WHERE kind = 'case.stage-overdue' AND coalesce(scope, 'stage') = 'stage'
              ORDER BY case_id, stage, occurred_at DESC),
           overall_mark AS (
             SELECT case_id, min(occurred_at) AS at FROM supervision_alert
              WHERE kind = 'case.stage-overdue' AND scope = 'overall' GROUP BY case_id),
           submitted AS (
             SELECT case_id, min(entered_at) AS at FROM case_stage_interval WHERE stage = 'application' GROUP BY case_id),
           worker AS (
             SELECT DISTINCT ON (case_id) case_id, actor_id, at FROM case_step WHERE actor_role = 'caseworker' ORDER BY case_id, at DESC)
      INSERT INTO supervised_case (case_id, township, scheme, stage, stage_entered_at, stage_due_on, stage_overdue_at,
                                   stage_overdue_marked, overall_overdue_at, submitted_at, caseworker_id, caseworker_at, last_event_at)
      SELECT o.case_id, o.township, o.scheme, o.stage, o.entered_at, a.deadline,
             CASE WHEN a.deadline IS NULL THEN 'infinity'::timestamptz ELSE ((a.deadline + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') END,
             a.deadline IS NOT NULL, ov.at, s.at, w.actor_id, w.at, greatest(o.entered_at, a.occurred_at, ov.at, w.at)
        FROM open_interval o
        LEFT JOIN stage_mark a ON a.case_id = o.case_id AND a.stage = o.stage AND a.occurred_at >= o.entered_at
        LEFT JOIN overall_mark ov ON ov.case_id = o.case_id
        LEFT JOIN submitted s ON s.case_id = o.case_id
        LEFT JOIN worker w ON w.case_id = o.case_id
      ON CONFLICT (case_id) DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX case_step_actor`);
    await q.query(`DROP TABLE supervised_case`);
  }
}
