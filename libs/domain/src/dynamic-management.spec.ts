import { valueAt } from './effective-dated';
import { localDate } from './local-date';
import { DEFAULT_POLICY } from './policy';
import {
  benefitStopAfter,
  benefitStopFrom,
  daysOverdue,
  firstPeriodStartingOnOrAfter,
  gradualExitEndsOn,
  gradualExitFirstMonth,
  gradualExitPlan,
  laterPeriod,
  monthsPaidThrough,
  nextPaymentPeriod,
  periodOfDate,
  periodRunsPast,
  policyWithStandard,
  reviewCadenceOf,
  standardRaiseReaches,
} from './dynamic-management';
import { compareMonthWithPeriod, paymentPeriod, yearMonth } from './payment-period';

const d = localDate;

describe('dynamic management', () => {
  it('reviews every six months a household with wages and a member able to work, else yearly (A art. 31)', () => {
    const able = { id: 'm1', ableToWork: true, hasLegalSupporter: false };
    const unable = { id: 'm2', ableToWork: false, hasLegalSupporter: false };
    const wages = { category: 'wages' as const, amount: 10_000, period: 'monthly' as const, memberId: 'm1' };
    const pension = { category: 'transfer' as const, amount: 10_000, period: 'monthly' as const, memberId: 'm2' };
    expect(reviewCadenceOf({ members: [able, unable], incomes: [wages] })).toBe('irregular');
    expect(reviewCadenceOf({ members: [able, unable], incomes: [pension] })).toBe('stable');
    expect(reviewCadenceOf({ members: [unable], incomes: [wages] })).toBe('stable');
    // A member able to work who is not counted (in prison) does not make the household irregular.
    expect(reviewCadenceOf({ members: [{ ...able, exclusion: 'in_prison' }, unable], incomes: [wages] })).toBe('stable');
  });

  it('applies changes from the period after today: next month (urban), next quarter (rural)', () => {
    expect(nextPaymentPeriod('urban', d('2026-11-29'))).toBe('2026-12');
    expect(nextPaymentPeriod('urban', d('2026-12-31'))).toBe('2027-01');
    expect(nextPaymentPeriod('rural', d('2026-05-10'))).toBe('2026-Q3');
    expect(periodOfDate('rural', d('2026-05-10'))).toBe('2026-Q2');
    expect(laterPeriod(paymentPeriod('urban', '2026-12'), paymentPeriod('urban', '2027-01'))).toBe('2027-01');
  });

  it('a standard from a period’s first day applies from that period, from any other day from the next one', () => {
    expect(firstPeriodStartingOnOrAfter('urban', d('2027-01-01'))).toBe('2027-01');
    expect(firstPeriodStartingOnOrAfter('urban', d('2027-01-15'))).toBe('2027-02');
    expect(firstPeriodStartingOnOrAfter('rural', d('2027-04-01'))).toBe('2027-Q2');
    expect(firstPeriodStartingOnOrAfter('rural', d('2027-04-02'))).toBe('2027-Q3');
  });

  it('a raised standard is one more effective-dated entry: earlier dates keep the old standard', () => {
    const raised = policyWithStandard(DEFAULT_POLICY, 'urban', d('2027-01-01'), 18_000);
    expect(valueAt(raised.urbanStandardMonthly, d('2026-12-31'))).toBe(15_000);
    expect(valueAt(raised.urbanStandardMonthly, d('2027-01-01'))).toBe(18_000);
    // A raise recorded late with an earlier date goes before the later one, which stays; the same date replaces.
    const earlier = policyWithStandard(raised, 'urban', d('2026-12-01'), 17_000);
    expect(valueAt(earlier.urbanStandardMonthly, d('2026-12-15'))).toBe(17_000);
    expect(valueAt(earlier.urbanStandardMonthly, d('2027-06-01'))).toBe(18_000);
    expect(valueAt(policyWithStandard(earlier, 'urban', d('2027-01-01'), 19_000).urbanStandardMonthly, d('2027-06-01'))).toBe(19_000);
    expect(valueAt(raised.ruralStandardAnnual, d('2027-06-01'))).toBe(valueAt(DEFAULT_POLICY.ruralStandardAnnual, d('2027-06-01')));
  });

  it('a gradual exit starts the month after the review and ends on the first day after its last paid month', () => {
    expect(gradualExitFirstMonth(d('2026-12-31'))).toBe('2027-01');
    expect(gradualExitEndsOn('2027-05')).toBe('2027-06-01');
    expect(gradualExitEndsOn('2027-12')).toBe('2028-01-01');
  });

  it("a county raise reaches every township of the scheme except those with their own standard; a township's only that one", () => {
    const county = { scheme: 'urban' as const, area: 'county', exceptTownships: ['T07'] };
    expect(standardRaiseReaches(county, { scheme: 'urban', township: 'T01' })).toBe(true);
    expect(standardRaiseReaches(county, { scheme: 'urban', township: 'T07' })).toBe(false);
    expect(standardRaiseReaches(county, { scheme: 'rural', township: 'T01' })).toBe(false);
    expect(standardRaiseReaches({ scheme: 'rural', area: 'T07' }, { scheme: 'rural', township: 'T07' })).toBe(true);
    expect(standardRaiseReaches({ scheme: 'rural', area: 'T07' }, { scheme: 'rural', township: 'T01' })).toBe(false);
  });

  it('a duty is late from the day after its due date', () => {
    expect(daysOverdue(d('2027-03-31'), d('2027-03-31'))).toBe(0);
    expect(daysOverdue(d('2027-03-31'), d('2027-04-03'))).toBe(3);
    expect(daysOverdue(d('2027-03-31'), d('2027-03-01'))).toBe(0);
  });
});

