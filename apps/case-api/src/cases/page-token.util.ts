import { createHmac, timingSafeEqual } from 'crypto';

/**
 * Temporal's visibility page token, wrapped with an HMAC so that a token the API did not hand out is refused
 * with a 400 before it reaches Temporal (which answers an unreadable token with an opaque server error).
 */
export function encodePageToken(raw: Uint8Array, secret: string): string {
  const body = Buffer.from(raw).toString('base64url');
  return `${body}.${mac(body, secret)}`;
}

/** The raw token, or undefined when the token was not issued with this secret. */
export function decodePageToken(token: string, secret: string): Uint8Array | undefined {
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(mac(body, secret));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return Buffer.from(body, 'base64url');
}

function mac(body: string, secret: string): string {
  return createHmac('sha256', secret).update(`case-list:${body}`).digest('base64url').slice(0, 22);
}
