import type { Actor } from '@dibao/contracts';
import { AppException, canAccessTownship } from '@dibao/platform';
import type { HouseholdRecord } from '../households/households.client';

/** Where an application's case belongs: the household record's township and scheme, never the request's. */
export interface ApplicationPlace<S extends string = string> {
  township: string;
  /** The scheme applied for, which is the household's (anything else is refused). */
  scheme: S;
}

/**
 * Checks an application against the household the registry holds and returns the township and scheme the case
 * takes from it. Refused, naming the field: an id the registry does not know (422 `householdId`); a household outside
 * the caller's own township (403 `township`, without saying where it is); a body township other than the household's
 * (422 `township`); a scheme other than the household's (422 `scheme`). Pure: the caller reads the record.
 */
export function applicationPlace<S extends string>(
  actor: Actor,
  body: { householdId: string; township?: string; scheme: S },
  record: HouseholdRecord | undefined,
): { ok: true; place: ApplicationPlace<S> } | { ok: false; error: AppException } {
  const refuse = (status: number, code: string, field: string, rule: string, message: string) => ({
    ok: false as const,
    error: new AppException(status, code, message, {}, [{ field, rule, message }]),
  });
  if (!record) {
    return refuse(422, 'unknown-household', 'householdId', 'registeredHousehold', `householdId ${body.householdId} is not a household of the registry; register it first`);
  }
  if (!canAccessTownship(actor, record.township)) {
    return refuse(403, 'other-township', 'township', 'ownTownship', `household ${body.householdId} is not registered in township ${actor.township}; a ${actor.role} opens cases for households of their own township only`);
  }
  if (body.township !== undefined && body.township !== record.township) {
    return refuse(422, 'township-mismatch', 'township', 'householdTownship', `township ${body.township} is not the household's township ${record.township}; the case takes the registry's township (leave township out)`);
  }
  if (body.scheme !== record.scheme) {
    return refuse(422, 'scheme-mismatch', 'scheme', 'householdScheme', `scheme ${body.scheme} is not the household's scheme ${record.scheme} (the registry derives it from the hukou)`);
  }
  return { ok: true, place: { township: record.township, scheme: body.scheme } };
}
