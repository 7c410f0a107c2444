import { randomUUID } from 'crypto';
import { buildEnvelope, CaseRejected, Topics } from '@dibao/contracts';
import { eventually } from '@dibao/platform/testing';
import { addDays } from '../src/common/local-date.util';
import { drawSample } from '../src/spot-checks/sampling.util';
import { auth, count, eventsFor, Harness, publishApproved, publishTerminated, RUN, startHarness } from './harness';

jest.setTimeout(60_000);

const START = '2026-11-02';
let h: Harness;
let campaignId: string;
const groupIds: string[] = [];
/** inspector account of each group: insp-1 is in group 0, … */
const inspectorOf = (groupId: string) => `insp-${groupIds.indexOf(groupId) + 1}`;
const inspector = (groupId: string) => auth('inspector', undefined, inspectorOf(groupId));
const supervisor = auth('supervisor', undefined, 'sup-1');

const finding = (over: Record<string, unknown> = {}) => ({
  category: 'missing_materials',
  severity: 'moderate',
  description: '抽查的12户中有3户缺少家庭经济状况核对报告',
  ...over,
});

function visitBody(groupId: string, township: string, over: Record<string, unknown> = {}) {
  return { campaignId, groupId, township, visitedOn: h.clock.today(), checked: ['低保档案', '公示栏'], ...over };
}

function postVisit(groupId: string, township: string, over: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return h.http
    .post('/api/v1/visits')
    .set(inspector(groupId))
    .set(headers)
    .send(visitBody(groupId, township, over));
}

async function sweep() {
  const res = await h.http.post('/api/v1/orders/overdue-sweep').set(supervisor).expect(200);
  return res.body as { flagged: number; orderIds: string[]; flaggedOn: string };
}

async function changeCounts() {
  return {
    visits: await count(h, 'SELECT 1 FROM visit'),
    findings: await count(h, 'SELECT 1 FROM finding'),
    orders: await count(h, 'SELECT 1 FROM rectification_order'),
    outbox: await count(h, 'SELECT 1 FROM outbox'),
    submissions: await count(h, 'SELECT 1 FROM submission'),
  };
}

beforeAll(async () => {
  h = await startHarness(START);
  for (let i = 1; i <= 5; i++) {
    const res = await h.http.post('/api/v1/groups').set(supervisor).send({ name: `第${'一二三四五'[i - 1]}督查组` }).expect(201);
    groupIds.push(res.body.id);
  }
  groupIds.sort(); // the plan spreads visits over the groups in id order
  for (let i = 0; i < 5; i++) {
    await h.http.put(`/api/v1/groups/${groupIds[i]}/members`).set(supervisor).send({ inspectorId: `insp-${i + 1}`, name: `督查员${i + 1}`, leader: true }).expect(200);
  }
  const c = await h.http
    .post('/api/v1/campaigns')
    .set(supervisor)
    .send({ name: '2026年第四季度城乡低保督查', startsOn: '2026-10-01', endsOn: '2026-12-31', sampleSeed: `county-${RUN}` })
    .expect(201);
  campaignId = c.body.id;
  expect(c.body).toMatchObject({ minVisitsPerTownship: 3, sampleSharePercent: 30, plannedVisits: 96 });
});

afterAll(async () => {
  await h?.close();
});

describe('service', () => {
  it('serves health and an OpenAPI document listing its routes', async () => {
    const health = await h.http.get('/health').expect(200);
    expect(health.body.checks).toMatchObject({ database: { status: 'ok' }, kafka: { status: 'ok' } });
    const doc = (await h.http.get('/api/docs/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/visits', '/api/v1/orders/{id}/response', '/api/v1/campaigns/{id}/report.html', '/api/v1/townships']),
    );
  });
});

