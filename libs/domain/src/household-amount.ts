import { DomainError, DomainErrorCode } from './domain-error';
import { ExcludedMember, HouseholdMember, isCountedMember } from './household-member';
import { assessHouseholdIncome, HouseholdFacts, netCountedAmount, requireCountedMembers } from './income';
import { Fen, fenFromBigInt, multiply } from './money';
import { firstDayOf, PaymentPeriod, payableMonths, YearMonth } from './payment-period';
import { AmountBand, AmountMethod, DibaoPolicy, ruleAt, standardAt } from './policy';
import { divideRounded, RoundingMode } from './rounding';
import { Scheme, STANDARD_UNIT, StandardUnit, standardUnitsPerYear } from './scheme';

export interface HouseholdAmountInput extends HouseholdFacts {
  readonly scheme: Scheme;
  readonly period: PaymentPeriod;
  /** First month of entitlement (benefit start); earlier months of the period are not paid. */
  readonly payableFrom?: YearMonth;
  /** Last month of entitlement (stop, end of gradual exit); later months of the period are not paid. */
  readonly payableThrough?: YearMonth;
  /**
   * Members whose own share is stopped (they refused suitable work too often: jobOfferSanction). Only counted
   * members outside the full standard have a share to stop; the others' income is still counted.
   */
  readonly sanctionedMemberIds?: readonly string[];
}

/** The resolved numbers an amount is computed with. */
export interface AmountRules {
  /** In the scheme's unit: urban per person per month, rural per person per year. */
  readonly standard: Fen;
  readonly method: AmountMethod;
  /** Bands in the scheme's unit; used when method is 'banded'. */
  readonly bands: readonly AmountBand[];
  readonly rounding: RoundingMode;
}

/** Everything a caseworker needs to check an amount by hand. Figures are in the scheme's unit unless named monthly. */
export interface AmountBreakdown {
  readonly scheme: Scheme;
  readonly period: PaymentPeriod;
  readonly method: AmountMethod;
  readonly rounding: RoundingMode;
  readonly standard: Fen;
  readonly standardUnit: StandardUnit;
  readonly countedMembers: number;
  readonly excludedMembers: readonly ExcludedMember[];
  /** Members paid the full standard: no income, unable to work, no legal supporter (D art. 8). */
  readonly fullStandardMemberIds: readonly string[];
  readonly annualAssessedIncome: Fen;
  /** Assessed income per counted member (rounded for display; eligibility is decided exactly). */
  readonly perCapitaIncome: Fen;
  /** Income below the standard (per capita over all counted members). */
  readonly eligible: boolean;
  /** Standard less per-capita income of the members not on the full standard; 0 when there is no gap. */
  readonly gapPerPerson: Fen;
  /** The band applied, banded method only. */
  readonly band?: AmountBand;
  /** Members whose own share was stopped (absent when none): the others' shares are paid, theirs is not. */
  readonly sanctionedMemberIds?: readonly string[];
  readonly monthlyAmount: Fen;
  readonly payableMonths: readonly YearMonth[];
  /** monthlyAmount × payable months. */
  readonly periodAmount: Fen;
}

/**
 * The household's amount for a payment period, with the rules in force on the period's first day (a raised
 * standard applies from the next period). See calculateHouseholdAmountWithRules for the method.
 */
export function calculateHouseholdAmount(input: HouseholdAmountInput, policy: DibaoPolicy): AmountBreakdown {
  const on = firstDayOf(input.period);
  const method = ruleAt(policy, 'amountMethod', on);
  return calculateHouseholdAmountWithRules(input, {
    standard: standardAt(policy, input.scheme, on),
    method,
    bands: method === 'banded' ? ruleAt(policy, 'amountBands', on)[input.scheme] : [],
    rounding: ruleAt(policy, 'rounding', on),
  });
}

/**
 * All sums are kept per year in integer fen (urban standard × 12) so that there is exactly one rounding,
 * from the yearly household amount to the monthly one:
 * - not eligible (assessed income ≥ standard × counted members): 0;
 * - differential (差额): yearly = full-standard members × standard + max(0, others × standard − income);
 * - banded (分档): yearly = full-standard members × standard + others × the band's amount, the band chosen
 *   by the others' per-capita gap;
 * - monthly = yearly / 12, rounded; per period = monthly × payable months.
 * Full-standard members (D art. 8) have no income of their own and nobody obliged to support them, so the
 * others' income does not reduce their share; all counted income is set against the other members.
 * A sanctioned member (sanctionedMemberIds) is one of the others whose equal share of the others' amount is
 * not paid: yearly = full-standard + others' amount × (others − sanctioned) / others, still rounded once.
 */
