import { DomainErrorCode } from './domain-error';
import { AmountRules, calculateHouseholdAmount, calculateHouseholdAmountWithRules, HouseholdAmountInput } from './household-amount';
import { localDate } from './local-date';
import { IncomeItem } from './income';
import { fen, formatYuan, parseYuan, yuan } from './money';
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

  /*
   * DOMAIN rule (D art. 8 with B art. 27 and D art. 2; DOMAIN.md "Rules added after the first review": a member on
   * the full standard and members who are not, no cliff, one more yuan of income never costs more than one yuan of
   * benefit). In the standard's unit (urban: yuan a month), S = 150, N members, F on the full standard, O = N − F,
   * I = the household's income:
   *   others' share       = max(0, O × S − I)                  (the differential of the others, B art. 27)
   *   full-standard share = max(0, F × S − max(0, I − O × S))  (whole until the others' income passes their own
   *                                                             standards; the surplus is household income, D art. 2)
   *   amount              = the sum; 0 once I ≥ N × S (not eligible, D art. 2).
   * Worked by hand, 'old' on the full standard and 'son' earning I a month (N = 2, F = 1, O = 1):
   *   I =   0: son 150 − 0 = 150, old 150 − 0 = 150             → 300 (the same as (150 − 0/2) × 2)
   *   I =  60: son 150 − 60 = 90, old 150                       → 240
   *   I = 150: son 0, old 150 − max(0, 150 − 150) = 150          → 150
   *   I = 200: son 0, old 150 − (200 − 150) = 100                → 100 (the rule before paid 150)
   *   I = 299: son 0, old 150 − 149 = 1                          →   1 (the rule before paid 150)
   *   I = 300: per capita 150, not below the standard            →   0
   *   I = 301: not eligible                                      →   0
   * 299 → 300 costs 1 yuan, not 150; 300 → 301 costs nothing.
   */
  const twoMembers = (sonWages: string) => urban({ members: [withoutSupport, member('son')], incomes: [monthlyWages(sonWages, 'son')] });

  it.each([
    ['0', '300.00', undefined],
    ['60', '240.00', undefined],
    ['150', '150.00', undefined],
    ['200', '100.00', '50.00'],
    ['299', '1.00', '149.00'],
    ['299.99', '0.01', '149.99'],
    ['300', '0.00', undefined],
    ['301', '0.00', undefined],
  ])('full standard + the son’s differential, son earning %s a month: %s (D art. 8, B art. 27, D art. 2)', (wages, expected, reducedBy) => {
    const breakdown = twoMembers(wages);
    expect(breakdown.fullStandardMemberIds).toEqual(['old']);
    expect(formatYuan(breakdown.monthlyAmount)).toBe(expected);
    expect(breakdown.fullStandardReducedBy === undefined ? undefined : formatYuan(breakdown.fullStandardReducedBy)).toBe(reducedBy);
  });

  it('has no cliff at the full standard: 299 → 300 → 301 yuan costs 1 yuan, then nothing (issue 18; D art. 8, B art. 27)', () => {
    expect(twoMembers('299').monthlyAmount - twoMembers('300').monthlyAmount).toBe(yuan(1));
    expect(twoMembers('300').monthlyAmount - twoMembers('301').monthlyAmount).toBe(0);
    expect(twoMembers('300').eligible).toBe(false);
  });

  it('keeps the full standard whole while the others’ income is within their own standards (D art. 8)', () => {
    // 2 on the full standard + 1 earner (N = 3, F = 2, O = 1), by hand:
    //   earner 100: 2 × 150 + (150 − 100)               = 350
    //   earner 200: 2 × 150 − (200 − 150) + 0           = 250
    //   earner 449: 300 − 299                           =   1;  450: not eligible → 0
    const two = [member('a', { ableToWork: false, hasLegalSupporter: false }), member('b', { ableToWork: false, hasLegalSupporter: false })];
    const pay = (wages: string) => urban({ members: [...two, member('c')], incomes: [monthlyWages(wages, 'c')] }).monthlyAmount;
    expect([pay('100'), pay('200'), pay('449'), pay('450')]).toEqual([yuan(350), yuan(250), yuan(1), 0]);
    // 1 on the full standard + 2 others (N = 3, F = 1, O = 2), others earning 299 / 301 / 449 together:
    //   299: 150 + (300 − 299) = 151;   301: 0 + 150 − 1 = 149;   449: 1
    const others = (wages: string) => urban({ members: [withoutSupport, member('m1'), member('m2')], incomes: [monthlyWages(wages, 'm1')] }).monthlyAmount;
    expect([others('299'), others('301'), others('449')]).toEqual([yuan(151), yuan(149), yuan(1)]);
  });

  it('pays every member the full standard when all are on it, and a lone member too (D art. 8)', () => {
    // 2 × 150 = 300, no income to set against it; 1 × 150 = 150.
    const all = urban({ members: [withoutSupport, member('wife', { ableToWork: false, hasLegalSupporter: false })] });
    expect(all.fullStandardMemberIds).toEqual(['old', 'wife']);
    expect(all.monthlyAmount).toBe(yuan(300));
    expect(all.gapPerPerson).toBe(yuan(150));
    expect(urban({ members: [withoutSupport] }).monthlyAmount).toBe(yuan(150));
    // A lone ordinary member earning 100: 150 − 100 = 50 (B art. 27).
    expect(urban({ members: [member('m1')], incomes: [monthlyWages('100', 'm1')] }).monthlyAmount).toBe(yuan(50));
  });

  it('follows the same rule for rural dibao, per year (D art. 8, B art. 27)', () => {
    // S = 4,200 a year; old on the full standard, the son earns 5,000 a year: son 0, old 4,200 − 800 = 3,400 a year,
    // 283.33 a month (283.333…), 850.00 a quarter (3,400 / 4).
    const breakdown = rural({ members: [withoutSupport, member('son')], incomes: [annualIncome('wages', '5000', 'son')] });
    expect(breakdown.annualAmount).toBe(yuan(3400));
    expect(formatYuan(breakdown.monthlyAmount)).toBe('283.33');
    expect(formatYuan(breakdown.periodAmount)).toBe('850.00');
    expect(breakdown.fullStandardReducedBy).toBe(yuan(800));
  });

  it('can still compute the rule before issue 18, for replaying recorded workflows only', () => {
    // 'protected-until-ineligible': 150 at 299 yuan, the cliff; never a county setting.
    const input: HouseholdAmountInput = {
      scheme: 'urban',
      period: MARCH,
      members: [withoutSupport, member('son')],
      incomes: [monthlyWages('299', 'son')],
    };
    expect(calculateHouseholdAmount(input, DEFAULT_POLICY, { fullStandardRule: 'protected-until-ineligible' }).monthlyAmount).toBe(yuan(150));
    expect(calculateHouseholdAmount(input, DEFAULT_POLICY).monthlyAmount).toBe(yuan(1));
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

  it('rounds the quarter once from the exact yearly figure, not 3 × a rounded month (DOMAIN.md rounding; issue 18)', () => {
    // 1 person, 100 a year: 4,100 a year; 4,100 / 12 = 341.666… → 341.67 a month; the quarter is 4,100 × 3 / 12 =
    // 1,025.00 exactly (3 × 341.67 = 1,025.01 was one fen too much).
    const breakdown = rural({ incomes: [annualIncome('transfer', '100')] });
    expect(formatYuan(breakdown.annualAmount)).toBe('4100.00');
    expect(formatYuan(breakdown.monthlyAmount)).toBe('341.67');
    expect(formatYuan(breakdown.periodAmount)).toBe('1025.00');
  });

  it('pays a yearly gap of 101 fen as 25 fen a quarter, not 24 (DOMAIN.md: HALF_UP once per household per period)', () => {
    // 1 person, 4,198.99 a year: gap 4,200 − 4,198.99 = 1.01 a year = 101 fen.
    //   month: 101 / 12 = 8.416… → 8 fen;  quarter: 101 × 3 / 12 = 25.25 → 25 fen (3 × 8 = 24 was one fen short);
    //   two months (first quarter from February): 101 × 2 / 12 = 16.83… → 17 fen (2 × 8 = 16);
    //   one month (from March): 8.416… → 8 fen.
    const income = { incomes: [annualIncome('transfer', '4198.99')] };
    const q2 = rural(income);
    expect([q2.annualAmount, q2.monthlyAmount, q2.periodAmount]).toEqual([101, 8, 25]);
    expect(rural({ ...income, period: paymentPeriod('rural', '2026-Q1'), payableFrom: yearMonth('2026-02') }).periodAmount).toBe(17);
    expect(rural({ ...income, period: paymentPeriod('rural', '2026-Q1'), payableFrom: yearMonth('2026-03') }).periodAmount).toBe(8);
  });

  it.each<[RoundingMode, number]>([
    ['HALF_UP', 25],
    ['HALF_EVEN', 24],
    ['DOWN', 24],
    ['UP', 25],
  ])('rounds the quarter of a 98-fen yearly gap (24.5) with %s to %d fen', (rounding, expected) => {
    // 4,199.02 a year: gap 98 fen; quarter 98 × 3 / 12 = 24.5 — the policy's rounding mode decides the half.
    const breakdown = rural({ incomes: [annualIncome('transfer', '4199.02')] }, policyWith(DEFAULT_POLICY, { rounding }));
    expect(breakdown.periodAmount).toBe(expected);
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
    // Gap 1,200 a year → band from 1 yuan, 1,400 a year → 116.67 a month, 1,400 / 4 = 350.00 a quarter.
    const breakdown = rural({ incomes: [annualIncome('wages', '3000')] }, banded);
    expect(formatYuan(breakdown.monthlyAmount)).toBe('116.67');
    expect(formatYuan(breakdown.periodAmount)).toBe('350.00');
  });

  it('pays a full-standard member the standard, not a band, less the others’ surplus (D art. 8; A: bands)', () => {
    // old on the full standard, the son earning: 100 → son's gap 50 reaches the band from 50 (100), + 150 = 250;
    // 200 → son 0, old 150 − 50 = 100;  299 → 1;  300 → not eligible, 0. No cliff at the full standard.
    const pay = (wages: string) =>
      urban({ members: [member('old', { ableToWork: false, hasLegalSupporter: false }), member('son')], incomes: [monthlyWages(wages, 'son')] }, banded)
        .monthlyAmount;
    expect([pay('100'), pay('200'), pay('299'), pay('300')]).toEqual([yuan(250), yuan(100), yuan(1), 0]);
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

/*
 * Property: more income never pays more, and never costs more than the extra income (DOMAIN.md "Rules added after
 * the first review"; D art. 8 with B art. 27). Every household shape of up to 3 full-standard candidates and up to
 * 3 others, with and without a stopped share, urban and rural, differential and banded; income swept from 0 to past
 * the eligibility limit, in whole-yuan steps and in seeded odd fen steps. Between two incomes I < I', a period of
 * m months may pay at most ceil((I' − I) × m / 12) fen less (the extra income over the period, to the fen above,
 * since the amount is rounded once per period), and never more. For bands, a drop larger than that is allowed only
 * where the band changes (the county's own steps, A), never at the full standard.
 */
describe('property: no cliff, monotone in income (D art. 8, B art. 27, DOMAIN.md)', () => {
  interface Shape {
    readonly scheme: 'urban' | 'rural';
    readonly full: number;
    readonly others: number;
    readonly earner: 'other' | 'full-candidate';
    readonly sanctioned: boolean;
    readonly method: 'differential' | 'banded';
  }
  const shapes: Shape[] = [];
  for (const scheme of ['urban', 'rural'] as const)
    for (const method of ['differential', 'banded'] as const)
      for (let full = 0; full <= 3; full++)
        for (let others = 0; others <= 3; others++)
          for (const earner of ['other', 'full-candidate'] as const)
            for (const sanctioned of [false, true]) {
              if (full + others === 0) continue;
              if (earner === 'other' && others === 0) continue;
              if (earner === 'full-candidate' && full === 0) continue;
              if (sanctioned && others < 2) continue;
              shapes.push({ scheme, full, others, earner, sanctioned, method });
            }

  /** The household of a shape with `income` fen a year on its earner (urban: a monthly wage of income / 12). */
  function amountAt(shape: Shape, income: number, fullStandardRule?: 'protected-until-ineligible') {
    const fullMembers = Array.from({ length: shape.full }, (_, i) => member(`f${i + 1}`, { ableToWork: false, hasLegalSupporter: false }));
    const otherMembers = Array.from({ length: shape.others }, (_, i) => member(`o${i + 1}`));
    const earner = shape.earner === 'other' ? 'o1' : 'f1';
    const period = shape.scheme === 'urban' ? MARCH : Q2;
    const policy = shape.method === 'banded' ? policyWith(DEFAULT_POLICY, { amountMethod: 'banded' }) : DEFAULT_POLICY;
    const incomes: IncomeItem[] =
      income === 0
        ? []
        : shape.scheme === 'urban'
          ? [{ category: 'wages', amount: fen(income / 12), period: 'monthly', memberId: earner }]
          : [{ category: 'wages', amount: fen(income), period: 'annual', memberId: earner }];
    return calculateHouseholdAmount(
      {
        scheme: shape.scheme,
        period,
        members: [...fullMembers, ...otherMembers],
        incomes,
        ...(shape.sanctioned ? { sanctionedMemberIds: ['o2'] } : {}),
      },
      policy,
      fullStandardRule === undefined ? undefined : { fullStandardRule },
    );
  }

  /** Seeded linear congruential generator: the same odd steps on every run. */
  function steps(seed: number, count: number, max: number): number[] {
    let x = seed;
    return Array.from({ length: count }, () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return 1 + (x % max);
    });
  }

  function sweep(shape: Shape, stepsFen: readonly number[], fullStandardRule?: 'protected-until-ineligible'): string[] {
    const problems: string[] = [];
    const unit = shape.scheme === 'urban' ? 12 : 1; // urban incomes are whole fen a month
    const limit = (shape.full + shape.others) * (shape.scheme === 'urban' ? 15_000 * 12 : 420_000) + 50_000 * unit;
    let income = 0;
    let before = amountAt(shape, income, fullStandardRule);
    for (let i = 0; income <= limit; i++) {
      const step = stepsFen[i % stepsFen.length] * unit;
      const after = amountAt(shape, income + step, fullStandardRule);
      const months = after.payableMonths.length;
      const allowed = Math.ceil((step * months) / 12);
      const drop = before.periodAmount - after.periodAmount;
      const sameBand = before.band?.minGap === after.band?.minGap;
      if (drop < 0) problems.push(`${JSON.stringify(shape)}: ${income} → ${income + step} fen a year pays ${-drop} fen more`);
      if (drop > allowed && (shape.method === 'differential' || sameBand)) {
        problems.push(`${JSON.stringify(shape)}: ${income} → ${income + step} fen a year costs ${drop} fen, more than ${allowed}`);
      }
      income += step;
      before = after;
    }
    return problems;
  }

  it('never pays more for more income, nor drops more than the extra income, in whole-yuan steps', () => {
    // Urban: 1 yuan a month more each step (12 yuan a year, at most 1 yuan less a month); rural: 100 yuan a year
    // more (at most 25 yuan less a quarter). Crosses 299 → 300 → 301 yuan for the two-member urban household.
    const problems = shapes.flatMap((shape) => sweep(shape, [shape.scheme === 'urban' ? 100 : 10_000]));
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('never pays more for more income, nor drops more than the extra income, in odd fen steps', () => {
    const problems = shapes.flatMap((shape, index) => sweep(shape, steps(index + 1, 64, shape.scheme === 'urban' ? 997 : 9_973)));
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('finds the cliff of the rule before issue 18 (the property is not vacuous)', () => {
    // The same sweep on the old rule fails for 1 on the full standard + 1 earner: 299 → 300 yuan a month costs 150.
    const shape: Shape = { scheme: 'urban', full: 1, others: 1, earner: 'other', sanctioned: false, method: 'differential' };
    expect(sweep(shape, [100])).toEqual([]);
    expect(sweep(shape, [100], 'protected-until-ineligible')).toEqual([`${JSON.stringify(shape)}: 358800 → 360000 fen a year costs 15000 fen, more than 100`]);
  });
});
