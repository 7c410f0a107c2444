import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'crypto';
import request from 'supertest';
import { freshDatabase, testStack, testToken } from '@dibao/platform/testing';
import { buildApp } from '../app';
import { paymentsConfigSchema } from '../config';

jest.setTimeout(120_000);

/** The ledger's existing beneficiaries enrolled in bulk, paid by the ordinary payroll, and idempotent. */
describe('enrolment import (real PostgreSQL)', () => {
  const RUN = randomUUID().slice(0, 8);
  const approver = testToken('county_approver');
  const finance = testToken('finance');
  let app: INestApplication;

  const body = (rows: object[]) => ({ reference: `台帐-${RUN}`, urbanStartPeriod: '2026-01', ruralStartPeriod: '2026-Q1', rows });
  const rows = [
    { householdId: `hh-${RUN}-1`, township: `ti-${RUN}`, scheme: 'rural', persons: 3, monthlyAmountFen: 9800, ledgerNo: `R-${RUN}-1` },
    { householdId: `hh-${RUN}-2`, township: `ti-${RUN}`, scheme: 'rural', persons: 1, monthlyAmountFen: 3267, ledgerNo: `R-${RUN}-2` },
    { householdId: `hh-${RUN}-3`, township: `ti-${RUN}`, scheme: 'urban', persons: 2, monthlyAmountFen: 29050, ledgerNo: `U-${RUN}-3` },
  ];

  beforeAll(async () => {
    const url = await freshDatabase('payments_enrolment_import_it');
    app = await buildApp(
      paymentsConfigSchema.parse({
        SERVICE_NAME: 'payments',
        LOG_LEVEL: 'warn',
        JWT_SECRET: testStack.jwtSecret,
        DATABASE_URL: url,
        KAFKA_BROKERS: testStack.kafkaBrokers.join(','),
        PAYMENTS_CONSUMER_GROUP: `payments-import-it-${RUN}`,
      }),
    );
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('enrols the rows once, and the payroll pays them', async () => {
    const first = await request(app.getHttpServer()).post('/api/v1/enrolment-imports').set('authorization', `Bearer ${approver}`).send(body(rows)).expect(200);
    expect(first.body).toEqual({ rows: 3, enrolled: 3, unchanged: 0 });
    const again = await request(app.getHttpServer()).post('/api/v1/enrolment-imports').set('authorization', `Bearer ${approver}`).send(body(rows)).expect(200);
    expect(again.body).toEqual({ rows: 3, enrolled: 0, unchanged: 3 });

    const list = await request(app.getHttpServer()).get(`/api/v1/enrolments?township=ti-${RUN}`).set('authorization', `Bearer ${finance}`).expect(200);
    const items = (list.body.items ?? list.body) as { householdId: string; status: string; monthlyAmountFen: number; startPeriod: string }[];
    expect(items.map((e) => [e.householdId, e.status, e.monthlyAmountFen, e.startPeriod]).sort()).toEqual(
      [
        [`hh-${RUN}-1`, 'active', 9800, '2026-Q1'],
        [`hh-${RUN}-2`, 'active', 3267, '2026-Q1'],
        [`hh-${RUN}-3`, 'active', 29050, '2026-01'],
      ].sort(),
    );

    await request(app.getHttpServer()).post('/api/v1/payroll-runs').set('authorization', `Bearer ${finance}`).send({ scheme: 'rural', period: '2026-Q1', wait: true }).expect((r) => expect(r.status).toBeLessThan(300));
    const batches = await request(app.getHttpServer()).get(`/api/v1/batches?scheme=rural&period=2026-Q1&township=ti-${RUN}`).set('authorization', `Bearer ${finance}`).expect(200);
    const batch = (batches.body.items ?? batches.body)[0] as { totalFen?: number; amountFen?: number; payments?: number; id: string };
    const payments = await request(app.getHttpServer()).get(`/api/v1/batches/${batch.id}/payments`).set('authorization', `Bearer ${finance}`).expect(200);
    const amounts = ((payments.body.items ?? payments.body) as { amountFen: number }[]).map((p) => p.amountFen).sort((a, b) => a - b);
    // A rural quarter pays three months of the ledger's monthly amount.
    expect(amounts).toEqual([3 * 3267, 3 * 9800]);
  });

  it('refuses bad rows with a 400 naming the field, and a household twice', async () => {
    const bad = await request(app.getHttpServer())
      .post('/api/v1/enrolment-imports')
      .set('authorization', `Bearer ${approver}`)
      .send(body([{ ...rows[0], persons: 0, monthlyAmountFen: -1 }]))
      .expect(400);
    expect(JSON.stringify(bad.body.errors)).toMatch(/rows\.0\.persons|rows\[0\]\.persons/);
    await request(app.getHttpServer()).post('/api/v1/enrolment-imports').set('authorization', `Bearer ${approver}`).send(body([rows[0], rows[0]])).expect(400);
    await request(app.getHttpServer()).post('/api/v1/enrolment-imports').set('authorization', `Bearer ${finance}`).send(body(rows)).expect(403);
  });
});
