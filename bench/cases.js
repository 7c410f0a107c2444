// Case throughput benchmark.
//   node -r ./tools/register-paths.js bench/cases.js [--cases 1000] [--concurrency 50] [--publicity-ms 1000]
//                                                    [--reads-duration 10] [--only baseline,cases]
//
// CASES: the built case-worker and case-api (dist/, as `npm start` runs them) on their own task queue and a fresh
//   database dibao_bench_cases; publicity shortened to --publicity-ms through the worker's PUBLICITY_DURATION_MS
//   (still a durable Temporal timer). Each case goes through the public HTTP API like a caseworker, a township
//   reviewer and a county approver would: POST /cases, acceptance, investigation, appraisal (-> publicity),
//   GET /cases/{id} every 200 ms until township_review, township-review, county-decision (-> approved).
//   `--concurrency` cases at a time. The worker's outbox relay runs for real; a trigger in the bench database
//   sends its rows to the topic dibao.bench.cases.v1 instead of dibao.cases.v1 (other engineers' tests consume
//   that one from the beginning, and payments would enrol a thousand bench households).
//   Then case reads: autocannon on GET /cases/{id} and GET /cases?township=… for --reads-duration seconds.
// BASELINE: a bare Temporal workflow (bench/temporal/baseline.workflow.js) in its own worker process
//   (bench/temporal/baseline-worker.js), driven by @temporalio/client: per case start + as many updates as a case
//   has steps (5) + result, the same concurrency, the same Temporal server. The ratio cases/baseline says how much
//   of Temporal's ceiling on this machine the real path reaches.
const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const autocannon = require('autocannon');
const { Connection, Client } = require('@temporalio/client');
const { DataSource } = require('typeorm');
const lib = require('./lib');

const argv = process.argv.slice(2);
const cases = Number(lib.arg(argv, 'cases', '1000'));
const concurrency = Number(lib.arg(argv, 'concurrency', '50'));
const publicityMs = Number(lib.arg(argv, 'publicity-ms', '1000'));
const readsDuration = Number(lib.arg(argv, 'reads-duration', '10'));
const only = lib.arg(argv, 'only', 'cases,baseline').split(',');
// A step sent right after POST /cases can reach the workflow before its update handlers exist (they are
// registered after the settings are loaded): the update then fails and case-api answers 500. A client that reads
// the case it created first (GET retries "the case is starting") avoids that; --no-first-read measures without it.
const firstRead = !argv.includes('--no-first-read');
// The updates of one case on the happy path: acceptance, investigation, appraisal, township review, county decision.
const CASE_STEPS = ['acceptance', 'investigation', 'appraisal', 'township-review', 'county-decision'];
const steps = Number(lib.arg(argv, 'steps', String(CASE_STEPS.length)));
const say = (m) => console.log(m);

/** Runs `n` jobs with at most `c` at a time. */
async function pool(n, c, job) {
  let next = 0;
  const lane = async () => {
    while (next < n) await job(next++);
  };
  await Promise.all(Array.from({ length: Math.min(c, n) }, lane));
}

function stats(values) {
  return {
    n: values.length,
    p50Ms: values.length ? +lib.percentile(values, 50).toFixed(1) : null,
    p99Ms: values.length ? +lib.percentile(values, 99).toFixed(1) : null,
    maxMs: values.length ? +Math.max(...values).toFixed(1) : null,
  };
}

