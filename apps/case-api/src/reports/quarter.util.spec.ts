import { overlaps, parseQuarter, quarterOf } from './quarter.util';

describe('parseQuarter', () => {
  it('gives the months, the rural period and the dates of a quarter', () => {
    expect(parseQuarter('2026-Q1')).toEqual({
      quarter: '2026-Q1',
      urbanPeriods: ['2026-01', '2026-02', '2026-03'],
      ruralPeriod: '2026-Q1',
      from: '2026-01-01',
      to: '2026-04-01',
    });
    expect(parseQuarter('2026-Q4')).toMatchObject({ urbanPeriods: ['2026-10', '2026-11', '2026-12'], to: '2027-01-01' });
  });

  it('refuses what is not a quarter', () => {
    for (const bad of ['2026-Q5', '2026-Q0', '2026-03', 'Q1-2026', '1900-Q1', '']) expect(parseQuarter(bad)).toBeUndefined();
  });
});

describe('quarterOf and overlaps', () => {
  it('takes the county day (UTC+8)', () => {
    expect(quarterOf(new Date('2026-03-31T17:00:00Z'))).toBe('2026-Q2');
    expect(quarterOf(new Date('2026-03-31T15:00:00Z'))).toBe('2026-Q1');
  });

  it('tells whether a campaign falls in the quarter', () => {
    expect(overlaps('2026-03-15', '2026-04-30', '2026-01-01', '2026-04-01')).toBe(true);
    expect(overlaps('2026-04-01', '2026-04-30', '2026-01-01', '2026-04-01')).toBe(false);
    expect(overlaps('2025-11-01', '2025-12-31', '2026-01-01', '2026-04-01')).toBe(false);
  });
});
