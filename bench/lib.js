// Shared helpers of the benchmark harness (plain CommonJS: runs without a build step of its own; the code it
// measures is the compiled app and library code under dist/, loaded through tools/register-paths.js).
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');

/** Where the stack from infra/local listens (same defaults as infra/local/env.sh). */
function stack() {
  const pgPort = process.env.DIBAO_PG_PORT ?? '55432';
  return {
    pgBase: process.env.DIBAO_PG_URL_BASE ?? `postgres://dibao:dibao@127.0.0.1:${pgPort}`,
    kafkaBrokers: process.env.KAFKA_BROKERS ?? `127.0.0.1:${process.env.DIBAO_KAFKA_PORT ?? 9092}`,
    temporalAddress: process.env.TEMPORAL_ADDRESS ?? `127.0.0.1:${process.env.DIBAO_TEMPORAL_PORT ?? 7233}`,
  };
}

/** `--name value` from argv. */
function arg(argv, name, fallback) {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0 && argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : fallback;
}

function sh(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/** What the figures were measured on. The machine is shared: the load average says how busy it was. */
function machineInfo() {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = (cpuinfo.match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const meminfo = fs.existsSync('/proc/meminfo') ? fs.readFileSync('/proc/meminfo', 'utf8') : '';
  const kb = (k) => Number((meminfo.match(new RegExp(`^${k}:\\s*(\\d+)`, 'm')) ?? [])[1] ?? 0);
  return {
    hostname: os.hostname(),
    nproc: Number(sh('nproc', [])) || os.cpus().length,
    cpuModel: model,
    memTotalGiB: +(kb('MemTotal') / 1048576).toFixed(1),
    memAvailableGiB: +(kb('MemAvailable') / 1048576).toFixed(1),
    node: process.version,
    postgres: sh('psql', ['--version']),
    os: `${os.type()} ${os.release()}`,
    loadAvgAtStart: os.loadavg().map((x) => +x.toFixed(2)),
  };
}

/** Percentile of a sorted-or-not array of numbers (nearest rank). */
function percentile(values, p) {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i];
}

/** Resident set of a pid (kB) and its peak (VmHWM), from /proc. */
function procMem(pid) {
  try {
    const st = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const get = (k) => Number((st.match(new RegExp(`^${k}:\\s*(\\d+)`, 'm')) ?? [])[1] ?? 0);
    return { rssKb: get('VmRSS'), hwmKb: get('VmHWM') };
  } catch {
    return null;
  }
}

/**
 * Command-line patterns of this stack's Temporal server and Kafka brokers (tools/bench.sh sources infra/local/env.sh):
 * on DIBAO_STACK=production the full server and the three nodes of its state folder, else the dev server and node;
 * a second stack running beside (the other one, a fault stack) is not counted.
 */
const STACK_PATTERNS = (() => {
  const env = process.env;
  const kafkaState = env.DIBAO_KAFKA_STATE_DIR;
  if (env.DIBAO_STACK === 'production') {
    return {
      temporal: env.DIBAO_TEMPORAL_DIR ? `temporal-server --root ${env.DIBAO_TEMPORAL_DIR}-server` : 'temporal-server --root',
      kafka: kafkaState ? `kafka.Kafka ${path.dirname(kafkaState)}/kafka-` : 'kafka.Kafka',
    };
  }
  return {
    temporal: env.DIBAO_TEMPORAL_DB ? `start-dev --db-filename ${env.DIBAO_TEMPORAL_DB}` : 'temporal server start-dev',
    kafka: kafkaState ? `kafka.Kafka ${kafkaState}/server.properties` : 'kafka.Kafka',
  };
})();

function pidsOf(pattern) {
  // PostgreSQL: every process of the postgres OS user (postmaster and backends); others by command line.
  return sh('pgrep', pattern === '^postgres' ? ['-u', 'postgres'] : ['-f', pattern])
    .split('\n')
    .filter(Boolean)
    .map(Number);
}

/**
 * Samples the memory of the machine's PostgreSQL, Kafka and Temporal processes while a phase runs.
 * PostgreSQL backends share shared_buffers, so the sum over-counts: we report the sum of private+shared RSS
 * (an upper bound) and the largest single process. `extraPids()` adds pids found during the run (the bench's
 * own PG backends).
 */
function memorySampler(everyMs = 250) {
  const peak = { postgresSumKb: 0, postgresMaxProcKb: 0, kafkaKb: 0, temporalKb: 0 };
  const sample = () => {
    let sum = 0;
    let max = 0;
    for (const pid of pidsOf('^postgres')) {
      const m = procMem(pid);
      if (!m) continue;
      sum += m.rssKb;
      max = Math.max(max, m.rssKb);
    }
    peak.postgresSumKb = Math.max(peak.postgresSumKb, sum);
    peak.postgresMaxProcKb = Math.max(peak.postgresMaxProcKb, max);
    // three brokers on the production stack: their sum
    let kafkaKb = 0;
    for (const pid of pidsOf(STACK_PATTERNS.kafka)) kafkaKb += procMem(pid)?.rssKb ?? 0;
    peak.kafkaKb = Math.max(peak.kafkaKb, kafkaKb);
    for (const pid of pidsOf(STACK_PATTERNS.temporal)) peak.temporalKb = Math.max(peak.temporalKb, procMem(pid)?.rssKb ?? 0);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return {
        postgresMaxProcessMiB: mib(peak.postgresMaxProcKb * 1024),
        postgresAllProcessesMiB: mib(peak.postgresSumKb * 1024),
        kafkaMiB: mib(peak.kafkaKb * 1024),
        temporalMiB: mib(peak.temporalKb * 1024),
      };
    },
  };
}

