import { DomainError, DomainErrorCode } from './domain-error';
import { assessHouseholdIncome, HouseholdFacts, requireCountedMembers } from './income';
import { LocalDate } from './local-date';
import { DibaoPolicy, exemptIncomeCategoriesAt, ruleAt, standardAt } from './policy';
import { Ratio } from './ratio';
import { Scheme, standardUnitsPerYear } from './scheme';

/**
 * The income test: per-capita assessed income of the counted members is below the scheme's standard on
 * `on` (D art. 2 urban; rural per-capita annual net income), with the income categories exempt on `on`
 * (A art. 13, second paragraph). Compared exactly, without rounding.
 * Hukou (urban: non-agricultural) and asset limits are separate checks.
 */
export function isEligible(scheme: Scheme, household: HouseholdFacts, policy: DibaoPolicy, on: LocalDate): boolean {
  return perCapitaIncomeBelow(scheme, household, policy, on, { numerator: 1, denominator: 1 });
}

/**
 * Whether a member may apply alone (单独申请, A art. 8): the member is severely disabled or seriously ill and
 * the household's per-capita income is below the configured multiple (1.5) of the standard.
 */
export function mayApplyAlone(
  scheme: Scheme,
  household: HouseholdFacts,
  memberId: string,
  policy: DibaoPolicy,
  on: LocalDate,
): boolean {
  const member = household.members.find((candidate) => candidate.id === memberId);
  if (member === undefined) {
    throw new DomainError(DomainErrorCode.InvalidHousehold, `member ${memberId} is not in the household`);
  }
  if (member.severelyDisabled !== true && member.seriouslyIll !== true) return false;
  return perCapitaIncomeBelow(scheme, household, policy, on, ruleAt(policy, 'applyAloneIncomeMultiple', on));
}

/** assessed income / members < standard × multiple, as integers: income × den < members × standard × num. */
function perCapitaIncomeBelow(
  scheme: Scheme,
  household: HouseholdFacts,
  policy: DibaoPolicy,
  on: LocalDate,
  multiple: Ratio,
): boolean {
  const income = assessHouseholdIncome(household, exemptIncomeCategoriesAt(policy, on));
  const members = BigInt(requireCountedMembers(income));
  const standardPerYear = BigInt(standardAt(policy, scheme, on)) * BigInt(standardUnitsPerYear(scheme));
  return (
    BigInt(income.annualAssessedIncome) * BigInt(multiple.denominator) < members * standardPerYear * BigInt(multiple.numerator)
  );
}
