import 'reflect-metadata';
import { listen, loadConfig } from '@dibao/platform';
import { buildApp } from './app';
import { caseApiConfigSchema } from './config';

async function main(): Promise<void> {
  const config = loadConfig(caseApiConfigSchema);
  const app = await buildApp(config);
  await listen(app, config.PORT);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
