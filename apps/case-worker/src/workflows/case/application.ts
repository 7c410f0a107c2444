import { AcceptApplicationInput, CaseApplicationReturned, CaseSubmitted, CaseWithdrawn, ReturnApplicationInput, WithdrawInput } from '@dibao/contracts';
import type { HouseholdSnapshot } from '../case-activities';
import { requireStepInput } from '../step-validation';
import { Change, event } from './changes';
import type { CaseCore } from './core';
import { moveTo } from './transitions';

/** The application: submitted (or a paper application recorded), accepted or returned, or withdrawn at any stage. */

export function submitted(c: CaseCore): Change[] {
  const paper = c.paperAcceptedOn;
  c.record(c.input.submittedBy, 'submit', paper ? `paper application accepted on ${paper} recorded` : 'application submitted', {
    applicant: c.input.applicant.kind,
    registeredSeparately: c.input.registeredSeparately,
    ...(paper ? { acceptedOn: paper } : {}),
  });
  return [
    event(CaseSubmitted, {
      ...c.ref(),
      // The day the case entered the system (the envelope's occurredAt, which supervision reads), also for a
      // recorded paper application: its acceptance date is in the case view and drives the deadlines.
      submittedOn: c.today(),
      applicantKind: c.input.applicant.kind,
      claimedMonthlyIncomeFen: c.input.claimedMonthlyIncomeFen,
      registeredSeparately: c.input.registeredSeparately,
    }),
  ];
}

export function noteHousehold(c: CaseCore, snapshot: HouseholdSnapshot): void {
  const summary = !snapshot.found
    ? 'the households registry does not know this household'
    : `households registry: ${snapshot.memberCount ?? '?'} members, township ${snapshot.township ?? '?'}`;
  c.record({ id: 'case-worker', role: 'system' }, 'readHousehold', summary, { ...snapshot });
  c.touch();
}

export const acceptApplication = (c: CaseCore) => ({
  validate: (i: AcceptApplicationInput) => {
    c.requireStage('application', 'accept the application');
    requireStepInput(c.stage, 'acceptApplication', i);
  },
  apply: (i: AcceptApplicationInput): Change[] => {
    // A recorded paper application keeps its acceptance date, its overall deadline and any overdue mark.
    c.acceptedOnDate = c.paperAcceptedOn ?? c.today();
    c.view_.acceptedOn = c.acceptedOnDate;
    c.view_.missingMaterials = [];
    if (!c.paperAcceptedOn) c.overallOverdueMarked = false;
    c.record(i.actor, 'acceptApplication', 'application accepted', i.note ? { note: i.note } : undefined);
    return moveTo(c, 'investigation', i.note);
  },
});

export const returnApplication = (c: CaseCore) => ({
  validate: (i: ReturnApplicationInput) => {
    c.requireStage('application', 'return the application');
    requireStepInput(c.stage, 'returnApplication', i);
  },
  apply: (i: ReturnApplicationInput): Change[] => {
    c.view_.missingMaterials = [...i.missingMaterials];
    c.record(i.actor, 'returnApplication', `returned: ${i.missingMaterials.length} materials missing`, {
      missingMaterials: i.missingMaterials,
    });
    return [event(CaseApplicationReturned, { ...c.ref(), missingMaterials: i.missingMaterials })];
  },
});

export const withdraw = (c: CaseCore) => ({
  validate: (i: WithdrawInput) => {
    if (c.closed) throw c.closedRefusal('withdraw');
    requireStepInput(c.stage, 'withdraw', i);
  },
  apply: (i: WithdrawInput): Change[] => {
    const from = c.stage;
    c.view_.withdrawal = { ...(i.reason ? { reason: i.reason } : {}), at: c.nowIso() };
    c.record(i.actor, 'withdraw', 'the applicant withdrew the application', i.reason ? { reason: i.reason } : undefined);
    const changes = moveTo(c, 'withdrawn', i.reason);
    changes.push(event(CaseWithdrawn, { ...c.ref(), stage: from, ...(i.reason ? { reason: i.reason } : {}) }));
    return changes;
  },
});
