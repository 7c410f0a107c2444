// Supervision read benchmark: the built case-api over a `supervised_case` projection of N open cases.
//   node -r ./tools/register-paths.js bench/supervision.js [--open 100000] [--closed 100000] [--requests 100] [--duration 5] [--keep]
//
// 1. fresh database dibao_bench_supervision; the built case-api (bench/supervision-server.js: the AppModule without
//    its Kafka consumer) runs its migrations on it at boot, on 127.0.0.1:${3000 + 2000};
// 2. bulk SQL seed (not timed, not through events): N open cases over T01…T32 and the six stages (seeded random:
//    80 % rural; deadlines from 3 days ago to 27 days ahead on the stages that have one, so ≈ 7 % are past theirs;
//    2 % past the whole case's deadline; submitted in the last 60 days; four caseworkers per township), `--closed`
//    closed cases beside them, three caseworker steps per open case; VACUUM ANALYZE;
// 3. over HTTP with a supervisor token, one request at a time (`--requests` each, after 5 warm-ups):
//    GET /supervision/overview?fresh=true (county overview, uncached), GET /supervision/workload (the township table:
//    open/overdue/stalled per township and the caseworkers' load), GET /supervision/townships/T../cases?kind=overdue
//    &pageSize=100 (first page of a random township) and its next page (keyset token): p50 / p99 / max ms;
// 4. autocannon, 10 connections, `--duration` s: the overview and the overdue list page (req/s, p50/p99).
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const autocannon = require('autocannon');
const { DataSource } = require('typeorm');
const { signToken } = require('@dibao/platform');
const { freshDatabase } = require('@dibao/platform/testing');
const lib = require('./lib');

const DB = 'dibao_bench_supervision';
const JWT_SECRET = 'dibao-bench-secret-0123456789';
const argv = process.argv.slice(2);
const open = Number(lib.arg(argv, 'open', '100000'));
const closed = Number(lib.arg(argv, 'closed', '100000'));
const requests = Number(lib.arg(argv, 'requests', '100'));
const duration = Number(lib.arg(argv, 'duration', '5'));
const TOWNSHIPS = Array.from({ length: 32 }, (_, i) => `T${String(i + 1).padStart(2, '0')}`);
const say = (m) => console.log(m);

