import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'crypto';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Client, Connection } from '@temporalio/client';
import {
  BENEFICIARY_WORKFLOW_TYPE,
  beneficiaryQueries,
  beneficiaryWorkflowId,
  BeneficiaryWorkflowInput,
  buildEnvelope,
  CaseRejected,
  CaseSearchAttributes,
  EventEnvelope,
  StandardRaised,
  StandardRaiseProgress,
  standardRaiseQueries,
  standardRaiseWorkflowId,
  Topics,
} from '@dibao/contracts';
import { OutboxService } from '@dibao/platform';
import { eventually, freshDatabase, testStack } from '@dibao/platform/testing';
import { createCaseActivities } from '../src/activities/case.activities';
import { localDate, standardAt } from '@dibao/domain';
import { buildApp, CaseWorkerApp } from '../src/app';
import { caseSettings } from '../src/case-settings';
import { caseWorkerConfigSchema } from '../src/config';

// The worker process against the real stack: its database and migrations, the outbox relay to Kafka, /health.
jest.setTimeout(60_000);

let app: CaseWorkerApp;
let running: Promise<void>;
let consumer: Consumer;
let producer: Producer;
let client: Client;
const seen: EventEnvelope[] = [];
const RUN = randomUUID().slice(0, 8);
const taskQueue = `case-worker-it-${RUN}`;

beforeAll(async () => {
  const url = await freshDatabase('case_worker_it');
  app = await buildApp(
    caseWorkerConfigSchema.parse({
      SERVICE_NAME: 'case-worker-it',
      LOG_LEVEL: 'warn',
      JWT_SECRET: testStack.jwtSecret,
      DATABASE_URL: url,
      KAFKA_BROKERS: testStack.kafkaBrokers.join(','),
      TEMPORAL_ADDRESS: testStack.temporalAddress,
      TEMPORAL_NAMESPACE: testStack.temporalNamespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      OUTBOX_POLL_MS: '50',
      // Its own consumer group (inspection.case-flagged, standard.raised), from new events on.
      KAFKA_GROUP_PREFIX: `it-${RUN}-`,
      KAFKA_FROM_BEGINNING: 'false',
      STANDARD_RAISE_BATCH_SIZE: '1',
      STANDARD_RAISE_PAUSE_MS: '50',
    }),
  );
  await app.http.startAllMicroservices();
  running = app.worker.run();
  client = new Client({ connection: await Connection.connect({ address: testStack.temporalAddress }), namespace: testStack.temporalNamespace });
  const kafka = new Kafka({ clientId: 'case-worker-it', brokers: testStack.kafkaBrokers, logLevel: logLevel.NOTHING });
  consumer = kafka.consumer({ groupId: `case-worker-it-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: Topics.cases, fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (message.value) seen.push(JSON.parse(message.value.toString()) as EventEnvelope);
    },
  });
  producer = kafka.producer();
  await producer.connect();
  await new Promise((r) => setTimeout(r, 3000));
});

afterAll(async () => {
  // Beneficiaries of this run wait forever on a task queue nobody polls afterwards: end them.
  if (client) {
    for await (const w of client.workflow.list({ query: `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'` })) {
      await client.workflow.getHandle(w.workflowId).terminate('end of the case-worker integration tests').catch(() => undefined);
    }
    await client.connection.close();
  }
  await producer?.disconnect();
  await consumer?.disconnect();
  app?.worker.shutdown();
  await running;
  await app?.http.close();
  await app?.connection.close();
});

