import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { ensureDatabase, listen, loadConfig } from '@dibao/platform';
import { buildApp } from './app';
import { caseWorkerConfigSchema } from './config';

/** The Temporal SDK's own log lines (worker state, task failures) go through the JSON logger too. */
function installTemporalLogging(): void {
  const logger = new Logger('temporal');
  Runtime.install({
    logger: new DefaultLogger('WARN', (entry) => {
      const line = `${entry.message} ${entry.meta ? JSON.stringify(entry.meta) : ''}`.trim();
      if (entry.level === 'ERROR') logger.error(line);
      else logger.warn(line);
    }),
  });
}

async function main(): Promise<void> {
  const config = loadConfig(caseWorkerConfigSchema);
  installTemporalLogging();
  await ensureDatabase(config.DATABASE_URL);
  const app = await buildApp(config);
  await listen(app.http, config.PORT);
  Logger.log(`case worker polling ${config.TEMPORAL_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}; health on :${config.PORT}`, 'main');
  // The Temporal runtime shuts the worker down on SIGINT/SIGTERM; run() then resolves.
  await app.worker.run();
  await app.http.close();
  await app.connection.close();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
