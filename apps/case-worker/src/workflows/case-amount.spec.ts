import { DEFAULT_POLICY, DibaoPolicy, localDate } from '@dibao/domain';
import type { IncomeFacts, MemberFacts } from '@dibao/contracts';
import { approvalAmount, InvestigatedHousehold } from './case-amount';

// Worked examples with the county's urban standard of 150 yuan = 15,000 fen per person per month.
const approvedOn = localDate('2026-03-15');

function household(size: number, incomes: IncomeFacts[] = [], members: Partial<MemberFacts>[] = []): InvestigatedHousehold {
  return {
    members: Array.from({ length: size }, (_, i) => ({ id: `m${i + 1}`, ableToWork: true, hasLegalSupporter: false, ...members[i] })),
    incomes,
  };
}

const wages = (amount: number, memberId = 'm1'): IncomeFacts => ({ category: 'wages', amount, period: 'monthly', memberId });

describe('approvalAmount (urban, 150 yuan standard)', () => {
  it.each([
    [1, 15_000],
    [2, 30_000],
    [3, 45_000],
    [4, 60_000],
    [5, 75_000],
    [6, 90_000],
  ])('a household of %i with no income gets the full gap: %i fen a month', (size, expected) => {
    const amount = approvalAmount(household(size), 'urban', approvedOn, DEFAULT_POLICY);
    expect(amount.monthlyAmount).toBe(expected);
    expect(amount.countedMembers).toBe(size);
    expect(amount.eligible).toBe(true);
  });

  it('pays (standard − per-capita income) × members: 3 people, 120 yuan wages → (15,000 − 4,000) × 3 = 33,000 fen', () => {
    const amount = approvalAmount(household(3, [wages(12_000)]), 'urban', approvedOn, DEFAULT_POLICY);
    expect(amount.perCapitaIncome).toBe(4_000);
    expect(amount.monthlyAmount).toBe(33_000);
  });

  it('2 people, 100 yuan wages → (15,000 − 5,000) × 2 = 20,000 fen', () => {
    expect(approvalAmount(household(2, [wages(10_000)]), 'urban', approvedOn, DEFAULT_POLICY).monthlyAmount).toBe(20_000);
  });

  it('rounds once, half up, to the fen: 3 people and 10.01 yuan a year → (540,000 − 1,001) / 12 = 44,916.58 → 44,917 fen', () => {
    const yearly: IncomeFacts = { category: 'property', amount: 1_001, period: 'annual', memberId: 'm2' };
    expect(approvalAmount(household(3, [yearly]), 'urban', approvedOn, DEFAULT_POLICY).monthlyAmount).toBe(44_917);
  });

  it('income above the standard: 2 people with 400 yuan (200 per capita > 150) get nothing and are not eligible', () => {
    const amount = approvalAmount(household(2, [wages(40_000)]), 'urban', approvedOn, DEFAULT_POLICY);
    expect(amount.eligible).toBe(false);
    expect(amount.monthlyAmount).toBe(0);
  });

  it('income exactly at the standard is not below it: 1 person with 150 yuan gets nothing', () => {
    expect(approvalAmount(household(1, [wages(15_000)]), 'urban', approvedOn, DEFAULT_POLICY).eligible).toBe(false);
  });

  it('exempt income (a scholarship) is not counted: 1 person with a 50-yuan scholarship gets 15,000 fen', () => {
    const scholarship: IncomeFacts = { category: 'scholarship', amount: 5_000, period: 'monthly', memberId: 'm1' };
    expect(approvalAmount(household(1, [scholarship]), 'urban', approvedOn, DEFAULT_POLICY).monthlyAmount).toBe(15_000);
  });

  it('a member with no income, no ability to work and no supporter gets the full standard (D art. 8)', () => {
    // m2 cannot work, has no income and no supporter: the full 15,000 fen. m1 earns 120 yuan: 15,000 − 12,000 = 3,000.
    const amount = approvalAmount(
      household(2, [wages(12_000)], [{}, { ableToWork: false, hasLegalSupporter: false }]),
      'urban',
      approvedOn,
      DEFAULT_POLICY,
    );
    expect(amount.fullStandardMemberIds).toEqual(['m2']);
    expect(amount.monthlyAmount).toBe(15_000 + 3_000);
  });

  it('benefits start the month after approval', () => {
    const amount = approvalAmount(household(1), 'urban', approvedOn, DEFAULT_POLICY);
    expect(amount.period).toBe('2026-04');
    expect(amount.payableMonths).toEqual(['2026-04']);
  });

  it('rural cases start in the quarter of the month after approval', () => {
    const amount = approvalAmount(household(1), 'rural', localDate('2026-02-10'), DEFAULT_POLICY);
    expect(amount.period).toBe('2026-Q1');
    expect(amount.payableMonths).toEqual(['2026-03']);
    // 4,200 yuan a year (demo rural standard) / 12 = 350 yuan = 35,000 fen a month.
    expect(amount.monthlyAmount).toBe(35_000);
  });

  describe('banded amounts where the county configures bands', () => {
    const banded: DibaoPolicy = { ...DEFAULT_POLICY, amountMethod: [{ effectiveFrom: localDate('2021-07-01'), value: 'banded' }] };

    it('a gap of 100 yuan per person falls in the 150-yuan band: 2 × 15,000 = 30,000 fen', () => {
      expect(approvalAmount(household(2, [wages(10_000)]), 'urban', approvedOn, banded).monthlyAmount).toBe(30_000);
    });

    it('a gap of 30 yuan per person falls in the 50-yuan band: 2 × 5,000 = 10,000 fen', () => {
      expect(approvalAmount(household(2, [wages(24_000)]), 'urban', approvedOn, banded).monthlyAmount).toBe(10_000);
    });
  });
});

describe('approvalAmount: the full-standard rule a workflow history was recorded with (issue 18, D art. 8 with B art. 27)', () => {
  // m1 on the full standard (no income, unable to work, no supporter); m2 earns 299 yuan a month.
  // Household differential: 2 × 150 − 299 = 1 yuan (100 fen). The old rule kept m1's 150 yuan whole: 15,000 fen.
  const h = household(2, [wages(29_900, 'm2')], [{ ableToWork: false }, {}]);

  it('pays 100 fen with the current rule, the default', () => {
    expect(approvalAmount(h, 'urban', approvedOn, DEFAULT_POLICY).monthlyAmount).toBe(100);
    expect(approvalAmount(h, 'urban', approvedOn, DEFAULT_POLICY, [], 'household-differential').monthlyAmount).toBe(100);
  });

  it('pays 15,000 fen for a history recorded under the old rule, so its replay decides as it did', () => {
    expect(approvalAmount(h, 'urban', approvedOn, DEFAULT_POLICY, [], 'protected-until-ineligible').monthlyAmount).toBe(15_000);
  });
});
