import { createWorkingDayCalendar, HolidaySchedule, localDate, overallDeadlineDue, stageDeadlineDue, WorkingDayCalendar } from '@dibao/domain';
import { CalendarChangedInput, CaseDeadlineChanged, ExtendDeadlineInput } from '@dibao/contracts';
import { refusal } from '../refusal';
import { requireStepInput } from '../step-validation';
import { Change, errorMessage, event, overdueInstant } from './changes';
import type { CaseCore } from './core';
import { refreshView } from './view';

/** Which deadline of case.deadline-changed each line of the calendarChanged summary is. */
const DEADLINE_SCOPES: Record<string, 'stage' | 'overall' | 'data_check'> = {
  'data check start': 'data_check',
  'whole case': 'overall',
};

/** The whole case's deadline, extended once. */
export const extendDeadline = (c: CaseCore) => ({
  validate: (i: ExtendDeadlineInput) => {
    if (c.closed) throw c.closedRefusal('extend the deadline');
    if (!c.acceptedOnDate) throw refusal('WrongStage', c.stage, 'the overall deadline starts when the application is accepted');
    requireStepInput(c.stage, 'extendDeadline', i);
    if (c.view_.overallDeadline?.extended) throw refusal('RuleRefused', c.stage, 'the overall deadline can be extended only once');
  },
  apply: (i: ExtendDeadlineInput): Change[] => {
    const overall = c.view_.overallDeadline;
    if (overall) c.view_.overallDeadline = { ...overall, extended: true, extensionReason: i.reason };
    c.overallOverdueMarked = false;
    c.record(i.actor, 'extendDeadline', 'overall deadline extended', { reason: i.reason });
    if (!overall || !c.acceptedOnDate) return [];
    // Supervision is told the new whole-case deadline (30 → 45 working days, A art. 22) and why.
    const due = overallDeadlineDue(c.acceptedOnDate, true, c.policy, c.calendar);
    return [
      event(CaseDeadlineChanged, {
        ...c.ref(),
        stage: c.stage,
        scope: 'overall',
        previous: localDate(overall.dueOn),
        deadline: due.dueOn,
        reason: 'extended',
        note: i.reason,
        ...(due.provisional ? { provisional: true } : {}),
      }),
    ];
  },
});

/**
 * The calendarChanged signal: count from now on with these schedules and recompute every open deadline (the
 * stage's, the start deadlines, the whole case's). A deadline that moves later than now loses its overdue flag
 * (its mark stays in overdueMarks, with the date it had) and is marked again if it passes. Schedules that do not
 * make a valid calendar are refused and recorded; the case keeps its calendar.
 */
export function calendarChanged(c: CaseCore, i: CalendarChangedInput): Change[] {
  const actor = i.changedBy ?? { id: 'case-worker', role: 'system' as const };
  let next: WorkingDayCalendar;
  try {
    next = createWorkingDayCalendar(i.schedules as HolidaySchedule[], { missingYear: c.missingYear });
  } catch (e) {
    c.record(actor, 'calendarChanged', `holiday schedules refused, the case keeps its calendar: ${errorMessage(e)}`);
    c.touch();
    return [];
  }
  const before = deadlineSummary(c);
  const provisionalBefore = provisionalSummary(c);
  c.calendar = next;
  const now = c.now();
  const moved: string[] = [];
  if (c.entry.dueOn) {
    const due = stageDeadlineDue(c.entry.stage, c.entry.enteredOn, c.policy, c.calendar);
    if (due) {
      c.entry.dueOn = due.dueOn;
      c.entry.provisional = due.provisional;
      if (c.entry.overdueMarked && overdueInstant(due.dueOn) > now) c.entry.overdueMarked = false;
    }
  }
  for (const key of ['investigationStart', 'dataCheckStart'] as const) {
    const start = c.view_[key];
    if (!start || start.startedOn) continue;
    const due = key === 'dataCheckStart' ? c.dataCheckDue(localDate(start.countedFrom)) : c.stageDue('investigation', localDate(start.countedFrom));
    if (!due) continue;
    Object.assign(start, c.startDeadline(localDate(start.countedFrom), due, start.workingDays));
    if (key === 'dataCheckStart' && c.dataCheckOverdueMarked && overdueInstant(due.dueOn) > now) c.dataCheckOverdueMarked = false;
  }
  const overall = c.view_.overallDeadline;
  if (overall && c.acceptedOnDate) {
    const due = overallDeadlineDue(c.acceptedOnDate, overall.extended, c.policy, c.calendar);
    if (c.overallOverdueMarked && overdueInstant(due.dueOn) > now) c.overallOverdueMarked = false;
  }
  refreshView(c);
  const after = deadlineSummary(c);
  const provisionalAfter = provisionalSummary(c);
  const changes: Change[] = [];
  for (const [name, dueOn] of Object.entries(after)) {
    if (before[name] === dueOn && provisionalBefore[name] === provisionalAfter[name]) continue;
    if (before[name] !== dueOn) moved.push(`${name} ${before[name]} → ${dueOn}`);
    changes.push(
      event(CaseDeadlineChanged, {
        ...c.ref(),
        stage: c.stage,
        scope: DEADLINE_SCOPES[name] ?? 'stage',
        previous: localDate(before[name]),
        deadline: localDate(dueOn),
        reason: 'calendar-changed',
        ...(provisionalAfter[name] ? { provisional: true } : {}),
      }),
    );
  }
  const years = i.schedules.map((s) => s.year).sort((a, b) => a - b);
  c.record(
    actor,
    'calendarChanged',
    moved.length > 0 ? `holiday schedules reloaded (${years.join(', ')}): ${moved.join('; ')}` : `holiday schedules reloaded (${years.join(', ')}): no deadline moved`,
    { years, moved, ...(i.reason ? { reason: i.reason } : {}) },
  );
  c.touch();
  return changes;
}

function provisionalSummary(c: CaseCore): Record<string, boolean> {
  const v = c.view_;
  const out: Record<string, boolean> = {};
  if (c.entry.dueOn) out[`${c.entry.stage} deadline`] = c.entry.provisional === true;
  if (v.investigationStart && !v.investigationStart.startedOn && c.entry.stage !== 'investigation') {
    out['investigation start'] = v.investigationStart.provisional === true;
  }
  if (v.dataCheckStart && !v.dataCheckStart.startedOn) out['data check start'] = v.dataCheckStart.provisional === true;
  if (v.overallDeadline) out['whole case'] = v.overallDeadline.provisional === true;
  return out;
}

function deadlineSummary(c: CaseCore): Record<string, string> {
  const v = c.view_;
  const out: Record<string, string> = {};
  if (c.entry.dueOn) out[`${c.entry.stage} deadline`] = c.entry.dueOn;
  // (The investigation's start deadline is the investigation stage's deadline: told once, as the stage's.)
  if (v.investigationStart && !v.investigationStart.startedOn && c.entry.stage !== 'investigation') out['investigation start'] = v.investigationStart.dueOn;
  if (v.dataCheckStart && !v.dataCheckStart.startedOn) out['data check start'] = v.dataCheckStart.dueOn;
  if (v.overallDeadline) out['whole case'] = v.overallDeadline.dueOn;
  return out;
}
