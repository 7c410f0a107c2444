import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { createHash } from 'crypto';
import { LocalDate, maskResidentId, parseYuan } from '@dibao/domain';
import { flattenValidationErrors } from '@dibao/platform';
import { RegisterHouseholdDto } from '../households/dto/register-household.dto';
import type { HouseholdDraft } from '../households/household-draft';
import { prepareHousehold, PreparedHousehold } from '../households/household-prepare.util';

/**
 * The county ledger (台帐) as CSV, one household per row. `members` holds the members separated by `;`,
 * each `name|resident_id|relation|disability_grade|work_ability|seriously_ill|exclusion|incomes`, where incomes are
 * `category:yuan:period` items joined by `+` (category `medical` or `disability` is a deductible expense).
 * See apps/households/README.md and fixtures/ledger-example.csv.
 */
export const LEDGER_COLUMNS = [
  'ledger_no',
  'township',
  'village',
  'address',
  'hukou',
  'account_kind',
  'account_institution',
  'account_number',
  'account_holder',
  'members',
] as const;

export type LedgerColumn = (typeof LEDGER_COLUMNS)[number];

/**
 * An optional last column: the household's status when the ledger is taken over — empty or `registered` (default),
 * or `beneficiary` for a household already receiving dibao before the system existed (only an admin may import
 * those). An applicant's status follows its case, and an exited household is not imported, so neither is accepted.
 */