export function calculateHouseholdAmountWithRules(input: HouseholdAmountInput, rules: AmountRules): AmountBreakdown {
  const income = assessHouseholdIncome(input);
  const members = requireCountedMembers(income);
  const unitsPerYear = standardUnitsPerYear(input.scheme);
  const standardPerYear = BigInt(rules.standard) * BigInt(unitsPerYear);
  const assessed = BigInt(income.annualAssessedIncome);

  const fullStandardMemberIds = fullStandardMembers(input).map((member) => member.id);
  const others = BigInt(members - fullStandardMemberIds.length);
  const eligible = assessed < BigInt(members) * standardPerYear;
  const othersGapPerYear = others * standardPerYear - assessed; // gap of all others together, per year
  const band = rules.method === 'banded' && others > 0n ? bandFor(rules.bands, othersGapPerYear, others * BigInt(unitsPerYear)) : undefined;

  const fullStandardPerYear = BigInt(fullStandardMemberIds.length) * standardPerYear;
  const othersPerYear =
    rules.method === 'differential'
      ? positive(othersGapPerYear)
      : others * BigInt(unitsPerYear) * BigInt(band?.amountPerPerson ?? 0);
  const fullStandard = new Set(fullStandardMemberIds);
  const counted = new Set(income.countedMemberIds);
  const sanctionedMemberIds = [...new Set(input.sanctionedMemberIds ?? [])].filter((id) => counted.has(id) && !fullStandard.has(id));
  const kept = others - BigInt(sanctionedMemberIds.length);
  // yearly = full + othersPerYear × kept / others, monthly = yearly / 12: one division, one rounding.
  const monthlyAmount = !eligible
    ? fenFromBigInt(0n)
    : others === 0n || kept === others
      ? fenFromBigInt(divideRounded(fullStandardPerYear + othersPerYear, 12n, rules.rounding))
      : fenFromBigInt(divideRounded(fullStandardPerYear * others + othersPerYear * kept, 12n * others, rules.rounding));
  const months = payableMonths(input.period, input.payableFrom, input.payableThrough);

  return {
    scheme: input.scheme,
    period: input.period,
    method: rules.method,
    rounding: rules.rounding,
    standard: rules.standard,
    standardUnit: STANDARD_UNIT[input.scheme],
    countedMembers: members,
    excludedMembers: income.excludedMembers,
    fullStandardMemberIds,
    annualAssessedIncome: income.annualAssessedIncome,
    perCapitaIncome: fenFromBigInt(divideRounded(assessed, BigInt(members * unitsPerYear), rules.rounding)),
    eligible,
    gapPerPerson:
      others === 0n
        ? rules.standard
        : fenFromBigInt(divideRounded(positive(othersGapPerYear), others * BigInt(unitsPerYear), rules.rounding)),
    ...(band === undefined ? {} : { band }),
    ...(sanctionedMemberIds.length > 0 ? { sanctionedMemberIds } : {}),
    monthlyAmount,
    payableMonths: months,
    periodAmount: multiply(monthlyAmount, months.length),
  };
}

/**
 * Members paid the full standard (D art. 8): counted, unable to work, without a legal supporter, with no
 * counted income of their own, in a household with no unattributed counted income (which would be
 * theirs in part).
 */
export function fullStandardMembers(household: HouseholdFacts): HouseholdMember[] {
  const earners = new Set<string | undefined>(
    household.incomes.filter((item) => netCountedAmount(item) > 0).map((item) => item.memberId),
  );
  if (earners.has(undefined)) return [];
  return household.members.filter(
    (member) => isCountedMember(member) && !member.ableToWork && !member.hasLegalSupporter && !earners.has(member.id),
  );
}

/**
 * The band with the highest minGap that the per-person gap reaches. The gap is compared exactly:
 * totalGapPerYear / personUnits ≥ minGap, with personUnits = persons × standard units per year.
 */
export function bandFor(bands: readonly AmountBand[], totalGapPerYear: bigint, personUnits: bigint): AmountBand | undefined {
  if (personUnits <= 0n) {
    throw new DomainError(DomainErrorCode.InvalidArgument, 'band selection needs at least one person');
  }
  let chosen: AmountBand | undefined;
  for (const band of bands) {
    const reached = totalGapPerYear >= BigInt(band.minGap) * personUnits;
    if (reached && (chosen === undefined || band.minGap > chosen.minGap)) chosen = band;
  }
  return chosen;
}

function positive(value: bigint): bigint {
  return value > 0n ? value : 0n;
}
