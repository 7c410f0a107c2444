import { supervisionDatabaseUrl } from './supervision.config';
import { decodeListToken, deadlinePassesAt, encodeListToken, supervisionPredicates } from './supervision-projection.util';
import { daysBetween, firstDayOfPeriod, stalledRule } from './supervision.util';

const now = new Date('2026-03-10T02:00:00Z');
const secret = 'unit-test-secret-0123456789';

describe('the stalled rule', () => {
  it('is past the deadline by the grace days, or open too long', () => {
    expect(stalledRule(now, 3, 42)).toEqual({ deadlineBefore: new Date('2026-03-07T02:00:00Z'), startedBefore: new Date('2026-01-27T02:00:00Z') });
  });

  it('reads as SQL over the projection, with the caller’s parameters', () => {
    const is = supervisionPredicates({ now: '$2', deadlineBefore: '$3', startedBefore: '$4' });
    expect(is.overdue).toBe('(stage_overdue_marked OR stage_overdue_at <= $2 OR overall_overdue_at IS NOT NULL)');
    expect(is.stalled).toContain('stage_overdue_at < $3');
    expect(is.stalled).toContain(`coalesce(submitted_at, nullif(stage_entered_at, '-infinity')) < $4`);
  });
});

describe('deadlinePassesAt', () => {
  it('is 00:00 China time on the day after the due date, like the case worker’s overdue timer', () => {
    expect(deadlinePassesAt('2026-03-02').toISOString()).toBe('2026-03-02T16:00:00.000Z');
    expect(deadlinePassesAt('2026-12-31').toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(() => deadlinePassesAt('2026-3-2')).toThrow();
  });
});

describe('list page tokens', () => {
  const key = { overdueAt: '2026-03-02 16:00:00+00', enteredAt: '-infinity', caseId: 'c-1' };

  it('carry the last row’s keyset, signed', () => {
    const token = encodeListToken(key, secret);
    expect(token).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(decodeListToken(token, secret)).toEqual(key);
  });

  it('refuse a token signed with another secret, altered, or not a keyset', () => {
    const token = encodeListToken(key, secret);
    expect(decodeListToken(token, 'another-secret-0123456789')).toBeUndefined();
    expect(decodeListToken(`x${token}`, secret)).toBeUndefined();
    expect(decodeListToken(encodeListToken({ ...key, overdueAt: "'; DROP TABLE x; --" }, secret), secret)).toBeUndefined();
    expect(decodeListToken('garbage', secret)).toBeUndefined();
  });
});

describe('small helpers', () => {
  it('counts whole days', () => {
    expect(daysBetween(new Date('2026-03-01T00:00:00Z'), now)).toBe(9);
    expect(daysBetween(now, new Date('2026-03-01T00:00:00Z'))).toBe(-10);
  });

  it('gives the first day of a payment period', () => {
    expect(firstDayOfPeriod('2026-Q2')).toBe('2026-04-01');
    expect(firstDayOfPeriod('2026-11')).toBe('2026-11-01');
    expect(() => firstDayOfPeriod('2026')).toThrow();
  });

  it("derives the supervision database from the launcher's cases database", () => {
    expect(supervisionDatabaseUrl({ DATABASE_URL: 'postgres://u:p@h:1/dibao_cases' })).toBe('postgres://u:p@h:1/dibao_supervision');
    expect(supervisionDatabaseUrl({ DATABASE_URL: 'postgres://u:p@h:1/dibao_e2e_cases' })).toBe('postgres://u:p@h:1/dibao_e2e_supervision');
    expect(supervisionDatabaseUrl({ DATABASE_URL: 'postgres://u:p@h:1/other' })).toBe('postgres://u:p@h:1/other_supervision');
    expect(supervisionDatabaseUrl({ DATABASE_URL: 'postgres://h/x', SUPERVISION_DATABASE_URL: 'postgres://h/y' })).toBe('postgres://h/y');
    expect(supervisionDatabaseUrl({})).toBeUndefined();
  });
});
