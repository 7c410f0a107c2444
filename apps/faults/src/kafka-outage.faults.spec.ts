import { DataSource } from 'typeorm';
import { Topics } from '@dibao/contracts';
import { eventually } from '@dibao/platform/testing';
import { registerHousehold, submitCase } from './support/cases';
import { AppName, call, FaultSystem } from './support/fault-system';
import { assertFaultStack, ensureUp, infra, recordFigures, sleep } from './support/stack';
import { readTopic, tally } from './support/topic-reader';

const APPS: AppName[] = ['households', 'case-worker', 'case-api'];
const HOUSEHOLDS = 20;
const CASES = 5;
/** How long the broker stays down after the writes: long enough for producers and consumers to give up retrying. */
const OUTAGE_MS = Number(process.env['DIBAO_FAULTS_KAFKA_OUTAGE_MS'] ?? 12000);

/**
 * Fault 3: Kafka is stopped while the services take writes that publish events. The APIs must keep accepting them
 * (the events wait in each service's outbox, written in the same transaction), and when Kafka is back the outboxes
 * must drain by themselves: every event on its topic, no outbox row left unpublished, and the consumers catching up
 * (the households follow their cases).
 */
describe('fault: Kafka is stopped while the services publish', () => {
  let system: FaultSystem;
  let households: DataSource;
  let cases: DataSource;

  beforeAll(async () => {
    assertFaultStack();
    system = await FaultSystem.start({ apps: APPS });
    households = await new DataSource({ type: 'postgres', url: system.databaseUrl('households') }).initialize();
    cases = await new DataSource({ type: 'postgres', url: system.databaseUrl('cases') }).initialize();
  });

  afterAll(async () => {
    await ensureUp('kafka');
    await system?.stop();
    await households?.destroy();
    await cases?.destroy();
  });

  const pending = async (ds: DataSource): Promise<number> => (await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`))[0].n;

  it('accepts writes while the broker is down, loses nothing, and drains the outboxes when it returns', async () => {
    const first = await registerHousehold(system, 1);
    expect(first.status).toBe(201);
    await eventually(async () => (await pending(households)) === 0, 30000);

    const stopAt = Date.now();
    await infra('down', 'kafka');
    const stoppedAt = Date.now();

    // Writes while the broker is down: households registered, cases submitted (the case worker's activity writes
    // case.submitted to its outbox). All accepted.
    const ids: string[] = [];
    for (let seq = 10; seq < 10 + HOUSEHOLDS; seq++) {
      const r = await registerHousehold(system, seq);
      expect(r.status).toBe(201);
      ids.push(r.body.id as string);
    }
    const caseIds: string[] = [];
    for (const householdId of ids.slice(0, CASES)) {
      const r = await submitCase(system, householdId);
      expect(r.status).toBe(201);
      caseIds.push(r.body.caseId as string);
    }
    const writesMs = Date.now() - stoppedAt;
    // The events wait in the outboxes, unpublished; /health says Kafka is down.
    const waiting = await eventually(async () => {
      const h = await pending(households);
      const c = await pending(cases);
      return h >= HOUSEHOLDS && c >= CASES ? { households: h, cases: c } : undefined;
    }, 30000);
    const health = await system.health('households');
    expect({ status: health.status, kafka: health.body?.checks?.['kafka']?.status }).toEqual({ status: 503, kafka: 'error' });

    await sleep(Math.max(0, stoppedAt + OUTAGE_MS - Date.now()));
    const startAt = Date.now();
    await infra('up', 'kafka');
    const startedAt = Date.now();

    // The outboxes drain by themselves.
    await eventually(async () => (await pending(households)) === 0 && (await pending(cases)) === 0, 120000, 250);
    const drainedMs = Date.now() - startedAt;
    // ... and the consumers catch up: each case's household became an applicant, once.
    for (const [i, caseId] of caseIds.entries()) {
      await eventually(async () => {
        const r = await call('GET', `${system.url('households')}/api/v1/households/${ids[i]}`, system.token('caseworker', 'T01'));
        return r.body?.status === 'applicant' && r.body.openCaseId === caseId;
      }, 90000, 250);
    }
    const followedMs = Date.now() - startedAt;
    const [{ n: transitions }] = await households.query(
      `SELECT count(*)::int AS n FROM household_history WHERE household_id = ANY($1) AND action = 'status-changed'`,
      [ids.slice(0, CASES)],
    );
    expect(transitions).toBe(CASES);
    for (const app of APPS) expect((await system.health(app)).status).toBe(200);
    expect(APPS.filter((app) => !system.alive(app))).toEqual([]);

    // Nothing lost: every event of both outboxes is on its topic (read back from the beginning).
    const householdRows: { event_id: string }[] = await households.query(`SELECT event_id FROM outbox WHERE topic = $1`, [Topics.households]);
    const caseRows: { event_id: string }[] = await cases.query(`SELECT event_id FROM outbox WHERE topic = $1`, [Topics.cases]);
    const householdWire = tally(await readTopic(Topics.households), (m) => m.eventId);
    const caseWire = tally(await readTopic(Topics.cases), (m) => m.eventId);
    expect(householdRows.filter((r) => !householdWire.counts.has(r.event_id))).toEqual([]);
    expect(caseRows.filter((r) => !caseWire.counts.has(r.event_id))).toEqual([]);
    // Duplicates on the wire can come only from the relay's at-least-once re-send (a batch Kafka took in part while it
    // came back); the consumers' inboxes make them harmless (one status change per case, above). Counted, not refused.
    const wireDuplicates = householdWire.duplicates.length + caseWire.duplicates.length;

    recordFigures('kafka-outage', {
      stopMs: stoppedAt - stopAt,
      writesWhileDownMs: writesMs,
      householdsRegisteredWhileDown: HOUSEHOLDS,
      casesSubmittedWhileDown: CASES,
      outboxRowsWaiting: waiting,
      outageMs: startAt - stoppedAt,
      startMs: startedAt - startAt,
      outboxesDrainedAfterStartMs: drainedMs,
      consumersCaughtUpAfterStartMs: followedMs,
      householdEvents: householdRows.length,
      caseEvents: caseRows.length,
      wireDuplicates,
    });
  });
});
