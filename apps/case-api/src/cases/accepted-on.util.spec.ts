import { acceptedOnProblem } from './accepted-on.util';

// 2026-11-30 00:30 China time is still 2026-11-29 in UTC: the rule counts China local dates.
const now = Date.parse('2026-11-29T16:30:00Z');

describe('acceptedOn of a recorded paper application', () => {
  it('accepts today and dates back to 60 calendar days, China local date', () => {
    expect(acceptedOnProblem('2026-11-30', now)).toBeUndefined();
    expect(acceptedOnProblem('2026-10-01', now)).toBeUndefined();
  });

  it('refuses a date in the future', () => {
    expect(acceptedOnProblem('2026-12-01', now)).toMatchObject({ field: 'acceptedOn', rule: 'notFuture' });
  });

  it('refuses a date more than 60 calendar days ago', () => {
    const problem = acceptedOnProblem('2026-09-30', now);
    expect(problem).toMatchObject({ field: 'acceptedOn', rule: 'maxDaysAgo' });
    expect(problem?.message).toContain('60 calendar days');
  });

  it('refuses a date that does not exist', () => {
    expect(acceptedOnProblem('2026-02-30', now)).toMatchObject({ field: 'acceptedOn', rule: 'isDateString' });
  });
});
