import * as wf from '@temporalio/workflow';
import { withoutSchemaChecks } from './step-validation';
import { ApplicationFailure } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import {
  Actor,
  CalendarChangedInput,
  CASE_STARTING,
  caseQueries,
  caseSignals,
  caseUpdates,
  CaseWorkflowInput,
  CaseView,
  StepBase,
} from '@dibao/contracts';
import type { CaseActivities } from './case-activities';
import { CaseProcess, Change } from './case-process';
import { startBeneficiary } from './case/handover';
import { CASE_LEAN_HISTORY } from './case/changes';
import { OutboxQueue } from './case/outbox';
import { refusal } from './refusal';

const householdLookup = wf.proxyActivities<CaseActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', maximumInterval: '10s', maximumAttempts: 5 },
});

/** CASE_LEAN_HISTORY: the same lookup as a local activity (one marker, no workflow task of its own). */
const householdLocalLookup = wf.proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', maximumInterval: '10s', maximumAttempts: 5 },
});

const settingsLookup = wf.proxyLocalActivities<CaseActivities>({ startToCloseTimeout: '5s' });

const SYSTEM_ACTOR: Actor = { id: 'case-worker', role: 'system' };

/**
 * One application for dibao, from submission to approval, rejection or withdrawal. Steps arrive as updates
 * (validated first: a refused step records nothing), deadlines and the publicity period are durable timers,
 * and every outcome goes out as an event through the case worker's outbox.
 */
