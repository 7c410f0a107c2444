import { randomUUID } from 'crypto';
import { CaseSubmitted, deadLetterTopic, Topics } from '@dibao/contracts';
import { newEvent } from '@dibao/platform';
import { eventually } from '@dibao/platform/testing';
import { registerHousehold } from './support/cases';
import { AppName, call, FaultSystem, Health } from './support/fault-system';
import { assertFaultStack, ensureUp, infra, kafkaClient, recordFigures, sleep } from './support/stack';
import { readTopic } from './support/topic-reader';

const APPS: AppName[] = ['households', 'payments', 'inspections', 'case-worker', 'case-api'];

/** Polls one app's /health every 200 ms and keeps the answers with their time. */
class HealthWatch {
  readonly samples: { at: number; status: number; db?: string }[] = [];
  private running = true;
  private readonly loop: Promise<void>;

  constructor(
    private readonly system: FaultSystem,
    readonly app: AppName,
  ) {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const h: Health = await this.system.health(this.app);
      this.samples.push({ at: Date.now(), status: h.status, db: h.body?.checks?.['database']?.status });
      await sleep(200);
    }
  }

  /** First sample at or after `from` that satisfies `ok`. */
  first(from: number, ok: (s: { status: number; db?: string }) => boolean): number | undefined {
    return this.samples.find((s) => s.at >= from && ok(s))?.at;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

/**
 * Fault 4: PostgreSQL (every service's database) is stopped and started again while the services take writes.
 * While it is down every service's /health must say so (503, database check in error); once it is back they must
 * recover on their own: /health 200, writes accepted again, no process died, no acknowledged write lost, and an
 * event that reached a consumer while its database was down must be applied after the restart (not dead-lettered).
 */
describe('fault: PostgreSQL restarts under load', () => {
  let system: FaultSystem;

  beforeAll(async () => {
    assertFaultStack();
    system = await FaultSystem.start({ apps: APPS });
  });

  afterAll(async () => {
    await ensureUp('postgres');
    await system?.stop();
  });

  it('reports unhealthy while it is down, then recovers without help', async () => {
    const before = await registerHousehold(system, 1);
    expect(before.status).toBe(201);
    const waiting = before.body.id as string;

    // Load: one caseworker registering households back to back, as long as the test runs.
    const writes: { seq: number; status: number; id?: string; at: number }[] = [];
    let loading = true;
    const load = (async () => {
      for (let seq = 100; loading; seq++) {
        const r = await registerHousehold(system, seq);
        writes.push({ seq, status: r.status, id: r.status === 201 ? (r.body.id as string) : undefined, at: Date.now() });
        if (r.status !== 201) await sleep(100);
      }
    })();
    const watches = APPS.map((app) => new HealthWatch(system, app));

    try {
      await sleep(1500);
      const stopAt = Date.now();
      await infra('down', 'postgres');
      const stoppedAt = Date.now();

      // Every service notices: 503 with the database check in error.
      await eventually(async () => watches.every((w) => w.first(stopAt, (s) => s.status === 503 && s.db === 'error') !== undefined), 30000, 200);
      const unhealthyAfterMs = Object.fromEntries(watches.map((w) => [w.app, w.first(stopAt, (s) => s.status === 503)! - stopAt]));

      // An event from elsewhere arrives while this service's database is down (a case submitted for a household).
      const caseId = randomUUID();
      const event = newEvent(
        CaseSubmitted,
        caseId,
        { caseId, householdId: waiting, township: 'T01', scheme: 'urban', submittedOn: '2026-11-30', applicantKind: 'head', claimedMonthlyIncomeFen: 10000, registeredSeparately: false },
        { id: 'faults-caseworker', role: 'caseworker', township: 'T01' },
      );
      const producer = kafkaClient('faults-inject').producer();
      await producer.connect();
      await producer.send({ topic: Topics.cases, acks: -1, messages: [{ key: caseId, value: JSON.stringify(event) }] });
      await producer.disconnect();
      await sleep(4000); // long enough for a consumer to give up on it (3 attempts, 200 + 400 ms apart)
      const downFor = Date.now() - stoppedAt;

      const startAt = Date.now();
      await infra('up', 'postgres');
      const startedAt = Date.now();
      await eventually(async () => watches.every((w) => w.first(startedAt, (s) => s.status === 200) !== undefined), 60000, 200);
      const healthyAfterMs = Object.fromEntries(watches.map((w) => [w.app, w.first(startedAt, (s) => s.status === 200)! - startedAt]));

      // Writes are accepted again, by every kind of path: a new household, and the event that waited.
      const after = await eventually(async () => {
        const r = await registerHousehold(system, 2);
        return r.status === 201 ? r : undefined;
      }, 30000, 500);
      expect(after.status).toBe(201);
      const followed = await eventually(async () => {
        const r = await call('GET', `${system.url('households')}/api/v1/households/${waiting}`, system.token('caseworker', 'T01'));
        return r.body?.status === 'applicant' ? r.body : undefined;
      }, 60000, 500).catch(() => undefined);
      await eventually(async () => writes.filter((w) => w.at > startedAt && w.status === 201).length >= 3, 30000, 200);
      loading = false;
      await load;

      // Nothing acknowledged was lost: every 201 is there; a write refused during the outage was a 503 (try again).
      const acknowledged = writes.filter((w) => w.status === 201);
      const missing: number[] = [];
      for (const w of acknowledged) {
        const r = await call('GET', `${system.url('households')}/api/v1/households/${w.id}`, system.token('caseworker', 'T01'));
        if (r.status !== 200) missing.push(w.seq);
      }
      expect(missing).toEqual([]);
      const refused = writes.filter((w) => w.status !== 201);
      const statuses: Record<string, number> = {};
      for (const w of refused) statuses[w.status] = (statuses[w.status] ?? 0) + 1;
      expect(refused.filter((w) => w.status !== 503)).toEqual([]);
      expect(refused.length).toBeGreaterThan(0);
      // No service died of it.
      expect(APPS.filter((app) => !system.alive(app))).toEqual([]);
      // The event that arrived during the outage was applied, not dead-lettered.
      const dead = (await readTopic(deadLetterTopic(Topics.cases))).filter((m) => m.key === caseId);
      expect({ deadLettered: dead.length, followed: followed?.openCaseId ?? null }).toEqual({ deadLettered: 0, followed: caseId });

      recordFigures('postgres-restart', {
        stopMs: stoppedAt - stopAt,
        downMs: downFor,
        startMs: startedAt - startAt,
        unhealthyAfterMs,
        healthyAfterStartMs: healthyAfterMs,
        writesAcknowledged: acknowledged.length,
        writesRefusedDuringOutage: refused.length,
        refusedStatuses: statuses,
      });
    } finally {
      loading = false;
      await load;
      await Promise.all(watches.map((w) => w.stop()));
    }
  });
});
