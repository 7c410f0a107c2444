import { DomainErrorCode } from './domain-error';
import { clergyAwayLongEnough } from './household-member';
import { localDate } from './local-date';
import { yearMonth } from './payment-period';
import { DEFAULT_POLICY } from './policy';
import { deathReviewDue, gradualExitLastMonth, nextReviewDue } from './review-schedule';
import { errorCode } from './test/domain-error.helper';

const d = localDate;

describe('review schedule', () => {
  it('reviews stable households yearly and irregular ones every 6 months (A art. 31)', () => {
    expect(nextReviewDue(d('2026-03-06'), 'stable', DEFAULT_POLICY)).toBe('2027-03-06');
    expect(nextReviewDue(d('2024-02-29'), 'stable', DEFAULT_POLICY)).toBe('2025-02-28');
    expect(nextReviewDue(d('2026-01-31'), 'irregular', DEFAULT_POLICY)).toBe('2026-07-31');
    expect(nextReviewDue(d('2026-08-31'), 'irregular', DEFAULT_POLICY)).toBe('2027-02-28');
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
