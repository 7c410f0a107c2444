import { DomainErrorCode } from './domain-error';
import { clergyAwayLongEnough } from './household-member';
import { localDate } from './local-date';
import { yearMonth } from './payment-period';
import { DEFAULT_POLICY } from './policy';
import { reviewCadenceOf } from './dynamic-management';
import { IncomeItem } from './income';
import { deathReviewDue, gradualExitLastMonth, hasFixedSource, nextReviewDue, reviewCadenceFor } from './review-schedule';
import { member } from './test/household.factory';
import { yuan } from './money';
import { errorCode } from './test/domain-error.helper';

const d = localDate;

describe('review schedule', () => {
  it('reviews stable households yearly and irregular ones every 6 months (A art. 31)', () => {
    expect(nextReviewDue(d('2026-03-06'), 'stable', DEFAULT_POLICY)).toBe('2027-03-06');
    expect(nextReviewDue(d('2024-02-29'), 'stable', DEFAULT_POLICY)).toBe('2025-02-28');
    expect(nextReviewDue(d('2026-01-31'), 'irregular', DEFAULT_POLICY)).toBe('2026-07-31');
    expect(nextReviewDue(d('2026-08-31'), 'irregular', DEFAULT_POLICY)).toBe('2027-02-28');
  });

  /*
   * A art. 31 (DOMAIN.md "After approval"): stable households yearly; households with irregular income AND members
   * able to work every 6 months. Both conditions: a salary from a fixed source (收入来源固定) is stable income, so a
   * salaried household with a member able to work is reviewed yearly; casual wages with a member able to work
   * every 6 months. By hand, last review 2026-03-06: yearly → 2027-03-06, half-yearly → 2026-09-06.
   */
  describe('which households are reviewed yearly and which every 6 months (A art. 31)', () => {
    const able = member('m1');
    const unable = member('m2', { ableToWork: false, hasLegalSupporter: false });
    const salary: IncomeItem = { category: 'wages', amount: yuan(2000), period: 'monthly', memberId: 'm1', fixedSource: true };
    const casual: IncomeItem = { category: 'wages', amount: yuan(800), period: 'monthly', memberId: 'm1' };
    const stall: IncomeItem = { category: 'business', amount: yuan(3000), period: 'annual' };
    const pension: IncomeItem = { category: 'transfer', amount: yuan(100), period: 'monthly', memberId: 'm2' };

    it('reviews a stable salaried household with a member able to work yearly (A art. 31)', () => {
      expect(reviewCadenceFor({ members: [able, unable], incomes: [salary] })).toBe('stable');
      expect(reviewCadenceFor({ members: [able, unable], incomes: [salary, pension] })).toBe('stable');
      // The workflows' entry point (dynamic-management.ts) gives the same answer.
      expect(reviewCadenceOf({ members: [able, unable], incomes: [salary] })).toBe('stable');
      expect(nextReviewDue(d('2026-03-06'), reviewCadenceFor({ members: [able, unable], incomes: [salary] }), DEFAULT_POLICY)).toBe('2027-03-06');
    });

    it('reviews irregular income with a member able to work every 6 months (A art. 31)', () => {
      expect(reviewCadenceFor({ members: [able, unable], incomes: [casual] })).toBe('irregular');
      expect(reviewCadenceFor({ members: [able, unable], incomes: [salary, casual] })).toBe('irregular');
      expect(reviewCadenceFor({ members: [able], incomes: [stall] })).toBe('irregular');
      expect(reviewCadenceFor({ members: [able], incomes: [{ ...pension, fixedSource: false }] })).toBe('irregular');
      expect(nextReviewDue(d('2026-03-06'), reviewCadenceFor({ members: [able, unable], incomes: [casual] }), DEFAULT_POLICY)).toBe('2026-09-06');
    });

    it('needs both conditions: no member able to work, or no irregular income, is yearly (A art. 31)', () => {
      expect(reviewCadenceFor({ members: [unable], incomes: [casual] })).toBe('stable');
      expect(reviewCadenceFor({ members: [able, unable], incomes: [pension] })).toBe('stable');
      expect(reviewCadenceFor({ members: [able, unable], incomes: [] })).toBe('stable');
      expect(reviewCadenceFor({ members: [{ ...able, exclusion: 'in_prison' }, unable], incomes: [casual] })).toBe('stable');
    });

    it('takes wages and business income as not fixed unless the item says so, the rest as fixed', () => {
      // Facts recorded before fixedSource existed keep their cadence (running workflows replay unchanged).
      expect([casual, stall, pension, salary].map(hasFixedSource)).toEqual([false, false, true, true]);
    });
  });

  it('reviews a death within 3 months', () => {
    expect(deathReviewDue(d('2026-11-30'), DEFAULT_POLICY)).toBe('2027-02-28');
  });

  it('limits a gradual exit to 6 months', () => {
    expect(gradualExitLastMonth(yearMonth('2026-05'), 6, DEFAULT_POLICY)).toBe('2026-10');
    expect(gradualExitLastMonth(yearMonth('2026-11'), 3, DEFAULT_POLICY)).toBe('2027-01');
    expect(errorCode(() => gradualExitLastMonth(yearMonth('2026-05'), 7, DEFAULT_POLICY))).toBe(DomainErrorCode.InvalidArgument);
    expect(errorCode(() => gradualExitLastMonth(yearMonth('2026-05'), 0, DEFAULT_POLICY))).toBe(DomainErrorCode.InvalidArgument);
  });

  it('excludes clergy living away from the third anniversary on (A art. 7)', () => {
    expect(clergyAwayLongEnough(d('2023-03-06'), d('2026-03-05'), 3)).toBe(false);
    expect(clergyAwayLongEnough(d('2023-03-06'), d('2026-03-06'), 3)).toBe(true);
  });
});