function startWorker(taskQueue) {
  return new Promise((resolve, reject) => {
    const logDir = path.join(lib.root, '.local/logs/bench');
    fs.mkdirSync(logDir, { recursive: true });
    const child = spawn(process.execPath, [path.join(__dirname, 'temporal/baseline-worker.js'), taskQueue], {
      cwd: lib.root,
      env: process.env,
      stdio: ['ignore', 'pipe', fs.openSync(path.join(logDir, 'baseline-worker.log'), 'w')],
    });
    let buf = '';
    child.stdout.on('data', (c) => {
      buf += c;
      const m = buf.match(/READY bundle (\d+) ms/);
      if (m) resolve({ child, bundleMs: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`baseline worker exited (${code}); see .local/logs/bench/baseline-worker.log`)));
  });
}

async function baseline() {
  const { temporalAddress } = lib.stack();
  const taskQueue = `dibao-bench-baseline-${process.pid}-${Date.now()}`;
  const { child, bundleMs } = await startWorker(taskQueue);
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection, namespace: process.env.DIBAO_BENCH_TEMPORAL_NAMESPACE ?? 'dibao-bench' });
  const lat = { start: [], update: Array.from({ length: steps }, () => []), result: [], case: [] };
  try {
    // warm-up: JIT, worker cache, gRPC channels
    await runOne(client, taskQueue, 'warmup-0', null);
    const cpu0 = lib.cpuSnapshot({ worker: child.pid });
    const mem = lib.memorySampler();
    const t = Date.now();
    await pool(cases, concurrency, (i) => runOne(client, taskQueue, String(i), lat));
    const wallMs = Date.now() - t;
    const cpu = lib.cpuDelta(cpu0, lib.cpuSnapshot({ worker: child.pid }));
    const updatesAll = lat.update.flat();
    const history = await historyByType(temporalAddress, `${taskQueue}-0`);
    return {
      cases,
      concurrency,
      updatesPerCase: steps,
      taskQueue,
      bundleMs,
      wallMs,
      casesPerMin: Math.round((cases / wallMs) * 60000),
      callsPerS: Math.round(((cases * (steps + 1)) / wallMs) * 1000),
      latency: {
        start: stats(lat.start),
        update: stats(updatesAll),
        perUpdate: lat.update.map(stats),
        result: stats(lat.result),
        wholeCase: stats(lat.case),
      },
      cpu,
      workerPeakRssMiB: Math.round((lib.procMem(child.pid)?.hwmKb ?? 0) / 1024),
      historyOfOneCase: history,
      stackMemMiB: mem.stop(),
    };
  } finally {
    child.kill('SIGTERM');
    await connection.close();
  }

  async function runOne(c, tq, id, into) {
    const t0 = performance.now();
    const handle = await c.workflow.start('benchBaseline', { taskQueue: tq, workflowId: `${tq}-${id}`, args: [steps] });
    const t1 = performance.now();
    into?.start.push(t1 - t0);
    for (let k = 0; k < steps; k++) {
      const s = performance.now();
      await handle.executeUpdate('step', { args: [k] });
      into?.update[k].push(performance.now() - s);
    }
    const s = performance.now();
    await handle.result();
    const end = performance.now();
    into?.result.push(end - s);
    into?.case.push(end - t0);
  }
}

// ---------------------------------------------------------------------------------------------------------
// The real path: case-worker + case-api from dist/, driven over HTTP.

const DB = 'dibao_bench_cases';
const HOUSEHOLDS_DB = 'dibao_bench_cases_households';
const BENCH_TOPIC = 'dibao.bench.cases.v1';
const JWT_SECRET = 'dibao-bench-secret-0123456789';
let WORKER_PORT = 3004 + 2000; // or a free port, see lib.freePort
let API_PORT = 3000 + 2000;
let HOUSEHOLDS_PORT = 3001 + 2100;

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** One JSON request; resolves with status and parsed body (never rejects on an HTTP status). */
function call(method, url, token, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}),
        },
        timeout: 60000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          let parsed = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

function spawnApp(name, main, env) {
  const logDir = path.join(lib.root, '.local/logs/bench');
  fs.mkdirSync(logDir, { recursive: true });
  const log = fs.openSync(path.join(logDir, `${name}.log`), 'w');
  const child = spawn(process.execPath, ['-r', path.join(lib.root, 'tools/register-paths.js'), path.join(lib.root, main)], {
    cwd: lib.root,
    env: { ...process.env, ...env },
    stdio: ['ignore', log, log],
  });
  child.exitedWith = null;
  child.on('exit', (code, signal) => (child.exitedWith = { code, signal }));
  return child;
}

