import { DEFAULT_POLICY, localDate } from '@dibao/domain';
import { AssessedIncomeItem, AssessedMember, assessHousehold, checkAssetLimits, incomeTreatment } from './household-assessment.util';

const asOf = localDate('2026-11-30');
const member = (id: string, overrides: Partial<AssessedMember> = {}): AssessedMember => ({
  id,
  exclusion: null,
  workAbility: 'full',
  disabilityGrade: null,
  seriouslyIll: false,
  ...overrides,
});
const wages = (memberId: string, amountFen: number): AssessedIncomeItem => ({ memberId, kind: 'income', category: 'wages', amountFen, costsFen: 0, period: 'monthly' });

describe('assessHousehold', () => {
  it('leaves excluded members and their income out (A art. 7) and exempt income uncounted (A art. 14)', () => {
    const result = assessHousehold(
      'urban',
      [member('a'), member('b', { exclusion: 'in_prison' }), member('c')],
      [wages('a', 30000), wages('b', 99999), { memberId: 'c', kind: 'income', category: 'scholarship', amountFen: 12000, costsFen: 0, period: 'annual' }],
      [],
      DEFAULT_POLICY,
      asOf,
    );
    expect(result).toMatchObject({ countedMembers: 2, annualCountedIncomeFen: 360000, annualExemptIncomeFen: 12000, perCapitaMonthlyIncomeFen: 15000 });
  });

  it('deducts rigid medical expenses', () => {
    const result = assessHousehold(
      'urban',
      [member('a')],
      [wages('a', 30000), { memberId: 'a', kind: 'deduction', category: 'medical', amountFen: 10000, costsFen: 0, period: 'monthly' }],
      [],
      DEFAULT_POLICY,
      asOf,
    );
    expect(result.perCapitaMonthlyIncomeFen).toBe(20000);
  });

  it('lets a severely disabled member apply alone below 1.5 × the standard (A art. 8)', () => {
    // Urban standard 150 yuan: 1.5 × = 225 yuan. Per-capita 200 yuan → possible; 230 yuan → not.
    const members = [member('a'), member('b', { disabilityGrade: 2, workAbility: 'none' })];
    expect(assessHousehold('urban', members, [wages('a', 40000)], [], DEFAULT_POLICY, asOf).applyAlone).toEqual({ possible: true, memberIds: ['b'] });
    expect(assessHousehold('urban', members, [wages('a', 46000)], [], DEFAULT_POLICY, asOf).applyAlone).toEqual({ possible: false, memberIds: [] });
    expect(assessHousehold('urban', [member('a'), member('c', { disabilityGrade: 3 })], [], [], DEFAULT_POLICY, asOf).applyAlone.possible).toBe(false);
  });

  it('has no per-capita income when nobody counts', () => {
    const result = assessHousehold('rural', [member('a', { exclusion: 'declared_missing' })], [], [], DEFAULT_POLICY, asOf);
    expect(result).toMatchObject({ countedMembers: 0, perCapitaMonthlyIncomeFen: null, applyAlone: { possible: false } });
  });
});

describe('checkAssetLimits', () => {
  it('compares financial assets per counted member, vehicles and dwellings with the configured limits', () => {
    // Default placeholder limits: 3,600 yuan per member, no vehicle, no second dwelling.
    expect(checkAssetLimits([{ kind: 'financial', valueFen: 720000 }], 2, DEFAULT_POLICY, asOf)).toEqual({ withinLimits: true, problems: [] });
    const over = checkAssetLimits([{ kind: 'financial', valueFen: 720001 }, { kind: 'motor_vehicle', valueFen: 0 }], 2, DEFAULT_POLICY, asOf);
    expect(over.withinLimits).toBe(false);
    expect(over.problems).toHaveLength(2);
  });
});

describe('incomeTreatment', () => {
  it('names counted, exempt and deductible items', () => {
    expect(incomeTreatment({ kind: 'income', category: 'business' })).toBe('counted');
    expect(incomeTreatment({ kind: 'income', category: 'basic_pension_base' })).toBe('exempt');
    expect(incomeTreatment({ kind: 'deduction', category: 'disability' })).toBe('deductible');
  });
});
