import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'crypto';
import request from 'supertest';
import type { Client } from '@temporalio/client';
import {
  BENEFICIARY_WORKFLOW_TYPE,
  beneficiaryWorkflowId,
  BeneficiaryWorkflowInput,
  CaseSearchAttributes,
  STANDARD_RAISE_WORKFLOW_TYPE,
  StandardRaiseInput,
  standardRaiseWorkflowId,
} from '@dibao/contracts';
import { eventually, testStack, testToken } from '@dibao/platform/testing';
import { CaseStack, caseSettings, startCaseStack } from './case-stack';

/*
 * The beneficiary routes against the real stack: Temporal dev server (visibility), and the real case worker
 * (beneficiary and standard-raise workflows) in this process on a task queue of its own, loaded by path.
 * Townships of this run only, so that other suites' beneficiaries never show up in its lists.
 */
jest.setTimeout(120_000);

const RUN = randomUUID().slice(0, 6);
const TA = `ITBA${RUN}`;
const TB = `ITBB${RUN}`;
const supervisor = testToken('supervisor', undefined, 'sv-li');
const approver = testToken('county_approver', undefined, 'ca-sun');
const finance = testToken('finance', undefined, 'fin-zhou');
const caseworkerA = testToken('caseworker', TA, 'cw-a');
const caseworkerB = testToken('caseworker', TB, 'cw-b');

let stack: CaseStack;
let api: INestApplication;
let client: Client;
const taskQueue = `beneficiaries-it-${RUN}`;
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const plusDays = (date: string, days: number) => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);
const http = () => request(api.getHttpServer());

const members = [
  { id: 'm1', ableToWork: true, hasLegalSupporter: false },
  { id: 'm2', ableToWork: false, hasLegalSupporter: false },
];
const incomes = [{ category: 'transfer', amount: 10_000, period: 'monthly', memberId: 'm1' }];

async function startBeneficiary(householdId: string, township: string, scheme: 'urban' | 'rural'): Promise<void> {
  const input: BeneficiaryWorkflowInput = {
    householdId,
    township,
    scheme,
    caseId: randomUUID(),
    approvedOn: today(),
    monthlyAmountFen: 20_000,
    persons: 2,
    facts: { members, incomes: incomes as BeneficiaryWorkflowInput['facts']['incomes'], deductions: [] },
    settings: caseSettings({}) as BeneficiaryWorkflowInput['settings'],
    approvedBy: { id: 'ca-sun', role: 'county_approver' },
  };
  await client.workflow.start(BENEFICIARY_WORKFLOW_TYPE, {
    workflowId: beneficiaryWorkflowId(householdId),
    taskQueue,
    args: [input],
    typedSearchAttributes: [
      { key: CaseSearchAttributes.caseKind, value: 'beneficiary' },
      { key: CaseSearchAttributes.township, value: township },
      { key: CaseSearchAttributes.scheme, value: scheme },
      { key: CaseSearchAttributes.stage, value: 'active' },
    ],
  });
}

const a1 = `hh-${RUN}-a1`;
const a2 = `hh-${RUN}-a2`;
const b1 = `hh-${RUN}-b1`;

beforeAll(async () => {
  stack = await startCaseStack({ database: 'case_api_beneficiaries_it', workerPort: 3995, taskQueue });
  ({ api, client } = stack);

  await startBeneficiary(a1, TA, 'urban');
  await startBeneficiary(a2, TA, 'urban');
  await startBeneficiary(b1, TB, 'rural');
  // a2 has a special review open (due in 30 days).
  await eventually(async () => (await http().get(`/api/v1/beneficiaries/${a2}`).set('Authorization', `Bearer ${caseworkerA}`)).status === 200, 20_000);
  await http()
    .post(`/api/v1/beneficiaries/${a2}/changes`)
    .set('Authorization', `Bearer ${caseworkerA}`)
    .send({ kind: 'income', occurredOn: today(), description: 'pension raised' })
    .expect(200);
  // Visibility is eventually consistent: wait until the three are listed with a2 in review.
  await eventually(async () => {
    const r = await client.workflowService.countWorkflowExecutions({
      namespace: testStack.temporalNamespace,
      query: `DibaoCaseKind = 'beneficiary' AND DibaoTownship IN ('${TA}', '${TB}') AND DibaoStageDeadline IS NOT NULL`,
    });
    const inReview = await client.workflowService.countWorkflowExecutions({
      namespace: testStack.temporalNamespace,
      query: `DibaoCaseKind = 'beneficiary' AND DibaoTownship = '${TA}' AND DibaoStage = 'review'`,
    });
    return Number(r.count) === 3 && Number(inReview.count) === 1;
  }, 30_000);
});

