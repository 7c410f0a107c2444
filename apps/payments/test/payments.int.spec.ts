import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'crypto';
import { Kafka, logLevel, Producer } from 'kafkajs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Actor, BeneficiaryAmountChanged, buildEnvelope, CaseApproved, EventEnvelope, eventRegistry, PayloadOf, Topics } from '@dibao/contracts';
import { eventually, freshDatabase, testStack, testToken } from '@dibao/platform/testing';
import { buildApp } from '../src/app';
import { paymentsConfigSchema } from '../src/config';
import { eventIdFor, paymentKey } from '../src/common/event-id.util';
import { PayrollService } from '../src/payroll/payroll.service';

jest.setTimeout(120_000);

// Ids unique to this run: the topics keep events of earlier runs and of other services' tests.
const RUN = randomUUID().slice(0, 8);
const T_A = `ta-${RUN}`;
const T_B = `tb-${RUN}`;
const T_R = `tr-${RUN}`;
const hh = (name: string) => `hh-${RUN}-${name}`;

const finance = testToken('finance');
const approver = testToken('county_approver');
const supervisor = testToken('supervisor');
const caseworkerB = testToken('caseworker', T_B);
const FINANCE_ACTOR: Actor = { id: 'finance-county', role: 'finance' };

type Approved = PayloadOf<typeof CaseApproved>;

interface Household {
  id: string;
  township: string;
  scheme: 'urban' | 'rural';
  monthlyAmountFen: number;
  persons: number;
  approvedOn: string;
  startPeriod: string;
  payee?: Approved['payee'];
}

// Urban: (150 yuan − per-capita income) × persons. Rural: yearly gap / 12.
const HOUSEHOLDS: Household[] = [
  { id: hh('a1'), township: T_A, scheme: 'urban', monthlyAmountFen: 27000, persons: 3, approvedOn: '2026-02-10', startPeriod: '2026-03' },
  { id: hh('a2'), township: T_A, scheme: 'urban', monthlyAmountFen: 15000, persons: 1, approvedOn: '2026-02-11', startPeriod: '2026-03' },
  {
    id: hh('a3'),
    township: T_A,
    scheme: 'urban',
    monthlyAmountFen: 20000,
    persons: 2,
    approvedOn: '2026-02-12',
    startPeriod: '2026-03',
    payee: { kind: 'proxy', proxyName: '李四', entrustmentRef: 'WT-2026-0042' },
  },
  { id: hh('b1'), township: T_B, scheme: 'urban', monthlyAmountFen: 10000, persons: 2, approvedOn: '2026-02-13', startPeriod: '2026-03' },
  { id: hh('b2'), township: T_B, scheme: 'urban', monthlyAmountFen: 30000, persons: 2, approvedOn: '2026-02-14', startPeriod: '2026-03' },
  // Rural: approved in March → Q2 in full; approved in April → Q2 from May (two months).
  { id: hh('r1'), township: T_R, scheme: 'rural', monthlyAmountFen: 50000, persons: 2, approvedOn: '2026-03-15', startPeriod: '2026-Q2' },
  { id: hh('r2'), township: T_R, scheme: 'rural', monthlyAmountFen: 35000, persons: 1, approvedOn: '2026-04-10', startPeriod: '2026-Q2' },
];
const MINE = HOUSEHOLDS.map((h) => h.id);

function approvedEnvelope(h: Household, eventId = randomUUID()): EventEnvelope<Approved> {
  const caseId = `case-${h.id}`;
  return buildEnvelope(
    CaseApproved,
    { eventId, occurredAt: new Date().toISOString(), correlationId: `it-${RUN}`, actor: { id: 'case-worker', role: 'system' }, key: caseId },
    {
      caseId,
      householdId: h.id,
      township: h.township,
      scheme: h.scheme,
      approvedOn: h.approvedOn,
      monthlyAmountFen: h.monthlyAmountFen,
      persons: h.persons,
      startPeriod: h.startPeriod,
      payee: h.payee ?? { kind: 'own-account' },
    },
  );
}

