import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { eventRegistry, Topics } from '@dibao/contracts';
import { createKafka, EventContext, KafkaEventServer, postgresOptions } from '@dibao/platform';
import { eventually, freshDatabase, testStack } from '@dibao/platform/testing';
import { call, FaultSystem } from './support/fault-system';
import { assertFaultStack, recordFigures, sleep } from './support/stack';
import { readTopic, tally, waitForGroupAtEnd } from './support/topic-reader';

const HOUSEHOLDS = Number(process.env['DIBAO_FAULTS_PAYROLL_HOUSEHOLDS'] ?? 10000);
const TOWNSHIPS = 32;
const SCHEME = 'rural';
const PERIOD = '2026-Q2';

/**
 * Fault 2: the payments service is killed (SIGKILL) half way through a payroll run of 10,000 households in 32
 * townships, while its outbox relay is publishing the run's payment.scheduled events. Started again and asked to
 * run the payroll again (what finance does after a crash: the run is resumable), every household must be paid
 * exactly once and every event must reach finance exactly once.
 *
 * Guarantee tested: the database side is exactly-once (payment key UNIQUE (household, scheme, period, attempt), the
 * outbox's UNIQUE event_id with eventIds derived from the idempotency key). The wire is at-least-once: the relay marks
 * a batch published only after Kafka acknowledged it, so a kill between the acknowledgement and that commit sends the
 * batch again after the restart (documented in OutboxRelay). Such a re-send carries the same eventId, and a
 * consumer built on the platform's inbox (KafkaEventServer, as every service consumes) applies it once: exactly-once
 * in effect. The test counts the wire duplicates and asserts both.
 */
