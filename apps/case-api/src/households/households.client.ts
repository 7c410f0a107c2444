import { Inject, Injectable } from '@nestjs/common';
import { AppException, signToken } from '@dibao/platform';

export const HOUSEHOLDS_OPTIONS = Symbol('HOUSEHOLDS_OPTIONS');

export interface HouseholdsOptions {
  /** The households service (HOUSEHOLDS_URL), e.g. http://127.0.0.1:3001 */
  baseUrl: string;
  jwtSecret: string;
  timeoutMs: number;
}

/** What case-api needs of a registered household to open a case for it. */
export interface HouseholdRecord {
  id: string;
  township: string;
  scheme: string;
  status: string;
}

/**
 * Reads households from the households service (the registry owns them) with a short-lived `system` token, so the
 * answer is the record itself and not what the caller may see; the caller's township is checked against it here.
 * `undefined`: the registry does not know the id (404, or 400 for an id it could never hold). Unreachable, timed out
 * or any other answer: 503 `households-unavailable` (nothing is started on a guess).
 */
@Injectable()
export class HouseholdsClient {
  constructor(@Inject(HOUSEHOLDS_OPTIONS) private readonly options: HouseholdsOptions) {}

  async find(householdId: string): Promise<HouseholdRecord | undefined> {
    const token = signToken({ sub: 'case-api', role: 'system' }, this.options.jwtSecret, '5m');
    const url = new URL(`/api/v1/households/${encodeURIComponent(householdId)}`, this.options.baseUrl);
    let res: Response;
    let body: unknown;
    try {
      res = await fetch(url, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      if (res.status === 404 || res.status === 400) {
        await res.body?.cancel();
        return undefined;
      }
      if (res.ok) body = await res.json();
      else await res.body?.cancel();
    } catch (e) {
      throw unavailable(`the households service did not answer (${e instanceof Error ? e.name : 'error'})`);
    }
    if (!res.ok) throw unavailable(`the households service answered ${res.status}`);
    const record = toHouseholdRecord(body);
    if (!record) throw unavailable('the households service answered with a household record this service cannot read');
    return record;
  }
}

function unavailable(why: string): AppException {
  return new AppException(503, 'households-unavailable', `${why}; the household could not be checked, nothing was started; try again shortly`);
}

/** The fields case-api relies on, or undefined when one is missing (tolerates extra fields). */
export function toHouseholdRecord(body: unknown): HouseholdRecord | undefined {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const { id, township, scheme, status } = b;
  if (typeof id !== 'string' || typeof township !== 'string' || typeof scheme !== 'string' || typeof status !== 'string') return undefined;
  return { id, township, scheme, status };
}
