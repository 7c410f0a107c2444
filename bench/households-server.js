// The built households app for the read benchmark: the same AppModule, platform bootstrap (createHttpApp),
// config schema and body parser as apps/households/src/app.ts, but WITHOUT the Kafka consumer of
// dibao.cases.v1. A consuming copy would dead-letter other engineers' test events (unknown households) into
// dibao.cases.v1.dlq while the benchmark runs. apps/households has no switch for that yet (see bench/README.md).
//   env as for dist/apps/households/src/main.js; started by bench/reads.js
require('reflect-metadata');
const path = require('path');
const express = require('express');
const { createHttpApp, listen, loadConfig } = require('@dibao/platform');
const root = path.join(__dirname, '..');
const { AppModule } = require(path.join(root, 'dist/apps/households/src/app.module'));
const { householdsConfigSchema } = require(path.join(root, 'dist/apps/households/src/config'));

async function main() {
  const config = loadConfig(householdsConfigSchema);
  const app = await createHttpApp(AppModule.forRoot(config), {
    serviceName: config.SERVICE_NAME,
    logLevel: config.LOG_LEVEL,
    openapi: { title: 'dibao households (bench)', description: 'households app without its Kafka consumer' },
    configure: (a) => a.use(express.text({ type: ['text/csv'], limit: config.IMPORT_BODY_LIMIT })),
  });
  await listen(app, config.PORT);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
