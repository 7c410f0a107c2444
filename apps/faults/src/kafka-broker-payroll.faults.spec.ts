import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { eventRegistry, Topics } from '@dibao/contracts';
import { createKafka, EventContext, KafkaEventServer, postgresOptions } from '@dibao/platform';
import { eventually, freshDatabase, testStack } from '@dibao/platform/testing';
import { call, FaultSystem } from './support/fault-system';
import { busiestLeader, electPreferredLeaders, productionSuite, killKafkaNode, restartKafka, topicLeaders } from './support/production';
import { assertFaultStack, ensureUp, kafkaClient, recordFigures, sleep } from './support/stack';
import { readTopic, tally, waitForGroupAtEnd } from './support/topic-reader';

const HOUSEHOLDS = Number(process.env['DIBAO_FAULTS_BROKER_PAYROLL_HOUSEHOLDS'] ?? 10000);
const TOWNSHIPS = 32;
const SCHEME = 'rural';
const PERIOD = '2026-Q2';

/**
 * Production shape: one of the three Kafka brokers (the one leading most partitions of the payments topic) is
 * killed with SIGKILL while the payments service's outbox relay publishes a payroll run of 10,000 households, and
 * started again later. With replication factor 3 and min.insync.replicas 2 the two others take the partitions
 * over: the relay (acks=all, idempotent) must go on publishing with the broker dead, and in the end every payment's
 * event is on the topic, one event per payment (distinct idempotency keys = payments), and a finance consumer built
 * on the platform's inbox (whose group may have had its coordinator on the dead broker) applies each exactly once.
 * As in payments-crash: the wire is at-least-once (a batch whose acknowledgement was lost with the broker is sent
 * again, same eventIds), the effect exactly-once; wire duplicates are counted, not refused.
 */
const suite = productionSuite('fault (production): a Kafka broker is killed (SIGKILL) during a payroll relay');

/**
 * This test found real loss (issue 13, 2026-12-04): 673 and 106 of 10,000 payment events marked published after
 * Kafka's acknowledgement were not on the topic, in 2 of 8 runs. Cause: kafkajs 2.2.4's sendBatch resolves with the
 * partitions that moved to an already-answered broker unsent. Fixed in the platform (kafka/complete-send.ts: every
 * partition must acknowledge, else the batch is sent again by a new producer); this test guards it.
 */
