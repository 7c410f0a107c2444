// `npm run bench` (tools/bench.sh starts the stack and builds, then runs this):
//   node bench/run.js [--only payroll,reads,cases,supervision] [--sizes 100000,1000000] [--cases 1000]
//                     [--concurrency 50] [--publicity-ms 1000] [--no-first-read] [--reads-households 10000] [--duration 10] [--relay-batch 2000]
//                     [--supervision-open 100000]
// Each section runs in its own child process (bench/payroll.js once per size, bench/reads.js, bench/cases.js, bench/supervision.js),
// so each peak RSS belongs to one measurement. Prints a table and writes bench/results/<timestamp>.json and
// bench/results/latest.json. What each figure means: bench/README.md.
const fs = require('fs');
const os = require('os');
const path = require('path');
const lib = require('./lib');

const argv = process.argv.slice(2);
const only = lib.arg(argv, 'only', 'payroll,reads,cases,supervision').split(',').map((s) => s.trim()).filter(Boolean);
const sizes = lib.arg(argv, 'sizes', '100000,1000000').split(',').map(Number);
const cases = lib.arg(argv, 'cases', '1000');
const concurrency = lib.arg(argv, 'concurrency', '50');
const publicityMs = lib.arg(argv, 'publicity-ms', '1000');
const readsHouseholds = lib.arg(argv, 'reads-households', '10000');
const duration = lib.arg(argv, 'duration', '10');
const relayBatch = lib.arg(argv, 'relay-batch', '2000');
const supervisionOpen = lib.arg(argv, 'supervision-open', '100000');

