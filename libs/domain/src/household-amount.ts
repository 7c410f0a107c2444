import { DomainError, DomainErrorCode } from './domain-error';
import { ExcludedMember, HouseholdMember, isCountedMember } from './household-member';
import {
  assessHouseholdIncome,
  EXEMPT_INCOME_CATEGORIES,
  ExemptIncomeCategory,
  HouseholdFacts,
  netCountedAmount,
  requireCountedMembers,
} from './income';
import { Fen, fenFromBigInt } from './money';
import { firstDayOf, PaymentPeriod, payableMonths, YearMonth } from './payment-period';
import { AmountBand, AmountMethod, DibaoPolicy, exemptIncomeCategoriesAt, ruleAt, standardAt } from './policy';
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
  /** Income categories not counted (policy `exemptIncomeCategories`); default: all of EXEMPT_INCOME_CATEGORIES. */
  readonly exemptIncomeCategories?: readonly ExemptIncomeCategory[];
  /**
   * How full-standard members combine with the others; default (and the only rule for new amounts):
   * 'household-differential' (see calculateHouseholdAmountWithRules). 'protected-until-ineligible' is the rule
   * before issue 18, which had the cliff (full-standard shares kept whole while the household is eligible, then
   * nothing): for replaying workflow histories recorded with it, behind a patch, never a county setting.
   */
  readonly fullStandardRule?: FullStandardRule;
}

/** See AmountRules.fullStandardRule. */
export type FullStandardRule = 'household-differential' | 'protected-until-ineligible';

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
  /**
   * How much of the full-standard members' shares the others' income beyond their own standard takes (the
   * surplus that per-capita household income counts, D art. 2), in the scheme's unit, rounded for display;
   * absent when nothing is taken.
   */
  readonly fullStandardReducedBy?: Fen;
  /** The band applied, banded method only. */
  readonly band?: AmountBand;
  /** Members whose own share was stopped (absent when none): the others' shares are paid, theirs is not. */
  readonly sanctionedMemberIds?: readonly string[];
  /** The household's amount per year, rounded once from the exact yearly figure. */
  readonly annualAmount: Fen;
  /** The exact yearly figure / 12, rounded once. Urban: the amount paid for the month. */
  readonly monthlyAmount: Fen;
  readonly payableMonths: readonly YearMonth[];
  /**
   * The amount paid for the period: the exact yearly figure × payable months / 12, rounded once (DOMAIN.md:
   * rounding per household per period). Urban: monthlyAmount (or 0). Rural: not always monthlyAmount × months:
   * a yearly 101 fen is 25 fen a quarter (25.25), where 3 × 8 fen (8.42 a month) would be 24.
   */
  readonly periodAmount: Fen;
}

/**
 * The household's amount for a payment period, with the rules in force on the period's first day (a raised
 * standard applies from the next period). See calculateHouseholdAmountWithRules for the method.
 */
export function calculateHouseholdAmount(
  input: HouseholdAmountInput,
  policy: DibaoPolicy,
  /** Only for replaying workflow histories recorded before issue 18: see AmountRules.fullStandardRule. */
  compatibility?: Pick<AmountRules, 'fullStandardRule'>,
): AmountBreakdown {
  const on = firstDayOf(input.period);
  const method = ruleAt(policy, 'amountMethod', on);
  return calculateHouseholdAmountWithRules(input, {
    standard: standardAt(policy, input.scheme, on),
    method,
    bands: method === 'banded' ? ruleAt(policy, 'amountBands', on)[input.scheme] : [],
    rounding: ruleAt(policy, 'rounding', on),
    exemptIncomeCategories: exemptIncomeCategoriesAt(policy, on),
    ...(compatibility?.fullStandardRule === undefined ? {} : { fullStandardRule: compatibility.fullStandardRule }),
  });
}

