import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { Kafka, logLevel, Producer } from 'kafkajs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  Actor,
  BeneficiaryReviewOverdue,
  BatchLate,
  CaseDeadlineChanged,
  CaseStageChanged,
  CaseStageOverdue,
  CaseSubmitted,
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
 * Supervision against the real stack: case events published to the real topics are consumed by case-api's own group
 * into its own database (the `supervised_case` projection, alerts, stage intervals, steps), and the HTTP API answers
 * from there. The test waits until the inbox holds every event it published, then asserts what the API says.
 */
jest.setTimeout(120_000);

const run = randomUUID().slice(0, 6);
const T1 = `SV${run}A`;
const T2 = `SV${run}B`;
const T3 = `SV${run}C`; // alerts
const T4 = `SV${run}D`; // stage times and workload
const T5 = `SV${run}E`; // duplicates and events out of order
const supervisor = testToken('supervisor', undefined, 'sv-test');
const DAY = 86_400_000;
const now = Date.now();
const at = (daysFromNow: number) => new Date(now + daysFromNow * DAY).toISOString();
/** The date in China `days` from now (stage deadlines are dates). */
const dateIn = (days: number) => new Date(now + days * DAY + 8 * 3_600_000).toISOString().slice(0, 10);
const cw: Actor = { id: 'cw-wang', role: 'caseworker', township: T1 };
const system: Actor = { id: 'case-worker', role: 'system' };

let api: INestApplication;
let producer: Producer;
let db: DataSource;
const published: string[] = [];

async function publish<D extends EventDefinition>(def: D, key: string, payload: PayloadOf<D>, o: { occurredAt?: string; eventId?: string; actor?: Actor } = {}) {
  const e: EventEnvelope = { ...newEvent(def, key, payload, o.actor ?? cw, o.eventId) };
  if (o.occurredAt) e.occurredAt = o.occurredAt;
  await producer.send({ topic: def.topic, messages: [{ key, value: JSON.stringify(e) }] });
  published.push(e.eventId);
  return e;
}

const ref = (caseId: string, township: string, scheme: 'rural' | 'urban' = 'rural') => ({ caseId, householdId: `hh-${caseId}`, township, scheme });
const submit = (c: ReturnType<typeof ref>, occurredAt: string, actor?: Actor) =>
  publish(CaseSubmitted, c.caseId, { ...c, submittedOn: occurredAt.slice(0, 10), applicantKind: 'head', claimedMonthlyIncomeFen: 0, registeredSeparately: false }, { occurredAt, ...(actor ? { actor } : {}) });
const move = (c: ReturnType<typeof ref>, from: string, to: string, occurredAt: string, stageDeadline?: string, eventId?: string) =>
  publish(CaseStageChanged, c.caseId, { ...c, from, to, ...(stageDeadline ? { stageDeadline } : {}) } as PayloadOf<typeof CaseStageChanged>, { occurredAt, ...(eventId ? { eventId } : {}) });
const overdue = (c: ReturnType<typeof ref>, stage: string, deadline: string, occurredAt: string, scope: 'stage' | 'overall' = 'stage') =>
  publish(CaseStageOverdue, c.caseId, { ...c, stage, deadline, daysLate: 1, scope } as PayloadOf<typeof CaseStageOverdue>, { occurredAt, actor: system });

