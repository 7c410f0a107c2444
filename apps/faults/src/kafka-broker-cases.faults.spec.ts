import { DataSource } from 'typeorm';
import { Topics } from '@dibao/contracts';
import { eventually } from '@dibao/platform/testing';
import { registerHousehold, submitCase } from './support/cases';
import { AppName, call, FaultSystem } from './support/fault-system';
import { busiestLeader, electPreferredLeaders, productionSuite, killKafkaNode, restartKafka, topicLeaders } from './support/production';
import { assertFaultStack, ensureUp, recordFigures, sleep } from './support/stack';
import { readTopic, tally } from './support/topic-reader';

const APPS: AppName[] = ['households', 'case-worker', 'case-api'];
const CASES = Number(process.env['DIBAO_FAULTS_BROKER_CASES'] ?? 30);
/** Submissions in flight at once (caseworkers of the county at their desks). */
const CONCURRENCY = 3;
/** The broker stays dead at least this long, submissions going on. */
const DEAD_MS = 10000;

/**
 * Production shape: one of the three Kafka brokers (the one leading most partitions of dibao.cases.v1) is killed
 * with SIGKILL while caseworkers submit cases through case-api (households registered first): a third of the cases
 * before, a third with the broker dead (the case worker's relay must publish their events with the two brokers left),
 * a third while it starts again. No case may be lost: every submission answered 201 and its case exists; every event of every
 * case's outbox is on the topic, once in effect (the households consumer, whose group may have had its coordinator
 * on the dead broker, moves each household to applicant exactly once); every app alive and healthy.
 */
const suite = productionSuite('fault (production): a Kafka broker is killed (SIGKILL) during case submissions');

