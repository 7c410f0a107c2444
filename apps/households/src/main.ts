import 'reflect-metadata';
import { listen, loadConfig } from '@dibao/platform';
import { buildApp } from './app';
import { householdsConfigSchema } from './config';

async function main(): Promise<void> {
  const config = loadConfig(householdsConfigSchema);
  const app = await buildApp(config);
  await listen(app, config.PORT);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
