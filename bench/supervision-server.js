// The built case-api for the supervision benchmark: the same AppModule, platform bootstrap (createHttpApp) and config
// schema as apps/case-api/src/app.ts, with its supervision database, but WITHOUT the Kafka consumer: the benchmark
// seeds `supervised_case` itself, and a consuming copy would project other engineers' case events into it.
//   env as for dist/apps/case-api/src/main.js; started by bench/supervision.js
require('reflect-metadata');
const path = require('path');
const { createHttpApp, listen, loadConfig } = require('@dibao/platform');
const root = path.join(__dirname, '..');
const { AppModule } = require(path.join(root, 'dist/apps/case-api/src/app.module'));
const { caseApiConfigSchema } = require(path.join(root, 'dist/apps/case-api/src/config'));

async function main() {
  const config = loadConfig(caseApiConfigSchema);
  const app = await createHttpApp(AppModule.forRoot(config), {
    serviceName: config.SERVICE_NAME,
    logLevel: config.LOG_LEVEL,
    openapi: { title: 'dibao case API (bench)', description: 'case-api without its Kafka consumer' },
  });
  await listen(app, config.PORT);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