(suite.run ? describe : describe.skip)(suite.title, () => {
  let system: FaultSystem;
  let households: DataSource;
  let cases: DataSource;
  let killed: number | undefined;

  beforeAll(async () => {
    assertFaultStack();
    system = await FaultSystem.start({ apps: APPS });
    households = await new DataSource({ type: 'postgres', url: system.databaseUrl('households') }).initialize();
    cases = await new DataSource({ type: 'postgres', url: system.databaseUrl('cases') }).initialize();
  });

  afterAll(async () => {
    if (killed !== undefined) await ensureUp('kafka');
    await system?.stop();
    await households?.destroy();
    await cases?.destroy();
  });

  const pending = async (ds: DataSource): Promise<number> => (await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`))[0].n;

  it('loses no case and applies every case event once in effect', async () => {
    // The households, registered (and their events published) before anything breaks.
    const householdIds: string[] = [];
    for (let seq = 1; seq <= CASES; seq++) {
      const r = await registerHousehold(system, seq);
      expect(r.status).toBe(201);
      householdIds.push(r.body.id as string);
    }
    await eventually(async () => (await pending(households)) === 0, 60000);
    // Leaders spread over the three brokers, as in a cluster that has run a while; the victim leads the most.
    await electPreferredLeaders();
    await eventually(async () => (await topicLeaders(Topics.cases)).leaders.size === 3, 30000, 500).catch(() => undefined);
    const victim = await busiestLeader(Topics.cases);

    // Submissions, CONCURRENCY at a time, in the background: a first third before the kill, a second third with the
    // broker dead, the last third while it starts again.
    const submissions: { householdId: string; status: number; caseId?: string; at: number; body?: unknown }[] = [];
    const third = Math.ceil(CASES / 3);
    let allowed = third;
    let next = 0;
    const worker = async () => {
      while (next < householdIds.length) {
        if (next >= allowed) {
          await sleep(20);
          continue;
        }
        const householdId = householdIds[next++];
        const r = await submitCase(system, householdId);
        submissions.push({ householdId, status: r.status, caseId: r.status === 201 ? (r.body.caseId as string) : undefined, at: Date.now(), body: r.status === 201 ? undefined : r.body });
      }
    };
    const submitting = Promise.all(Array.from({ length: CONCURRENCY }, worker));

    await eventually(async () => submissions.length >= third, 120000, 20);
    const submittedAtKill = submissions.length;
    const leadersBefore = await topicLeaders(Topics.cases);
    const killAt = Date.now();
    killed = await killKafkaNode(victim.node);
    const killedAt = Date.now();
    allowed = 2 * third;
    // Dead while the second third is submitted (and at least DEAD_MS) ...
    await eventually(async () => submissions.length >= Math.min(CASES, 2 * third), 120000, 20);
    await sleep(Math.max(0, killedAt + DEAD_MS - Date.now()));
    const submittedWhileDown = submissions.length - submittedAtKill;
    // ... and the case worker's relay publishes them with the broker dead (its partitions have new leaders).
    await eventually(async () => (await pending(cases)) === 0, 90000, 100);
    const drainedWhileDownAfterKillMs = Date.now() - killedAt;
    const leadersWhileDown = await topicLeaders(Topics.cases);
    expect([...leadersWhileDown.leaders.keys()]).not.toContain(victim.node);
    const restartAt = Date.now();
    allowed = CASES;
    await restartKafka();
    const restartMs = Date.now() - restartAt;
    const submittedDuringRestart = submissions.filter((s) => s.at >= restartAt && s.at <= restartAt + restartMs).length;
    await submitting;

    // No case lost: every submission accepted, every case there.
    expect(submissions.filter((s) => s.status !== 201)).toEqual([]);
    const caseIds = submissions.map((s) => s.caseId as string);
    expect(new Set(caseIds).size).toBe(CASES);
    for (const caseId of caseIds) {
      await eventually(async () => (await call('GET', `${system.url('case-api')}/api/v1/cases/${caseId}`, system.token('township_reviewer', 'T01'))).status === 200, 60000, 250);
    }

    // The outboxes drain; every case's events on the topic (by eventId), a repeated message the same event.
    await eventually(async () => (await pending(cases)) === 0 && (await pending(households)) === 0, 120000, 250);
    const drainedAfterRestartMs = Date.now() - restartAt;
    const outbox: { event_id: string; event_type: string; message_key: string }[] = await cases.query(
      `SELECT event_id, event_type, message_key FROM outbox WHERE topic = $1`,
      [Topics.cases],
    );
    const submittedRows = outbox.filter((o) => o.event_type === 'case.submitted');
    expect(tally(submittedRows, (o) => o.message_key).counts.size).toBe(CASES);
    expect(submittedRows).toHaveLength(CASES);
    expect(caseIds.filter((id) => !submittedRows.some((o) => o.message_key === id))).toEqual([]);
    const wire = await readTopic(Topics.cases, 120000);
    const byEventId = tally(wire, (m) => m.eventId);
    expect(outbox.filter((o) => !byEventId.counts.has(o.event_id))).toEqual([]);
    expect(wire.filter((m) => m.eventId === undefined || !outbox.some((o) => o.event_id === m.eventId))).toEqual([]);
    const submittedOnWire = tally(
      wire.filter((m) => m.type === 'case.submitted'),
      (m) => m.key ?? undefined,
    );
    // per case one case.submitted event (a wire repeat carries the same eventId, counted below)
    const submittedEventIdsPerCase = new Map<string, Set<string | undefined>>();
    for (const m of wire.filter((w) => w.type === 'case.submitted')) {
      submittedEventIdsPerCase.set(m.key ?? '', (submittedEventIdsPerCase.get(m.key ?? '') ?? new Set()).add(m.eventId));
    }
    expect(submittedOnWire.counts.size).toBe(CASES);
    expect([...submittedEventIdsPerCase.entries()].filter(([, ids]) => ids.size !== 1)).toEqual([]);

    // Once in effect: each household became an applicant of its case, one status change each, nothing ignored.
    for (const s of submissions) {
      await eventually(async () => {
        const r = await call('GET', `${system.url('households')}/api/v1/households/${s.householdId}`, system.token('caseworker', 'T01'));
        return r.body?.status === 'applicant' && r.body.openCaseId === s.caseId;
      }, 120000, 250);
    }
    const followedAfterKillMs = Date.now() - killedAt;
    const history: { household_id: string; n: number }[] = await households.query(
      `SELECT household_id, count(*)::int AS n FROM household_history WHERE household_id = ANY($1) AND action = 'status-changed' GROUP BY household_id`,
      [householdIds],
    );
    expect(history.filter((h) => h.n !== 1)).toEqual([]);
    expect(history).toHaveLength(CASES);
    const [{ n: ignored }] = await households.query(`SELECT count(*)::int AS n FROM household_history WHERE household_id = ANY($1) AND action = 'case-event-ignored'`, [householdIds]);
    expect(ignored).toBe(0);
    const statusEvents = (await readTopic(Topics.households, 120000)).filter((m) => m.type === 'household.status-changed');
    expect(tally(statusEvents, (m) => m.eventId).counts.size).toBe(CASES);

    expect(APPS.filter((app) => !system.alive(app))).toEqual([]);
    for (const app of APPS) expect((await system.health(app)).status).toBe(200);

    recordFigures('kafka-broker-kill-cases', {
      cases: CASES,
      concurrency: CONCURRENCY,
      killedNode: victim.node,
      partitionsLedByKilledNode: victim.partitions,
      leadersBefore: Object.fromEntries(leadersBefore.leaders),
      leadersWhileDown: Object.fromEntries(leadersWhileDown.leaders),
      submittedAtKill,
      submittedWhileDown,
      killMs: killedAt - killAt,
      caseOutboxDrainedWhileDownAfterKillMs: drainedWhileDownAfterKillMs,
      brokerDeadMs: restartAt - killedAt,
      restartMs,
      submittedDuringRestart,
      submissionsRefused: submissions.filter((s) => s.status !== 201).length,
      caseEvents: outbox.length,
      caseEventsOnWire: wire.length,
      wireDuplicates: wire.length - byEventId.counts.size,
      outboxesDrainedAfterRestartMs: drainedAfterRestartMs,
      householdsFollowedAfterKillMs: followedAfterKillMs,
      householdStatusChanges: history.reduce((n, h) => n + h.n, 0),
    });
  });
});
