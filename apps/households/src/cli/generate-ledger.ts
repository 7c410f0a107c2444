// Writes a synthetic county ledger (台帐) CSV with valid resident ID numbers:
//   node -r ./tools/register-paths.js dist/apps/households/src/cli/generate-ledger.js 100000 /tmp/ledger-100k.csv [seed]
import { createWriteStream } from 'fs';
import { once } from 'events';
import { ledgerHeader, syntheticLedger } from './synthetic-ledger.util';

async function main(): Promise<void> {
  const [countText, file, seedText] = process.argv.slice(2);
  const count = Number(countText);
  if (!Number.isSafeInteger(count) || count <= 0 || !file) {
    process.stderr.write('usage: generate-ledger <households> <out.csv> [seed]\n');
    process.exit(2);
  }
  const out = createWriteStream(file, { encoding: 'utf8' });
  out.write(ledgerHeader() + '\n');
  for (const line of syntheticLedger(count, seedText ? Number(seedText) : 42)) {
    if (!out.write(line + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  process.stdout.write(`wrote ${count} households to ${file}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
