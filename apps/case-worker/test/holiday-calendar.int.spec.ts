import { randomUUID } from 'crypto';
import { Client, Connection, WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { CASE_WORKFLOW_TYPE, caseQueries, CaseView, caseWorkflowId, CaseWorkflowInput } from '@dibao/contracts';
import { HOLIDAY_SCHEDULES, HolidaySchedule } from '@dibao/domain';
import { testStack } from '@dibao/platform/testing';
import { signalCalendarChanged } from '../src/activities/holiday-calendar.activities';
import { caseSettings } from '../src/case-settings';
import { bundleCaseWorkflows, createCaseWorker } from '../src/worker';
import type { CaseActivities } from '../src/workflows/case-activities';

// The calendarChanged fan-out on the real Temporal server (visibility listing, signals): cases of a township of
// their own, so nothing else on the server is signalled. Issue 18 item 5: a year loaded after cases counted into it.
jest.setTimeout(120_000);

const township = `CAL${randomUUID().slice(0, 8)}`;
const activities: CaseActivities = {
  commitCaseChange: async () => undefined,
  readHousehold: async () => null,
  loadCaseSettings: async () => caseSettings({}),
  standardRaisesFor: async () => [],
};

let connection: Connection;
let client: Client;
let native: NativeConnection;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `holiday-calendar-${randomUUID()}`;
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

async function until(h: WorkflowHandle, ok: (v: CaseView) => boolean, timeoutMs = 20_000): Promise<CaseView> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await h.query(caseQueries.caseState).catch(() => undefined);
    if (v && ok(v)) return v;
    if (Date.now() > end) throw new Error(`case ${h.workflowId} did not get there: ${JSON.stringify(v?.holidayYearsMissing)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

it('signals every running case of the township with the new schedules; each recounts and no longer reports the year missing', async () => {
  // Real time: the cases are accepted today. They start with the schedules of the years before this one only, so
  // this year counts provisionally; the signal then brings this year's schedule.
  const thisYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
  const older = HOLIDAY_SCHEDULES.filter((s) => s.year < thisYear);
  const handles: WorkflowHandle[] = [];
  for (let i = 0; i < 3; i++) {
    const caseId = randomUUID();
    const input: CaseWorkflowInput = {
      caseId,
      householdId: `hh-${caseId.slice(0, 8)}`,
      township,
      scheme: 'urban',
      applicant: { kind: 'head' },
      claimedMonthlyIncomeFen: 10_000,
      registeredSeparately: false,
      submittedBy: { id: 'cw-1', role: 'caseworker', township },
      settings: { ...caseSettings({}), holidaySchedules: older as HolidaySchedule[] },
    };
    const h = await client.workflow.start(CASE_WORKFLOW_TYPE, { workflowId: caseWorkflowId(caseId), taskQueue, args: [input] });
    started.push(h);
    handles.push(h);
  }
  for (const h of handles) {
    await h.executeUpdate('acceptApplication', { args: [{ actor: { id: 'cw-1', role: 'caseworker', township } }] });
    const v = await until(h, (s) => s.stage === 'investigation');
    expect(v.holidayYearsMissing).toContain(thisYear);
    expect(v.overallDeadline?.provisional).toBe(true);
  }

  // Visibility is eventually consistent: signal until the listing has reached all three.
  const schedules = [...HOLIDAY_SCHEDULES] as HolidaySchedule[];
  let signalled = 0;
  for (let attempt = 0; attempt < 50 && signalled < 3; attempt++) {
    signalled = await signalCalendarChanged({ client, namespace: testStack.temporalNamespace }, { schedules, reason: 'test' }, { township, pageSize: 2 });
    if (signalled < 3) await new Promise((r) => setTimeout(r, 300));
  }
  expect(signalled).toBe(3);
  for (const h of handles) {
    const v = await until(h, (s) => s.history.some((e) => e.action === 'calendarChanged'));
    if (HOLIDAY_SCHEDULES.some((s) => s.year === thisYear)) {
      expect(v.holidayYearsMissing ?? []).not.toContain(thisYear);
    }
  }
});
