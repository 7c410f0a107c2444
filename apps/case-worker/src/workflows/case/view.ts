import { LocalDate, localDate, overallDeadlineDue } from '@dibao/domain';
import { overdueInstant } from './changes';
import type { CaseCore } from './core';

/** The derived parts of the case view: the stage deadline, overdue, missing holiday years, what the case waits for. */
export function refreshView(c: CaseCore): void {
  const v = c.view_;
  v.stageDeadline = c.entry.dueOn
    ? {
        stage: c.entry.stage,
        dueOn: c.entry.dueOn,
        overdueAt: new Date(overdueInstant(c.entry.dueOn)).toISOString(),
        kind: c.entry.kind ?? 'working-days',
        ...(c.entry.provisional ? { provisional: true } : {}),
      }
    : undefined;
  if (v.overallDeadline && c.acceptedOnDate) {
    const extended = v.overallDeadline.extended;
    const due = overallDeadlineDue(c.acceptedOnDate, extended, c.policy, c.calendar);
    v.overallDeadline.dueOn = due.dueOn;
    v.overallDeadline.workingDays = extended ? c.rules().overallExtendedWorkingDays : c.rules().overallWorkingDays;
    if (due.provisional) v.overallDeadline.provisional = true;
    else delete v.overallDeadline.provisional;
  }
  const dataCheckLate = c.dataCheckOverdueMarked && !v.dataCheckStart?.startedOn;
  v.overdue = !c.closed && (c.entry.overdueMarked || c.overallOverdueMarked || dataCheckLate);
  const missing = c.closed ? [] : missingYearsOfOpenDeadlines(c);
  if (missing.length > 0) v.holidayYearsMissing = missing;
  else delete v.holidayYearsMissing;
  v.waitingFor = waitingFor(c);
  if (v.stageDeadline === undefined) delete v.stageDeadline;
}

/** Years without a loaded holiday schedule that an open deadline counts into. */
function missingYearsOfOpenDeadlines(c: CaseCore): number[] {
  const v = c.view_;
  const spans: [LocalDate, LocalDate][] = [];
  if (c.entry.dueOn) spans.push([c.entry.enteredOn, c.entry.dueOn]);
  for (const start of [v.investigationStart, v.dataCheckStart]) {
    if (start && !start.startedOn) spans.push([localDate(start.countedFrom), localDate(start.dueOn)]);
  }
  if (v.overallDeadline && c.acceptedOnDate) spans.push([c.acceptedOnDate, localDate(v.overallDeadline.dueOn)]);
  const years = new Set<number>();
  for (const [from, to] of spans) for (const y of c.calendar.missingYearsBetween(from, to)) years.add(y);
  return [...years].sort((a, b) => a - b);
}

function waitingFor(c: CaseCore): string {
  const v = c.view_;
  switch (v.stage) {
    case 'application':
      return v.missingMaterials.length > 0 ? 'the missing materials, then acceptance by the township' : 'acceptance or return by the township';
    case 'investigation':
      if (v.recheckPending) return 'the recheck of the contested data check';
      if (v.investigation?.dataCheck.result === 'failed') {
        return v.dataCheckContested ? 'the township to conclude the investigation' : 'the applicant to contest the failed data check, or the township to conclude';
      }
      if (c.v2 && !c.investigationStarted()) {
        return `the start of the investigation by ${v.investigationStart?.dueOn ?? 'its deadline'} (A art. 15), then its record`;
      }
      return 'the investigation record (two investigators, incomes, assets, data check)';
    case 'appraisal':
      return 'the democratic appraisal tally from the village meeting';
    case 'publicity': {
      const open = v.objections.filter((o) => !o.resolution).length;
      return open > 0 ? `resolution of ${open} objection(s)` : `the end of publicity on ${v.publicity?.endsAt}`;
    }
    case 'township_review':
      return 'the township review';
    case 'county_approval':
      return v.householdVisitRequired && !v.householdVisit ? 'a household visit, then the county decision' : 'the county decision';
    default:
      return 'nothing: the case is closed';
  }
}
