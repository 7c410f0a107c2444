import { maskResidentId } from '@dibao/domain';
import { Role, ROLES_SEEING_IDENTIFIERS } from '@dibao/contracts';

/** Whether a role sees full resident ID numbers and account numbers (everyone else sees them masked). */
export function seesIdentifiers(role: Role): boolean {
  return ROLES_SEEING_IDENTIFIERS.includes(role);
}

/** Payment details: finance pays into the account, so it sees full account and proxy numbers there too. */
export function seesPaymentIdentifiers(role: Role): boolean {
  return seesIdentifiers(role) || role === 'finance';
}

/** '6228480012345678901' → '6228***********8901'; short numbers are masked entirely. */
export function maskAccountNumber(number: string): string {
  if (number.length <= 8) return '*'.repeat(number.length);
  return number.slice(0, 4) + '*'.repeat(number.length - 8) + number.slice(-4);
}

export function residentIdFor(role: Role, residentId: string): string {
  return seesIdentifiers(role) ? residentId : maskResidentId(residentId);
}