describe('case worker process', () => {
  it('reports database, Kafka and Temporal on /health', async () => {
    const res = await request(app.http.getHttpServer()).get('/health').expect(200);
    expect(res.body.checks).toMatchObject({ database: { status: 'ok' }, kafka: { status: 'ok' }, temporal: { status: 'ok' } });
  });

  it('commits events and the written rejection notice once, however often the activity is retried, and relays them', async () => {
    const dataSource = app.http.get<DataSource>(getDataSourceToken());
    const activities = createCaseActivities({ dataSource, outbox: app.http.get(OutboxService), settings: caseSettings({}) });
    const caseId = randomUUID();
    const event = buildEnvelope(
      CaseRejected,
      {
        eventId: randomUUID(),
        occurredAt: new Date().toISOString(),
        correlationId: 'it',
        actor: { id: 'ca-1', role: 'county_approver' },
        key: caseId,
      },
      { caseId, householdId: 'hh-1', township: 'T01', scheme: 'urban', stage: 'county_approval', reasons: ['savings above the limit'], noticeDueOn: '2026-12-03' },
    );
    const notice = {
      noticeId: `${caseId}-rejection`,
      caseId,
      householdId: 'hh-1',
      township: 'T01',
      stage: 'county_approval',
      reasons: ['savings above the limit'],
      decidedOn: '2026-11-30',
      dueOn: '2026-12-03',
      decidedBy: 'ca-1',
    };
    await activities.commitCaseChange({ events: [event], notices: [notice] });
    await activities.commitCaseChange({ events: [event], notices: [notice] });

    const outbox = await dataSource.query(`SELECT event_type FROM outbox WHERE message_key = $1`, [caseId]);
    expect(outbox).toEqual([{ event_type: 'case.rejected' }]);
    const notices = await dataSource.query(`SELECT kind, due_on::text AS due_on, reasons FROM case_notices WHERE case_id = $1`, [caseId]);
    expect(notices).toEqual([{ kind: 'rejection', due_on: '2026-12-03', reasons: ['savings above the limit'] }]);

    const published = await eventually(async () => seen.find((e) => e.eventId === event.eventId), 20_000);
    expect(published.payload).toMatchObject({ caseId, reasons: ['savings above the limit'] });

    // A beneficiary's notice keeps its kind, text, the decider's role and the period it applies from.
    const ended = {
      ...notice,
      noticeId: `${caseId}/stop/2027-01/r1.4/notice`,
      kind: 'termination' as const,
      stage: 'terminated',
      text: '低保待遇终止通知: 收入超过标准',
      decidedByRole: 'caseworker',
      fromPeriod: '2027-01',
    };
    await activities.commitCaseChange({ events: [], notices: [ended] });
    await activities.commitCaseChange({ events: [], notices: [ended] });
    const rows = await dataSource.query(
      `SELECT kind, notice_text, decided_by_role, from_period FROM case_notices WHERE case_id = $1 AND kind <> 'rejection'`,
      [caseId],
    );
    expect(rows).toEqual([{ kind: 'termination', notice_text: '低保待遇终止通知: 收入超过标准', decided_by_role: 'caseworker', from_period: '2027-01' }]);
  });
});

