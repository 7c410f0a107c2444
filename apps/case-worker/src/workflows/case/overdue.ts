import { CASE_STAGE_NAMES, daysBetween, LocalDate, localDate } from '@dibao/domain';
import { CaseStageOverdue } from '@dibao/contracts';
import { Change, event, overdueInstant } from './changes';
import type { CaseCore } from './core';
import { endPublicity, moveTo } from './transitions';

/** The passing of time: deadlines that pass (marked overdue once each) and the end of the publicity period. */

/** The next instant at which something happens by itself (a deadline passes, publicity ends). */
export function nextWakeAt(c: CaseCore): number | undefined {
  const candidates: number[] = [];
  if (c.entry.dueOn && !c.entry.overdueMarked) candidates.push(overdueInstant(c.entry.dueOn));
  const dataCheck = c.view_.dataCheckStart;
  if (dataCheck && !dataCheck.startedOn && !c.dataCheckOverdueMarked) candidates.push(overdueInstant(localDate(dataCheck.dueOn)));
  const overall = c.view_.overallDeadline;
  if (overall && !c.overallOverdueMarked) candidates.push(overdueInstant(localDate(overall.dueOn)));
  const publicity = c.view_.publicity;
  // Once the period is over only the resolution of the open objections (an update) can end it.
  if (c.stage === 'publicity' && publicity && !publicity.endedAt && Date.parse(publicity.endsAt) > c.now()) {
    candidates.push(Date.parse(publicity.endsAt));
  }
  return candidates.length > 0 ? Math.min(...candidates) : undefined;
}

/** What the passing of time has done since the last look. */
export function onClock(c: CaseCore): Change[] {
  if (c.closed) return [];
  const now = c.now();
  const changes: Change[] = [];
  const system = { id: 'case-worker', role: 'system' as const };
  // v2: publicity ends at the very instant its stage deadline passes (24:00 of the 7th day); end it first, so
  // only an open objection holding it past its end makes it overdue.
  if (c.v2) changes.push(...publicityClock(c, now, system));
  if (c.entry.dueOn && !c.entry.overdueMarked && now >= overdueInstant(c.entry.dueOn)) {
    c.entry.overdueMarked = true;
    changes.push(markOverdue(c, 'stage', c.entry.dueOn, system));
  }
  const overall = c.view_.overallDeadline;
  if (overall && !c.overallOverdueMarked && now >= overdueInstant(localDate(overall.dueOn))) {
    c.overallOverdueMarked = true;
    changes.push(markOverdue(c, 'overall', localDate(overall.dueOn), system));
  }
  const dataCheck = c.view_.dataCheckStart;
  if (dataCheck && !dataCheck.startedOn && !c.dataCheckOverdueMarked && now >= overdueInstant(localDate(dataCheck.dueOn))) {
    c.dataCheckOverdueMarked = true;
    changes.push(markOverdue(c, 'data_check', localDate(dataCheck.dueOn), system));
  }
  if (!c.v2) changes.push(...publicityClock(c, now, system));
  return changes;
}

function publicityClock(c: CaseCore, now: number, system: { id: string; role: 'system' }): Change[] {
  const publicity = c.view_.publicity;
  if (c.stage === 'publicity' && publicity && !publicity.endedAt && now >= Date.parse(publicity.endsAt)) {
    const open = c.view_.objections.filter((o) => !o.resolution).length;
    if (open === 0) {
      endPublicity(c);
      c.record(system, 'timer', `publicity round ${publicity.round} ended without open objections`);
      return moveTo(c, 'township_review', 'publicity period ended');
    }
  }
  return [];
}

function markOverdue(c: CaseCore, scope: 'stage' | 'overall' | 'data_check', dueOn: LocalDate, actor: { id: string; role: 'system' }): Change {
  const daysLate = Math.max(0, daysBetween(dueOn, c.today()));
  c.view_.overdueMarks.push({ scope, stage: c.stage, dueOn, markedAt: c.nowIso(), daysLate });
  const what =
    scope === 'overall'
      ? 'the whole case'
      : scope === 'data_check'
        ? "the start of the county's data check (A art. 17)"
        : c.stage === 'investigation' && c.v2
          ? 'the start of the investigation (A art. 15)'
          : CASE_STAGE_NAMES[c.stage];
  c.record(actor, 'timer', `${what} overdue since ${dueOn}`, {
    scope,
    daysLate,
  });
  return event(CaseStageOverdue, { ...c.ref(), stage: c.stage, deadline: dueOn, daysLate, scope });
}
