import { firstPeriodStartingAtOrAfter, monthIndex, nextPeriodOf, periodOfMonth, periodRange, schemeOfPeriodText } from './period.util';

describe('period.util', () => {
  it('maps periods to month ranges', () => {
    expect(periodRange('urban', '2026-03')).toEqual({ period: '2026-03', scheme: 'urban', firstMonth: 2026 * 12 + 2, lastMonth: 2026 * 12 + 2 });
    expect(periodRange('rural', '2026-Q2')).toEqual({ period: '2026-Q2', scheme: 'rural', firstMonth: 2026 * 12 + 3, lastMonth: 2026 * 12 + 5 });
    expect(periodRange('urban', '2026-Q2')).toBeUndefined();
    expect(periodRange('rural', '2026-04')).toBeUndefined();
    expect(periodRange('urban', '2026-13')).toBeUndefined();
  });

  it('finds periods of months and the next period', () => {
    expect(periodOfMonth('rural', monthIndex('2026-05')).period).toBe('2026-Q2');
    expect(firstPeriodStartingAtOrAfter('rural', monthIndex('2026-05')).period).toBe('2026-Q3');
    expect(firstPeriodStartingAtOrAfter('rural', monthIndex('2026-07-01')).period).toBe('2026-Q3');
    expect(nextPeriodOf(periodRange('urban', '2026-12')!).period).toBe('2027-01');
    expect(nextPeriodOf(periodRange('rural', '2026-Q4')!).period).toBe('2027-Q1');
    expect(schemeOfPeriodText('2026-Q1')).toBe('rural');
    expect(schemeOfPeriodText('2026-1')).toBeUndefined();
  });
});
