/** Urban dibao (城市低保, paid monthly, standard per person per month) or rural (农村低保, quarterly, per year). */
export type Scheme = 'urban' | 'rural';

export const SCHEMES: readonly Scheme[] = ['urban', 'rural'];

export function isScheme(value: unknown): value is Scheme {
  return value === 'urban' || value === 'rural';
}

/** How often a scheme pays (DOMAIN.md: urban monthly, rural quarterly). */
export type PaymentFrequency = 'monthly' | 'quarterly';

export const PAYMENT_FREQUENCY: Readonly<Record<Scheme, PaymentFrequency>> = {
  urban: 'monthly',
  rural: 'quarterly',
};

/** The unit the scheme's standard is set in: urban per person per month, rural per person per year. */
export type StandardUnit = 'per_person_per_month' | 'per_person_per_year';

export const STANDARD_UNIT: Readonly<Record<Scheme, StandardUnit>> = {
  urban: 'per_person_per_month',
  rural: 'per_person_per_year',
};

/** How many of the scheme's standard units make a year: 12 months (urban) or 1 year (rural). */
export function standardUnitsPerYear(scheme: Scheme): number {
  return STANDARD_UNIT[scheme] === 'per_person_per_month' ? 12 : 1;
}