async function waitHealthy(child, name, port, serviceName) {
  const deadline = Date.now() + 120000;
  for (;;) {
    if (child.exitedWith) throw new Error(`${name} exited ${JSON.stringify(child.exitedWith)}; see .local/logs/bench/${name}.log`);
    const r = await call('GET', `http://127.0.0.1:${port}/health`).catch(() => ({ status: 0 }));
    if (r.status === 200 && !JSON.stringify(r.body).includes(serviceName)) throw new Error(`another service answers on port ${port}`);
    if (r.status === 200) return;
    if (Date.now() > deadline) throw new Error(`${name} not healthy on :${port} within 120 s; see .local/logs/bench/${name}.log`);
    await lib.sleep(300);
  }
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (!child || child.exitedWith) return resolve();
    const t = setTimeout(() => child.kill('SIGKILL'), 15000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

const tally = { attendees: 15, villagerRepresentatives: 10, representativesTotal: 12, approve: 10, reject: 3, abstain: 1, invalid: 1 };
const investigation = {
  investigators: ['inv-zhao', 'inv-qian'],
  members: [
    { id: 'm1', name: 'Zhang Wei', ableToWork: true, hasLegalSupporter: false },
    { id: 'm2', name: 'Zhang Li', ableToWork: true, hasLegalSupporter: false },
  ],
  incomes: [{ category: 'wages', amount: 10_000, period: 'monthly', memberId: 'm1' }],
  assets: { financialAssetsFen: 0, motorVehicles: 0, additionalDwellings: 0 },
  dataCheck: { result: 'passed' },
};
const todayInChina = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Number of history events of a workflow by type (and in total), and the workflow and activity tasks in it. */
async function historyByType(address, workflowId) {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection, namespace: process.env.DIBAO_BENCH_TEMPORAL_NAMESPACE ?? 'dibao-bench' });
    const h = await client.workflow.getHandle(workflowId).fetchHistory();
    const { temporal } = require('@temporalio/proto');
    const names = temporal.api.enums.v1.EventType;
    const byType = {};
    for (const e of h.events ?? []) {
      const n = String(names[e.eventType] ?? e.eventType).replace('EVENT_TYPE_', '');
      byType[n] = (byType[n] ?? 0) + 1;
    }
    return { workflowId, events: (h.events ?? []).length, byType };
  } catch (e) {
    return { workflowId, error: String(e instanceof Error ? e.message : e) };
  } finally {
    await connection.close();
  }
}

