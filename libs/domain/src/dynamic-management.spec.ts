import { DEFAULT_POLICY, localDate, valueAt } from '@dibao/domain';
import { gradualExitEndsOn, nextPaymentPeriod, policyWithStandard, reviewCadenceOf } from './beneficiary-rules';

describe('beneficiary rules', () => {
  it('reviews every six months a household with wages and a member able to work, else yearly (A art. 31)', () => {
    const able = { id: 'm1', ableToWork: true, hasLegalSupporter: false };
    const unable = { id: 'm2', ableToWork: false, hasLegalSupporter: false };
    const wages = { category: 'wages' as const, amount: 10_000, period: 'monthly' as const, memberId: 'm1' };
    const pension = { category: 'transfer' as const, amount: 10_000, period: 'monthly' as const, memberId: 'm2' };
    expect(reviewCadenceOf({ members: [able, unable], incomes: [wages], deductions: [] })).toBe('irregular');
    expect(reviewCadenceOf({ members: [able, unable], incomes: [pension], deductions: [] })).toBe('stable');
    expect(reviewCadenceOf({ members: [unable], incomes: [wages], deductions: [] })).toBe('stable');
  });

  it('applies changes from the period after today: next month (urban), next quarter (rural)', () => {
    expect(nextPaymentPeriod('urban', localDate('2026-11-29'))).toBe('2026-12');
    expect(nextPaymentPeriod('urban', localDate('2026-12-31'))).toBe('2027-01');
    expect(nextPaymentPeriod('rural', localDate('2026-05-10'))).toBe('2026-Q3');
  });

  it('a raised standard is one more effective-dated entry: earlier dates keep the old standard', () => {
    const raised = policyWithStandard(DEFAULT_POLICY, 'urban', localDate('2027-01-01'), 18_000);
    expect(valueAt(raised.urbanStandardMonthly, localDate('2026-12-31'))).toBe(15_000);
    expect(valueAt(raised.urbanStandardMonthly, localDate('2027-01-01'))).toBe(18_000);
  });

  it('a gradual exit ends on the first day after its last paid month', () => {
    expect(gradualExitEndsOn('2027-05')).toBe('2027-06-01');
    expect(gradualExitEndsOn('2027-12')).toBe('2028-01-01');
  });
});
