// Payroll benchmark (one size per process, so peak RSS belongs to one size):
//   node -r ./tools/register-paths.js bench/payroll.js --households 100000 [--townships 32] [--relay-batch 2000] [--keep]
//
// 1. fresh database dibao_bench_payments (payments migrations), N rural enrolments seeded set-based with the same
//    SQL as apps/payments/src/bench/payroll.bench.ts (not timed);
// 2. OURS: the real PayrollService.execute (one transaction per township, payments + outbox rows), then the
//    platform's real OutboxRelay.drain() with the real idempotent producer (createIdempotentProducer). The relay
//    publishes to the row's topic (dibao.payments.v1); the producer handed to it renames that topic to the bench
//    topic, so a million bench events never land on the topic other engineers' tests read from the beginning;
// 3. RAW CEILING: `COPY … FROM STDIN` through psql of the very same payment and outbox rows into plain tables
//    with the same columns (no indexes, no constraints), plus a plain (non-idempotent) kafkajs producer sending
//    the same N envelopes (same bytes) in batches of 1,000, 4 batches in flight, acks=all, to a second bench topic.
// Prints progress on stdout and one `RESULT {json}` line at the end (read by bench/run.js).
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
require('reflect-metadata');
const { Logger } = require('@nestjs/common');
const { DataSource } = require('typeorm');
const { Partitioners } = require('kafkajs');
const { postgresOptions, OutboxRelay, createKafka, createIdempotentProducer } = require('@dibao/platform');
const { freshDatabase } = require('@dibao/platform/testing');
const lib = require('./lib');

const dist = path.join(lib.root, 'dist/apps/payments/src');
const { PAYMENTS_MIGRATIONS } = require(path.join(dist, 'migrations/index'));
const { PayrollService } = require(path.join(dist, 'payroll/payroll.service'));

const DB = 'dibao_bench_payments';
const OURS_TOPIC = 'dibao.bench.payments.v1';
const RAW_TOPIC = 'dibao.bench.raw.v1';
const PARTITIONS = 3; // as dibao.payments.v1 (infra/kafka/topics.txt default)

const argv = process.argv.slice(2);
const households = Number(lib.arg(argv, 'households', '10000'));
const townships = Number(lib.arg(argv, 'townships', '32'));
const relayBatch = Number(lib.arg(argv, 'relay-batch', '2000'));
// kafkajs puts a partition's share of a sendBatch into one record batch, and the broker takes at most
// message.max.bytes (1 MiB default) per batch: 1,000 envelopes of ~700 B over 3 partitions stay well under it.
const rawBatch = Number(lib.arg(argv, 'raw-batch', '1000'));
const rawInFlight = Number(lib.arg(argv, 'raw-in-flight', '4'));
const keep = argv.includes('--keep');
const say = (m) => console.log(m);

async function recreateTopics(admin, topics) {
  const existing = await admin.listTopics();
  const old = topics.filter((t) => existing.includes(t));
  if (old.length) {
    await admin.deleteTopics({ topics: old, timeout: 30000 });
    // deletion is asynchronous in KRaft: wait until the names are gone before creating them again
    for (let i = 0; i < 100 && (await admin.listTopics()).some((t) => old.includes(t)); i++) await lib.sleep(200);
  }
  for (let i = 0; ; i++) {
    try {
      await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: Number(process.env.DIBAO_KAFKA_REPLICATION_FACTOR ?? 1) })), waitForLeaders: true });
      return;
    } catch (e) {
      if (i >= 20) throw e;
      await lib.sleep(500);
    }
  }
}

async function topicMessages(admin, topic) {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((s, o) => s + Number(o.high) - Number(o.low), 0);
}

