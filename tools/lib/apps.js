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

/** Environment of one app. `opts.portOffset` and `opts.dbPrefix` let a second copy run beside the first. */
function appEnv(app, opts) {
  const pgBase = opts.pgBase;
  const port = (p) => p + (opts.portOffset ?? 0);
  const byName = Object.fromEntries(APPS.map((a) => [a.name, a]));
  return {
    ...process.env,
    SERVICE_NAME: app.name,
    PORT: String(port(app.port)),
    LOG_LEVEL: opts.logLevel ?? 'log',
    JWT_SECRET: opts.jwtSecret,
    DATABASE_URL: `${pgBase}/${opts.dbPrefix ?? 'dibao_'}${app.db}`,
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

/** Starts the apps from dist/, logging to files, and waits until every /health is green. */
async function startApps(opts) {
  fs.mkdirSync(opts.logDir, { recursive: true });
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
