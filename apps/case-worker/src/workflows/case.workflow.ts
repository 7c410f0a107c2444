import * as wf from '@temporalio/workflow';
import { ApplicationFailure } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import {
  Actor,
  BENEFICIARY_WORKFLOW_TYPE,
  beneficiaryWorkflowId,
  BeneficiaryWorkflowInput,
  buildEnvelope,
  CalendarChangedInput,
  CASE_KIND_BENEFICIARY,
  CASE_KIND_APPLICATION,
  CASE_STARTING,
  caseQueries,
  CaseSearchAttributes,
  caseSignals,
  caseUpdates,
  CaseWorkflowInput,
  CaseView,
  EventDefinition,
  EventEnvelope,
  PayloadOf,
  StepBase,
} from '@dibao/contracts';
import type { CaseActivities, RejectionNotice } from './case-activities';
import { CaseProcess, Change } from './case-process';
import { refusal } from './refusal';

const activities = wf.proxyActivities<CaseActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2 },
});

const householdLookup = wf.proxyActivities<CaseActivities>({
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
        // and another step may have landed since (handlers interleave only at awaits).
        check(process, name, h, i);
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

  const settings = started.settings ?? (await settingsLookup.loadCaseSettings());
  const input: CaseWorkflowInput = { ...started, settings };
  const process = new CaseProcess(input, info.workflowId, () => Date.now());
  const outbox = new OutboxQueue(input, process);
  // case.submitted is queued (synchronously, in this activation) before any waiting step can run.
  const submitting = outbox.commit(process.submitted(), { actor: input.submittedBy, correlationId: input.correlationId }, 'submit');
  current.process = process;
  current.outbox = outbox;
  await submitting;
  for (const change of calendarChanges.splice(0)) await applyCalendarChange(change);

  // The registry's view of the household, for the record; a registry that is down does not stop the case.
  try {
    const snapshot = await householdLookup.readHousehold(input.householdId);
    if (snapshot) process.noteHousehold(snapshot);
  } catch (e) {
    wf.log.warn('household lookup failed; the case continues without the snapshot', { error: String(e) });
  }

  while (!process.closed) {
    const changes = process.onClock();
    if (changes.length > 0) {
      process.touch();
      await outbox.commit(changes, { actor: SYSTEM_ACTOR }, 'timer');
      continue;
    }
    const version = process.version;
    const wakeAt = process.nextWakeAt();
    if (wakeAt === undefined) {
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
 * Hands an approved household over to its beneficiary workflow: a child with ParentClosePolicy ABANDON, so it
 * outlives this case; started (not awaited) before the case closes, recorded in this history. A household
 * that already has a running beneficiary workflow keeps it (logged).
 */
async function startBeneficiary(input: CaseWorkflowInput, view: CaseView): Promise<void> {
  const approval = view.approval!;
  const investigation = view.investigation!;
  const beneficiary: BeneficiaryWorkflowInput = {
    householdId: input.householdId,
    township: input.township,
    scheme: input.scheme,
    caseId: input.caseId,
    approvedOn: approval.approvedOn,
    monthlyAmountFen: approval.monthlyAmountFen,
    persons: approval.persons,
    facts: { members: investigation.members, incomes: investigation.incomes, deductions: investigation.deductions },
    settings: input.settings!,
    ...(input.settings?.beneficiary ? { beneficiary: input.settings.beneficiary } : {}),
    approvedBy: view.history[view.history.length - 1]?.actor ?? SYSTEM_ACTOR,
    ...(input.correlationId ? { correlationId: input.correlationId } : {}),
    ...(approval.fullStandardRule ? { fullStandardRule: approval.fullStandardRule } : {}),
  };
  try {
    await wf.startChild(BENEFICIARY_WORKFLOW_TYPE, {
      workflowId: beneficiaryWorkflowId(input.householdId),
      args: [beneficiary],
      parentClosePolicy: wf.ParentClosePolicy.ABANDON,
      typedSearchAttributes: [
        { key: CaseSearchAttributes.stage, value: 'active' },
        { key: CaseSearchAttributes.township, value: input.township },
        { key: CaseSearchAttributes.scheme, value: input.scheme },
        { key: CaseSearchAttributes.household, value: input.householdId },
        { key: CaseSearchAttributes.caseKind, value: CASE_KIND_BENEFICIARY },
        { key: CaseSearchAttributes.overdue, value: false },
      ],
    });
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
    wf.log.warn('the household already has a beneficiary workflow; it keeps it', { householdId: input.householdId });
  }
}

/**
 * Turns changes into event envelopes (ids from the workflow's deterministic uuid4) and search-attribute
 * upserts, and writes them through the commit activity one batch at a time, in order.
 */
class OutboxQueue {
  private pending: { events: EventEnvelope[]; notices: RejectionNotice[] } = { events: [], notices: [] };
  private flushing = false;
  private lastUpsert = '';

  constructor(
    private readonly input: CaseWorkflowInput,
    private readonly process: CaseProcess,
  ) {}

  async commit(changes: Change[], step: StepBase, _action: string): Promise<void> {
    const correlationId = step.correlationId ?? this.input.correlationId ?? wf.workflowInfo().workflowId;
    for (const change of changes) {
      if (change.kind === 'event') {
        this.pending.events.push(this.envelope(change.def, change.payload, step.actor, correlationId));
      } else if (change.kind === 'notice') {
        this.pending.notices.push(change.notice);
      }
    }
    this.upsertSearchAttributes();
    const nothingPending = () => this.pending.events.length === 0 && this.pending.notices.length === 0;
    if (nothingPending()) return;
    // One flusher at a time, in order; a flusher that is running also sends what was queued meanwhile.
    while (this.flushing) await wf.condition(() => !this.flushing);
    if (nothingPending()) return;
    this.flushing = true;
    try {
      while (this.pending.events.length > 0 || this.pending.notices.length > 0) {
        const batch = this.pending;
        this.pending = { events: [], notices: [] };
        await activities.commitCaseChange({ events: batch.events, notices: batch.notices });
      }
    } finally {
      this.flushing = false;
    }
  }

  private envelope<D extends EventDefinition>(def: D, payload: PayloadOf<D>, actor: Actor, correlationId: string): EventEnvelope {
    return buildEnvelope(
      def,
      { eventId: wf.uuid4(), occurredAt: new Date().toISOString(), correlationId, actor, key: this.input.caseId },
      payload,
    );
  }

  private upsertSearchAttributes(): void {
    const sa = this.process.searchAttributes();
    // Only when something changed: every upsert is a command in the history.
    const key = `${sa.stage}|${sa.overdue}|${sa.stageDeadline?.getTime() ?? ''}`;
    if (key === this.lastUpsert) return;
    this.lastUpsert = key;
    wf.upsertSearchAttributes([
      { key: CaseSearchAttributes.stage, value: sa.stage },
      { key: CaseSearchAttributes.township, value: this.input.township },
      { key: CaseSearchAttributes.scheme, value: this.input.scheme },
      { key: CaseSearchAttributes.household, value: this.input.householdId },
      { key: CaseSearchAttributes.caseKind, value: CASE_KIND_APPLICATION },
      { key: CaseSearchAttributes.overdue, value: sa.overdue },
      { key: CaseSearchAttributes.stageDeadline, value: sa.stageDeadline ?? null },
    ]);
  }
}
