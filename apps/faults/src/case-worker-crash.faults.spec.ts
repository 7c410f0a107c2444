import { DataSource } from 'typeorm';
import { Topics } from '@dibao/contracts';
import { eventually } from '@dibao/platform/testing';
import { registerHousehold, stepsToApproval, stepsToPublicity, submitCase, waitForStage } from './support/cases';
import { call, FaultSystem } from './support/fault-system';
import { assertFaultStack, recordFigures, sleep } from './support/stack';
import { readTopic, tally } from './support/topic-reader';

const PUBLICITY_MS = 6000;

/**
 * Fault 1: the case worker (the Temporal worker that runs every case workflow and its activities) is killed with
 * SIGKILL while a case waits out its publicity period, and stays dead past the end of that period. Started again,
 * it must carry the case on (the durable timer fired while no worker ran) to approval, and nothing may happen
 * twice: every case event once on dibao.cases.v1, the household's status changes once, one enrolment in payments.
 */
describe('fault: the case worker is killed (SIGKILL) in the middle of a case', () => {
  let system: FaultSystem;
  let cases: DataSource;
  let households: DataSource;
  let payments: DataSource;

  beforeAll(async () => {
    assertFaultStack();
    system = await FaultSystem.start({
      apps: ['households', 'payments', 'case-worker', 'case-api'],
      extraEnv: { PUBLICITY_DURATION_MS: String(PUBLICITY_MS) },
    });
    cases = await new DataSource({ type: 'postgres', url: system.databaseUrl('cases') }).initialize();
    households = await new DataSource({ type: 'postgres', url: system.databaseUrl('households') }).initialize();
    payments = await new DataSource({ type: 'postgres', url: system.databaseUrl('payments') }).initialize();
  });

  afterAll(async () => {
    await system?.stop();
    await Promise.all([cases, households, payments].map((ds) => ds?.destroy()));
  });

  it('finishes the case after a restart, with every event and every side effect exactly once', async () => {
    const registered = await registerHousehold(system, 1);
    expect(registered.status).toBe(201);
    const householdId = registered.body.id as string;
    const created = await submitCase(system, householdId);
    expect(created.status).toBe(201);
    const caseId = created.body.caseId as string;

    await stepsToPublicity(system, caseId);
    const publicityFrom = Date.now();
    // The worker is idle in the case: the publicity timer runs and the outbox has gone out to Kafka.
    await waitForStage(system, caseId, (s) => s === 'publicity');
    await eventually(async () => {
      const [{ n }] = await cases.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`);
      return n === 0;
    }, 30000);
    const beforeKill = await cases.query(`SELECT count(*)::int AS n FROM outbox WHERE message_key = $1`, [caseId]);

    const killedPid = system.pid('case-worker');
    await system.kill('case-worker');
    const killedAt = Date.now();
    // Killed during publicity (its timer still running), so the timer fires while no worker runs.
    expect(killedAt - publicityFrom).toBeLessThan(PUBLICITY_MS);
    // Dead until well past the end of publicity: the timer fires on the server while no worker runs.
    await sleep(Math.max(0, publicityFrom + PUBLICITY_MS + 1500 - Date.now()));
    const deadMs = Date.now() - killedAt;
    const restartAt = Date.now();
    await system.restart('case-worker');
    expect(system.pid('case-worker')).not.toBe(killedPid);
    const restartedAt = Date.now();

    await waitForStage(system, caseId, (s) => s === 'township_review', 90000);
    const resumedMs = Date.now() - restartedAt;
    const approved = await stepsToApproval(system, caseId);
    expect(approved.stage).toBe('approved');

    // The side effects of approval, applied by the consumers of dibao.cases.v1.
    const household = await eventually(async () => {
      const r = await call('GET', `${system.url('households')}/api/v1/households/${householdId}`, system.token('caseworker', 'T01'));
      return r.body?.status === 'beneficiary' ? r.body : undefined;
    }, 60000);
    expect(household.openCaseId ?? null).toBeNull();
    await eventually(async () => (await payments.query(`SELECT 1 FROM enrolment WHERE household_id = $1`, [householdId])).length > 0, 60000);
    await eventually(async () => {
      const [{ n }] = await cases.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`);
      return n === 0;
    }, 30000);

    // Every case event on the topic exactly once (by eventId), and exactly the events of the case's outbox.
    const outbox: { event_id: string; event_type: string }[] = await cases.query(`SELECT event_id, event_type FROM outbox WHERE message_key = $1 ORDER BY id`, [caseId]);
    const wire = (await readTopic(Topics.cases)).filter((m) => m.key === caseId);
    const byEventId = tally(wire, (m) => m.eventId);
    expect(byEventId.duplicates).toEqual([]);
    expect([...byEventId.counts.keys()].sort()).toEqual(outbox.map((o) => o.event_id).sort());
    const types = tally(wire, (m) => m.type);
    expect(types.counts.get('case.submitted')).toBe(1);
    expect(types.counts.get('case.approved')).toBe(1);
    // One stage change per transition: application → … → approved, none repeated.
    const transitions = tally(
      wire.filter((m) => m.type === 'case.stage-changed'),
      (m) => `${String(m.payload?.['from'])}→${String(m.payload?.['to'])}`,
    );
    expect(transitions.duplicates).toEqual([]);
    expect([...transitions.counts.keys()]).toEqual(expect.arrayContaining(['appraisal→publicity', 'publicity→township_review', 'county_approval→approved']));

    // Side effects once: the household moved registered → applicant → beneficiary, one history row each, no event
    // ignored; one enrolment with one version; the case events in each consumer's inbox once.
    const history: { changes: { status: { from: string; to: string } } }[] = await households.query(
      `SELECT changes FROM household_history WHERE household_id = $1 AND action = 'status-changed' ORDER BY id`,
      [householdId],
    );
    expect(history.map((h) => `${h.changes.status.from}→${h.changes.status.to}`)).toEqual(['registered→applicant', 'applicant→beneficiary']);
    const [{ n: ignored }] = await households.query(`SELECT count(*)::int AS n FROM household_history WHERE household_id = $1 AND action = 'case-event-ignored'`, [householdId]);
    expect(ignored).toBe(0);
    const enrolments: { id: string }[] = await payments.query(`SELECT id FROM enrolment WHERE household_id = $1`, [householdId]);
    expect(enrolments).toHaveLength(1);
    const [{ n: versions }] = await payments.query(`SELECT count(*)::int AS n FROM enrolment_version WHERE enrolment_id = $1`, [enrolments[0].id]);
    expect(versions).toBe(1);
    const householdEvents = (await readTopic(Topics.households)).filter((m) => m.key === householdId && m.type === 'household.status-changed');
    expect(tally(householdEvents, (m) => m.eventId).duplicates).toEqual([]);
    expect(householdEvents).toHaveLength(2);

    recordFigures('case-worker-kill', {
      caseEventsBeforeKill: beforeKill[0].n,
      caseEventsOnWire: wire.length,
      distinctCaseEvents: byEventId.counts.size,
      wireDuplicates: wire.length - byEventId.counts.size,
      publicityMs: PUBLICITY_MS,
      killedAfterPublicityStartMs: killedAt - publicityFrom,
      workerDeadMs: deadMs,
      restartUntilHealthyMs: restartedAt - restartAt,
      resumedToTownshipReviewMs: resumedMs,
      householdStatusChanges: history.length,
      enrolments: enrolments.length,
    });
  });
});
