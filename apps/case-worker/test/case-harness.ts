import { randomUUID } from 'crypto';
import { WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import { DefaultLogger, Runtime, Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DibaoPolicy, HolidaySchedule } from '@dibao/domain';
import {
  Actor,
  CASE_WORKFLOW_TYPE,
  caseQueries,
  CaseRefusalDetails,
  CaseSearchAttributes,
  caseUpdates,
  CaseUpdateName,
  CaseView,
  caseWorkflowId,
  CaseWorkflowInput,
  EventEnvelope,
  RecordInvestigationInput,
  StandardRaise,
} from '@dibao/contracts';
import { caseSettings, CaseSettingsOverrides } from '../src/case-settings';
import { bundleCaseWorkflows, createCaseWorker } from '../src/worker';
import type { CaseActivities, CaseChange, RejectionNotice } from '../src/workflows/case-activities';
import { TimeSkippingServer } from './time-skipping-server';

export const T = 'T01';
export const caseworker: Actor = { id: 'cw-1', role: 'caseworker', township: T };
export const reviewer: Actor = { id: 'tr-1', role: 'township_reviewer', township: T };
export const approver: Actor = { id: 'ca-1', role: 'county_approver' };

/** Activities as test doubles that record what the workflow committed. */
export class RecordingActivities implements Omit<CaseActivities, 'loadCaseSettings'> {
  readonly events: EventEnvelope[] = [];
  readonly notices: RejectionNotice[] = [];
  commits = 0;
  /** Settings lookups that still have to be slow (each takes longer than the local activity's 5 s timeout). */
  slowSettingsLookups = 0;

  /** Cases whose next commit is written but then reported as failed (a crash after the database commit). */
  readonly failAfterWrite = new Set<string>();

  async commitCaseChange(change: CaseChange): Promise<void> {
    this.commits++;
    const key = change.events[0]?.key;
    const crash = key !== undefined && this.failAfterWrite.delete(key);
    for (const e of change.events) if (!this.events.some((x) => x.eventId === e.eventId)) this.events.push(e);
    for (const n of change.notices ?? []) if (!this.notices.some((x) => x.noticeId === n.noticeId)) this.notices.push(n);
    this.attempts.push(...change.events.map((e) => e.eventId));
    if (crash) throw new Error('connection lost after commit');
  }

  /** Every event id of every attempt, duplicates included. */
  readonly attempts: string[] = [];

  async readHousehold(): Promise<null> {
    return null;
  }

  /** Raised standards "recorded by the worker" (the real one reads its standard_raises table). */
  readonly raises: StandardRaise[] = [];

  async standardRaisesFor(request: { scheme: 'urban' | 'rural'; township: string }): Promise<StandardRaise[]> {
    return this.raises.filter((r) => r.scheme === request.scheme);
  }

  of(caseId: string, type?: string): EventEnvelope[] {
    return this.events.filter((e) => e.key === caseId && (type === undefined || e.type === type));
  }
}

export interface SubmitOptions extends CaseSettingsOverrides {
  extraHolidaySchedules?: HolidaySchedule[];
  policy?: (base: DibaoPolicy) => DibaoPolicy;
}

let bundle: WorkflowBundleWithSourceMap | undefined;
let runtimeInstalled = false;

/** One test server and one worker per test file; a fresh case id per test. */
export class CaseHarness {
  private running?: Promise<void>;

  private constructor(
    readonly server: TimeSkippingServer,
    readonly worker: Worker,
    readonly activities: RecordingActivities,
    readonly taskQueue: string,
  ) {}

  static async start(): Promise<CaseHarness> {
    if (!runtimeInstalled) {
      runtimeInstalled = true;
      Runtime.install({ logger: new DefaultLogger('WARN') });
    }
    const server = await TimeSkippingServer.start();
    bundle ??= await bundleCaseWorkflows();
    const activities = new RecordingActivities();
    const taskQueue = `cases-${randomUUID()}`;
    const worker = await createCaseWorker({
      connection: server.nativeConnection,
      namespace: 'default',
      taskQueue,
      // The worker registers an object's own functions, not a class's prototype methods.
      activities: {
        commitCaseChange: (change) => activities.commitCaseChange(change),
        readHousehold: () => activities.readHousehold(),
        standardRaisesFor: (request) => activities.standardRaisesFor(request),
        loadCaseSettings: async () => {
          if (activities.slowSettingsLookups > 0) {
            activities.slowSettingsLookups--;
            await new Promise((r) => setTimeout(r, 5_500));
          }
          return caseSettings({});
        },
      },
      bundle,
    });
    const h = new CaseHarness(server, worker, activities, taskQueue);
    h.running = worker.run();
    return h;
  }

  /** Replays a finished case's history against the current workflow code: fails on any non-determinism. */
  async replay(c: CaseUnderTest): Promise<void> {
    const history = await c.handle.fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: bundle }, history, c.handle.workflowId);
  }

  async stop(): Promise<void> {
    this.worker.shutdown();
    await this.running;
    await this.server.stop();
    // The native runtime keeps the process alive until it is shut down.
    await Runtime.instance().shutdown();
  }

  async submit(overrides: Partial<Omit<CaseWorkflowInput, 'settings'>> = {}, options: SubmitOptions = {}): Promise<CaseUnderTest> {
    const caseId = overrides.caseId ?? randomUUID();
    const { extraHolidaySchedules, policy, ...env } = options;
    const base = caseSettings(env);
    const input: CaseWorkflowInput = {
      caseId,
      householdId: `hh-${caseId.slice(0, 8)}`,
      township: T,
      scheme: 'urban',
      applicant: { kind: 'head' },
      claimedMonthlyIncomeFen: 10_000,
      registeredSeparately: false,
      submittedBy: caseworker,
      ...overrides,
      settings: {
        ...base,
        ...(policy ? { policy: policy(base.policy) } : {}),
        ...(extraHolidaySchedules ? { extraHolidaySchedules } : {}),
      },
    };
    const handle = await this.server.client.workflow.start(CASE_WORKFLOW_TYPE, {
      workflowId: caseWorkflowId(caseId),
      taskQueue: this.taskQueue,
      args: [input],
    });
    const c = new CaseUnderTest(this, caseId, handle);
    await c.until((v) => v.history.length > 0);
    return c;
  }
}