describe('campaign plan', () => {
  it('spreads three visits per township over the five groups and counts visits done and due', async () => {
    const plan = (await h.http.get(`/api/v1/campaigns/${campaignId}/plan`).set(supervisor).expect(200)).body;
    expect(plan.totals).toEqual({ townships: 32, planned: 96, done: 0, due: 96, townshipsComplete: 0 });
    for (const t of plan.townships) {
      expect(t.planned).toBe(3);
      expect(t.byGroup).toHaveLength(3);
    }
    expect(plan.groups.map((g: { planned: number }) => g.planned).sort()).toEqual([19, 19, 19, 19, 20]);

    const t01 = plan.townships.find((t: { township: string }) => t.township === 'T01');
    expect(t01.name).toBe('城关镇');
    const [a, b] = t01.byGroup.map((g: { groupId: string }) => g.groupId);
    await postVisit(a, 'T01').expect(201);
    await postVisit(b, 'T01').expect(201);

    let after = (await h.http.get(`/api/v1/campaigns/${campaignId}/plan`).set(supervisor).expect(200)).body;
    expect(after.townships.find((t: { township: string }) => t.township === 'T01')).toMatchObject({ planned: 3, done: 2, due: 1, complete: false });
    expect(after.totals).toMatchObject({ planned: 96, done: 2, due: 94 });

    // two more visits: T01 is complete and the extra visit does not count against other townships
    await postVisit(a, 'T01').expect(201);
    await postVisit(b, 'T01').expect(201);
    after = (await h.http.get(`/api/v1/campaigns/${campaignId}/plan`).set(supervisor).expect(200)).body;
    const t01After = after.townships.find((t: { township: string }) => t.township === 'T01');
    expect(t01After).toMatchObject({ planned: 3, done: 4, due: 0, complete: true });
    expect(t01After.byGroup.find((g: { groupId: string }) => g.groupId === a)).toMatchObject({ planned: 1, done: 2, due: 0 });
    expect(after.totals).toMatchObject({ planned: 96, done: 4, due: 93, townshipsComplete: 1 });
  });

  it('refuses a township plan below the campaign minimum', async () => {
    const res = await h.http
      .put(`/api/v1/campaigns/${campaignId}/plan/T02`)
      .set(supervisor)
      .send({ visits: [{ groupId: groupIds[0], plannedVisits: 2 }] })
      .expect(422);
    expect(res.body.code).toBe('plan-below-minimum');
    const ok = await h.http
      .put(`/api/v1/campaigns/${campaignId}/plan/T02`)
      .set(supervisor)
      .send({ visits: [{ groupId: groupIds[0], plannedVisits: 4 }] })
      .expect(200);
    expect(ok.body.townships.find((t: { township: string }) => t.township === 'T02')).toMatchObject({ planned: 4, due: 4 });
  });
});

describe('offline submission', () => {
  it('records the same submission once and answers a replay with the original result', async () => {
    const key = `tablet-${RUN}-0001`;
    const body = { findings: [finding()], submissionId: key };
    const first = await postVisit(groupIds[0], 'T03', body).expect(201);
    const again = await postVisit(groupIds[0], 'T03', body).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await count(h, 'SELECT 1 FROM visit WHERE id = $1', [first.body.id])).toBe(1);
    expect(await count(h, `SELECT 1 FROM visit WHERE township_code = 'T03'`)).toBe(1);
    expect(await count(h, 'SELECT 1 FROM finding WHERE visit_id = $1', [first.body.id])).toBe(1);
    expect(await count(h, `SELECT 1 FROM outbox WHERE event_type = 'inspection.visit-recorded' AND message_key = $1`, [first.body.id])).toBe(1);
    const [recorded] = await eventsFor(h, 'inspection.visit-recorded', first.body.id);
    expect(recorded.payload).toMatchObject({ township: 'T03', findingCount: 1, campaignId });
    await eventsFor(h, 'inspection.finding-logged', first.body.findings[0].id);
  });

  it('takes the key from the Idempotency-Key header too', async () => {
    const headers = { 'Idempotency-Key': `tablet-${RUN}-0002` };
    const first = await postVisit(groupIds[0], 'T04', {}, headers).expect(201);
    const again = await postVisit(groupIds[0], 'T04', {}, headers).expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(await count(h, `SELECT 1 FROM visit WHERE township_code = 'T04'`)).toBe(1);
  });

  it('records a submission once when a team sends it several times at once', async () => {
    const body = { findings: [finding(), finding({ category: 'training_insufficient', severity: 'minor', description: '村干部未参加政策培训' })], submissionId: `tablet-${RUN}-race` };
    const answers = await Promise.all([1, 2, 3, 4].map(() => postVisit(groupIds[1], 'T10', body)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await count(h, `SELECT 1 FROM visit WHERE township_code = 'T10'`)).toBe(1);
    expect(await count(h, `SELECT 1 FROM finding WHERE township_code = 'T10'`)).toBe(2);
  });

  it('refuses a different submission under a used key and changes nothing', async () => {
    const before = await changeCounts();
    const res = await postVisit(groupIds[0], 'T03', { submissionId: `tablet-${RUN}-0001`, notes: 'changed' }).expect(422);
    expect(res.body.code).toBe('idempotency-key-reused');
    const otherAccount = await h.http
      .post('/api/v1/visits')
      .set(auth('inspector', undefined, 'insp-2'))
      .send(visitBody(groupIds[0], 'T03', { findings: [finding()], submissionId: `tablet-${RUN}-0001` }))
      .expect(422);
    expect(otherAccount.body.code).toBe('idempotency-key-reused');
    const mismatch = await postVisit(groupIds[0], 'T03', { submissionId: `tablet-${RUN}-aaaa` }, { 'Idempotency-Key': `tablet-${RUN}-bbbb` }).expect(400);
    expect(mismatch.body.detail).toMatch(/differ/);
    expect(await changeCounts()).toEqual(before);
  });
});

