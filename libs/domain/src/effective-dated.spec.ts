import { DomainErrorCode } from './domain-error';
import { EffectiveDated, effectiveDatedProblems, valueAt } from './effective-dated';
import { LocalDate, localDate } from './local-date';
import { thrownDomainError } from './test/domain-error.helper';

const d = localDate;

describe('valueAt', () => {
  // Deliberately out of order.
  const standard: EffectiveDated<number> = [
    { effectiveFrom: d('2024-07-01'), value: 150 },
    { effectiveFrom: d('2010-01-01'), value: 70 },
    { effectiveFrom: d('2026-01-01'), value: 180 },
  ];

  it.each([
    ['2010-01-01', 70],
    ['2024-06-30', 70],
    ['2024-07-01', 150],
    ['2025-12-31', 150],
    ['2026-01-01', 180],
    ['2099-01-01', 180],
  ])('on %s is %d', (date, expected) => {
    expect(valueAt(standard, d(date))).toBe(expected);
  });

  it('refuses a date before the first value, naming the rule', () => {
    const error = thrownDomainError(() => valueAt(standard, d('2009-12-31'), 'urbanStandardMonthly'));
    expect(error.code).toBe(DomainErrorCode.NoEffectiveValue);
    expect(error.message).toBe('no value of urbanStandardMonthly is in effect on 2009-12-31');
  });

  it('refuses an empty history', () => {
    expect(thrownDomainError(() => valueAt([], d('2026-01-01'))).code).toBe(DomainErrorCode.NoEffectiveValue);
  });
});

describe('effectiveDatedProblems', () => {
  it('accepts a clean history', () => {
    expect(effectiveDatedProblems([{ effectiveFrom: d('2026-01-01'), value: 1 }])).toEqual([]);
  });

  it('reports empty histories, duplicate dates and malformed dates', () => {
    expect(effectiveDatedProblems([], 'x')).toEqual(['x has no values']);
    const duplicated = [
      { effectiveFrom: d('2026-01-01'), value: 1 },
      { effectiveFrom: d('2026-01-01'), value: 2 },
    ];
    expect(effectiveDatedProblems(duplicated, 'x')).toEqual(['x has two values effective from 2026-01-01']);
    const malformed = [{ effectiveFrom: '2026-02-30' as LocalDate, value: 1 }];
    expect(effectiveDatedProblems(malformed, 'x')).toEqual(['x: "2026-02-30" is not a date']);
  });
});
