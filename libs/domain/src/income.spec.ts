import { DomainErrorCode } from './domain-error';
import { assessHouseholdIncome, EXEMPT_INCOME_CATEGORIES, HouseholdFacts, perCapitaAnnualIncome, perCapitaMonthlyIncome } from './income';
import { parseYuan, yuan } from './money';
import { annualIncome, member, members, monthlyWages } from './test/household.factory';
import { errorCode } from './test/domain-error.helper';

describe('assessHouseholdIncome', () => {
  it('counts wages less job costs, and net business, property and transfer income (A art. 13)', () => {
    const income = assessHouseholdIncome({
      members: members(2),
      incomes: [
        { category: 'wages', amount: yuan(1000), costs: yuan(100), period: 'monthly', memberId: 'm1' },
        { category: 'business', amount: yuan(5000), costs: yuan(2000), period: 'annual' },
        annualIncome('property', '600'),
        annualIncome('transfer', '1200'),
      ],
    });
    // 900 × 12 + 3000 + 600 + 1200
    expect(income.annualCountedIncome).toBe(yuan(15600));
    expect(income.annualAssessedIncome).toBe(yuan(15600));
  });

  it('does not count exempt income (A art. 14) but shows it', () => {
    const income = assessHouseholdIncome({
      members: members(1),
      incomes: EXEMPT_INCOME_CATEGORIES.map((category) => annualIncome(category, '100')),
    });
    expect(income.annualCountedIncome).toBe(0);
    expect(income.annualExemptIncome).toBe(yuan(600));
  });

  it('never lets a loss offset other income', () => {
    const income = assessHouseholdIncome({
      members: members(1),
      incomes: [monthlyWages('500'), { category: 'business', amount: yuan(100), costs: yuan(900), period: 'monthly' }],
    });
    expect(income.annualCountedIncome).toBe(yuan(6000));
  });

  it('deducts rigid medical and disability expenses, never below zero', () => {
    const household: HouseholdFacts = {
      members: members(2),
      incomes: [monthlyWages('300')],
      deductions: [
        { kind: 'medical', amount: yuan(1200), period: 'annual' },
        { kind: 'disability', amount: yuan(50), period: 'monthly' },
      ],
    };
    const income = assessHouseholdIncome(household);
    expect(income.annualDeductions).toBe(yuan(1800));
    expect(income.annualAssessedIncome).toBe(yuan(1800));
    const overDeducted = assessHouseholdIncome({ ...household, deductions: [{ kind: 'medical', amount: yuan(9999), period: 'annual' }] });
    expect(overDeducted.annualAssessedIncome).toBe(0);
  });

  it('leaves out excluded members and their income (A art. 7)', () => {
    const income = assessHouseholdIncome({
      members: [member('m1'), member('m2', { exclusion: 'in_prison' }), member('m3', { exclusion: 'clergy_living_away' })],
      incomes: [monthlyWages('100', 'm1'), monthlyWages('3000', 'm2'), monthlyWages('2000', 'm3')],
    });
    expect(income.countedMemberIds).toEqual(['m1']);
    expect(income.excludedMembers).toEqual([
      { memberId: 'm2', reason: 'in_prison' },
      { memberId: 'm3', reason: 'clergy_living_away' },
    ]);
    expect(income.annualCountedIncome).toBe(yuan(1200));
  });

  it.each<[string, HouseholdFacts]>([
    ['an unknown member', { members: members(1), incomes: [monthlyWages('1', 'nobody')] }],
    ['a member listed twice', { members: [member('m1'), member('m1')], incomes: [] }],
    ['a negative amount', { members: members(1), incomes: [{ category: 'wages', amount: yuan(-1), period: 'monthly' }] }],
    ['negative costs', { members: members(1), incomes: [{ category: 'wages', amount: yuan(1), costs: yuan(-1), period: 'monthly' }] }],
    ['a negative deduction', { members: members(1), incomes: [], deductions: [{ kind: 'medical', amount: yuan(-1), period: 'annual' }] }],
  ])('refuses %s', (_label, household) => {
    expect(errorCode(() => assessHouseholdIncome(household))).toBe(DomainErrorCode.InvalidHousehold);
  });
});

describe('per-capita income', () => {
  it('divides the monthly income by counted members with one rounding', () => {
    const household = { members: members(3), incomes: [monthlyWages('500')] };
    expect(perCapitaMonthlyIncome(household)).toBe(parseYuan('166.67'));
    expect(perCapitaMonthlyIncome(household, 'DOWN')).toBe(parseYuan('166.66'));
  });

  it('turns annual items into monthly figures exactly', () => {
    // 100 × 12 + 1000 = 2200 a year for 2 people: 91.666… a month each.
    const household = { members: members(2), incomes: [monthlyWages('100'), annualIncome('property', '1000')] };
    expect(perCapitaMonthlyIncome(household)).toBe(parseYuan('91.67'));
    expect(perCapitaAnnualIncome(household)).toBe(yuan(1100));
  });

  it('is zero without income', () => {
    expect(perCapitaMonthlyIncome({ members: members(4), incomes: [] })).toBe(0);
  });

  it('refuses a household with no counted member', () => {
    const household = { members: [member('m1', { exclusion: 'declared_missing' })], incomes: [] };
    expect(errorCode(() => perCapitaMonthlyIncome(household))).toBe(DomainErrorCode.InvalidHousehold);
  });
});