describe('bad input', () => {
  it('answers a clear 4xx and changes nothing', async () => {
    const before = await changeCounts();
    const g = groupIds[0];

    const unknown = await postVisit(g, 'T99').expect(400);
    expect(unknown.body.code).toBe('unknown-township');
    expect(unknown.body.detail).toContain('T99');

    const past = await postVisit(g, 'T05', {
      submissionId: `tablet-${RUN}-past`,
      findings: [finding({ rectification: { requirement: '限期补齐材料', deadline: addDays(START, -1) } })],
    }).expect(400);
    expect(past.body.code).toBe('deadline-in-past');
    expect(past.body.detail).toContain(addDays(START, -1));

    const empty = await postVisit(g, 'T05', { findings: [{}] }).expect(400);
    const fields = empty.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['findings[0].category', 'findings[0].severity', 'findings[0].description']));

    const blank = await postVisit(g, 'T05', { findings: [finding({ description: '   ' })] }).expect(400);
    expect(blank.body.errors[0]).toMatchObject({ field: 'findings[0].description' });

    const noneChecked = await postVisit(g, 'T05', { checked: [] }).expect(400);
    expect(noneChecked.body.errors[0].field).toBe('checked');

    await postVisit(g, 'T05', { visitedOn: addDays(START, 1) }).expect(400);
    await postVisit(g, 'T05', { visitedOn: '2026-02-30' }).expect(400);
    expect((await postVisit(g, 'T05', { visitedOn: '2026-09-30' }).expect(422)).body.code).toBe('visit-outside-campaign');
    await postVisit(g, 'T05', { campaignId: randomUUID() }).expect(404);
    await postVisit(g, 'T05', { groupId: randomUUID() }).expect(404);
    expect((await postVisit(g, 'T05', { secretField: 1 }).expect(400)).body.detail).toContain('secretField');
    await postVisit(g, 'T05', { findings: [finding({ category: 'bribery' })] }).expect(400);

    await h.http.post('/api/v1/visits').set(inspector(g)).set('Content-Type', 'application/json').send('{"campaignId": ').expect(400);
    expect(await changeCounts()).toEqual(before);

    // the failed keyed submission left no key behind: the corrected one goes through
    const fixed = await postVisit(g, 'T05', {
      submissionId: `tablet-${RUN}-past`,
      findings: [finding({ rectification: { requirement: '限期补齐材料', deadline: addDays(START, 10) } })],
    }).expect(201);
    expect(fixed.body.findings[0].orderId).toEqual(expect.any(String));
  });

  it('refuses required text of only white space, writing nothing', async () => {
    const state = async () => ({
      groups: await count(h, 'SELECT 1 FROM inspection_group'),
      members: await count(h, 'SELECT 1 FROM group_member'),
      campaigns: await count(h, 'SELECT 1 FROM campaign'),
      townships: await count(h, 'SELECT 1 FROM township'),
      t05: ((await h.db.query(`SELECT name FROM township WHERE code = 'T05'`)) as { name: string }[])[0].name,
    });
    const before = await state();
    const admin = auth('admin', undefined, 'admin-1');
    const refused = async (req: ReturnType<typeof h.http.post>, field: string) => {
      const res = await req.expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field, rule: 'isNotBlank' })]);
    };
    // `{"name":"   "}` used to be stored as "" (the service trims after validation).
    await refused(h.http.post('/api/v1/groups').set(supervisor).send({ name: '   ' }), 'name');
    await refused(h.http.post('/api/v1/groups').set(supervisor).send({ name: '第九督查组', members: [{ inspectorId: '\t', name: '王' }] }), 'members[0].inspectorId');
    await refused(h.http.put(`/api/v1/groups/${groupIds[0]}/members`).set(supervisor).send({ inspectorId: ' ', name: '王' }), 'inspectorId');
    await refused(h.http.put(`/api/v1/groups/${groupIds[0]}/members`).set(supervisor).send({ inspectorId: 'insp-x', name: '\u3000' }), 'name');
    await refused(h.http.post('/api/v1/campaigns').set(supervisor).send({ name: ' \n ', startsOn: '2026-10-01', endsOn: '2026-12-31' }), 'name');
    await refused(h.http.post('/api/v1/townships').set(admin).send({ code: `X${RUN}`.slice(0, 32), name: '  ' }), 'name');
    await refused(h.http.patch('/api/v1/townships/T05').set(admin).send({ name: '  ' }), 'name');
    expect(await state()).toEqual(before);
  });

  it('answers 404 for the sub-resources of an unknown campaign instead of an empty list', async () => {
    const unknown = randomUUID();
    for (const path of ['visits', 'plan', 'spot-checks', 'scorecards', 'report']) {
      const res = await h.http.get(`/api/v1/campaigns/${unknown}/${path}`).set(supervisor);
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 404, code: 'not-found' });
    }
    await h.http.get(`/api/v1/campaigns/${campaignId}/visits`).set(supervisor).expect(200);
  });

  it('adds or replaces a group member under concurrent PUTs: one row, no 500', async () => {
    const g = groupIds[4];
    const inspectorId = `insp-race-${RUN}`;
    const names = Array.from({ length: 8 }, (_, i) => `督查员${i}`);
    const answers = await Promise.all(names.map((name) => h.http.put(`/api/v1/groups/${g}/members`).set(supervisor).send({ inspectorId, name })));
    expect(answers.map((a) => a.status)).toEqual(names.map(() => 200));
    const rows: { name: string }[] = await h.db.query(`SELECT name FROM group_member WHERE group_id = $1 AND inspector_id = $2`, [g, inspectorId]);
    expect(rows).toHaveLength(1);
    expect(names).toContain(rows[0].name);
    // Replacing keeps one row with the new values; an unknown group is a 404 that writes nothing.
    const replaced = await h.http.put(`/api/v1/groups/${g}/members`).set(supervisor).send({ inspectorId, name: '新名字', leader: true }).expect(200);
    expect(replaced.body.members.filter((m: { inspectorId: string }) => m.inspectorId === inspectorId)).toEqual([{ inspectorId, name: '新名字', leader: true }]);
    await h.http.put(`/api/v1/groups/${randomUUID()}/members`).set(supervisor).send({ inspectorId, name: 'x' }).expect(404);
    expect(await count(h, 'SELECT 1 FROM group_member WHERE inspector_id = $1', [inspectorId])).toBe(1);
    await h.http.delete(`/api/v1/groups/${g}/members/${inspectorId}`).set(supervisor).expect(200);
  });

  it('refuses an order with a past deadline on a recorded finding', async () => {
    const v = await postVisit(groupIds[1], 'T05', { findings: [finding({ category: 'publicity_not_done' })] }).expect(201);
    const before = await changeCounts();
    const res = await h.http
      .post(`/api/v1/findings/${v.body.findings[0].id}/orders`)
      .set(inspector(groupIds[1]))
      .send({ requirement: '重新公示7天', deadline: addDays(START, -3) })
      .expect(400);
    expect(res.body.code).toBe('deadline-in-past');
    await h.http.post(`/api/v1/findings/${randomUUID()}/orders`).set(inspector(groupIds[1])).send({ requirement: 'x', deadline: addDays(START, 3) }).expect(404);
    expect(await changeCounts()).toEqual(before);
  });
});

