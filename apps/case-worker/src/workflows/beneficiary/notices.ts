import { patched } from '@temporalio/workflow';
import { BenefitStop, benefitStopFrom, PaymentPeriod, rejectionNoticeDeadline, yearMonth } from '@dibao/domain';
import { Actor, BeneficiaryNotice, BeneficiaryNoticeKind, BeneficiaryTerminated } from '@dibao/contracts';
import { BeneficiaryChange, event, EXIT_BY_MONTH, NOTICE_TITLES } from './common';
import type { BeneficiaryCore } from './core';

/**
 * Ends the benefit from a period with a written notice (the given text, or one written from the reason). With the
 * month patch the event also names the last paid month (`stop`, or the month before `from`, or the end of a
 * gradual exit that comes sooner), so a rural quarter partly inside the benefit is paid for its months.
 */
export function terminate(c: BeneficiaryCore, by: Actor, reason: string, noticeText: string | undefined, fromPeriod: PaymentPeriod, stop?: BenefitStop): BeneficiaryChange[] {
  const s = c.state;
  const on = c.today();
  let from = fromPeriod;
  let lastPaidMonth: string | undefined;
  if (patched(EXIT_BY_MONTH)) {
    const exitEnd = s.gradualExit ? yearMonth(s.gradualExit.lastMonth) : undefined;
    const resolved = stop ?? benefitStopFrom(fromPeriod, exitEnd);
    from = resolved.fromPeriod;
    lastPaidMonth = resolved.lastPaidMonth;
  }
  const text = noticeText ?? `${NOTICE_TITLES.termination}: ${reason}`;
  s.stage = 'terminated';
  s.review = undefined;
  s.gradualExit = undefined;
  s.reappraisalOverdue = false;
  s.overdue = false;
  s.termination = { fromPeriod: from, reason, notice: text, on, ...(lastPaidMonth ? { lastPaidMonth } : {}) };
  const through = lastPaidMonth ? ` (paid through ${lastPaidMonth})` : '';
  c.note(by, 'terminated', `benefit ends: payments stop from ${from}${through} — ${reason}`);
  const changeRef = c.changeRef('stop', from);
  return [
    event(BeneficiaryTerminated, { ...c.ref(), changeRef, fromPeriod: from, ...(lastPaidMonth ? { lastPaidMonth } : {}), terminatedOn: on, reason, notice: text }),
    notice(c, 'termination', by, reason, text, from, changeRef),
  ];
}

/**
 * A written notice with reasons (A art. 32): kept in the state and the timeline, and recorded in case_notices
 * like an application's rejection notice, due to be served within the policy's notice working days.
 */
export function notice(c: BeneficiaryCore, kind: BeneficiaryNoticeKind, by: Actor, reason: string, text: string | undefined, fromPeriod: string, ref: string): BeneficiaryChange {
  const decidedOn = c.today();
  const dueOn = rejectionNoticeDeadline(decidedOn, c.policy, c.calendar);
  const noticeId = `${ref}/notice`.slice(0, 200);
  const written = text ?? `${NOTICE_TITLES[kind]}: ${reason}`;
  const notice: BeneficiaryNotice = { noticeId, kind, reason, text: written, decidedOn, dueOn, decidedBy: by, fromPeriod };
  (c.state.notices ??= []).push(notice);
  c.note(by, 'notice', `written ${kind} notice ${noticeId}, to be served by ${dueOn}: ${reason}`, { noticeId, kind, reason, text: written, decidedOn, dueOn, fromPeriod });
  return {
    kind: 'notice',
    notice: {
      noticeId,
      kind,
      caseId: c.state.caseId,
      householdId: c.state.householdId,
      township: c.state.township,
      stage: c.state.stage,
      reasons: [reason],
      text: written,
      decidedOn,
      dueOn,
      decidedBy: by.id,
      decidedByRole: by.role,
      fromPeriod,
    },
  };
}
