import { HouseholdFacts, localDate, perCapitaMonthlyIncome } from '@dibao/domain';
import {
  ConcludeInvestigationInput,
  ContestDataCheckInput,
  RecordInvestigationInput,
  RecordRecheckInput,
  StartDataCheckInput,
  StartInvestigationInput,
} from '@dibao/contracts';
import { householdFacts, InvestigatedHousehold } from '../case-amount';
import { refusal } from '../refusal';
import { requireStepInput } from '../step-validation';
import { Change, errorMessage } from './changes';
import type { CaseCore } from './core';
import { leaveInvestigation, markDataCheckStarted, markInvestigationStarted } from './transitions';

/** The investigation: its start (A art. 15), the county's data check (A art. 17), the record, a contest and recheck. */

/** A art. 15: the investigation has started (its 3-working-day deadline is met). */
export const startInvestigation = (c: CaseCore) => ({
  validate: (i: StartInvestigationInput) => {
    c.requireStage('investigation', 'start the investigation');
    requireStepInput(c.stage, 'startInvestigation', i);
    if (c.investigationStarted()) throw refusal('RuleRefused', c.stage, 'the investigation has already started');
    c.requireStartedOn(i.startedOn, c.view_.investigationStart?.countedFrom);
  },
  apply: (i: StartInvestigationInput): Change[] => {
    const startedOn = i.startedOn !== undefined ? localDate(i.startedOn) : c.today();
    c.record(i.actor, 'startInvestigation', `investigation started on ${startedOn}`, {
      startedOn,
      ...(i.investigators ? { investigators: i.investigators } : {}),
      ...(i.note ? { note: i.note } : {}),
    });
    return markInvestigationStarted(c, startedOn, 'startInvestigation');
  },
});

/** A art. 17: the county has started the household economic-status data check. */
export const startDataCheck = (c: CaseCore) => ({
  validate: (i: StartDataCheckInput) => {
    c.requireStage('investigation', 'record the start of the data check');
    requireStepInput(c.stage, 'startDataCheck', i);
    if (c.view_.dataCheckStart?.startedOn || c.dataCheckStartedUnpatched) {
      throw refusal('RuleRefused', c.stage, 'the data check has already started');
    }
    c.requireStartedOn(i.startedOn, c.view_.dataCheckStart?.countedFrom);
  },
  apply: (i: StartDataCheckInput): Change[] => {
    const startedOn = i.startedOn !== undefined ? localDate(i.startedOn) : c.today();
    c.record(i.actor, 'startDataCheck', `the county's data check started on ${startedOn}`, {
      startedOn,
      ...(i.reference ? { reference: i.reference } : {}),
    });
    return markDataCheckStarted(c, startedOn, 'startDataCheck', true);
  },
});

export const recordInvestigation = (c: CaseCore) => ({
  validate: (i: RecordInvestigationInput) => {
    c.requireStage('investigation', 'record the investigation');
    if (c.view_.recheckPending) {
      throw refusal('WrongStage', c.stage, 'a recheck of the contested data check is pending: record the recheck first');
    }
    requireStepInput(c.stage, 'recordInvestigation', i);
    checkedFacts(c, i); // the domain's own consistency checks
  },
  apply: (i: RecordInvestigationInput): Change[] => {
    const facts = checkedFacts(c, i);
    c.view_.investigation = {
      investigators: [...i.investigators],
      members: i.members,
      incomes: i.incomes,
      deductions: i.deductions ?? [],
      assets: i.assets,
      dataCheck: { ...i.dataCheck },
      perCapitaMonthlyIncomeFen: perCapitaMonthlyIncome(facts, c.rules().rounding),
      recordedAt: c.nowIso(),
    };
    c.record(i.actor, 'recordInvestigation', `investigation recorded; data check ${i.dataCheck.result}`, {
      investigators: i.investigators,
      members: i.members.length,
      dataCheck: i.dataCheck.result,
    });
    const met: Change[] = [];
    if (c.v2) {
      // The record of a visit and of the data check's result shows both had started, at the latest today. Told
      // only when the case stays in investigation (a stage change tells supervision anyway), the data check's
      // only when it had been reported late.
      const staying = i.dataCheck.result !== 'passed';
      if (!c.investigationStarted()) {
        const changes = markInvestigationStarted(c, c.today(), 'recordInvestigation');
        if (staying) met.push(...changes);
      }
      if (c.view_.dataCheckStart && !c.view_.dataCheckStart.startedOn) {
        met.push(...markDataCheckStarted(c, c.today(), 'recordInvestigation', c.dataCheckOverdueMarked));
      }
    }
    return [...met, ...(i.dataCheck.result === 'passed' ? leaveInvestigation(c, 'investigation complete') : [])];
  },
});

export const contestDataCheck = (c: CaseCore) => ({
  validate: (i: ContestDataCheckInput) => {
    c.requireStage('investigation', 'contest the data check');
    requireStepInput(c.stage, 'contestDataCheck', i);
    if (c.view_.investigation?.dataCheck.result !== 'failed') {
      throw refusal('RuleRefused', c.stage, 'only a failed economic data check can be contested');
    }
    if (c.view_.dataCheckContested) {
      throw refusal('RuleRefused', c.stage, 'the data check has already been contested once');
    }
  },
  apply: (i: ContestDataCheckInput): Change[] => {
    c.view_.dataCheckContested = true;
    c.view_.recheckPending = true;
    c.record(i.actor, 'contestDataCheck', 'the applicant contested the failed data check', { evidence: i.evidence });
    return [];
  },
});

export const recordRecheck = (c: CaseCore) => ({
  validate: (i: RecordRecheckInput) => {
    c.requireStage('investigation', 'record a recheck');
    requireStepInput(c.stage, 'recordRecheck', i);
    if (!c.view_.recheckPending) throw refusal('RuleRefused', c.stage, 'no recheck is pending: the data check was not contested');
  },
  apply: (i: RecordRecheckInput): Change[] => {
    const investigation = c.view_.investigation;
    if (!investigation) return [];
    investigation.dataCheck = { result: i.result, ...(i.findings ? { findings: i.findings } : {}) };
    c.view_.recheckPending = false;
    c.record(i.actor, 'recordRecheck', `data check rechecked: ${i.result}`, i.findings ? { findings: i.findings } : undefined);
    return i.result === 'passed' ? leaveInvestigation(c, 'recheck passed') : [];
  },
});

/** Moves on with a failed data check (not contested, or failed again on recheck): review will decide. */
export const concludeInvestigation = (c: CaseCore) => ({
  validate: (i: ConcludeInvestigationInput) => {
    c.requireStage('investigation', 'conclude the investigation');
    if (!c.view_.investigation) throw refusal('WrongStage', c.stage, 'the investigation has not been recorded yet');
    requireStepInput(c.stage, 'concludeInvestigation', i);
    if (c.view_.recheckPending) throw refusal('RuleRefused', c.stage, 'a recheck is pending');
  },
  apply: (i: ConcludeInvestigationInput): Change[] => {
    c.record(i.actor, 'concludeInvestigation', 'investigation concluded with a failed data check', i.note ? { note: i.note } : undefined);
    return leaveInvestigation(c, i.note ?? 'investigation concluded with a failed data check');
  },
});

function checkedFacts(c: CaseCore, i: InvestigatedHousehold): HouseholdFacts {
  const household = householdFacts(i);
  try {
    perCapitaMonthlyIncome(household, c.rules().rounding);
  } catch (e) {
    throw refusal('RuleRefused', c.stage, errorMessage(e), { field: 'members', rule: 'household-facts' });
  }
  return household;
}