async function seed(url) {
  const ds = new DataSource({ type: 'postgres', url });
  await ds.initialize();
  const qr = ds.createQueryRunner();
  const t = Date.now();
  try {
    await qr.startTransaction();
    await qr.query(`SELECT setseed(0.2026)`);
    // Stage by weight: application 25 %, investigation 25 %, appraisal 15 %, publicity 15 %, township review 10 %,
    // county approval 10 %. Deadlines only where the policy has one (not application, not township review).
    await qr.query(
      `WITH r AS (
         SELECT i, 1 + floor(random() * 32)::int AS tw, random() AS s, random() AS sch, random() AS sub, random() AS ent,
                random() AS due, random() AS ov, floor(random() * 4)::int AS cw
           FROM generate_series(1, $1::int) AS i),
       c AS (
         SELECT i, 'T' || lpad(tw::text, 2, '0') AS township, CASE WHEN sch < 0.8 THEN 'rural' ELSE 'urban' END AS scheme,
                CASE WHEN s < 0.25 THEN 'application' WHEN s < 0.50 THEN 'investigation' WHEN s < 0.65 THEN 'appraisal'
                     WHEN s < 0.80 THEN 'publicity' WHEN s < 0.90 THEN 'township_review' ELSE 'county_approval' END AS stage,
                now() - sub * interval '60 days' AS submitted, ent, due, ov, cw
           FROM r),
       d AS (
         SELECT c.*, submitted + ent * (now() - submitted) AS entered,
                CASE WHEN stage IN ('application', 'township_review') THEN NULL
                     ELSE (now() + (due * 30 - 3) * interval '1 day')::date END AS due_on
           FROM c)
       INSERT INTO supervised_case (case_id, household_id, township, scheme, stage, stage_entered_at, stage_due_on, stage_overdue_at,
                                    stage_overdue_marked, overall_overdue_at, submitted_at, caseworker_id, caseworker_at, last_event_at)
       SELECT 'bench-open-' || i, 'hh-open-' || i, township, scheme, stage, entered, due_on,
              coalesce((due_on + 1)::timestamp AT TIME ZONE 'Asia/Shanghai', 'infinity'),
              coalesce((due_on + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' <= now(), false),
              CASE WHEN ov < 0.02 THEN now() - ov * interval '50 days' END,
              submitted, 'cw-' || township || '-' || cw, entered, entered
         FROM d`,
      [open],
    );
    await qr.query(
      `INSERT INTO supervised_case (case_id, household_id, township, scheme, stage, stage_entered_at, submitted_at, closed_at, last_event_at)
       SELECT 'bench-closed-' || i, 'hh-closed-' || i, 'T' || lpad((1 + i % 32)::text, 2, '0'),
              CASE WHEN i % 5 = 0 THEN 'urban' ELSE 'rural' END, CASE WHEN i % 10 = 0 THEN 'rejected' ELSE 'approved' END,
              now() - (i % 300) * interval '1 day', now() - (i % 300 + 30) * interval '1 day', now() - (i % 300) * interval '1 day',
              now() - (i % 300) * interval '1 day'
         FROM generate_series(1, $1::int) AS i`,
      [closed],
    );
    await qr.query(
      `INSERT INTO case_step (event_id, case_id, township, actor_id, actor_role, to_stage, at)
       SELECT gen_random_uuid(), c.case_id, c.township, c.caseworker_id, 'caseworker', c.stage, c.submitted_at + k * (now() - c.submitted_at) / 3
         FROM supervised_case c CROSS JOIN generate_series(0, 2) AS k WHERE c.closed_at IS NULL`,
    );
    await qr.commitTransaction();
    const seedMs = Date.now() - t;
    await ds.query('VACUUM ANALYZE supervised_case');
    await ds.query('VACUUM ANALYZE case_step');
    const [facts] = await ds.query(
      `SELECT count(*) FILTER (WHERE closed_at IS NULL)::int AS open, count(*) FILTER (WHERE closed_at IS NOT NULL)::int AS closed,
              count(*) FILTER (WHERE closed_at IS NULL AND (stage_overdue_marked OR stage_overdue_at <= now() OR overall_overdue_at IS NOT NULL))::int AS overdue,
              pg_total_relation_size('supervised_case') AS bytes
         FROM supervised_case`,
    );
    const [steps] = await ds.query(`SELECT count(*)::int AS n FROM case_step`);
    return { seedMs, ...facts, tableMiB: lib.mib(Number(facts.bytes)), steps: steps.n };
  } finally {
    await qr.release();
    await ds.destroy();
  }
}

