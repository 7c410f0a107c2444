import { randomUUID } from 'crypto';
import { Client, Connection, WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { CampaignResult, ReviewCampaignInput, ReviewCampaignProgress, reviewCampaignQueries, reviewCampaignSignals, reviewCampaignWorkflowId } from '@dibao/contracts';
import { testStack } from '@dibao/platform/testing';
import { bundleCaseWorkflows, createCaseWorker } from '../src/worker';
import type { CampaignActivities, CaseActivities } from '../src/workflows/case-activities';

// The review campaign on the real Temporal server (continue-as-new and signals with the server's own semantics),
// its activities replaced by a list of five beneficiaries. Runs are kept tiny so both phases continue as new:
// a county campaign (~89,000 households) gets as many results, which one history could not hold.
jest.setTimeout(120_000);

const households = ['H1', 'H2', 'H3', 'H4', 'H5'];
const signalled: string[][] = [];
const notHere = async (): Promise<never> => {
  throw new Error('a campaign does not use the case activities');
};
const activities: CaseActivities & Pick<CampaignActivities, 'listDueBeneficiaries' | 'signalCampaignReview'> = {
  commitCaseChange: notHere,
  readHousehold: notHere,
  loadCaseSettings: notHere,
  standardRaisesFor: notHere,
  async listDueBeneficiaries(request) {
    const from = request.pageToken ? Number(request.pageToken) : 0;
    const ids = households.slice(from, from + request.pageSize).map((h) => `dibao-beneficiary-${h}`);
    const next = from + request.pageSize;
    return { workflowIds: ids, ...(next < households.length ? { nextPageToken: String(next) } : {}) };
  },
  async signalCampaignReview(request) {
    signalled.push(request.workflowIds);
    return request.workflowIds.length;
  },
};

let connection: Connection;
let client: Client;
let native: NativeConnection;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `campaigns-${randomUUID()}`;
const started: WorkflowHandle[] = [];

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  connection = await Connection.connect({ address: testStack.temporalAddress });
  client = new Client({ connection, namespace: testStack.temporalNamespace });
  native = await NativeConnection.connect({ address: testStack.temporalAddress });
  worker = await createCaseWorker({ connection: native, namespace: testStack.temporalNamespace, taskQueue, activities, bundle: await bundleCaseWorkflows() });
  running = worker.run();
}, 300_000);

afterAll(async () => {
  for (const h of started) await client.workflow.getHandle(h.workflowId).terminate('test over').catch(() => undefined);
  worker?.shutdown();
  await running;
  await native?.close();
  await connection?.close();
  await Runtime.instance().shutdown();
});

const base = (campaignKey: string): ReviewCampaignInput => ({
  campaignKey,
  dueBy: '2026-12-31',
  startedBy: { id: 'county-1', role: 'county_approver' },
  batchSize: 2,
  pauseMs: 50,
  resultWaitDays: 30,
});

async function start(input: ReviewCampaignInput): Promise<WorkflowHandle> {
  const h = await client.workflow.start('reviewCampaign', { workflowId: reviewCampaignWorkflowId(input.campaignKey), taskQueue, args: [input] });
  started.push(h);
  return h;
}

async function until(key: string, predicate: (p: ReviewCampaignProgress) => boolean, timeoutMs = 30_000): Promise<ReviewCampaignProgress> {
  const deadline = Date.now() + timeoutMs;
  let last: ReviewCampaignProgress | undefined;
  for (;;) {
    try {
      last = await client.workflow.getHandle(reviewCampaignWorkflowId(key)).query(reviewCampaignQueries.progress);
      if (predicate(last)) return last;
    } catch {
      // between two runs
    }
    if (Date.now() > deadline) throw new Error(`campaign ${key} did not get there: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const report = (key: string, result: CampaignResult) =>
  client.workflow.getHandle(reviewCampaignWorkflowId(key)).signal(reviewCampaignSignals.reviewed, result);

/** The runs of a campaign, from the first: each run's history ends with the next run's id. */
async function runsOf(handle: WorkflowHandle & { firstExecutionRunId: string }): Promise<number> {
  let runs = 1;
  let runId: string | undefined = handle.firstExecutionRunId;
  for (;;) {
    const history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> = await client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    const next: string | null | undefined = events[events.length - 1]?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    if (!next) return runs;
    runs++;
    runId = next;
  }
}

describe('review campaign at county scale: continue-as-new in both phases (real Temporal)', () => {
  it('signals every due beneficiary once across runs and sums the results of every run', async () => {
    const key = `county-${randomUUID().slice(0, 8)}`;
    signalled.length = 0;
    const handle = (await start({ ...base(key), batchesPerRun: 1, reportsPerRun: 2 })) as WorkflowHandle & { firstExecutionRunId: string };
    expect(await until(key, (p) => p.status === 'awaiting-results')).toMatchObject({ signalled: 5, batches: 3, reportedCount: 0 });
    expect(signalled.flat().sort()).toEqual(households.map((h) => `dibao-beneficiary-${h}`));
    // 3 batches at 1 per run.
    expect(await runsOf(handle)).toBe(3);

    const outcomes: CampaignResult['outcome'][] = ['keep', 'change', 'suspend', 'terminate', 'gradual-exit'];
    await report(key, { householdId: 'H1', outcome: 'keep' });
    await report(key, { householdId: 'H1', outcome: 'keep' }); // a repeat counts once
    await report(key, { householdId: 'H2', outcome: 'change' });
    await until(key, (p) => p.reportedCount === 2);
    for (const [i, h] of households.entries()) if (i >= 2) await report(key, { householdId: h, outcome: outcomes[i]! });
    const done = (await handle.result()) as ReviewCampaignProgress;
    expect(done).toMatchObject({ status: 'completed', signalled: 5, reportedCount: 5, summary: { kept: 1, changed: 1, suspended: 1, ended: 2, pending: 0 } });
    expect(done.reported).toEqual([]);
    // The result phase continued as new after 2 results: the history of each run stays small.
    expect(await runsOf(handle)).toBeGreaterThanOrEqual(4);
  });

  it('closes with the missing results as pending when the wait is over', async () => {
    const key = `township-${randomUUID().slice(0, 8)}`;
    // 3 seconds of waiting for results instead of 30 days.
    const handle = await start({ ...base(key), township: 'T01', batchSize: 5, resultWaitDays: 3 / 86_400, reportsPerRun: 2 });
    await until(key, (p) => p.status === 'awaiting-results');
    await report(key, { householdId: 'H1', outcome: 'keep' });
    await report(key, { householdId: 'H2', outcome: 'keep' });
    await report(key, { householdId: 'H3', outcome: 'suspend' });
    const done = (await handle.result()) as ReviewCampaignProgress;
    expect(done).toMatchObject({ status: 'completed', signalled: 5, reportedCount: 3, summary: { kept: 2, changed: 0, suspended: 1, ended: 0, pending: 2 } });
  });
});
