// API read benchmark: the built households app on loopback under autocannon.
//   node -r ./tools/register-paths.js bench/reads.js [--households 10000] [--duration 10] [--connections 10]
//
// 1. fresh database dibao_bench_households; a synthetic ledger of N households (apps/households generator CLI,
//    cached in $TMPDIR) imported with the app's import CLI (the import time is reported too);
// 2. the import's household.registered outbox rows are marked published (the bench must not put 10,000
//    events on dibao.households.v1, which other engineers' tests read from the beginning);
// 3. the households app (bench/households-server.js: the built AppModule, without its Kafka consumer) on
//    127.0.0.1:${3001 + 2000};
// 4. autocannon, `--duration` seconds each: GET /api/v1/households/{random id} and the filtered list
//    GET /api/v1/households?township=T..&scheme=..&status=registered&page=..&pageSize=20 (random filters and page),
//    with a supervisor token (all townships, identifiers masked). Requests/s, p50/p99, errors and non-2xx.
// Case reads (case-api) get their slot in bench/cases.js once case-api runs.
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const autocannon = require('autocannon');
const { DataSource } = require('typeorm');
const { signToken } = require('@dibao/platform');
const { freshDatabase } = require('@dibao/platform/testing');
const lib = require('./lib');

const DB = 'dibao_bench_households';
const JWT_SECRET = 'dibao-bench-secret-0123456789';
const argv = process.argv.slice(2);
const households = Number(lib.arg(argv, 'households', '10000'));
const duration = Number(lib.arg(argv, 'duration', '10'));
const connections = Number(lib.arg(argv, 'connections', '10'));
const say = (m) => console.log(m);

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

/** Status of a GET; a /health of another service (another engineer's copy on the same port) counts as not ours. */
function get(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(res.statusCode === 200 && !body.includes('households-bench') ? -1 : res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
  });
}

function load(title, url, token, pick) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        title,
        url,
        connections,
        duration,
        headers: { authorization: `Bearer ${token}` },
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: pick() }) }],
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
    instance.on('error', reject);
  });
}

function summary(r) {
  return {
    requestsPerS: Math.round(r.requests.average),
    requests: r.requests.total,
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    latencyMaxMs: r.latency.max,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count])),
    bytesPerS: Math.round(r.throughput.average),
  };
}

async function main() {
  const result = { households, durationS: duration, connections };
  const url = await freshDatabase(DB);
  const file = path.join(os.tmpdir(), `dibao-bench-ledger-${households}.csv`);
  if (!fs.existsSync(file)) {
    await runNode(path.join(lib.root, 'dist/apps/households/src/cli/generate-ledger.js'), [String(households), file]);
  }
  let t = Date.now();
  const out = await runNode(path.join(lib.root, 'dist/apps/households/src/cli/import-ledger.js'), [file], { DATABASE_URL: url });
  result.importMs = Date.now() - t;
  result.importHouseholdsPerS = Math.round((households / result.importMs) * 1000);
  say(`ledger import: ${out.trim().split('\n').filter((l) => /rows in/.test(l)).pop() ?? ''} (process wall ${result.importMs} ms)`);

  const ds = new DataSource({ type: 'postgres', url });
  await ds.initialize();
  await ds.query(`UPDATE outbox SET published_at = now() WHERE published_at IS NULL`);
  await ds.query('VACUUM ANALYZE');
  const rows = await ds.query(`SELECT id, township, scheme FROM households`);
  await ds.destroy();
  if (rows.length !== households) throw new Error(`expected ${households} households, found ${rows.length}`);
  const ids = rows.map((r) => r.id);
  const townships = [...new Set(rows.map((r) => r.township))].sort();

  const { pgBase, kafkaBrokers } = lib.stack();
  const PORT = await lib.freePort(3001 + 2000);
  result.port = PORT;
  const logDir = path.join(lib.root, '.local/logs/bench');
  fs.mkdirSync(logDir, { recursive: true });
  const log = fs.openSync(path.join(logDir, 'households-reads.log'), 'w');
  const server = spawn(process.execPath, ['-r', path.join(lib.root, 'tools/register-paths.js'), path.join(__dirname, 'households-server.js')], {
    cwd: lib.root,
    env: {
      ...process.env,
      SERVICE_NAME: 'households-bench',
      PORT: String(PORT),
      LOG_LEVEL: 'warn',
      JWT_SECRET,
      DATABASE_URL: `${pgBase}/${DB}`,
      KAFKA_BROKERS: kafkaBrokers,
      OUTBOX_POLL_MS: '1000',
    },
    stdio: ['ignore', log, log],
  });
  let exited = false;
  server.on('exit', () => (exited = true));
  try {
    const deadline = Date.now() + 90000;
    let status;
    while ((status = await get(`http://127.0.0.1:${PORT}/health`)) !== 200) {
      if (exited) throw new Error(`the households app exited; see ${path.join(logDir, 'households-reads.log')}`);
      if (status === -1) throw new Error(`another service answers on port ${PORT}`);
      if (Date.now() > deadline) throw new Error('the households app was not healthy within 90 s');
      await lib.sleep(300);
    }
    const token = signToken({ sub: 'bench-supervisor', role: 'supervisor' }, JWT_SECRET);
    const rnd = (n) => Math.floor(Math.random() * n);
    const base = `http://127.0.0.1:${PORT}`;
    // warm up (JIT, connection pool, caches)
    await load('warm-up', base, token, () => `/api/v1/households/${ids[rnd(ids.length)]}`).catch(() => undefined);

    const cpu0 = lib.cpuSnapshot({ householdsApp: server.pid });
    const byId = await load('GET /households/{id}', base, token, () => `/api/v1/households/${ids[rnd(ids.length)]}`);
    result.byId = { ...summary(byId), cpu: lib.cpuDelta(cpu0, lib.cpuSnapshot({ householdsApp: server.pid })) };
    say(`GET /households/{id}: ${result.byId.requestsPerS} req/s, p50 ${result.byId.latencyP50Ms} ms, p99 ${result.byId.latencyP99Ms} ms, errors ${result.byId.errors}, non-2xx ${result.byId.non2xx}`);

    // ~N/64 households per (township, scheme); status registered for all imported ones. Pages 1..5 of 20.
    const cpu1 = lib.cpuSnapshot({ householdsApp: server.pid });
    const list = await load('GET /households?filters', base, token, () => {
      const tw = townships[rnd(townships.length)];
      return `/api/v1/households?township=${tw}&scheme=${rnd(2) ? 'rural' : 'urban'}&status=registered&page=${1 + rnd(5)}&pageSize=20`;
    });
    result.list = { ...summary(list), cpu: lib.cpuDelta(cpu1, lib.cpuSnapshot({ householdsApp: server.pid })) };
    say(`GET /households?township&scheme&status&page: ${result.list.requestsPerS} req/s, p50 ${result.list.latencyP50Ms} ms, p99 ${result.list.latencyP99Ms} ms, errors ${result.list.errors}, non-2xx ${result.list.non2xx}`);
    result.serverPeakRssMiB = Math.round((lib.procMem(server.pid)?.hwmKb ?? 0) / 1024);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => (exited ? r() : server.once('exit', r)));
  }
  lib.emitResult(result);
  await lib.dropDatabase(DB);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