async function timeGet(url, token) {
  const t = process.hrtime.bigint();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.json();
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (res.status !== 200) throw new Error(`GET ${url} → ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return { ms, body };
}

function stats(values) {
  const r = (x) => Math.round(x * 10) / 10;
  return {
    n: values.length,
    p50Ms: r(lib.percentile(values, 50)),
    p99Ms: r(lib.percentile(values, 99)),
    maxMs: r(Math.max(...values)),
    meanMs: r(values.reduce((a, b) => a + b, 0) / values.length),
  };
}

function load(url, token, pick) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, connections: 10, duration, headers: { authorization: `Bearer ${token}` }, requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: pick() }) }] },
      (err, r) => (err ? reject(err) : resolve({ requestsPerS: Math.round(r.requests.average), p50Ms: r.latency.p50, p99Ms: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx })),
    );
    instance.on('error', reject);
  });
}

async function main() {
  const result = { open, closed, requests, durationS: duration };
  const url = await freshDatabase(DB);
  const { kafkaBrokers, temporalAddress } = lib.stack();
  const PORT = await lib.freePort(3000 + 2000);
  const logDir = path.join(lib.root, '.local/logs/bench');
  fs.mkdirSync(logDir, { recursive: true });
  const log = fs.openSync(path.join(logDir, 'case-api-supervision.log'), 'w');
  const server = spawn(process.execPath, ['-r', path.join(lib.root, 'tools/register-paths.js'), path.join(__dirname, 'supervision-server.js')], {
    cwd: lib.root,
    env: {
      ...process.env,
      SERVICE_NAME: 'case-api-bench-supervision',
      PORT: String(PORT),
      LOG_LEVEL: 'warn',
      JWT_SECRET,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: 'dibao-bench',
      SUPERVISION_DATABASE_URL: url,
      KAFKA_BROKERS: kafkaBrokers,
      SUPERVISION_OVERVIEW_CACHE_S: '0',
    },
    stdio: ['ignore', log, log],
  });
  let exited = false;
  server.on('exit', () => (exited = true));
  const base = `http://127.0.0.1:${PORT}/api/v1/supervision`;
  try {
    const deadline = Date.now() + 120000;
    for (;;) {
      if (exited) throw new Error(`case-api exited; see ${path.join(logDir, 'case-api-supervision.log')}`);
      const health = await fetch(`http://127.0.0.1:${PORT}/health`).then((r) => r.text().then((b) => ({ status: r.status, b })), () => ({ status: 0, b: '' }));
      if (health.status === 200 && !health.b.includes('case-api-bench-supervision')) throw new Error(`another service answers on port ${PORT}`);
      if (health.status === 200) break;
      if (Date.now() > deadline) throw new Error('case-api was not healthy within 120 s');
      await lib.sleep(300);
    }
    // Migrated at boot: seed the projection.
    result.seed = await seed(url);
    say(`seeded ${lib.fmt(result.seed.open)} open + ${lib.fmt(result.seed.closed)} closed cases (${lib.fmt(result.seed.overdue)} overdue open), ${lib.fmt(result.seed.steps)} steps in ${(result.seed.seedMs / 1000).toFixed(1)} s; supervised_case ${result.seed.tableMiB} MiB with its index`);

    const token = signToken({ sub: 'bench-supervisor', role: 'supervisor' }, JWT_SECRET);
    const rnd = (n) => Math.floor(Math.random() * n);
    const check = await timeGet(`${base}/overview?fresh=true`, token);
    if (check.body.totals.open !== result.seed.open || check.body.totals.overdue !== result.seed.overdue) {
      throw new Error(`the overview counts ${check.body.totals.open} open / ${check.body.totals.overdue} overdue, the seed ${result.seed.open} / ${result.seed.overdue}`);
    }
    result.overviewTotals = check.body.totals;

    const measure = async (name, fn) => {
      for (let i = 0; i < 5; i++) await fn();
      const times = [];
      for (let i = 0; i < requests; i++) times.push(await fn());
      result[name] = stats(times);
      say(`${name}: p50 ${result[name].p50Ms} ms, p99 ${result[name].p99Ms} ms, max ${result[name].maxMs} ms (${requests} requests, one at a time)`);
    };
    await measure('overview', async () => (await timeGet(`${base}/overview?fresh=true`, token)).ms);
    await measure('townshipTable', async () => {
      const r = await timeGet(`${base}/workload`, token);
      if (r.body.townships.length !== 32 || !r.body.caseworkers?.length) throw new Error('workload: expected 32 townships and caseworkers');
      return r.ms;
    });
    const nextTokens = [];
    await measure('overdueFirstPage', async () => {
      const r = await timeGet(`${base}/townships/${TOWNSHIPS[rnd(32)]}/cases?kind=overdue&pageSize=100`, token);
      if (!r.body.items.length || !r.body.items.every((c) => c.overdue)) throw new Error('overdue list: expected overdue cases only');
      if (r.body.nextPageToken) nextTokens.push([r.body.township, r.body.nextPageToken]);
      return r.ms;
    });
    if (nextTokens.length > 0) await measure('overdueNextPage', async () => {
      const [tw, next] = nextTokens[rnd(nextTokens.length)];
      return (await timeGet(`${base}/townships/${tw}/cases?kind=overdue&pageSize=100&pageToken=${next}`, token)).ms;
    });
    result.concurrent = {
      overview: await load(`http://127.0.0.1:${PORT}`, token, () => '/api/v1/supervision/overview?fresh=true'),
      overduePage: await load(`http://127.0.0.1:${PORT}`, token, () => `/api/v1/supervision/townships/${TOWNSHIPS[rnd(32)]}/cases?kind=overdue&pageSize=100`),
    };
    say(`10 connections, ${duration} s: overview ${result.concurrent.overview.requestsPerS} req/s (p50 ${result.concurrent.overview.p50Ms}, p99 ${result.concurrent.overview.p99Ms} ms), overdue page ${result.concurrent.overduePage.requestsPerS} req/s (p50 ${result.concurrent.overduePage.p50Ms}, p99 ${result.concurrent.overduePage.p99Ms} ms)`);
    result.serverPeakRssMiB = Math.round((lib.procMem(server.pid)?.hwmKb ?? 0) / 1024);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => (exited ? r() : server.once('exit', r)));
  }
  lib.emitResult(result);
  if (!argv.includes('--keep')) await lib.dropDatabase(DB);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
