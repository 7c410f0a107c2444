// Streams a county ledger (台帐) CSV into the households database in chunks, with a progress bar:
//   DATABASE_URL=postgres://dibao:dibao@127.0.0.1:55432/dibao_households \
//   node -r ./tools/register-paths.js dist/apps/households/src/cli/import-ledger.js ledger.csv [--actor admin-cli] [--chunk 2000]
// Rejected rows (line and reasons) go to <file>.rejected.jsonl. The service's outbox relay publishes the
// household.registered events when it runs.
import 'reflect-metadata';
import { SingleBar, Presets } from 'cli-progress';
import { parse } from 'csv-parse';
import { createReadStream, statSync, writeFileSync } from 'fs';
import { DataSource } from 'typeorm';
import { DEFAULT_POLICY } from '@dibao/domain';
import { ensureDatabase, postgresOptions } from '@dibao/platform';
import { HOUSEHOLD_ENTITIES } from '../households/household.entities';
import { todayInChina } from '../households/today.util';
import { headerHasStatus, headerProblems, LedgerRow } from '../ledger-import/ledger-csv.util';
import { LedgerImporter } from '../ledger-import/ledger-importer';
import { HOUSEHOLD_MIGRATIONS } from '../migrations';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file || file.startsWith('--')) {
    process.stderr.write('usage: import-ledger <ledger.csv> [--actor <admin id>] [--chunk <rows>]\n');
    process.exit(2);
  }
  const url = process.env['DATABASE_URL'] ?? 'postgres://dibao:dibao@127.0.0.1:55432/dibao_households';
  const chunkRows = Number(option('chunk', '2000'));
  await ensureDatabase(url);
  const ds = new DataSource(postgresOptions({ url, entities: HOUSEHOLD_ENTITIES, migrations: HOUSEHOLD_MIGRATIONS, poolSize: 2 }));
  await ds.initialize();
  const importer = new LedgerImporter(ds, { id: option('actor', 'ledger-import-cli'), role: 'admin' }, DEFAULT_POLICY, todayInChina());

  const size = statSync(file).size;
  const bar = new SingleBar(
    { format: 'ledger |{bar}| {percentage}% | {rows} rows | {imported} imported | {rejected} rejected | {rate} households/s', hideCursor: true },
    Presets.shades_classic,
  );
  bar.start(size, 0, { rows: 0, imported: 0, rejected: 0, rate: 0 });
  const started = Date.now();
  const parser = createReadStream(file).pipe(parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true }));
  let header = true;
  let hasStatus = false;
  let chunk: LedgerRow[] = [];
  let bytes = 0;
  const flush = async () => {
    await importer.importChunk(chunk);
    chunk = [];
    const t = importer.totals;
    const seconds = (Date.now() - started) / 1000;
    bar.update(bytes, { rows: t.rows, imported: t.imported, rejected: t.rejected.length, rate: Math.round(t.imported / Math.max(seconds, 0.001)) });
  };
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number; bytes: number } }>) {
    bytes = info.bytes;
    if (header) {
      const problems = headerProblems(record);
      if (problems.length > 0) throw new Error(`the ledger header is wrong: ${problems.join('; ')}`);
      hasStatus = headerHasStatus(record);
      header = false;
      continue;
    }
    chunk.push({ line: info.lines, fields: record, hasStatus });
    if (chunk.length >= chunkRows) await flush();
  }
  if (chunk.length > 0) await flush();
  bar.update(size);
  bar.stop();
  await ds.destroy();

  const t = importer.totals;
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(
    `${t.rows} rows in ${seconds.toFixed(1)} s: ${t.imported} imported (${Math.round(t.imported / seconds)} households/s), ` +
      `${t.unchanged} unchanged, ${t.statusChanged} now beneficiaries, ${t.rejected.length} rejected\n`,
  );
  if (t.rejected.length > 0) {
    const out = `${file}.rejected.jsonl`;
    writeFileSync(out, t.rejected.map((r) => JSON.stringify(r)).join('\n') + '\n');
    process.stdout.write(`rejected rows with reasons: ${out}\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
