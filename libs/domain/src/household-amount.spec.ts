import { DomainErrorCode } from './domain-error';
import { AmountRules, calculateHouseholdAmount, calculateHouseholdAmountWithRules, HouseholdAmountInput } from './household-amount';
import { localDate } from './local-date';
import { formatYuan, parseYuan, yuan } from './money';
import { paymentPeriod, yearMonth } from './payment-period';
import { DEFAULT_POLICY, DibaoPolicy } from './policy';
import { RoundingMode } from './rounding';
import { errorCode } from './test/domain-error.helper';
import { annualIncome, member, members, monthlyWages, policyWith } from './test/household.factory';

const MARCH = paymentPeriod('urban', '2026-03');
const Q2 = paymentPeriod('rural', '2026-Q2');

function urban(input: Partial<HouseholdAmountInput>, policy: DibaoPolicy = DEFAULT_POLICY) {
  return calculateHouseholdAmount({ scheme: 'urban', period: MARCH, members: members(1), incomes: [], ...input }, policy);
}

function rural(input: Partial<HouseholdAmountInput>, policy: DibaoPolicy = DEFAULT_POLICY) {
  return calculateHouseholdAmount({ scheme: 'rural', period: Q2, members: members(1), incomes: [], ...input }, policy);
}

describe('urban differential amount, standard 150 yuan per person per month', () => {
  it.each([
    [1, '150.00'],
    [2, '300.00'],
    [3, '450.00'],
    [4, '600.00'],
    [5, '750.00'],
    [6, '900.00'],
  ])('pays a household of %d without income %s a month', (size, expected) => {
    const breakdown = urban({ members: members(size) });
    expect(formatYuan(breakdown.monthlyAmount)).toBe(expected);
    expect(breakdown.periodAmount).toBe(breakdown.monthlyAmount);
    expect(breakdown.countedMembers).toBe(size);
  });

  it('pays (standard − per-capita income) × members', () => {
    // 3 people, 200 a month: per capita 66.67, (150 − 66.666…) × 3 = 250.
    const breakdown = urban({ members: members(3), incomes: [monthlyWages('200', 'm1')] });
    expect(breakdown).toMatchObject({
      method: 'differential',
      standard: yuan(150),
      standardUnit: 'per_person_per_month',
      countedMembers: 3,
      perCapitaIncome: parseYuan('66.67'),
      eligible: true,
      gapPerPerson: parseYuan('83.33'),
      monthlyAmount: yuan(250),
      payableMonths: ['2026-03'],
      periodAmount: yuan(250),
      rounding: 'HALF_UP',
    });
  });

  it.each([
    ['exactly the standard', 4, '600'],
    ['above the standard', 2, '400'],
  ])('pays nothing when income is %s', (_label, size, wages) => {
    const breakdown = urban({ members: members(size), incomes: [monthlyWages(wages)] });
    expect(breakdown.eligible).toBe(false);
    expect(breakdown.monthlyAmount).toBe(0);
    expect(breakdown.periodAmount).toBe(0);
    expect(breakdown.gapPerPerson).toBe(0);
  });

  it('does not count an excluded member or their income', () => {
    const breakdown = urban({
      members: [...members(2), member('m3', { exclusion: 'in_prison' })],
      incomes: [monthlyWages('3000', 'm3')],
    });
    expect(breakdown.countedMembers).toBe(2);
    expect(breakdown.monthlyAmount).toBe(yuan(300));
    expect(breakdown.excludedMembers).toEqual([{ memberId: 'm3', reason: 'in_prison' }]);
  });

  // 1 person, 18 fen of property income a year: (180000 − 18) / 12 = 14998.5 fen a month.
  it.each<[RoundingMode, string]>([
    ['HALF_UP', '149.99'],
    ['HALF_EVEN', '149.98'],
    ['DOWN', '149.98'],
    ['UP', '149.99'],
  ])('rounds an odd half fen with %s to %s', (rounding, expected) => {
    const policy = policyWith(DEFAULT_POLICY, { rounding });
    const breakdown = urban({ incomes: [annualIncome('property', '0.18')] }, policy);
    expect(formatYuan(breakdown.monthlyAmount)).toBe(expected);
  });

  it('rounds once per household, not per person', () => {
    // 3 people, 100.01 a month: the exact amount is 450 − 100.01 = 349.99; rounding the per-capita income
    // first (33.34) would give 349.98.
    const breakdown = urban({ members: members(3), incomes: [monthlyWages('100.01')] });
    expect(breakdown.perCapitaIncome).toBe(parseYuan('33.34'));
    expect(formatYuan(breakdown.monthlyAmount)).toBe('349.99');
  });

  it('uses the standard in force on the first day of the period (提标 from the next period)', () => {
    const raised: DibaoPolicy = {
      ...DEFAULT_POLICY,
      urbanStandardMonthly: [
        { effectiveFrom: localDate('2022-01-01'), value: yuan(150) },
        { effectiveFrom: localDate('2026-03-02'), value: yuan(180) },
      ],
    };
    expect(urban({}, raised).monthlyAmount).toBe(yuan(150));
    expect(urban({ period: paymentPeriod('urban', '2026-04') }, raised).monthlyAmount).toBe(yuan(180));
  });

  it('refuses a household with no counted member', () => {
    const input = { members: [member('m1', { exclusion: 'declared_missing' })] };
    expect(errorCode(() => urban(input))).toBe(DomainErrorCode.InvalidHousehold);
  });
});