describe('roles and townships', () => {
  let t05Order: string;
  let t06Order: string;

  beforeAll(async () => {
    const deadline = addDays(START, 10);
    const a = await postVisit(groupIds[2], 'T05', { findings: [finding({ rectification: { requirement: '补齐材料', deadline } })] }).expect(201);
    const b = await postVisit(groupIds[2], 'T06', { findings: [finding({ rectification: { requirement: '补齐材料', deadline } })] }).expect(201);
    t05Order = a.body.findings[0].orderId;
    t06Order = b.body.findings[0].orderId;
  });

  it('shows a township role its own orders only and hides the others', async () => {
    const mine = (await h.http.get('/api/v1/orders').set(auth('caseworker', 'T05')).expect(200)).body;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((o: { township: string }) => o.township === 'T05')).toBe(true);
    expect(mine.map((o: { id: string }) => o.id)).toContain(t05Order);
    expect((await h.http.get('/api/v1/orders?township=T06').set(auth('township_reviewer', 'T05')).expect(200)).body).toEqual([]);
    await h.http.get(`/api/v1/orders/${t06Order}`).set(auth('caseworker', 'T05')).expect(404);
    await h.http.get(`/api/v1/orders/${t05Order}`).set(auth('caseworker', 'T05')).expect(200);

    const all = (await h.http.get('/api/v1/orders').set(supervisor).expect(200)).body.map((o: { id: string }) => o.id);
    expect(all).toEqual(expect.arrayContaining([t05Order, t06Order]));
  });

  it("lets a township answer only its own orders", async () => {
    await h.http.post(`/api/v1/orders/${t06Order}/response`).set(auth('caseworker', 'T05')).send({ response: '已整改' }).expect(404);
    expect((await h.db.query(`SELECT status FROM rectification_order WHERE id = $1`, [t06Order]))[0].status).toBe('open');
    await h.http.post(`/api/v1/orders/${t05Order}/response`).set(inspector(groupIds[2])).send({ response: '已整改' }).expect(403);
    const ok = await h.http.post(`/api/v1/orders/${t05Order}/response`).set(auth('township_reviewer', 'T05')).send({ response: '已补齐全部材料' }).expect(200);
    expect(ok.body).toMatchObject({ status: 'responded', respondedOn: START });
    await h.http.post(`/api/v1/orders/${t05Order}/response`).set(auth('township_reviewer', 'T05')).send({ response: '再次' }).expect(409);
  });

  it('lets inspectors write for their own group only, and nobody else', async () => {
    const before = await changeCounts();
    await h.http.post('/api/v1/visits').set(auth('caseworker', 'T05')).send(visitBody(groupIds[0], 'T05')).expect(403);
    await h.http.post('/api/v1/visits').set(auth('inspector', undefined, 'insp-2')).send(visitBody(groupIds[0], 'T05')).expect(403);
    await h.http.post('/api/v1/visits').set(auth('supervisor')).send(visitBody(groupIds[0], 'T05')).expect(403);
    await h.http.post('/api/v1/visits').send(visitBody(groupIds[0], 'T05')).expect(401);
    await h.http.get('/api/v1/orders').set(auth('finance')).expect(403);
    await h.http.post('/api/v1/orders/overdue-sweep').set(inspector(groupIds[0])).expect(403);
    await h.http.post('/api/v1/townships').set(supervisor).send({ code: 'T77', name: '测试乡' }).expect(403);
    expect(await changeCounts()).toEqual(before);
  });

  it('shows a township role its own scorecard only', async () => {
    const card = (await h.http.get(`/api/v1/campaigns/${campaignId}/scorecards/T05`).set(auth('caseworker', 'T05')).expect(200)).body;
    expect(card.rectifications.issued).toBeGreaterThanOrEqual(1);
    await h.http.get(`/api/v1/campaigns/${campaignId}/scorecards/T06`).set(auth('caseworker', 'T05')).expect(404);
    await h.http.get(`/api/v1/campaigns/${campaignId}/scorecards`).set(auth('caseworker', 'T05')).expect(403);
  });
});

