import { DataSource } from 'typeorm';
import type { Actor, CaseSettings, StandardRaise } from '@dibao/contracts';
import { HolidaySchedule, localDate, policyWithStandard } from '@dibao/domain';
import { OutboxService } from '@dibao/platform';
import type { CaseActivities, CaseChange, HouseholdSnapshot } from '../workflows/case-activities';
import type { HouseholdsClient } from './households.client';

export interface CaseActivityDeps {
  dataSource: DataSource;
  outbox: OutboxService;
  /** Absent when HOUSEHOLDS_URL is not configured. */
  households?: HouseholdsClient;
  /** The settings new cases start with. */
  settings: CaseSettings;
  /**
   * Where the holiday schedules come from when a case starts (read at each start, so a year loaded later reaches
   * new cases without a restart). Absent: those in `settings` (HOLIDAY_SCHEDULES of libs/domain). The seam for the
   * county's holiday table, once there is one.
   */
  holidaySchedules?: () => Promise<readonly HolidaySchedule[]>;
}

/** The case workflow's side effects, built from their dependencies (tests pass their own). */
export function createCaseActivities(deps: CaseActivityDeps): CaseActivities {
  async function standardRaisesFor(request: { scheme: 'urban' | 'rural'; township: string }): Promise<StandardRaise[]> {
    const rows: StandardRaiseRow[] = await deps.dataSource.query(
      `SELECT raise_id, scheme, area, standard_fen::text AS standard_fen, to_char(effective_from, 'YYYY-MM-DD') AS effective_from,
              from_period, reason, except_townships, raised_by
         FROM standard_raises
        WHERE scheme = $1 AND (area = $2 OR (area = 'county' AND NOT except_townships ? $2))
        ORDER BY effective_from, received_at`,
      [request.scheme, request.township],
    );
    return rows.map(toStandardRaise);
  }

  return {
    async commitCaseChange(change: CaseChange): Promise<void> {
      await deps.dataSource.transaction(async (m) => {
        await deps.outbox.append(m, ...change.events);
        for (const n of change.notices ?? []) {
          await m.query(
            `INSERT INTO case_notices (notice_id, case_id, household_id, township, kind, stage, reasons, decided_on, due_on, decided_by,
                                       decided_by_role, notice_text, from_period)
             VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $12, $13)
             ON CONFLICT (notice_id) DO NOTHING`,
            [
              n.noticeId,
              n.caseId,
              n.householdId,
              n.township,
              n.kind ?? 'rejection',
              n.stage,
              JSON.stringify(n.reasons),
              n.decidedOn,
              n.dueOn,
              n.decidedBy,
              n.decidedByRole ?? null,
              n.text ?? null,
              n.fromPeriod ?? null,
            ],
          );
        }
      });
    },

    async readHousehold(householdId: string): Promise<HouseholdSnapshot | null> {
      return deps.households ? deps.households.read(householdId) : null;
    },

    async loadCaseSettings(request?: { scheme: 'urban' | 'rural'; township: string }): Promise<CaseSettings> {
      let settings = deps.settings;
      if (deps.holidaySchedules) settings = { ...settings, holidaySchedules: [...(await deps.holidaySchedules())] };
      if (!request) return settings;
      // The standards payments set (提标) for this scheme and township, in effective-date order.
      let policy = settings.policy;
      for (const raise of await standardRaisesFor(request)) {
        policy = policyWithStandard(policy, raise.scheme, localDate(raise.effectiveFrom), raise.standardFen);
      }
      return { ...settings, policy };
    },

    standardRaisesFor,
  };
}

interface StandardRaiseRow {
  raise_id: string;
  scheme: 'urban' | 'rural';
  area: string;
  standard_fen: string;
  effective_from: string;
  from_period: string;
  reason: string;
  except_townships: string[];
  raised_by: Actor;
}

export function toStandardRaise(r: StandardRaiseRow): StandardRaise {
  return {
    raiseId: r.raise_id,
    scheme: r.scheme,
    area: r.area,
    standardFen: Number(r.standard_fen),
    effectiveFrom: r.effective_from,
    fromPeriod: r.from_period,
    reason: r.reason,
    exceptTownships: r.except_townships,
    raisedBy: r.raised_by,
  };
}