export const STATUS_COLUMN = 'status';
export const IMPORT_STATUSES = ['registered', 'beneficiary'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface LedgerRow {
  /** Line in the file (the header is line 1). */
  line: number;
  fields: string[];
  /** The header has the optional `status` column (the row then has 11 fields). */
  hasStatus?: boolean;
}

export type ParsedLedgerRow =
  | { ok: true; line: number; ledgerNo: string; household: PreparedHousehold; importKey: string; importHash: string; status: ImportStatus }
  | { ok: false; line: number; ledgerNo?: string; reasons: string[] };

/** Problems with the header row; empty when it is exactly LEDGER_COLUMNS, optionally followed by `status`. */
export function headerProblems(header: string[]): string[] {
  const got = header.map((h) => h.trim().toLowerCase());
  const known: readonly string[] = [...LEDGER_COLUMNS, STATUS_COLUMN];
  const missing = LEDGER_COLUMNS.filter((c) => !got.includes(c));
  const unknown = got.filter((c) => !known.includes(c));
  const problems = [
    ...(missing.length ? [`missing column(s): ${missing.join(', ')}`] : []),
    ...(unknown.length ? [`unknown column(s): ${unknown.join(', ')}`] : []),
  ];
  const plain = LEDGER_COLUMNS.join(',');
  if (problems.length === 0 && got.join(',') !== plain && got.join(',') !== `${plain},${STATUS_COLUMN}`) {
    problems.push(`columns must be in this order: ${plain} (then, optionally, ${STATUS_COLUMN})`);
  }
  return problems;
}

/** Whether a header (already checked by headerProblems) has the optional status column. */
export function headerHasStatus(header: string[]): boolean {
  return header.length > LEDGER_COLUMNS.length && header[LEDGER_COLUMNS.length]?.trim().toLowerCase() === STATUS_COLUMN;
}

const DEDUCTION_CATEGORIES = ['medical', 'disability'];

/** One ledger row → a prepared household, or the reasons it is rejected (field names as in the API). */
export function parseLedgerRow(row: LedgerRow, today: LocalDate, newId: () => string): ParsedLedgerRow {
  const { line } = row;
  const expected = LEDGER_COLUMNS.length + (row.hasStatus ? 1 : 0);
  if (row.fields.length !== expected) {
    return { ok: false, line, reasons: [`expected ${expected} columns, found ${row.fields.length}`] };
  }
  const f = Object.fromEntries(LEDGER_COLUMNS.map((c, i) => [c, row.fields[i].trim()])) as Record<LedgerColumn, string>;
  const ledgerNo = f.ledger_no || undefined;
  const reasons: string[] = [];
  if (!ledgerNo) reasons.push('ledger_no: is required (it keys the row so that a re-import changes nothing)');
  const statusText = row.hasStatus ? row.fields[LEDGER_COLUMNS.length].trim() : '';
  const status = (statusText || 'registered') as ImportStatus;
  if (!(IMPORT_STATUSES as readonly string[]).includes(status)) {
    reasons.push(`status: must be empty, registered or beneficiary (an applicant's status follows its case; an exited household is not imported)`);
  }

  const members = f.members
    .split(';')
    .map((m) => m.trim())
    .filter(Boolean)
    .map((text, i) => parseMember(text, i, reasons));
  const hasAccount = [f.account_kind, f.account_institution, f.account_number, f.account_holder].some(Boolean);
  const plain = {
    hukou: f.hukou,
    township: f.township,
    village: f.village,
    address: f.address,
    ...(ledgerNo ? { ledgerNo } : {}),
    members,
    ...(hasAccount ? { account: { kind: f.account_kind, institution: f.account_institution, number: f.account_number, holderName: f.account_holder } } : {}),
  };
  const dto = plainToInstance(RegisterHouseholdDto, plain);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  reasons.push(...flattenValidationErrors(errors).map((p) => `${p.field}: ${p.message}`));
  if (reasons.length > 0 || !ledgerNo) return { ok: false, line, ledgerNo, reasons };

  const prepared = prepareHousehold(dto as HouseholdDraft, today, newId);
  if (!prepared.ok) return { ok: false, line, ledgerNo, reasons: prepared.problems.map((p) => `${p.field}: ${p.message}`) };
  // prepareHousehold guarantees exactly one head.
  const head = prepared.household.members.find((m) => m.relation === 'head') ?? prepared.household.members[0];
  return {
    ok: true,
    line,
    ledgerNo,
    household: prepared.household,
    importKey: `${ledgerNo}|${head.residentId}`,
    // The ledger's content, not the status: the same household imported again with its status is the same row.
    importHash: createHash('sha256').update(LEDGER_COLUMNS.map((c) => f[c]).join('\u001f')).digest('base64url'),
    status,
  };
}

function parseMember(text: string, index: number, reasons: string[]): Record<string, unknown> {
  const at = `members[${index}]`;
  const parts = text.split('|').map((p) => p.trim());
  if (parts.length !== 8) {
    reasons.push(`${at}: expected 8 parts name|resident_id|relation|disability_grade|work_ability|seriously_ill|exclusion|incomes, found ${parts.length}`);
    return {};
  }
  const [name, residentId, relation, grade, workAbility, ill, exclusion, incomeText] = parts;
  const member: Record<string, unknown> = { name, residentId, relation, workAbility };
  if (grade) member['disabilityGrade'] = /^\d+$/.test(grade) ? Number(grade) : grade;
  if (ill) {
    if (ill === '1' || ill === '0') member['seriouslyIll'] = ill === '1';
    else reasons.push(`${at}.seriouslyIll: must be empty, 0 or 1`);
  }
  if (exclusion) member['exclusion'] = exclusion;
  const incomes: Record<string, unknown>[] = [];
  const deductions: Record<string, unknown>[] = [];
  incomeText
    .split('+')
    .map((s) => s.trim())
    .filter(Boolean)
    .forEach((item, j) => {
      const [category, amount, period, ...rest] = item.split(':');
      if (amount === undefined || period === undefined || rest.length > 0) {
        reasons.push(`${at}.incomes[${j}]: expected category:yuan:period, got "${maskDigits(item)}"`);
        return;
      }
      let amountFen: number;
      try {
        amountFen = parseYuan(amount);
      } catch {
        reasons.push(`${at}.incomes[${j}].amount: "${amount}" is not a yuan amount such as 1200.50`);
        return;
      }
      if (DEDUCTION_CATEGORIES.includes(category)) deductions.push({ kind: category, amountFen, period });
      else incomes.push({ category, amountFen, period });
    });
  if (incomes.length) member['incomes'] = incomes;
  if (deductions.length) member['deductions'] = deductions;
  return member;
}

/** Reasons may quote input; a long digit run (an ID or account number typed in the wrong place) is masked. */
function maskDigits(text: string): string {
  return text.replace(/\d{15,}[\dXx]?/g, (d) => (d.length === 18 ? maskResidentId(d) : `${d.slice(0, 4)}****${d.slice(-4)}`));
}