function mib(bytes) {
  return Math.round(bytes / 1048576);
}

/** Peak RSS of this process in MiB (getrusage ru_maxrss). */
function selfPeakRssMiB() {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** CPU seconds of a pid (utime+stime) from /proc/<pid>/stat, to see where the time goes. */
function cpuSeconds(pid) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(rest[11]) + Number(rest[12]);
    return ticks / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds per pid of every process matching a pattern. */
function cpuOf(pattern) {
  return Object.fromEntries(pidsOf(pattern).map((pid) => [pid, cpuSeconds(pid)]));
}

/**
 * CPU used by each part of the stack between two snapshots: tells where the time goes. Per pid, so a backend
 * that started during the phase counts whole and one that exited during it is left out (its last figures are gone).
 */
function cpuSnapshot(named = {}) {
  return {
    at: Date.now(),
    named: Object.fromEntries(Object.entries(named).map(([k, pid]) => [k, cpuSeconds(pid)])),
    postgres: cpuOf('^postgres'),
    kafka: cpuOf(STACK_PATTERNS.kafka),
    temporal: cpuOf(STACK_PATTERNS.temporal),
    self: process.cpuUsage(),
  };
}

function cpuDelta(a, b) {
  const wall = (b.at - a.at) / 1000;
  const self = (b.self.user + b.self.system - a.self.user - a.self.system) / 1e6;
  const d = (x, y) => Object.entries(y).reduce((s, [pid, v]) => s + Math.max(0, v - (x[pid] ?? 0)), 0);
  return {
    wallS: +wall.toFixed(2),
    cpuS: {
      benchProcess: +self.toFixed(2),
      postgres: +d(a.postgres, b.postgres).toFixed(2),
      kafka: +d(a.kafka, b.kafka).toFixed(2),
      temporal: +d(a.temporal, b.temporal).toFixed(2),
      ...Object.fromEntries(Object.keys(b.named).map((k) => [k, +(b.named[k] - (a.named[k] ?? 0)).toFixed(2)])),
    },
  };
}

/** Runs a node child with the dist path aliases; resolves with the JSON it prints on its last `RESULT ` line. */
function runChild(script, args, { env, label, nodeArgs = [] } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '-r', path.join(root, 'tools/register-paths.js'), script, ...args], {
      cwd: root,
      env: { ...process.env, ...(env ?? {}) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let result;
    let buf = '';
    child.stdout.on('data', (chunk) => {
      buf += chunk.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('RESULT ')) result = JSON.parse(line.slice(7));
        else process.stdout.write(`  [${label ?? path.basename(script)}] ${line}\n`);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0 && result) resolve(result);
      else reject(new Error(`${path.basename(script)} ${args.join(' ')} failed (exit ${code ?? signal})`));
    });
  });
}

/** A child prints its result as one JSON line (the parent picks it out of the log lines). */
function emitResult(obj) {
  process.stdout.write(`RESULT ${JSON.stringify(obj)}\n`);
}

function fmt(n, digits = 0) {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return Number(n).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** A plain text table: rows of cells, first row the header. */
function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
  const line = (r) => r.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Drops a bench database. `WITH (FORCE)` cannot end an autovacuum worker (a superuser process) that is busy on a
 * freshly loaded table, so a refusal is retried for a while and then only reported: a finished measurement must
 * not be lost to its cleanup (the next run starts with DROP … anyway).
 */
async function dropDatabase(name) {
  const { DataSource } = require('typeorm');
  const admin = new DataSource({ type: 'postgres', url: `${stack().pgBase}/postgres` });
  await admin.initialize();
  try {
    for (let i = 0; ; i++) {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        return true;
      } catch (e) {
        if (i >= 30) {
          console.error(`warning: could not drop database ${name}: ${e instanceof Error ? e.message : e}`);
          return false;
        }
        await sleep(2000);
      }
    }
  } finally {
    await admin.destroy();
  }
}

/**
 * A free TCP port on loopback: `preferred` (the apps' port + 2000) when nobody listens there, else one the OS picks.
 * Other engineers start copies of the apps on fixed offsets at the same time; a collision made a benchmark
 * measure somebody else's server (401s) once.
 */
function freePort(preferred) {
  const net = require('net');
  const tryPort = (port) =>
    new Promise((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(undefined));
      srv.listen(port, '127.0.0.1', () => {
        const p = srv.address().port;
        srv.close(() => resolve(p));
      });
    });
  return tryPort(preferred).then((p) => p ?? tryPort(0));
}

module.exports = {
  root,
  stack,
  arg,
  machineInfo,
  percentile,
  procMem,
  memorySampler,
  selfPeakRssMiB,
  cpuSnapshot,
  cpuSeconds,
  cpuDelta,
  runChild,
  emitResult,
  fmt,
  table,
  sleep,
  mib,
  freePort,
  dropDatabase,
};
