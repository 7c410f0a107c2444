import type { CalendarChangedInput, CaseWorkflowInput } from '@dibao/contracts';
import type { HouseholdSnapshot } from './case-activities';
import { acceptApplication, noteHousehold, returnApplication, submitted, withdraw } from './case/application';
import { recordAppraisal } from './case/appraisal';
import { Change } from './case/changes';
import { CaseCore } from './case/core';
import { countyDecision, recordHouseholdVisit } from './case/county-approval';
import { calendarChanged, extendDeadline } from './case/deadlines';
import {
  concludeInvestigation,
  contestDataCheck,
  recordInvestigation,
  recordRecheck,
  startDataCheck,
  startInvestigation,
} from './case/investigation';
import { nextWakeAt, onClock } from './case/overdue';
import { fileObjection, resolveObjection } from './case/publicity';
import { townshipReview } from './case/township-review';

export { CASE_DEADLINES_V2, overdueInstant } from './case/changes';
export type { Change } from './case/changes';

/**
 * One application's procedure, stage by stage: each step a validator (throws a refusal, records nothing) and an
 * apply (returns the events and notices to commit). The state and the helpers every stage shares are in
 * case/core.ts; each stage's steps in its own module under case/. Deterministic: it runs inside the workflow.
 */
export class CaseProcess extends CaseCore {
  constructor(input: CaseWorkflowInput, workflowId: string, now: () => number, lean = false) {
    super(input, workflowId, now, lean);
  }

  // 1. Application: submitted, accepted or returned.
  submitted = (): Change[] => submitted(this);
  noteHousehold = (snapshot: HouseholdSnapshot): void => noteHousehold(this, snapshot);
  readonly acceptApplication = acceptApplication(this);
  readonly returnApplication = returnApplication(this);

  // 2. Investigation (A art. 15, 17): started, the county's data check, the record, a contest and its recheck.
  readonly startInvestigation = startInvestigation(this);
  readonly startDataCheck = startDataCheck(this);
  readonly recordInvestigation = recordInvestigation(this);
  readonly contestDataCheck = contestDataCheck(this);
  readonly recordRecheck = recordRecheck(this);
  readonly concludeInvestigation = concludeInvestigation(this);

  // 3. Democratic appraisal, where required.
  readonly recordAppraisal = recordAppraisal(this);

  // 4. Publicity: a 7-day timer (overdue.ts) that objections can interrupt.
  readonly fileObjection = fileObjection(this);
  readonly resolveObjection = resolveObjection(this);

  // 5. Township review.
  readonly townshipReview = townshipReview(this);

  // 6. County approval, after a household visit where one is required.
  readonly recordHouseholdVisit = recordHouseholdVisit(this);
  readonly countyDecision = countyDecision(this);

  // At any stage: withdrawal, the one extension of the whole case's deadline.
  readonly withdraw = withdraw(this);
  readonly extendDeadline = extendDeadline(this);

  // The clock and the holiday calendar.
  nextWakeAt = (): number | undefined => nextWakeAt(this);
  onClock = (): Change[] => onClock(this);
  calendarChanged = (i: CalendarChangedInput): Change[] => calendarChanged(this, i);
}
