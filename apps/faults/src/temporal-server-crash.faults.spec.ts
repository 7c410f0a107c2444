import { DataSource } from 'typeorm';
import { Topics } from '@dibao/contracts';
import { eventually } from '@dibao/platform/testing';
import { registerHousehold, stepsToPublicity, submitCase, waitForStage } from './support/cases';
import { AppName, call, FaultSystem } from './support/fault-system';
import { productionSuite, killTemporalServer, restartTemporal } from './support/production';
import { assertFaultStack, ensureUp, recordFigures, sleep } from './support/stack';
import { readTopic, tally } from './support/topic-reader';

const APPS: AppName[] = ['households', 'case-worker', 'case-api'];
const CASES = Number(process.env['DIBAO_FAULTS_TEMPORAL_CASES'] ?? 6);
/** Long enough to bring every case into publicity before the kill on a loaded machine; still a durable timer. */
const PUBLICITY_MS = Number(process.env['DIBAO_FAULTS_TEMPORAL_PUBLICITY_MS'] ?? 30000);
/** The second half of the cases enters publicity this much later than the first. */
const STAGGER_MS = PUBLICITY_MS / 2;

interface CaseBody {
  stage: string;
  publicity?: { startedAt: string; endsAt: string; endedAt?: string };
  history?: { seq: number; action: string; stage: string }[];
}

/**
 * Production shape: the Temporal server process (frontend, history, matching and worker services, persistence in
 * PostgreSQL) is killed with SIGKILL while several cases wait out their publicity period (half of them entered
 * it STAGGER_MS after the others), and stays dead past the end of the first half's; then started again
 * (`up.sh temporal`). Every case must carry on by itself: its publicity
 * timer fires (those due during the outage, and the others later), each reaches township review, the case worker
 * and case-api survive the outage, and no step runs twice: each case has exactly the events and history entries
 * of the same path (submitted ... appraisal -> publicity -> township_review), each once, on the wire and in effect.
 */
const suite = productionSuite('fault (production): the Temporal server is killed (SIGKILL) while cases are in publicity');