function runNode(script, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', path.join(lib.root, 'tools/register-paths.js'), script, ...args], {
      cwd: lib.root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} failed (${code}): ${out.slice(-500)}`))));
  });
}

/** A registry of `n` synthetic households in its own database; returns their ids, townships and schemes. */
async function benchRegistry(n) {
  const { freshDatabase } = require('@dibao/platform/testing');
  const hhUrl = await freshDatabase(HOUSEHOLDS_DB);
  const file = path.join(os.tmpdir(), `dibao-bench-ledger-${n}.csv`);
  if (!fs.existsSync(file)) await runNode(path.join(lib.root, 'dist/apps/households/src/cli/generate-ledger.js'), [String(n), file]);
  const t = Date.now();
  await runNode(path.join(lib.root, 'dist/apps/households/src/cli/import-ledger.js'), [file], { DATABASE_URL: hhUrl });
  const ds = new DataSource({ type: 'postgres', url: hhUrl });
  await ds.initialize();
  try {
    // The import's household.registered events are not the bench's business: marked published, never sent.
    await ds.query(`UPDATE outbox SET published_at = now() WHERE published_at IS NULL`);
    const rows = await ds.query(`SELECT id, township, scheme FROM households ORDER BY id`);
    say(`bench registry: ${rows.length} households imported in ${Date.now() - t} ms (not timed)`);
    return { url: hhUrl, rows };
  } finally {
    await ds.destroy();
  }
}

async function realCases() {
  const { pgBase, kafkaBrokers, temporalAddress } = lib.stack();
  const { signToken, createKafka } = require('@dibao/platform');
  const { freshDatabase } = require('@dibao/platform/testing');
  const need = ['dist/apps/case-api/src/main.js', 'dist/apps/case-worker/src/main.js'];
  const missing = need.filter((f) => !fs.existsSync(path.join(lib.root, f)));
  if (missing.length) return { usable: false, reason: `not built: ${missing.join(', ')}` };

  const url = await freshDatabase(DB);
  // A case is opened for a household of the registry (case-api takes its township and scheme from it): a synthetic
  // ledger of as many households as cases, imported into a bench registry (not timed), served by the households app
  // without its Kafka consumer (bench/households-server.js).
  const households = await benchRegistry(cases);
  const kafka = createKafka('dibao-bench-cases', kafkaBrokers.split(','));
  const admin = kafka.admin();
  await admin.connect();
  // With three brokers (DIBAO_STACK=production) a just-created topic reaches each broker's metadata a moment later
  // ("This server does not host this topic-partition"): try again, as payroll.js does.
  for (let i = 0; ; i++) {
    try {
      if (!(await admin.listTopics()).includes(BENCH_TOPIC)) {
        await admin.createTopics({ topics: [{ topic: BENCH_TOPIC, numPartitions: 3, replicationFactor: Number(process.env.DIBAO_KAFKA_REPLICATION_FACTOR ?? 1) }], waitForLeaders: true });
      }
      break;
    } catch (e) {
      if (i >= 20) throw e;
      await lib.sleep(500);
    }
  }
  const taskQueue = `dibao-bench-cases-${process.pid}-${Date.now()}`;
  WORKER_PORT = await lib.freePort(WORKER_PORT);
  API_PORT = await lib.freePort(API_PORT);
  const common = { LOG_LEVEL: 'warn', JWT_SECRET, TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_NAMESPACE: process.env.DIBAO_BENCH_TEMPORAL_NAMESPACE ?? 'dibao-bench', TEMPORAL_TASK_QUEUE: taskQueue };
  let worker;
  let api;
  let registry;
  let ds;
  try {
    HOUSEHOLDS_PORT = await lib.freePort(HOUSEHOLDS_PORT);
    registry = spawnApp('households', 'bench/households-server.js', {
      LOG_LEVEL: 'warn',
      JWT_SECRET,
      SERVICE_NAME: 'households-bench-cases',
      PORT: String(HOUSEHOLDS_PORT),
      DATABASE_URL: households.url,
      KAFKA_BROKERS: kafkaBrokers,
      OUTBOX_POLL_MS: '1000',
    });
    await waitHealthy(registry, 'households', HOUSEHOLDS_PORT, 'households-bench-cases');
    common.HOUSEHOLDS_URL = `http://127.0.0.1:${HOUSEHOLDS_PORT}`;
    worker = spawnApp('case-worker', 'dist/apps/case-worker/src/main.js', {
      ...common,
      SERVICE_NAME: 'case-worker-bench',
      PORT: String(WORKER_PORT),
      DATABASE_URL: url,
      KAFKA_BROKERS: kafkaBrokers,
      PUBLICITY_DURATION_MS: String(publicityMs),
      OUTBOX_POLL_MS: '100',
    });
    await waitHealthy(worker, 'case-worker', WORKER_PORT, 'case-worker-bench');
    // The worker ran its migrations at boot: from now on its outbox rows go to the bench topic.
    ds = new DataSource({ type: 'postgres', url });
    await ds.initialize();
    await ds.query(`CREATE FUNCTION bench_topic() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.topic := '${BENCH_TOPIC}'; RETURN NEW; END $$`);
    await ds.query(`CREATE TRIGGER bench_topic BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION bench_topic()`);
    api = spawnApp('case-api', 'dist/apps/case-api/src/main.js', { ...common, SERVICE_NAME: 'case-api-bench', PORT: String(API_PORT) });
    await waitHealthy(api, 'case-api', API_PORT, 'case-api-bench');

    const base = `http://127.0.0.1:${API_PORT}/api/v1/cases`;
    const townships = Array.from({ length: 32 }, (_, i) => `T${String(i + 1).padStart(2, '0')}`);
    const tokens = Object.fromEntries(
      townships.map((t) => [
        t,
        {
          caseworker: signToken({ sub: `bench-cw-${t}`, role: 'caseworker', township: t }, JWT_SECRET),
          reviewer: signToken({ sub: `bench-tr-${t}`, role: 'township_reviewer', township: t }, JWT_SECRET),
        },
      ]),
    );
    const approver = signToken({ sub: 'bench-ca', role: 'county_approver' }, JWT_SECRET);
    const supervisor = signToken({ sub: 'bench-sv', role: 'supervisor' }, JWT_SECRET);
    const lat = { submit: [], firstRead: [], acceptance: [], investigation: [], appraisal: [], publicityWait: [], 'township-review': [], 'county-decision': [], poll: [], wholeCase: [], activeCase: [] };
    const failures = [];
    const caseIds = [];

    const timed = async (name, fn, expectStatus) => {
      const s = performance.now();
      const r = await fn();
      const ms = performance.now() - s;
      if (r.status !== expectStatus) throw new Error(`${name}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      return { r, ms };
    };
    const oneCase = async (i, into) => {
      const h = households.rows[i % households.rows.length];
      const t = h.township;
      const tk = tokens[t];
      const t0 = performance.now();
      const body = { householdId: h.id, scheme: h.scheme, township: t, applicant: { kind: 'head' }, claimedMonthlyIncomeFen: 10_000 };
      const sub = await timed('submit', () => call('POST', base, tk.caseworker, body), 201);
      const id = sub.r.body.caseId;
      const rec = { submit: sub.ms };
      if (firstRead) rec.firstRead = (await timed('first read', () => call('GET', `${base}/${id}`, tk.caseworker), 200)).ms;
      for (const [step, token, payload] of [
        ['acceptance', tk.caseworker, {}],
        ['investigation', tk.caseworker, investigation],
        ['appraisal', tk.caseworker, { meetingOn: todayInChina(), tally }],
      ]) {
        rec[step] = (await timed(step, () => call('POST', `${base}/${id}/${step}`, token, payload), 200)).ms;
      }
      // publicity: a durable timer in the workflow; poll the case like a client would
      const w0 = performance.now();
      for (;;) {
        const g = await timed('get', () => call('GET', `${base}/${id}`, tk.reviewer), 200);
        into?.poll.push(g.ms);
        if (g.r.body.stage === 'township_review') break;
        if (g.r.body.stage !== 'publicity') throw new Error(`case ${id} in stage ${g.r.body.stage} after appraisal`);
        await lib.sleep(200);
      }
      rec.publicityWait = performance.now() - w0;
      rec['township-review'] = (await timed('township-review', () => call('POST', `${base}/${id}/township-review`, tk.reviewer, { decision: 'approve', opinion: 'eligible' }), 200)).ms;
      const last = await timed('county-decision', () => call('POST', `${base}/${id}/county-decision`, approver, { decision: 'approve', opinion: 'approved' }), 200);
      if (last.r.body.stage !== 'approved') throw new Error(`case ${id} ended in ${last.r.body.stage}`);
      rec['county-decision'] = last.ms;
      rec.wholeCase = performance.now() - t0;
      rec.activeCase = rec.wholeCase - rec.publicityWait;
      if (into) {
        for (const [k, v] of Object.entries(rec)) into[k].push(v);
        caseIds.push({ id, township: t });
      }
    };

    await oneCase(0, null); // warm-up: JIT, connections, worker cache
    const cpu0 = lib.cpuSnapshot({ caseWorker: worker.pid, caseApi: api.pid });
    const mem = lib.memorySampler();
    const t = Date.now();
    let done = 0;
    const progress = setInterval(() => say(`  … ${done} / ${cases} cases approved (${failures.length} failed)`), 10000);
    try {
      await pool(cases, concurrency, async (i) => {
        try {
          await oneCase(i + 1, lat);
          done++;
        } catch (e) {
          failures.push(String(e instanceof Error ? e.message : e));
        }
      });
    } finally {
      clearInterval(progress);
    }
    const wallMs = Date.now() - t;
    const cpu = lib.cpuDelta(cpu0, lib.cpuSnapshot({ caseWorker: worker.pid, caseApi: api.pid }));
    const stackMemMiB = mem.stop();

    // every case event reaches Kafka through the worker's outbox and relay
    const r0 = Date.now();
    let pending;
    for (;;) {
      [{ n: pending }] = await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`);
      if (pending === 0 || Date.now() - r0 > 60000) break;
      await lib.sleep(200);
    }
    const [{ n: events }] = await ds.query(`SELECT count(*)::int AS n FROM outbox`);
    // Where the Temporal work goes: the history of one approved case, by event type
    const history = caseIds.length ? await historyByType(temporalAddress, `dibao-case-${caseIds[0].id}`) : undefined;
    const result = {
      usable: true,
      cases,
      approved: done,
      failed: failures.length,
      failures: failures.slice(0, 10),
      concurrency,
      publicityMs,
      firstRead,
      taskQueue,
      wallMs,
      casesPerMin: Math.round((done / wallMs) * 60000),
      latency: Object.fromEntries(Object.entries(lat).map(([k, v]) => [k, stats(v)])),
      events,
      eventsLeftInOutboxAfter60s: pending,
      historyOfOneCase: history,
      cpu,
      peakRssMiB: {
        caseWorker: Math.round((lib.procMem(worker.pid)?.hwmKb ?? 0) / 1024),
        caseApi: Math.round((lib.procMem(api.pid)?.hwmKb ?? 0) / 1024),
      },
      stackMemMiB,
    };
    say(
      `cases: ${done}/${cases} approved in ${wallMs} ms = ${result.casesPerMin} cases/min (${failures.length} failed); ` +
        `steps p50/p99 ms: ${['submit', ...CASE_STEPS].map((k) => `${k} ${result.latency[k].p50Ms}/${result.latency[k].p99Ms}`).join(', ')}; ` +
        `CPU s: ${JSON.stringify(cpu.cpuS)}`,
    );
    if (failures.length) say(`  first failures: ${failures.slice(0, 3).join(' | ')}`);

    // case reads on loopback
    if (readsDuration > 0 && caseIds.length) {
      const rnd = (n) => Math.floor(Math.random() * n);
      const reads = {};
      for (const [name, pick] of [
        ['byId', () => `/api/v1/cases/${caseIds[rnd(caseIds.length)].id}`],
        ['list', () => `/api/v1/cases?township=${townships[rnd(townships.length)]}&stage=approved`],
      ]) {
        const c0 = lib.cpuSnapshot({ caseApi: api.pid });
        const r = await new Promise((resolve, reject) => {
          autocannon(
            {
              url: `http://127.0.0.1:${API_PORT}`,
              connections: 10,
              duration: readsDuration,
              headers: { authorization: `Bearer ${supervisor}` },
              requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: pick() }) }],
            },
            (err, res) => (err ? reject(err) : resolve(res)),
          );
        });
        reads[name] = {
          requestsPerS: Math.round(r.requests.average),
          requests: r.requests.total,
          latencyP50Ms: r.latency.p50,
          latencyP99Ms: r.latency.p99,
          latencyMaxMs: r.latency.max,
          errors: r.errors,
          timeouts: r.timeouts,
          non2xx: r.non2xx,
          statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count])),
          cpu: lib.cpuDelta(c0, lib.cpuSnapshot({ caseApi: api.pid })),
        };
        say(`case reads ${name}: ${reads[name].requestsPerS} req/s, p50 ${reads[name].latencyP50Ms} ms, p99 ${reads[name].latencyP99Ms} ms, non-2xx ${reads[name].non2xx}`);
      }
      result.reads = { durationS: readsDuration, connections: 10, ...reads };
    }
    return result;
  } finally {
    await stopChild(api);
    await stopChild(worker);
    await stopChild(registry);
    await ds?.destroy();
    await admin.deleteTopics({ topics: [BENCH_TOPIC], timeout: 30000 }).catch(() => undefined);
    await admin.disconnect();
    await lib.dropDatabase(DB);
  }
}

