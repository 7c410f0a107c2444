import { Inject, Injectable, Logger } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import type { Actor } from '@dibao/contracts';
import type { DibaoPolicy } from '@dibao/domain';
import { badRequest, requestContext } from '@dibao/platform';
import type { ImportResultView } from '../households/dto/household-view.dto';
import { DIBAO_POLICY } from '../households/households.policy';
import { todayInChina } from '../households/today.util';
import { headerHasStatus, headerProblems, LedgerRow } from './ledger-csv.util';
import { LedgerImporter } from './ledger-importer';

export const IMPORT_CHUNK_ROWS = 2000;

/** Imports a ledger CSV sent in one request (for large files use the CLI, which streams). */
@Injectable()
export class LedgerImportService {
  private readonly logger = new Logger(LedgerImportService.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(DIBAO_POLICY) private readonly policy: DibaoPolicy,
  ) {}

  async importCsv(csv: string, actor: Actor): Promise<ImportResultView> {
    const started = Date.now();
    const rows = readLedger(csv);
    const importer = new LedgerImporter(this.dataSource, actor, this.policy, todayInChina(), requestContext.correlationId());
    for (let i = 0; i < rows.length; i += IMPORT_CHUNK_ROWS) {
      await importer.importChunk(rows.slice(i, i + IMPORT_CHUNK_ROWS));
    }
    const { totals } = importer;
    this.logger.log(`ledger import: ${totals.rows} rows, ${totals.imported} imported, ${totals.unchanged} unchanged, ${totals.statusChanged} now beneficiaries, ${totals.rejected.length} rejected`);
    return { ...totals, rejected: [...totals.rejected].sort((a, b) => a.line - b.line), durationMs: Date.now() - started };
  }
}

/** Parses the CSV text into data rows with line numbers; a bad header or unreadable CSV is a 400. */
export function readLedger(csv: string): LedgerRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(csv, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true });
  } catch (e) {
    throw badRequest('invalid-csv', `the ledger is not readable CSV: ${e instanceof Error ? e.message.replace(/\d{15,}[\dXx]?/g, '…') : 'parse error'}`);
  }
  if (records.length === 0) {
    throw badRequest('invalid-csv', 'the ledger is empty', [{ field: 'body', rule: 'header', message: 'the first line must be the header' }]);
  }
  const problems = headerProblems(records[0].record);
  if (problems.length > 0) {
    throw badRequest('invalid-csv', `the ledger header is wrong: ${problems.join('; ')}`, problems.map((message) => ({ field: 'header', rule: 'ledgerColumns', message })));
  }
  const hasStatus = headerHasStatus(records[0].record);
  return records.slice(1).map((r) => ({ line: r.info.lines, fields: r.record, hasStatus }));
}
