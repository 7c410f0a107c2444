import { localDate } from '@dibao/domain';
import { syntheticResidentId } from '../cli/synthetic-ledger.util';
import { headerHasStatus, headerProblems, LEDGER_COLUMNS, parseLedgerRow } from './ledger-csv.util';

const today = localDate('2026-11-30');
const HEAD = syntheticResidentId('520102', 1955, 7, 8, 21);
const CHILD = syntheticResidentId('520102', 2015, 9, 10, 22);
let n = 0;
const newId = () => `id-${++n}`;

const row = (fields: Partial<Record<(typeof LEDGER_COLUMNS)[number], string>>, line = 2) => ({
  line,
  fields: LEDGER_COLUMNS.map((c) => fields[c] ?? ''),
});
const valid = {
  ledger_no: 'L-1',
  township: 'T01',
  village: '红星村',
  address: '一组1号',
  hukou: 'agricultural',
  account_kind: 'credit_cooperative',
  account_institution: '信用社',
  account_number: '6228480000000000011',
  account_holder: '赵一',
  members: `赵一|${HEAD}|head|1|none|1||wages:1200.50:monthly+medical:100:monthly+scholarship:500:annual;钱二|${CHILD}|child||none|||`,
};

describe('headerProblems', () => {
  it('accepts the documented header and names missing, unknown and misordered columns', () => {
    expect(headerProblems([...LEDGER_COLUMNS])).toEqual([]);
    expect(headerProblems(['ledger_no', 'extra'])[0]).toContain('missing column(s): township');
    expect(headerProblems(['ledger_no', 'extra'])[1]).toContain('unknown column(s): extra');
    expect(headerProblems([...LEDGER_COLUMNS].reverse())).toEqual([expect.stringContaining('order')]);
  });

  it('accepts an optional status column, last only', () => {
    expect(headerProblems([...LEDGER_COLUMNS, 'status'])).toEqual([]);
    expect(headerHasStatus([...LEDGER_COLUMNS, 'Status '])).toBe(true);
    expect(headerHasStatus([...LEDGER_COLUMNS])).toBe(false);
    expect(headerProblems(['status', ...LEDGER_COLUMNS])).toEqual([expect.stringContaining('optionally, status')]);
    expect(headerProblems([...LEDGER_COLUMNS, 'status', 'status'])).toEqual([expect.stringContaining('order')]);
  });
});

describe('parseLedgerRow', () => {
  it('turns a row into a household with members, yuan amounts in fen and deductions', () => {
    const parsed = parseLedgerRow(row(valid), today, newId);
    if (!parsed.ok) throw new Error(parsed.reasons.join('; '));
    expect(parsed.importKey).toBe(`L-1|${HEAD}`);
    const h = parsed.household;
    expect(h.account).toEqual({ kind: 'credit_cooperative', institution: '信用社', number: '6228480000000000011', holderName: '赵一' });
    expect(h.members.map((m) => [m.relation, m.disabilityGrade ?? null, m.seriouslyIll ?? false])).toEqual([
      ['head', 1, true],
      ['child', null, false],
    ]);
    expect(h.incomes.map((i) => [i.item, i.amountFen, i.period])).toEqual([
      ['income', 120050, 'monthly'],
      ['income', 50000, 'annual'],
      ['deduction', 10000, 'monthly'],
    ]);
  });

  it('gives the same hash to the same row and another to a changed one', () => {
    const a = parseLedgerRow(row(valid), today, newId);
    const b = parseLedgerRow(row(valid, 9), today, newId);
    const c = parseLedgerRow(row({ ...valid, address: '一组2号' }), today, newId);
    if (!a.ok || !b.ok || !c.ok) throw new Error('expected valid rows');
    expect(a.importHash).toBe(b.importHash);
    expect(c.importHash).not.toBe(a.importHash);
  });

  it.each([
    [{ ledger_no: '' }, 'ledger_no'],
    [{ hukou: 'city' }, 'hukou'],
    [{ members: `赵一|${HEAD}|head|1|none` }, 'expected 8 parts'],
    [{ members: `赵一|${HEAD}|head||none|||wages:12,5:monthly` }, 'is not a yuan amount'],
    [{ members: `赵一|${HEAD}|head||none|||wages:-5:monthly` }, 'members[0].incomes[0].amountFen'],
    [{ members: `赵一|${HEAD}|head||none|||lottery:5:monthly` }, 'members[0].incomes[0].category'],
    [{ members: `赵一|${HEAD}|head||none|yes||` }, 'seriouslyIll'],
    [{ members: `赵一|${HEAD}|spouse||none|||` }, 'exactly one head'],
    [{ account_number: '12AB' }, 'account.number'],
  ])('rejects %j naming %s', (change, reason) => {
    const parsed = parseLedgerRow(row({ ...valid, ...change }), today, newId);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.reasons.join(' ')).toContain(reason);
  });

  it('reads the optional status: empty is registered, beneficiary is kept, anything else is rejected', () => {
    const withStatus = (status: string) => ({ ...row(valid), fields: [...row(valid).fields, status], hasStatus: true });
    const plain = parseLedgerRow(row(valid), today, newId);
    const empty = parseLedgerRow(withStatus(''), today, newId);
    const beneficiary = parseLedgerRow(withStatus(' beneficiary '), today, newId);
    if (!plain.ok || !empty.ok || !beneficiary.ok) throw new Error('expected valid rows');
    expect([plain.status, empty.status, beneficiary.status]).toEqual(['registered', 'registered', 'beneficiary']);
    // The status is not part of the content: the same household with or without it is the same row.
    expect(beneficiary.importHash).toBe(plain.importHash);
    for (const bad of ['applicant', 'exited', 'BENEFICIARY', '低保']) {
      const parsed = parseLedgerRow(withStatus(bad), today, newId);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.reasons.join(' ')).toContain('status: must be empty, registered or beneficiary');
    }
    expect(parseLedgerRow(row(valid), today, newId).ok).toBe(true);
    expect(parseLedgerRow({ ...row(valid), hasStatus: true }, today, newId)).toMatchObject({ ok: false, reasons: ['expected 11 columns, found 10'] });
  });

  it('rejects a row with the wrong number of columns', () => {
    expect(parseLedgerRow({ line: 5, fields: ['a', 'b'] }, today, newId)).toEqual({ ok: false, line: 5, reasons: ['expected 10 columns, found 2'] });
  });
});
