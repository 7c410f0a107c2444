import { outboxInsertSelect, paymentKeySql, paymentRefSql } from '../common/outbox.sql';

/**
 * The set-based statements of one payroll chunk (one township). Parameters:
 * $1 scheme, $2 period, $3 township, $4 first month index, $5 last month index, $6 run id, $7 batch id,
 * $8 actor id, $9 occurredAt, $10 correlationId, $11 actor (json).
 */
const scheduledEvent = outboxInsertSelect({
  type: 'payment.scheduled',
  key: 'i.household_id',
  idempotencyKey: `i.idempotency_key`,
  payload: `jsonb_build_object(${paymentRefSql('i')},
              'monthlyAmountFen', i.monthly_amount_fen, 'months', i.months, 'persons', i.persons,
              'payee', i.payee, 'reissueOf', i.reissue_of)`,
  occurredAtParam: 9,
  correlationIdParam: 10,
  actorParam: 11,
});

/** What the outbox statement reads of each inserted payment; the idempotency key is concatenated once here (paymentKey()). */
const RETURNING = `RETURNING id, household_id, scheme, period, attempt, township, batch_id, amount_fen, monthly_amount_fen, months, persons, payee, reissue_of,
  ${paymentKeySql('payment')} AS idempotency_key`;

/**
 * Regular payments: one per household enrolled and active in the period, amount = monthly amount × the
 * months of the period it governs (urban 1, rural 3, fewer in the first quarter after approval, and fewer in a
 * quarter that runs past the enrolment's last paid month: a gradual exit through August pays Q3 for July and
 * August only). `last_month` keeps the last month a payment covers, so a later end can tell what it overlaps.
 * ON CONFLICT on the payment key makes a rerun insert nothing; the outbox rows come from the same statement.
 * They are written for the payments this statement inserted only, and their eventIds derive from those payments'
 * keys (unique): no such event can exist yet, so the outbox insert needs no ON CONFLICT (its speculative insertion
 * into outbox_event_id_key cost about a third of the outbox insert). Only payroll writes payment.scheduled.
 *
 * The versions are looked up per enrolment of the township (index enrolment_version_range): `OFFSET 0` keeps the
 * planner from flattening the lateral sub-select into a hash join, which reads every version of the county once
 * per township (32 × the table, 20 s at a million households) instead of the township's own.
 */
export const INSERT_REGULAR_PAYMENTS = `
WITH cand AS (
  SELECT e.id AS enrolment_id, e.household_id, v.monthly_amount_fen, v.persons, v.payee,
         LEAST($5::int, COALESCE(v.to_month - 1, $5::int), COALESCE(e.paid_through_month, $5::int)) - GREATEST($4::int, v.from_month) + 1 AS months,
         LEAST($5::int, COALESCE(v.to_month - 1, $5::int), COALESCE(e.paid_through_month, $5::int)) AS last_month
    FROM enrolment e
   CROSS JOIN LATERAL (
         SELECT v.* FROM enrolment_version v
          WHERE v.enrolment_id = e.id
            AND v.from_month <= $5::int AND (v.to_month IS NULL OR v.to_month > $4::int)
            AND v.status = 'active' AND v.monthly_amount_fen > 0
         OFFSET 0) v
   WHERE e.scheme = $1 AND e.township = $3
),
ins AS (
  INSERT INTO payment (household_id, scheme, period, attempt, enrolment_id, run_id, batch_id, township, amount_fen,
                       monthly_amount_fen, months, last_month, persons, payee, status, status_changed_by)
  SELECT c.household_id, $1, $2, 1, c.enrolment_id, $6, $7, $3, c.monthly_amount_fen * c.months,
         c.monthly_amount_fen, c.months, c.last_month, c.persons, c.payee, 'scheduled', $8
    FROM cand c WHERE c.months > 0
  ON CONFLICT (household_id, scheme, period, attempt) DO NOTHING
  ${RETURNING}
),
events AS (
  ${scheduledEvent} FROM ins i
  RETURNING 1
)
SELECT (SELECT count(*) FROM cand WHERE months > 0)::int AS households,
       (SELECT count(*) FROM ins)::int AS inserted,
       (SELECT count(*) FROM events)::int AS events`;

/**
 * Reissues: every failed payment of this or an earlier period of the scheme in the township that has no reissue yet
 * gets one (attempt + 1, tied by reissue_of) in this run's batch, paid to the enrolment's current payee.
 */
export const INSERT_REISSUES = `
WITH cand AS (
  SELECT f.id, f.household_id, f.period, f.attempt, f.enrolment_id, f.amount_fen, f.monthly_amount_fen, f.months, f.last_month, f.persons, e.payee
    FROM payment f JOIN enrolment e ON e.id = f.enrolment_id
   WHERE f.scheme = $1 AND f.township = $3 AND f.status = 'failed' AND f.period <= $2
     AND NOT EXISTS (SELECT 1 FROM payment r WHERE r.reissue_of = f.id)
     AND $4::int IS NOT NULL AND $5::int IS NOT NULL  -- same parameter list as the regular statement
),
ins AS (
  INSERT INTO payment (household_id, scheme, period, attempt, enrolment_id, run_id, batch_id, township, amount_fen,
                       monthly_amount_fen, months, last_month, persons, payee, reissue_of, status, status_changed_by)
  SELECT c.household_id, $1, c.period, c.attempt + 1, c.enrolment_id, $6, $7, $3, c.amount_fen,
         c.monthly_amount_fen, c.months, c.last_month, c.persons, c.payee, c.id, 'scheduled', $8
    FROM cand c
  ON CONFLICT (household_id, scheme, period, attempt) DO NOTHING
  ${RETURNING}
),
events AS (
  ${scheduledEvent} FROM ins i
  RETURNING 1
)
SELECT (SELECT count(*) FROM cand)::int AS households,
       (SELECT count(*) FROM ins)::int AS inserted,
       (SELECT count(*) FROM events)::int AS events`;
