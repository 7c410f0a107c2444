import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import request from 'supertest';
import { WorkflowNotFoundError } from '@temporalio/client';
import { BENEFICIARY_WORKFLOW_TYPE, beneficiaryWorkflowId, CaseSearchAttributes, caseWorkflowId, EventEnvelope, Topics } from '@dibao/contracts';
import { residentIdCheckCharacter } from '@dibao/domain';
import { eventually, testStack, testToken } from '@dibao/platform/testing';
import { caseIdFor } from '../src/cases/case-id.util';
import { buildCaseApi, CaseStack, caseSettings, startCaseStack } from './case-stack';

/*
 * case-api against the real stack: Temporal dev server, PostgreSQL, Kafka, and the real case worker (its workflow,
 * activities, outbox and relay) running in this process on a task queue of its own. The worker is loaded by path:
 * the API's behaviour is only meaningful with the real workflow behind it, and apps do not import each other.
 * Publicity is shortened to 3 s through the worker's PUBLICITY_DURATION_MS: still a durable Temporal timer.
 * The real households service runs beside them on a fresh database: a case is opened only for a household it holds,
 * and takes its township and scheme from there.
 */
jest.setTimeout(120_000);

// Townships of this suite only, so that other suites' lists on the shared Temporal server never see its cases.
const T = 'ITCA01';
const T2 = 'ITCA02';
const caseworker = testToken('caseworker', T, 'cw-zhao');
const otherCaseworker = testToken('caseworker', T2, 'cw-other');
const reviewer = testToken('township_reviewer', T, 'tr-qian');
const approver = testToken('county_approver', undefined, 'ca-sun');
const supervisor = testToken('supervisor', undefined, 'sv-li');
const finance = testToken('finance', undefined, 'fin-zhou');

let stack: CaseStack;
let api: INestApplication;
let taskQueue: string;
let consumer: Consumer;
const seen: EventEnvelope[] = [];