describe('members on the full standard (D art. 8)', () => {
  const withoutSupport = member('old', { ableToWork: false, hasLegalSupporter: false });

  it('pays a lone person with no income, no ability to work and no supporter the full standard', () => {
    const breakdown = urban({ members: [withoutSupport] });
    expect(breakdown.fullStandardMemberIds).toEqual(['old']);
    expect(breakdown.monthlyAmount).toBe(yuan(150));
  });

  it("keeps that member's share whole and sets all income against the others", () => {
    // 2 people, the other earns 200 a month: per capita 100 < 150, so the household is eligible.
    // Full standard 150 for 'old' + max(0, 150 − 200) for the earner = 150 (plain differential would pay 100).
    const breakdown = urban({ members: [withoutSupport, member('son')], incomes: [monthlyWages('200', 'son')] });
    expect(breakdown.fullStandardMemberIds).toEqual(['old']);
    expect(breakdown.monthlyAmount).toBe(yuan(150));
    expect(breakdown.gapPerPerson).toBe(0);
  });

  it('adds the others’ differential when they are below the standard too', () => {
    const breakdown = urban({ members: [withoutSupport, member('son')], incomes: [monthlyWages('60', 'son')] });
    expect(breakdown.monthlyAmount).toBe(yuan(240));
  });

  it('does not apply when the member has income, can work, has a supporter, or the household has shared income', () => {
    const cases: Partial<HouseholdAmountInput>[] = [
      { members: [withoutSupport, member('son')], incomes: [monthlyWages('10', 'old')] },
      { members: [{ ...withoutSupport, ableToWork: true }, member('son')], incomes: [] },
      { members: [{ ...withoutSupport, hasLegalSupporter: true }, member('son')], incomes: [] },
      { members: [withoutSupport, member('son')], incomes: [annualIncome('property', '120')] },
    ];
    for (const input of cases) expect(urban(input).fullStandardMemberIds).toEqual([]);
  });

  it('pays nothing when the household as a whole is not eligible', () => {
    const breakdown = urban({ members: [withoutSupport, member('son')], incomes: [monthlyWages('400', 'son')] });
    expect(breakdown.eligible).toBe(false);
    expect(breakdown.monthlyAmount).toBe(0);
  });
});

describe('rural differential amount, standard 4,200 yuan per person per year', () => {
  it('computes on annual figures and pays three months a quarter', () => {
    // 3 people, 6,000 a year net business income: per capita 2,000; (4,200 − 2,000) × 3 = 6,600 a year.
    const breakdown = rural({ members: members(3), incomes: [annualIncome('business', '6000')] });
    expect(breakdown).toMatchObject({
      standard: yuan(4200),
      standardUnit: 'per_person_per_year',
      perCapitaIncome: yuan(2000),
      gapPerPerson: yuan(2200),
      monthlyAmount: yuan(550),
      payableMonths: ['2026-04', '2026-05', '2026-06'],
      periodAmount: yuan(1650),
    });
  });

  it('rounds the monthly amount, then multiplies by the months', () => {
    // 1 person, 100 a year: 4,100 / 12 = 341.666… → 341.67 a month, 1,025.01 a quarter.
    const breakdown = rural({ incomes: [annualIncome('transfer', '100')] });
    expect(formatYuan(breakdown.monthlyAmount)).toBe('341.67');
    expect(formatYuan(breakdown.periodAmount)).toBe('1025.01');
  });

  it('pays only the months from the benefit start in the first quarter', () => {
    const breakdown = rural({ period: paymentPeriod('rural', '2026-Q1'), payableFrom: yearMonth('2026-03') });
    expect(breakdown.payableMonths).toEqual(['2026-03']);
    expect(breakdown.periodAmount).toBe(yuan(350));
  });

  it('pays nothing above the standard', () => {
    expect(rural({ incomes: [annualIncome('wages', '4200')] }).periodAmount).toBe(0);
  });
});