afterAll(async () => {
  await stack?.stop('end of the beneficiaries integration tests');
});

const ids = (body: { items: { householdId: string }[] }) => body.items.map((i) => i.householdId).sort();

describe('GET /api/v1/beneficiaries', () => {
  it('filters by township, scheme, status and review date', async () => {
    const auth = { Authorization: `Bearer ${supervisor}` };
    const all = await http().get('/api/v1/beneficiaries').query({ township: TA }).set(auth).expect(200);
    expect(ids(all.body)).toEqual([a1, a2].sort());
    const row = all.body.items.find((i: { householdId: string }) => i.householdId === a1);
    expect(row).toMatchObject({ township: TA, scheme: 'urban', status: 'active', overdue: false, executionStatus: 'RUNNING', workflowId: beneficiaryWorkflowId(a1) });
    // A stable household: next review a year on.
    expect(row.reviewDueOn > plusDays(today(), 360)).toBe(true);

    const inReview = await http().get('/api/v1/beneficiaries').query({ township: TA, status: 'review' }).set(auth).expect(200);
    expect(ids(inReview.body)).toEqual([a2]);
    expect(inReview.body.items[0].reviewDueOn).toBe(plusDays(today(), 30));

    const dueSoon = await http().get('/api/v1/beneficiaries').query({ township: TA, reviewDueBefore: plusDays(today(), 31) }).set(auth).expect(200);
    expect(ids(dueSoon.body)).toEqual([a2]);
    const dueOnTheDay = await http().get('/api/v1/beneficiaries').query({ township: TA, reviewDueBefore: plusDays(today(), 30) }).set(auth).expect(200);
    expect(ids(dueOnTheDay.body)).toEqual([]);
    // The next periodic review counts by its date too.
    const withinTheYear = await http().get('/api/v1/beneficiaries').query({ township: TA, reviewDueBefore: plusDays(row.reviewDueOn, 1) }).set(auth).expect(200);
    expect(ids(withinTheYear.body)).toEqual([a1, a2].sort());
    const beforeIt = await http().get('/api/v1/beneficiaries').query({ township: TA, reviewDueBefore: row.reviewDueOn }).set(auth).expect(200);
    expect(ids(beforeIt.body)).toEqual([a2]);

    const rural = await http().get('/api/v1/beneficiaries').query({ township: TB, scheme: 'rural', overdue: 'false' }).set(auth).expect(200);
    expect(ids(rural.body)).toEqual([b1]);
    const none = await http().get('/api/v1/beneficiaries').query({ township: TB, scheme: 'urban' }).set(auth).expect(200);
    expect(none.body.items).toEqual([]);
  });

  it('pages by token', async () => {
    const auth = { Authorization: `Bearer ${approver}` };
    const first = await http().get('/api/v1/beneficiaries').query({ township: TA, pageSize: 1 }).set(auth).expect(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextPageToken).toEqual(expect.any(String));
    const second = await http().get('/api/v1/beneficiaries').query({ township: TA, pageSize: 1, pageToken: first.body.nextPageToken }).set(auth).expect(200);
    expect(second.body.items).toHaveLength(1);
    expect([...ids(first.body), ...ids(second.body)].sort()).toEqual([a1, a2].sort());
  });

  it('shows a township role its own township only', async () => {
    const mine = await http().get('/api/v1/beneficiaries').set('Authorization', `Bearer ${caseworkerB}`).expect(200);
    expect(ids(mine.body)).toEqual([b1]);
    await http().get('/api/v1/beneficiaries').query({ township: TA }).set('Authorization', `Bearer ${caseworkerB}`).expect(403);
    const own = await http().get('/api/v1/beneficiaries').query({ township: TA, status: 'active' }).set('Authorization', `Bearer ${caseworkerA}`).expect(200);
    expect(ids(own.body)).toEqual([a1]);
    await http().get('/api/v1/beneficiaries').set('Authorization', `Bearer ${finance}`).expect(403);
    await http().get('/api/v1/beneficiaries').expect(401);
  });

  it('answers a bad query parameter with a 400 naming it', async () => {
    const auth = { Authorization: `Bearer ${supervisor}` };
    const field = async (query: Record<string, string>) => {
      const r = await http().get('/api/v1/beneficiaries').query(query).set(auth).expect(400);
      return [...new Set((r.body.errors as { field: string }[]).map((e) => e.field))];
    };
    expect(await field({ status: 'retired' })).toEqual(['status']);
    expect(await field({ scheme: 'city' })).toEqual(['scheme']);
    expect(await field({ reviewDueBefore: '2027-02-30' })).toEqual(['reviewDueBefore']);
    expect(await field({ reviewDueBefore: 'tomorrow' })).toEqual(['reviewDueBefore']);
    expect(await field({ overdue: 'yes' })).toEqual(['overdue']);
    expect(await field({ pageSize: '0' })).toEqual(['pageSize']);
    expect(await field({ pageSize: '1e2' })).toEqual(['pageSize']);
    expect(await field({ township: "T01' OR 'x'='x" })).toEqual(['township']);
    expect(await field({ pageToken: 'bm90LWEtdG9rZW4.AAAAAAAAAAAAAAAAAAAAAA' })).toEqual(['pageToken']);
    expect(await field({ township: TA, nextReview: '2027-01-01' })).toEqual(['nextReview']);
  });
});