describe('a raised standard (standard.raised from payments)', () => {
  const township = `ITSR${RUN}`;
  const beneficiary = (householdId: string, scheme: 'urban' | 'rural'): BeneficiaryWorkflowInput => ({
    householdId,
    township,
    scheme,
    caseId: randomUUID(),
    approvedOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10),
    monthlyAmountFen: scheme === 'urban' ? 20_000 : 50_000,
    persons: 2,
    facts: {
      members: [
        { id: 'm1', ableToWork: true, hasLegalSupporter: false },
        { id: 'm2', ableToWork: true, hasLegalSupporter: false },
      ],
      incomes: [{ category: 'wages', amount: 10_000, period: 'monthly', memberId: 'm1' }],
      deductions: [],
    },
    settings: caseSettings({}),
    approvedBy: { id: 'ca-1', role: 'county_approver' },
  });

  it('is recorded once and reaches every running beneficiary of its scheme and area once, in throttled batches', async () => {
    const urban = [`hh-${RUN}-u1`, `hh-${RUN}-u2`];
    const rural = `hh-${RUN}-r1`;
    for (const [hh, scheme] of [...urban.map((u) => [u, 'urban'] as const), [rural, 'rural'] as const]) {
      await client.workflow.start(BENEFICIARY_WORKFLOW_TYPE, {
        workflowId: beneficiaryWorkflowId(hh),
        taskQueue,
        args: [beneficiary(hh, scheme)],
        typedSearchAttributes: [
          { key: CaseSearchAttributes.caseKind, value: 'beneficiary' },
          { key: CaseSearchAttributes.township, value: township },
          { key: CaseSearchAttributes.scheme, value: scheme },
        ],
      });
    }
    await eventually(async () => {
      const r = await client.workflowService.countWorkflowExecutions({
        namespace: testStack.temporalNamespace,
        query: `DibaoCaseKind = 'beneficiary' AND DibaoTownship = '${township}' AND ExecutionStatus = 'Running'`,
      });
      return Number(r.count) === 3;
    }, 20_000);

    const standardId = randomUUID();
    const payload = {
      idempotencyKey: `standard/${standardId}`,
      standardId,
      scheme: 'urban' as const,
      area: township,
      amountFen: 18_000,
      effectiveFrom: '2099-01-01',
      fromPeriod: '2099-01',
      reason: '县政府提标文件 (it)',
      exceptTownships: [],
    };
    const envelope = (eventId: string) =>
      buildEnvelope(StandardRaised, { eventId, occurredAt: new Date().toISOString(), correlationId: `it-${RUN}`, actor: { id: 'ca-1', role: 'county_approver' }, key: standardId }, payload);
    // The same event twice, and a second copy under another event id: one raise, one fan-out.
    const first = envelope(randomUUID());
    await producer.send({
      topic: Topics.payments,
      acks: -1,
      messages: [first, first, envelope(randomUUID())].map((e) => ({ key: e.key, value: JSON.stringify(e) })),
    });

    const handle = client.workflow.getHandle(standardRaiseWorkflowId(standardId));
    const done = await eventually(async () => {
      const p = await handle.query(standardRaiseQueries.progress).catch(() => undefined);
      return p?.status === 'completed' ? p : undefined;
    }, 30_000);
    expect(done).toMatchObject<Partial<StandardRaiseProgress>>({ raiseId: standardId, scheme: 'urban', area: township, signalled: 2, skipped: 0, pass: 2 });
    expect(done.batches).toBeGreaterThanOrEqual(2);

    const dataSource = app.http.get<DataSource>(getDataSourceToken());
    expect(await dataSource.query(`SELECT area, standard_fen::int AS standard_fen, from_period FROM standard_raises WHERE raise_id = $1`, [standardId])).toEqual([
      { area: township, standard_fen: 18_000, from_period: '2099-01' },
    ]);
    // A new application in that township is judged with the raised standard from its date (one source of truth:
    // payments' standards), another township's with the county's own.
    const settingsOf = createCaseActivities({ dataSource, outbox: app.http.get(OutboxService), settings: caseSettings({}) });
    const here = await settingsOf.loadCaseSettings({ scheme: 'urban', township });
    expect(standardAt(here.policy, 'urban', localDate('2099-01-01'))).toBe(18_000);
    expect(standardAt(here.policy, 'urban', localDate('2098-12-31'))).toBe(standardAt(caseSettings({}).policy, 'urban', localDate('2098-12-31')));
    const elsewhere = await settingsOf.loadCaseSettings({ scheme: 'urban', township: `${township}-other` });
    expect(standardAt(elsewhere.policy, 'urban', localDate('2099-01-01'))).toBe(standardAt(caseSettings({}).policy, 'urban', localDate('2099-01-01')));
    for (const hh of urban) {
      const v = await eventually(async () => {
        const s = await client.workflow.getHandle(beneficiaryWorkflowId(hh)).query(beneficiaryQueries.beneficiaryState);
        return s.standards.length > 0 ? s : undefined;
      }, 20_000);
      // (180 − 50) × 2 = 260 yuan from the raise's first period.
      expect(v).toMatchObject({ monthlyAmountFen: 26_000, standards: [expect.objectContaining({ raiseId: standardId, fromPeriod: '2099-01' })] });
    }
    const rv = await client.workflow.getHandle(beneficiaryWorkflowId(rural)).query(beneficiaryQueries.beneficiaryState);
    expect(rv.standards).toEqual([]);
    const changed = await eventually(async () => {
      const found = seen.filter((e) => e.type === 'beneficiary.amount-changed' && urban.includes((e.payload as { householdId: string }).householdId));
      return found.length === 2 ? found : undefined;
    }, 20_000);
    expect(changed.map((e) => e.payload)).toEqual(
      expect.arrayContaining([expect.objectContaining({ monthlyAmountFen: 26_000, fromPeriod: '2099-01', reason: '提标: 县政府提标文件 (it)' })]),
    );

    // A run that starts later reads the raise itself (the standard_raises table): a county raise excepting a
    // township with its own standard does not reach that township.
    const activities = createCaseActivities({ dataSource, outbox: app.http.get(OutboxService), settings: caseSettings({}) });
    await dataSource.query(
      `INSERT INTO standard_raises (raise_id, scheme, area, standard_fen, effective_from, from_period, reason, except_townships, raised_by)
       VALUES ($1, 'urban', 'county', 19000, '2099-07-01', '2099-07', 'county raise (it)', $2::jsonb, '{"id":"ca-1","role":"county_approver"}')`,
      [randomUUID(), JSON.stringify(['ITSR-OWN'])],
    );
    const mine = await activities.standardRaisesFor({ scheme: 'urban', township });
    expect(mine.map((r) => [r.area, r.standardFen])).toEqual([
      [township, 18_000],
      ['county', 19_000],
    ]);
    expect((await activities.standardRaisesFor({ scheme: 'urban', township: 'ITSR-OWN' })).map((r) => r.area)).toEqual([]);
    expect(await activities.standardRaisesFor({ scheme: 'rural', township })).toEqual([]);
  });
});
