import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'crypto';
import { Kafka, logLevel, Producer } from 'kafkajs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  BeneficiaryAmountChanged,
  BeneficiaryResumed,
  BeneficiarySuspended,
  BeneficiaryTerminated,
  buildEnvelope,
  CaseApproved,
  EventDefinition,
  EventEnvelope,
  PayloadOf,
  Topics,
} from '@dibao/contracts';
import { eventually, freshDatabase, testStack, testToken } from '@dibao/platform/testing';
import { buildApp } from '../src/app';
import { paymentsConfigSchema } from '../src/config';

/*
 * The beneficiary lifecycle events of the case side (dynamic management) change the enrolment like
 * POST /enrolments/{id}/changes does, idempotently: real PostgreSQL and Kafka.
 */
jest.setTimeout(120_000);

const RUN = randomUUID().slice(0, 8);
const T = `tbe-${RUN}`;
const householdId = `hh-${RUN}-b1`;
const caseId = `case-${RUN}-b1`;
const finance = testToken('finance');
const ref = { caseId, householdId, township: T, scheme: 'urban' as const };

function envelope<D extends EventDefinition>(def: D, payload: PayloadOf<D>): EventEnvelope {
  return buildEnvelope(
    def,
    { eventId: randomUUID(), occurredAt: new Date().toISOString(), correlationId: `it-${RUN}`, actor: { id: 'case-worker', role: 'system' }, key: caseId },
    payload,
  );
}

describe('payments: beneficiary lifecycle events', () => {
  let app: INestApplication;
  let ds: DataSource;
  let producer: Producer;
  let http: ReturnType<typeof request>;

  const publish = (envelopes: EventEnvelope[]) =>
    producer.send({ topic: Topics.cases, acks: -1, messages: envelopes.map((e) => ({ key: e.key, value: JSON.stringify(e) })) });
  const handled = async (ids: string[]) =>
    eventually(async () => Number(((await ds.query(`SELECT count(*) AS n FROM inbox WHERE event_id = ANY($1::uuid[])`, [ids])) as { n: string }[])[0].n) === ids.length);
  const enrolment = async () => {
    const res = await http.get(`/api/v1/enrolments?householdId=${householdId}`).set('Authorization', `Bearer ${finance}`).expect(200);
    const e = res.body[0] as { id: string };
    return (await http.get(`/api/v1/enrolments/${e.id}`).set('Authorization', `Bearer ${finance}`).expect(200)).body as {
      status: string;
      monthlyAmountFen: number;
      persons: number;
      history: { change: string; fromPeriod: string; changeRef: string | null }[];
    };
  };

  beforeAll(async () => {
    const url = await freshDatabase('payments_be_it');
    app = await buildApp(
      paymentsConfigSchema.parse({
        SERVICE_NAME: 'payments',
        PORT: '3002',
        LOG_LEVEL: 'warn',
        JWT_SECRET: testStack.jwtSecret,
        DATABASE_URL: url,
        KAFKA_BROKERS: testStack.kafkaBrokers.join(','),
        OUTBOX_POLL_MS: '50',
        PAYMENTS_CONSUMER_GROUP: `payments-be-it-${RUN}`,
      }),
    );
    await app.init();
    await app.startAllMicroservices();
    ds = app.get<DataSource>(getDataSourceToken());
    http = request(app.getHttpServer());
    const kafka = new Kafka({ clientId: `payments-be-it-${RUN}`, brokers: testStack.kafkaBrokers, logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
  });

  it('adjusts, suspends, resumes and stops the enrolment from the events, each once however often it arrives', async () => {
    const approved = envelope(CaseApproved, {
      ...ref,
      approvedOn: '2026-03-10',
      monthlyAmountFen: 20_000,
      persons: 2,
      startPeriod: '2026-04',
      payee: { kind: 'own-account' },
    });
    const changed = envelope(BeneficiaryAmountChanged, {
      ...ref,
      changeRef: `${caseId}/adjust/2026-06/r1.3`,
      monthlyAmountFen: 26_000,
      persons: 2,
      fromPeriod: '2026-06',
      reason: '提标',
    });
    await publish([approved, changed, changed]);
    await handled([approved.eventId, changed.eventId]);
    expect(await enrolment()).toMatchObject({ status: 'active', monthlyAmountFen: 26_000 });

    const suspended = envelope(BeneficiarySuspended, { ...ref, changeRef: `${caseId}/suspend/2026-07/r2.5`, fromPeriod: '2026-07', reason: 'away', notice: '暂停通知' });
    const resumed = envelope(BeneficiaryResumed, { ...ref, changeRef: `${caseId}/resume/2026-08/r2.6`, fromPeriod: '2026-08', reason: 'back' });
    await publish([suspended, resumed]);
    await handled([suspended.eventId, resumed.eventId]);
    expect((await enrolment()).status).toBe('active');

    const terminated = envelope(BeneficiaryTerminated, {
      ...ref,
      changeRef: `${caseId}/stop/2026-09/r3.2`,
      fromPeriod: '2026-09',
      terminatedOn: '2026-08-20',
      reason: 'income above the standard',
      notice: '终止通知',
    });
    // The same change under another event id (a replayed workflow task): the changeRef keeps it once.
    const again = { ...terminated, eventId: randomUUID() };
    await publish([terminated, again]);
    await handled([terminated.eventId, again.eventId]);
    const e = await enrolment();
    expect(e.status).toBe('stopped');
    const kinds = e.history.map((v) => v.change);
    expect(kinds.filter((k) => k === 'stopped')).toHaveLength(1);
    expect(e.history.find((v) => v.change === 'stopped')).toMatchObject({ fromPeriod: '2026-09', changeRef: `${caseId}/stop/2026-09/r3.2` });
    expect(kinds).toEqual(expect.arrayContaining(['enrolled', 'adjusted', 'suspended', 'resumed', 'stopped']));
  });
});
