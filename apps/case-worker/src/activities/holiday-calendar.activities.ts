import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { Actor, CASE_KIND_APPLICATION, CASE_WORKFLOW_TYPE, caseSignals } from '@dibao/contracts';
import { HolidaySchedule, LocalDate, localDateAt, yearOf } from '@dibao/domain';

/** Which years the worker's holiday data covers around a day, and what is missing (for /health and the logs). */
export interface HolidayCalendarStatus {
  loadedYears: number[];
  /** The current year (China date) has no schedule: every deadline counted today is provisional. */
  currentYearMissing: boolean;
  /** Next year has no schedule: deadlines that run into it are provisional (the State Council publishes it in Nov/Dec). */
  nextYearMissing: boolean;
  /** E.g. "holiday schedule for 2027 not loaded: deadlines into 2027 are provisional"; absent when nothing is missing. */
  message?: string;
}

export function holidayCalendarStatus(schedules: readonly HolidaySchedule[], today: LocalDate): HolidayCalendarStatus {
  const loadedYears = [...new Set(schedules.map((s) => s.year))].sort((a, b) => a - b);
  const year = yearOf(today);
  const missing = [year, year + 1].filter((y) => !loadedYears.includes(y));
  return {
    loadedYears,
    currentYearMissing: missing.includes(year),
    nextYearMissing: missing.includes(year + 1),
    ...(missing.length > 0
      ? {
          message: `holiday schedule for ${missing.join(' and ')} not loaded: deadlines into ${missing.join(' and ')} are provisional (weekends and fixed-date holidays only); load the State Council's notice`,
        }
      : {}),
  };
}

/**
 * The /health check: fails (so the worker's health says it, by name) when the current year has no schedule; a
 * missing next year is returned as a warning for the log, not a failure, since nothing counted before 1 January
 * is wrong yet.
 */
export function holidayCalendarHealthCheck(schedules: () => readonly HolidaySchedule[], now: () => number = Date.now) {
  return async (): Promise<void> => {
    const status = holidayCalendarStatus(schedules(), localDateAt(now()));
    if (status.currentYearMissing) throw new Error(status.message);
  };
}

/** Running application cases (not beneficiaries, not fan-outs). */
export const OPEN_CASES_QUERY = [
  `WorkflowType = '${CASE_WORKFLOW_TYPE}'`,
  `ExecutionStatus = 'Running'`,
  `DibaoCaseKind = '${CASE_KIND_APPLICATION}'`,
].join(' AND ');

const TOWNSHIP = /^[\w-]{1,64}$/;

/** The running cases, or those of one township. */
export function openCasesQuery(township?: string): string {
  if (township === undefined) return OPEN_CASES_QUERY;
  if (!TOWNSHIP.test(township)) throw new Error(`township ${township} is not an id`);
  return `${OPEN_CASES_QUERY} AND DibaoTownship = '${township}'`;
}

/**
 * Sends calendarChanged with the full new set of schedules to every running case, a page at a time; each case
 * recomputes its open deadlines. Run it after the county loads a year (today: after HOLIDAY_SCHEDULES gains it
 * and the worker is redeployed; later: from the administrator's API that writes the holiday table). Returns how
 * many cases were signalled (a case that ended meanwhile counts 0).
 */
export async function signalCalendarChanged(
  deps: { client: Client; namespace: string },
  change: { schedules: HolidaySchedule[]; changedBy?: Actor; reason?: string },
  options: { pageSize?: number; township?: string } = {},
): Promise<number> {
  const pageSize = options.pageSize ?? 200;
  const query = openCasesQuery(options.township);
  let signalled = 0;
  let token: Uint8Array | undefined;
  do {
    const res = await deps.client.workflowService.listWorkflowExecutions({
      namespace: deps.namespace,
      query,
      pageSize,
      ...(token ? { nextPageToken: token } : {}),
    });
    const ids = (res.executions ?? []).map((x) => x.execution?.workflowId ?? '').filter((id) => id !== '');
    const results = await Promise.all(
      ids.map((id) =>
        deps.client.workflow
          .getHandle(id)
          .signal(caseSignals.calendarChanged, change)
          .then(
            () => 1,
            (e: unknown) => {
              if (e instanceof WorkflowNotFoundError) return 0;
              throw e;
            },
          ),
      ),
    );
    signalled += results.reduce((a, b) => a + b, 0);
    token = res.nextPageToken && res.nextPageToken.length > 0 ? res.nextPageToken : undefined;
  } while (token);
  return signalled;
}
