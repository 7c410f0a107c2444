import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'crypto';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { buildEnvelope, CaseRejected, EventEnvelope, Topics } from '@dibao/contracts';
import { OutboxService } from '@dibao/platform';
import { eventually, freshDatabase, testStack } from '@dibao/platform/testing';
import { createCaseActivities } from '../src/activities/case.activities';
import { buildApp, CaseWorkerApp } from '../src/app';
import { caseSettings } from '../src/case-settings';
import { caseWorkerConfigSchema } from '../src/config';

// The worker process against the real stack: its database and migrations, the outbox relay to Kafka, /health.
jest.setTimeout(60_000);

let app: CaseWorkerApp;
let running: Promise<void>;
let consumer: Consumer;
const seen: EventEnvelope[] = [];

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
      TEMPORAL_TASK_QUEUE: `case-worker-it-${randomUUID()}`,
      OUTBOX_POLL_MS: '50',
    }),
  );
  running = app.worker.run();
  const kafka = new Kafka({ clientId: 'case-worker-it', brokers: testStack.kafkaBrokers, logLevel: logLevel.NOTHING });
  consumer = kafka.consumer({ groupId: `case-worker-it-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: Topics.cases, fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (message.value) seen.push(JSON.parse(message.value.toString()) as EventEnvelope);
    },
  });
  await new Promise((r) => setTimeout(r, 3000));
});

afterAll(async () => {
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
  });
});
