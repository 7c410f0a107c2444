import { parse } from 'csv-parse/sync';
import type { FieldProblem } from '@dibao/platform';

/** One line of a bank's return file: the result of one payment. */
export interface BankReturnLine {
  paymentId: string;
  result: 'disbursed' | 'failed';
  reason: string | null;
  bankReference: string | null;
}

export type ParsedReturn = { ok: true; lines: BankReturnLine[] } | { ok: false; problems: FieldProblem[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REQUIRED = ['payment_id', 'result', 'reason'];
const ALLOWED = [...REQUIRED, 'bank_reference'];
export const MAX_RETURN_LINES = 200_000;

/**
 * Parses a bank return file (CSV, UTF-8, header line required):
 *   payment_id,result,reason[,bank_reference]
 * `result` is `disbursed` or `failed`; `reason` is required for `failed`. Every problem is reported with its
 * line number and column, so nothing is applied from a file with any bad line.
 */
export function parseBankReturnCsv(text: string): ParsedReturn {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (e) {
    return { ok: false, problems: [{ field: 'body', rule: 'csv', message: `the file is not valid CSV: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  if (records.length === 0) return { ok: false, problems: [{ field: 'body', rule: 'notEmpty', message: 'the file is empty; expected a header payment_id,result,reason' }] };
  const header = records[0].map((h) => h.toLowerCase());
  const missing = REQUIRED.filter((h) => !header.includes(h));
  const unknown = header.filter((h) => !ALLOWED.includes(h));
  if (missing.length || unknown.length) {
    return {
      ok: false,
      problems: [
        ...missing.map((h) => ({ field: `header.${h}`, rule: 'required', message: `the header has no column ${h}` })),
        ...unknown.map((h) => ({ field: `header.${h}`, rule: 'allowed', message: `column ${h} is not one of ${ALLOWED.join(', ')}` })),
      ],
    };
  }
  if (records.length - 1 > MAX_RETURN_LINES) {
    return { ok: false, problems: [{ field: 'body', rule: 'maxLines', message: `at most ${MAX_RETURN_LINES} lines per file` }] };
  }
  const col = (row: string[], name: string) => row[header.indexOf(name)] ?? '';
  const rows = records.slice(1).map((row, i) => ({
    line: i + 2,
    cells: row.length,
    paymentId: col(row, 'payment_id'),
    result: col(row, 'result'),
    reason: col(row, 'reason'),
    bankReference: header.includes('bank_reference') ? col(row, 'bank_reference') : '',
  }));
  return validateReturnLines(rows, header.length);
}

/** The same checks for results sent as JSON (`{ results: [...] }`), with `results[i].field` names. */
export function validateReturnLines(
  rows: { line?: number; cells?: number; paymentId: unknown; result: unknown; reason?: unknown; bankReference?: unknown }[],
  columns?: number,
): ParsedReturn {
  const problems: FieldProblem[] = [];
  const lines: BankReturnLine[] = [];
  const seen = new Map<string, string>();
  rows.forEach((row, i) => {
    const where = row.line !== undefined ? `line ${row.line}` : `results[${i}]`;
    const field = (name: string) => (row.line !== undefined ? `line ${row.line}: ${name}` : `results[${i}].${name}`);
    if (columns !== undefined && row.cells !== columns) {
      problems.push({ field: field('columns'), rule: 'columnCount', message: `${where} has ${row.cells} columns, the header ${columns}` });
      return;
    }
    const paymentId = typeof row.paymentId === 'string' ? row.paymentId.trim() : '';
    const result = typeof row.result === 'string' ? row.result.trim().toLowerCase() : '';
    const reason = typeof row.reason === 'string' && row.reason.trim() ? row.reason.trim() : null;
    const bankReference = typeof row.bankReference === 'string' && row.bankReference.trim() ? row.bankReference.trim() : null;
    if (!UUID.test(paymentId)) problems.push({ field: field('payment_id'), rule: 'isUuid', message: `${where}: payment_id must be a payment UUID` });
    if (result !== 'disbursed' && result !== 'failed') {
      problems.push({ field: field('result'), rule: 'isIn', message: `${where}: result must be disbursed or failed` });
    }
    if (result === 'failed' && !reason) problems.push({ field: field('reason'), rule: 'required', message: `${where}: a failed payment needs a reason` });
    if (reason && reason.length > 500) problems.push({ field: field('reason'), rule: 'maxLength', message: `${where}: reason is longer than 500 characters` });
    if (bankReference && bankReference.length > 100) {
      problems.push({ field: field('bank_reference'), rule: 'maxLength', message: `${where}: bank_reference is longer than 100 characters` });
    }
    if (UUID.test(paymentId)) {
      const key = paymentId.toLowerCase();
      if (seen.has(key)) problems.push({ field: field('payment_id'), rule: 'unique', message: `${where}: payment ${paymentId} is also on ${seen.get(key)}` });
      seen.set(key, where);
    }
    lines.push({ paymentId: paymentId.toLowerCase(), result: result as BankReturnLine['result'], reason, bankReference });
  });
  if (rows.length === 0) problems.push({ field: 'body', rule: 'notEmpty', message: 'no results in the return' });
  return problems.length ? { ok: false, problems } : { ok: true, lines };
}
