// The five apps, how to start them from the build, and their environment. Used by `npm start` and the e2e test.
const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const path = require('path');

const root = path.join(__dirname, '..', '..');

const APPS = [
  { name: 'households', port: 3001, db: 'households' },
  { name: 'payments', port: 3002, db: 'payments' },
  { name: 'inspections', port: 3003, db: 'inspections' },
  { name: 'case-worker', port: 3004, db: 'cases' },
  { name: 'case-api', port: 3000, db: 'cases' },
];

/**
 * On the production stack (infra/local/env.sh: DIBAO_STACK=production sets DIBAO_PG_SERVICE_ROLES=1) each service
 * connects as its own PostgreSQL role, dibao_<db> (password: the role's name; local stacks only), which owns its
 * database and nothing else. `opts.serviceRoles` overrides the environment.
 */
function serviceRoles(opts) {
  return opts.serviceRoles ?? process.env.DIBAO_PG_SERVICE_ROLES === '1';
}

/**
 * The database an app owns, and so its role's name: its `db`, except case-api, which only reads its own supervision
 * database (derived by case-api from the case worker's DATABASE_URL: …/dibao_cases -> …/dibao_supervision).
 */
const OWN_DB = { 'case-api': 'supervision' };
const ownDb = (app) => OWN_DB[app.name] ?? app.db;

/** The URL base (postgres://user:password@host:port) an app connects with: as dibao_<its own database> with roles. */
function pgBaseOf(app, opts) {
  if (!serviceRoles(opts)) return opts.pgBase;
  const role = `dibao_${ownDb(app)}`;
  const url = new URL(opts.pgBase);
  url.username = role;
  url.password = role;
  return url.toString().replace(/\/$/, '');
}

/**
 * With service roles, a database the tests created for a copy of the system (dibao_e2e_households ...) is handed to
 * its service's role, as infra/local/lib/postgres.sh does for the stack's own databases. The admin role (dibao) is a
 * member of every service role (so it may do this, and read what the apps wrote); the roles exist once infra:up ran.
 */
async function assignDatabaseOwners(apps, opts) {
  if (!serviceRoles(opts)) return;
  const { Client } = require('pg');
  const client = new Client({ connectionString: `${opts.pgBase}/postgres` });
  await client.connect();
  try {
    for (const db of new Set(apps.map(ownDb))) {
      const name = `${opts.dbPrefix ?? 'dibao_'}${db}`;
      const role = `dibao_${db}`;
      if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
      const { rows } = await client.query('SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1', [name]);
      // a database the app would create itself at boot (case-api's supervision one): its role may not, so we do
      if (rows.length === 0) await client.query(`CREATE DATABASE "${name}" OWNER "${role}"`);
      else if (rows[0].owner !== role) await client.query(`ALTER DATABASE "${name}" OWNER TO "${role}"`);
    }
  } finally {
    await client.end();
  }
}

/** Environment of one app. `opts.portOffset` and `opts.dbPrefix` let a second copy run beside the first. */
function appEnv(app, opts) {
  const pgBase = pgBaseOf(app, opts);
  const port = (p) => p + (opts.portOffset ?? 0);
  const byName = Object.fromEntries(APPS.map((a) => [a.name, a]));
  return {
    ...process.env,
    SERVICE_NAME: app.name,
    PORT: String(port(app.port)),
    LOG_LEVEL: opts.logLevel ?? 'log',
    JWT_SECRET: opts.jwtSecret,
    DATABASE_URL: `${pgBase}/${opts.dbPrefix ?? 'dibao_'}${app.db}`,
    // with service roles, case-api's own database is named outright (its role may not connect to the case worker's)
    ...(serviceRoles(opts) && ownDb(app) !== app.db ? { SUPERVISION_DATABASE_URL: `${pgBase}/${opts.dbPrefix ?? 'dibao_'}${ownDb(app)}` } : {}),
    KAFKA_BROKERS: opts.kafkaBrokers,
    KAFKA_GROUP_PREFIX: opts.groupPrefix ?? '',
    KAFKA_FROM_BEGINNING: opts.fromBeginning === false ? 'false' : 'true',
    TEMPORAL_ADDRESS: opts.temporalAddress,
    TEMPORAL_NAMESPACE: opts.temporalNamespace ?? 'default',
    TEMPORAL_TASK_QUEUE: opts.taskQueue ?? 'dibao-cases',
    HOUSEHOLDS_URL: `http://127.0.0.1:${port(byName['households'].port)}`,
    PAYMENTS_URL: `http://127.0.0.1:${port(byName['payments'].port)}`,
    INSPECTIONS_URL: `http://127.0.0.1:${port(byName['inspections'].port)}`,
    ...(opts.extraEnv ?? {}),
  };
}

function getJson(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode, body: JSON.parse(body) });
        } catch {
          resolve({ status: res.statusCode, body });
        }
      });
    });
    req.on('error', () => resolve({ status: 0 }));
    req.on('timeout', () => req.destroy());
  });
}

/** True when something accepts connections on 127.0.0.1:port. */
function portInUse(port) {
  return new Promise((resolve) => {
    const socket = require('net').connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

/** Starts the apps from dist/, logging to files, and waits until every /health is green. */
async function startApps(opts) {
  fs.mkdirSync(opts.logDir, { recursive: true });
  // Another copy of the system on these ports (an e2e run on another stack, say) would answer our health checks.
  for (const app of opts.apps ?? APPS) {
    const port = app.port + (opts.portOffset ?? 0);
    if (await portInUse(port)) throw new Error(`port ${port} (${app.name}) is already in use by another process: stop it, or use another port offset`);
  }
  await assignDatabaseOwners(opts.apps ?? APPS, opts);
  const running = [];
  for (const app of opts.apps ?? APPS) {
    const main = path.join(root, 'dist/apps', app.name, 'src/main.js');
    if (!fs.existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
    const log = fs.openSync(path.join(opts.logDir, `${app.name}.log`), 'a');
    const child = spawn(process.execPath, ['-r', path.join(root, 'tools/register-paths.js'), main], {
      cwd: root,
      env: appEnv(app, opts),
      stdio: ['ignore', log, log],
    });
    running.push({ ...app, port: app.port + (opts.portOffset ?? 0), child, exited: null });
    child.on('exit', (code, signal) => {
      running.find((r) => r.child === child).exited = { code, signal };
    });
  }
  const deadline = Date.now() + (opts.timeoutMs ?? 90000);
  for (const app of running) {
    for (;;) {
      if (app.exited) {
        const tail = fs.readFileSync(path.join(opts.logDir, `${app.name}.log`), 'utf8').split('\n').slice(-15).join('\n');
        await stopApps(running);
        throw new Error(`${app.name} exited (${JSON.stringify(app.exited)}) before it was healthy:\n${tail}`);
      }
      const res = await getJson(`http://127.0.0.1:${app.port}/health`);
      if (res.status === 200) break;
      if (Date.now() > deadline) {
        await stopApps(running);
        throw new Error(`${app.name} was not healthy on port ${app.port} in time: ${JSON.stringify(res.body)}`);
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  return running;
}

/** SIGTERM, then SIGKILL after a grace period. */
async function stopApps(running, graceMs = 10000) {
  await Promise.all(
    running.map(
      (app) =>
        new Promise((resolve) => {
          if (app.exited || app.child.exitCode !== null) return resolve();
          const timer = setTimeout(() => app.child.kill('SIGKILL'), graceMs);
          app.child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          app.child.kill('SIGTERM');
        }),
    ),
  );
}

module.exports = { APPS, appEnv, startApps, stopApps, getJson, root };