describe('banded amounts (分档)', () => {
  const banded = policyWith(DEFAULT_POLICY, { amountMethod: 'banded' });

  it.each([
    ['0', '150.00', '150.00'], // gap 150 → band from 100
    ['50', '100.00', '150.00'], // gap exactly 100 reaches the band from 100 yuan
    ['50.01', '99.99', '100.00'], // gap 99.99 → band from 50
    ['90', '60.00', '100.00'],
    ['100', '50.00', '100.00'], // gap exactly 50
    ['120', '30.00', '50.00'],
    ['149', '1.00', '50.00'], // gap exactly 1
    ['149.50', '0.50', '0.00'], // eligible, but below the lowest band
  ])('pays one person with %s income a gap of %s → %s', (income, gap, expected) => {
    const breakdown = urban({ incomes: [monthlyWages(income)] }, banded);
    expect(formatYuan(breakdown.gapPerPerson)).toBe(gap);
    expect(formatYuan(breakdown.monthlyAmount)).toBe(expected);
  });

  it('pays the band amount to every counted member', () => {
    // 2 people, 101 a month: per capita 50.50, gap 99.50 → 100 each.
    const breakdown = urban({ members: members(2), incomes: [monthlyWages('101')] }, banded);
    expect(breakdown.band).toEqual({ minGap: yuan(50), amountPerPerson: yuan(100) });
    expect(breakdown.monthlyAmount).toBe(yuan(200));
  });

  it('pays nothing when not eligible', () => {
    expect(urban({ incomes: [monthlyWages('150')] }, banded).monthlyAmount).toBe(0);
  });

  it('uses annual bands for rural dibao', () => {
    // Gap 1,200 a year → band from 1 yuan, 1,400 a year → 116.67 a month.
    const breakdown = rural({ incomes: [annualIncome('wages', '3000')] }, banded);
    expect(formatYuan(breakdown.monthlyAmount)).toBe('116.67');
    expect(formatYuan(breakdown.periodAmount)).toBe('350.01');
  });

  it('can be computed with explicit rules', () => {
    const rules: AmountRules = {
      standard: yuan(200),
      method: 'banded',
      bands: [{ minGap: yuan(100), amountPerPerson: yuan(120) }],
      rounding: 'HALF_UP',
    };
    const input: HouseholdAmountInput = { scheme: 'urban', period: MARCH, members: members(2), incomes: [] };
    expect(calculateHouseholdAmountWithRules(input, rules).monthlyAmount).toBe(yuan(240));
  });
});

describe("a member's own share stopped (job offers refused: DOMAIN.md A art. 34)", () => {
  it("stops the sanctioned member's equal share of the others' amount, with one rounding", () => {
    // 3 people, 200 a month: (150 − 66.67) × 3 = 250; without one member's share: 250 × 2/3 = 166.67.
    const whole = urban({ members: members(3), incomes: [monthlyWages('200', 'm1')] });
    const cut = urban({ members: members(3), incomes: [monthlyWages('200', 'm1')], sanctionedMemberIds: ['m1'] });
    expect(formatYuan(whole.monthlyAmount)).toBe('250.00');
    expect(formatYuan(cut.monthlyAmount)).toBe('166.67');
    expect(cut.sanctionedMemberIds).toEqual(['m1']);
    expect(whole.sanctionedMemberIds).toBeUndefined();
    // The household is still assessed on all its income and members.
    expect(cut.perCapitaIncome).toBe(whole.perCapitaIncome);
  });

  it("leaves a full-standard member's share whole and ignores ids that are not counted members", () => {
    const old = member('old', { ableToWork: false, hasLegalSupporter: false });
    const cut = urban({ members: [old, member('son'), member('gone', { exclusion: 'in_prison' })], sanctionedMemberIds: ['old', 'son', 'gone', 'nobody'] });
    // Full standard 150 for 'old'; the son's 150 is stopped.
    expect(cut.monthlyAmount).toBe(yuan(150));
    expect(cut.sanctionedMemberIds).toEqual(['son']);
  });

  it('pays nothing for a one-person household whose only share is stopped', () => {
    expect(urban({ members: members(1), sanctionedMemberIds: ['m1'] }).monthlyAmount).toBe(0);
  });
});
