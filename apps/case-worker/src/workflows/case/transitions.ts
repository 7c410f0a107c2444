import {
  calendarPeriodEndsAt,
  checkTransition,
  LocalDate,
  localDate,
  overallDeadline,
  policyAt,
  rejectionNoticeDeadline,
  stageDeadlineRule,
} from '@dibao/domain';
import { CaseDeadlineChanged, CaseRejected, CaseStage, CaseStageChanged } from '@dibao/contracts';
import { refusal } from '../refusal';
import { Change, DAY_MS, event } from './changes';
import type { CaseCore, StageEntry } from './core';

/** Moving between stages: the transition rules, each stage's deadline, the publicity period, a rejection. */

export function transitionContext(c: CaseCore) {
  return { appraisalPolicy: c.rules().appraisalPolicy, objectionSubstantiated: c.objectionSubstantiated };
}

export function moveTo(c: CaseCore, to: CaseStage, reason?: string): Change[] {
  const from = c.stage;
  const check = checkTransition(from, to, transitionContext(c));
  if (!check.allowed) throw refusal('WrongStage', from, check.reason);
  c.view_.stage = to;
  if (to === 'investigation') c.investigationStartedUnpatched = false;
  // v2: the first investigation's start deadline counts from the acceptance date (a paper application's acceptedOn).
  const firstInvestigation = c.v2 && to === 'investigation' && from === 'application';
  c.entry = enter(c, to, firstInvestigation ? c.acceptedOnDate : undefined);
  if (c.v2 && to === 'investigation') {
    const due = c.entry.dueOn ? { dueOn: c.entry.dueOn, provisional: c.entry.provisional ?? false, missingYears: [] } : undefined;
    const days = stageDeadlineRule('investigation', c.policy, c.entry.enteredOn)?.days ?? 0;
    if (due) c.view_.investigationStart = c.startDeadline(c.entry.enteredOn, due, days);
    if (firstInvestigation && c.acceptedOnDate) {
      const checkDue = c.dataCheckDue(c.acceptedOnDate);
      const checkDays = policyAt(c.policy, c.acceptedOnDate).dataCheckStartWorkingDays;
      c.view_.dataCheckStart = c.startDeadline(c.acceptedOnDate, checkDue, checkDays);
      c.dataCheckOverdueMarked = false;
    }
  }
  if (to === 'publicity') {
    const start = c.now();
    const days = stageDeadlineRule('publicity', c.policy, c.today())?.days ?? 7;
    const override = c.settings.publicityDurationMs;
    // v2: to 24:00 China time of the last day (the day it began not counted); before: days × 24 hours.
    const endsAt = override !== undefined ? start + override : c.v2 ? calendarPeriodEndsAt(start, days) : start + days * DAY_MS;
    const round = (c.view_.publicity?.round ?? 0) + 1;
    c.view_.publicity = { round, startedAt: new Date(start).toISOString(), endsAt: new Date(endsAt).toISOString() };
    c.objectionSubstantiated = false;
  }
  // (A recorded paper application has had its overall deadline since the start.)
  if (to === 'investigation' && from === 'application' && c.acceptedOnDate && !c.paperAcceptedOn) {
    c.view_.overallDeadline = {
      dueOn: overallDeadline(c.acceptedOnDate, false, c.policy, c.calendar),
      workingDays: c.rules().overallWorkingDays,
      extended: false,
    };
  }
  return [
    event(CaseStageChanged, {
      ...c.ref(),
      from,
      to,
      ...(reason ? { reason: reason.slice(0, 2000) } : {}),
      ...(c.entry.dueOn ? { stageDeadline: c.entry.dueOn } : {}),
    }),
  ];
}

export function enter(c: CaseCore, stage: CaseStage, enteredOn: LocalDate = c.today()): StageEntry {
  const rule = stageDeadlineRule(stage, c.policy, enteredOn);
  const due = c.stageDue(stage, enteredOn);
  return {
    stage,
    enteredOn,
    enteredAt: c.now(),
    ...(due
      ? { dueOn: due.dueOn, kind: rule?.basis === 'calendar_days' ? 'calendar-days' : 'working-days', ...(due.provisional ? { provisional: true } : {}) }
      : {}),
    overdueMarked: false,
  } as StageEntry;
}

export function leaveInvestigation(c: CaseCore, reason: string): Change[] {
  const appraisalAllowed = checkTransition('investigation', 'appraisal', transitionContext(c)).allowed;
  const next: CaseStage = c.view_.appraisalRequired && appraisalAllowed ? 'appraisal' : 'publicity';
  return moveTo(c, next, reason);
}

export function reject(c: CaseCore, reasons: string[], decidedBy: string): Change[] {
  const from = c.stage;
  const decidedOn = c.today();
  const dueOn = rejectionNoticeDeadline(decidedOn, c.policy, c.calendar);
  const noticeId = `${c.input.caseId}-rejection`;
  c.view_.rejection = { stage: from, reasons: [...reasons], rejectedOn: decidedOn, noticeId, noticeDueOn: dueOn };
  const changes = moveTo(c, 'rejected', reasons.join('; '));
  changes.push(event(CaseRejected, { ...c.ref(), stage: from, reasons, noticeDueOn: dueOn }));
  changes.push({
    kind: 'notice',
    notice: {
      noticeId,
      caseId: c.input.caseId,
      householdId: c.input.householdId,
      township: c.input.township,
      stage: from,
      reasons,
      decidedOn,
      dueOn,
      decidedBy,
    },
  });
  return changes;
}

export function endPublicity(c: CaseCore): void {
  if (c.view_.publicity && !c.view_.publicity.endedAt) c.view_.publicity.endedAt = c.nowIso();
}

export function markInvestigationStarted(c: CaseCore, startedOn: LocalDate, by: string): Change[] {
  const start = c.view_.investigationStart;
  if (start) {
    start.startedOn = startedOn;
    start.startedBy = by;
  } else {
    c.investigationStartedUnpatched = true;
  }
  // The stage's deadline was the deadline to start: met. A finish deadline the law does not set is not invented.
  const previous = c.entry.stage === 'investigation' ? c.entry.dueOn : undefined;
  if (previous === undefined) return [];
  delete c.entry.dueOn;
  delete c.entry.kind;
  delete c.entry.provisional;
  c.entry.overdueMarked = false;
  return [event(CaseDeadlineChanged, { ...c.ref(), stage: c.stage, scope: 'stage', previous, metOn: startedOn, reason: 'started' })];
}

export function markDataCheckStarted(c: CaseCore, startedOn: LocalDate, by: string, tell: boolean): Change[] {
  const start = c.view_.dataCheckStart;
  if (!start) {
    c.dataCheckStartedUnpatched = true;
    return [];
  }
  start.startedOn = startedOn;
  start.startedBy = by;
  if (!tell) return [];
  return [event(CaseDeadlineChanged, { ...c.ref(), stage: c.stage, scope: 'data_check', previous: localDate(start.dueOn), metOn: startedOn, reason: 'started' })];
}
