import { CaseStage } from './case-stage';
import { LocalDate } from './local-date';
import { DibaoPolicy, ruleAt } from './policy';
import { WorkingDayCalendar } from './working-day-calendar';

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
