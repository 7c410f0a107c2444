import { createHash } from 'crypto';

/**
 * A name-based UUID (version 3 layout: MD5 of the name, version and variant bits set). The same name always
 * gives the same id, so an event written twice (a rerun, a replay) has one eventId and the outbox's unique
 * event_id keeps one copy. The SQL function `dibao_event_uuid(text)` (migration) computes the same value.
 */
export function nameBasedUuid(name: string): string {
  const hex = createHash('md5').update(name, 'utf8').digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.slice(0, 12) + '3' + hex.slice(13, 16) + variant + hex.slice(17);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The eventId of one event type about one idempotency key. */
export function eventIdFor(type: string, idempotencyKey: string): string {
  return nameBasedUuid(`${type}|${idempotencyKey}`);
}

export function paymentKey(householdId: string, scheme: string, period: string, attempt: number): string {
  return `${householdId}/${scheme}/${period}#${attempt}`;
}

export function batchKey(scheme: string, period: string, township: string, seq: number): string {
  return `batch/${scheme}/${period}/${township}/${seq}`;
}
