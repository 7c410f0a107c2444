import { maskAccountNumber, residentIdFor, seesIdentifiers, seesPaymentIdentifiers } from './identifiers.util';

describe('identifier masking', () => {
  const ID = '11010519491231002X';

  it('shows full ID numbers only to roles in ROLES_SEEING_IDENTIFIERS', () => {
    expect(residentIdFor('caseworker', ID)).toBe(ID);
    expect(residentIdFor('system', ID)).toBe(ID);
    expect(residentIdFor('supervisor', ID)).toBe('1101**********002X');
    expect(residentIdFor('finance', ID)).toBe('1101**********002X');
    expect(seesIdentifiers('inspector')).toBe(false);
  });

  it('lets finance see payment numbers', () => {
    expect(seesPaymentIdentifiers('finance')).toBe(true);
    expect(seesPaymentIdentifiers('supervisor')).toBe(false);
  });

  it('masks account numbers but the first and last four digits', () => {
    expect(maskAccountNumber('6228480012345678901')).toBe('6228***********8901');
    expect(maskAccountNumber('12345678')).toBe('********');
  });
});
