import { LocalDate, toEpochDay } from '@dibao/domain';
import type { EventDefinition, PayloadOf } from '@dibao/contracts';
import type { RejectionNotice } from '../case-activities';

/** Something a step or a timer produced that must leave the workflow: an event or a written notice. */
export type Change =
  | { kind: 'event'; def: EventDefinition; payload: PayloadOf<EventDefinition> }
  | { kind: 'notice'; notice: RejectionNotice };

export const CHINA_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

/** The instant a date's deadline passes: 00:00 China time on the following day. */
export function overdueInstant(dueOn: LocalDate): number {
  return (toEpochDay(dueOn) + 1) * DAY_MS - CHINA_OFFSET_MS;
}

export function event<D extends EventDefinition>(def: D, payload: PayloadOf<D>): Change {
  return { kind: 'event', def, payload };
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Workflow patch: deadlines per issue 18 items 4–5. Cases started before it replay with the old rules (the
 * investigation's 3 working days enforced until it is finished, no data-check deadline, publicity 168 hours, the
 * holiday schedules bundled into this code and a weekends-only count for a missing year). Cases started after it:
 * - the investigation deadline is a deadline to *start* (A art. 15), counted from the acceptance date (a paper
 *   application's acceptedOn), met by startInvestigation or the first investigation record; no finish deadline;
 * - the county's data check has its own start deadline (A art. 17), met by startDataCheck or the record of its result;
 * - publicity ends at 24:00 China time of its 7th day, the day it began not counted;
 * - the holiday schedules come from the settings (recorded in history) and the calendarChanged signal, a missing
 *   year counts weekends and fixed-date holidays and marks the deadline provisional.
 */
export const CASE_DEADLINES_V2 = 'case-deadlines-v2';

/**
 * Workflow patch (issue 14): a leaner history for cases started after it. The commit of each step's events (and
 * the registry lookup) runs as a local activity, recorded as one marker inside the workflow task that took the
 * step instead of an activity's three events and a second workflow task; and a deadline timer is never cancelled
 * and re-armed on every step: one that is pending and fires no later than the next deadline is kept (it may wake
 * the case early, which then finds nothing to do and waits on); the search attributes the case was started with are
 * not upserted again; and the earlier patches (case-deadlines-v2, amount-household-differential,
 * appraisal-abstentions-neither) are taken as applied without asking (each asked patch is a marker and an upsert of
 * TemporalChangeVersion). Cases started before it replay as they ran.
 */
export const CASE_LEAN_HISTORY = 'case-lean-history';
