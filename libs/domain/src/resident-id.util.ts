import { DomainError, DomainErrorCode } from './domain-error';
import { isAfter, isRealDate, LocalDate, localDateOf } from './local-date';

/**
 * The 18-character citizen identity number (公民身份号码) of GB 11643-1999:
 * 6-digit region code, 8-digit birth date, 3-digit sequence (odd for men, even for women), check character.
 */

export type Sex = 'male' | 'female';

export type ResidentIdInvalidReason =
  | 'wrong_length' // not 18 characters
  | 'invalid_characters' // not 17 digits followed by a digit or X
  | 'unknown_province' // the first two digits are not a province-level code
  | 'invalid_birth_date' // digits 7–14 are not a real calendar date
  | 'birth_date_before_1900'
  | 'birth_date_in_future' // after the asOf date
  | 'check_digit_mismatch';

export type ResidentIdCheck =
  | { readonly valid: true; readonly id: string; readonly birthDate: LocalDate; readonly sex: Sex; readonly regionCode: string }
  | { readonly valid: false; readonly reason: ResidentIdInvalidReason };

/**
 * Province-level codes of GB/T 2260 (11 Beijing … 65 Xinjiang), plus 71 Taiwan, 81 Hong Kong and 82 Macao.
 * 83 (used on residence permits for Taiwan residents since 2018) is not accepted here.
 */
export const PROVINCE_CODES: readonly string[] = [
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82',
];

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
const EARLIEST_BIRTH_YEAR = 1900;

/** The check character (ISO 7064 MOD 11-2) for the first 17 digits. */
export function residentIdCheckCharacter(first17Digits: string): string {
  if (!/^\d{17}$/.test(first17Digits)) {
    throw new DomainError(DomainErrorCode.InvalidArgument, 'the check character is computed from exactly 17 digits');
  }
  const weighted = WEIGHTS.reduce((total, weight, index) => total + weight * Number(first17Digits[index]), 0);
  return CHECK_CHARACTERS[weighted % 11];
}

/**
 * Checks an 18-character resident ID number. Lower-case x is accepted and normalised to X;
 * surrounding spaces are not. `asOf` is today's date: a birth date after it is refused.
 */
export function checkResidentId(input: string, asOf: LocalDate): ResidentIdCheck {
  const id = input.toUpperCase();
  if (id.length !== 18) return invalid('wrong_length');
  if (!/^\d{17}[\dX]$/.test(id)) return invalid('invalid_characters');
  if (!PROVINCE_CODES.includes(id.slice(0, 2))) return invalid('unknown_province');

  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (!isRealDate(year, month, day)) return invalid('invalid_birth_date');
  const birthDate = localDateOf(year, month, day);
  if (year < EARLIEST_BIRTH_YEAR) return invalid('birth_date_before_1900');
  if (isAfter(birthDate, asOf)) return invalid('birth_date_in_future');

  if (residentIdCheckCharacter(id.slice(0, 17)) !== id[17]) return invalid('check_digit_mismatch');

  return {
    valid: true,
    id,
    birthDate,
    sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    regionCode: id.slice(0, 6),
  };
}

export function isValidResidentId(input: string, asOf: LocalDate): boolean {
  return checkResidentId(input, asOf).valid;
}

/**
 * Masks an ID number for display: the first four and last four characters stay, the rest become '*'
 * ('520102198001011234' → '5201**********1234'). Anything of 8 characters or fewer is masked entirely.
 */
export function maskResidentId(id: string): string {
  const visible = 4;
  if (id.length <= visible * 2) return '*'.repeat(id.length);
  return id.slice(0, visible) + '*'.repeat(id.length - visible * 2) + id.slice(-visible).toUpperCase();
}

function invalid(reason: ResidentIdInvalidReason): ResidentIdCheck {
  return { valid: false, reason };
}

