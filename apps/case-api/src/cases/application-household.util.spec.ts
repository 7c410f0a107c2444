import type { Actor } from '@dibao/contracts';
import { applicationPlace } from './application-household.util';

const cw = (township: string): Actor => ({ id: 'cw', role: 'caseworker', township });
const record = { id: 'h1', township: 'T02', scheme: 'rural', status: 'registered' };
const problemOf = (r: ReturnType<typeof applicationPlace>) => (r.ok ? undefined : { status: r.error.status, code: r.error.code, errors: r.error.errors });

describe('applicationPlace', () => {
  it('takes township and scheme from the record; a body township may be left out or repeat it', () => {
    expect(applicationPlace(cw('T02'), { householdId: 'h1', scheme: 'rural' }, record)).toEqual({ ok: true, place: { township: 'T02', scheme: 'rural' } });
    expect(applicationPlace(cw('T02'), { householdId: 'h1', township: 'T02', scheme: 'rural' }, record)).toEqual({ ok: true, place: { township: 'T02', scheme: 'rural' } });
  });

  it('refuses an unknown household naming householdId', () => {
    expect(problemOf(applicationPlace(cw('T02'), { householdId: 'nope', scheme: 'rural' }, undefined))).toEqual({
      status: 422,
      code: 'unknown-household',
      errors: [expect.objectContaining({ field: 'householdId', rule: 'registeredHousehold' })],
    });
  });

  it("refuses a household of another township than the caller's, whatever the body says, without naming that township", () => {
    const r = applicationPlace(cw('T01'), { householdId: 'h1', township: 'T01', scheme: 'rural' }, record);
    expect(problemOf(r)).toEqual({ status: 403, code: 'other-township', errors: [expect.objectContaining({ field: 'township', rule: 'ownTownship' })] });
    expect(r.ok ? '' : r.error.message).not.toContain('T02');
  });

  it("refuses a body township other than the household's, and another scheme", () => {
    const county: Actor = { id: 'adm', role: 'admin' };
    expect(problemOf(applicationPlace(county, { householdId: 'h1', township: 'T05', scheme: 'rural' }, record))).toEqual({
      status: 422,
      code: 'township-mismatch',
      errors: [expect.objectContaining({ field: 'township', rule: 'householdTownship' })],
    });
    expect(problemOf(applicationPlace(cw('T02'), { householdId: 'h1', scheme: 'urban' }, record))).toEqual({
      status: 422,
      code: 'scheme-mismatch',
      errors: [expect.objectContaining({ field: 'scheme', rule: 'householdScheme' })],
    });
  });
});
