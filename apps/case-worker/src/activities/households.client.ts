import { signToken } from '@dibao/platform';
import type { HouseholdSnapshot } from '../workflows/case-activities';

/** Reads households from the households service with a `system` token. Read-only: no idempotency key needed. */
export class HouseholdsClient {
  constructor(
    private readonly baseUrl: string,
    private readonly jwtSecret: string,
    private readonly timeoutMs = 5000,
  ) {}

  async read(householdId: string): Promise<HouseholdSnapshot> {
    const token = signToken({ sub: 'case-worker', role: 'system' }, this.jwtSecret, '5m');
    const url = new URL(`/api/v1/households/${encodeURIComponent(householdId)}`, this.baseUrl);
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    // 400: not an id the registry could hold (it uses UUIDs); 404: not registered. Either way: unknown there.
    if (res.status === 404 || res.status === 400) return { found: false };
    if (!res.ok) throw new Error(`households service answered ${res.status} for ${householdId}`);
    return toSnapshot(await res.json());
  }
}

/** Takes only what the case needs, tolerating extra fields. */
export function toSnapshot(body: unknown): HouseholdSnapshot {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const members = Array.isArray(b['members']) ? b['members'].length : typeof b['memberCount'] === 'number' ? b['memberCount'] : undefined;
  return {
    found: true,
    ...(typeof b['township'] === 'string' ? { township: b['township'] } : {}),
    ...(members !== undefined ? { memberCount: members } : {}),
    ...(typeof b['perCapitaMonthlyIncomeFen'] === 'number' ? { perCapitaMonthlyIncomeFen: b['perCapitaMonthlyIncomeFen'] } : {}),
  };
}