/**
 * The amount rule. All sums are kept per year in integer fen (the urban standard × 12). With
 *   S = the standard per person per year, N = counted members, F = members on the full standard (D art. 8,
 *   fullStandardMembers), O = N − F the others, I = the household's assessed income per year (A art. 13):
 * - not eligible, I ≥ N × S (per-capita household income not below the standard, D art. 2): 0;
 * - the others' share: differential (差额, B art. 27, C art. 12) max(0, O × S − I); banded (分档, A) O × the
 *   amount of the band that the others' gap per person (O × S − I) / O reaches;
 * - the full-standard share: F × S less the others' income beyond their own standards,
 *   max(0, F × S − max(0, I − O × S));
 * - yearly = full-standard share + others' share.
 *
 * Why (issue 18). D art. 8 pays the full standard to a person with no income, no ability to work and no
 * supporter, and the differential to the rest; D art. 2 and B art. 27 measure the household by its per-capita
 * income, so income beyond what lifts the others to the standard is still household income. The full-standard
 * members' shares are whole as long as the others' income does not exceed their own standards (I ≤ O × S); the
 * surplus beyond that is set against those shares one fen for one fen, down to 0 exactly where per-capita
 * income reaches the standard and the household stops being eligible. Any rule that pays nothing from
 * I = N × S on (D art. 2) and never falls by more than the income rises pays at most N × S − I; this one pays
 * exactly that above O × S and the whole full standard plus the others' differential below it, so it is the
 * most a household can get without a cliff. In the differential method it is B art. 27's (S − I / N) × N for
 * every household; the full standard matters for bands (a full-standard member gets S, not a band) and for
 * stopped shares (below). The rule before (fullStandardRule 'protected-until-ineligible') kept F × S whole up to
 * I = N × S and then paid nothing: 2 urban members at 150 yuan, one on the full standard, the other earning 299
 * yuan a month got 150 yuan, at 300 yuan nothing. Now: 299 → 1 yuan, 300 → 0, 200 → 100, 0 → 300 (worked in
 * household-amount.spec.ts). Monotone: more income never pays more, and never takes more than the extra income.
 *
 * A sanctioned member (sanctionedMemberIds) is one of the others whose equal share of the others' amount is
 * not paid: yearly = full-standard share + others' share × (O − sanctioned) / O.
 *
 * Rounding (DOMAIN.md: once per household per period, rounding.ts mode from the policy, default HALF_UP): the
 * exact yearly figure (a fraction only when a share is stopped) is rounded once for each figure shown:
 * annualAmount = yearly, monthlyAmount = yearly / 12, periodAmount = yearly × payable months / 12. A rural
 * quarter is not computed as 3 × the rounded month: a yearly 101 fen pays 25 fen a quarter (25.25), not 3 × 8 = 24.
 * Four quarters rounded each may differ from the rounded year by up to 2 fen (4 × 25 = 100 for 101).
 */
export function calculateHouseholdAmountWithRules(input: HouseholdAmountInput, rules: AmountRules): AmountBreakdown {
  const income = assessHouseholdIncome(input, rules.exemptIncomeCategories ?? EXEMPT_INCOME_CATEGORIES);
  const members = requireCountedMembers(income);
  const unitsPerYear = standardUnitsPerYear(input.scheme);
  const standardPerYear = BigInt(rules.standard) * BigInt(unitsPerYear);
  const assessed = BigInt(income.annualAssessedIncome);

  const fullStandardMemberIds = fullStandardMembers(input, rules.exemptIncomeCategories).map((member) => member.id);
  const others = BigInt(members - fullStandardMemberIds.length);
  const eligible = assessed < BigInt(members) * standardPerYear;
  const othersGapPerYear = others * standardPerYear - assessed; // gap of all others together, per year; < 0: surplus
  const band = rules.method === 'banded' && others > 0n ? bandFor(rules.bands, othersGapPerYear, others * BigInt(unitsPerYear)) : undefined;

  const fullStandardWhole = BigInt(fullStandardMemberIds.length) * standardPerYear;
  const reducedBy =
    (rules.fullStandardRule ?? 'household-differential') === 'household-differential'
      ? minBig(fullStandardWhole, positive(-othersGapPerYear))
      : 0n;
  const fullStandardPerYear = fullStandardWhole - reducedBy;
  const othersPerYear =
    rules.method === 'differential'
      ? positive(othersGapPerYear)
      : others * BigInt(unitsPerYear) * BigInt(band?.amountPerPerson ?? 0);
  const fullStandard = new Set(fullStandardMemberIds);
  const counted = new Set(income.countedMemberIds);
  const sanctionedMemberIds = [...new Set(input.sanctionedMemberIds ?? [])].filter((id) => counted.has(id) && !fullStandard.has(id));
  const kept = others - BigInt(sanctionedMemberIds.length);
  // The exact yearly amount as numerator / denominator: full + othersPerYear × kept / others.
  const [numerator, denominator] = !eligible
    ? [0n, 1n]
    : others === 0n || kept === others
      ? [fullStandardPerYear + othersPerYear, 1n]
      : [fullStandardPerYear * others + othersPerYear * kept, others];
  const months = payableMonths(input.period, input.payableFrom, input.payableThrough);
  const rounded = (perYear: bigint, per: bigint) => fenFromBigInt(divideRounded(numerator * perYear, denominator * per, rules.rounding));

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
    ...(eligible && reducedBy > 0n
      ? { fullStandardReducedBy: fenFromBigInt(divideRounded(reducedBy, BigInt(unitsPerYear), rules.rounding)) }
      : {}),
    ...(band === undefined ? {} : { band }),
    ...(sanctionedMemberIds.length > 0 ? { sanctionedMemberIds } : {}),
    annualAmount: rounded(1n, 1n),
    monthlyAmount: rounded(1n, 12n),
    payableMonths: months,
    periodAmount: rounded(BigInt(months.length), 12n),
  };
}

/**
 * Members paid the full standard (D art. 8): counted, unable to work, without a legal supporter, with no
 * counted income of their own, in a household with no unattributed counted income (which would be
 * theirs in part).
 */
export function fullStandardMembers(
  household: HouseholdFacts,
  exemptCategories: readonly ExemptIncomeCategory[] = EXEMPT_INCOME_CATEGORIES,
): HouseholdMember[] {
  const earners = new Set<string | undefined>(
    household.incomes.filter((item) => netCountedAmount(item, exemptCategories) > 0).map((item) => item.memberId),
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

function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
