import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'crypto';
import { Kafka, logLevel, Producer } from 'kafkajs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  Actor,
  BeneficiaryAmountChanged,
  BeneficiarySuspended,
  BeneficiaryTerminated,
  buildEnvelope,
  CaseApproved,
  CaseSubmitted,
  EventEnvelope,
  Topics,
} from '@dibao/contracts';
import { eventually, freshDatabase, testStack, testToken } from '@dibao/platform/testing';
import { buildApp, CONSUMER_GROUP } from '../src/app';
import { syntheticResidentId } from '../src/cli/synthetic-ledger.util';
import { householdsConfigSchema } from '../src/config';

jest.setTimeout(180_000);

// The fresh consumer group also gets case events other suites publish meanwhile (dead-lettered here: unknown households).
const CASE_FOLLOW_TIMEOUT_MS = 60_000;
const run = randomUUID().slice(0, 8);
const groupPrefix = `it-listing-${run}-`;
const OFFICE = '测试县民政局';

const id = (seq: number, year = 1962) => syntheticResidentId('520102', year, 1 + (seq % 12), 1 + (seq % 28), seq);
const ACCOUNT = '6228480012340000';
const actor: Actor = { id: 'case-worker', role: 'system' };

const caseworkerT01 = testToken('caseworker', 'T01');
const caseworkerT02 = testToken('caseworker', 'T02');
const reviewerT01 = testToken('township_reviewer', 'T01');
const supervisor = testToken('supervisor');
const admin = testToken('admin');

interface Seeded {
  key: string;
  householdId: string;
  caseId: string;
  township: string;
  village: string;
  head: string;
  residentIds: string[];
  address: string;
}

interface ListingRowBody {
  householdId: string;
  village: string;
  headName: string;
  persons: number;
  monthlyAmountFen: number;
  monthlyAmountYuan: string;
  since: string;
  suspended: boolean;
}

