import { checkResidentId, localDate } from '@dibao/domain';
import { parseLedgerRow } from '../ledger-import/ledger-csv.util';
import { ledgerHeader, syntheticLedger, syntheticResidentId } from './synthetic-ledger.util';
import { parse } from 'csv-parse/sync';

describe('synthetic ledger', () => {
  it('makes valid ID numbers', () => {
    expect(checkResidentId(syntheticResidentId('110105', 1949, 12, 31, 2), localDate('2026-01-01'))).toMatchObject({ valid: true, id: '11010519491231002X' });
  });

  it('generates valid, distinct, reproducible households', () => {
    const lines = [...syntheticLedger(300, 7)];
    expect([...syntheticLedger(300, 7)]).toEqual(lines);
    const records: string[][] = parse([ledgerHeader(), ...lines].join('\n'));
    const ids = new Set<string>();
    records.slice(1).forEach((fields, i) => {
      const parsed = parseLedgerRow({ line: i + 2, fields }, localDate('2026-11-30'), () => 'x');
      if (!parsed.ok) throw new Error(`line ${i + 2}: ${parsed.reasons.join('; ')}`);
      parsed.household.members.forEach((m) => ids.add(m.residentId));
    });
    expect(ids.size).toBe(records.slice(1).reduce((n, f) => n + f[9].split(';').length, 0));
  });
});
