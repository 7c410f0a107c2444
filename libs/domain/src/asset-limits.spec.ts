import { yuan } from './money';
import { assetLimitProblems } from './asset-limits';

describe('assetLimitProblems', () => {
  // The default policy's placeholders: 24 months of the 150-yuan standard per person, no car, no second dwelling.
  const limits = { financialAssetsPerCapita: yuan(3600), motorVehicles: 0, additionalDwellings: 0 };
  const none = { financialAssetsFen: 0, motorVehicles: 0, additionalDwellings: 0 };

  it('accepts savings up to the limit per counted member', () => {
    expect(assetLimitProblems({ ...none, financialAssetsFen: 720_000 }, 2, limits)).toEqual([]);
  });

  it('names every limit exceeded', () => {
    const problems = assetLimitProblems({ financialAssetsFen: 720_001, motorVehicles: 1, additionalDwellings: 1 }, 2, limits);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/720001 fen exceed the limit of 720000 fen/);
  });

  it('ignores a kind of limit the county does not set', () => {
    expect(assetLimitProblems({ ...none, motorVehicles: 3 }, 1, { ...limits, motorVehicles: null })).toEqual([]);
  });
});