for (const s of only) if (!['payroll', 'reads', 'cases', 'supervision'].includes(s)) throw new Error(`--only: unknown section ${s} (payroll, reads, cases, supervision)`);
for (const n of sizes) if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--sizes: ${n} is not a positive integer`);

const script = (name) => path.join(__dirname, name);
const env = { KAFKAJS_NO_PARTITIONER_WARNING: '1', NO_COLOR: '1' };

async function section(name, fn) {
  const load = os.loadavg().map((x) => +x.toFixed(2));
  const startedAt = new Date().toISOString();
  const t = Date.now();
  console.log(`\n==> ${name} (load average ${load.join(' ')})`);
  try {
    const r = await fn();
    return { startedAt, loadAvgAtStart: load, wallMs: Date.now() - t, ...r };
  } catch (e) {
    console.error(`${name} failed: ${e instanceof Error ? e.message : e}`);
    return { startedAt, loadAvgAtStart: load, wallMs: Date.now() - t, error: String(e instanceof Error ? e.message : e) };
  }
}

function payrollTable(runs) {
  const rows = [
    ['households', 'payroll s', 'relay s', 'ours hh/s', 'events/s', 'peak RSS MiB', 'PG backend MiB', 'raw COPY s', 'raw produce s', 'raw hh/s', 'ours/raw', 'load'],
  ];
  for (const r of runs) {
    if (r.error) {
      rows.push([lib.fmt(r.households), 'failed', '', '', '', '', '', '', '', '', '', r.loadAvgAtStart[0].toFixed(1)]);
      continue;
    }
    rows.push([
      lib.fmt(r.households),
      lib.fmt(r.payrollMs / 1000, 1),
      lib.fmt(r.relayMs / 1000, 1),
      lib.fmt(r.oursHouseholdsPerS),
      lib.fmt(r.relayEventsPerS),
      lib.fmt(r.peakRssMiB),
      lib.fmt(Math.max(r.payrollPgBackendPeakMiB ?? 0, r.relayPgBackendPeakMiB ?? 0)),
      lib.fmt(r.rawCopyMs / 1000, 1),
      lib.fmt(r.rawProduceMs / 1000, 1),
      lib.fmt(r.rawHouseholdsPerS),
      lib.fmt(r.ratioOursToRaw, 2),
      r.loadAvgAtStart[0].toFixed(1),
    ]);
  }
  const errors = runs.filter((r) => r.error).map((r) => `  ${lib.fmt(r.households)}: ${r.error}`);
  return [lib.table(rows), ...errors].join('\n');
}

function readsTable(r, caseReads) {
  const rows = [['endpoint', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'non-2xx']];
  const add = (name, x) => rows.push([name, lib.fmt(x.requestsPerS), x.latencyP50Ms, x.latencyP99Ms, x.latencyMaxMs, x.errors + x.timeouts, x.non2xx]);
  if (r && !r.error) {
    add(`households GET /households/{id} (${lib.fmt(r.households)} hh)`, r.byId);
    add('households GET /households?township&scheme&status&page', r.list);
  } else if (r?.error) rows.push([`households: failed: ${r.error.slice(0, 80)}`, '', '', '', '', '', '']);
  if (caseReads?.byId) {
    add('case-api GET /cases/{id} (approved cases: closed workflows)', caseReads.byId);
    add('case-api GET /cases?township&stage=approved (visibility)', caseReads.list);
  } else rows.push(['case-api GET /cases/{id}, GET /cases?…', 'not run', '', '', '', '', '']);
  return lib.table(rows);
}

function casesTable(r) {
  const rows = [['what', 'cases', 'cases/min', 'start p50/p99 ms', 'step p50/p99 ms', 'case p50/p99 ms', 'history events', 'ratio']];
  const b = r.baseline;
  const c = r.cases;
  if (c?.usable) {
    const steps = ['acceptance', 'investigation', 'appraisal', 'township-review', 'county-decision'];
    const all = steps.map((k) => c.latency[k]);
    rows.push([
      `case-api -> approval (publicity ${c.publicityMs} ms${c.firstRead ? ', GET after POST' : ''}), ${c.concurrency} at a time`,
      `${lib.fmt(c.approved)}/${lib.fmt(c.cases)}`,
      lib.fmt(c.casesPerMin),
      `${c.latency.submit.p50Ms} / ${c.latency.submit.p99Ms}`,
      `${Math.min(...all.map((x) => x.p50Ms))}–${Math.max(...all.map((x) => x.p50Ms))} / ${Math.max(...all.map((x) => x.p99Ms))}`,
      `${c.latency.wholeCase.p50Ms} / ${c.latency.wholeCase.p99Ms}`,
      c.historyOfOneCase?.events ?? '',
      b ? (c.casesPerMin / b.casesPerMin).toFixed(2) : '',
    ]);
  } else {
    rows.push([`case-api -> approval: not run (${c?.reason ?? 'not asked'})`, '', '', '', '', '', '', '']);
  }
  if (b) {
    rows.push([
      `bare Temporal (start + ${b.updatesPerCase} updates), ${b.concurrency} at a time`,
      lib.fmt(b.cases),
      lib.fmt(b.casesPerMin),
      `${b.latency.start.p50Ms} / ${b.latency.start.p99Ms}`,
      `${b.latency.update.p50Ms} / ${b.latency.update.p99Ms}`,
      `${b.latency.wholeCase.p50Ms} / ${b.latency.wholeCase.p99Ms}`,
      b.historyOfOneCase?.events ?? '',
      '1.00',
    ]);
  }
  const out = [lib.table(rows)];
  if (c?.usable) {
    out.push('  case steps p50 / p99 ms: ' + ['submit', 'firstRead', 'acceptance', 'investigation', 'appraisal', 'publicityWait', 'township-review', 'county-decision', 'poll'].filter((k) => c.latency[k]?.n).map((k) => `${k} ${c.latency[k].p50Ms} / ${c.latency[k].p99Ms}`).join(', '));
    const perCase = (x, n) => Object.fromEntries(Object.entries(x.cpu.cpuS).map(([k, v]) => [k, Math.round((v / n) * 1000)]));
    out.push(`  where the time goes, CPU ms per case (${c.cpu.wallS} s wall, 2 cores = ${(c.cpu.wallS * 2).toFixed(0)} CPU s): ${JSON.stringify(perCase(c, c.approved))}`);
    if (c.failed) out.push(`  FAILED cases: ${c.failed}; first: ${c.failures[0]}`);
  }
  if (b) {
    const perCase = Object.fromEntries(Object.entries(b.cpu.cpuS).map(([k, v]) => [k, Math.round((v / b.cases) * 1000)]));
    out.push(`  baseline CPU ms per case (${b.cpu.wallS} s wall): ${JSON.stringify(perCase)}`);
  }
  return out.join('\n');
}

function supervisionTable(r) {
  if (r.error) return `failed: ${r.error}`;
  const rows = [['request (one at a time)', 'p50 ms', 'p99 ms', 'max ms', 'req/s at 10 conn.']];
  const add = (name, x, c) => x && rows.push([name, x.p50Ms, x.p99Ms, x.maxMs, c ? lib.fmt(c.requestsPerS) : '']);
  add('GET /supervision/overview?fresh=true (county, uncached)', r.overview, r.concurrent?.overview);
  add('GET /supervision/workload (township table + caseworkers)', r.townshipTable);
  add('GET /supervision/townships/T../cases?kind=overdue&pageSize=100', r.overdueFirstPage, r.concurrent?.overduePage);
  add('  … its next page (keyset pageToken)', r.overdueNextPage);
  return [
    lib.table(rows),
    `  projection: ${lib.fmt(r.seed.open)} open + ${lib.fmt(r.seed.closed)} closed cases, ${lib.fmt(r.seed.overdue)} overdue, ${r.seed.tableMiB} MiB; was: 256 visibility counts, 62–70 s at 100,000 open (apps/case-api/README.md)`,
  ].join('\n');
}

async function main() {
  const started = new Date();
  // what the figures were measured on: tools/bench.sh passes the stack (tools/lib/stack.sh stack_json)
  const stack = process.env.DIBAO_STACK_JSON ? JSON.parse(process.env.DIBAO_STACK_JSON) : { name: 'unknown (not started by tools/bench.sh)' };
  const result = { startedAt: started.toISOString(), args: argv, build: process.env.BENCH_BUILD ?? 'not built by tools/bench.sh', stack, machine: lib.machineInfo() };
  const m = result.machine;
  console.log(`machine: ${m.nproc} × ${m.cpuModel}, ${m.memTotalGiB} GiB, node ${m.node}, load average at start ${m.loadAvgAtStart.join(' ')} (shared machine)`);

  if (only.includes('payroll')) {
    result.payroll = [];
    for (const n of sizes) {
      result.payroll.push({
        households: n,
        ...(await section(`payroll ${n.toLocaleString('en-US')} households`, async () => ({
          households: n,
          ...(await lib.runChild(script('payroll.js'), ['--households', String(n), '--relay-batch', relayBatch], {
            env,
            label: `payroll ${n}`,
            nodeArgs: ['--max-old-space-size=8192'],
          })),
        }))),
      });
    }
  }
  if (only.includes('reads')) {
    result.reads = await section('API reads', () =>
      lib.runChild(script('reads.js'), ['--households', readsHouseholds, '--duration', duration], { env, label: 'reads' }),
    );
  }
  if (only.includes('cases')) {
    result.cases = await section('case throughput', () =>
      lib.runChild(script('cases.js'), ['--cases', cases, '--concurrency', concurrency, '--publicity-ms', publicityMs, '--reads-duration', duration, ...(argv.includes('--no-first-read') ? ['--no-first-read'] : [])], {
        env,
        label: 'cases',
      }),
    );
  }
  if (only.includes('supervision')) {
    result.supervision = await section('supervision reads', () =>
      lib.runChild(script('supervision.js'), ['--open', supervisionOpen, '--duration', String(Math.min(Number(duration), 10))], { env, label: 'supervision' }),
    );
  }
  result.finishedAt = new Date().toISOString();
  result.loadAvgAtEnd = os.loadavg().map((x) => +x.toFixed(2));

  const out = [];
  out.push(`stack: ${JSON.stringify(result.stack)}`);
  out.push(`dibao benchmark ${result.startedAt} — ${m.nproc} × ${m.cpuModel}, ${m.memTotalGiB} GiB, node ${m.node}; load average at start ${m.loadAvgAtStart.join(' ')}, at end ${result.loadAvgAtEnd.join(' ')} (shared machine)`);
  if (result.payroll) {
    out.push('\nPayroll (rural 2026-Q2, 32 townships): PayrollService.execute + OutboxRelay.drain vs raw COPY + plain kafkajs produce');
    out.push(payrollTable(result.payroll));
  }
  if (result.reads || result.cases?.cases?.reads) {
    out.push(`\nAPI reads (autocannon, 10 connections, ${duration} s each, loopback, supervisor token)`);
    out.push(readsTable(result.reads, result.cases?.cases?.reads));
  }
  if (result.cases) {
    out.push(`\nCase throughput`);
    out.push(result.cases.error ? `failed: ${result.cases.error}` : casesTable(result.cases));
  }
  if (result.supervision) {
    out.push(`\nSupervision reads over the case-event projection (built case-api on loopback, supervisor token)`);
    out.push(supervisionTable(result.supervision));
  }
  const text = out.join('\n');
  console.log(`\n${text}\n`);

  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const json = JSON.stringify({ ...result, table: text }, null, 2);
  fs.writeFileSync(path.join(dir, `${stamp}.json`), json);
  fs.writeFileSync(path.join(dir, 'latest.json'), json);
  console.log(`written: bench/results/${stamp}.json and bench/results/latest.json`);
  const failed = [...(result.payroll ?? []), result.reads, result.cases, result.supervision].filter((s) => s?.error);
  if (failed.length) process.exit(1);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
