import { createHash } from 'crypto';

/** JSON with object keys sorted, so two equal requests hash the same whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function requestHash(scope: string, body: unknown): string {
  return createHash('sha256').update(scope).update('\n').update(canonicalJson(body)).digest('hex');
}

const KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/**
 * The idempotency key of an offline submission: the `Idempotency-Key` header or the body's `submissionId`.
 * Returns undefined when neither is given; an error text when they disagree or the key is malformed.
 */
export function pickIdempotencyKey(header: string | undefined, bodyKey: string | undefined): { key?: string; error?: string } {
  const h = header?.trim() || undefined;
  if (h && bodyKey && h !== bodyKey) return { error: 'the Idempotency-Key header and submissionId differ' };
  const key = h ?? bodyKey;
  if (key !== undefined && !KEY.test(key)) return { error: 'an idempotency key is 8–128 characters of letters, digits, _ . : -' };
  return { key };
}
