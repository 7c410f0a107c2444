import { DomainErrorCode } from './domain-error';
import { localDate } from './local-date';
import { checkResidentId, isValidResidentId, maskResidentId, residentIdCheckCharacter } from './resident-id.util';
import { errorCode } from './test/domain-error.helper';

const asOf = localDate('2026-03-06');

/** Appends the GB 11643 check character, computed independently of the code under test. */
function withCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const total = [...first17].reduce((acc, digit, index) => acc + Number(digit) * weights[index], 0);
  return first17 + '10X98765432'[total % 11];
}

describe('resident ID check character', () => {
  it('matches the standard', () => {
    // The worked example of GB 11643-1999 ends in X.
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
    expect(residentIdCheckCharacter('44052418800101001')).toBe('4');
    expect(residentIdCheckCharacter('52010219800101123')).toBe(withCheck('52010219800101123').slice(-1));
  });

  it('needs exactly 17 digits', () => {
    expect(errorCode(() => residentIdCheckCharacter('1234'))).toBe(DomainErrorCode.InvalidArgument);
  });
});

describe('checkResidentId', () => {
  it('accepts a valid number and reads birth date, sex and region', () => {
    const id = withCheck('52010219800101123');
    expect(checkResidentId(id, asOf)).toEqual({
      valid: true,
      id,
      birthDate: '1980-01-01',
      sex: 'male',
      regionCode: '520102',
    });
  });

  it('accepts the standard example, a woman, with X', () => {
    const result = checkResidentId('11010519491231002X', asOf);
    expect(result).toMatchObject({ valid: true, sex: 'female', birthDate: '1949-12-31', regionCode: '110105' });
  });

  it('normalises a lower-case x', () => {
    expect(checkResidentId('11010519491231002x', asOf)).toMatchObject({ valid: true, id: '11010519491231002X' });
  });

  it('accepts a person born on the asOf date and on leap days', () => {
    expect(isValidResidentId(withCheck('52010220260306002'), asOf)).toBe(true);
    expect(isValidResidentId(withCheck('52010220000229002'), asOf)).toBe(true);
  });

  it.each([
    ['wrong_length', '5201021980010112'],
    ['wrong_length', withCheck('52010219800101123') + '0'],
    ['invalid_characters', '52010219800101123A'],
    ['invalid_characters', 'X20102198001011234'],
    ['invalid_characters', '5201021980-1011234'],
    ['unknown_province', withCheck('99010219800101123')],
    ['unknown_province', withCheck('10010219800101123')],
    ['invalid_birth_date', withCheck('52010219800230123')],
    ['invalid_birth_date', withCheck('52010219801301123')],
    ['invalid_birth_date', withCheck('52010219810229123')],
    ['birth_date_before_1900', '440524188001010014'],
    ['birth_date_in_future', withCheck('52010220260307002')],
    ['check_digit_mismatch', '110105194912310021'],
  ])('reports %s for %s', (reason, id) => {
    expect(checkResidentId(id, asOf)).toEqual({ valid: false, reason });
  });

  it('reports every wrong check digit', () => {
    const first17 = '52010219800101123';
    const right = withCheck(first17).slice(-1);
    for (const wrong of '0123456789X'.split('').filter((character) => character !== right)) {
      expect(checkResidentId(first17 + wrong, asOf)).toEqual({ valid: false, reason: 'check_digit_mismatch' });
    }
  });
});

describe('maskResidentId', () => {
  it('keeps the first and last four characters', () => {
    expect(maskResidentId('520102198001011234')).toBe('5201**********1234');
    expect(maskResidentId('11010519491231002x')).toBe('1101**********002X');
  });

  it('masks short input entirely', () => {
    expect(maskResidentId('12345678')).toBe('********');
    expect(maskResidentId('')).toBe('');
  });
});
