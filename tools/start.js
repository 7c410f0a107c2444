// Starts the five apps against the stack from infra/local, loads the demo data and waits for Ctrl-C.
const path = require('path');
const { startApps, stopApps, root } = require('./lib/apps');
const { jwtSecret } = require('./lib/jwt-secret');

async function main() {
  const pgPort = process.env.DIBAO_PG_PORT ?? '55432';
  const opts = {
    pgBase: process.env.DIBAO_PG_URL_BASE ?? `postgres://dibao:dibao@127.0.0.1:${pgPort}`,
    kafkaBrokers: process.env.KAFKA_BROKERS ?? `127.0.0.1:${process.env.DIBAO_KAFKA_PORT ?? 9092}`,
    temporalAddress: process.env.TEMPORAL_ADDRESS ?? `127.0.0.1:${process.env.DIBAO_TEMPORAL_PORT ?? 7233}`,
    jwtSecret: jwtSecret(),
    logDir: path.join(root, '.local/logs/apps'),
  };
  console.log('==> starting the apps (logs in .local/logs/apps/)');
  const running = await startApps(opts);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\n==> stopping the apps');
    await stopApps(running);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  if (!process.argv.includes('--no-demo')) {
    console.log('==> loading demo data');
    process.env.JWT_SECRET = opts.jwtSecret;
    const { loadDemo } = require('./demo/load-demo');
    await loadDemo({ full: process.argv.includes('--full-county') });
  }

  const ui = process.env.DIBAO_TEMPORAL_UI_PORT ?? '8233';
  console.log(`
ready — every /health is green.

  case-api     http://127.0.0.1:3000/api/v1   docs http://127.0.0.1:3000/api/docs
  households   http://127.0.0.1:3001/api/v1   docs http://127.0.0.1:3001/api/docs
  payments     http://127.0.0.1:3002/api/v1   docs http://127.0.0.1:3002/api/docs
  inspections  http://127.0.0.1:3003/api/v1   docs http://127.0.0.1:3003/api/docs
  case-worker  http://127.0.0.1:3004/health
  Temporal UI  http://127.0.0.1:${ui}

Get a token (roles: caseworker, township_reviewer, county_approver, supervisor, inspector, finance, admin):
  npm run token -- --role caseworker --township T01
  curl -H "Authorization: Bearer $(npm run -s token -- --role supervisor)" http://127.0.0.1:3001/api/v1/households

Ctrl-C stops the apps; \`npm run infra:down\` stops PostgreSQL, Temporal and Kafka.`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