describe('public listing 阳光低保 (A art. 24) on real PostgreSQL and Kafka', () => {
  let app: INestApplication;
  let ds: DataSource;
  let producer: Producer;
  const seeded: Record<string, Seeded> = {};
  const api = () => request(app.getHttpServer());
  const publish = (env: EventEnvelope) => producer.send({ topic: Topics.cases, acks: -1, messages: [{ key: env.key, value: JSON.stringify(env) }] });
  const fields = (key: string, occurredAt = new Date().toISOString()) => ({ eventId: randomUUID(), occurredAt, correlationId: randomUUID(), actor, key });
  const listing = async (token: string, query = '') => api().get(`/api/v1/public-listing${query}`).set('Authorization', `Bearer ${token}`).expect(200);
  const rowsOf = async (token: string, query = ''): Promise<ListingRowBody[]> => (await listing(token, query)).body.rows;
  const handled = (eventId: string) => eventually(async () => (await ds.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [eventId])).length === 1, CASE_FOLLOW_TIMEOUT_MS);

  async function register(key: string, township: string, village: string, head: string, seq: number, token: string): Promise<void> {
    const residentIds = [id(seq), id(seq + 1), id(seq + 2, 2012)];
    const address = `${village}${seq}组${seq}号`;
    const res = await api()
      .post('/api/v1/households')
      .set('Authorization', `Bearer ${token}`)
      .send({
        hukou: 'agricultural',
        township,
        village,
        address,
        members: [
          { name: head, residentId: residentIds[0], relation: 'head', workAbility: 'partial' },
          { name: `${head.slice(0, 1)}配偶`, residentId: residentIds[1], relation: 'spouse', workAbility: 'none' },
          { name: `${head.slice(0, 1)}小孩`, residentId: residentIds[2], relation: 'child', workAbility: 'none' },
        ],
        account: { kind: 'bank', institution: '县农商银行', number: `${ACCOUNT}${seq}`, holderName: head },
      })
      .expect(201);
    seeded[key] = { key, householdId: res.body.id, caseId: `case-${run}-${key}`, township, village, head, residentIds, address };
  }

  const ref = (s: Seeded) => ({ caseId: s.caseId, householdId: s.householdId, township: s.township, scheme: 'rural' as const });

  beforeAll(async () => {
    const url = await freshDatabase('households_listing_it');
    const kafka = new Kafka({ clientId: `households-listing-it-${run}`, brokers: testStack.kafkaBrokers, logLevel: logLevel.NOTHING });
    const kafkaAdmin = kafka.admin();
    await kafkaAdmin.connect();
    const ends = await kafkaAdmin.fetchTopicOffsets(Topics.cases);
    await kafkaAdmin.setOffsets({ groupId: `${groupPrefix}${CONSUMER_GROUP}`, topic: Topics.cases, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
    await kafkaAdmin.disconnect();
    const config = householdsConfigSchema.parse({
      JWT_SECRET: testStack.jwtSecret,
      DATABASE_URL: url,
      KAFKA_BROKERS: testStack.kafkaBrokers.join(','),
      KAFKA_GROUP_PREFIX: groupPrefix,
      LOG_LEVEL: 'error',
      OUTBOX_POLL_MS: '200',
      COUNTY_OFFICE_NAME: OFFICE,
    });
    app = await buildApp(config);
    await app.startAllMicroservices();
    await app.init();
    ds = app.get<DataSource>(getDataSourceToken());
    producer = kafka.producer();
    await producer.connect();

    await register('wang', 'T01', '红星村', '王德明', 101, caseworkerT01);
    await register('li', 'T01', '红星村', '李秀兰', 111, caseworkerT01);
    await register('zhao', 'T01', '白沙村', '赵国强', 121, caseworkerT01);
    await register('chen', 'T02', '新华村', '陈光荣', 131, caseworkerT02);
    // Submitted, then approved (one key per case: one partition, in this order).
    const amounts: Record<string, [number, number]> = { wang: [45000, 3], li: [30000, 2], zhao: [15050, 1], chen: [22000, 2] };
    for (const s of Object.values(seeded)) {
      await publish(
        buildEnvelope(CaseSubmitted, fields(s.caseId), { ...ref(s), submittedOn: '2026-11-02', applicantKind: 'head', claimedMonthlyIncomeFen: 0, registeredSeparately: false }),
      );
      const [monthlyAmountFen, persons] = amounts[s.key];
      await publish(
        buildEnvelope(CaseApproved, fields(s.caseId), {
          ...ref(s), approvedOn: '2026-11-30', monthlyAmountFen, persons, startPeriod: '2027-Q1', payee: { kind: 'own-account' },
        }),
      );
    }
    await eventually(async () => (await rowsOf(supervisor)).length === 4, CASE_FOLLOW_TIMEOUT_MS);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
  });

  it('lists approved households: head, persons, amount in fen and yuan, since when, sorted by village then name', async () => {
    const body = (await listing(supervisor, '?township=T01')).body;
    expect(body).toMatchObject({ township: 'T01', village: null, scheme: null, office: OFFICE, households: 3, persons: 6, monthlyAmountFen: 90050 });
    expect(body.drawnUpOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // 白沙村 before 红星村 (bái < hóng), and in 红星村 李 before 王 (lǐ < wáng).
    expect(body.rows.map((r: ListingRowBody) => [r.village, r.headName])).toEqual([['白沙村', '赵国强'], ['红星村', '李秀兰'], ['红星村', '王德明']]);
    expect(body.rows[0]).toMatchObject({ township: 'T01', townshipName: '城关镇', scheme: 'rural', persons: 1, monthlyAmountFen: 15050, monthlyAmountYuan: '150.50', since: '2027-Q1', approvedOn: '2026-11-30', suspended: false });
    const one = await rowsOf(supervisor, `?township=T01&village=${encodeURIComponent('红星村')}&scheme=rural`);
    expect(one.map((r) => r.headName)).toEqual(['李秀兰', '王德明']);
    expect(await rowsOf(supervisor, '?township=T01&scheme=urban')).toEqual([]);
  });

  it('shows names but never a resident ID number, an address or an account', async () => {
    const text = (await listing(admin)).text + (await api().get('/api/v1/public-listing.html').set('Authorization', `Bearer ${admin}`).expect(200)).text;
    for (const s of Object.values(seeded)) {
      expect(text).toContain(s.head);
      for (const rid of s.residentIds) expect(text).not.toContain(rid.slice(-8));
      expect(text).not.toContain(s.address);
    }
    expect(text).not.toContain(ACCOUNT);
    expect(text).not.toMatch(/residentId|address|account/i);
  });

  it('follows an amount change once however often it is delivered; a late older change changes nothing', async () => {
    const wang = seeded['wang'];
    const change = buildEnvelope(BeneficiaryAmountChanged, fields(wang.caseId), {
      ...ref(wang), changeRef: `${wang.caseId}/amount/2027-Q2`, monthlyAmountFen: 30000, persons: 2, fromPeriod: '2027-Q2', reason: '家庭成员减少',
    });
    await publish(change);
    await publish(change);
    const row = await eventually(async () => (await rowsOf(supervisor, '?township=T01')).find((r) => r.householdId === wang.householdId && r.monthlyAmountFen === 30000), CASE_FOLLOW_TIMEOUT_MS);
    expect(row).toMatchObject({ persons: 2, monthlyAmountYuan: '300.00', since: '2027-Q1', amountFromPeriod: '2027-Q2' });
    // An older change (occurred before the one above) that arrives afterwards.
    const stale = buildEnvelope(BeneficiaryAmountChanged, fields(wang.caseId, new Date(Date.now() - 3_600_000).toISOString()), {
      ...ref(wang), changeRef: `${wang.caseId}/amount/old`, monthlyAmountFen: 99900, persons: 3, fromPeriod: '2027-Q1', reason: '旧的变更',
    });
    await publish(stale);
    await handled(stale.eventId);
    expect((await rowsOf(supervisor, '?township=T01')).find((r) => r.householdId === wang.householdId)).toMatchObject({ monthlyAmountFen: 30000, persons: 2 });
    const history = await ds.query(`SELECT changes FROM household_history WHERE household_id = $1 AND action = 'listing-changed' ORDER BY id`, [wang.householdId]);
    expect(history.map((h: { changes: { event: string; monthlyAmountFen: { to: number } } }) => [h.changes.event, h.changes.monthlyAmountFen.to])).toEqual([
      ['case.approved', 45000],
      ['beneficiary.amount-changed', 30000],
    ]);
    const inbox = await ds.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = $1`, [change.eventId]);
    expect(inbox[0].n).toBe(1);
  });

  it('keeps a suspended household listed and marked as suspended', async () => {
    const zhao = seeded['zhao'];
    const suspension = buildEnvelope(BeneficiarySuspended, fields(zhao.caseId), {
      ...ref(zhao), changeRef: `${zhao.caseId}/suspend/2027-Q2`, fromPeriod: '2027-Q2', reason: '待核查', notice: '暂停通知',
    });
    await publish(suspension);
    await handled(suspension.eventId);
    expect((await rowsOf(supervisor, '?township=T01')).find((r) => r.householdId === zhao.householdId)).toMatchObject({ suspended: true, monthlyAmountFen: 15050 });
  });

  it('drops a terminated household, once however often it arrives, and a late event of its case does not list it again', async () => {
    const li = seeded['li'];
    const terminated = buildEnvelope(BeneficiaryTerminated, fields(li.caseId), {
      ...ref(li), changeRef: `${li.caseId}/stop/2027-Q2`, fromPeriod: '2027-Q2', terminatedOn: '2027-03-02', reason: '收入超过标准', notice: '终止通知',
    });
    await publish(terminated);
    await publish(terminated);
    await eventually(async () => !(await rowsOf(supervisor, '?township=T01')).some((r) => r.householdId === li.householdId), CASE_FOLLOW_TIMEOUT_MS);
    // Out of order: an amount change that occurred before the termination arrives after it.
    const late = buildEnvelope(BeneficiaryAmountChanged, fields(li.caseId, new Date(Date.now() - 60_000).toISOString()), {
      ...ref(li), changeRef: `${li.caseId}/amount/late`, monthlyAmountFen: 35000, persons: 2, fromPeriod: '2027-Q2', reason: '迟到的变更',
    });
    await publish(late);
    await handled(late.eventId);
    const rows = await rowsOf(supervisor, '?township=T01');
    expect(rows.map((r) => r.headName)).toEqual(['赵国强', '王德明']);
    const [listingRow] = await ds.query(`SELECT state, monthly_amount_fen::int AS amount FROM public_listing WHERE case_id = $1`, [li.caseId]);
    expect(listingRow).toEqual({ state: 'ended', amount: 30000 });
    const ends = await ds.query(`SELECT count(*)::int AS n FROM household_history WHERE household_id = $1 AND action = 'listing-changed' AND changes->>'event' = 'beneficiary.terminated'`, [li.householdId]);
    expect(ends[0].n).toBe(1);
  });

  it('scopes township roles to their own township (another township: an empty listing), county roles see any', async () => {
    expect((await rowsOf(caseworkerT01)).map((r) => r.headName)).toEqual(['赵国强', '王德明']);
    expect((await rowsOf(reviewerT01, '?township=T01')).length).toBe(2);
    const other = await listing(caseworkerT01, '?township=T02');
    expect(other.body.rows).toEqual([]);
    expect(other.text).not.toContain(seeded['chen'].householdId);
    expect((await rowsOf(caseworkerT02)).map((r) => r.headName)).toEqual(['陈光荣']);
    expect((await rowsOf(supervisor, '?township=T02')).map((r) => r.headName)).toEqual(['陈光荣']);
    expect((await rowsOf(supervisor)).length).toBe(3);
    const html = await api().get('/api/v1/public-listing.html?township=T02').set('Authorization', `Bearer ${caseworkerT01}`).expect(200);
    expect(html.text).not.toContain('陈光荣');
    expect(html.text).toContain('暂无公示对象');
  });

  it('prints one section per village with its heading, the date and the office, self-contained', async () => {
    const res = await api().get('/api/v1/public-listing.html?township=T01').set('Authorization', `Bearer ${caseworkerT01}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(res.text).toContain('<h2>城关镇白沙村最低生活保障对象公示</h2>');
    expect(res.text).toContain('<h2>城关镇红星村最低生活保障对象公示</h2>');
    expect(res.text.match(/<section>/g)).toHaveLength(2);
    expect(res.text.match(new RegExp(`${OFFICE}<br>制表日期：\\d{4}年\\d{1,2}月\\d{1,2}日`, 'g'))).toHaveLength(2);
    expect(res.text).toContain('王德明');
    expect(res.text).toContain('300.00');
    expect(res.text).not.toContain('李秀兰');
    for (const rid of seeded['wang'].residentIds) expect(res.text).not.toContain(rid);
    expect(res.text).not.toMatch(/<script|<link|<img|src=|href=|https?:/i);
    const village = await api().get(`/api/v1/public-listing.html?township=T01&village=${encodeURIComponent('红星村')}`).set('Authorization', `Bearer ${supervisor}`).expect(200);
    expect(village.text.match(/<section>/g)).toHaveLength(1);
  });

  it('refuses bad filters with a 400 naming the field, and callers without a token', async () => {
    const bad = await api().get('/api/v1/public-listing?scheme=both').set('Authorization', `Bearer ${supervisor}`).expect(400);
    expect(JSON.stringify(bad.body)).toContain('scheme');
    await api().get(`/api/v1/public-listing?village=%20`).set('Authorization', `Bearer ${supervisor}`).expect(400);
    await api().get('/api/v1/public-listing?residentId=1').set('Authorization', `Bearer ${supervisor}`).expect(400);
    await api().get('/api/v1/public-listing').expect(401);
  });

  it('documents both operations in the OpenAPI document', async () => {
    const doc = (await api().get('/api/docs/openapi.json').expect(200)).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/public-listing', '/api/v1/public-listing.html']));
  });
});
