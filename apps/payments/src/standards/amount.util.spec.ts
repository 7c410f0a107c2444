import { impliedAnnualIncome, monthlyAmountAt } from './amount.util';

describe('amount.util', () => {
  it('recovers the assessed income of an urban household and gives back the same amount at the same standard', () => {
    // 3 persons, standard 150 yuan/month, per-capita income 60 yuan/month → (150 − 60) × 3 = 270 yuan.
    const income = impliedAnnualIncome('urban', 3, 27000, 15000);
    expect(income).toBe(60 * 3 * 12 * 100);
    expect(monthlyAmountAt({ scheme: 'urban', period: '2026-03', persons: 3, annualIncomeFen: income, standardFen: 15000, rounding: 'HALF_UP' })).toBe(27000);
  });

  it('raises an urban household by persons × the raise', () => {
    const income = impliedAnnualIncome('urban', 3, 27000, 15000);
    expect(monthlyAmountAt({ scheme: 'urban', period: '2026-04', persons: 3, annualIncomeFen: income, standardFen: 18000, rounding: 'HALF_UP' })).toBe(36000);
  });

  it('recomputes a rural household (standard per year) with one rounding to the fen', () => {
    // 2 persons, 4200 yuan/year, monthly amount 500 yuan → implied income 2 × 4200 − 12 × 500 = 2400 yuan/year.
    const income = impliedAnnualIncome('rural', 2, 50000, 420000);
    expect(income).toBe(240000);
    // Raised to 4500: (9000 − 2400) / 12 = 550 yuan.
    expect(monthlyAmountAt({ scheme: 'rural', period: '2026-Q3', persons: 2, annualIncomeFen: income, standardFen: 450000, rounding: 'HALF_UP' })).toBe(55000);
    // Raised to 4501: (9002 − 2400) / 12 = 550.1666… → 550.17.
    expect(monthlyAmountAt({ scheme: 'rural', period: '2026-Q3', persons: 2, annualIncomeFen: income, standardFen: 450100, rounding: 'HALF_UP' })).toBe(55017);
  });

  it('treats a household paid the full standard as having no assessed income', () => {
    expect(impliedAnnualIncome('urban', 2, 30000, 15000)).toBe(0);
    expect(impliedAnnualIncome('urban', 2, 40000, 15000)).toBe(0);
  });
});