describe('gradual exit in months, paid by period (DOMAIN.md: up to 6 months of continued payment; rural paid quarterly)', () => {
  const q = (t: string) => paymentPeriod('rural', t);
  const m = (t: string) => paymentPeriod('urban', t);

  it('a review on 2026-02-10 with 6 months: March–August, whatever the scheme', () => {
    expect(gradualExitPlan(d('2026-02-10'), 6, 2, DEFAULT_POLICY)).toEqual({ firstMonth: '2026-03', lastMonth: '2026-08', months: 6 });
    // No length named by the review: the worker's default (BENEFICIARY_GRADUAL_EXIT_MONTHS).
    expect(gradualExitPlan(d('2026-02-10'), undefined, 2, DEFAULT_POLICY)).toEqual({ firstMonth: '2026-03', lastMonth: '2026-04', months: 2 });
  });

  it('the length is validated against the policy limit (6): 7 months, 0 months and fractions are refused', () => {
    expect(() => gradualExitPlan(d('2026-02-10'), 7, 6, DEFAULT_POLICY)).toThrow(/1 to 6 months, got 7/);
    expect(() => gradualExitPlan(d('2026-02-10'), 0, 6, DEFAULT_POLICY)).toThrow(/1 to 6 months/);
    expect(() => gradualExitPlan(d('2026-02-10'), 2.5, 6, DEFAULT_POLICY)).toThrow(/1 to 6 months/);
  });

  it('rural March–August: Q1 pays March (with January–February before the exit), Q2 all, Q3 July and August, September nothing', () => {
    const stop = benefitStopAfter('rural', yearMonth('2026-08'));
    expect(stop).toEqual({ lastPaidMonth: '2026-08', firstUnpaidMonth: '2026-09', fromPeriod: '2026-Q3' });
    expect(monthsPaidThrough(q('2026-Q1'), stop.lastPaidMonth)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(monthsPaidThrough(q('2026-Q2'), stop.lastPaidMonth)).toEqual(['2026-04', '2026-05', '2026-06']);
    expect(monthsPaidThrough(q('2026-Q3'), stop.lastPaidMonth)).toEqual(['2026-07', '2026-08']);
    expect(monthsPaidThrough(q('2026-Q4'), stop.lastPaidMonth)).toEqual([]);
    expect(periodRunsPast(q('2026-Q2'), stop.lastPaidMonth)).toBe(false);
    expect(periodRunsPast(q('2026-Q3'), stop.lastPaidMonth)).toBe(true);
    // The string comparison the old test made says "2026-Q3" > "2026-08"; as typed months, August is inside Q3.
    expect('2026-Q3' > '2026-08').toBe(true);
    expect(compareMonthWithPeriod(yearMonth('2026-08'), q('2026-Q3'))).toBe(0);
    expect(compareMonthWithPeriod(yearMonth('2026-06'), q('2026-Q3'))).toBe(-1);
    expect(compareMonthWithPeriod(yearMonth('2026-10'), q('2026-Q3'))).toBe(1);
  });

  it('urban March–August stops from 2026-09; an exit ending with a quarter stops from the next quarter', () => {
    expect(benefitStopAfter('urban', yearMonth('2026-08'))).toEqual({ lastPaidMonth: '2026-08', firstUnpaidMonth: '2026-09', fromPeriod: '2026-09' });
    expect(benefitStopAfter('rural', yearMonth('2026-09'))).toEqual({ lastPaidMonth: '2026-09', firstUnpaidMonth: '2026-10', fromPeriod: '2026-Q4' });
    expect(benefitStopAfter('rural', yearMonth('2026-12')).fromPeriod).toBe('2027-Q1');
  });

  it('a stop from a whole period is paid through the month before it, or through an earlier exit end', () => {
    expect(benefitStopFrom(q('2026-Q4'))).toEqual({ lastPaidMonth: '2026-09', firstUnpaidMonth: '2026-10', fromPeriod: '2026-Q4' });
    expect(benefitStopFrom(m('2027-01'))).toEqual({ lastPaidMonth: '2026-12', firstUnpaidMonth: '2027-01', fromPeriod: '2027-01' });
    expect(benefitStopFrom(q('2026-Q4'), yearMonth('2026-08'))).toEqual({ lastPaidMonth: '2026-08', firstUnpaidMonth: '2026-09', fromPeriod: '2026-Q3' });
    expect(benefitStopFrom(q('2026-Q4'), yearMonth('2026-11'))).toEqual({ lastPaidMonth: '2026-09', firstUnpaidMonth: '2026-10', fromPeriod: '2026-Q4' });
  });
});
