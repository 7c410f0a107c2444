import { parseBankReturnCsv, validateReturnLines } from './bank-return.util';

const A = '0b6f3c9e-4a55-4c1e-9a53-2f8a7e1c0d11';
const B = '7d2f1a8b-93c4-4b6e-8f0a-5c1e2d3f4a55';

describe('parseBankReturnCsv', () => {
  it('reads results with and without a bank reference', () => {
    const parsed = parseBankReturnCsv(`payment_id,result,reason,bank_reference\n${A},disbursed,,BK-1\n${B},failed,账户已销户,\n`);
    expect(parsed).toEqual({
      ok: true,
      lines: [
        { paymentId: A, result: 'disbursed', reason: null, bankReference: 'BK-1' },
        { paymentId: B, result: 'failed', reason: '账户已销户', bankReference: null },
      ],
    });
  });

  it('names the line and column of every problem', () => {
    const parsed = parseBankReturnCsv(`payment_id,result,reason\nnot-a-uuid,paid,\n${B},failed,\n${B},disbursed,\n`);
    expect(parsed.ok).toBe(false);
    const fields = !parsed.ok ? parsed.problems.map((p) => p.field) : [];
    expect(fields).toEqual(['line 2: payment_id', 'line 2: result', 'line 3: reason', 'line 4: payment_id']);
  });

  it('refuses a file without the required header', () => {
    const parsed = parseBankReturnCsv(`id,status\n${A},ok\n`);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems.map((p) => p.field)).toEqual(['header.payment_id', 'header.result', 'header.reason', 'header.id', 'header.status']);
  });

  it('checks JSON results the same way', () => {
    const parsed = validateReturnLines([{ paymentId: A, result: 'failed' }]);
    expect(!parsed.ok && parsed.problems[0].field).toBe('results[0].reason');
  });
});
