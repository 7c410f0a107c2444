import { DataSource } from 'typeorm';
import type { CaseSettings } from '@dibao/contracts';
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
}

/** The case workflow's side effects, built from their dependencies (tests pass their own). */
export function createCaseActivities(deps: CaseActivityDeps): CaseActivities {
  return {
    async commitCaseChange(change: CaseChange): Promise<void> {
      await deps.dataSource.transaction(async (m) => {
        await deps.outbox.append(m, ...change.events);
        for (const n of change.notices ?? []) {
          await m.query(
            `INSERT INTO case_notices (notice_id, case_id, household_id, township, kind, stage, reasons, decided_on, due_on, decided_by)
             VALUES ($1, $2, $3, $4, 'rejection', $5, $6::jsonb, $7, $8, $9)
             ON CONFLICT (notice_id) DO NOTHING`,
            [n.noticeId, n.caseId, n.householdId, n.township, n.stage, JSON.stringify(n.reasons), n.decidedOn, n.dueOn, n.decidedBy],
          );
        }
      });
    },

    async readHousehold(householdId: string): Promise<HouseholdSnapshot | null> {
      return deps.households ? deps.households.read(householdId) : null;
    },

    async loadCaseSettings(): Promise<CaseSettings> {
      return deps.settings;
    },
  };
}
