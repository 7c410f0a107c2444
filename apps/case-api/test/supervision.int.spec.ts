import { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'crypto';
import { Kafka, logLevel, Producer } from 'kafkajs';
import request from 'supertest';
import {
  CASE_KIND_APPLICATION,
  CASE_WORKFLOW_TYPE,
  CaseSearchAttributes,
  CaseStageChanged,
  CaseStageOverdue,
  CaseSubmitted,
  caseWorkflowId,
  EventDefinition,
  EventEnvelope,
  InspectionOrderOverdue,
  PayloadOf,
} from '@dibao/contracts';
import { newEvent } from '@dibao/platform';
import { eventually, freshDatabase, testStack, testToken } from '@dibao/platform/testing';
import { buildApp } from '../src/app';
import { caseApiConfigSchema } from '../src/config';

/*
 * Supervision against the real stack. Visibility: cases are started as real `caseWorkflow` executions in the test
 * namespace with the search attributes the workflow keeps, on a task queue no worker polls (so they stay exactly
 * where the test put them; the workflow's own overdue marking is covered by cases.int.spec.ts). The feed: events
 * published to the real topics are consumed by case-api's own group into its own database.
 */
jest.setTimeout(120_000);

const run = randomUUID().slice(0, 6);
const T1 = `SV${run}A`;
const T2 = `SV${run}B`;
const supervisor = testToken('supervisor', undefined, 'sv-test');
const DAY = 86_400_000;

let api: INestApplication;
let client: Client;
let producer: Producer;
const started: string[] = [];

async function startCase(township: string, stage: string, opts: { deadlineDaysFromNow?: number; overdue?: boolean; scheme?: string } = {}) {
  const caseId = `sv-${run}-${started.length}`;
  const workflowId = caseWorkflowId(caseId);
  await client.workflow.start(CASE_WORKFLOW_TYPE, {
    workflowId,
    taskQueue: `supervision-it-nobody-${run}`,
    args: [{}],
    typedSearchAttributes: [
      { key: CaseSearchAttributes.stage, value: stage },
      { key: CaseSearchAttributes.township, value: township },
      { key: CaseSearchAttributes.scheme, value: opts.scheme ?? 'rural' },
      { key: CaseSearchAttributes.household, value: `hh-${caseId}` },
      { key: CaseSearchAttributes.caseKind, value: CASE_KIND_APPLICATION },
      { key: CaseSearchAttributes.overdue, value: opts.overdue ?? false },
      ...(opts.deadlineDaysFromNow !== undefined
        ? [{ key: CaseSearchAttributes.stageDeadline, value: new Date(Date.now() + opts.deadlineDaysFromNow * DAY) }]
        : []),
    ],
  });
  started.push(workflowId);
  return caseId;
}

async function publish<D extends EventDefinition>(def: D, key: string, payload: PayloadOf<D>, occurredAt?: string, eventId?: string) {
  const e: EventEnvelope = { ...newEvent(def, key, payload, { id: 'cw-wang', role: 'caseworker', township: T1 }, eventId) };
  if (occurredAt) e.occurredAt = occurredAt;
  await producer.send({ topic: def.topic, messages: [{ key, value: JSON.stringify(e) }] });
  return e;
}

const get = (path: string, token = supervisor) => request(api.getHttpServer()).get(path).set('authorization', `Bearer ${token}`);

beforeAll(async () => {
  const databaseUrl = await freshDatabase('case_api_supervision_it');
  client = new Client({ connection: await Connection.connect({ address: testStack.temporalAddress }), namespace: testStack.temporalNamespace });
  api = await buildApp(
    caseApiConfigSchema.parse({
      SERVICE_NAME: 'case-api-supervision-it',
      LOG_LEVEL: 'warn',
      JWT_SECRET: testStack.jwtSecret,
      TEMPORAL_ADDRESS: testStack.temporalAddress,
      TEMPORAL_NAMESPACE: testStack.temporalNamespace,
      SUPERVISION_DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: testStack.kafkaBrokers.join(','),
      KAFKA_FROM_BEGINNING: 'false',
      SUPERVISION_CONSUMER_GROUP: `case-api-supervision-it-${run}`,
      SUPERVISION_TOWNSHIPS: `${T1},${T2}`,
      SUPERVISION_STALLED_DAYS: '3',
      // Nothing listens here: the report's sections from payments and inspections must say so, not fail.
      PAYMENTS_URL: 'http://127.0.0.1:9',
      INSPECTIONS_URL: 'http://127.0.0.1:9',
    }),
  );
  await api.startAllMicroservices();
  await api.init();
  const kafka = new Kafka({ clientId: `supervision-it-${run}`, brokers: testStack.kafkaBrokers, logLevel: logLevel.NOTHING });
  producer = kafka.producer();
  await producer.connect();
  // The group starts at new events only: publish once it has its partitions.
  const admin = kafka.admin();
  await admin.connect();
  await eventually(async () => (await admin.describeGroups([`case-api-supervision-it-${run}`])).groups[0]?.state === 'Stable', 30_000, 200);
  await admin.disconnect();

  await startCase(T1, 'investigation', { deadlineDaysFromNow: 2 });
  await startCase(T1, 'investigation', { deadlineDaysFromNow: -1, overdue: true });
  await startCase(T1, 'appraisal', { deadlineDaysFromNow: -10, overdue: true });
  await startCase(T1, 'township_review', { scheme: 'urban' });
  await startCase(T2, 'application', { deadlineDaysFromNow: 3 });
  // Indexed asynchronously: wait until visibility sees all five.
  await eventually(async () => (await client.workflowService.countWorkflowExecutions({
    namespace: testStack.temporalNamespace,
    query: `DibaoTownship IN ('${T1}', '${T2}') AND ExecutionStatus = 'Running'`,
  })).count?.toString() === '5', 20_000, 200);
});

afterAll(async () => {
  await Promise.all(started.map((id) => client.workflow.getHandle(id).terminate('supervision test done').catch(() => undefined)));
  await producer?.disconnect();
  await api?.close();
  await client?.connection.close();
});

describe('supervision overview (Temporal visibility)', () => {
  it('counts open cases per township and stage, overdue and stalled', async () => {
    const res = await get('/api/v1/supervision/overview').expect(200);
    const t1 = res.body.townships.find((t: { township: string }) => t.township === T1);
    const t2 = res.body.townships.find((t: { township: string }) => t.township === T2);
    expect(t1).toMatchObject({ open: 4, overdue: 2, stalled: 1, byStage: { investigation: 2, appraisal: 1, township_review: 1, application: 0 } });
    expect(t2).toMatchObject({ open: 1, overdue: 0, stalled: 0, byStage: { application: 1 } });
    expect(res.body.totals).toMatchObject({ open: 5, overdue: 2, stalled: 1 });
    expect(res.body.visibility.queries).toBe(2 * 8);
  });

  it('filters by scheme', async () => {
    const res = await get('/api/v1/supervision/overview?scheme=urban').expect(200);
    expect(res.body.totals).toMatchObject({ open: 1, overdue: 0 });
  });

  it("drills down into a township's overdue cases with days past the deadline, most late first", async () => {
    const res = await get(`/api/v1/supervision/townships/${T1}/cases?kind=overdue`).expect(200);
    expect(res.body.items.map((c: { stage: string }) => c.stage)).toEqual(['appraisal', 'investigation']);
    expect(res.body.items[0]).toMatchObject({ township: T1, overdue: true, stalled: true, daysPastDeadline: 10 });
    expect(res.body.items[1]).toMatchObject({ stalled: false, daysPastDeadline: 1 });
    const stalled = await get(`/api/v1/supervision/townships/${T1}/cases?kind=stalled`).expect(200);
    expect(stalled.body.items).toHaveLength(1);
    const open = await get(`/api/v1/supervision/townships/${T2}/cases`).expect(200);
    expect(open.body.items).toHaveLength(1);
  });

  it('refuses bad input and roles that may not supervise', async () => {
    await get(`/api/v1/supervision/townships/${T1}/cases?kind=late`).expect(400);
    await get(`/api/v1/supervision/townships/${T1}/cases?stage=approved`).expect(400);
    await get(`/api/v1/supervision/townships/${encodeURIComponent("T1' OR 1=1")}/cases`).expect(400);
    await get('/api/v1/supervision/overview', testToken('caseworker', T1)).expect(403);
    await get('/api/v1/supervision/overview', testToken('finance')).expect(403);
    await request(api.getHttpServer()).get('/api/v1/supervision/overview').expect(401);
  });
});

describe('the alert feed and stage statistics (events)', () => {
  it('records case.stage-overdue and inspection.order-overdue once each, paged', async () => {
    const overdue = await publish(CaseStageOverdue, 'case-a', { caseId: 'case-a', householdId: 'hh-a', township: T1, scheme: 'rural', stage: 'investigation', deadline: '2026-03-02', daysLate: 4 });
    // The same event again (a redelivery) changes nothing.
    await publish(CaseStageOverdue, 'case-a', overdue.payload as PayloadOf<typeof CaseStageOverdue>, overdue.occurredAt, overdue.eventId);
    await publish(InspectionOrderOverdue, 'order-1', { orderId: 'order-1', campaignId: 'camp-1', township: T2, deadline: '2026-03-01', flaggedOn: '2026-03-05', daysLate: 4 });
    const all = await eventually(async () => {
      const res = await get('/api/v1/supervision/alerts?pageSize=10').expect(200);
      return res.body.items.length >= 2 ? res.body : undefined;
    }, 30_000, 300);
    expect(all.items).toHaveLength(2);
    expect(all.items[0]).toMatchObject({ kind: 'case.stage-overdue', township: T1, caseId: 'case-a', stage: 'investigation', daysLate: 4, deadline: '2026-03-02' });
    expect(all.items[1]).toMatchObject({ kind: 'inspection.order-overdue', township: T2, orderId: 'order-1' });
    const first = await get('/api/v1/supervision/alerts?pageSize=1').expect(200);
    expect(first.body.items).toHaveLength(1);
    const second = await get(`/api/v1/supervision/alerts?pageSize=1&after=${first.body.nextAfter}`).expect(200);
    expect(second.body.items[0].kind).toBe('inspection.order-overdue');
    expect(second.body.nextAfter).toBeUndefined();
    const later = await get(`/api/v1/supervision/alerts?since=${encodeURIComponent(new Date(Date.now() + DAY).toISOString())}`).expect(200);
    expect(later.body.items).toHaveLength(0);
    await get('/api/v1/supervision/alerts?since=yesterday').expect(400);
  });

  it('gives the median and 90th percentile per stage and the caseworkers with open cases', async () => {
    const base = Date.parse('2026-02-02T01:00:00Z');
    const at = (hours: number) => new Date(base + hours * 3_600_000).toISOString();
    // Ten cases in T1 that spent 1…10 hours in application; one still in investigation.
    for (let i = 1; i <= 10; i++) {
      const ref = { caseId: `st-${run}-${i}`, householdId: `hh-st-${i}`, township: T1, scheme: 'rural' as const };
      await publish(CaseSubmitted, ref.caseId, { ...ref, submittedOn: '2026-02-02', applicantKind: 'head', claimedMonthlyIncomeFen: 0, registeredSeparately: false }, at(0));
      await publish(CaseStageChanged, ref.caseId, { ...ref, from: 'application', to: i === 10 ? 'investigation' : 'withdrawn' }, at(i));
    }
    const times = await eventually(async () => {
      const res = await get(`/api/v1/supervision/stage-times?township=${T1}`).expect(200);
      return res.body.items.find((x: { stage: string; cases: number }) => x.stage === 'application' && x.cases === 10);
    }, 30_000, 300);
    expect(times).toMatchObject({ township: T1, medianHours: 5.5, p90Hours: 9.1 });
    const load = await eventually(async () => {
      const res = await get(`/api/v1/supervision/workload?township=${T1}`).expect(200);
      return res.body.caseworkers?.length ? res.body : undefined;
    });
    expect(load.townships).toEqual([{ township: T1, open: 4, overdue: 2, stalled: 1 }]);
    expect(load.caseworkers).toEqual([{ township: T1, caseworker: 'cw-wang', openCases: 1, stepsLast30Days: expect.any(Number) }]);
  });
});

describe('the work report', () => {
  it('answers JSON with open cases, and says which sources were not reachable', async () => {
    const res = await get('/api/v1/reports/work-report?quarter=2026-Q1').expect(200);
    expect(res.body).toMatchObject({ quarter: '2026-Q1', from: '2026-01-01', to: '2026-04-01' });
    expect(res.body.cases).toMatchObject({ available: true, data: { open: 5, overdue: 2 } });
    expect(res.body.payouts.available).toBe(false);
    expect(res.body.payouts.reason).toContain('/reports/periods/2026-01');
    expect(res.body.inspections.available).toBe(false);
    expect(res.body.movements).toMatchObject({ available: true, data: { entered: 0, exited: 0 } });
    await get('/api/v1/reports/work-report?quarter=2026-Q7').expect(400);
    await get('/api/v1/reports/work-report?quarter=2026-Q1', testToken('inspector')).expect(403);
  });

  it('prints the report as HTML with SVG charts, and as PDF with Chromium', async () => {
    const html = await get('/api/v1/reports/work-report.html?quarter=2026-Q1').expect(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.text).toContain('关于全县城乡居民最低生活保障工作情况的汇报');
    expect(html.text).toContain('<svg');
    expect(html.text).toContain('数据暂不可用');
    const pdf = await get('/api/v1/reports/work-report.pdf?quarter=2026-Q1')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    // Without Chromium the answer is a 501 naming the package: this machine must have it (apt-get install -y chromium).
    expect(pdf.status).toBe(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('the dashboard page', () => {
  it('is served without a token, in Chinese, with nothing loaded from elsewhere', async () => {
    const res = await request(api.getHttpServer()).get('/dashboard').expect(200);
    expect(res.text).toContain('城乡低保督查看板');
    expect(res.text).not.toMatch(/src="https?:|href="https?:/);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});