/** Until the inbox holds every event published so far: then the projection has seen all of them. */
async function consumed(): Promise<void> {
  await eventually(async () => {
    const distinct = [...new Set(published)];
    const rows: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])`, [distinct]);
    return rows[0]?.n === distinct.length;
  }, 60_000, 200);
}

const get = (path: string, token = supervisor) => request(api.getHttpServer()).get(path).set('authorization', `Bearer ${token}`);
const township = (body: { townships: { township: string }[] }, code: string) => body.townships.find((t) => t.township === code);
const ids = (body: { items: { caseId: string }[] }) => body.items.map((c) => c.caseId);

// The county of the first scenario: T1 has five open cases (three overdue, one stalled), T2 one, T1 one closed.
const A = ref(`a-${run}`, T1); // investigation, deadline in 2 days
const B = ref(`b-${run}`, T1); // investigation, deadline passed yesterday (not marked yet)
const C = ref(`c-${run}`, T1); // appraisal, deadline passed 10 days ago, marked: overdue and stalled
const D = ref(`d-${run}`, T1, 'urban'); // township review, no deadline
const E = ref(`e-${run}`, T2); // application
const F = ref(`f-${run}`, T1); // withdrawn: closed
const G = ref(`g-${run}`, T1); // investigation in time, but the whole case is overdue

beforeAll(async () => {
  const databaseUrl = await freshDatabase('case_api_supervision_it');
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
      SUPERVISION_OVERVIEW_CACHE_S: '0',
      // Nothing listens here: the report's sections from payments and inspections must say so, not fail.
      PAYMENTS_URL: 'http://127.0.0.1:9',
      INSPECTIONS_URL: 'http://127.0.0.1:9',
    }),
  );
  await api.startAllMicroservices();
  await api.init();
  db = new DataSource({ type: 'postgres', url: databaseUrl });
  await db.initialize();
  const kafka = new Kafka({ clientId: `supervision-it-${run}`, brokers: testStack.kafkaBrokers, logLevel: logLevel.NOTHING });
  producer = kafka.producer();
  await producer.connect();
  // The group starts at new events only: publish once it has its partitions.
  const admin = kafka.admin();
  await admin.connect();
  await eventually(async () => (await admin.describeGroups([`case-api-supervision-it-${run}`])).groups[0]?.state === 'Stable', 30_000, 200);
  await admin.disconnect();

  for (const c of [A, B, C, D, F, G]) await submit(c, at(-5));
  await submit(E, at(-1));
  await move(A, 'application', 'investigation', at(-4), dateIn(2));
  await move(B, 'application', 'investigation', at(-4), dateIn(-2));
  await move(C, 'application', 'investigation', at(-4.9), dateIn(-15));
  await move(C, 'investigation', 'appraisal', at(-4.5), dateIn(-11));
  await overdue(C, 'appraisal', dateIn(-11), at(-0.1));
  await move(D, 'application', 'township_review', at(-4));
  await move(F, 'application', 'withdrawn', at(-3));
  await move(G, 'application', 'investigation', at(-4), dateIn(5));
  await overdue(G, 'investigation', dateIn(-1), at(-0.5), 'overall');
  await consumed();
});

afterAll(async () => {
  await producer?.disconnect();
  await db?.destroy();
  await api?.close();
});

describe('the overview from the projection of case events', () => {
  it('counts open cases per township and stage, overdue and stalled', async () => {
    const res = await get('/api/v1/supervision/overview').expect(200);
    expect(township(res.body, T1)).toEqual({
      township: T1,
      open: 5,
      overdue: 3,
      stalled: 1,
      byStage: { application: 0, investigation: 3, appraisal: 1, publicity: 0, township_review: 1, county_approval: 0 },
    });
    expect(township(res.body, T2)).toMatchObject({ open: 1, overdue: 0, stalled: 0, byStage: { application: 1 } });
    expect(res.body.townships).toHaveLength(2);
    expect(res.body.totals).toMatchObject({ open: 6, overdue: 3, stalled: 1, byStage: { investigation: 3, application: 1 } });
    expect(res.body.source.kind).toBe('projection');
  });

  it('filters by scheme', async () => {
    const res = await get('/api/v1/supervision/overview?scheme=urban').expect(200);
    expect(res.body.totals).toMatchObject({ open: 1, overdue: 0, byStage: { township_review: 1 } });
  });

  it("lists a township's overdue cases most overdue first, with waiting days and days past the deadline", async () => {
    const res = await get(`/api/v1/supervision/townships/${T1}/cases?kind=overdue`).expect(200);
    expect(ids(res.body)).toEqual([C.caseId, B.caseId, G.caseId]);
    expect(res.body.items[0]).toMatchObject({ township: T1, stage: 'appraisal', overdue: true, stalled: true, daysPastDeadline: 10, stageDueOn: dateIn(-11), caseworker: 'cw-wang' });
    expect(res.body.items[1]).toMatchObject({ stage: 'investigation', overdue: true, stalled: false, daysPastDeadline: 1, waitingDays: 4, householdId: `hh-${B.caseId}` });
    expect(res.body.items[2]).toMatchObject({ overallOverdue: true, daysPastDeadline: 0 });
    expect(res.body.items[1].startedAt).toBe(at(-5));
    expect(res.body.nextPageToken).toBeUndefined();
    const stalled = await get(`/api/v1/supervision/townships/${T1}/cases?kind=stalled`).expect(200);
    expect(ids(stalled.body)).toEqual([C.caseId]);
    const investigation = await get(`/api/v1/supervision/townships/${T1}/cases?stage=investigation`).expect(200);
    expect(ids(investigation.body)).toEqual([B.caseId, A.caseId, G.caseId]);
    const other = await get(`/api/v1/supervision/townships/${T2}/cases`).expect(200);
    expect(ids(other.body)).toEqual([E.caseId]);
  });

  it('pages the open cases with a keyset token, without gaps or repeats', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 5; page++) {
      const res = await get(`/api/v1/supervision/townships/${T1}/cases?pageSize=2${token ? `&pageToken=${token}` : ''}`).expect(200);
      seen.push(...ids(res.body));
      token = res.body.nextPageToken;
      if (!token) break;
    }
    expect(seen).toEqual([C.caseId, B.caseId, A.caseId, G.caseId, D.caseId]);
    expect(token).toBeUndefined();
  });

  it('refuses bad input and roles that may not supervise', async () => {
    await get(`/api/v1/supervision/townships/${T1}/cases?kind=late`).expect(400);
    await get(`/api/v1/supervision/townships/${T1}/cases?stage=approved`).expect(400);
    await get(`/api/v1/supervision/townships/${T1}/cases?pageToken=forged.token`).expect(400);
    await get(`/api/v1/supervision/townships/${T1}/cases?pageSize=0`).expect(400);
    await get(`/api/v1/supervision/townships/${encodeURIComponent("T1' OR 1=1")}/cases`).expect(400);
    await get('/api/v1/supervision/overview', testToken('caseworker', T1)).expect(403);
    await get('/api/v1/supervision/overview', testToken('finance')).expect(403);
    await request(api.getHttpServer()).get('/api/v1/supervision/overview').expect(401);
  });
});

describe('duplicates and events out of order', () => {
  const H = ref(`h-${run}`, T5);
  const I = ref(`i-${run}`, T5);
  const J = ref(`j-${run}`, T5);
  const K = ref(`k-${run}`, T5);
  const L = ref(`l-${run}`, T5);

  it('end where the newest event says, whatever order they came in', async () => {
    // H: newest first, then a replay of the newest under another event id, then the older ones and a late mark of
    // the stage it already left.
    const newest = await move(H, 'investigation', 'appraisal', at(-1), dateIn(3));
    await move(H, 'investigation', 'appraisal', at(-1), dateIn(3), randomUUID());
    await publish(CaseStageChanged, H.caseId, newest.payload as PayloadOf<typeof CaseStageChanged>, { occurredAt: newest.occurredAt, eventId: newest.eventId });
    await move(H, 'application', 'investigation', at(-2), dateIn(-1));
    await overdue(H, 'investigation', dateIn(-1.5), at(-1.5));
    await submit(H, at(-3));
    // I: two changes in the same workflow step share their instant; the later one arrives first.
    const t = at(-1);
    await move(I, 'investigation', 'appraisal', t, dateIn(4));
    await move(I, 'application', 'investigation', t, dateIn(2));
    // J: the same two in order.
    await move(J, 'application', 'investigation', t, dateIn(2));
    await move(J, 'investigation', 'appraisal', t, dateIn(4));
    // K: withdrawn; an older step arriving afterwards does not reopen it.
    await submit(K, at(-3));
    await move(K, 'application', 'withdrawn', at(-1));
    await move(K, 'application', 'investigation', at(-2), dateIn(1));
    // L: a mark of the stage it is in, then the same mark again (another event id), then its stage change again.
    await move(L, 'application', 'investigation', at(-6), dateIn(-4));
    await overdue(L, 'investigation', dateIn(-4), at(-3));
    await overdue(L, 'investigation', dateIn(-4), at(-3));
    await move(L, 'application', 'investigation', at(-6), dateIn(-4), randomUUID());
    await consumed();

    const list = await get(`/api/v1/supervision/townships/${T5}/cases`).expect(200);
    const byId = new Map(list.body.items.map((c: { caseId: string }) => [c.caseId, c]));
    expect([...byId.keys()].sort()).toEqual([H.caseId, I.caseId, J.caseId, L.caseId].sort());
    expect(byId.get(H.caseId)).toMatchObject({ stage: 'appraisal', stageEnteredAt: at(-1), startedAt: at(-3), stageDueOn: dateIn(3), overdue: false, waitingDays: 1 });
    expect(byId.get(I.caseId)).toMatchObject({ stage: 'appraisal', stageDueOn: dateIn(4) });
    expect(byId.get(J.caseId)).toMatchObject({ stage: 'appraisal', stageDueOn: dateIn(4) });
    expect(byId.get(L.caseId)).toMatchObject({ stage: 'investigation', overdue: true, stalled: true, daysPastDeadline: 3 });
    const load = await get(`/api/v1/supervision/workload?township=${T5}`).expect(200);
    expect(load.body.townships).toEqual([{ township: T5, open: 4, overdue: 1, stalled: 1 }]);
  });
});

describe('the alert feed and stage statistics (events)', () => {
  it('records case.stage-overdue, inspection.order-overdue and beneficiary.review-overdue once each, paged', async () => {
    const e = await overdue(ref(`alert-${run}`, T3), 'investigation', '2026-03-02', '2026-03-06T01:00:00.000Z');
    // The same event again (a redelivery) changes nothing.
    await publish(CaseStageOverdue, e.key, e.payload as PayloadOf<typeof CaseStageOverdue>, { occurredAt: e.occurredAt, eventId: e.eventId, actor: system });
    await publish(InspectionOrderOverdue, 'order-1', { orderId: `order-${run}`, campaignId: 'camp-1', township: T3, deadline: '2026-03-01', flaggedOn: '2026-03-05', daysLate: 4 });
    const review = await publish(BeneficiaryReviewOverdue, `ben-${run}`, { ...ref(`ben-${run}`, T3, 'urban'), kind: 'reappraisal', dueOn: '2026-03-03', daysLate: 2 }, { occurredAt: '2026-03-05T02:00:00.000Z', actor: system });
    await publish(BeneficiaryReviewOverdue, `ben-${run}`, review.payload as PayloadOf<typeof BeneficiaryReviewOverdue>, { occurredAt: review.occurredAt, eventId: review.eventId, actor: system });
    await consumed();
    const all = (await get(`/api/v1/supervision/alerts?pageSize=10&township=${T3}`).expect(200)).body;
    expect(all.items).toHaveLength(3);
    // Ordered by arrival; the inspections topic and the cases topic are consumed independently.
    const byKind = new Map<string, Record<string, unknown>>(all.items.map((a: Record<string, unknown>) => [String(a['kind']), a]));
    expect(byKind.get('case.stage-overdue')).toMatchObject({ township: T3, caseId: `alert-${run}`, stage: 'investigation', daysLate: 1, deadline: '2026-03-02' });
    expect(byKind.get('inspection.order-overdue')).toMatchObject({ township: T3, orderId: `order-${run}` });
    expect(byKind.get('beneficiary.review-overdue')).toMatchObject({ township: T3, scheme: 'urban', caseId: `ben-${run}`, scope: 'reappraisal', deadline: '2026-03-03', daysLate: 2 });
    // Paged one at a time by the id cursor: the same three, in the same order, then no cursor.
    const paged: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 3; i++) {
      const page = await get(`/api/v1/supervision/alerts?pageSize=1&township=${T3}${after ? `&after=${after}` : ''}`).expect(200);
      expect(page.body.items).toHaveLength(1);
      paged.push(page.body.items[0].id);
      after = page.body.nextAfter;
      if (i < 2) expect(after).toBeDefined();
    }
    expect(after).toBeUndefined();
    expect(paged).toEqual(all.items.map((a: { id: string }) => a.id));
    const later = await get(`/api/v1/supervision/alerts?since=${encodeURIComponent(new Date(Date.now() + DAY).toISOString())}`).expect(200);
    expect(later.body.items).toHaveLength(0);
    await get('/api/v1/supervision/alerts?since=yesterday').expect(400);
  });

  it('gives the median and 90th percentile per stage and the caseworkers with open cases', async () => {
    const base = Date.parse('2026-02-02T01:00:00Z');
    const hour = (hours: number) => new Date(base + hours * 3_600_000).toISOString();
    // Ten cases in T4 that spent 1…10 hours in application; one still in investigation.
    for (let i = 1; i <= 10; i++) {
      const c = ref(`st-${run}-${i}`, T4);
      await submit(c, hour(0));
      await move(c, 'application', i === 10 ? 'investigation' : 'withdrawn', hour(i));
    }
    await consumed();
    const times = await get(`/api/v1/supervision/stage-times?township=${T4}`).expect(200);
    expect(times.body.items.find((x: { stage: string }) => x.stage === 'application')).toMatchObject({ township: T4, cases: 10, medianHours: 5.5, p90Hours: 9.1 });
    const load = await get(`/api/v1/supervision/workload?township=${T4}`).expect(200);
    // Open since February: longer than 42 days, so stalled.
    expect(load.body.townships).toEqual([{ township: T4, open: 1, overdue: 0, stalled: 1 }]);
    expect(load.body.caseworkers).toEqual([{ township: T4, caseworker: 'cw-wang', openCases: 1, stepsLast30Days: expect.any(Number) }]);
  });
});

describe('the work report', () => {
  it('answers JSON with open cases, and says which sources were not reachable', async () => {
    const res = await get('/api/v1/reports/work-report?quarter=2026-Q1').expect(200);
    expect(res.body).toMatchObject({ quarter: '2026-Q1', from: '2026-01-01', to: '2026-04-01' });
    expect(res.body.cases).toMatchObject({ available: true, data: { open: 6, overdue: 3, stalled: 1 } });
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

describe('deadlines met or recounted without a change of stage (case.deadline-changed)', () => {
  it('a started investigation is no longer overdue; a data-check alert is not the whole case; a recount ahead clears the whole-case mark', async () => {
    // All in T2 (its one open case E is in the application stage and not overdue).
    const late = ref(`late-${run}`, T2); // investigation start deadline passed 2 days ago, then started
    const check = ref(`check-${run}`, T2); // its county data check started late: an alert, nothing more
    const recount = ref(`recount-${run}`, T2); // whole case overdue, then a loaded holiday schedule moves the deadline ahead
    for (const c of [late, check, recount]) await submit(c, at(-6));
    await move(late, 'application', 'investigation', at(-5), dateIn(-2));
    await move(check, 'application', 'investigation', at(-5), dateIn(3));
    await move(recount, 'application', 'investigation', at(-5), dateIn(3));
    await overdue(late, 'investigation', dateIn(-2), at(-1));
    await publish(CaseStageOverdue, check.caseId, { ...check, stage: 'investigation', deadline: dateIn(-1), daysLate: 1, scope: 'data_check' } as PayloadOf<typeof CaseStageOverdue>, { occurredAt: at(-0.5), actor: system });
    await overdue(recount, 'investigation', dateIn(-1), at(-0.5), 'overall');
    await consumed();
    const before = await get(`/api/v1/supervision/townships/${T2}/cases?kind=overdue`).expect(200);
    expect(ids(before.body).sort()).toEqual([late.caseId, recount.caseId].sort());

    await publish(CaseDeadlineChanged, late.caseId, { ...late, stage: 'investigation', scope: 'stage', previous: dateIn(-2), metOn: dateIn(0), reason: 'started' }, { occurredAt: at(-0.01), actor: system });
    await publish(CaseDeadlineChanged, recount.caseId, { ...recount, stage: 'investigation', scope: 'overall', previous: dateIn(-1), deadline: dateIn(2), reason: 'calendar-changed' }, { occurredAt: at(-0.01), actor: system });
    await consumed();
    const after = await get(`/api/v1/supervision/townships/${T2}/cases?kind=overdue`).expect(200);
    expect(ids(after.body)).toEqual([]);
    const overview = await get('/api/v1/supervision/overview').expect(200);
    expect(township(overview.body, T2)).toMatchObject({ overdue: 0 });
    // The alerts stay in the feed as history.
    const alerts = await get(`/api/v1/supervision/alerts?pageSize=100&township=${T2}`).expect(200);
    const mine = alerts.body.items.filter((a: { caseId?: string }) => [late.caseId, check.caseId, recount.caseId].includes(a.caseId ?? ''));
    expect(mine.map((a: { scope: string }) => a.scope).sort()).toEqual(['data_check', 'overall', 'stage']);
  });
});

describe('payments late (B art. 31: by the 10th)', () => {
  it('puts a batch not released by the 10th into the alert feed, once however often it is delivered', async () => {
    const batchId = randomUUID();
    const payload = {
      batchId,
      idempotencyKey: `batch/rural/2026-Q4/${T2}/1#late`,
      scheme: 'rural' as const,
      period: '2026-Q4',
      township: T2,
      seq: 1,
      payments: 120,
      amountFen: 3_600_000,
      status: 'approved' as const,
      dueOn: '2026-10-10',
      flaggedOn: '2026-10-11',
      daysLate: 1,
    };
    const e = await publish(BatchLate, batchId, payload, { actor: system });
    await publish(BatchLate, batchId, payload, { actor: system, eventId: e.eventId });
    await consumed();
    const alerts = await get(`/api/v1/supervision/alerts?pageSize=100&township=${T2}`).expect(200);
    const mine = alerts.body.items.filter((a: { batchId?: string }) => a.batchId === batchId);
    expect(mine).toEqual([expect.objectContaining({ kind: 'payment.batch-late', township: T2, scheme: 'rural', scope: 'approved', deadline: '2026-10-10', daysLate: 1 })]);
  });
});
