import { DomainErrorCode } from './domain-error';
import { isEligible } from './eligibility';
import { calculateHouseholdAmount } from './household-amount';
import {
  assessHouseholdIncome,
  countsAsIncome,
  EXEMPT_INCOME_CATEGORIES,
  ExemptIncomeCategory,
  HouseholdFacts,
  perCapitaAnnualIncome,
  perCapitaMonthlyIncome,
} from './income';
import { localDate } from './local-date';
import { paymentPeriod } from './payment-period';
import { assertValidPolicy, DEFAULT_POLICY, DibaoPolicy, exemptIncomeCategoriesAt } from './policy';
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

  it('does not count exempt income (A art. 13, second paragraph) but shows it', () => {
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

/*
 * The basic pension base amount (基础养老金) is left out of income by A art. 13, second paragraph, as a dated rule
 * of the policy (exemptIncomeCategories), so the exemption can end on a date like any rule. Worked example, urban
 * standard 150 a month, one person (able to work, with a supporter) with a basic pension base of 100 a month:
 *   while exempt:   income 0,   amount 150 − 0   = 150 a month, eligible;
 *   after it ends:  income 100, amount 150 − 100 =  50 a month, still eligible;
 *   with 160 a month: eligible while exempt, not eligible (160 ≥ 150) once it ends.
 */
describe('the basic-pension exemption as a dated rule (A art. 13, second paragraph)', () => {
  const withoutPension = EXEMPT_INCOME_CATEGORIES.filter((category) => category !== 'basic_pension_base');
  const ending: DibaoPolicy = {
    ...DEFAULT_POLICY,
    exemptIncomeCategories: [
      { effectiveFrom: localDate('2021-07-01'), value: EXEMPT_INCOME_CATEGORIES },
      { effectiveFrom: localDate('2027-01-01'), value: withoutPension },
    ],
  };
  const pension = (yuanText: string): HouseholdFacts => ({
    members: members(1),
    incomes: [{ category: 'basic_pension_base', amount: parseYuan(yuanText), period: 'monthly', memberId: 'm1' }],
  });

  it('exempts all six categories in the default policy, from A coming into force', () => {
    expect(exemptIncomeCategoriesAt(DEFAULT_POLICY, localDate('2026-12-04'))).toEqual(EXEMPT_INCOME_CATEGORIES);
    expect(DEFAULT_POLICY.exemptIncomeCategories).toEqual([{ effectiveFrom: '2021-07-01', value: EXEMPT_INCOME_CATEGORIES }]);
    // A stored policy from before the rule was dated: every exempt-type category, as then.
    const { exemptIncomeCategories: _dropped, ...older } = DEFAULT_POLICY;
    expect(exemptIncomeCategoriesAt(older as DibaoPolicy, localDate('2026-12-04'))).toEqual(EXEMPT_INCOME_CATEGORIES);
  });

  it('counts the pension once its exemption has ended', () => {
    expect(assessHouseholdIncome(pension('100')).annualAssessedIncome).toBe(0);
    expect(assessHouseholdIncome(pension('100'), withoutPension)).toMatchObject({ annualAssessedIncome: yuan(1200), annualExemptIncome: 0 });
    expect(countsAsIncome('basic_pension_base')).toBe(false);
    expect(countsAsIncome('basic_pension_base', withoutPension)).toBe(true);
    expect(perCapitaMonthlyIncome(pension('100'), 'HALF_UP', withoutPension)).toBe(yuan(100));
  });

  it('pays with the list in force on the period’s first day: 150 in December 2026, 50 from January 2027', () => {
    const amount = (period: string) =>
      calculateHouseholdAmount({ scheme: 'urban', period: paymentPeriod('urban', period), ...pension('100') }, ending).monthlyAmount;
    expect(amount('2026-12')).toBe(yuan(150));
    expect(amount('2027-01')).toBe(yuan(50));
  });

  it('decides eligibility with the list in force on the day', () => {
    expect(isEligible('urban', pension('160'), ending, localDate('2026-12-31'))).toBe(true);
    expect(isEligible('urban', pension('160'), ending, localDate('2027-01-01'))).toBe(false);
  });

  it('refuses a list with an unknown or repeated category', () => {
    const bad = (value: readonly string[]): DibaoPolicy => ({
      ...DEFAULT_POLICY,
      exemptIncomeCategories: [{ effectiveFrom: localDate('2021-07-01'), value: value as readonly ExemptIncomeCategory[] }],
    });
    expect(() => assertValidPolicy(ending)).not.toThrow();
    expect(errorCode(() => assertValidPolicy(bad(['wages'])))).toBe(DomainErrorCode.InvalidPolicy);
    expect(errorCode(() => assertValidPolicy(bad(['scholarship', 'scholarship'])))).toBe(DomainErrorCode.InvalidPolicy);
  });
});