describe('rectification and overdue flagging', () => {
  it('flags an order overdue once per deadline, emits the events, and closes it after a follow-up visit', async () => {
    const g = groupIds[3];
    const v = await postVisit(g, 'T08', { findings: [finding({ category: 'late_payment', severity: 'serious' })] }).expect(201);
    const order = (
      await h.http
        .post(`/api/v1/findings/${v.body.findings[0].id}/orders`)
        .set(inspector(g))
        .set('Idempotency-Key', `order-${RUN}-t08`)
        .send({ requirement: '五个工作日内补发拖欠的第三季度低保金', deadline: addDays(START, 2) })
        .expect(201)
    ).body;
    await h.http.post(`/api/v1/findings/${v.body.findings[0].id}/orders`).set(inspector(g)).send({ requirement: '再下一次', deadline: addDays(START, 2) }).expect(409);
    await eventsFor(h, 'inspection.order-issued', order.id);

    expect((await sweep()).orderIds).not.toContain(order.id);
    h.clock.set(addDays(START, 3));
    const first = await sweep();
    expect(first.flaggedOn).toBe(addDays(START, 3));
    expect(first.orderIds).toContain(order.id);
    expect((await sweep()).orderIds).not.toContain(order.id);
    const [overdue] = await eventsFor(h, 'inspection.order-overdue', order.id);
    expect(overdue.payload).toMatchObject({ orderId: order.id, township: 'T08', deadline: addDays(START, 2), daysLate: 1 });
    const seen = (await h.http.get(`/api/v1/orders/${order.id}`).set(supervisor).expect(200)).body;
    expect(seen).toMatchObject({ overdue: true, status: 'open' });
    expect(seen.history.map((x: { action: string }) => x.action)).toEqual(['issued', 'overdue']);

    // verification needs an answer first, and a visit to the same township
    const followUp = (await postVisit(g, 'T08', { checked: ['整改落实情况'] }).expect(201)).body;
    await h.http.post(`/api/v1/orders/${order.id}/verification`).set(inspector(g)).send({ visitId: followUp.id, outcome: 'closed' }).expect(409);
    await h.http.post(`/api/v1/orders/${order.id}/response`).set(auth('caseworker', 'T08')).send({ response: '已补发' }).expect(200);
    const [responded] = await eventsFor(h, 'inspection.order-responded', order.id);
    // answered on START + 3, after the deadline START + 2
    expect(responded.payload).toMatchObject({ orderId: order.id, township: 'T08', respondedOn: addDays(START, 3), deadline: addDays(START, 2), onTime: false });
    expect(responded.actor).toMatchObject({ role: 'caseworker', township: 'T08' });
    const elsewhere = (await postVisit(g, 'T09').expect(201)).body;
    expect((await h.http.post(`/api/v1/orders/${order.id}/verification`).set(inspector(g)).send({ visitId: elsewhere.id, outcome: 'closed' }).expect(422)).body.code).toBe(
      'visit-other-township',
    );
    await h.http.post(`/api/v1/orders/${order.id}/verification`).set(inspector(g)).send({ visitId: followUp.id, outcome: 'reopened' }).expect(400);

    // reopened with a new deadline: it can be flagged again, once, for that deadline
    const reopened = (
      await h.http
        .post(`/api/v1/orders/${order.id}/verification`)
        .set(inspector(g))
        .send({ visitId: followUp.id, outcome: 'reopened', note: '仍有2户未补发', newDeadline: addDays(START, 5) })
        .expect(200)
    ).body;
    expect(reopened).toMatchObject({ status: 'open', overdue: false, reopenCount: 1, deadline: addDays(START, 5) });
    const [reopenedEvent] = await eventsFor(h, 'inspection.order-reopened', order.id);
    expect(reopenedEvent.payload).toMatchObject({ verifiedByVisitId: followUp.id, previousDeadline: addDays(START, 2), deadline: addDays(START, 5), reopenCount: 1 });
    h.clock.set(addDays(START, 7));
    expect((await sweep()).orderIds).toContain(order.id);
    expect((await sweep()).orderIds).not.toContain(order.id);
    const twice = await eventsFor(h, 'inspection.order-overdue', order.id, 2);
    expect(twice.map((e) => (e.payload as { deadline: string }).deadline)).toEqual([addDays(START, 2), addDays(START, 5)]);

    await h.http.post(`/api/v1/orders/${order.id}/response`).set(auth('caseworker', 'T08')).send({ response: '已全部补发' }).expect(200);
    const check = (await postVisit(g, 'T08', { checked: ['整改复查'] }).expect(201)).body;
    const closed = (await h.http.post(`/api/v1/orders/${order.id}/verification`).set(inspector(g)).send({ visitId: check.id, outcome: 'closed' }).expect(200)).body;
    expect(closed).toMatchObject({ status: 'closed', closedOn: addDays(START, 7), closedOnTime: false });
    const [closedEvent] = await eventsFor(h, 'inspection.order-closed', order.id);
    expect(closedEvent.payload).toMatchObject({ onTime: false, verifiedByVisitId: check.id, township: 'T08' });
    expect((await sweep()).orderIds).not.toContain(order.id);

    // The audit read: every step, who took it, in order; another township's staff cannot tell the order exists.
    const audit = (await h.http.get(`/api/v1/orders/${order.id}/history`).set(auth('caseworker', 'T08')).expect(200)).body;
    expect(audit.map((x: { action: string }) => x.action)).toEqual(['issued', 'overdue', 'responded', 'reopened', 'overdue', 'responded', 'closed']);
    expect(audit[3]).toMatchObject({ entity: 'rectification-order', entityId: order.id, actorRole: 'inspector', changes: { deadline: addDays(START, 5), note: '仍有2户未补发', visitId: followUp.id } });
    expect(audit[2]).toMatchObject({ actorRole: 'caseworker', changes: { note: '已补发' } });
    await h.http.get(`/api/v1/orders/${order.id}/history`).set(auth('caseworker', 'T09')).expect(404);
  });
});

