import {
  calculateHouseholdAmountWithRules,
  fen,
  HouseholdMember,
  PaymentPeriod,
  RoundingMode,
  Scheme,
  standardUnitsPerYear,
} from '@dibao/domain';

/**
 * The payments service does not hold the household's members and income (the households service and the
 * case own them); `case.approved` carries the monthly amount and the number of counted persons. For a
 * differential (差额) amount, monthly = (persons × standard per year − assessed income per year) / 12, so the
 * assessed yearly income the case used is recovered exactly as persons × standard per year − 12 × monthly.
 * A raised standard (提标) then recomputes the amount with libs/domain's own calculation.
 */
export function impliedAnnualIncome(scheme: Scheme, persons: number, monthlyAmountFen: number, standardFen: number): number {
  const perYear = BigInt(persons) * BigInt(standardFen) * BigInt(standardUnitsPerYear(scheme));
  const implied = perYear - 12n * BigInt(monthlyAmountFen);
  return implied > 0n ? Number(implied) : 0;
}

/** The monthly amount of a household at a standard, through calculateHouseholdAmountWithRules (differential method). */
export function monthlyAmountAt(input: {
  scheme: Scheme;
  period: string;
  persons: number;
  annualIncomeFen: number;
  standardFen: number;
  rounding: RoundingMode;
}): number {
  // Counted members able to work with supporters: none is on the full standard of D art. 8, so all assessed
  // income is set against all members, which is what the implied income above assumes.
  const members: HouseholdMember[] = Array.from({ length: input.persons }, (_, i) => ({
    id: `m${i + 1}`,
    ableToWork: true,
    hasLegalSupporter: true,
  }));
  const result = calculateHouseholdAmountWithRules(
    {
      scheme: input.scheme,
      period: input.period as PaymentPeriod,
      members,
      incomes: input.annualIncomeFen > 0 ? [{ category: 'wages', amount: fen(input.annualIncomeFen), period: 'annual' }] : [],
    },
    { standard: fen(input.standardFen), method: 'differential', bands: [], rounding: input.rounding },
  );
  return result.monthlyAmount;
}
