import { AssetLimits } from '@dibao/domain';
import type { AssetFacts } from '@dibao/contracts';

/**
 * The local asset limits (C art. 10) the investigated household exceeds; empty when it is within them.
 * Written here because libs/domain has the limits in its policy but no check yet. `null` = no limit of that kind.
 */
export function assetLimitProblems(assets: AssetFacts, countedMembers: number, limits: AssetLimits): string[] {
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