describe('spot checks', () => {
  const township = `Z${RUN}`.slice(0, 32);
  const caseIds = Array.from({ length: 20 }, (_, i) => `it-${RUN}-c${String(i + 1).padStart(2, '0')}`);

  beforeAll(async () => {
    await h.http.post('/api/v1/townships').set(auth('admin')).send({ code: township, name: '抽查测试乡' }).expect(201);
    const redelivered = randomUUID();
    for (const caseId of caseIds) await publishApproved(h, { caseId, township }, caseId === caseIds[0] ? redelivered : undefined);
    await publishApproved(h, { caseId: caseIds[0], township }, redelivered); // a redelivery changes nothing
    const rejected = buildEnvelope(
      CaseRejected,
      { eventId: randomUUID(), occurredAt: new Date().toISOString(), correlationId: randomUUID(), actor: { id: 'case-worker', role: 'system' }, key: `it-${RUN}-rejected` },
      { caseId: `it-${RUN}-rejected`, householdId: 'hh-x', township, scheme: 'rural', stage: 'county_approval', reasons: ['收入超标'], noticeDueOn: '2026-11-05' },
    );
    await h.producer.send({ topic: Topics.cases, acks: -1, messages: [{ key: rejected.key, value: JSON.stringify(rejected) }] });
  });

  it('draws a reproducible sample of the approved cases kept from dibao.cases.v1', async () => {
    const sample = await eventually(async () => {
      const res = await h.http.get(`/api/v1/campaigns/${campaignId}/spot-checks/${township}`).set(supervisor).expect(200);
      return res.body.population === 20 ? res.body : undefined;
    }, 30000);
    expect(await count(h, `SELECT 1 FROM approved_case WHERE township_code = $1`, [township])).toBe(20);
    expect(sample).toMatchObject({ township, sharePercent: 30, population: 20, sampleSize: 6, seed: `county-${RUN}:${township}` });
    expect(sample.caseIds).toEqual(drawSample(caseIds, `county-${RUN}:${township}`, 30));
    const again = (await h.http.get(`/api/v1/campaigns/${campaignId}/spot-checks/${township}`).set(supervisor).expect(200)).body;
    expect(again.caseIds).toEqual(sample.caseIds);

    // another campaign with the same seed draws the same cases; a larger share draws more
    const same = (await h.http.post('/api/v1/campaigns').set(supervisor).send({ name: '复查', startsOn: '2026-10-01', endsOn: '2026-12-31', sampleSeed: `county-${RUN}` }).expect(201)).body;
    expect((await h.http.get(`/api/v1/campaigns/${same.id}/spot-checks/${township}`).set(supervisor).expect(200)).body.caseIds).toEqual(sample.caseIds);
    const half = (await h.http.post('/api/v1/campaigns').set(supervisor).send({ name: '半数抽查', startsOn: '2026-10-01', endsOn: '2026-12-31', sampleSharePercent: 50 }).expect(201)).body;
    const halfSample = (await h.http.get(`/api/v1/campaigns/${half.id}/spot-checks/${township}`).set(supervisor).expect(200)).body;
    expect(halfSample.sampleSize).toBe(10);
    expect(halfSample.caseIds).toEqual(drawSample(caseIds, `${half.id}:${township}`, 50));

    const overview = (await h.http.get(`/api/v1/campaigns/${campaignId}/spot-checks`).set(supervisor).expect(200)).body;
    expect(overview.find((o: { township: string }) => o.township === township)).toMatchObject({ population: 20, sampleSize: 6 });
    await h.http.get(`/api/v1/campaigns/${campaignId}/spot-checks/T99`).set(supervisor).expect(404);
  });

  it("keeps the campaign's worklist as drawn while cases are approved or end; before the draw it is a preview", async () => {
    const campaign = (await h.http.post('/api/v1/campaigns').set(supervisor).send({ name: `冻结抽查 ${RUN}`, startsOn: '2026-10-01', endsOn: '2026-12-31', sampleSharePercent: 50 }).expect(201)).body;
    const url = `/api/v1/campaigns/${campaign.id}/spot-checks/${township}`;
    const preview = (await h.http.get(url).set(supervisor).expect(200)).body;
    expect(preview).toMatchObject({ frozen: false, population: 20, sampleSize: 10 });

    const drawn = await h.http.post(`${url}/worklist`).set(inspector(groupIds[4])).expect(201);
    expect(drawn.body).toMatchObject({ frozen: true, population: 20, sampleSize: 10, caseIds: preview.caseIds, drawnBy: { role: 'inspector' } });
    const again = await h.http.post(`${url}/worklist`).set(supervisor).expect(200);
    expect(again.body).toEqual(drawn.body);

    // A newly approved case and a terminated one change the population, not the kept worklist.
    const late = `it-${RUN}-late`;
    await publishApproved(h, { caseId: late, township });
    await publishTerminated(h, { caseId: preview.caseIds[0], township });
    await eventually(async () => {
      const rows = await count(h, `SELECT 1 FROM approved_case WHERE township_code = $1 AND removed_on IS NULL`, [township]);
      return rows === 20 && (await count(h, `SELECT 1 FROM approved_case WHERE case_id = $1 AND removed_on IS NOT NULL`, [preview.caseIds[0]])) === 1 ? true : undefined;
    }, 30000);
    const kept = (await h.http.get(url).set(supervisor).expect(200)).body;
    expect(kept).toEqual(drawn.body);
    const overview = (await h.http.get(`/api/v1/campaigns/${campaign.id}/spot-checks`).set(supervisor).expect(200)).body;
    expect(overview.find((o: { township: string }) => o.township === township)).toMatchObject({ frozen: true, population: 20, sampleSize: 10 });
    // A campaign that has not drawn yet previews today's population: the terminated case is gone from it.
    const fresh = (await h.http.post('/api/v1/campaigns').set(supervisor).send({ name: `未抽取 ${RUN}`, startsOn: '2026-10-01', endsOn: '2026-12-31', sampleSharePercent: 100 }).expect(201)).body;
    const today = (await h.http.get(`/api/v1/campaigns/${fresh.id}/spot-checks/${township}`).set(supervisor).expect(200)).body;
    expect(today).toMatchObject({ frozen: false, population: 20 });
    expect(today.caseIds).toContain(late);
    expect(today.caseIds).not.toContain(preview.caseIds[0]);
    // Restore the population for the tests after this one.
    await publishApproved(h, { caseId: preview.caseIds[0], township });
    await h.http.post(`/api/v1/campaigns/${campaign.id}/spot-checks/T99/worklist`).set(supervisor).expect(404);
  });

  it('flags an approved case for special review with an inspection.case-flagged event', async () => {
    const g = groupIds[4];
    const before = await changeCounts();
    const unknown = await postVisit(g, township, { findings: [finding({ relatedCaseIds: ['no-such-case'], flagCasesForReview: true })] }).expect(422);
    expect(unknown.body.code).toBe('case-not-approved-here');
    expect((await postVisit(g, 'T01', { findings: [finding({ relatedCaseIds: [caseIds[2]], flagCasesForReview: true })] }).expect(422)).body.detail).toContain(caseIds[2]);
    await postVisit(g, township, { findings: [finding({ flagCasesForReview: true })] }).expect(400);
    expect(await changeCounts()).toEqual(before);

    const v = await postVisit(g, township, {
      findings: [
        finding({
          category: 'income_unverifiable',
          severity: 'serious',
          description: '该户家庭成员在外务工收入未申报',
          relatedCaseIds: [caseIds[2]],
          relatedHouseholdIds: [`hh-${caseIds[2]}`],
          flagCasesForReview: true,
        }),
      ],
    }).expect(201);
    expect(v.body.findings[0].flaggedCaseIds).toEqual([caseIds[2]]);
    const [flag] = await eventsFor(h, 'inspection.case-flagged', caseIds[2]);
    expect(flag.payload).toEqual({
      caseId: caseIds[2],
      householdId: `hh-${caseIds[2]}`,
      township,
      findingId: v.body.findings[0].id,
      campaignId,
      category: 'income_unverifiable',
      severity: 'serious',
      reason: '该户家庭成员在外务工收入未申报',
    });
    expect(flag.actor).toEqual({ id: inspectorOf(g), role: 'inspector' });
  });
});