describe('beneficiary steps through the API: job offers and notices', () => {
  it("records job offers, stops the member's share at the third refusal with a written notice in the timeline", async () => {
    const auth = { Authorization: `Bearer ${caseworkerA}` };
    const offer = { memberId: 'm1', offeredOn: today(), offer: '县人社局推荐: 物业保洁', response: 'refused' };
    const bad = await http().post(`/api/v1/beneficiaries/${a1}/job-offers`).set(auth).send({ ...offer, response: 'maybe' }).expect(400);
    expect(bad.body.errors[0].field).toBe('response');
    const unable = await http().post(`/api/v1/beneficiaries/${a1}/job-offers`).set(auth).send({ ...offer, memberId: 'm2' }).expect(422);
    expect(unable.body.detail).toMatch(/able to work/);
    await http().post(`/api/v1/beneficiaries/${a1}/job-offers`).set(auth).send(offer).expect(200);
    await http().post(`/api/v1/beneficiaries/${a1}/job-offers`).set(auth).send(offer).expect(200);
    const third = await http().post(`/api/v1/beneficiaries/${a1}/job-offers`).set(auth).send(offer).expect(200);
    // m2 keeps the full standard (150); m1's share (150 − 100 = 50) stops.
    expect(third.body).toMatchObject({ monthlyAmountFen: 15_000, sanctions: [expect.objectContaining({ memberId: 'm1' })] });
    expect(third.body.notices).toEqual([expect.objectContaining({ kind: 'share-stopped', decidedBy: expect.objectContaining({ id: 'cw-a' }) })]);
    const view = await http().get(`/api/v1/beneficiaries/${a1}`).set('Authorization', `Bearer ${supervisor}`).expect(200);
    expect(view.body.timeline.map((t: { action: string }) => t.action)).toEqual(expect.arrayContaining(['recordJobOffer', 'amount-changed', 'notice']));
    await http().post(`/api/v1/beneficiaries/${a1}/job-offers`).set('Authorization', `Bearer ${caseworkerB}`).send(offer).expect(404);
  });
});

describe('GET /api/v1/standard-raises/{raiseId}', () => {
  it("follows a raise's fan-out to the beneficiaries of its area until it completes", async () => {
    const raiseId = randomUUID();
    const input: StandardRaiseInput = {
      raise: {
        raiseId,
        scheme: 'rural',
        area: TB,
        standardFen: 480_000,
        effectiveFrom: '2099-01-01',
        fromPeriod: '2099-Q1',
        reason: '县政府提标文件 (it)',
        exceptTownships: [],
        raisedBy: { id: 'ca-sun', role: 'county_approver' },
      },
      batchSize: 1,
      pauseMs: 50,
    };
    await http().get(`/api/v1/standard-raises/${raiseId}`).set('Authorization', `Bearer ${finance}`).expect(404);
    await client.workflow.start(STANDARD_RAISE_WORKFLOW_TYPE, { workflowId: standardRaiseWorkflowId(raiseId), taskQueue, args: [input] });
    const done = await eventually(async () => {
      const r = await http().get(`/api/v1/standard-raises/${raiseId}`).set('Authorization', `Bearer ${finance}`);
      return r.status === 200 && r.body.status === 'completed' ? r.body : undefined;
    }, 30_000);
    expect(done).toMatchObject({ raiseId, scheme: 'rural', area: TB, signalled: 1, skipped: 0, fromPeriod: '2099-Q1', completedAt: expect.any(String) });
    const b = await eventually(async () => {
      const r = await http().get(`/api/v1/beneficiaries/${b1}`).set('Authorization', `Bearer ${caseworkerB}`);
      return r.body.standards?.length > 0 ? r.body : undefined;
    }, 20_000);
    expect(b.standards[0]).toMatchObject({ raiseId, standardFen: 480_000, fromPeriod: '2099-Q1' });
    await http().get(`/api/v1/standard-raises/${raiseId}`).set('Authorization', `Bearer ${caseworkerB}`).expect(403);
    await http().get(`/api/v1/standard-raises/not-a-raise`).set('Authorization', `Bearer ${supervisor}`).expect(404);
  });
});
