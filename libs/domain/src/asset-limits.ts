import { AssetLimits } from './policy';

/** What an investigation records of a household's assets (C art. 10). */
export interface HouseholdAssets {
  /** Savings, securities and other financial assets of the household, integer fen. */
  readonly financialAssetsFen: number;
  readonly motorVehicles: number;
  readonly additionalDwellings: number;
}

/**
 * The local asset limits (C art. 10) the household exceeds; empty when it is within them. `null` in the
 * limits = no limit of that kind. Financial assets are compared exactly (BigInt) per counted member.
 */
export function assetLimitProblems(assets: HouseholdAssets, countedMembers: number, limits: AssetLimits): string[] {
  const problems: string[] = [];
  if (limits.financialAssetsPerCapita !== null) {
    const allowed = BigInt(limits.financialAssetsPerCapita) * BigInt(countedMembers);
    if (BigInt(assets.financialAssetsFen) > allowed) {
      problems.push(`financial assets of ${assets.financialAssetsFen} fen exceed the limit of ${allowed} fen for ${countedMembers} members`);
    }
  }
  if (limits.motorVehicles !== null && assets.motorVehicles > limits.motorVehicles) {
    problems.push(`${assets.motorVehicles} motor vehicle(s) exceed the limit of ${limits.motorVehicles}`);
  }
  if (limits.additionalDwellings !== null && assets.additionalDwellings > limits.additionalDwellings) {
    problems.push(`${assets.additionalDwellings} additional dwelling(s) exceed the limit of ${limits.additionalDwellings}`);
  }
  return problems;
}
