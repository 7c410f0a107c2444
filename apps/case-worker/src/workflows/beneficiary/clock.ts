import { benefitStopAfter, daysOverdue, gradualExitEndsOn, localDate, periodOfDate, startOfLocalDay, yearMonth } from '@dibao/domain';
import { patched } from '@temporalio/workflow';
import { BeneficiaryReviewOverdue } from '@dibao/contracts';
import { BeneficiaryChange, event, EXIT_BY_MONTH, plusDays, SYSTEM } from './common';
import type { BeneficiaryCore } from './core';
import { terminate } from './notices';
import { openReview } from './reviews';

/**
 * What the passing of time does: a gradual exit ends, a review falls due, a review or the yearly village
 * re-appraisal becomes overdue (marked once, with an event, like an application stage).
 */
export function onClock(c: BeneficiaryCore): BeneficiaryChange[] {
  if (c.closed) return [];
  const today = c.today();
  const s = c.state;
  // A gradual exit ends on its date even while a special review is open (the review may still cancel it before).
  if (s.gradualExit && today >= gradualExitEndsOn(s.gradualExit.lastMonth)) {
    const reason = `gradual exit (渐退期) ended after ${s.gradualExit.lastMonth}: ${s.gradualExit.reason}`;
    if (!patched(EXIT_BY_MONTH)) return [...terminate(c, SYSTEM, reason, undefined, periodOfDate(c.scheme, today))];
    // Paid through the exit's last month: a rural stop falls in a quarter that still pays its months up to it.
    const stop = benefitStopAfter(c.scheme, yearMonth(s.gradualExit.lastMonth));
    return [...terminate(c, SYSTEM, reason, undefined, stop.fromPeriod, stop)];
  }
  // No periodic review during a gradual exit: its end is already decided.
  if (!s.review && s.stage !== 'gradual_exit' && today >= s.nextReviewDue) {
    return [...openReview(c, SYSTEM, 'periodic', `periodic review (${s.cadence})`, plusDays(s.nextReviewDue, c.settings.reviewWindowDays))];
  }
  if (s.review && !s.review.overdue && today > s.review.dueOn) {
    s.review.overdue = true;
    c.updateOverdue();
    const daysLate = daysOverdue(localDate(s.review.dueOn), today);
    c.note(SYSTEM, 'review-overdue', `the ${s.review.kind} review due ${s.review.dueOn} is overdue`);
    return [event(BeneficiaryReviewOverdue, { ...c.ref(), kind: s.review.kind, dueOn: s.review.dueOn, daysLate })];
  }
  if (!s.reappraisalOverdue && today > s.nextReappraisalDue) {
    s.reappraisalOverdue = true;
    c.updateOverdue();
    const daysLate = daysOverdue(localDate(s.nextReappraisalDue), today);
    c.note(SYSTEM, 'reappraisal-overdue', `the yearly village re-appraisal due ${s.nextReappraisalDue} is overdue`);
    return [event(BeneficiaryReviewOverdue, { ...c.ref(), kind: 'reappraisal', dueOn: s.nextReappraisalDue, daysLate })];
  }
  return [];
}

/** When the clock next matters (epoch ms), or undefined. */
export function nextWakeAt(c: BeneficiaryCore): number | undefined {
  if (c.closed) return undefined;
  const s = c.state;
  const times: number[] = [];
  if (s.gradualExit) times.push(startOfLocalDay(gradualExitEndsOn(s.gradualExit.lastMonth)));
  if (s.review) {
    if (!s.review.overdue) times.push(startOfLocalDay(plusDays(s.review.dueOn, 1)));
  } else if (s.stage !== 'gradual_exit') {
    times.push(startOfLocalDay(localDate(s.nextReviewDue)));
  }
  if (!s.reappraisalOverdue) times.push(startOfLocalDay(plusDays(s.nextReappraisalDue, 1)));
  return times.length > 0 ? Math.min(...times) : undefined;
}

export function stageDeadline(c: BeneficiaryCore): number | undefined {
  if (c.closed) return undefined;
  if (c.state.review) return startOfLocalDay(plusDays(c.state.review.dueOn, 1));
  return startOfLocalDay(localDate(c.state.nextReviewDue));
}
