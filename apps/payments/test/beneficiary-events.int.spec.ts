import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'crypto';
import { Kafka, logLevel, Producer } from 'kafkajs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  BeneficiaryAmountChanged,
  BeneficiaryGradualExitCancelled,
  BeneficiaryGradualExitStarted,
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
const approver = testToken('county_approver');
const ref = { caseId, householdId, township: T, scheme: 'urban' as const };

function envelope<D extends EventDefinition>(def: D, payload: PayloadOf<D>): EventEnvelope {
  const key = (payload as { caseId?: string }).caseId ?? caseId;
  return buildEnvelope(
    def,
    { eventId: randomUUID(), occurredAt: new Date().toISOString(), correlationId: `it-${RUN}`, actor: { id: 'case-worker', role: 'system' }, key },
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
  // ---- gradual exit (渐退期) in months, paid by period (DOMAIN.md: up to 6 months; rural quarterly, urban monthly) ----

  const hhOf = (tag: string) => ({ householdId: `hh-${RUN}-${tag}`, caseId: `case-${RUN}-${tag}` });
  const enrolmentOf = async (householdId: string) => {
    const res = await http.get(`/api/v1/enrolments?householdId=${householdId}`).set('Authorization', `Bearer ${finance}`).expect(200);
    const e = res.body[0] as { id: string };
    return (await http.get(`/api/v1/enrolments/${e.id}`).set('Authorization', `Bearer ${finance}`).expect(200)).body as {
      id: string;
      status: string;
      paidThroughMonth: string | null;
      history: { change: string; fromPeriod: string; fromMonth: string; changeRef: string | null }[];
      paidThroughHistory: { change: string; paidThroughMonth: string | null }[];
      overpayments: { period: string; firstMonth: string; months: number; amountFen: number; status: string }[];
    };
  };
  const payroll = async (scheme: 'urban' | 'rural', period: string) =>
    http.post('/api/v1/payroll-runs').set('Authorization', `Bearer ${finance}`).send({ scheme, period, wait: true }).expect(200);
  const paymentOf = async (householdId: string, period: string) =>
    ((await ds.query(
      `SELECT p.id, p.amount_fen::int AS amount, p.months, p.status, p.batch_id FROM payment p WHERE p.household_id = $1 AND p.period = $2 ORDER BY attempt DESC LIMIT 1`,
      [householdId, period],
    )) as { id: string; amount: number; months: number; status: string; batch_id: string }[])[0];
  const approveBatchOf = async (householdId: string, period: string) => {
    const p = await paymentOf(householdId, period);
    await http.post(`/api/v1/batches/${p.batch_id}/approve`).set('Authorization', `Bearer ${approver}`).expect(200);
  };
  const stoppedEvents = async (householdId: string) =>
    (await ds.query(`SELECT envelope->'payload' AS payload FROM outbox WHERE event_type = 'payment.stopped' AND envelope->'payload'->>'householdId' = $1 ORDER BY id`, [householdId])) as {
      payload: { period: string; fromMonth?: string; cancelledPaymentIds: string[]; amendedPayments?: unknown[]; overpayments?: { months: number; amountFen: number }[] };
    }[];
  const approve = (tag: string, scheme: 'urban' | 'rural', township: string, approvedOn: string, startPeriod: string, monthlyAmountFen: number) =>
    envelope(CaseApproved, { ...hhOf(tag), township, scheme, approvedOn, monthlyAmountFen, persons: 2, startPeriod, payee: { kind: 'own-account' } });
  const exitStarted = (tag: string, scheme: 'urban' | 'rural', township: string, firstMonth: string, lastMonth: string, months: number) =>
    envelope(BeneficiaryGradualExitStarted, {
      ...hhOf(tag),
      township,
      scheme,
      changeRef: `${hhOf(tag).caseId}/gradual-exit/${firstMonth}/r1.4`,
      firstMonth,
      lastMonth,
      months,
      reason: 'member employed, income above the standard',
      notice: '低保渐退通知',
    });
  const exitEnded = (tag: string, scheme: 'urban' | 'rural', township: string, fromPeriod: string, lastPaidMonth: string, terminatedOn: string) =>
    envelope(BeneficiaryTerminated, {
      ...hhOf(tag),
      township,
      scheme,
      changeRef: `${hhOf(tag).caseId}/stop/${fromPeriod}/r2.1`,
      fromPeriod,
      lastPaidMonth,
      terminatedOn,
      reason: `gradual exit (渐退期) ended after ${lastPaidMonth}`,
      notice: '低保待遇终止通知',
    });

  it('rural: a review on 2026-02-10 gives exit months March–August: Q1–Q2 in full, Q3 July and August, nothing for September', async () => {
    const TR = `tre-${RUN}`;
    // Approved 2025-12-15: benefits from January 2026, 300.00 yuan a month, paid quarterly.
    const approved = approve('r1', 'rural', TR, '2025-12-15', '2026-Q1', 30_000);
    await publish([approved]);
    await handled([approved.eventId]);
    // Q1 is run in January, before the review: January, February, March = 3 × 30 000 = 90 000 fen.
    await payroll('rural', '2026-Q1');
    expect(await paymentOf(hhOf('r1').householdId, '2026-Q1')).toMatchObject({ months: 3, amount: 90_000 });

    // The review of 2026-02-10 decides a 6-month exit: March–August. Payments learns the last paid month at once.
    const started = exitStarted('r1', 'rural', TR, '2026-03', '2026-08', 6);
    await publish([started, started]);
    await handled([started.eventId]);
    expect(await enrolmentOf(hhOf('r1').householdId)).toMatchObject({ status: 'active', paidThroughMonth: '2026-08' });
    // Q1 was run before and covers March, inside the exit: nothing to settle, finance is not told anything.
    expect(await stoppedEvents(hhOf('r1').householdId)).toHaveLength(0);

    // Q2: April, May, June, all inside the exit = 3 × 30 000 = 90 000 fen.
    await payroll('rural', '2026-Q2');
    expect(await paymentOf(hhOf('r1').householdId, '2026-Q2')).toMatchObject({ months: 3, amount: 90_000 });
    // Q3, run in July, before the exit ends: July and August only = 2 × 30 000 = 60 000 fen (not 90 000).
    await payroll('rural', '2026-Q3');
    expect(await paymentOf(hhOf('r1').householdId, '2026-Q3')).toMatchObject({ months: 2, amount: 60_000 });
    await approveBatchOf(hhOf('r1').householdId, '2026-Q3');

    // 2026-09-01: the workflow ends the benefit, stopping in Q3 after August. The approved Q3 payment stays (it
    // covers July and August only), nothing is recorded as overpaid, and the stop is from month 2026-09.
    const ended = exitEnded('r1', 'rural', TR, '2026-Q3', '2026-08', '2026-09-01');
    await publish([ended]);
    await handled([ended.eventId]);
    const e = await enrolmentOf(hhOf('r1').householdId);
    expect(e).toMatchObject({ status: 'stopped', paidThroughMonth: '2026-08', overpayments: [] });
    expect(e.history.find((v) => v.change === 'stopped')).toMatchObject({ fromPeriod: '2026-Q3', fromMonth: '2026-09' });
    expect(await paymentOf(hhOf('r1').householdId, '2026-Q3')).toMatchObject({ months: 2, amount: 60_000, status: 'scheduled' });
    const [stop] = await stoppedEvents(hhOf('r1').householdId);
    expect(stop.payload).toMatchObject({ period: '2026-Q3', fromMonth: '2026-09', cancelledPaymentIds: [], amendedPayments: [], overpayments: [] });

    // Q4: nothing. In all: Q1 90 000 + Q2 90 000 + Q3 60 000 = 240 000 fen (Jan–Aug, 8 months × 30 000).
    await payroll('rural', '2026-Q4');
    expect(await paymentOf(hhOf('r1').householdId, '2026-Q4')).toBeUndefined();
    const total = (await ds.query(`SELECT sum(amount_fen)::int AS n FROM payment WHERE household_id = $1 AND status <> 'stopped'`, [hhOf('r1').householdId])) as { n: number }[];
    expect(total[0].n).toBe(240_000);
  });

  it('rural: a quarter approved in full before the exit is decided is not changed; the months after the exit are recorded for recovery', async () => {
    const TR = `tro-${RUN}`;
    // Approved 2026-03-15: benefits from April, 250.00 yuan a month. Q3 run and approved in July: 3 × 25 000 = 75 000.
    const approved = approve('r2', 'rural', TR, '2026-03-15', '2026-Q2', 25_000);
    await publish([approved]);
    await handled([approved.eventId]);
    await payroll('rural', '2026-Q3');
    expect(await paymentOf(hhOf('r2').householdId, '2026-Q3')).toMatchObject({ months: 3, amount: 75_000 });
    await approveBatchOf(hhOf('r2').householdId, '2026-Q3');

    // A review on 2026-07-10 gives a 1-month exit (the case's own length): August only. September is already approved:
    // 1 × 25 000 = 25 000 fen overpaid, recorded for recovery (C art. 68); the approved payment itself is not touched.
    const started = exitStarted('r2', 'rural', TR, '2026-08', '2026-08', 1);
    await publish([started]);
    await handled([started.eventId]);
    const e = await enrolmentOf(hhOf('r2').householdId);
    expect(e.paidThroughMonth).toBe('2026-08');
    expect(e.overpayments).toEqual([expect.objectContaining({ period: '2026-Q3', firstMonth: '2026-09', months: 1, amountFen: 25_000, status: 'open' })]);
    expect(await paymentOf(hhOf('r2').householdId, '2026-Q3')).toMatchObject({ months: 3, amount: 75_000, status: 'scheduled' });
    const [told] = await stoppedEvents(hhOf('r2').householdId);
    expect(told.payload).toMatchObject({ period: '2026-Q3', fromMonth: '2026-09', overpayments: [expect.objectContaining({ months: 1, amountFen: 25_000 })] });

    // The end on 2026-09-01 records nothing twice.
    const ended = exitEnded('r2', 'rural', TR, '2026-Q3', '2026-08', '2026-09-01');
    await publish([ended]);
    await handled([ended.eventId]);
    const after = await enrolmentOf(hhOf('r2').householdId);
    expect(after.status).toBe('stopped');
    expect(after.overpayments).toHaveLength(1);

    // Recovery (C art. 68): the household repays 10 000, then the remaining 15 000; each receipt credits the rural
    // fund account once; more than is outstanding is refused; a fine is 1–3 × 25 000 = 25 000–75 000 fen.
    const auth = (t: string) => ({ Authorization: `Bearer ${t}` });
    const list = await http.get(`/api/v1/overpayments?householdId=${hhOf('r2').householdId}`).set(auth(finance)).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ amountFen: 25_000, recoveredFen: 0, outstandingFen: 25_000, status: 'open', firstMonth: '2026-09' })]);
    const id = list.body[0].id as string;
    const balance = async () => Number((await ds.query(`SELECT balance_fen::text AS b FROM fund_account WHERE code = 'rural'`))[0].b);
    const before = await balance();
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const first = { amountFen: 10_000, receivedOn: today, reference: `退款-${RUN}-1` };
    await http.post(`/api/v1/overpayments/${id}/recoveries`).set(auth(approver)).send(first).expect(403);
    const part = await http.post(`/api/v1/overpayments/${id}/recoveries`).set(auth(finance)).send(first).expect(201);
    expect(part.body).toMatchObject({ recoveredFen: 10_000, outstandingFen: 15_000, status: 'open', recoveries: [expect.objectContaining({ reference: first.reference, by: { id: expect.any(String), role: 'finance' } })] });
    await http.post(`/api/v1/overpayments/${id}/recoveries`).set(auth(finance)).send(first).expect(200);
    await http.post(`/api/v1/overpayments/${id}/recoveries`).set(auth(finance)).send({ ...first, amountFen: 9_999 }).expect(409);
    const tooMuch = await http.post(`/api/v1/overpayments/${id}/recoveries`).set(auth(finance)).send({ amountFen: 15_001, receivedOn: today, reference: `退款-${RUN}-x` }).expect(422);
    expect(tooMuch.body.errors).toEqual([expect.objectContaining({ field: 'amountFen', rule: 'atMostOutstanding' })]);
    await http.post(`/api/v1/overpayments/${id}/recoveries`).set(auth(finance)).send({ amountFen: 1, receivedOn: '2999-01-01', reference: `退款-${RUN}-f` }).expect(400);
    expect(await balance()).toBe(before + 10_000);
    const rest = await http.post(`/api/v1/overpayments/${id}/recoveries`).set(auth(finance)).send({ amountFen: 15_000, receivedOn: today, reference: `退款-${RUN}-2` }).expect(201);
    expect(rest.body).toMatchObject({ recoveredFen: 25_000, outstandingFen: 0, status: 'recovered' });
    expect(await balance()).toBe(before + 25_000);
    await http.post(`/api/v1/overpayments/${id}/recoveries`).set(auth(finance)).send({ amountFen: 1, receivedOn: today, reference: `退款-${RUN}-3` }).expect(409);
    const entries = await ds.query(`SELECT count(*)::int AS n FROM fund_entry WHERE kind = 'recovery' AND recovery_id IN (SELECT id FROM overpayment_recovery WHERE overpayment_id = $1)`, [id]);
    expect(entries[0].n).toBe(2);
    // A fine for fraud: 1–3 times the amount.
    const fine = { amountFen: 24_999, decidedOn: today, decisionRef: `县民罚决字-${RUN}`, reason: '隐瞒务工收入' };
    const low = await http.post(`/api/v1/overpayments/${id}/fines`).set(auth(approver)).send(fine).expect(422);
    expect(low.body.errors).toEqual([expect.objectContaining({ field: 'amountFen', rule: 'oneToThreeTimes' })]);
    const fined = await http.post(`/api/v1/overpayments/${id}/fines`).set(auth(approver)).send({ ...fine, amountFen: 50_000 }).expect(201);
    expect(fined.body.fines).toEqual([expect.objectContaining({ amountFen: 50_000, decisionRef: fine.decisionRef, by: expect.objectContaining({ role: 'county_approver' }) })]);
    expect(await balance()).toBe(before + 25_000); // fines go to the treasury, not the dibao fund
    // Another township's staff cannot tell it exists.
    await http.get(`/api/v1/overpayments/${id}`).set(auth(testToken('caseworker', 'T99'))).expect(404);
    await eventually(async () => {
      const rows = await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE event_type = 'payment.overpayment-recovered' AND envelope->'payload'->>'overpaymentId' = $1`, [id]);
      return rows[0].n === 2 ? true : undefined;
    }, 10_000);
  });

  it('rural: a quarter still in a draft batch when the exit is decided is cut to the months inside it', async () => {
    const TR = `trd-${RUN}`;
    const approved = approve('r3', 'rural', TR, '2026-03-15', '2026-Q2', 40_000);
    await publish([approved]);
    await handled([approved.eventId]);
    await payroll('rural', '2026-Q3');
    expect(await paymentOf(hhOf('r3').householdId, '2026-Q3')).toMatchObject({ months: 3, amount: 120_000 });
    // Q3 run in July (draft, 3 × 40 000 = 120 000 fen); a review on 2026-07-05 gives a 1-month exit, August: September
    // is outside it and nothing has been approved yet, so the draft is cut to July + August = 2 × 40 000 = 80 000 fen.
    const started = exitStarted('r3', 'rural', TR, '2026-08', '2026-08', 1);
    await publish([started]);
    await handled([started.eventId]);
    const cut = await paymentOf(hhOf('r3').householdId, '2026-Q3');
    expect(cut).toMatchObject({ months: 2, amount: 80_000, status: 'scheduled' });
    const [told] = await stoppedEvents(hhOf('r3').householdId);
    expect(told.payload).toMatchObject({ fromMonth: '2026-09', amendedPayments: [{ paymentId: cut.id, period: '2026-Q3', months: 2, amountFen: 80_000 }], overpayments: [] });
    expect((await enrolmentOf(hhOf('r3').householdId)).overpayments).toEqual([]);
  });

  it('urban: exit March–August pays August and not September; a cancelled exit pays on', async () => {
    const TU = `tue-${RUN}`;
    const approved = approve('u1', 'urban', TU, '2025-12-15', '2026-01', 20_000);
    const kept = approve('u2', 'urban', TU, '2025-12-15', '2026-01', 15_000);
    await publish([approved, kept]);
    await handled([approved.eventId, kept.eventId]);
    const started = exitStarted('u1', 'urban', TU, '2026-03', '2026-08', 6);
    const started2 = exitStarted('u2', 'urban', TU, '2026-03', '2026-08', 6);
    // u2: a later review keeps the household (its income fell again): the end no longer applies.
    const cancelled = envelope(BeneficiaryGradualExitCancelled, {
      ...hhOf('u2'),
      township: TU,
      scheme: 'urban',
      changeRef: `${hhOf('u2').caseId}/exit-cancelled/2026-08/r1.9`,
      lastMonth: '2026-08',
      reason: 'review: the job ended',
    });
    await publish([started, started2, cancelled]);
    await handled([started.eventId, started2.eventId, cancelled.eventId]);
    expect((await enrolmentOf(hhOf('u2').householdId)).paidThroughMonth).toBeNull();

    // August: 1 month each (20 000 and 15 000 fen); September: u1 nothing (after its exit), u2 15 000 fen.
    await payroll('urban', '2026-08');
    await payroll('urban', '2026-09');
    expect(await paymentOf(hhOf('u1').householdId, '2026-08')).toMatchObject({ months: 1, amount: 20_000 });
    expect(await paymentOf(hhOf('u1').householdId, '2026-09')).toBeUndefined();
    expect(await paymentOf(hhOf('u2').householdId, '2026-09')).toMatchObject({ months: 1, amount: 15_000 });

    const ended = exitEnded('u1', 'urban', TU, '2026-09', '2026-08', '2026-09-01');
    await publish([ended]);
    await handled([ended.eventId]);
    const e = await enrolmentOf(hhOf('u1').householdId);
    expect(e.status).toBe('stopped');
    expect(e.history.find((v) => v.change === 'stopped')).toMatchObject({ fromPeriod: '2026-09', fromMonth: '2026-09' });
    expect(await paymentOf(hhOf('u1').householdId, '2026-08')).toMatchObject({ months: 1, amount: 20_000, status: 'scheduled' });
  });
  it('POST /enrolments/{id}/changes: a stop may name its last paid month; it is for a stop only and must fit fromPeriod', async () => {
    const TR = `trh-${RUN}`;
    const approved = approve('r4', 'rural', TR, '2026-03-15', '2026-Q2', 10_000);
    await publish([approved]);
    await handled([approved.eventId]);
    const { id } = await enrolmentOf(hhOf('r4').householdId);
    const post = (body: object) => http.post(`/api/v1/enrolments/${id}/changes`).set('Authorization', `Bearer ${approver}`).send(body);
    const bad = await post({ kind: 'adjust', monthlyAmountFen: 12_000, lastPaidMonth: '2026-08', reason: 'x' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('lastPaidMonth');
    await post({ kind: 'stop', lastPaidMonth: '2026-13', reason: 'x' }).expect(400);
    const inconsistent = await post({ kind: 'stop', fromPeriod: '2026-Q4', lastPaidMonth: '2026-08', reason: 'x' }).expect(422);
    expect(inconsistent.body.code).toBe('inconsistent-stop');
    await post({ kind: 'stop', lastPaidMonth: '2026-08', reason: '渐退期满', changeRef: `manual-${RUN}-r4` }).expect((r) => expect(r.status).toBeLessThan(300));
    const e = await enrolmentOf(hhOf('r4').householdId);
    expect(e).toMatchObject({ status: 'stopped', paidThroughMonth: '2026-08' });
    expect(e.history.find((v) => v.change === 'stopped')).toMatchObject({ fromPeriod: '2026-Q3', fromMonth: '2026-09' });
  });
});
