import { isScheme, PAYMENT_FREQUENCY, STANDARD_UNIT, standardUnitsPerYear } from './scheme';

describe('Scheme', () => {
  it('pays urban monthly on a monthly standard and rural quarterly on a yearly one', () => {
    expect(PAYMENT_FREQUENCY).toEqual({ urban: 'monthly', rural: 'quarterly' });
    expect(STANDARD_UNIT).toEqual({ urban: 'per_person_per_month', rural: 'per_person_per_year' });
    expect(standardUnitsPerYear('urban')).toBe(12);
    expect(standardUnitsPerYear('rural')).toBe(1);
  });

  it('recognises scheme names', () => {
    expect(isScheme('urban')).toBe(true);
    expect(isScheme('Urban')).toBe(false);
    expect(isScheme(undefined)).toBe(false);
  });
});