beforeAll(async () => {
  taskQueue = `cases-it-${randomUUID()}`;
  stack = await startCaseStack({
    database: 'case_api_it',
    workerPort: 3994,
    taskQueue,
    workerEnv: { PUBLICITY_DURATION_MS: '3000' },
    households: { database: 'case_api_it_households', townships: [T, T2] },
  });
  api = stack.api;

  const kafka = new Kafka({ clientId: 'case-api-it', brokers: testStack.kafkaBrokers, logLevel: logLevel.NOTHING });
  consumer = kafka.consumer({ groupId: `case-api-it-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: Topics.cases, fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (message.value) seen.push(JSON.parse(message.value.toString()) as EventEnvelope);
    },
  });
  // Wait until the group has its partitions, so that no event of this run is missed.
  await new Promise((r) => setTimeout(r, 3000));
});

afterAll(async () => {
  await consumer?.disconnect();
  // Cases still open would wait forever on a task queue nobody polls: the stack ends them.
  await stack?.stop('end of the case-api integration tests');
});

const http = () => request(api.getHttpServer());
const newCase = (overrides: Record<string, unknown> = {}) => ({
  householdId: `hh-${randomUUID().slice(0, 8)}`,
  scheme: 'urban',
  township: T,
  applicant: { kind: 'head' },
  claimedMonthlyIncomeFen: 10_000,
  ...overrides,
});
const investigationBody = {
  investigators: ['inv-zhao', 'inv-qian'],
  members: [
    { id: 'm1', name: 'Zhang Wei', ableToWork: true, hasLegalSupporter: false },
    { id: 'm2', name: 'Zhang Li', ableToWork: true, hasLegalSupporter: false },
  ],
  incomes: [{ category: 'wages', amount: 10_000, period: 'monthly', memberId: 'm1' }],
  assets: { financialAssetsFen: 0, motorVehicles: 0, additionalDwellings: 0 },
  dataCheck: { result: 'passed' },
};
const tally = { attendees: 15, villagerRepresentatives: 10, representativesTotal: 12, approve: 10, reject: 3, abstain: 1, invalid: 1 };
const reviewBody = {
  investigators: ['inv-zhao', 'inv-qian'],
  members: investigationBody.members,
  incomes: [{ category: 'wages', amount: 400_000, period: 'monthly', memberId: 'm1' }],
  reason: 'wages above the standard',
};
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
/** The China local date `days` calendar days from today. */
const chinaDate = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

// Distinct valid resident ID numbers for the households this suite registers (region 520524, born 1960–).
let serial = 0;
function residentId(): string {
  serial++;
  const first17 = `520524${1960 + Math.floor(serial / 336)}${String(1 + (Math.floor(serial / 28) % 12)).padStart(2, '0')}${String(1 + (serial % 28)).padStart(2, '0')}${String(
    Math.floor(Math.random() * 1000),
  ).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}

/** Registers a household of one head in the households service (a caseworker of `township`); returns its id. */
async function registerHousehold(township = T, scheme: 'urban' | 'rural' = 'urban'): Promise<string> {
  const res = await request(stack.households!.getHttpServer())
    .post('/api/v1/households')
    .set('Authorization', `Bearer ${testToken('caseworker', township, `cw-reg-${township}`)}`)
    .send({
      hukou: scheme === 'urban' ? 'non_agricultural' : 'agricultural',
      township,
      village: '红星社区',
      address: `红星社区${serial}号`,
      members: [{ name: '张伟', residentId: residentId(), relation: 'head', workAbility: 'full' }],
    });
  if (res.status !== 201) throw new Error(`registering a household: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** An application for a household registered for it (in township T unless `household` says otherwise). */
async function registeredCase(overrides: Record<string, unknown> = {}, household: { township?: string; scheme?: 'urban' | 'rural' } = {}) {
  const scheme = (household.scheme ?? overrides['scheme'] ?? 'urban') as 'urban' | 'rural';
  return newCase({ householdId: await registerHousehold(household.township ?? T, scheme), ...overrides });
}

/**
 * Whether the household's first case workflow exists (describe is strongly consistent, visibility is not): after a
 * refused submission it must not.
 */
async function caseStarted(householdId: string): Promise<boolean> {
  try {
    await stack.client.workflow.getHandle(caseWorkflowId(caseIdFor(householdId, 1))).describe();
    return true;
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) return false;
    throw e;
  }
}

async function submit(given?: object): Promise<string> {
  const body = given ?? (await registeredCase());
  const res = await http().post('/api/v1/cases').set('Authorization', `Bearer ${caseworker}`).send(body).expect(201);
  return res.body.caseId as string;
}

describe('the whole path through the API', () => {
  it('submits, steps through every stage and approves; the events reach Kafka through the outbox', async () => {
    const body = await registeredCase();
    const created = await http().post('/api/v1/cases').set('Authorization', `Bearer ${caseworker}`).send(body).expect(201);
    expect(created.body).toEqual({ caseId: expect.any(String), workflowId: `dibao-case-${created.body.caseId}`, stage: 'application' });
    const id = created.body.caseId as string;
    const auth = (t: string) => ({ Authorization: `Bearer ${t}` });

    const fresh = await http().get(`/api/v1/cases/${id}`).set(auth(caseworker)).expect(200);
    expect(fresh.body).toMatchObject({ caseId: id, stage: 'application', township: T, householdId: body.householdId });

    // A step without fields may come without a body.
    await http().post(`/api/v1/cases/${id}/acceptance`).set(auth(caseworker)).expect(200);
    await http().post(`/api/v1/cases/${id}/investigation`).set(auth(caseworker)).send(investigationBody).expect(200);
    const publicity = await http().post(`/api/v1/cases/${id}/appraisal`).set(auth(caseworker)).send({ meetingOn: today(), tally }).expect(200);
    expect(publicity.body.stage).toBe('publicity');

    await eventually(async () => {
      const r = await http().get(`/api/v1/cases/${id}`).set(auth(reviewer));
      return r.body.stage === 'township_review';
    }, 20_000);
    await http().post(`/api/v1/cases/${id}/township-review`).set(auth(reviewer)).send({ decision: 'approve', opinion: 'eligible' }).expect(200);
    // The audit read: each decision with who and when, in the shape every service answers with.
    const audit = (await http().get(`/api/v1/cases/${id}/history`).set(auth(supervisor)).expect(200)).body as { action: string; actorId: string; actorRole: string; entity: string }[];
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['acceptApplication', 'recordInvestigation', 'recordAppraisal', 'townshipReview']));
    expect(audit.find((a) => a.action === 'townshipReview')).toMatchObject({ entity: 'case', actorId: 'tr-qian', actorRole: 'township_reviewer' });
    await http().get(`/api/v1/cases/${id}/history`).set(auth(otherCaseworker)).expect(404);
    const approved = await http()
      .post(`/api/v1/cases/${id}/county-decision`)
      .set(auth(approver))
      .send({ decision: 'approve', opinion: 'approved' })
      .expect(200);
    expect(approved.body.stage).toBe('approved');
    expect(approved.body.approval).toMatchObject({ monthlyAmountFen: 20_000, persons: 2 });
    expect(approved.body.history.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['submit', 'acceptApplication', 'recordInvestigation', 'recordAppraisal', 'townshipReview', 'countyDecision']),
    );

    const submitted = await eventually(async () => seen.find((e) => e.type === 'case.submitted' && e.key === id), 20_000);
    expect(submitted.payload).toMatchObject({ caseId: id, householdId: body.householdId, township: T, scheme: 'urban', applicantKind: 'head' });
    expect(submitted.actor).toEqual({ id: 'cw-zhao', role: 'caseworker', township: T });
    const approvedEvent = await eventually(async () => seen.find((e) => e.type === 'case.approved' && e.key === id), 20_000);
    expect(approvedEvent.payload).toMatchObject({ monthlyAmountFen: 20_000, persons: 2, payee: { kind: 'own-account' } });

    // After approval: the household's beneficiary workflow (dynamic management).
    const hh = body.householdId;
    const benefit = await eventually(async () => {
      const r = await http().get(`/api/v1/beneficiaries/${hh}`).set(auth(caseworker));
      return r.status === 200 ? r.body : undefined;
    }, 20_000);
    expect(benefit).toMatchObject({ stage: 'active', caseId: id, monthlyAmountFen: 20_000, persons: 2, cadence: 'irregular' });
    await http().get(`/api/v1/beneficiaries/${hh}`).set(auth(otherCaseworker)).expect(404);
    // Another township's caseworker cannot act on it either (the township is the beneficiary workflow's own).
    await http().post(`/api/v1/beneficiaries/${hh}/changes`).set(auth(otherCaseworker)).send({ kind: 'death', occurredOn: today(), description: 'x' }).expect(404);
    await http().post(`/api/v1/beneficiaries/${hh}/changes`).set(auth(reviewer)).send({ kind: 'death', occurredOn: today(), description: 'x' }).expect(403);
    const bad = await http().post(`/api/v1/beneficiaries/${hh}/changes`).set(auth(caseworker)).send({ kind: 'wedding', occurredOn: today(), description: 'x' }).expect(400);
    expect(bad.body.errors[0].field).toBe('kind');
    await http().post(`/api/v1/beneficiaries/${hh}/reviews`).set(auth(caseworker)).send({ ...reviewBody, outcome: 'keep' }).expect(409);
    const special = await http()
      .post(`/api/v1/beneficiaries/${hh}/changes`)
      .set(auth(caseworker))
      .send({ kind: 'income', occurredOn: today(), description: 'm1 found a steady job' })
      .expect(200);
    expect(special.body).toMatchObject({ stage: 'review', review: { kind: 'special' } });
    const noNotice = await http().post(`/api/v1/beneficiaries/${hh}/reviews`).set(auth(caseworker)).send({ ...reviewBody, outcome: 'terminate' }).expect(400);
    expect(noNotice.body.errors[0].field).toBe('notice');
    const ended = await http()
      .post(`/api/v1/beneficiaries/${hh}/reviews`)
      .set(auth(caseworker))
      .send({ ...reviewBody, outcome: 'terminate', notice: '终止通知: 家庭人均收入超过标准' })
      .expect(200);
    expect(ended.body.stage).toBe('terminated');
    const terminated = await eventually(async () => seen.find((e) => e.type === 'beneficiary.terminated' && e.key === id), 20_000);
    expect(terminated.payload).toMatchObject({ householdId: hh, notice: '终止通知: 家庭人均收入超过标准', changeRef: expect.any(String) });
    const closed = await http().post(`/api/v1/beneficiaries/${hh}/changes`).set(auth(caseworker)).send({ kind: 'income', occurredOn: today(), description: 'x' }).expect(409);
    expect(closed.body.currentStage).toBe('terminated');
    const finalView = await http().get(`/api/v1/beneficiaries/${hh}`).set(auth(supervisor)).expect(200);
    expect(finalView.body.timeline.map((t: { action: string }) => t.action)).toEqual(expect.arrayContaining(['approved', 'reportChange', 'recordReview', 'terminated']));
  });
});

describe('a paper application accepted earlier (补录)', () => {
  it('records acceptedOn; a case whose 30 working days have passed since then is overdue at once', async () => {
    const acceptedOn = chinaDate(-59);
    const oldest = await http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${caseworker}`)
      .send(await registeredCase({ acceptedOn: chinaDate(-60) }))
      .expect(201);
    const id = await submit(await registeredCase({ acceptedOn }));
    const auth = { Authorization: `Bearer ${caseworker}` };
    const view = await eventually(async () => {
      const r = await http().get(`/api/v1/cases/${id}`).set(auth);
      return r.status === 200 && r.body.overdue ? r.body : undefined;
    }, 20_000);
    expect(view).toMatchObject({ stage: 'application', acceptedOn, overdue: true });
    expect(view.overdueMarks).toEqual([expect.objectContaining({ scope: 'overall', stage: 'application' })]);
    const event = await eventually(async () => seen.find((e) => e.type === 'case.stage-overdue' && e.key === id), 20_000);
    expect(event.payload).toMatchObject({ scope: 'overall', deadline: view.overallDeadline.dueOn });
    // The submission event carries the day the case was recorded.
    expect(seen.find((e) => e.type === 'case.submitted' && e.key === id)?.payload).toMatchObject({ submittedOn: today() });
    // Temporal visibility (DibaoOverdue) lists it as overdue.
    await eventually(async () => {
      const r = await http().get('/api/v1/cases').query({ township: T, overdue: 'true' }).set('Authorization', `Bearer ${supervisor}`);
      return r.status === 200 && r.body.items.some((i: { caseId: string }) => i.caseId === id);
    }, 20_000);
    for (const c of [id, oldest.body.caseId as string]) {
      await http().post(`/api/v1/cases/${c}/withdrawal`).set(auth).send({}).expect(200);
    }
  });
});

describe('review campaigns', () => {
  it('starts the due reviews of a township in throttled batches, once however often it is started, and sums up the results', async () => {
    const township = `ITCC${randomUUID().slice(0, 6)}`;
    const reviewerHere = testToken('caseworker', township, 'cw-camp');
    const client = stack.client;
    const households = [`hh-${randomUUID().slice(0, 8)}`, `hh-${randomUUID().slice(0, 8)}`];
    for (const hh of households) {
      await client.workflow.start(BENEFICIARY_WORKFLOW_TYPE, {
        workflowId: beneficiaryWorkflowId(hh),
        taskQueue,
        args: [
          {
            householdId: hh,
            township,
            scheme: 'urban',
            caseId: randomUUID(),
            approvedOn: today(),
            monthlyAmountFen: 20_000,
            persons: 2,
            facts: { members: investigationBody.members, incomes: investigationBody.incomes, deductions: [] },
            settings: caseSettings({}),
            approvedBy: { id: 'ca-sun', role: 'county_approver' },
          },
        ],
        typedSearchAttributes: [
          { key: CaseSearchAttributes.caseKind, value: 'beneficiary' },
          { key: CaseSearchAttributes.township, value: township },
        ],
      });
    }
    const dueBy = new Date(Date.now() + 800 * 86_400_000).toISOString().slice(0, 10);
    // Visibility is eventually consistent: wait until both are listed as due.
    await eventually(async () => {
      const r = await client.workflowService.countWorkflowExecutions({
        namespace: testStack.temporalNamespace,
        query: `DibaoCaseKind = 'beneficiary' AND DibaoTownship = '${township}' AND DibaoStageDeadline < '${dueBy}T00:00:00Z'`,
      });
      return Number(r.count) === 2;
    }, 20_000);

    const campaignKey = `it-${township}`;
    const body = { campaignKey, township, dueBy, batchSize: 1, pauseMs: 200 };
    const first = await http().post('/api/v1/review-campaigns').set('Authorization', `Bearer ${approver}`).send(body).expect(201);
    expect(first.body).toMatchObject({ campaignKey, township, status: 'starting-reviews' });
    const again = await http().post('/api/v1/review-campaigns').set('Authorization', `Bearer ${approver}`).send(body).expect(200);
    expect(again.body.campaignKey).toBe(campaignKey);
    await http().post('/api/v1/review-campaigns').set('Authorization', `Bearer ${caseworker}`).send(body).expect(403);

    const signalled = await eventually(async () => {
      const r = await http().get(`/api/v1/review-campaigns/${campaignKey}`).set('Authorization', `Bearer ${supervisor}`);
      return r.body.status === 'awaiting-results' ? r.body : undefined;
    }, 30_000);
    expect(signalled).toMatchObject({ signalled: 2, batches: 2 });
    for (const hh of households) {
      const v = await http().get(`/api/v1/beneficiaries/${hh}`).set('Authorization', `Bearer ${reviewerHere}`).expect(200);
      expect(v.body).toMatchObject({ stage: 'review', review: { kind: 'campaign', campaignKey } });
    }
    const review = { investigators: ['inv-a', 'inv-b'], members: investigationBody.members, incomes: investigationBody.incomes, reason: 'campaign visit' };
    await http().post(`/api/v1/beneficiaries/${households[0]}/reviews`).set('Authorization', `Bearer ${reviewerHere}`).send({ ...review, outcome: 'keep' }).expect(200);
    await http()
      .post(`/api/v1/beneficiaries/${households[1]}/reviews`)
      .set('Authorization', `Bearer ${reviewerHere}`)
      .send({ ...review, outcome: 'terminate', notice: '终止通知' })
      .expect(200);
    const done = await eventually(async () => {
      const r = await http().get(`/api/v1/review-campaigns/${campaignKey}`).set('Authorization', `Bearer ${approver}`);
      return r.body.status === 'completed' ? r.body : undefined;
    }, 20_000);
    expect(done.summary).toEqual({ kept: 1, changed: 0, suspended: 0, ended: 1, pending: 0 });
    // Started twice, yet each household got one campaign review.
    const dues = () => seen.filter((e) => e.type === 'beneficiary.review-due' && households.includes((e.payload as { householdId: string }).householdId));
    await eventually(async () => dues().length >= 2, 20_000);
    expect(dues().map((e) => (e.payload as { kind: string }).kind)).toEqual(['campaign', 'campaign']);
  });
});

describe('errors', () => {
  it('401 without a token', async () => {
    const res = await http().post('/api/v1/cases').send(newCase()).expect(401);
    expect(res.body.code).toBe('unauthorized');
  });

  it('403 for a role that may not open cases', async () => {
    await http().post('/api/v1/cases').set('Authorization', `Bearer ${finance}`).send(newCase()).expect(403);
  });

  it("403 for a caseworker opening a case in another township", async () => {
    await http().post('/api/v1/cases').set('Authorization', `Bearer ${otherCaseworker}`).send(newCase()).expect(403);
  });
});

describe('the household decides where a case belongs (households service)', () => {
  const post = (token: string, body: object) => http().post('/api/v1/cases').set('Authorization', `Bearer ${token}`).send(body);

  it("refuses a caseworker of one township opening a case for another township's household, whatever the body says; nothing starts", async () => {
    // The case found in issue 15: a caseworker of T (T01) posts for a household of T2 (T02) naming their own township.
    const householdId = await registerHousehold(T2);
    for (const body of [newCase({ householdId, township: T }), newCase({ householdId, township: undefined })]) {
      const res = await post(caseworker, body).expect(403);
      expect(res.body).toMatchObject({ status: 403, code: 'other-township', errors: [expect.objectContaining({ field: 'township', rule: 'ownTownship' })] });
      expect(res.body.detail).not.toContain(T2);
    }
    // A body naming another township than the caller's is refused before the registry is asked.
    const named = await post(caseworker, newCase({ householdId, township: T2 })).expect(403);
    expect(named.body.errors[0].field).toBe('township');
    expect(await caseStarted(householdId)).toBe(false);
    // Its own township's caseworker may.
    const own = await post(otherCaseworker, newCase({ householdId, township: undefined })).expect(201);
    await http().post(`/api/v1/cases/${own.body.caseId}/withdrawal`).set('Authorization', `Bearer ${otherCaseworker}`).send({}).expect(200);
  });

  it('refuses a household id the registry does not know (422 naming householdId); nothing starts', async () => {
    for (const householdId of [randomUUID(), `hh-${randomUUID().slice(0, 8)}`]) {
      const res = await post(caseworker, newCase({ householdId })).expect(422);
      expect(res.body).toMatchObject({ code: 'unknown-household', errors: [expect.objectContaining({ field: 'householdId', rule: 'registeredHousehold' })] });
      expect(await caseStarted(householdId)).toBe(false);
    }
  });

  it("refuses a scheme other than the household's (422 naming scheme); nothing starts", async () => {
    const householdId = await registerHousehold(T, 'rural');
    const res = await post(caseworker, newCase({ householdId, scheme: 'urban' })).expect(422);
    expect(res.body).toMatchObject({ code: 'scheme-mismatch', errors: [expect.objectContaining({ field: 'scheme', rule: 'householdScheme' })] });
    expect(res.body.detail).toMatch(/rural/);
    expect(await caseStarted(householdId)).toBe(false);
  });

  it("refuses a body township other than the household's for a county role (422 naming township); nothing starts", async () => {
    const householdId = await registerHousehold(T);
    const res = await post(testToken('admin', undefined, 'adm-it'), newCase({ householdId, township: T2 })).expect(422);
    expect(res.body).toMatchObject({ code: 'township-mismatch', errors: [expect.objectContaining({ field: 'township', rule: 'householdTownship' })] });
    expect(await caseStarted(householdId)).toBe(false);
  });

  it("takes the township from the household when the body leaves it out", async () => {
    const householdId = await registerHousehold(T);
    const created = await post(caseworker, newCase({ householdId, township: undefined })).expect(201);
    const id = created.body.caseId as string;
    const view = await http().get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${caseworker}`).expect(200);
    expect(view.body).toMatchObject({ township: T, scheme: 'urban', householdId });
    const submitted = await eventually(async () => seen.find((e) => e.type === 'case.submitted' && e.key === id), 20_000);
    expect(submitted.payload).toMatchObject({ township: T, scheme: 'urban', householdId });
    await http().post(`/api/v1/cases/${id}/withdrawal`).set('Authorization', `Bearer ${caseworker}`).send({}).expect(200);
  });

  it('503 when the households service is out of reach; nothing starts', async () => {
    const cut = await buildCaseApi(taskQueue, 'http://127.0.0.1:9');
    try {
      const householdId = randomUUID();
      const res = await request(cut.getHttpServer()).post('/api/v1/cases').set('Authorization', `Bearer ${caseworker}`).send(newCase({ householdId })).expect(503);
      expect(res.body).toMatchObject({ status: 503, code: 'households-unavailable' });
      expect(await caseStarted(householdId)).toBe(false);
    } finally {
      await cut.close();
    }
  });

  it('documents the refusals in the OpenAPI document', async () => {
    const res = await http().get('/api/docs/openapi.json').expect(200);
    expect(Object.keys(res.body.paths['/api/v1/cases'].post.responses)).toEqual(expect.arrayContaining(['201', '400', '403', '409', '422', '503']));
    const body = res.body.paths['/api/v1/cases'].post.requestBody;
    expect(body.required).toBe(true);
    // The schema is the contract's (libs/contracts step-schemas.ts): township optional, no other fields allowed.
    expect(body.content['application/json'].schema).toMatchObject({ type: 'object', additionalProperties: false });
    expect(body.content['application/json'].schema.required).toEqual(['householdId', 'scheme', 'applicant', 'claimedMonthlyIncomeFen']);
  });
});

describe('errors, continued', () => {
  it('400 naming the field and the rule', async () => {
    const res = await http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${caseworker}`)
      .send(newCase({ scheme: 'suburban', claimedMonthlyIncomeFen: -1 }))
      .expect(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['scheme', 'claimedMonthlyIncomeFen']));
    expect(res.body.errors.find((e: { field: string }) => e.field === 'scheme').rule).toBe('isIn');
  });

  it('400 for a proxy without an entrustment reference', async () => {
    const res = await http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${caseworker}`)
      .send(newCase({ applicant: { kind: 'proxy', proxyName: 'Wang Fang' } }))
      .expect(400);
    expect(res.body.errors[0].field).toBe('applicant.entrustmentRef');
  });

  it('400 naming acceptedOn for a paper application accepted in the future, more than 60 days ago, or on no real date', async () => {
    const post = (acceptedOn: string) => http().post('/api/v1/cases').set('Authorization', `Bearer ${caseworker}`).send(newCase({ acceptedOn })).expect(400);
    const future = await post(chinaDate(1));
    expect(future.body.errors).toEqual([expect.objectContaining({ field: 'acceptedOn', rule: 'notFuture' })]);
    expect(future.body.detail).toMatch(/acceptedOn must not be in the future/);
    const tooOld = await post(chinaDate(-61));
    expect(tooOld.body.errors).toEqual([expect.objectContaining({ field: 'acceptedOn', rule: 'maxDaysAgo' })]);
    expect(tooOld.body.detail).toMatch(/acceptedOn must be at most 60 calendar days ago/);
    const notADate = await post('2026-02-30');
    expect(notADate.body.errors.map((e: { field: string }) => e.field)).toEqual(['acceptedOn']);
  });

  it('409 for a second application of a household with an open case; a new one once it is closed', async () => {
    const body = await registeredCase();
    const first = await http().post('/api/v1/cases').set('Authorization', `Bearer ${caseworker}`).send(body).expect(201);
    const second = await http().post('/api/v1/cases').set('Authorization', `Bearer ${caseworker}`).send(body).expect(409);
    expect(second.body.code).toBe('case-open');
    await http().post(`/api/v1/cases/${first.body.caseId}/withdrawal`).set('Authorization', `Bearer ${caseworker}`).send({}).expect(200);
    const again = await eventually(async () => {
      const r = await http().post('/api/v1/cases').set('Authorization', `Bearer ${caseworker}`).send(body);
      return r.status === 201 ? r : undefined;
    }, 20_000);
    expect(again.body.caseId).not.toBe(first.body.caseId);
  });

  it('404 for an unknown case and for a case of another township', async () => {
    await http().get(`/api/v1/cases/${randomUUID()}`).set('Authorization', `Bearer ${caseworker}`).expect(404);
    const id = await submit();
    await http().get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${otherCaseworker}`).expect(404);
    await http().post(`/api/v1/cases/${id}/acceptance`).set('Authorization', `Bearer ${otherCaseworker}`).send({}).expect(404);
    // A step takes the township from the case itself: a body cannot name a township or an actor of its own.
    for (const extra of [{ township: T2 }, { actor: { id: 'x', role: 'admin' } }]) {
      const res = await http().post(`/api/v1/cases/${id}/acceptance`).set('Authorization', `Bearer ${otherCaseworker}`).send(extra).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: Object.keys(extra)[0], rule: 'whitelistValidation' })]);
    }
    const still = await http().get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${caseworker}`).expect(200);
    expect(still.body.stage).toBe('application');
  });

  it('409 with the current stage for a step in the wrong stage', async () => {
    const id = await submit();
    const res = await http()
      .post(`/api/v1/cases/${id}/county-decision`)
      .set('Authorization', `Bearer ${approver}`)
      .send({ decision: 'approve' })
      .expect(409);
    expect(res.body).toMatchObject({ code: 'wrong-stage', currentStage: 'application' });
    expect(res.body.detail).toMatch(/county approval/);
  });

  it('403 for township review by a caseworker', async () => {
    const id = await submit();
    await http()
      .post(`/api/v1/cases/${id}/township-review`)
      .set('Authorization', `Bearer ${caseworker}`)
      .send({ decision: 'approve', opinion: 'ok' })
      .expect(403);
  });

  it('starts the investigation and the county data check through their own steps (A arts. 15 and 17); a future start is refused naming startedOn', async () => {
    const id = await submit();
    const auth = { Authorization: `Bearer ${caseworker}` };
    await http().post(`/api/v1/cases/${id}/acceptance`).set(auth).send({}).expect(200);
    const accepted = (await http().get(`/api/v1/cases/${id}`).set(auth).expect(200)).body;
    expect(accepted.investigationStart).toMatchObject({ countedFrom: today(), workingDays: 3 });
    expect(accepted.investigationStart.startedOn).toBeUndefined();
    const future = await http().post(`/api/v1/cases/${id}/investigation/start`).set(auth).send({ startedOn: '2999-01-01' }).expect(400);
    expect(JSON.stringify(future.body)).toContain('startedOn');
    await http().post(`/api/v1/cases/${id}/investigation/start`).set(auth).send({ startedOn: 'soon' }).expect(400);
    const started = await http().post(`/api/v1/cases/${id}/investigation/start`).set(auth).send({ investigators: ['inv-zhao', 'inv-qian'], note: '首次入户' }).expect(200);
    expect(started.body.investigationStart).toMatchObject({ startedOn: today(), startedBy: 'startInvestigation' });
    // The county's data check: a county approver may start it; a township reviewer may not.
    await http().post(`/api/v1/cases/${id}/data-check/start`).set('Authorization', `Bearer ${testToken('township_reviewer', T)}`).send({}).expect(403);
    const check = await http().post(`/api/v1/cases/${id}/data-check/start`).set('Authorization', `Bearer ${testToken('county_approver')}`).send({ reference: 'HD-2026-0042' }).expect(200);
    expect(check.body.dataCheckStart).toMatchObject({ startedOn: today(), startedBy: 'startDataCheck' });
    expect(check.body.stage).toBe('investigation');
    await http().post(`/api/v1/cases/${id}/withdrawal`).set(auth).send({}).expect(200);
  });

  it('400 for one investigator, 422 for a tally with more ballots than attendees', async () => {
    const id = await submit();
    const auth = { Authorization: `Bearer ${caseworker}` };
    await http().post(`/api/v1/cases/${id}/acceptance`).set(auth).send({}).expect(200);
    const one = await http()
      .post(`/api/v1/cases/${id}/investigation`)
      .set(auth)
      .send({ ...investigationBody, investigators: ['inv-zhao'] })
      .expect(400);
    expect(one.body.errors[0]).toMatchObject({ field: 'investigators', rule: 'arrayMinSize' });
    await http().post(`/api/v1/cases/${id}/investigation`).set(auth).send(investigationBody).expect(200);
    const bad = await http()
      .post(`/api/v1/cases/${id}/appraisal`)
      .set(auth)
      .send({ meetingOn: today(), tally: { ...tally, attendees: 10 } })
      .expect(422);
    expect(bad.body.detail).toMatch(/ballots/);
    const v = await http().get(`/api/v1/cases/${id}`).set(auth).expect(200);
    expect(v.body.stage).toBe('appraisal');
  });

  it('409 once the case is closed', async () => {
    const id = await submit();
    const auth = { Authorization: `Bearer ${caseworker}` };
    await http().post(`/api/v1/cases/${id}/withdrawal`).set(auth).send({ reason: 'found work' }).expect(200);
    const res = await http().post(`/api/v1/cases/${id}/acceptance`).set(auth).send({}).expect(409);
    expect(res.body.currentStage).toBe('withdrawn');
    await eventually(async () => seen.find((e) => e.type === 'case.withdrawn' && e.key === id), 20_000);
  });
});

describe('the list (Temporal visibility)', () => {
  it('filters by township, stage, scheme and overdue; a township role sees only its own township', async () => {
    const ruralId = await submit(await registeredCase({ scheme: 'rural' }));
    const auth = { Authorization: `Bearer ${supervisor}` };
    const found = await eventually(async () => {
      const r = await http().get('/api/v1/cases').query({ township: T, stage: 'application', scheme: 'rural', overdue: 'false' }).set(auth);
      return r.status === 200 && r.body.items.find((i: { caseId: string }) => i.caseId === ruralId);
    }, 20_000);
    expect(found).toMatchObject({ township: T, stage: 'application', scheme: 'rural', overdue: false, status: 'RUNNING' });

    const urban = await http().get('/api/v1/cases').query({ township: T, scheme: 'urban' }).set(auth).expect(200);
    expect(urban.body.items.some((i: { caseId: string }) => i.caseId === ruralId)).toBe(false);

    const paged = await http().get('/api/v1/cases').query({ township: T, pageSize: 1 }).set(auth).expect(200);
    expect(paged.body.items).toHaveLength(1);
    expect(paged.body.nextPageToken).toEqual(expect.any(String));
    const next = await http().get('/api/v1/cases').query({ township: T, pageSize: 1, pageToken: paged.body.nextPageToken }).set(auth).expect(200);
    expect(next.body.items[0].caseId).not.toBe(paged.body.items[0].caseId);

    await http().get('/api/v1/cases').query({ township: T }).set('Authorization', `Bearer ${otherCaseworker}`).expect(403);
    const own = await http().get('/api/v1/cases').set('Authorization', `Bearer ${otherCaseworker}`).expect(200);
    expect(own.body.items.every((i: { township: string }) => i.township === T2)).toBe(true);
    await http().get('/api/v1/cases').query({ overdue: 'maybe' }).set(auth).expect(400);
    const badToken = await http().get('/api/v1/cases').query({ pageToken: 'bm90LWEtdG9rZW4' }).set(auth);
    expect(badToken.status).toBe(400);
  });

  it('serves the OpenAPI document with the case routes', async () => {
    const res = await http().get('/api/docs/openapi.json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/cases', '/api/v1/cases/{caseId}', '/api/v1/cases/{caseId}/county-decision']),
    );
    // Every step documents its body with the step's schema (libs/contracts step-schemas.ts), inline.
    const steps = Object.entries<{ post?: { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } } }>(res.body.paths).filter(
      ([path, item]) => item.post && /^\/api\/v1\/(cases|beneficiaries)\/\{/.test(path),
    );
    expect(steps.length).toBeGreaterThanOrEqual(22);
    for (const [path, item] of steps) {
      expect([path, item.post?.requestBody?.content['application/json']?.schema]).toEqual([path, expect.objectContaining({ type: 'object', additionalProperties: false })]);
    }
    expect(res.body.paths['/api/v1/cases/{caseId}/investigation'].post.requestBody.content['application/json'].schema.properties.investigators).toMatchObject({
      minItems: 2,
      maxItems: 10,
    });
  });
});