/** Two-person urban household: 100 yuan wages a month in all, both able to work. */
export function investigation(overrides: Partial<RecordInvestigationInput> = {}): RecordInvestigationInput {
  return {
    actor: caseworker,
    investigators: ['inv-a', 'inv-b'],
    members: [
      { id: 'm1', ableToWork: true, hasLegalSupporter: false },
      { id: 'm2', ableToWork: true, hasLegalSupporter: false },
    ],
    incomes: [{ category: 'wages', amount: 10_000, period: 'monthly', memberId: 'm1' }],
    assets: { financialAssetsFen: 0, motorVehicles: 0, additionalDwellings: 0 },
    dataCheck: { result: 'passed' },
    ...overrides,
  };
}

/** 15 people took part, 10 of them villager representatives (B art. 22: at least 2/3); 10 of the 13 for or against approve. */
export const passingTally = {
  attendees: 15,
  villagerRepresentatives: 10,
  representativesTotal: 12,
  approve: 10,
  reject: 3,
  abstain: 1,
  invalid: 1,
};

export class CaseUnderTest {
  constructor(
    readonly harness: CaseHarness,
    readonly caseId: string,
    readonly handle: WorkflowHandle,
  ) {}

  state(): Promise<CaseView> {
    return this.handle.query(caseQueries.caseState);
  }

  /** Polls the query until the predicate holds (the worker processes timers asynchronously). */
  async until(predicate: (v: CaseView) => boolean, timeoutMs = 10_000): Promise<CaseView> {
    const deadline = Date.now() + timeoutMs;
    let last: CaseView | undefined;
    for (;;) {
      try {
        last = await this.state();
        if (predicate(last)) return last;
      } catch {
        // not started yet
      }
      if (Date.now() > deadline) {
        throw new Error(`case ${this.caseId} did not reach the expected state; last: stage ${last?.stage}, waiting for ${last?.waitingFor}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  step(name: CaseUpdateName, input: object): Promise<CaseView> {
    return this.handle.executeUpdate(caseUpdates[name] as UpdateDefinition<CaseView, [object]>, { args: [input] });
  }

  /** The step's refusal: its ApplicationFailure type, message and details. */
  async refused(name: CaseUpdateName, input: object): Promise<{ type: string; message: string; details: CaseRefusalDetails }> {
    try {
      await this.step(name, input);
    } catch (e) {
      const cause = (e as { cause?: ApplicationFailure }).cause;
      if (cause instanceof ApplicationFailure) {
        return { type: cause.type ?? '', message: cause.message, details: cause.details?.[0] as CaseRefusalDetails };
      }
      throw e;
    }
    throw new Error(`${name} was not refused`);
  }

  async searchAttributes() {
    const d = await this.handle.describe();
    return {
      stage: d.typedSearchAttributes.get(CaseSearchAttributes.stage),
      overdue: d.typedSearchAttributes.get(CaseSearchAttributes.overdue),
      township: d.typedSearchAttributes.get(CaseSearchAttributes.township),
      scheme: d.typedSearchAttributes.get(CaseSearchAttributes.scheme),
      stageDeadline: d.typedSearchAttributes.get(CaseSearchAttributes.stageDeadline),
    };
  }

  events(type?: string): EventEnvelope[] {
    return this.harness.activities.of(this.caseId, type);
  }

  /** Straight to publicity: accept, investigate, appraise. */
  async toPublicity(): Promise<CaseView> {
    await this.step('acceptApplication', { actor: caseworker });
    await this.step('recordInvestigation', investigation());
    return this.step('recordAppraisal', { actor: caseworker, meetingOn: await this.today(), tally: passingTally });
  }

  /** Publicity runs its 7 days. */
  async throughPublicity(): Promise<CaseView> {
    const v = await this.state();
    await this.harness.server.sleepUntil(Date.parse(v.publicity!.endsAt) + 1000);
    return this.until((s) => s.stage === 'township_review');
  }

  async today(): Promise<string> {
    const now = await this.harness.server.now();
    return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
  }
}