describe('payments service (real PostgreSQL and Kafka)', () => {
  let app: INestApplication;
  let ds: DataSource;
  let kafka: Kafka;
  let producer: Producer;
  let http: ReturnType<typeof request>;

  const publish = async (envelopes: EventEnvelope[]) => {
    await producer.send({
      topic: Topics.cases,
      acks: -1,
      messages: envelopes.map((e) => ({ key: e.key, value: JSON.stringify(e) })),
    });
  };
  const count = async (sql: string, params: unknown[] = []) => Number(((await ds.query(sql, params)) as { n: string }[])[0].n);
  const paymentsOf = (period: string) =>
    ds.query(
      `SELECT id, household_id, attempt, amount_fen::int AS amount, months, persons, status, batch_id, reissue_of, payee
         FROM payment WHERE period = $1 AND household_id = ANY($2) ORDER BY household_id, attempt`,
      [period, MINE],
    ) as Promise<{ id: string; household_id: string; attempt: number; amount: number; months: number; persons: number; status: string; batch_id: string; reissue_of: string | null; payee: unknown }[]>;
  const batchOf = async (period: string, township: string) =>
    ((await ds.query(`SELECT id FROM batch WHERE period = $1 AND township = $2 ORDER BY seq DESC LIMIT 1`, [period, township])) as { id: string }[])[0]?.id;

  beforeAll(async () => {
    const url = await freshDatabase('payments_it');
    const config = paymentsConfigSchema.parse({
      SERVICE_NAME: 'payments',
      PORT: '3002',
      LOG_LEVEL: 'warn',
      JWT_SECRET: testStack.jwtSecret,
      DATABASE_URL: url,
      KAFKA_BROKERS: testStack.kafkaBrokers.join(','),
      OUTBOX_POLL_MS: '50',
      PAYMENTS_CONSUMER_GROUP: `payments-it-${RUN}`,
    });
    app = await buildApp(config);
    await app.init();
    await app.startAllMicroservices();
    ds = app.get<DataSource>(getDataSourceToken());
    http = request(app.getHttpServer());
    kafka = new Kafka({ clientId: `payments-it-${RUN}`, brokers: testStack.kafkaBrokers, logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
  });

  it('enrols each household once from case.approved, however often it arrives', async () => {
    const first = HOUSEHOLDS.map((h) => approvedEnvelope(h));
    await publish(first);
    // The same events again (a redelivery) and a second approval of a1 (another eventId).
    const secondApproval = approvedEnvelope(HOUSEHOLDS[0]);
    await publish([...first.slice(0, 3), secondApproval]);
    const all = [...first, secondApproval].map((e) => e.eventId);
    await eventually(async () => (await count(`SELECT count(*) AS n FROM inbox WHERE event_id = ANY($1::uuid[])`, [all])) === all.length);
    expect(await count(`SELECT count(*) AS n FROM enrolment WHERE household_id = ANY($1)`, [MINE])).toBe(MINE.length);
    expect(await count(`SELECT count(*) AS n FROM enrolment_version v JOIN enrolment e ON e.id = v.enrolment_id WHERE e.household_id = ANY($1)`, [MINE])).toBe(MINE.length);

    const res = await http.get(`/api/v1/enrolments?householdId=${hh('a3')}`).set('Authorization', `Bearer ${finance}`).expect(200);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({ township: T_A, scheme: 'urban', monthlyAmountFen: 20000, persons: 2, status: 'active', startPeriod: '2026-03' });
    expect(res.body[0].payee).toEqual({ kind: 'proxy', proxyName: '李四', entrustmentRef: 'WT-2026-0042' });
  });

  it('refuses bad input with a 4xx naming the field and changes nothing', async () => {
    const before = await count(`SELECT count(*) AS n FROM payroll_run`);
    const r1 = await http.post('/api/v1/payroll-runs').set('Authorization', `Bearer ${finance}`).send({ scheme: 'urban', period: '2026-Q2' }).expect(400);
    expect(r1.body.errors[0].field).toBe('period');
    const r2 = await http.post('/api/v1/payroll-runs').set('Authorization', `Bearer ${finance}`).send({ scheme: 'city', period: '2026-03' }).expect(400);
    expect(r2.body.errors.map((e: { field: string }) => e.field)).toContain('scheme');
    const r3 = await http
      .post('/api/v1/fund/appropriations')
      .set('Authorization', `Bearer ${finance}`)
      .send({ account: 'urban', reference: 'X', amountFen: -5, receivedOn: '2026-03-01' })
      .expect(400);
    expect(r3.body.errors[0].field).toBe('amountFen');
    const r4 = await http
      .post('/api/v1/standards')
      .set('Authorization', `Bearer ${approver}`)
      .send({ scheme: 'urban', amountFen: 18000, effectiveFrom: '2026-02-30', reason: 'x' })
      .expect(400);
    expect(r4.body.errors[0].field).toBe('effectiveFrom');
    await http.post('/api/v1/payroll-runs').set('Authorization', `Bearer ${approver}`).send({ scheme: 'urban', period: '2026-03' }).expect(403);
    expect(await count(`SELECT count(*) AS n FROM payroll_run`)).toBe(before);
    expect(await count(`SELECT count(*) AS n FROM appropriation`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM standard WHERE effective_from > '2026-01-01'`)).toBe(0);
  });

  it('refuses out-of-range money, blank text and query numbers that are not decimal digits, changing nothing', async () => {
    const state = async () => ({
      standards: await count(`SELECT count(*) AS n FROM standard`),
      appropriations: await count(`SELECT count(*) AS n FROM appropriation`),
      versions: await count(`SELECT count(*) AS n FROM enrolment_version`),
    });
    const before = await state();
    const field = (res: { body: { errors?: { field: string }[] } }) => (res.body.errors ?? []).map((e) => e.field);

    // 1e308 and 2^63 used to reach the bigint column (a 500): now a 400 naming amountFen.
    for (const amountFen of [1e308, 2 ** 63, 10_000_000_001]) {
      const res = await http
        .post('/api/v1/standards')
        .set('Authorization', `Bearer ${approver}`)
        .send({ scheme: 'urban', amountFen, effectiveFrom: '2027-01-01', reason: 'bounds' })
        .expect(400);
      expect(field(res)).toEqual(['amountFen']);
    }
    const bigAppropriation = await http
      .post('/api/v1/fund/appropriations')
      .set('Authorization', `Bearer ${finance}`)
      .send({ account: 'urban', reference: `BIG-${RUN}`, amountFen: Number.MAX_SAFE_INTEGER, receivedOn: '2026-03-01' })
      .expect(400);
    expect(field(bigAppropriation)).toEqual(['amountFen']);

    // Required text of only white space (the ideographic space included).
    const blankReference = await http
      .post('/api/v1/fund/appropriations')
      .set('Authorization', `Bearer ${finance}`)
      .send({ account: 'urban', reference: ' \u3000\t', amountFen: 100, receivedOn: '2026-03-01' })
      .expect(400);
    expect(blankReference.body.errors).toEqual([expect.objectContaining({ field: 'reference', rule: 'isNotBlank' })]);
    const blankReason = await http
      .post('/api/v1/standards')
      .set('Authorization', `Bearer ${approver}`)
      .send({ scheme: 'urban', amountFen: 18000, effectiveFrom: '2027-01-01', reason: '   ' })
      .expect(400);
    expect(field(blankReason)).toEqual(['reason']);
    const enrolment = (await http.get(`/api/v1/enrolments?householdId=${hh('a2')}`).set('Authorization', `Bearer ${finance}`).expect(200)).body[0];
    const change = await http
      .post(`/api/v1/enrolments/${enrolment.id}/changes`)
      .set('Authorization', `Bearer ${approver}`)
      .send({ kind: 'adjust', monthlyAmountFen: 1e308, persons: 1000, reason: '  ' })
      .expect(400);
    expect(field(change).sort()).toEqual(['monthlyAmountFen', 'persons', 'reason']);

    // Query numbers: only decimal digits in range; absent keeps the default.
    const bad: [string, string][] = [
      ['/api/v1/fund/accounts/urban/entries?limit=abc', 'limit'],
      ['/api/v1/fund/accounts/urban/entries?limit=NaN', 'limit'],
      ['/api/v1/fund/accounts/urban/entries?limit=0x10', 'limit'],
      ['/api/v1/fund/accounts/urban/entries?offset=-1', 'offset'],
      ['/api/v1/enrolments?limit=0x10', 'limit'],
      ['/api/v1/enrolments?offset=0x10', 'offset'],
      ['/api/v1/enrolments?offset=', 'offset'],
      ['/api/v1/enrolments?offset=1e308', 'offset'],
      ['/api/v1/enrolments?limit=1.5', 'limit'],
      [`/api/v1/batches/${randomUUID()}/payments?limit=abc`, 'limit'],
    ];
    for (const [url, name] of bad) {
      const res = await http.get(url).set('Authorization', `Bearer ${finance}`);
      expect({ url, status: res.status, fields: field(res) }).toEqual({ url, status: 400, fields: [name] });
    }
    await http.get('/api/v1/fund/accounts/urban/entries').set('Authorization', `Bearer ${finance}`).expect(200);
    const paged = await http.get(`/api/v1/enrolments?limit=2&offset=0`).set('Authorization', `Bearer ${finance}`).expect(200);
    expect(paged.body).toHaveLength(2);
    expect(await state()).toEqual(before);
  });

  it('runs the urban payroll monthly and the rural one quarterly, one batch per township', async () => {
    const urban = await http.post('/api/v1/payroll-runs').set('Authorization', `Bearer ${finance}`).send({ scheme: 'urban', period: '2026-03', wait: true }).expect(200);
    expect(urban.body).toMatchObject({ scheme: 'urban', period: '2026-03', status: 'completed' });
    expect(urban.body.progress.townshipsDone).toBe(urban.body.progress.townshipsTotal);
    const got = await http.get(`/api/v1/payroll-runs/${urban.body.id}`).set('Authorization', `Bearer ${supervisor}`).expect(200);
    expect(got.body.progress.householdsProcessed).toBeGreaterThanOrEqual(5);

    const urbanPayments = await paymentsOf('2026-03');
    expect(urbanPayments.map((p) => [p.household_id, p.amount, p.months, p.attempt, p.status])).toEqual([
      [hh('a1'), 27000, 1, 1, 'scheduled'],
      [hh('a2'), 15000, 1, 1, 'scheduled'],
      [hh('a3'), 20000, 1, 1, 'scheduled'],
      [hh('b1'), 10000, 1, 1, 'scheduled'],
      [hh('b2'), 30000, 1, 1, 'scheduled'],
    ]);
    expect(urbanPayments.find((p) => p.household_id === hh('a3'))!.payee).toEqual({ kind: 'proxy', proxyName: '李四', entrustmentRef: 'WT-2026-0042' });
    expect(new Set(urbanPayments.filter((p) => [hh('a1'), hh('a2'), hh('a3')].includes(p.household_id)).map((p) => p.batch_id)).size).toBe(1);
    expect(urbanPayments.find((p) => p.household_id === hh('a1'))!.batch_id).not.toBe(urbanPayments.find((p) => p.household_id === hh('b1'))!.batch_id);

    await http.post('/api/v1/payroll-runs').set('Authorization', `Bearer ${finance}`).send({ scheme: 'rural', period: '2026-Q2', wait: true }).expect(200);
    const rural = await paymentsOf('2026-Q2');
    expect(rural.map((p) => [p.household_id, p.amount, p.months])).toEqual([
      [hh('r1'), 150000, 3],
      [hh('r2'), 70000, 2],
    ]);
  });

  it('run twice gives the same payments and no second event', async () => {
    const before = await paymentsOf('2026-03');
    const outboxBefore = await count(`SELECT count(*) AS n FROM outbox`);
    const again = await http.post('/api/v1/payroll-runs').set('Authorization', `Bearer ${finance}`).send({ scheme: 'urban', period: '2026-03', wait: true }).expect(200);
    expect(again.body.executions).toBe(2);
    expect(await paymentsOf('2026-03')).toEqual(before);
    expect(await count(`SELECT count(*) AS n FROM outbox`)).toBe(outboxBefore);
  });

  it('approves, refuses to overdraw the fund account (with the shortfall), releases and reconciles a batch', async () => {
    const batchA = await batchOf('2026-03', T_A);
    // A township role sees only its own township's batches.
    await http.get(`/api/v1/batches/${batchA}`).set('Authorization', `Bearer ${caseworkerB}`).expect(404);
    const own = await http.get(`/api/v1/batches?period=2026-03`).set('Authorization', `Bearer ${caseworkerB}`).expect(200);
    expect(own.body.map((b: { township: string }) => b.township)).toEqual([T_B]);

    await http.post(`/api/v1/batches/${batchA}/release`).set('Authorization', `Bearer ${finance}`).expect(409);
    await http.post(`/api/v1/batches/${batchA}/approve`).set('Authorization', `Bearer ${finance}`).expect(403);
    const approved = await http.post(`/api/v1/batches/${batchA}/approve`).set('Authorization', `Bearer ${approver}`).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', payments: 3, amountFen: 62000, approved: { by: 'county_approver-county', role: 'county_approver' } });

    // 500.00 yuan in the account, the batch needs 620.00: refused with the shortfall, nothing changed.
    await http
      .post('/api/v1/fund/appropriations')
      .set('Authorization', `Bearer ${finance}`)
      .send({ account: 'urban', reference: `财社-${RUN}-1`, amountFen: 50000, receivedOn: '2026-03-02', note: 'Q1' })
      .expect(201);
    const refused = await http.post(`/api/v1/batches/${batchA}/release`).set('Authorization', `Bearer ${finance}`).expect(422);
    expect(refused.body.code).toBe('insufficient-funds');
    expect(refused.body.shortfallFen).toBe(12000);
    expect(refused.body.detail).toContain('shortfall 12000 fen (120.00 yuan)');
    expect(await count(`SELECT count(*) AS n FROM fund_entry WHERE kind = 'disbursement'`)).toBe(0);

    // Recording the same appropriation again changes nothing; another one covers the batch.
    await http
      .post('/api/v1/fund/appropriations')
      .set('Authorization', `Bearer ${finance}`)
      .send({ account: 'urban', reference: `财社-${RUN}-1`, amountFen: 50000, receivedOn: '2026-03-02' })
      .expect(200);
    await http
      .post('/api/v1/fund/appropriations')
      .set('Authorization', `Bearer ${finance}`)
      .send({ account: 'urban', reference: `财社-${RUN}-2`, amountFen: 100000, receivedOn: '2026-03-05' })
      .expect(201);
    const released = await http.post(`/api/v1/batches/${batchA}/release`).set('Authorization', `Bearer ${finance}`).expect(200);
    expect(released.body).toMatchObject({ status: 'released', released: { role: 'finance' } });
    const accounts = await http.get('/api/v1/fund/accounts').set('Authorization', `Bearer ${finance}`).expect(200);
    const urbanAccount = accounts.body.find((a: { code: string }) => a.code === 'urban');
    expect(urbanAccount).toMatchObject({ balanceFen: 150000 - 62000, ledgerSumFen: 150000 - 62000 });
    const releasedEvent: { envelope: { payload: Record<string, unknown> } }[] = await ds.query(
      `SELECT envelope FROM outbox WHERE event_type = 'batch.released' AND message_key = $1`,
      [batchA],
    );
    expect(releasedEvent[0].envelope.payload).toMatchObject({ payments: 3, amountFen: 62000, fundAccount: 'urban', fundBalanceAfterFen: 88000 });

    // The bank's return file: a1 and a3 paid, a2 failed (closed account).
    const pays = await paymentsOf('2026-03');
    const idOf = (name: string) => pays.find((p) => p.household_id === hh(name))!.id;
    const bad = `payment_id,result,reason\n${idOf('a1')},paid,\n`;
    const badRes = await http.post(`/api/v1/batches/${batchA}/returns`).set('Authorization', `Bearer ${finance}`).set('Content-Type', 'text/csv').send(bad).expect(400);
    expect(badRes.body.errors[0].field).toBe('line 2: result');
    const foreign = `payment_id,result,reason\n${idOf('b1')},disbursed,\n`;
    await http.post(`/api/v1/batches/${batchA}/returns`).set('Authorization', `Bearer ${finance}`).set('Content-Type', 'text/csv').send(foreign).expect(400);
    expect(await count(`SELECT count(*) AS n FROM payment WHERE batch_id = $1 AND status = 'released'`, [batchA])).toBe(3);

    const csv = `payment_id,result,reason,bank_reference\n${idOf('a1')},disbursed,,BK-001\n${idOf('a2')},failed,账户已销户,\n${idOf('a3')},disbursed,,BK-003\n`;
    const applied = await http.post(`/api/v1/batches/${batchA}/returns`).set('Authorization', `Bearer ${finance}`).set('Content-Type', 'text/csv').send(csv).expect(200);
    expect(applied.body).toMatchObject({ disbursed: 2, failed: 1, unchanged: 0, batchStatus: 'reconciled' });
    // The same file again changes nothing; a contradicting result is refused.
    const again = await http.post(`/api/v1/batches/${batchA}/returns`).set('Authorization', `Bearer ${finance}`).set('Content-Type', 'text/csv').send(csv).expect(200);
    expect(again.body).toMatchObject({ disbursed: 0, failed: 0, unchanged: 3 });
    await http
      .post(`/api/v1/batches/${batchA}/returns`)
      .set('Authorization', `Bearer ${finance}`)
      .send({ results: [{ paymentId: idOf('a2'), result: 'disbursed' }] })
      .expect(409);

    const after = await http.get('/api/v1/fund/accounts').set('Authorization', `Bearer ${finance}`).expect(200);
    expect(after.body.find((a: { code: string }) => a.code === 'urban')).toMatchObject({ balanceFen: 150000 - 47000, ledgerSumFen: 150000 - 47000 });

    // The batch's audit read: drafted, approved, released, the bank's results (by whom), reconciled.
    const history = (await http.get(`/api/v1/batches/${batchA}/history`).set('Authorization', `Bearer ${supervisor}`).expect(200)).body;
    const actions = history.map((x: { action: string }) => x.action);
    expect(actions[0]).toBe('drafted');
    expect(actions.slice(1, 3)).toEqual(['approved', 'released']);
    expect(actions[actions.length - 1]).toBe('reconciled');
    const results = history.filter((x: { action: string }) => x.action === 'bank-results');
    expect(results.map((x: { changes: { status: string; payments: number } }) => [x.changes.status, x.changes.payments]).sort()).toEqual([
      ['disbursed', 2],
      ['failed', 1],
    ]);
    expect(results[0]).toMatchObject({ entity: 'batch', entityId: batchA, actorRole: 'finance' });
    expect(history.find((x: { action: string }) => x.action === 'approved')).toMatchObject({ actorRole: 'county_approver' });

    const report = await http.get('/api/v1/reports/periods/2026-03').set('Authorization', `Bearer ${supervisor}`).expect(200);
    const rowA = report.body.townships.find((t: { township: string }) => t.township === T_A);
    expect(rowA).toMatchObject({ scheme: 'urban', households: 2, persons: 5, amountFen: 47000, disbursedFen: 47000, failedFen: 15000, inTransitFen: 0 });
    expect(report.body.ledger).toMatchObject({ reconciled: true, differenceFen: 0 });
  });

  it('resumes a run that crashed half way, and reissues the failed payment in the next run', async () => {
    const payroll = app.get(PayrollService);
    const runId = await payroll.open('urban', '2026-04', FINANCE_ACTOR);
    await payroll.execute(runId, FINANCE_ACTOR, { stopAfterChunks: 1 }); // "crash" after the first township
    const half = await http.get(`/api/v1/payroll-runs/${runId}`).set('Authorization', `Bearer ${finance}`).expect(200);
    expect(half.body.status).toBe('running');
    expect(half.body.progress.townshipsDone).toBe(1);
    expect(half.body.progress.townshipsTotal).toBeGreaterThan(1);

    const resumed = await http.post('/api/v1/payroll-runs').set('Authorization', `Bearer ${finance}`).send({ scheme: 'urban', period: '2026-04', wait: true }).expect(200);
    expect(resumed.body).toMatchObject({ id: runId, status: 'completed', executions: 2 });
    const april = await paymentsOf('2026-04');
    expect(april.map((p) => [p.household_id, p.amount, p.attempt])).toEqual([
      [hh('a1'), 27000, 1],
      [hh('a2'), 15000, 1],
      [hh('a3'), 20000, 1],
      [hh('b1'), 10000, 1],
      [hh('b2'), 30000, 1],
    ]);
    // Once more: identical.
    await http.post('/api/v1/payroll-runs').set('Authorization', `Bearer ${finance}`).send({ scheme: 'urban', period: '2026-04', wait: true }).expect(200);
    expect(await paymentsOf('2026-04')).toEqual(april);

    // The March payment of a2 that failed is reissued (attempt 2) in April's batch of its township.
    const march = await paymentsOf('2026-03');
    const failed = march.find((p) => p.household_id === hh('a2') && p.attempt === 1)!;
    const reissue = march.find((p) => p.household_id === hh('a2') && p.attempt === 2)!;
    expect(failed.status).toBe('failed');
    expect(reissue).toMatchObject({ status: 'scheduled', amount: 15000, reissue_of: failed.id });
    expect(reissue.batch_id).toBe(await batchOf('2026-04', T_A));
    // Every scheduled payment has exactly one payment.scheduled row in the outbox.
    expect(await count(`SELECT count(*) AS n FROM outbox WHERE event_type = 'payment.scheduled'`)).toBe(await count(`SELECT count(*) AS n FROM payment`));
  });

  it('never overdraws the fund account when two releases race', async () => {
    const batches = [await batchOf('2026-04', T_A), await batchOf('2026-04', T_B)];
    for (const id of batches) await http.post(`/api/v1/batches/${id}/approve`).set('Authorization', `Bearer ${approver}`).expect(200);
    // 1,030.00 yuan left; the batches need 770.00 and 400.00: each fits alone, not both.
    const results = await Promise.all(batches.map((id) => http.post(`/api/v1/batches/${id}/release`).set('Authorization', `Bearer ${finance}`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
    const refused = results.find((r) => r.status === 422)!;
    expect(refused.body.code).toBe('insufficient-funds');
    const account = (await http.get('/api/v1/fund/accounts').set('Authorization', `Bearer ${finance}`).expect(200)).body.find(
      (a: { code: string }) => a.code === 'urban',
    );
    const released = results.find((r) => r.status === 200)!.body.amountFen as number;
    expect(account.balanceFen).toBe(103000 - released);
    expect(account.ledgerSumFen).toBe(account.balanceFen);
    expect(refused.body.shortfallFen).toBe(117000 - 103000);
  });

  it('recalculates the ledger households itself and hands the raise to the beneficiary workflows (standard.raised), from the next period', async () => {
    // A household of the county's ledger (no case, so no beneficiary workflow): 200 yuan for 2 at 150 → 100 yuan income.
    const ledger = hh('l1');
    await http
      .post('/api/v1/enrolment-imports')
      .set('Authorization', `Bearer ${approver}`)
      .send({
        reference: `ledger-${RUN}`,
        urbanStartPeriod: '2026-05',
        ruralStartPeriod: '2026-Q3',
        rows: [{ householdId: ledger, township: T_A, scheme: 'urban', persons: 2, monthlyAmountFen: 20000, ledgerNo: `L-${RUN}-1` }],
      })
      .expect(200);
    await http
      .post('/api/v1/standards')
      .set('Authorization', `Bearer ${approver}`)
      .send({ scheme: 'urban', amountFen: 18000, effectiveFrom: '2026-04-01', reason: 'too late' })
      .expect(422);
    const raised = await http
      .post('/api/v1/standards')
      .set('Authorization', `Bearer ${approver}`)
      // Township T_A's own standard: a county-wide one would reach every running beneficiary workflow of the shared
      // stack through standard.raised (the case worker's fan-out); a township of this run reaches only this run's.
      .send({ scheme: 'urban', area: T_A, amountFen: 18000, effectiveFrom: '2026-05-01', reason: '县政府 2026 年提标' })
      .expect(201);
    // One rule per household: the ledger household here, the three approved through cases (a1–a3) by their workflows.
    expect(raised.body.recalculation).toEqual({ fromPeriod: '2026-05', households: 1, unchanged: 0, viaBeneficiaryWorkflows: 3 });

    const ledgerEnrolment = (await http.get(`/api/v1/enrolments?householdId=${ledger}`).set('Authorization', `Bearer ${finance}`).expect(200)).body[0];
    const l1 = await http.get(`/api/v1/enrolments/${ledgerEnrolment.id}`).set('Authorization', `Bearer ${finance}`).expect(200);
    expect(l1.body.monthlyAmountFen).toBe(26000);
    const change = l1.body.history[l1.body.history.length - 1];
    expect(change).toMatchObject({ change: 'standard-raised', fromPeriod: '2026-05', monthlyAmountFen: 26000, actor: { role: 'county_approver' } });
    expect(change.reason).toContain('180.00 yuan per person per month from 2026-05');
    expect(change.reason).toContain('县政府 2026 年提标');

    // standard.raised in the outbox, in the raise's transaction: what the case worker fans out to the workflows.
    const outboxed: { envelope: { key: string; actor: Actor; payload: Record<string, unknown> } }[] = await ds.query(
      `SELECT envelope FROM outbox WHERE event_type = 'standard.raised'`,
    );
    expect(outboxed).toHaveLength(1);
    expect(outboxed[0].envelope.payload).toEqual({
      idempotencyKey: `standard/${raised.body.standard.id}`,
      standardId: raised.body.standard.id,
      scheme: 'urban',
      area: T_A,
      amountFen: 18000,
      effectiveFrom: '2026-05-01',
      fromPeriod: '2026-05',
      reason: '县政府 2026 年提标',
      exceptTownships: [],
    });
    expect(outboxed[0].envelope.key).toBe(raised.body.standard.id);

    // The beneficiary workflows answer with beneficiary.amount-changed (their amounts from the facts; T_B's
    // households here as if the county had raised its standard too).
    const a1Before = (await http.get(`/api/v1/enrolments?householdId=${hh('a1')}`).set('Authorization', `Bearer ${finance}`).expect(200)).body[0];
    expect(a1Before.monthlyAmountFen).toBe(27000);
    const raisedAmounts: [string, number][] = [
      ['a1', 36000],
      ['a2', 18000],
      ['a3', 26000],
      ['b1', 16000],
      ['b2', 36000],
    ];
    const changes = raisedAmounts.map(([name, monthlyAmountFen]) => {
      const h = HOUSEHOLDS.find((x) => x.id === hh(name))!;
      const caseId = `case-${h.id}`;
      return buildEnvelope(
        BeneficiaryAmountChanged,
        { eventId: randomUUID(), occurredAt: new Date().toISOString(), correlationId: `it-${RUN}`, actor: { id: 'ca-1', role: 'county_approver' }, key: caseId },
        {
          caseId,
          householdId: h.id,
          township: h.township,
          scheme: 'urban',
          changeRef: `${caseId}/adjust/2026-05/r1.9`,
          monthlyAmountFen,
          persons: h.persons,
          fromPeriod: '2026-05',
          reason: '提标: 县政府 2026 年提标',
        },
      );
    });
    await publish(changes);
    await eventually(async () => (await count(`SELECT count(*) AS n FROM inbox WHERE event_id = ANY($1::uuid[])`, [changes.map((e) => e.eventId)])) === changes.length);
    const a1 = await http.get(`/api/v1/enrolments/${a1Before.id}`).set('Authorization', `Bearer ${finance}`).expect(200);
    expect(a1.body.monthlyAmountFen).toBe(27000 + 3 * 3000);
    expect(a1.body.history[a1.body.history.length - 1]).toMatchObject({ change: 'adjusted', fromPeriod: '2026-05', monthlyAmountFen: 36000, reason: '提标: 县政府 2026 年提标' });

    // Stop b2 from June: the May run still pays it at the new amount, June does not.
    const b2 = (await http.get(`/api/v1/enrolments?householdId=${hh('b2')}`).set('Authorization', `Bearer ${finance}`).expect(200)).body[0];
    const stop = { kind: 'stop', fromPeriod: '2026-06', reason: '家庭成员就业, 收入超标', changeRef: `review-${RUN}` };
    await http.post(`/api/v1/enrolments/${b2.id}/changes`).set('Authorization', `Bearer ${finance}`).send(stop).expect(403);
    const stopped = await http.post(`/api/v1/enrolments/${b2.id}/changes`).set('Authorization', `Bearer ${approver}`).send(stop).expect(201);
    expect(stopped.body).toMatchObject({ status: 'stopped', stopReason: '家庭成员就业, 收入超标' });
    await http.post(`/api/v1/enrolments/${b2.id}/changes`).set('Authorization', `Bearer ${approver}`).send(stop).expect(201);
    expect(await count(`SELECT count(*) AS n FROM enrolment_version WHERE enrolment_id = $1`, [b2.id])).toBe(3);
    // The audit read: each change with its period, amount, who and when; another township cannot see it.
    const audit = (await http.get(`/api/v1/enrolments/${b2.id}/history`).set('Authorization', `Bearer ${finance}`).expect(200)).body;
    expect(audit.map((x: { action: string }) => x.action)).toEqual(['enrolled', 'adjusted', 'stopped']);
    expect(audit[2]).toMatchObject({ entity: 'enrolment', entityId: b2.id, actorRole: 'county_approver', changes: { fromPeriod: '2026-06', status: 'stopped', reason: '家庭成员就业, 收入超标', changeRef: `review-${RUN}` } });
    await http.get(`/api/v1/enrolments/${b2.id}/history`).set('Authorization', `Bearer ${testToken('caseworker', 'T99')}`).expect(404);

    await http.post('/api/v1/payroll-runs').set('Authorization', `Bearer ${finance}`).send({ scheme: 'urban', period: '2026-05', wait: true }).expect(200);
    expect((await paymentsOf('2026-05')).map((p) => [p.household_id, p.amount])).toEqual([
      [hh('a1'), 36000],
      [hh('a2'), 18000],
      [hh('a3'), 26000],
      [hh('b1'), 16000],
      [hh('b2'), 36000],
    ]);

    // May has run but its batch is a draft: b1 can still be suspended from May (its May payment is
    // cancelled, payment.stopped tells finance); an amount change for May is refused.
    const b1 = (await http.get(`/api/v1/enrolments?householdId=${hh('b1')}`).set('Authorization', `Bearer ${finance}`).expect(200)).body[0];
    const late = await http
      .post(`/api/v1/enrolments/${b1.id}/changes`)
      .set('Authorization', `Bearer ${approver}`)
      .send({ kind: 'adjust', fromPeriod: '2026-05', monthlyAmountFen: 1, reason: 'x' })
      .expect(422);
    expect(late.body.detail).toContain('fromPeriod');
    await http
      .post(`/api/v1/enrolments/${b1.id}/changes`)
      .set('Authorization', `Bearer ${approver}`)
      .send({ kind: 'suspend', fromPeriod: '2026-05', reason: '待核实: 外出务工' })
      .expect(201);
    const mayB1 = (await paymentsOf('2026-05')).find((p) => p.household_id === hh('b1'))!;
    expect(mayB1.status).toBe('stopped');
    const stoppedEvents: { envelope: { payload: { cancelledPaymentIds: string[]; reason: string } } }[] = await ds.query(
      `SELECT envelope FROM outbox WHERE event_type = 'payment.stopped' AND message_key = $1`,
      [hh('b1')],
    );
    expect(stoppedEvents).toHaveLength(1);
    expect(stoppedEvents[0].envelope.payload).toMatchObject({ cancelledPaymentIds: [mayB1.id], reason: 'suspended: 待核实: 外出务工' });
    // A rerun of May does not bring the cancelled payment back.
    await http.post('/api/v1/payroll-runs').set('Authorization', `Bearer ${finance}`).send({ scheme: 'urban', period: '2026-05', wait: true }).expect(200);
    expect((await paymentsOf('2026-05')).filter((p) => p.status === 'scheduled')).toHaveLength(4);

    await http.post('/api/v1/payroll-runs').set('Authorization', `Bearer ${finance}`).send({ scheme: 'urban', period: '2026-06', wait: true }).expect(200);
    expect((await paymentsOf('2026-06')).map((p) => p.household_id)).toEqual([hh('a1'), hh('a2'), hh('a3')]);
  });

  it('derives the same event ids in SQL and in TypeScript', async () => {
    const key = paymentKey(hh('a1'), 'urban', '2026-03', 1);
    const rows: { id: string }[] = await ds.query(`SELECT dibao_event_uuid($1) AS id`, [`payment.scheduled|${key}`]);
    expect(rows[0].id).toBe(eventIdFor('payment.scheduled', key));
    const outboxRow: { event_id: string }[] = await ds.query(`SELECT event_id FROM outbox WHERE event_id = $1`, [rows[0].id]);
    expect(outboxRow).toHaveLength(1);
  });

  it('publishes every finance event to Kafka once per idempotency key', async () => {
    await eventually(async () => (await count(`SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`)) === 0);
    const expected: { event_id: string; event_type: string }[] = await ds.query(
      `SELECT event_id, event_type FROM outbox WHERE topic = $1 AND (envelope->'payload'->>'householdId' = ANY($2) OR envelope->'payload'->>'township' = ANY($3))`,
      [Topics.payments, MINE, [T_A, T_B, T_R]],
    );
    const types = new Set(expected.map((e) => e.event_type));
    for (const t of ['payment.scheduled', 'batch.approved', 'batch.released', 'payment.disbursed', 'payment.failed', 'batch.reconciled', 'payment.stopped']) {
      expect(types).toContain(t);
    }
    const wanted = new Set(expected.map((e) => e.event_id));
    const seen: EventEnvelope[] = [];
    const consumer = kafka.consumer({ groupId: `payments-it-reader-${RUN}` });
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.payments, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const parsed = eventRegistry.parse(message.value);
        if (parsed.ok && wanted.has(parsed.envelope.eventId)) seen.push(parsed.envelope);
      },
    });
    try {
      await eventually(async () => new Set(seen.map((e) => e.eventId)).size === wanted.size, 60_000, 200);
    } finally {
      await consumer.disconnect();
    }
    const keys = seen.map((e) => `${e.type}|${(e.payload as { idempotencyKey: string }).idempotencyKey}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(seen.length).toBe(wanted.size);
    const scheduledA1 = seen.find((e) => e.type === 'payment.scheduled' && (e.payload as { idempotencyKey: string }).idempotencyKey === `${hh('a1')}/urban/2026-03#1`);
    expect(scheduledA1?.payload).toMatchObject({ householdId: hh('a1'), amountFen: 27000, months: 1, persons: 3, payee: { kind: 'own-account' }, reissueOf: null });
  });
  it('flags once every batch not released by the 10th of its period (B art. 31), and tells supervision', async () => {
    // Every draft or approved batch of this database is of a 2026 period whose 10th has passed (today is later).
    const open: { id: string; period: string }[] = await ds.query(`SELECT id, period FROM batch WHERE status IN ('draft', 'approved') AND late_flagged_on IS NULL`);
    expect(open.length).toBeGreaterThan(0);
    await http.post('/api/v1/batches/late-sweep').set('Authorization', `Bearer ${caseworkerB}`).expect(403);
    const swept = await http.post('/api/v1/batches/late-sweep').set('Authorization', `Bearer ${supervisor}`).expect(200);
    expect(swept.body.batchIds).toEqual(open.map((b) => b.id).sort());
    expect((await http.post('/api/v1/batches/late-sweep').set('Authorization', `Bearer ${finance}`).expect(200)).body.flagged).toBe(0);
    const events: { envelope: { payload: { batchId: string; period: string; dueOn: string; daysLate: number } } }[] = await ds.query(
      `SELECT envelope FROM outbox WHERE event_type = 'batch.late'`,
    );
    expect(events.map((e) => e.envelope.payload.batchId).sort()).toEqual(open.map((b) => b.id).sort());
    for (const { envelope } of events) {
      // 2026-03 → due 2026-03-10; 2026-Q2 → due 2026-04-10 (the quarter's first month).
      const q = /^(\d{4})-Q(\d)$/.exec(envelope.payload.period);
      const month = q ? `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}` : envelope.payload.period;
      expect(envelope.payload.dueOn).toBe(`${month}-10`);
      expect(envelope.payload.daysLate).toBeGreaterThan(0);
    }
  });
});
