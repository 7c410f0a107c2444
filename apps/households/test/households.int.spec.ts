import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Actor, BeneficiaryTerminated, buildEnvelope, CaseApproved, CaseSubmitted, EventEnvelope, Topics } from '@dibao/contracts';
import { eventually, freshDatabase, testStack, testToken } from '@dibao/platform/testing';
import { buildApp, CONSUMER_GROUP } from '../src/app';
import { syntheticResidentId } from '../src/cli/synthetic-ledger.util';
import { householdsConfigSchema } from '../src/config';

jest.setTimeout(120_000);

// The app's fresh consumer group also receives case events that other suites publish meanwhile for households
// that do not exist here; each is dead-lettered after three attempts, which can delay ours on a busy broker.
const CASE_FOLLOW_TIMEOUT_MS = 60_000;

const run = randomUUID().slice(0, 8);
const groupPrefix = `it-${run}-`;
const readerGroup = `households-it-reader-${run}`;

// Distinct valid ID numbers for this suite.
const id = (seq: number, year = 1960) => syntheticResidentId('520102', year, 1 + (seq % 12), 1 + (seq % 28), seq);
const HEAD = id(11);
const SPOUSE = id(12);
const CHILD = id(13, 2012);
const PROXY = id(14, 1980);
const OTHER_HEAD = id(15);
const ACCOUNT = '6228480012345678901';

const caseworker = testToken('caseworker', 'T01');
const otherCaseworker = testToken('caseworker', 'T02');
const reviewer = testToken('township_reviewer', 'T01');
const supervisor = testToken('supervisor');
const finance = testToken('finance');
const approver = testToken('county_approver');
const system = testToken('system');
const inspector = testToken('inspector');
const admin = testToken('admin');

function household(overrides: Record<string, unknown> = {}, members?: unknown[]) {
  return {
    hukou: 'agricultural',
    township: 'T01',
    village: '红星村',
    address: '红星村三组12号',
    ledgerNo: 'HX-0001',
    members: members ?? [
      {
        name: '王德明',
        residentId: HEAD,
        relation: 'head',
        workAbility: 'full',
        incomes: [{ category: 'wages', amountFen: 120000, period: 'monthly' }],
        deductions: [{ kind: 'medical', amountFen: 20000, period: 'monthly' }],
      },
      { name: '李秀英', residentId: SPOUSE, relation: 'spouse', workAbility: 'none', disabilityGrade: 1 },
      { name: '王小红', residentId: CHILD, relation: 'child', workAbility: 'none', incomes: [{ category: 'scholarship', amountFen: 50000, period: 'annual' }] },
    ],
    account: { kind: 'credit_cooperative', institution: '县农村信用合作联社', number: ACCOUNT, holderName: '王德明' },
    proxies: [{ name: '李建国', residentId: PROXY, relation: 'neighbour', entrustmentRef: 'CWH-2026-0042' }],
    ...overrides,
  };
}

