import { CaseStage } from './case-stage';
import { addDays, LocalDate, localDateAt, startOfLocalDay } from './local-date';
import { DibaoPolicy, ruleAt } from './policy';
import { CalendarDue, WorkingDayCalendar } from './working-day-calendar';

export type DeadlineBasis = 'working_days' | 'calendar_days';

/** How a stage's due date is counted. */
export interface StageDeadlineRule {
  readonly stage: CaseStage;
  readonly days: number;
  readonly basis: DeadlineBasis;
  /** Whether the stage must have started or be finished by the due date. */
  readonly dueFor: 'start' | 'completion';
  /** True for a county's internal target rather than a legal deadline. */
  readonly internal: boolean;
}

/**
 * The deadline rule of a stage entered on `enteredOn`, with the policy in force that day:
 * - investigation: must start within 3 working days of acceptance (entering investigation = acceptance);
 * - appraisal: within 5 working days of the investigation (entering appraisal = investigation finished);
 * - publicity: 7 calendar days;
 * - county approval: 10 working days;
 * - application and township review have no legal deadline: the policy's internal SLA if one is set,
 *   otherwise none; closed stages have none.
 */
export function stageDeadlineRule(stage: CaseStage, policy: DibaoPolicy, enteredOn: LocalDate): StageDeadlineRule | undefined {
  const rule = (days: number, basis: DeadlineBasis, dueFor: 'start' | 'completion', internal = false): StageDeadlineRule => ({
    stage,
    days,
    basis,
    dueFor,
    internal,
  });
  switch (stage) {
    case 'investigation':
      return rule(ruleAt(policy, 'investigationStartWorkingDays', enteredOn), 'working_days', 'start');
    case 'appraisal':
      return rule(ruleAt(policy, 'appraisalWithinWorkingDays', enteredOn), 'working_days', 'completion');
    case 'publicity':
      return rule(ruleAt(policy, 'publicityCalendarDays', enteredOn), 'calendar_days', 'completion');
    case 'county_approval':
      return rule(ruleAt(policy, 'countyApprovalWorkingDays', enteredOn), 'working_days', 'completion');
    case 'application':
    case 'township_review': {
      const sla = ruleAt(policy, 'internalSlaWorkingDays', enteredOn)[stage];
      return sla === undefined ? undefined : rule(sla, 'working_days', 'completion', true);
    }
    case 'approved':
    case 'rejected':
    case 'withdrawn':
      return undefined;
  }
}

/**
 * The due date of a stage entered on `enteredOn`, or undefined when it has none. Counting starts the day
 * after `enteredOn`: investigation entered Friday 2026-03-06 is due Wednesday 2026-03-11.
 */
export function stageDeadline(
  stage: CaseStage,
  enteredOn: LocalDate,
  policy: DibaoPolicy,
  calendar: WorkingDayCalendar,
): LocalDate | undefined {
  const rule = stageDeadlineRule(stage, policy, enteredOn);
  return rule === undefined ? undefined : dueDate(rule, enteredOn, calendar);
}

export function dueDate(rule: StageDeadlineRule, from: LocalDate, calendar: WorkingDayCalendar): LocalDate {
  return rule.basis === 'working_days' ? calendar.addWorkingDays(from, rule.days) : calendar.addCalendarDays(from, rule.days);
}

/** A art. 22: the whole procedure within 30 working days of acceptance, or 45 once extended. */
export function overallDeadline(
  acceptedOn: LocalDate,
  extended: boolean,
  policy: DibaoPolicy,
  calendar: WorkingDayCalendar,
): LocalDate {
  const days = ruleAt(policy, extended ? 'overallExtendedWorkingDays' : 'overallWorkingDays', acceptedOn);
  return calendar.addWorkingDays(acceptedOn, days);
}

/** The county starts the economic-status data check within 3 working days of acceptance. */
export function dataCheckStartDeadline(acceptedOn: LocalDate, policy: DibaoPolicy, calendar: WorkingDayCalendar): LocalDate {
  return calendar.addWorkingDays(acceptedOn, ruleAt(policy, 'dataCheckStartWorkingDays', acceptedOn));
}

/** A art. 21: a rejection is notified in writing, with reasons, within 3 working days of the decision. */
export function rejectionNoticeDeadline(decidedOn: LocalDate, policy: DibaoPolicy, calendar: WorkingDayCalendar): LocalDate {
  return calendar.addWorkingDays(decidedOn, ruleAt(policy, 'rejectionNoticeWorkingDays', decidedOn));
}

/** stageDeadline with the provisional flag of a count into a year without a holiday schedule. */
export function stageDeadlineDue(
  stage: CaseStage,
  enteredOn: LocalDate,
  policy: DibaoPolicy,
  calendar: WorkingDayCalendar,
): CalendarDue | undefined {
  const rule = stageDeadlineRule(stage, policy, enteredOn);
  if (rule === undefined) return undefined;
  return rule.basis === 'working_days' ? calendar.addWorkingDaysDue(enteredOn, rule.days) : calendar.addCalendarDaysDue(enteredOn, rule.days);
}

/** overallDeadline with the provisional flag (A art. 22). */
export function overallDeadlineDue(acceptedOn: LocalDate, extended: boolean, policy: DibaoPolicy, calendar: WorkingDayCalendar): CalendarDue {
  return calendar.addWorkingDaysDue(acceptedOn, ruleAt(policy, extended ? 'overallExtendedWorkingDays' : 'overallWorkingDays', acceptedOn));
}

/**
 * A art. 15: the township *starts* the investigation (入户调查) within 3 working days of accepting the application.
 * Counted from the acceptance date, which for a paper application recorded later (补录) is its `acceptedOn`, not
 * the day it was entered in the system. A deadline to start, met by the first investigation step; A sets no
 * deadline to finish the investigation (only the whole case's 30 working days, A art. 22).
 */
export function investigationStartDeadlineDue(acceptedOn: LocalDate, policy: DibaoPolicy, calendar: WorkingDayCalendar): CalendarDue {
  return calendar.addWorkingDaysDue(acceptedOn, ruleAt(policy, 'investigationStartWorkingDays', acceptedOn));
}

/** A art. 17: the county *starts* the household economic-status data check within 3 working days of acceptance. */
export function dataCheckStartDeadlineDue(acceptedOn: LocalDate, policy: DibaoPolicy, calendar: WorkingDayCalendar): CalendarDue {
  return calendar.addWorkingDaysDue(acceptedOn, ruleAt(policy, 'dataCheckStartWorkingDays', acceptedOn));
}

/**
 * The instant a period of `days` calendar days begun at `startedAt` ends (epoch ms): the day it begins is not
 * counted (Civil Code art. 201), and the period ends at 24:00 China time of its last day (DOMAIN.md: the 7-day
 * publicity ends at 24:00 of the 7th day). Posted Monday 2026-03-02 at 10:00 → days 3–9 March → ends at
 * 2026-03-10 00:00 China time, whatever hour it was posted.
 */
export function calendarPeriodEndsAt(startedAt: number, days: number): number {
  return startOfLocalDay(addDays(localDateAt(startedAt), days + 1));
}
