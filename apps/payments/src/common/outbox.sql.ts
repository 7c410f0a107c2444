import { Topics } from '@dibao/contracts';

/**
 * SQL that writes finance events straight into the platform's outbox table from a set of rows, so a payroll
 * run or a bank return file needs no per-row loop. The envelope matches `envelopeSchema`; the eventId is
 * `dibao_event_uuid(type || '|' || idempotencyKey)`, the same as eventIdFor() in TypeScript, so writing an
 * event twice keeps one row (ON CONFLICT (event_id) DO NOTHING).
 *
 * `occurredAt`, `correlationId` and `actor` come from parameters (`$occurredAt`, `$correlationId`, `$actor`
 * placeholders are replaced by the caller's parameter numbers).
 */
export interface EnvelopeSqlParts {
  /** An event type literal such as 'payment.scheduled' (validated against a fixed list, never user input). */
  type: string;
  /** SQL expression of the Kafka message key (the aggregate id). */
  key: string;
  /** SQL expression of the idempotency key. */
  idempotencyKey: string;
  /** SQL expression building the payload (jsonb_build_object(...)). */
  payload: string;
  occurredAtParam: number;
  correlationIdParam: number;
  actorParam: number;
}

const TYPES = new Set(['payment.scheduled', 'payment.disbursed', 'payment.failed']);

/** `INSERT INTO outbox ... SELECT ... FROM <from>`: the caller appends FROM/WHERE and the conflict clause. */
export function outboxInsertSelect(p: EnvelopeSqlParts): string {
  if (!TYPES.has(p.type)) throw new Error(`no set-based SQL for event ${p.type}`);
  const eventId = `dibao_event_uuid('${p.type}|' || (${p.idempotencyKey}))`;
  return `INSERT INTO outbox (event_id, topic, message_key, event_type, envelope)
    SELECT ${eventId}, '${Topics.payments}', ${p.key}, '${p.type}',
           jsonb_build_object(
             'eventId', ${eventId}, 'type', '${p.type}', 'version', 1,
             'occurredAt', $${p.occurredAtParam}::text, 'correlationId', $${p.correlationIdParam}::text,
             'actor', $${p.actorParam}::jsonb, 'key', ${p.key}, 'payload', ${p.payload})`;
}

/** The SQL expression of a payment's idempotency key, `<household>/<scheme>/<period>#<attempt>` (see paymentKey()). */
export function paymentKeySql(alias: string): string {
  return `${alias}.household_id || '/' || ${alias}.scheme || '/' || ${alias}.period || '#' || ${alias}.attempt`;
}

/** The payload fields every payment event shares (see paymentRef in payment.events.ts). */
export function paymentRefSql(alias: string): string {
  return `'paymentId', ${alias}.id, 'idempotencyKey', ${paymentKeySql(alias)}, 'householdId', ${alias}.household_id,
          'scheme', ${alias}.scheme, 'period', ${alias}.period, 'attempt', ${alias}.attempt, 'township', ${alias}.township,
          'batchId', ${alias}.batch_id, 'amountFen', ${alias}.amount_fen`;
}