describe('households service (real PostgreSQL and Kafka)', () => {
  let app: INestApplication;
  let ds: DataSource;
  let kafka: Kafka;
  let producer: Producer;
  let reader: Consumer;
  const seen: EventEnvelope[] = [];
  let householdId: string;

  const api = () => request(app.getHttpServer());
  const counts = async () => {
    const [row] = await ds.query(
      `SELECT (SELECT count(*) FROM households)::int AS households, (SELECT count(*) FROM household_members)::int AS members,
              (SELECT count(*) FROM household_incomes)::int AS incomes, (SELECT count(*) FROM household_history)::int AS history,
              (SELECT count(*) FROM outbox)::int AS outbox`,
    );
    return row as Record<string, number>;
  };
  const publishCaseEvent = async (env: EventEnvelope) =>
    producer.send({ topic: Topics.cases, acks: -1, messages: [{ key: env.key, value: JSON.stringify(env) }] });

  beforeAll(async () => {
    const url = await freshDatabase('households_it');
    kafka = new Kafka({ clientId: `households-it-${run}`, brokers: testStack.kafkaBrokers, logLevel: logLevel.NOTHING });
    // Start both fresh groups at the current end of their topics, so older messages of other suites are not replayed.
    const admin = kafka.admin();
    await admin.connect();
    // (admin.resetOffsets would commit the sentinel -1, which a consumer treats as "no offset" and so reads from the start.)
    for (const [groupId, topic] of [[`${groupPrefix}${CONSUMER_GROUP}`, Topics.cases], [readerGroup, Topics.households]]) {
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId, topic, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
    }
    await admin.disconnect();

    const config = householdsConfigSchema.parse({
      JWT_SECRET: testStack.jwtSecret,
      DATABASE_URL: url,
      KAFKA_BROKERS: testStack.kafkaBrokers.join(','),
      KAFKA_GROUP_PREFIX: groupPrefix,
      LOG_LEVEL: 'error',
      OUTBOX_POLL_MS: '50',
    });
    app = await buildApp(config);
    await app.startAllMicroservices();
    await app.init();
    ds = app.get<DataSource>(getDataSourceToken());

    producer = kafka.producer();
    await producer.connect();
    reader = kafka.consumer({ groupId: readerGroup });
    await reader.connect();
    await reader.subscribe({ topic: Topics.households, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        seen.push(JSON.parse(message.value!.toString()) as EventEnvelope);
      },
    });
  });

  afterAll(async () => {
    await reader?.disconnect();
    await producer?.disconnect();
    await app?.close();
  });

  describe('registration', () => {
    it('registers a household, derives scheme, sex and birth date, and computes per-capita income in libs/domain', async () => {
      const res = await api().post('/api/v1/households').set('Authorization', `Bearer ${caseworker}`).send(household()).expect(201);
      householdId = res.body.id;
      expect(res.body).toMatchObject({ status: 'registered', openCaseId: null, township: 'T01', scheme: 'rural', hukou: 'agricultural' });
      const head = res.body.members.find((m: { relation: string }) => m.relation === 'head');
      expect(head).toMatchObject({ residentId: HEAD, sex: Number(HEAD[16]) % 2 ? 'male' : 'female', birthDate: `${HEAD.slice(6, 10)}-${HEAD.slice(10, 12)}-${HEAD.slice(12, 14)}`, counted: true });
      // Counted: 1,200 yuan wages a month; deducted: 200 yuan medical a month; scholarship exempt.
      // (1,440,000 − 240,000) fen a year / 3 members / 12 months = 33,333.33 → 33,333 fen.
      expect(res.body.assessment).toMatchObject({
        countedMembers: 3,
        annualCountedIncomeFen: 1_440_000,
        annualDeductionsFen: 240_000,
        annualExemptIncomeFen: 50_000,
        perCapitaMonthlyIncomeFen: 33_333,
      });
      expect(res.body.incomes.map((i: { treatment: string }) => i.treatment).sort()).toEqual(['counted', 'deductible', 'exempt']);
      const history = await ds.query(`SELECT actor_id, actor_role, action FROM household_history WHERE household_id = $1`, [householdId]);
      expect(history).toEqual([{ actor_id: 'caseworker-T01', actor_role: 'caseworker', action: 'registered' }]);
    });

    it('says which member may apply alone (A art. 8): the severely disabled spouse', async () => {
      const res = await api().get(`/api/v1/households/${householdId}`).set('Authorization', `Bearer ${system}`).expect(200);
      const spouse = res.body.members.find((m: { relation: string }) => m.relation === 'spouse');
      expect(res.body.assessment.applyAlone).toEqual({ possible: true, memberIds: [spouse.id] });
    });

    it('answers 409 naming the conflict when an ID number is already in an active household, and writes nothing', async () => {
      const before = await counts();
      const res = await api()
        .post('/api/v1/households')
        .set('Authorization', `Bearer ${admin}`)
        .send(household({ township: 'T02', ledgerNo: 'X-1' }, [{ name: '张三', residentId: OTHER_HEAD, relation: 'head', workAbility: 'full' }, { name: '李秀英', residentId: SPOUSE, relation: 'spouse', workAbility: 'none' }]))
        .expect(409);
      expect(res.body.code).toBe('resident-id-registered');
      expect(res.body.conflicts).toEqual([{ field: 'members[1].residentId', residentId: expect.stringMatching(/^\d{4}\*{10}/), householdId, township: 'T01' }]);
      expect(JSON.stringify(res.body)).not.toContain(SPOUSE);
      expect(await counts()).toEqual(before);
    });

    it('refuses a caseworker registering in another township', async () => {
      await api().post('/api/v1/households').set('Authorization', `Bearer ${otherCaseworker}`).send(household()).expect(403);
    });

    it('lets only caseworkers and admin write', async () => {
      await api().post('/api/v1/households').set('Authorization', `Bearer ${supervisor}`).send(household()).expect(403);
      await api().patch(`/api/v1/households/${householdId}`).set('Authorization', `Bearer ${reviewer}`).send({ address: 'x' }).expect(403);
    });
  });

  describe('masking and township scope', () => {
    it('shows full ID and account numbers to roles that need them', async () => {
      for (const token of [caseworker, reviewer, approver, system]) {
        const res = await api().get(`/api/v1/households/${householdId}`).set('Authorization', `Bearer ${token}`).expect(200);
        expect(res.body.members.map((m: { residentId: string }) => m.residentId)).toContain(HEAD);
        expect(res.body.payee.account.number).toBe(ACCOUNT);
      }
    });

    it('masks them for supervisor, inspector and finance', async () => {
      for (const token of [supervisor, inspector, finance]) {
        const res = await api().get(`/api/v1/households/${householdId}`).set('Authorization', `Bearer ${token}`).expect(200);
        const text = JSON.stringify(res.body);
        for (const secret of [HEAD, SPOUSE, CHILD, PROXY, ACCOUNT]) expect(text).not.toContain(secret);
        expect(res.body.members[0].residentId).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
        expect(res.body.payee.account.number).toBe(`${ACCOUNT.slice(0, 4)}${'*'.repeat(ACCOUNT.length - 8)}${ACCOUNT.slice(-4)}`);
      }
    });

    it('gives finance and system full payee numbers for paying, and supervisor masked ones', async () => {
      for (const token of [finance, system]) {
        const res = await api().get(`/api/v1/households/${householdId}/payee`).set('Authorization', `Bearer ${token}`).expect(200);
        expect(res.body).toMatchObject({ masked: false, account: { number: ACCOUNT }, proxies: [{ residentId: PROXY, entrustmentRef: 'CWH-2026-0042' }] });
      }
      const res = await api().get(`/api/v1/households/${householdId}/payee`).set('Authorization', `Bearer ${supervisor}`).expect(200);
      expect(res.body.masked).toBe(true);
      expect(JSON.stringify(res.body)).not.toContain(ACCOUNT);
    });

    it("hides another township's household (404) and leaves it out of lists", async () => {
      await api().get(`/api/v1/households/${householdId}`).set('Authorization', `Bearer ${otherCaseworker}`).expect(404);
      const other = await api().get('/api/v1/households?township=T01').set('Authorization', `Bearer ${otherCaseworker}`).expect(200);
      expect(other.body.total).toBe(0);
      const own = await api().get('/api/v1/households?scheme=rural&status=registered&page=1&pageSize=10').set('Authorization', `Bearer ${reviewer}`).expect(200);
      expect(own.body).toMatchObject({ total: 1, page: 1, pageSize: 10, items: [{ id: householdId }] });
    });

    it('finds the household by ID number for authorised roles only', async () => {
      const res = await api().post('/api/v1/households/lookup').set('Authorization', `Bearer ${approver}`).send({ residentId: CHILD }).expect(200);
      expect(res.body.id).toBe(householdId);
      await api().post('/api/v1/households/lookup').set('Authorization', `Bearer ${otherCaseworker}`).send({ residentId: CHILD }).expect(404);
      await api().post('/api/v1/households/lookup').set('Authorization', `Bearer ${supervisor}`).send({ residentId: CHILD }).expect(403);
    });

    it('serves the OpenAPI document with the household routes', async () => {
      const res = await api().get('/api/docs/openapi.json').expect(200);
      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining(['/api/v1/households', '/api/v1/households/{id}', '/api/v1/households/{id}/members', '/api/v1/households/{id}/incomes', '/api/v1/households/import', '/api/v1/households/{id}/payee']),
      );
    });
  });

  describe('bad input: 400 naming the field and rule, nothing written', () => {
    const cases: [string, unknown, string, string][] = [
      ['an invalid check digit', household({}, [{ name: 'a', residentId: HEAD.slice(0, 17) + (HEAD[17] === '0' ? '1' : '0'), relation: 'head', workAbility: 'full' }]), 'members[0].residentId', 'isResidentId'],
      ['a birth date in the future', household({}, [{ name: 'a', residentId: syntheticResidentId('520102', 2099, 1, 1, 1), relation: 'head', workAbility: 'full' }]), 'members[0].residentId', 'isResidentId'],
      ['a negative income', household({}, [{ name: 'a', residentId: OTHER_HEAD, relation: 'head', workAbility: 'full', incomes: [{ category: 'wages', amountFen: -1, period: 'monthly' }] }]), 'members[0].incomes[0].amountFen', 'min'],
      ['an amount as a string', household({}, [{ name: 'a', residentId: OTHER_HEAD, relation: 'head', workAbility: 'full', incomes: [{ category: 'wages', amountFen: '100', period: 'monthly' }] }]), 'members[0].incomes[0].amountFen', 'isInt'],
      ['an amount of 1e308', household({}, [{ name: 'a', residentId: OTHER_HEAD, relation: 'head', workAbility: 'full', incomes: [{ category: 'wages', amountFen: 1e308, period: 'monthly' }] }]), 'members[0].incomes[0].amountFen', 'max'],
      ['an asset of 2^63 fen', household({ assets: [{ kind: 'financial', valueFen: 2 ** 63 }] }), 'assets[0].valueFen', 'max'],
      ['a village of only spaces', household({ village: ' \u3000\t' }), 'village', 'isNotBlank'],
      ['an address of only spaces', household({ address: '   ' }), 'address', 'isNotBlank'],
      ['a member name of only spaces', household({}, [{ name: '  ', residentId: OTHER_HEAD, relation: 'head', workAbility: 'full' }]), 'members[0].name', 'isNotBlank'],
      ['a proxy name of only spaces', household({ proxies: [{ name: ' ', residentId: PROXY, entrustmentRef: 'CWH-1' }] }), 'proxies[0].name', 'isNotBlank'],
      ['an account holder of only spaces', household({ account: { kind: 'bank', institution: 'x', number: ACCOUNT, holderName: '\n' } }), 'account.holderName', 'isNotBlank'],
      ['a fractional amount', household({}, [{ name: 'a', residentId: OTHER_HEAD, relation: 'head', workAbility: 'full', incomes: [{ category: 'wages', amountFen: 1.5, period: 'monthly' }] }]), 'members[0].incomes[0].amountFen', 'isInt'],
      ['an unknown field', household({ secret: 1 }), 'secret', 'whitelistValidation'],
      ['an unknown nested field', household({}, [{ name: 'a', residentId: OTHER_HEAD, relation: 'head', workAbility: 'full', salary: 5 }]), 'members[0].salary', 'whitelistValidation'],
      ['an unknown hukou', household({ hukou: 'city' }), 'hukou', 'isIn'],
      ['an unknown income category', household({}, [{ name: 'a', residentId: OTHER_HEAD, relation: 'head', workAbility: 'full', incomes: [{ category: 'lottery', amountFen: 1, period: 'monthly' }] }]), 'members[0].incomes[0].category', 'isIn'],
      ['a non-numeric account', household({ account: { kind: 'bank', institution: 'x', number: '62284800ABC', holderName: 'x' } }), 'account.number', 'matches'],
      ['two heads', household({}, [{ name: 'a', residentId: OTHER_HEAD, relation: 'head', workAbility: 'full' }, { name: 'b', residentId: id(16), relation: 'head', workAbility: 'full' }]), 'members', 'oneHead'],
      ['the same ID twice', household({}, [{ name: 'a', residentId: OTHER_HEAD, relation: 'head', workAbility: 'full' }, { name: 'b', residentId: OTHER_HEAD, relation: 'child', workAbility: 'full' }]), 'members[1].residentId', 'uniqueResidentId'],
      ['no members', household({ members: [] }), 'members', 'arrayMinSize'],
      ['a disability grade of 5', household({}, [{ name: 'a', residentId: OTHER_HEAD, relation: 'head', workAbility: 'full', disabilityGrade: 5 }]), 'members[0].disabilityGrade', 'isIn'],
      ['a missing township', household({ township: undefined }), 'township', 'isString'],
    ];

    it.each(cases)('rejects %s', async (_what, body, field, rule) => {
      const before = await counts();
      const res = await api().post('/api/v1/households').set('Authorization', `Bearer ${caseworker}`).send(body as object).expect(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
      expect(res.body.detail).toContain(field);
      expect(await counts()).toEqual(before);
    });

    it("rejects a township the county does not have (T33; the county has T01–T32), by API and by ledger import, storing nothing", async () => {
      const before = await counts();
      const body = household({ township: 'T33', ledgerNo: 'HX-T33' }, [{ name: '刘三', residentId: id(17), relation: 'head', workAbility: 'full' }]);
      for (const token of [testToken('caseworker', 'T33'), admin]) {
        const res = await api().post('/api/v1/households').set('Authorization', `Bearer ${token}`).send(body).expect(400);
        expect(res.body).toMatchObject({ code: 'validation-failed', errors: [expect.objectContaining({ field: 'township', rule: 'knownTownship' })] });
        expect(res.body.detail).toMatch(/township T33 is not a township of the county/);
      }
      const header = 'ledger_no,township,village,address,hukou,account_kind,account_institution,account_number,account_holder,members';
      const imported = await api()
        .post('/api/v1/households/import')
        .set('Authorization', `Bearer ${admin}`)
        .set('Content-Type', 'text/csv')
        .send(`${header}\nL-T33,T33,红星村,一组33号,agricultural,,,,,刘三|${id(17)}|head||full|||\n`)
        .expect(200);
      expect(imported.body).toMatchObject({ rows: 1, imported: 0, rejected: [{ line: 2, ledgerNo: 'L-T33', reasons: ['township: T33 is not a township of the county'] }] });
      expect(await counts()).toEqual(before);
      // The database refuses it too (the foreign key behind the check).
      await expect(ds.query(`UPDATE households SET township = 'T33' WHERE id = $1`, [householdId])).rejects.toThrow(/households_township_known/);
    });

    it('rejects malformed JSON with a problem body', async () => {
      const res = await api()
        .post('/api/v1/households')
        .set('Authorization', `Bearer ${caseworker}`)
        .set('Content-Type', 'application/json')
        .send('{"hukou": "agricultural",')
        .expect(400);
      expect(res.body.code).toBe('malformed-body');
    });

    it('answers 404 for a household id that is not a UUID, 400 for a bad member id and bad paging', async () => {
      await api().get(`/api/v1/households/${HEAD}`).set('Authorization', `Bearer ${caseworker}`).expect(404);
      const res = await api()
        .patch(`/api/v1/households/${householdId}/members/not-a-uuid`)
        .set('Authorization', `Bearer ${caseworker}`)
        .send({ name: 'x' })
        .expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'memberId', rule: 'isUuid' })]);
      const paging = await api().get('/api/v1/households?pageSize=1000&status=gone').set('Authorization', `Bearer ${caseworker}`).expect(400);
      expect(paging.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['pageSize', 'status']);
    });
  });

  describe('bad input on changes', () => {
    it('refuses null for fields without a "none" value, unknown members and another township, changing nothing', async () => {
      const view = await api().get(`/api/v1/households/${householdId}`).set('Authorization', `Bearer ${caseworker}`).expect(200);
      const head = view.body.members[0];
      const before = await counts();
      const res = await api()
        .patch(`/api/v1/households/${householdId}/members/${head.id}`)
        .set('Authorization', `Bearer ${caseworker}`)
        .send({ name: null, workAbility: 'sometimes' })
        .expect(400);
      expect(res.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`)).toEqual(expect.arrayContaining(['name:isString', 'workAbility:isIn']));
      await api().patch(`/api/v1/households/${householdId}`).set('Authorization', `Bearer ${caseworker}`).send({ address: null }).expect(400);
      const wrongMember = await api()
        .post(`/api/v1/households/${householdId}/incomes`)
        .set('Authorization', `Bearer ${caseworker}`)
        .send({ memberId: randomUUID(), category: 'wages', amountFen: 1, period: 'monthly' })
        .expect(400);
      expect(wrongMember.body.errors).toEqual([expect.objectContaining({ field: 'memberId', rule: 'currentMember' })]);
      await api().post(`/api/v1/households/${householdId}/members/${head.id}/removal`).set('Authorization', `Bearer ${caseworker}`).send({ reason: 'x' }).expect(422);
      await api().patch(`/api/v1/households/${householdId}`).set('Authorization', `Bearer ${otherCaseworker}`).send({ address: 'y' }).expect(404);
      expect(await counts()).toEqual(before);
    });
  });

  describe('bad input found by the hostile-input sweep', () => {
    it('refuses blank text on changes, changing nothing', async () => {
      const view = await api().get(`/api/v1/households/${householdId}`).set('Authorization', `Bearer ${caseworker}`).expect(200);
      const head = view.body.members[0];
      const before = await counts();
      const village = await api().patch(`/api/v1/households/${householdId}`).set('Authorization', `Bearer ${caseworker}`).send({ village: ' \u3000 ' }).expect(400);
      expect(village.body.errors).toEqual([expect.objectContaining({ field: 'village', rule: 'isNotBlank' })]);
      const name = await api().patch(`/api/v1/households/${householdId}/members/${head.id}`).set('Authorization', `Bearer ${caseworker}`).send({ name: '\t' }).expect(400);
      expect(name.body.errors).toEqual([expect.objectContaining({ field: 'name', rule: 'isNotBlank' })]);
      const payee = await api()
        .put(`/api/v1/households/${householdId}/payee`)
        .set('Authorization', `Bearer ${caseworker}`)
        .send({ proxies: [{ name: '李建国', residentId: PROXY, entrustmentRef: '   ' }] })
        .expect(400);
      expect(payee.body.errors).toEqual([expect.objectContaining({ field: 'proxies[0].entrustmentRef', rule: 'isNotBlank' })]);
      await api().post(`/api/v1/households/${householdId}/members/${head.id}/removal`).set('Authorization', `Bearer ${caseworker}`).send({ reason: '  ' }).expect(400);
      expect(await counts()).toEqual(before);
      expect((await api().get(`/api/v1/households/${householdId}`).set('Authorization', `Bearer ${caseworker}`).expect(200)).body).toEqual(view.body);
    });

    it('refuses paging numbers that are not decimal digits (0x10 was read as 16), keeping the defaults when absent', async () => {
      const bad: [string, string][] = [
        ['/api/v1/households?page=0x10', 'page'],
        ['/api/v1/households?pageSize=0x10', 'pageSize'],
        ['/api/v1/households?page=', 'page'],
        ['/api/v1/households?page=1e3', 'page'],
        ['/api/v1/households?pageSize=NaN', 'pageSize'],
        [`/api/v1/households/${householdId}/history?limit=0x10`, 'limit'],
        [`/api/v1/households/${householdId}/history?limit=abc`, 'limit'],
      ];
      for (const [url, field] of bad) {
        const res = await api().get(url).set('Authorization', `Bearer ${caseworker}`);
        expect({ url, status: res.status, fields: (res.body.errors ?? []).map((e: { field: string }) => e.field) }).toEqual({ url, status: 400, fields: [field] });
      }
      const page = await api().get('/api/v1/households').set('Authorization', `Bearer ${caseworker}`).expect(200);
      expect(page.body).toMatchObject({ page: 1, pageSize: 50 });
      const two = await api().get('/api/v1/households?page=1&pageSize=16').set('Authorization', `Bearer ${caseworker}`).expect(200);
      expect(two.body).toMatchObject({ page: 1, pageSize: 16 });
      await api().get(`/api/v1/households/${householdId}/history?limit=16`).set('Authorization', `Bearer ${caseworker}`).expect(200);
    });

    it('documents resident ID examples that pass its own check (the proxy and new-member examples had wrong check digits)', async () => {
      const doc = (await api().get('/api/docs/openapi.json').expect(200)).body;
      const examples: string[] = [];
      for (const schema of Object.values(doc.components.schemas) as { properties?: Record<string, { example?: unknown }> }[]) {
        const example = schema.properties?.['residentId']?.example;
        // Input schemas; the views document masked numbers (1101**********002X).
        if (typeof example === 'string' && !example.includes('*')) examples.push(example);
      }
      expect(examples).toEqual(expect.arrayContaining(['110105198001010016', '110105201001010010']));
      for (const residentId of new Set(examples)) {
        // A valid number nobody registered: 404, not a 400 about the number.
        const res = await api().post('/api/v1/households/lookup').set('Authorization', `Bearer ${caseworker}`).send({ residentId });
        expect({ residentId, status: res.status, errors: res.body.errors }).toEqual({ residentId, status: 404, errors: undefined });
      }
    });
  });

  describe('members and income', () => {
    it('adds income, updates and removes a member with history, marking instead of deleting', async () => {
      const view = await api().get(`/api/v1/households/${householdId}`).set('Authorization', `Bearer ${caseworker}`).expect(200);
      const child = view.body.members.find((m: { relation: string }) => m.relation === 'child');
      const added = await api()
        .post(`/api/v1/households/${householdId}/incomes`)
        .set('Authorization', `Bearer ${caseworker}`)
        .send({ memberId: child.id, category: 'wages', amountFen: 36000, period: 'monthly' })
        .expect(201);
      expect(added.body.assessment.perCapitaMonthlyIncomeFen).toBe(45_333); // (1,440,000 + 432,000 − 240,000) / 36

      await api()
        .patch(`/api/v1/households/${householdId}/members/${child.id}`)
        .set('Authorization', `Bearer ${caseworker}`)
        .send({ exclusion: 'in_prison' })
        .expect(200);
      const removed = await api()
        .post(`/api/v1/households/${householdId}/members/${child.id}/removal`)
        .set('Authorization', `Bearer ${caseworker}`)
        .send({ reason: '户籍迁出' })
        .expect(200);
      expect(removed.body.members).toHaveLength(2);
      const [row] = await ds.query(`SELECT active, removed_by, removal_reason FROM household_members WHERE id = $1`, [child.id]);
      expect(row).toEqual({ active: false, removed_by: 'caseworker-T01', removal_reason: '户籍迁出' });
      const history = await api().get(`/api/v1/households/${householdId}/history`).set('Authorization', `Bearer ${supervisor}`).expect(200);
      expect(history.body.map((h: { entity: string; action: string }) => `${h.entity}:${h.action}`)).toEqual(
        expect.arrayContaining(['household:registered', 'income:added', 'member:updated', 'member:removed']),
      );
      expect(JSON.stringify(history.body)).not.toContain(CHILD);
    });

    it('lets the removed member be registered in another household', async () => {
      await api()
        .post('/api/v1/households')
        .set('Authorization', `Bearer ${admin}`)
        .send(household({ township: 'T02', ledgerNo: 'X-2', proxies: [] }, [{ name: '王小红', residentId: CHILD, relation: 'head', workAbility: 'full' }]))
        .expect(201);
    });
  });

  describe('events', () => {
    it('publishes household.registered through the outbox to Kafka, without full ID numbers', async () => {
      const [row] = await ds.query(`SELECT event_id FROM outbox WHERE event_type = 'household.registered' AND message_key = $1`, [householdId]);
      const event = await eventually(async () => seen.find((e) => e.eventId === row.event_id), 30_000);
      expect(event).toMatchObject({ type: 'household.registered', key: householdId, payload: { householdId, township: 'T01', scheme: 'rural', members: 3, source: 'api' } });
      const all = JSON.stringify(seen);
      for (const secret of [HEAD, SPOUSE, CHILD, PROXY, ACCOUNT]) expect(all).not.toContain(secret);
      await eventually(async () => seen.some((e) => e.type === 'household.member-changed' && e.key === householdId) && seen.some((e) => e.type === 'household.income-changed'), 30_000);
    });

    it('follows case.submitted once when it is delivered twice, then case.approved', async () => {
      const caseId = `case-${run}`;
      const actor: Actor = { id: 'case-worker', role: 'system' };
      const submitted = buildEnvelope(
        CaseSubmitted,
        { eventId: randomUUID(), occurredAt: new Date().toISOString(), correlationId: randomUUID(), actor, key: caseId },
        { caseId, householdId, township: 'T01', scheme: 'rural', submittedOn: '2026-11-29', applicantKind: 'head', claimedMonthlyIncomeFen: 0, registeredSeparately: false },
      );
      await publishCaseEvent(submitted);
      await publishCaseEvent(submitted);
      const res = await eventually(async () => {
        const r = await api().get(`/api/v1/households/${householdId}`).set('Authorization', `Bearer ${caseworker}`);
        return r.body.status === 'applicant' ? r : undefined;
      }, CASE_FOLLOW_TIMEOUT_MS);
      expect(res.body).toMatchObject({ id: householdId, status: 'applicant', openCaseId: caseId, township: 'T01', scheme: 'rural' });

      // A second open case is recorded and ignored.
      const second = buildEnvelope(
        CaseSubmitted,
        { eventId: randomUUID(), occurredAt: new Date().toISOString(), correlationId: randomUUID(), actor, key: `${caseId}-2` },
        { ...submitted.payload, caseId: `${caseId}-2` },
      );
      await publishCaseEvent(second);
      await eventually(async () => (await ds.query(`SELECT 1 FROM household_history WHERE action = 'case-event-ignored' AND entity_id = $1`, [`${caseId}-2`])).length === 1, CASE_FOLLOW_TIMEOUT_MS);

      const approved = buildEnvelope(
        CaseApproved,
        { eventId: randomUUID(), occurredAt: new Date().toISOString(), correlationId: randomUUID(), actor, key: caseId },
        { caseId, householdId, township: 'T01', scheme: 'rural', approvedOn: '2026-12-20', monthlyAmountFen: 10000, persons: 2, startPeriod: '2027-Q1', payee: { kind: 'own-account' } },
      );
      await publishCaseEvent(approved);
      const after = await eventually(async () => {
        const r = await api().get(`/api/v1/households/${householdId}`).set('Authorization', `Bearer ${caseworker}`);
        return r.body.status === 'beneficiary' ? r : undefined;
      }, CASE_FOLLOW_TIMEOUT_MS);
      expect(after.body.openCaseId).toBeNull();

      const changes = await ds.query(`SELECT changes FROM household_history WHERE household_id = $1 AND action = 'status-changed' ORDER BY id`, [householdId]);
      expect(changes.map((c: { changes: { status: { to: string } } }) => c.changes.status.to)).toEqual(['applicant', 'beneficiary']);
      const inbox = await ds.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = $1`, [submitted.eventId]);
      expect(inbox[0].n).toBe(1);
      await eventually(async () => seen.find((e) => e.type === 'household.status-changed' && (e.payload as { to: string }).to === 'beneficiary'), 30_000);

      // 应退则退: the beneficiary workflow ends the benefit → exited, once however often it arrives.
      const terminated = buildEnvelope(
        BeneficiaryTerminated,
        { eventId: randomUUID(), occurredAt: new Date().toISOString(), correlationId: randomUUID(), actor, key: caseId },
        { caseId, householdId, township: 'T01', scheme: 'rural', changeRef: `${caseId}/stop/2027-Q2/r2.4`, fromPeriod: '2027-Q2', terminatedOn: '2027-03-02', reason: 'income above the standard', notice: '终止通知' },
      );
      await publishCaseEvent(terminated);
      await publishCaseEvent(terminated);
      await eventually(async () => {
        const r = await api().get(`/api/v1/households/${householdId}`).set('Authorization', `Bearer ${caseworker}`);
        return r.body.status === 'exited' ? r : undefined;
      }, CASE_FOLLOW_TIMEOUT_MS);
      const later = await ds.query(`SELECT changes FROM household_history WHERE household_id = $1 AND action = 'status-changed' ORDER BY id`, [householdId]);
      expect(later.map((c: { changes: { status: { to: string } } }) => c.changes.status.to)).toEqual(['applicant', 'beneficiary', 'exited']);
    });
  });

  describe('ledger import', () => {
    const header = 'ledger_no,township,village,address,hukou,account_kind,account_institution,account_number,account_holder,members';
    const A = id(101);
    const B = id(102);
    const C = id(103, 2010);
    const D = id(104);
    const ACTIVE = id(108); // the head of a household registered before the import (HEAD's household exits above)
    const ledger = [
      header,
      `L-1,T01,红星村,一组1号,agricultural,credit_cooperative,县信用社,6228480000000000011,赵一,赵一|${A}|head|2|none|1||transfer:1200.00:annual;钱二|${C}|child||none|||`,
      `L-2,T01,红星村,一组2号,agricultural,,,,,孙三|${A}|head||full|||`, // A is on line 2 too
      `L-3,T01,红星村,一组3号,agricultural,,,,,周四|${ACTIVE}|head||full|||`, // already in an active household
      `L-4,T01,红星村,一组4号,non_agricultural,bank,县农行,6228480000000000044,吴五,吴五|${B}|head||partial||| wages:800.50:monthly+medical:100:monthly`,
      `L-5,T01,红星村,一组5号,agricultural,,,,,郑六|${D.slice(0, 17)}${D[17] === '0' ? '1' : '0'}|head||full|||`, // bad check digit
      `L-6,T01,红星村,一组6号,agricultural,,,,,王七|${id(105)}|head||full|||wages:-5:monthly`, // negative income
      `L-7,T01,红星村,一组7号,agricultural`, // too few columns
      `,T01,红星村,一组8号,agricultural,,,,,冯八|${id(106)}|head||full|||`, // no ledger number
      `L-9,T02,红星村,一组9号,agricultural,,,,,陈九|${id(107)}|head||full|||`, // another township
    ].join('\n');

    const post = (csv: string, token = caseworker) =>
      api().post('/api/v1/households/import').set('Authorization', `Bearer ${token}`).set('Content-Type', 'text/csv').send(csv);

    it('imports valid rows whole and lists every rejected row with its line and reasons', async () => {
      await api()
        .post('/api/v1/households')
        .set('Authorization', `Bearer ${caseworker}`)
        .send(household({ ledgerNo: 'HX-ACTIVE' }, [{ name: '周四', residentId: ACTIVE, relation: 'head', workAbility: 'full' }]))
        .expect(201);
      const before = await counts();
      const res = await post(ledger).expect(200);
      expect(res.body).toMatchObject({ rows: 9, imported: 2, unchanged: 0 });
      expect(res.body.rejected.map((r: { line: number }) => r.line)).toEqual([3, 4, 6, 7, 8, 9, 10]);
      const reasons = Object.fromEntries(res.body.rejected.map((r: { line: number; reasons: string[] }) => [r.line, r.reasons.join(' ')]));
      expect(reasons[3]).toContain('also on line 2');
      expect(reasons[4]).toContain('already belongs to active household');
      expect(reasons[6]).toContain('check_digit_mismatch');
      expect(reasons[7]).toContain('members[0].incomes[0].amountFen');
      expect(reasons[8]).toContain('expected 10 columns');
      expect(reasons[9]).toContain('ledger_no');
      expect(reasons[10]).toContain('township');
      expect(JSON.stringify(res.body)).not.toContain(HEAD);

      const after = await counts();
      expect(after.households - before.households).toBe(2);
      expect(after.members - before.members).toBe(3);
      expect(after.outbox - before.outbox).toBe(2);
      const [l4] = await ds.query(`SELECT id, scheme FROM households WHERE ledger_no = 'L-4'`);
      expect(l4.scheme).toBe('urban');
      const view = await api().get(`/api/v1/households/${l4.id}`).set('Authorization', `Bearer ${caseworker}`).expect(200);
      // 800.50 yuan a month less 100 yuan medical, one member.
      expect(view.body.assessment.perCapitaMonthlyIncomeFen).toBe(70_050);
    });

    it('changes nothing when the same file is imported again', async () => {
      const before = await counts();
      const res = await post(ledger).expect(200);
      expect(res.body).toMatchObject({ rows: 9, imported: 0, unchanged: 2 });
      expect(res.body.rejected).toHaveLength(7);
      expect(await counts()).toEqual(before);
    });

    it('rejects a changed row of an imported household instead of overwriting it', async () => {
      const res = await post(`${header}\nL-4,T01,红星村,一组4号改,non_agricultural,,,,,吴五|${B}|head||partial|||`).expect(200);
      expect(res.body).toMatchObject({ imported: 0, rejected: [{ line: 2, reasons: [expect.stringContaining('different content')] }] });
    });

    it('imports the example ledger of the README', async () => {
      const csv = readFileSync(join(__dirname, '..', 'fixtures', 'ledger-example.csv'), 'utf8');
      const res = await post(csv).expect(200);
      expect(res.body).toMatchObject({ rows: 3, imported: 3, unchanged: 0, rejected: [] });
      const [row] = await ds.query(`SELECT id FROM households WHERE ledger_no = 'SQ-0107'`);
      const view = await api().get(`/api/v1/households/${row.id}`).set('Authorization', `Bearer ${caseworker}`).expect(200);
      expect(view.body.members.map((m: { relation: string; counted: boolean }) => `${m.relation}:${m.counted}`)).toEqual(['head:true', 'parent:true', 'spouse:false']);
      // 1,300 + 200 yuan a month over the two counted members (the spouse in prison is excluded, A art. 7).
      expect(view.body.assessment).toMatchObject({ countedMembers: 2, perCapitaMonthlyIncomeFen: 75_000 });
    });

    describe('with the optional status column', () => {
      const withStatus = `${header},status`;
      const line = (no: string, seq: number, status: string) => `${no},T01,红星村,二组${seq}号,agricultural,,,,,李${seq}|${id(seq)}|head||none|||,${status}`;
      const statusOf = async (ledgerNo: string) => ((await ds.query(`SELECT status FROM households WHERE ledger_no = $1`, [ledgerNo])) as { status: string }[])[0]?.status;
      const outboxOf = async (type: string, ledgerNo: string) =>
        ds.query(
          `SELECT o.envelope FROM outbox o JOIN households h ON h.id::text = o.message_key WHERE o.event_type = $1 AND h.ledger_no = $2`,
          [type, ledgerNo],
        ) as Promise<{ envelope: EventEnvelope<{ status?: string; from?: string; to?: string }> }[]>;

      it('imports beneficiaries as beneficiaries (admin only), empty or registered as registered, and refuses other statuses', async () => {
        const csv = [withStatus, line('S-1', 121, 'beneficiary'), line('S-2', 122, ''), line('S-3', 123, 'registered'), line('S-4', 124, 'applicant')].join('\n');
        const res = await post(csv, admin).expect(200);
        expect(res.body).toMatchObject({ rows: 4, imported: 3, unchanged: 0, statusChanged: 0 });
        expect(res.body.rejected).toEqual([{ line: 5, ledgerNo: 'S-4', reasons: [expect.stringContaining('status: must be empty, registered or beneficiary')] }]);
        expect([await statusOf('S-1'), await statusOf('S-2'), await statusOf('S-3'), await statusOf('S-4')]).toEqual(['beneficiary', 'registered', 'registered', undefined]);
        expect((await outboxOf('household.registered', 'S-1'))[0]?.envelope.payload.status).toBe('beneficiary');
        expect((await outboxOf('household.registered', 'S-2'))[0]?.envelope.payload.status).toBe('registered');
        const listed = await api().get('/api/v1/households?township=T01&status=beneficiary&pageSize=100').set('Authorization', `Bearer ${caseworker}`).expect(200);
        expect(listed.body.items.map((h: { ledgerNo: string }) => h.ledgerNo)).toContain('S-1');

        // A caseworker may not declare beneficiaries: that row is refused, nothing is written for it.
        const refused = await post([withStatus, line('S-5', 125, 'beneficiary')].join('\n')).expect(200);
        expect(refused.body).toMatchObject({ imported: 0, rejected: [{ line: 2, reasons: [expect.stringContaining('only an admin')] }] });
        expect(await statusOf('S-5')).toBeUndefined();
      });

      it('completes an import made without the column: registered households the ledger gives as beneficiaries become ones, once', async () => {
        await post([header, line('S-6', 126, '').replace(/,$/, '')].join('\n')).expect(200);
        expect(await statusOf('S-6')).toBe('registered');
        const res = await post([withStatus, line('S-6', 126, 'beneficiary'), line('S-1', 121, 'beneficiary')].join('\n'), admin).expect(200);
        expect(res.body).toMatchObject({ rows: 2, imported: 0, unchanged: 1, statusChanged: 1, rejected: [] });
        expect(await statusOf('S-6')).toBe('beneficiary');
        const [changed] = await outboxOf('household.status-changed', 'S-6');
        expect(changed?.envelope.payload).toMatchObject({ from: 'registered', to: 'beneficiary' });
        const history = await ds.query(
          `SELECT changes FROM household_history hh JOIN households h ON h.id = hh.household_id WHERE h.ledger_no = 'S-6' AND action = 'status-changed'`,
        );
        expect(history).toEqual([{ changes: { status: { from: 'registered', to: 'beneficiary' }, source: 'ledger-import', ledgerNo: 'S-6' } }]);

        // Again: nothing. And a re-import never lowers a status.
        const before = await counts();
        const again = await post([withStatus, line('S-6', 126, 'beneficiary'), line('S-1', 121, 'registered')].join('\n'), admin).expect(200);
        expect(again.body).toMatchObject({ imported: 0, unchanged: 2, statusChanged: 0, rejected: [] });
        expect([await statusOf('S-6'), await statusOf('S-1')]).toEqual(['beneficiary', 'beneficiary']);
        expect(await counts()).toEqual(before);
      });
    });

    it('refuses a wrong header, a wrong content type and a non-writer', async () => {
      const res = await post('ledger,township\nx,y').expect(400);
      expect(res.body.detail).toContain('missing column');
      await api().post('/api/v1/households/import').set('Authorization', `Bearer ${caseworker}`).send({ csv: 'x' }).expect(415);
      await post(ledger, supervisor).expect(403);
    });
  });
});
