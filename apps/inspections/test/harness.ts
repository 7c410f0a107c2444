import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { Consumer, Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { BeneficiaryTerminated, buildEnvelope, CaseApproved, EventEnvelope, eventRegistry, PayloadOf, Role, Topics } from '@dibao/contracts';
import { eventually, freshDatabase, testStack, testToken } from '@dibao/platform/testing';
import { buildApp } from '../src/app';
import { SettableClock } from '../src/common/clock';
import { InspectionsConfig } from '../src/config';

export const RUN = Date.now().toString(36);

/** The service in-process on its own fresh database, with a clock the test moves and a unique consumer group. */
export interface Harness {
  app: INestApplication;
  http: ReturnType<typeof request>;
  db: DataSource;
  clock: SettableClock;
  kafka: Kafka;
  producer: Producer;
  events: EventEnvelope[];
  close(): Promise<void>;
}

export async function startHarness(today: string): Promise<Harness> {
  const url = await freshDatabase('inspections_it');
  const config: InspectionsConfig = {
    SERVICE_NAME: 'inspections-it',
    PORT: 0,
    LOG_LEVEL: 'warn',
    JWT_SECRET: testStack.jwtSecret,
    DATABASE_URL: url,
    KAFKA_BROKERS: testStack.kafkaBrokers,
    OUTBOX_POLL_MS: 50,
    KAFKA_GROUP_PREFIX: '',
    KAFKA_FROM_BEGINNING: 'true',
    INSPECTIONS_CONSUMER_GROUP: `inspections-it-${RUN}`,
    INSPECTIONS_OVERDUE_SWEEP_MS: 0,
  };
  const clock = new SettableClock(today);
  const app = await buildApp(config, { clock });
  await app.init();
  await app.startAllMicroservices();

  const kafka = new Kafka({ clientId: `inspections-it-${RUN}`, brokers: testStack.kafkaBrokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  await producer.connect();
  const events: EventEnvelope[] = [];
  const consumer: Consumer = kafka.consumer({ groupId: `inspections-it-reader-${RUN}` });
  await consumer.connect();
  await consumer.subscribe({ topic: Topics.inspections, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const parsed = eventRegistry.parse(message.value);
      if (parsed.ok) events.push(parsed.envelope);
    },
  });

  const db = new DataSource({ type: 'postgres', url });
  await db.initialize();
  return {
    app,
    http: request(app.getHttpServer()),
    db,
    clock,
    kafka,
    producer,
    events,
    async close() {
      await consumer.disconnect();
      await producer.disconnect();
      await db.destroy();
      await app.close();
    },
  };
}

export const auth = (role: Role, township?: string, sub?: string) => ({ Authorization: `Bearer ${testToken(role, township, sub)}` });

/** Publishes a `case.approved` the way the case side does. */
export async function publishApproved(
  h: Harness,
  c: { caseId: string; township: string; householdId?: string },
  eventId: string = randomUUID(),
): Promise<void> {
  const payload: PayloadOf<typeof CaseApproved> = {
    caseId: c.caseId,
    householdId: c.householdId ?? `hh-${c.caseId}`,
    township: c.township,
    scheme: 'rural',
    approvedOn: '2026-09-01',
    monthlyAmountFen: 35000,
    persons: 2,
    startPeriod: '2026-Q4',
    payee: { kind: 'own-account' },
  };
  const env = buildEnvelope(
    CaseApproved,
    { eventId, occurredAt: new Date().toISOString(), correlationId: randomUUID(), actor: { id: 'case-worker', role: 'system' }, key: c.caseId },
    payload,
  );
  await h.producer.send({ topic: Topics.cases, acks: -1, messages: [{ key: c.caseId, value: JSON.stringify(env) }] });
}

/** Publishes a beneficiary.terminated for the case, as the case worker would. */
export async function publishTerminated(h: Harness, c: { caseId: string; township: string }): Promise<void> {
  const payload: PayloadOf<typeof BeneficiaryTerminated> = {
    caseId: c.caseId,
    householdId: `hh-${c.caseId}`,
    township: c.township,
    scheme: 'rural',
    changeRef: `terminate-${c.caseId}-${randomUUID()}`,
    fromPeriod: '2027-Q1',
    terminatedOn: '2026-12-01',
    reason: 'income above the standard',
    notice: '终止通知: 收入超过标准',
  };
  const env = buildEnvelope(
    BeneficiaryTerminated,
    { eventId: randomUUID(), occurredAt: new Date().toISOString(), correlationId: randomUUID(), actor: { id: 'case-worker', role: 'system' }, key: c.caseId },
    payload,
  );
  await h.producer.send({ topic: Topics.cases, acks: -1, messages: [{ key: c.caseId, value: JSON.stringify(env) }] });
}

/** Waits until the outbox relay has published `type` events for `key` to Kafka and our reader saw them. */
export async function eventsFor(h: Harness, type: string, key: string, atLeast = 1): Promise<EventEnvelope[]> {
  return eventually(async () => {
    const found = h.events.filter((e) => e.type === type && e.key === key);
    return found.length >= atLeast ? found : undefined;
  }, 20000);
}

export async function count(h: Harness, sql: string, params: unknown[] = []): Promise<number> {
  const rows: { n: number }[] = await h.db.query(`SELECT count(*)::int AS n FROM (${sql}) x`, params);
  return rows[0].n;
}