describe('scorecard and campaign report', () => {
  it('names good practice and townships with open or late rectifications, in JSON and printable HTML', async () => {
    await postVisit(groupIds[1], 'T03', { goodPractice: ['<b>村务公开栏</b>按月更新低保名单'] }).expect(201);
    h.clock.set(addDays(START, 11)); // the T06 order (deadline START + 10) is now late
    await sweep();
    const report = (await h.http.get(`/api/v1/campaigns/${campaignId}/report`).set(supervisor).expect(200)).body;
    expect(report.goodPractice).toContainEqual({ township: 'T03', name: '桂果镇', items: ['<b>村务公开栏</b>按月更新低保名单'] });
    const late = report.townshipsWithLateRectifications.map((t: { township: string }) => t.township);
    expect(late).toEqual(expect.arrayContaining(['T06', 'T08']));
    expect(report.townshipsWithOpenRectifications.map((t: { township: string }) => t.township)).toContain('T06');
    expect(report.findingsByCategory.map((c: { label: string }) => c.label)).toContain('家庭收入难以核实');

    const t08 = (await h.http.get(`/api/v1/campaigns/${campaignId}/scorecards/T08`).set(supervisor).expect(200)).body;
    expect(t08.rectifications).toMatchObject({ issued: 1, closed: 1, closedLate: 1, closedOnTime: 0, onTimePercent: 0, overdue: 0 });
    expect(t08.findings.bySeverity.serious).toBe(1);
    expect(t08.visits).toMatchObject({ planned: 3, done: 3, due: 0 }); // the visit that found it and two follow-ups

    const page = await h.http.get(`/api/v1/campaigns/${campaignId}/report.html`).set(supervisor).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('城乡低保工作督查情况报告');
    expect(page.text).toContain('&lt;b&gt;村务公开栏&lt;/b&gt;');
    expect(page.text).not.toContain('<b>村务公开栏');
    expect(page.text).toContain('@media print');
    await h.http.get(`/api/v1/campaigns/${campaignId}/report.html`).set(auth('caseworker', 'T01')).expect(403);
  });
});