describe('fault: the payments service is killed (SIGKILL) half way through a payroll run', () => {
  let system: FaultSystem;
  let db: DataSource;
  let financeDb: DataSource;
  let finance: KafkaEventServer;

  beforeAll(async () => {
    assertFaultStack();
    system = await FaultSystem.start({ apps: ['payments'] });
    db = await new DataSource({ type: 'postgres', url: system.databaseUrl('payments') }).initialize();

    // Finance, as the platform's consumers work: inbox row and effect in one transaction, eventId deduplicated.
    // The effect table has no unique key of its own, so a second application of an event would show.
    Logger.overrideLogger(['error']);
    financeDb = await new DataSource(postgresOptions({ url: await freshDatabase('dibao_faults_finance'), entities: [], migrations: [] })).initialize();
    await financeDb.query(`CREATE TABLE finance_effect (id bigserial PRIMARY KEY, idempotency_key text NOT NULL, event_id uuid NOT NULL, amount_fen bigint NOT NULL)`);
    finance = new KafkaEventServer({
      kafka: createKafka('faults-finance', testStack.kafkaBrokers),
      groupId: `${system.groupPrefix}finance`,
      dataSource: financeDb,
      registry: eventRegistry,
      fromBeginning: true,
    });
    finance.addHandler(
      'payment.scheduled',
      async (e: { eventId: string; payload: { idempotencyKey: string; amountFen: number } }, ctx: EventContext) => {
        await ctx.manager.query(`INSERT INTO finance_effect (idempotency_key, event_id, amount_fen) VALUES ($1, $2, $3)`, [
          e.payload.idempotencyKey,
          e.eventId,
          e.payload.amountFen,
        ]);
      },
      true,
    );
    await new Promise<void>((resolve, reject) => finance.listen((err?: unknown) => (err ? reject(err as Error) : resolve())));
  });

  afterAll(async () => {
    await finance?.close();
    await system?.stop();
    await db?.destroy();
    await financeDb?.destroy();
  });

  it('completes the run after a restart: every payment once, every event once in effect', async () => {
    // The county's ledger: HOUSEHOLDS rural beneficiaries in 32 townships, enrolled through the import API.
    const rows = Array.from({ length: HOUSEHOLDS }, (_, i) => ({
      householdId: `FH${String(i).padStart(6, '0')}`,
      township: `T${String((i % TOWNSHIPS) + 1).padStart(2, '0')}`,
      scheme: SCHEME,
      persons: 1 + (i % 4),
      monthlyAmountFen: 20000 + (i % 50) * 100,
      ledgerNo: `FAULTS-${i}`,
    }));
    for (let i = 0; i < rows.length; i += 5000) {
      const r = await call('POST', `${system.url('payments')}/api/v1/enrolment-imports`, system.token('county_approver'), {
        reference: 'faults-ledger',
        urbanStartPeriod: '2026-01',
        ruralStartPeriod: '2026-Q1',
        rows: rows.slice(i, i + 5000),
      });
      expect([200, 201]).toContain(r.status);
    }
    const [{ n: enrolled }] = await db.query(`SELECT count(*)::int AS n FROM enrolment WHERE scheme = $1 AND status = 'active'`, [SCHEME]);
    expect(enrolled).toBe(HOUSEHOLDS);

    // Start the run (202: it runs in the background) and kill the service once a third of the townships are done.
    const started = await call('POST', `${system.url('payments')}/api/v1/payroll-runs`, system.token('finance'), { scheme: SCHEME, period: PERIOD });
    expect(started.status).toBe(202);
    const runId = started.body.id as string;
    let atKill: { townships_done: number; townships_total: number; status: string } | undefined;
    const deadline = Date.now() + 60000;
    while (!atKill && Date.now() < deadline) {
      const [run] = await db.query(`SELECT townships_done, townships_total, status FROM payroll_run WHERE id = $1`, [runId]);
      if (run.status === 'completed' || run.townships_done >= Math.ceil(TOWNSHIPS / 3)) {
        await system.kill('payments');
        atKill = run;
      } else {
        await sleep(5);
      }
    }
    // Proof that it died half way: the run not completed, payments and events only partly there.
    const [mid] = await db.query(
      `SELECT (SELECT status FROM payroll_run WHERE id = $1) AS status, (SELECT townships_done FROM payroll_run WHERE id = $1) AS done,
              (SELECT count(*)::int FROM payment) AS payments, (SELECT count(*)::int FROM outbox) AS outbox,
              (SELECT count(*)::int FROM outbox WHERE published_at IS NOT NULL) AS published`,
      [runId],
    );
    expect(atKill?.status).toBe('running');
    expect(mid.status).toBe('running');
    expect(mid.payments).toBeGreaterThan(0);
    expect(mid.payments).toBeLessThan(HOUSEHOLDS);

    // Restart, and run the payroll again: it executes every township again and inserts only what is missing.
    const restartedAt = Date.now();
    await system.restart('payments');
    const restartMs = Date.now() - restartedAt;
    const rerun = await call('POST', `${system.url('payments')}/api/v1/payroll-runs`, system.token('finance'), { scheme: SCHEME, period: PERIOD, wait: true });
    expect(rerun.status).toBe(200);
    expect(rerun.body).toMatchObject({ id: runId, status: 'completed', totals: { payments: HOUSEHOLDS, reissues: 0, batches: TOWNSHIPS } });

    // The database: one payment per household, one batch per township, one outbox row per payment, all published.
    const [counts] = await db.query(
      `SELECT count(*)::int AS payments, count(DISTINCT (household_id, scheme, period))::int AS households,
              (SELECT count(*)::int FROM batch) AS batches, (SELECT count(DISTINCT township)::int FROM batch) AS townships
         FROM payment`,
    );
    expect(counts).toEqual({ payments: HOUSEHOLDS, households: HOUSEHOLDS, batches: TOWNSHIPS, townships: TOWNSHIPS });
    await eventually(async () => {
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`);
      return n === 0;
    }, 60000);
    const [outbox] = await db.query(
      `SELECT count(*)::int AS rows, count(DISTINCT event_id)::int AS events FROM outbox WHERE event_type = 'payment.scheduled'`,
    );
    expect(outbox.rows).toBe(HOUSEHOLDS);
    expect(outbox.events).toBe(HOUSEHOLDS);

    // The wire, read back from the beginning with a fresh consumer group: every payment's event at least once, and a
    // repeated message is the very same event (same eventId), never a second event for the same payment.
    const wire = (await readTopic(Topics.payments)).filter((m) => m.type === 'payment.scheduled');
    const byKey = tally(wire, (m) => String(m.payload?.['idempotencyKey']));
    const byEventId = tally(wire, (m) => m.eventId);
    expect(byKey.counts.size).toBe(HOUSEHOLDS);
    expect(byEventId.counts.size).toBe(HOUSEHOLDS);
    const keys = new Set((await db.query(`SELECT household_id || '/' || scheme || '/' || period || '#' || attempt AS k FROM payment`)).map((r: { k: string }) => r.k));
    expect([...byKey.counts.keys()].filter((k) => !keys.has(k))).toEqual([]);
    const eventIdsByKey = new Map<string, Set<string | undefined>>();
    for (const m of wire) {
      const key = String(m.payload?.['idempotencyKey']);
      eventIdsByKey.set(key, (eventIdsByKey.get(key) ?? new Set()).add(m.eventId));
    }
    expect([...eventIdsByKey.entries()].filter(([, ids]) => ids.size !== 1).map(([key]) => key)).toEqual([]);
    const wireDuplicates = wire.length - byKey.counts.size;

    // In effect (finance's inbox): each payment applied exactly once, whatever the wire carried.
    await eventually(async () => {
      const [{ n }] = await financeDb.query(`SELECT count(DISTINCT idempotency_key)::int AS n FROM finance_effect`);
      return n === HOUSEHOLDS;
    }, 90000, 250);
    // ... and past every message on the wire, duplicates included, before the effects are counted.
    await waitForGroupAtEnd(`${system.groupPrefix}finance`, Topics.payments);
    const [effects] = await financeDb.query(
      `SELECT count(*)::int AS effects, count(DISTINCT idempotency_key)::int AS keys, COALESCE(max(n), 0)::int AS most
         FROM (SELECT idempotency_key, count(*) AS n FROM finance_effect GROUP BY idempotency_key) k
         RIGHT JOIN finance_effect USING (idempotency_key)`,
    );
    expect(effects).toEqual({ effects: HOUSEHOLDS, keys: HOUSEHOLDS, most: 1 });
    const [{ n: inbox }] = await financeDb.query(`SELECT count(*)::int AS n FROM inbox`);
    expect(inbox).toBe(HOUSEHOLDS);

    recordFigures('payments-kill-mid-payroll', {
      households: HOUSEHOLDS,
      townships: TOWNSHIPS,
      killedAfterTownships: atKill?.townships_done,
      paymentsAtKill: mid.payments,
      outboxRowsAtKill: mid.outbox,
      publishedAtKill: mid.published,
      restartMs,
      payments: counts.payments,
      eventsOnWire: wire.length,
      distinctIdempotencyKeys: byKey.counts.size,
      wireDuplicates,
      paymentsSentTwice: byKey.duplicates.length,
      financeEffects: effects.effects,
      guarantee: 'exactly-once in the database and in effect (inbox); at-least-once on the wire',
    });
  });
});