/** psql with the database URL; `stdinFile` streams a file in (COPY … FROM STDIN), `stdoutFile` takes COPY … TO STDOUT. */
function psql(url, sql, { stdinFile, stdoutFile } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-X', '-c', sql], {
      stdio: [stdinFile ? fs.openSync(stdinFile, 'r') : 'ignore', stdoutFile ? fs.openSync(stdoutFile, 'w') : 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql ${sql.slice(0, 60)}…: ${err.trim()}`))));
  });
}

/** Peak RSS (VmHWM) of this database's PostgreSQL backends, i.e. the connections of our pool (incl. shared buffers they touched). */
async function pgBackendPeakMiB(ds) {
  const rows = await ds.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
  const hwm = rows.map((r) => lib.procMem(r.pid)?.hwmKb ?? 0);
  return Math.round(Math.max(0, ...hwm) / 1024);
}

async function main() {
  if (!Number.isSafeInteger(households) || households < 1) throw new Error('--households must be a positive integer');
  Logger.overrideLogger(['error', 'warn']);
  const { kafkaBrokers } = lib.stack();
  const result = { households, townships, scheme: 'rural', period: '2026-Q2', relayBatchSize: relayBatch, topic: OURS_TOPIC };

  const url = await freshDatabase(DB);
  const ds = new DataSource(postgresOptions({ url, entities: [], migrations: PAYMENTS_MIGRATIONS, poolSize: 4 }));
  await ds.initialize();
  const kafka = createKafka('dibao-bench', kafkaBrokers.split(','));
  const admin = kafka.admin();
  await admin.connect();
  await recreateTopics(admin, [OURS_TOPIC, RAW_TOPIC]);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dibao-bench-payroll-'));
  try {
    // ---- seed (not timed): the SQL of apps/payments/src/bench/payroll.bench.ts, rural 2026-Q2
    let t = Date.now();
    await ds.query(
      `INSERT INTO enrolment (household_id, scheme, township, case_id, start_period, status, monthly_amount_fen, persons, payee, created_by, created_by_role)
       SELECT 'H' || lpad(g::text, 7, '0'), 'rural', 'T' || lpad((g % $2)::text, 2, '0'), 'C' || g, '2026-Q2', 'active',
              5000 + (g * 37 % 35000), 1 + g % 5,
              CASE WHEN g % 20 = 0 THEN jsonb_build_object('kind', 'proxy', 'proxyName', '代领人' || g, 'entrustmentRef', 'WT-' || g)
                   ELSE '{"kind":"own-account"}'::jsonb END,
              'bench', 'system'
         FROM generate_series(1, $1) AS g`,
      [households, townships],
    );
    await ds.query(
      `INSERT INTO enrolment_version (enrolment_id, from_month, from_period, status, monthly_amount_fen, persons,
                                      assessed_annual_income_fen, payee, change_kind, reason, actor_id, actor_role)
       SELECT id, $1, start_period, 'active', monthly_amount_fen, persons, 0, payee, 'enrolled', 'bench', 'bench', 'system' FROM enrolment`,
      [2026 * 12 + 3],
    );
    await ds.query('VACUUM ANALYZE');
    result.seedMs = Date.now() - t;
    say(`seeded ${households} rural enrolments in ${townships} townships in ${result.seedMs} ms`);

    // ---- OURS, part 1: the payroll run (set-based SQL, payments + outbox rows in one transaction per township)
    const actor = { id: 'bench', role: 'finance' };
    const payroll = new PayrollService(ds);
    const runId = await payroll.open('rural', '2026-Q2', actor);
    let mem = lib.memorySampler();
    let cpu0 = lib.cpuSnapshot();
    t = Date.now();
    await payroll.execute(runId, actor);
    result.payrollMs = Date.now() - t;
    result.payrollCpu = lib.cpuDelta(cpu0, lib.cpuSnapshot());
    result.payrollStackMemMiB = mem.stop();
    result.payrollPgBackendPeakMiB = await pgBackendPeakMiB(ds);
    const [c] = await ds.query(
      `SELECT (SELECT count(*) FROM payment)::int AS payments, (SELECT count(*) FROM outbox)::int AS outbox,
              (SELECT sum(amount_fen) FROM payment)::text AS amount,
              (SELECT avg(octet_length(envelope::text))::int FROM outbox) AS avg_envelope_bytes,
              pg_total_relation_size('payment') AS payment_bytes, pg_total_relation_size('outbox') AS outbox_bytes`,
    );
    if (c.payments !== households || c.outbox !== households) throw new Error(`expected ${households} payments and outbox rows, got ${JSON.stringify(c)}`);
    Object.assign(result, {
      payments: c.payments,
      outboxRows: c.outbox,
      avgEnvelopeBytes: c.avg_envelope_bytes,
      paymentTableMiB: lib.mib(Number(c.payment_bytes)),
      outboxTableMiB: lib.mib(Number(c.outbox_bytes)),
    });
    say(`payroll: ${households} payments + ${c.outbox} outbox rows in ${result.payrollMs} ms (${Math.round((households / result.payrollMs) * 1000)} households/s)`);

    // ---- OURS, part 2: the platform's outbox relay drains everything to Kafka
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    const sendTimes = [];
    const gaps = []; // between two sends: UPDATE + COMMIT of one batch, then BEGIN + claim SELECT + JSON of the next
    let lastEnd;
    const benchProducer = {
      // The real producer; only the topic name changes (dibao.payments.v1 -> the bench topic).
      async sendBatch(batch) {
        const s = performance.now();
        if (lastEnd !== undefined) gaps.push(s - lastEnd);
        try {
          return await producer.sendBatch({ ...batch, topicMessages: batch.topicMessages.map((tm) => ({ ...tm, topic: OURS_TOPIC })) });
        } finally {
          lastEnd = performance.now();
          sendTimes.push(lastEnd - s);
        }
      },
    };
    const relay = new OutboxRelay(ds, benchProducer, { batchSize: relayBatch });
    const before = await topicMessages(admin, OURS_TOPIC);
    mem = lib.memorySampler();
    cpu0 = lib.cpuSnapshot();
    let progressAt = Date.now();
    const progress = setInterval(() => {
      const done = sendTimes.length * relayBatch;
      say(`  relay … ${Math.min(done, households)} / ${households} (${Math.round(((Math.min(done, households) / (Date.now() - progressAt)) * 1000))} events/s)`);
    }, 5000);
    t = Date.now();
    progressAt = t;
    let published;
    try {
      published = await relay.drain();
    } finally {
      clearInterval(progress);
    }
    result.relayMs = Date.now() - t;
    result.relayCpu = lib.cpuDelta(cpu0, lib.cpuSnapshot());
    result.relayStackMemMiB = mem.stop();
    result.relayPgBackendPeakMiB = await pgBackendPeakMiB(ds);
    result.peakRssMiB = lib.selfPeakRssMiB(); // seed + payroll + relay: everything of OURS
    const onKafka = (await topicMessages(admin, OURS_TOPIC)) - before;
    const [left] = await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`);
    if (published !== households || onKafka !== households || left.n !== 0) {
      throw new Error(`relay published ${published}, ${onKafka} on Kafka, ${left.n} left in the outbox (expected ${households})`);
    }
    const sendTotal = sendTimes.reduce((a, b) => a + b, 0);
    Object.assign(result, {
      published,
      onKafka,
      relayBatches: sendTimes.length,
      relayKafkaSendMs: Math.round(sendTotal),
      relayDbAndJsMs: Math.round(result.relayMs - sendTotal),
      relaySendP50Ms: +lib.percentile(sendTimes, 50).toFixed(1),
      relaySendP99Ms: +lib.percentile(sendTimes, 99).toFixed(1),
      // DB side of one batch, early vs late in the drain: does claiming get slower as published rows pile up?
      relayGapFirstTenthP50Ms: +(lib.percentile(gaps.slice(0, Math.max(1, Math.floor(gaps.length / 10))), 50) ?? 0).toFixed(1),
      relayGapLastTenthP50Ms: +(lib.percentile(gaps.slice(-Math.max(1, Math.floor(gaps.length / 10))), 50) ?? 0).toFixed(1),
    });
    await producer.disconnect();
    result.oursTotalMs = result.payrollMs + result.relayMs;
    result.oursHouseholdsPerS = Math.round((households / result.oursTotalMs) * 1000);
    result.payrollHouseholdsPerS = Math.round((households / result.payrollMs) * 1000);
    result.relayEventsPerS = Math.round((published / result.relayMs) * 1000);
    say(
      `relay: ${published} events on ${OURS_TOPIC} in ${result.relayMs} ms (${result.relayEventsPerS} events/s; ` +
        `${result.relayBatches} batches, Kafka send ${result.relayKafkaSendMs} ms, DB+JSON ${result.relayDbAndJsMs} ms; ` +
        `between sends p50 ${result.relayGapFirstTenthP50Ms} ms early, ${result.relayGapLastTenthP50Ms} ms late)`,
    );

    // ---- RAW CEILING, database: COPY the same rows into plain tables with the same columns (psql, COPY FROM STDIN)
    const paymentsFile = path.join(tmp, 'payment.copy');
    const outboxFile = path.join(tmp, 'outbox.copy');
    await psql(url, 'COPY payment TO STDOUT', { stdoutFile: paymentsFile });
    await psql(url, 'COPY outbox TO STDOUT', { stdoutFile: outboxFile });
    await ds.query('CREATE TABLE raw_payment (LIKE payment)'); // same columns and types; no index, no constraint but NOT NULL
    await ds.query('CREATE TABLE raw_outbox (LIKE outbox)');
    result.rawCopyBytes = fs.statSync(paymentsFile).size + fs.statSync(outboxFile).size;
    cpu0 = lib.cpuSnapshot();
    t = Date.now();
    await psql(url, 'COPY raw_payment FROM STDIN', { stdinFile: paymentsFile });
    await psql(url, 'COPY raw_outbox FROM STDIN', { stdinFile: outboxFile });
    result.rawCopyMs = Date.now() - t;
    result.rawCopyCpu = lib.cpuDelta(cpu0, lib.cpuSnapshot());
    fs.rmSync(paymentsFile);
    fs.rmSync(outboxFile);
    say(`raw COPY: ${households} payment rows + ${households} outbox rows (${lib.mib(result.rawCopyBytes)} MiB of COPY text) in ${result.rawCopyMs} ms`);

    // ---- RAW CEILING, Kafka: the same envelopes (same bytes as the relay sends), plain producer, batched
    const messages = [];
    let lastId = '0';
    for (;;) {
      const rows = await ds.query(`SELECT id, message_key, envelope FROM outbox WHERE id > $1 ORDER BY id LIMIT 20000`, [lastId]);
      if (rows.length === 0) break;
      for (const r of rows) messages.push({ key: r.message_key, value: JSON.stringify(r.envelope) });
      lastId = rows[rows.length - 1].id;
    }
    result.avgMessageBytes = Math.round(messages.reduce((s, m) => s + Buffer.byteLength(m.value), 0) / messages.length);
    const plain = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    await plain.connect();
    const rawBefore = await topicMessages(admin, RAW_TOPIC);
    cpu0 = lib.cpuSnapshot();
    t = Date.now();
    let next = 0;
    const lane = async () => {
      while (next < messages.length) {
        const from = next;
        next += rawBatch;
        await plain.sendBatch({ topicMessages: [{ topic: RAW_TOPIC, messages: messages.slice(from, from + rawBatch) }], acks: -1 });
      }
    };
    await Promise.all(Array.from({ length: rawInFlight }, lane));
    result.rawProduceMs = Date.now() - t;
    result.rawProduceCpu = lib.cpuDelta(cpu0, lib.cpuSnapshot());
    await plain.disconnect();
    const rawOnKafka = (await topicMessages(admin, RAW_TOPIC)) - rawBefore;
    if (rawOnKafka !== households) throw new Error(`raw produce: ${rawOnKafka} on Kafka, expected ${households}`);
    result.rawProduceBatchSize = rawBatch;
    result.rawProduceInFlight = rawInFlight;
    result.rawTotalMs = result.rawCopyMs + result.rawProduceMs;
    result.rawHouseholdsPerS = Math.round((households / result.rawTotalMs) * 1000);
    result.rawEventsPerS = Math.round((households / result.rawProduceMs) * 1000);
    result.ratioOursToRaw = +(result.oursHouseholdsPerS / result.rawHouseholdsPerS).toFixed(3);
    result.ratioPayrollToCopy = +(result.rawCopyMs / result.payrollMs).toFixed(3);
    result.ratioRelayToRawProduce = +(result.rawProduceMs / result.relayMs).toFixed(3);
    say(`raw produce: ${households} messages (${result.avgMessageBytes} B avg) in ${result.rawProduceMs} ms (${result.rawEventsPerS} events/s)`);
    say(`ours ${result.oursHouseholdsPerS} households/s end-to-end vs raw ${result.rawHouseholdsPerS}: ratio ${result.ratioOursToRaw}`);
    messages.length = 0;

    // What the relay's claim query costs once the outbox is mostly published (index on pending rows)
    const plan = await ds.query(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT id, topic, message_key, envelope FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT ${relayBatch}`,
    );
    result.relayClaimQueryAfterDrainMs = plan[0]['QUERY PLAN'][0]['Execution Time'];
  } finally {
    await admin.deleteTopics({ topics: [OURS_TOPIC, RAW_TOPIC], timeout: 30000 }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await ds.destroy().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  // The figures first: dropping a freshly loaded database can wait on autovacuum.
  lib.emitResult(result);
  if (!keep) await lib.dropDatabase(DB);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