(suite.run ? describe : describe.skip)(suite.title, () => {
  let system: FaultSystem;
  let cases: DataSource;
  let households: DataSource;
  let killed: number | undefined;

  beforeAll(async () => {
    assertFaultStack();
    system = await FaultSystem.start({ apps: APPS, extraEnv: { PUBLICITY_DURATION_MS: String(PUBLICITY_MS) } });
    cases = await new DataSource({ type: 'postgres', url: system.databaseUrl('cases') }).initialize();
    households = await new DataSource({ type: 'postgres', url: system.databaseUrl('households') }).initialize();
  });

  afterAll(async () => {
    if (killed !== undefined) await ensureUp('temporal');
    await system?.stop();
    await Promise.all([cases, households].map((ds) => ds?.destroy()));
  });

  it('carries every case on after a restart: timers fire, each reaches township review, no step twice', async () => {
    const householdIds: string[] = [];
    for (let seq = 1; seq <= CASES; seq++) {
      const r = await registerHousehold(system, seq);
      expect(r.status).toBe(201);
      householdIds.push(r.body.id as string);
    }
    const caseIds: string[] = [];
    for (const householdId of householdIds) {
      const r = await submitCase(system, householdId);
      expect(r.status).toBe(201);
      caseIds.push(r.body.caseId as string);
    }
    // The cases into publicity in two groups (in parallel within each, as several caseworkers would), the second
    // STAGGER_MS after the first: the first group's timers come due while the server is dead, the second's later.
    const drivingFrom = Date.now();
    const groups = [caseIds.slice(0, Math.ceil(CASES / 2)), caseIds.slice(Math.ceil(CASES / 2))];
    const inPublicity: CaseBody[] = [];
    for (const [g, group] of groups.entries()) {
      if (g > 0) await sleep(Math.max(0, drivingFrom + STAGGER_MS - Date.now()));
      await Promise.all(group.map((caseId) => stepsToPublicity(system, caseId)));
      inPublicity.push(...(await Promise.all(group.map((caseId) => waitForStage(system, caseId, (s) => s === 'publicity', 60000) as Promise<CaseBody>))));
    }
    const drivingMs = Date.now() - drivingFrom;
    const endsAt = inPublicity.map((c) => Date.parse(c.publicity?.endsAt ?? ''));
    expect(endsAt.filter((t) => !Number.isFinite(t))).toEqual([]);
    const firstEnd = Math.min(...endsAt);
    const lastEnd = Math.max(...endsAt);
    await eventually(async () => {
      const [{ n }] = await cases.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`);
      return n === 0;
    }, 30000);
    const [{ n: eventsBeforeKill }] = await cases.query(`SELECT count(*)::int AS n FROM outbox`);

    const killAt = Date.now();
    killed = await killTemporalServer();
    const killedAt = Date.now();
    // Killed while every case is still in publicity (no timer has fired yet).
    expect(firstEnd - killedAt).toBeGreaterThan(0);
    // Dead until past the end of the first case's publicity: that timer comes due while no server runs.
    await sleep(Math.max(8000, firstEnd + 1500 - Date.now()));
    const deadMs = Date.now() - killedAt;
    const restartAt = Date.now();
    await restartTemporal();
    const restartedAt = Date.now();
    const dueDuringOutage = endsAt.filter((t) => t < restartAt).length;
    expect(dueDuringOutage).toBeGreaterThan(0);

    // Every case reaches township review by itself.
    const reviewed = await Promise.all(
      caseIds.map(async (caseId) => {
        const body = (await waitForStage(system, caseId, (s) => s === 'township_review', 180000)) as CaseBody;
        return { caseId, at: Date.now(), body };
      }),
    );
    const allReviewedAfterRestartMs = Math.max(...reviewed.map((r) => r.at)) - restartedAt;
    // How late each case left publicity: after its end, or after the restart for those due during the outage.
    const lateness = reviewed.map((r, i) => r.at - Math.max(endsAt[i], restartedAt));
    expect(reviewed.map((r) => r.body.publicity?.endedAt).filter((e) => !e)).toEqual([]);

    // No step twice: the same history for every case (actions and stages in order), the publicity timer once each.
    const steps = (b: CaseBody) => (b.history ?? []).map((h) => `${h.stage}:${h.action}`);
    const paths = reviewed.map((r) => steps(r.body));
    expect(paths.filter((p) => JSON.stringify(p) !== JSON.stringify(paths[0]))).toEqual([]);
    for (const r of reviewed) {
      const seqs = (r.body.history ?? []).map((h) => h.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
      expect((r.body.history ?? []).filter((h) => h.action === 'timer' && h.stage === 'publicity')).toHaveLength(1);
    }

    // The events: each case's outbox rows the same list as every other case's, each once; all on the wire once.
    await eventually(async () => {
      const [{ n }] = await cases.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`);
      return n === 0;
    }, 60000);
    const outbox: { event_id: string; event_type: string; message_key: string; envelope: { payload?: { from?: string; to?: string } } }[] = await cases.query(
      `SELECT event_id, event_type, message_key, envelope FROM outbox WHERE topic = $1 ORDER BY id`,
      [Topics.cases],
    );
    const signature = (o: (typeof outbox)[number]) =>
      o.event_type === 'case.stage-changed' ? `${o.event_type}:${String(o.envelope?.payload?.from)}→${String(o.envelope?.payload?.to)}` : o.event_type;
    const perCase = new Map<string, string[]>(caseIds.map((id) => [id, []]));
    for (const o of outbox) perCase.get(o.message_key)?.push(signature(o));
    const expected = perCase.get(caseIds[0]) ?? [];
    expect(expected).toEqual(expect.arrayContaining(['case.submitted', 'case.stage-changed:appraisal→publicity', 'case.stage-changed:publicity→township_review']));
    expect(new Set(expected).size).toBe(expected.length);
    expect([...perCase.entries()].filter(([, list]) => JSON.stringify(list) !== JSON.stringify(expected))).toEqual([]);
    expect(outbox.filter((o) => !perCase.has(o.message_key))).toEqual([]);
    const wire = (await readTopic(Topics.cases, 120000)).filter((m) => m.key !== null && perCase.has(m.key));
    const byEventId = tally(wire, (m) => m.eventId);
    expect(byEventId.duplicates).toEqual([]);
    expect([...byEventId.counts.keys()].sort()).toEqual(outbox.map((o) => o.event_id).sort());

    // In effect: each household an applicant of its case, with one status change.
    for (const [i, householdId] of householdIds.entries()) {
      await eventually(async () => {
        const r = await call('GET', `${system.url('households')}/api/v1/households/${householdId}`, system.token('caseworker', 'T01'));
        return r.body?.status === 'applicant' && r.body.openCaseId === caseIds[i];
      }, 60000, 250);
    }
    const [{ n: statusChanges }] = await households.query(
      `SELECT count(*)::int AS n FROM household_history WHERE household_id = ANY($1) AND action = 'status-changed'`,
      [householdIds],
    );
    expect(statusChanges).toBe(CASES);

    // Nobody died of the outage.
    expect(APPS.filter((app) => !system.alive(app))).toEqual([]);
    for (const app of APPS) await eventually(async () => (await system.health(app)).status === 200, 60000, 500);

    recordFigures('temporal-server-kill', {
      cases: CASES,
      publicityMs: PUBLICITY_MS,
      drivingIntoPublicityMs: drivingMs,
      caseEventsBeforeKill: eventsBeforeKill,
      killMs: killedAt - killAt,
      killedBeforeFirstPublicityEndMs: firstEnd - killedAt,
      serverDeadMs: deadMs,
      restartMs: restartedAt - restartAt,
      publicityEndsDueDuringOutage: dueDuringOutage,
      publicityEndsPendingAtRestart: endsAt.filter((t) => t >= restartedAt).length,
      lastPublicityEndAfterRestartMs: lastEnd - restartedAt,
      allInTownshipReviewAfterRestartMs: allReviewedAfterRestartMs,
      townshipReviewLatenessMs: { dueDuringOutage: Math.max(...lateness.filter((_, i) => endsAt[i] < restartedAt), 0), dueAfterRestart: Math.max(...lateness.filter((_, i) => endsAt[i] >= restartedAt), 0) },
      eventsPerCase: expected.length,
      eventsPerCaseList: expected,
      historyEntriesPerCase: paths[0].length,
      caseEventsOnWire: wire.length,
      wireDuplicates: wire.length - byEventId.counts.size,
      householdStatusChanges: statusChanges,
    });
  });
});