export async function caseWorkflow(started: CaseWorkflowInput): Promise<CaseView> {
  const info = wf.workflowInfo();
  // Decided once, at the start: a case started before the patch keeps its shape of history to the end.
  const lean = wf.patched(CASE_LEAN_HISTORY);
  // Every handler is registered before the first await: an update that arrives while the settings are still
  // loading waits in its handler (the validator lets it through; the handler validates once the case exists).
  const current: { process?: CaseProcess; outbox?: OutboxQueue } = {};
  wf.setHandler(caseQueries.currentStage, () => ({ stage: current.process?.stage ?? 'application', township: started.township }));
  wf.setHandler(caseQueries.caseState, () => {
    if (!current.process) throw ApplicationFailure.create({ type: CASE_STARTING, message: 'the case is starting; ask again in a moment' });
    return current.process.view();
  });

  // Every update: validator decides (throws a refusal, nothing recorded), handler applies and commits the events.
  type Handler<I extends StepBase> = { validate(i: I): void; apply(i: I): Change[] };
  const check = <I extends StepBase>(process: CaseProcess, name: string, h: Handler<I>, i: I): void => {
    try {
      process.authorize(name, i);
      h.validate(i);
    } catch (e) {
      // Any refusal reaches the caller as a typed failure, never as an unexplained error.
      if (e instanceof ApplicationFailure) throw e;
      throw refusal('RuleRefused', process.stage, e instanceof Error ? e.message : String(e));
    }
  };
  const register = <I extends StepBase>(def: UpdateDefinition<CaseView, [I]>, name: string, pick: (p: CaseProcess) => Handler<I>) =>
    wf.setHandler(
      def,
      async (i: I) => {
        if (!current.process || !current.outbox) await wf.condition(() => current.process !== undefined && current.outbox !== undefined);
        const process = current.process as CaseProcess;
        const outbox = current.outbox as OutboxQueue;
        const h = pick(process);
        // Checked again: the validator could not check a step that arrived before the settings were loaded,
        // and another step may have landed since (handlers interleave only at awaits). A case from before the lean
        // history (and the step schemas) had its steps checked by the older hand checks: its handler re-check
        // leaves the schema out, so its replay decides as it ran (its validators check new steps in full).
        if (lean) check(process, name, h, i);
        else withoutSchemaChecks(() => check(process, name, h, i));
        const changes = h.apply(i);
        process.touch();
        await outbox.commit(changes, i, name);
        return process.view();
      },
      {
        validator: (i: I) => {
          // Still loading the settings: the handler waits for them and validates then.
          if (!current.process) return;
          check(current.process, name, pick(current.process), i);
        },
      },
    );

  register(caseUpdates.acceptApplication, 'acceptApplication', (p) => p.acceptApplication);
  register(caseUpdates.returnApplication, 'returnApplication', (p) => p.returnApplication);
  register(caseUpdates.startInvestigation, 'startInvestigation', (p) => p.startInvestigation);
  register(caseUpdates.startDataCheck, 'startDataCheck', (p) => p.startDataCheck);
  register(caseUpdates.recordInvestigation, 'recordInvestigation', (p) => p.recordInvestigation);
  register(caseUpdates.contestDataCheck, 'contestDataCheck', (p) => p.contestDataCheck);
  register(caseUpdates.recordRecheck, 'recordRecheck', (p) => p.recordRecheck);
  register(caseUpdates.concludeInvestigation, 'concludeInvestigation', (p) => p.concludeInvestigation);
  register(caseUpdates.recordAppraisal, 'recordAppraisal', (p) => p.recordAppraisal);
  register(caseUpdates.fileObjection, 'fileObjection', (p) => p.fileObjection);
  register(caseUpdates.resolveObjection, 'resolveObjection', (p) => p.resolveObjection);
  register(caseUpdates.townshipReview, 'townshipReview', (p) => p.townshipReview);
  register(caseUpdates.recordHouseholdVisit, 'recordHouseholdVisit', (p) => p.recordHouseholdVisit);
  register(caseUpdates.countyDecision, 'countyDecision', (p) => p.countyDecision);
  register(caseUpdates.withdraw, 'withdraw', (p) => p.withdraw);
  register(caseUpdates.extendDeadline, 'extendDeadline', (p) => p.extendDeadline);

  // The county loaded or corrected holiday schedules: the case recounts its open deadlines with them (the schedules
  // are the signal's payload, in this history). One that arrives while the case is starting waits for it.
  const calendarChanges: CalendarChangedInput[] = [];
  const applyCalendarChange = async (change: CalendarChangedInput) => {
    const process = current.process as CaseProcess;
    if (process.closed) return;
    const changes = process.calendarChanged(change);
    // case.deadline-changed for each deadline that moved, and the search attributes.
    await (current.outbox as OutboxQueue).commit(changes, { actor: change.changedBy ?? SYSTEM_ACTOR }, 'calendarChanged');
  };
  wf.setHandler(caseSignals.calendarChanged, async (change: CalendarChangedInput) => {
    if (current.process && current.outbox) await applyCalendarChange(change);
    else calendarChanges.push(change);
  });

  const settings = started.settings ?? (await settingsLookup.loadCaseSettings({ scheme: started.scheme, township: started.township }));
  const input: CaseWorkflowInput = { ...started, settings };
  const process = new CaseProcess(input, info.workflowId, () => Date.now(), lean);
  const outbox = new OutboxQueue(input, process, lean);
  // case.submitted is queued (synchronously, in this activation) before any waiting step can run.
  const submitting = outbox.commit(process.submitted(), { actor: input.submittedBy, correlationId: input.correlationId }, 'submit');
  current.process = process;
  current.outbox = outbox;
  await submitting;
  for (const change of calendarChanges.splice(0)) await applyCalendarChange(change);

  // The registry's view of the household, for the record; a registry that is down does not stop the case.
  try {
    const snapshot = await (lean ? householdLocalLookup : householdLookup).readHousehold(input.householdId);
    if (snapshot) process.noteHousehold(snapshot);
  } catch (e) {
    wf.log.warn('household lookup failed; the case continues without the snapshot', { error: String(e) });
  }

  const timers = new DeadlineTimers();
  while (!process.closed) {
    const changes = process.onClock();
    if (changes.length > 0) {
      process.touch();
      await outbox.commit(changes, { actor: SYSTEM_ACTOR }, 'timer');
      continue;
    }
    const version = process.version;
    const wakeAt = process.nextWakeAt();
    if (lean) {
      const fired = timers.fired;
      if (wakeAt !== undefined) timers.wakeBy(wakeAt);
      await wf.condition(() => process.version !== version || timers.fired !== fired);
    } else if (wakeAt === undefined) {
      await wf.condition(() => process.version !== version);
    } else {
      await wf.condition(() => process.version !== version, Math.max(1, wakeAt - Date.now()));
    }
  }
  await wf.condition(wf.allHandlersFinished);
  const view = process.view();
  if (view.approval && view.investigation) await startBeneficiary(input, view);
  return view;
}

/**
 * The case's deadline timers under CASE_LEAN_HISTORY: never cancelled (a cancelled timer and its replacement are
 * two more history events on every step). `wakeBy` starts a timer only when none is pending that fires at or
 * before the instant; one that fires early wakes the case, which finds nothing due and waits on.
 */
class DeadlineTimers {
  /** Bumped whenever a timer fires. */
  fired = 0;
  private readonly pending: number[] = [];

  wakeBy(at: number): void {
    if (this.pending.some((t) => t <= at)) return;
    this.pending.push(at);
    wf.sleep(Math.max(1, at - Date.now())).then(
      () => {
        this.pending.splice(this.pending.indexOf(at), 1);
        this.fired++;
      },
      // Cancelled with the workflow: the main loop's condition is cancelled too and ends the case.
      () => undefined,
    );
  }
}
