import { addDays, isLocalDate, localDateAt } from '@dibao/domain';
import type { FieldProblem } from '@dibao/platform';

/** How far back a paper application the township accepted earlier may be recorded (补录), in calendar days. */
export const ACCEPTED_ON_MAX_DAYS_AGO = 60;

/**
 * The problem with a recorded paper application's acceptance date (YYYY-MM-DD, China local date), or undefined:
 * it must be a real date, not after today and not more than ACCEPTED_ON_MAX_DAYS_AGO calendar days before today.
 */
export function acceptedOnProblem(acceptedOn: string, nowMs: number, maxDaysAgo = ACCEPTED_ON_MAX_DAYS_AGO): FieldProblem | undefined {
  if (!isLocalDate(acceptedOn)) {
    return { field: 'acceptedOn', rule: 'isDateString', message: 'acceptedOn must be a real calendar date YYYY-MM-DD' };
  }
  const today = localDateAt(nowMs);
  if (acceptedOn > today) {
    return { field: 'acceptedOn', rule: 'notFuture', message: `acceptedOn must not be in the future (today is ${today} China time)` };
  }
  const earliest = addDays(today, -maxDaysAgo);
  if (acceptedOn < earliest) {
    return {
      field: 'acceptedOn',
      rule: 'maxDaysAgo',
      message: `acceptedOn must be at most ${maxDaysAgo} calendar days ago (not before ${earliest})`,
    };
  }
  return undefined;
}