(suite.run ? describe : describe.skip)(suite.title, () => {
  let system: FaultSystem;
  let db: DataSource;
  let financeDb: DataSource;
  let finance: KafkaEventServer;
  let killed: number | undefined;

  beforeAll(async () => {
    assertFaultStack();
    system = await FaultSystem.start({ apps: ['payments'] });
    db = await new DataSource({ type: 'postgres', url: system.databaseUrl('payments') }).initialize();

    // Finance: inbox row and effect in one transaction, eventId deduplicated; the effect table has no unique key.
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
    if (killed !== undefined) await ensureUp('kafka');
    await finance?.close();
    await system?.stop();
    await db?.destroy();
    await financeDb?.destroy();
  });

  const outboxState = async () =>
    (
      await db.query(
        `SELECT count(*)::int AS rows, count(*) FILTER (WHERE published_at IS NOT NULL)::int AS published,
                (SELECT status FROM payroll_run ORDER BY started_at DESC NULLS LAST LIMIT 1) AS run
           FROM outbox WHERE event_type = 'payment.scheduled'`,
      )
    )[0] as { rows: number; published: number; run: string | null };

  /** When events marked published are not on the wire: which, their outbox rows, and a second reading of the topic. */
  const explainMissing = async (seen: (string | undefined)[]) => {
    const onWire = new Set(seen);
    const rows: { id: string; event_id: string; message_key: string; attempts: number; published_at: Date; last_error: string | null }[] = await db.query(
      `SELECT id, event_id, message_key, attempts, published_at, last_error FROM outbox WHERE event_type = 'payment.scheduled' ORDER BY id`,
    );
    const missing = rows.filter((r) => !onWire.has(r.event_id));
    const again = new Set((await readTopic(Topics.payments, 120000)).map((m) => m.eventId));
    const offsets = await (async () => {
      const admin = kafkaClient('faults-offsets').admin();
      await admin.connect();
      try {
        return await admin.fetchTopicOffsets(Topics.payments);
      } finally {
        await admin.disconnect();
      }
    })();
    const runs: [string, string, number][] = [];
    for (const r of missing) {
      const last = runs[runs.length - 1];
      if (last && BigInt(last[1]) + 1n === BigInt(r.id)) {
        last[1] = r.id;
        last[2]++;
      } else runs.push([r.id, r.id, 1]);
    }
    console.log(
      `[faults] kafka-broker-kill-payroll: ${missing.length} outbox rows marked published are not on the wire ` +
        `(${missing.filter((r) => again.has(r.event_id)).length} of them found by a second reading); outbox id ranges ${JSON.stringify(runs.slice(0, 20))}; ` +
        `attempts ${JSON.stringify([...tally(missing, (r) => String(r.attempts)).counts.entries()])}; ` +
        `published_at ${missing[0]?.published_at?.toISOString()} .. ${missing[missing.length - 1]?.published_at?.toISOString()}; offsets ${JSON.stringify(offsets)}; ` +
        `wire messages ${seen.length}, second reading ${again.size} distinct`,
    );
  };

  it('publishes every payment once with a broker dead, and finance applies each exactly once', async () => {
    const rows = Array.from({ length: HOUSEHOLDS }, (_, i) => ({
      householdId: `FB${String(i).padStart(6, '0')}`,
      township: `T${String((i % TOWNSHIPS) + 1).padStart(2, '0')}`,
      scheme: SCHEME,
      persons: 1 + (i % 4),
      monthlyAmountFen: 20000 + (i % 50) * 100,
      ledgerNo: `FAULTS-B-${i}`,
    }));
    for (let i = 0; i < rows.length; i += 5000) {
      const r = await call('POST', `${system.url('payments')}/api/v1/enrolment-imports`, system.token('county_approver'), {
        reference: 'faults-broker-ledger',
        urbanStartPeriod: '2026-01',
        ruralStartPeriod: '2026-Q1',
        rows: rows.slice(i, i + 5000),
      });
      expect([200, 201]).toContain(r.status);
    }
    const [{ n: enrolled }] = await db.query(`SELECT count(*)::int AS n FROM enrolment WHERE scheme = $1 AND status = 'active'`, [SCHEME]);
    expect(enrolled).toBe(HOUSEHOLDS);

    // Leaders spread over the three brokers, as in a cluster that has run a while; the victim leads the most.
    await electPreferredLeaders();
    await eventually(async () => (await topicLeaders(Topics.payments)).leaders.size === 3, 30000, 500).catch(() => undefined);
    const victim = await busiestLeader(Topics.payments);
    const leadersBefore = await topicLeaders(Topics.payments);

    // The run (202, in the background); the broker dies once the relay has published part of it.
    const started = await call('POST', `${system.url('payments')}/api/v1/payroll-runs`, system.token('finance'), { scheme: SCHEME, period: PERIOD });
    expect(started.status).toBe(202);
    const runId = started.body.id as string;
    const atKill = await eventually(async () => {
      const s = await outboxState();
      return s.published > 0 ? s : undefined;
    }, 120000, 20);
    const killAt = Date.now();
    killed = await killKafkaNode(victim.node);
    const killedAt = Date.now();
    const [afterKill] = await db.query(`SELECT count(*)::int AS payments FROM payment`);

    // The controller fences the dead broker (KRaft: broker.session.timeout.ms, 9 s) and moves its partitions' leaders
    // to the two others ...
    const leadersWhileDown = await eventually(async () => {
      const l = await topicLeaders(Topics.payments);
      return l.leaders.has(victim.node) ? undefined : l;
    }, 90000, 250);
    const leadersMovedAfterKillMs = Date.now() - killedAt;
    // ... and with the broker dead the relay goes on publishing through them.
    const atMove = await outboxState();
    const progressed = await eventually(async () => {
      const s = await outboxState();
      return s.published > atMove.published || s.published === HOUSEHOLDS ? s : undefined;
    }, 120000, 50);
    const firstProgressAfterKillMs = Date.now() - killedAt;
    // Dead a while longer (at least 10 s in all), the relay still publishing if the run is not done.
    await sleep(Math.max(0, killedAt + 10000 - Date.now()));
    const beforeRestart = await outboxState();

    const restartAt = Date.now();
    await restartKafka();
    const restartMs = Date.now() - restartAt;

    // The run completes; every payment once in the database, one outbox row each, all published.
    await eventually(async () => {
      const [run] = await db.query(`SELECT status FROM payroll_run WHERE id = $1`, [runId]);
      return run?.status === 'completed';
    }, 180000, 250);
    const [counts] = await db.query(
      `SELECT count(*)::int AS payments, count(DISTINCT (household_id, scheme, period))::int AS households,
              (SELECT count(*)::int FROM batch) AS batches FROM payment`,
    );
    expect(counts).toEqual({ payments: HOUSEHOLDS, households: HOUSEHOLDS, batches: TOWNSHIPS });
    await eventually(async () => (await outboxState()).published === HOUSEHOLDS, 120000, 250);
    const drainedAfterKillMs = Date.now() - killedAt;
    const [outbox] = await db.query(`SELECT count(*)::int AS rows, count(DISTINCT event_id)::int AS events FROM outbox WHERE event_type = 'payment.scheduled'`);
    expect(outbox).toEqual({ rows: HOUSEHOLDS, events: HOUSEHOLDS });

    // The wire, read back from the beginning (all three brokers up again): every payment's event, each payment
    // with one eventId (a repeated message is the same event, never a second event for a payment).
    const wire = (await readTopic(Topics.payments, 120000)).filter((m) => m.type === 'payment.scheduled');
    const byKey = tally(wire, (m) => String(m.payload?.['idempotencyKey']));
    const byEventId = tally(wire, (m) => m.eventId);
    if (byEventId.counts.size !== HOUSEHOLDS) await explainMissing(wire.map((m) => m.eventId));
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

    // In effect: each payment applied exactly once by finance, past every message on the wire.
    await eventually(async () => {
      const [{ n }] = await financeDb.query(`SELECT count(DISTINCT idempotency_key)::int AS n FROM finance_effect`);
      return n === HOUSEHOLDS;
    }, 180000, 250);
    const financeCaughtUpAfterKillMs = Date.now() - killedAt;
    await waitForGroupAtEnd(`${system.groupPrefix}finance`, Topics.payments, 120000);
    const [effects] = await financeDb.query(
      `SELECT count(*)::int AS effects, count(DISTINCT idempotency_key)::int AS keys, COALESCE(max(n), 0)::int AS most
         FROM (SELECT idempotency_key, count(*) AS n FROM finance_effect GROUP BY idempotency_key) k
         RIGHT JOIN finance_effect USING (idempotency_key)`,
    );
    expect(effects).toEqual({ effects: HOUSEHOLDS, keys: HOUSEHOLDS, most: 1 });
    const [{ n: inbox }] = await financeDb.query(`SELECT count(*)::int AS n FROM inbox`);
    expect(inbox).toBe(HOUSEHOLDS);
    expect(system.alive('payments')).toBe(true);
    expect((await system.health('payments')).status).toBe(200);
    // The restarted broker is back in every partition's ISR.
    const isrAfter = await eventually(async () => {
      const { isr } = await topicLeaders(Topics.payments);
      return Object.values(isr).every((r) => r.includes(victim.node)) ? isr : undefined;
    }, 120000, 500);

    recordFigures('kafka-broker-kill-payroll', {
      households: HOUSEHOLDS,
      townships: TOWNSHIPS,
      killedNode: victim.node,
      partitionsLedByKilledNode: victim.partitions,
      leadersBefore: Object.fromEntries(leadersBefore.leaders),
      leadersWhileDown: Object.fromEntries(leadersWhileDown.leaders),
      paymentsAtKill: afterKill.payments,
      publishedAtKill: atKill.published,
      killMs: killedAt - killAt,
      leadersMovedAfterKillMs,
      publishedWhenLeadersMoved: atMove.published,
      firstProgressAfterKillMs,
      publishedAtFirstProgress: progressed.published,
      publishedWhileDown: beforeRestart.published - atKill.published,
      brokerDeadMs: restartAt - killedAt,
      restartMs,
      outboxDrainedAfterKillMs: drainedAfterKillMs,
      financeCaughtUpAfterKillMs,
      payments: counts.payments,
      eventsOnWire: wire.length,
      distinctIdempotencyKeys: byKey.counts.size,
      wireDuplicates: wire.length - byKey.counts.size,
      financeEffects: effects.effects,
      isrAfter,
      guarantee: 'exactly-once in the database and in effect (inbox); at-least-once on the wire',
    });
  });
});
