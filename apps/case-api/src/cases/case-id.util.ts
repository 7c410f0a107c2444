import { createHash } from 'crypto';

/** Namespace of case ids (a fixed random UUID). */
const CASE_NAMESPACE = 'a3f1c2d4-5b6e-4f70-8a91-b2c3d4e5f607';

/**
 * The id of a household's n-th application: a name-based UUID (v5) of household and number. Two submissions for
 * the same household that race each other get the same id, and Temporal refuses the second start.
 */
export function caseIdFor(householdId: string, applicationNumber: number): string {
  return uuidV5(`${householdId}#${applicationNumber}`, CASE_NAMESPACE);
}

export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
