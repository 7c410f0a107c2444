// Builds the demo county into a separate copy of the system (ports +2000, databases dibao_county_*, Temporal namespace
// dibao-test, its own task queue and consumer groups), so the county can be measured from nothing without touching
// the running `npm start` system. Prints the load time and the figures of the work report; stops the copy at the end
// (or keeps it with --keep).   node tools/demo/county-copy.js [--townships T01,T02] [--cases-per-township 10] [--publicity-ms 5000] [--keep] [--again]
const path = require('path');
const { DataSource } = require('typeorm');
const { startApps, stopApps } = require('../lib/apps');
const { buildCounty, COUNTY } = require('./county');

const PG = process.env.DIBAO_PG_URL_BASE ?? 'postgres://dibao:dibao@127.0.0.1:55432';

async function freshDatabases(prefix, names) {
  const admin = new DataSource({ type: 'postgres', url: `${PG}/postgres` });
  await admin.initialize();
  try {
    for (const n of names) {
      await admin.query(`DROP DATABASE IF EXISTS ${prefix}${n} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${prefix}${n}`);
    }
  } finally {
    await admin.destroy();
  }
}

/** The copy's open cases would wait forever for its stopped worker: terminate them (shared test namespace). */
async function terminateCases(taskQueue) {
  const { Client, Connection } = require('@temporalio/client');
  const client = new Client({ connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' }), namespace: 'dibao-test' });
  let n = 0;
  for await (const wf of client.workflow.list({ query: `ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'` })) {
    await client.workflow.getHandle(wf.workflowId, wf.runId).terminate('demo county copy stopped').catch(() => undefined);
    n++;
  }
  console.log(`terminated ${n} open cases of the stopped copy`);
  await client.connection.close();
}

async function main() {
  const arg = (name) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const runId = Date.now().toString(36);
  process.env.JWT_SECRET = require('../lib/jwt-secret').jwtSecret();
  if (!process.argv.includes('--again')) await freshDatabases('dibao_county_', ['households', 'payments', 'inspections', 'cases', 'supervision']);
  const running = await startApps({
    pgBase: PG,
    dbPrefix: 'dibao_county_',
    portOffset: 2000,
    kafkaBrokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    temporalAddress: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
    temporalNamespace: 'dibao-test',
    taskQueue: `dibao-cases-county-${runId}`,
    groupPrefix: `county-${runId}-`,
    fromBeginning: false,
    jwtSecret: process.env.JWT_SECRET,
    logLevel: 'warn',
    logDir: path.join(__dirname, '../../.local/logs/county'),
    // The copy's case worker ends publicity after a few seconds (configuration, PUBLICITY_DURATION_MS), so its demo
    // cases reach township review and county approval in one run; its deadlines are the policy's.
    extraEnv: { SUPERVISION_TOWNSHIPS: COUNTY.townships.join(','), PUBLICITY_DURATION_MS: arg('publicity-ms') ?? '5000' },
    timeoutMs: 180000,
  });
  try {
    const townships = arg('townships') ? arg('townships').split(',') : COUNTY.townships;
    const casesPerTownship = arg('cases-per-township') ? Number(arg('cases-per-township')) : 10;
    console.log(`first run (${townships.length} townships)`);
    const first = await buildCounty({ townships, casesPerTownship, portOffset: 2000 });
    console.log('second run (must change nothing)');
    const second = await buildCounty({ townships, casesPerTownship, portOffset: 2000 });
    console.log(`RESULT ${JSON.stringify({ first, second })}`);
  } finally {
    if (!process.argv.includes('--keep')) {
      await stopApps(running);
      await terminateCases(`dibao-cases-county-${runId}`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