async function main() {
  const result = {};
  if (only.includes('cases')) {
    say(`cases through case-api: ${cases} cases, ${concurrency} at a time, publicity ${publicityMs} ms`);
    try {
      result.cases = await realCases();
    } catch (e) {
      say(`cases through case-api failed: ${e instanceof Error ? e.message : e}`);
      result.cases = { usable: false, reason: String(e instanceof Error ? e.message : e).slice(0, 500) };
    }
  }
  if (only.includes('baseline')) {
    say(`bare Temporal baseline: ${cases} workflows × (start + ${steps} updates + result), ${concurrency} at a time`);
    result.baseline = await baseline();
    const b = result.baseline;
    say(
      `baseline: ${b.casesPerMin} cases/min (${b.callsPerS} calls/s) in ${b.wallMs} ms; start p50 ${b.latency.start.p50Ms} / p99 ${b.latency.start.p99Ms} ms, ` +
        `update p50 ${b.latency.update.p50Ms} / p99 ${b.latency.update.p99Ms} ms; CPU s: ${JSON.stringify(b.cpu.cpuS)}`,
    );
  }
  if (result.cases?.usable && result.baseline) result.ratioCasesToBaseline = +(result.cases.casesPerMin / result.baseline.casesPerMin).toFixed(3);
  lib.emitResult(result);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
