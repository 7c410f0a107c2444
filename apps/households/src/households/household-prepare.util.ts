import { checkResidentId, LocalDate, ResidentIdInvalidReason, Scheme, Sex } from '@dibao/domain';
import type { FieldProblem } from '@dibao/platform';
import type { AccountDraft, AssetDraft, DeductionDraft, HouseholdDraft, IncomeDraft, MemberDraft, ProxyDraft } from './household-draft';
import type { Hukou } from './household.types';

/** A draft with ids assigned and sex, birth date and scheme derived: ready to insert. */
export interface PreparedHousehold {
  id: string;
  scheme: Scheme;
  draft: HouseholdDraft;
  members: PreparedMember[];
  incomes: PreparedIncome[];
  proxies: (ProxyDraft & { id: string; residentId: string })[];
  assets: (AssetDraft & { id: string })[];
  account?: AccountDraft;
}

export interface PreparedMember extends MemberDraft {
  id: string;
  residentId: string;
  sex: Sex;
  birthDate: LocalDate;
}

export type PreparedIncome =
  | ({ id: string; memberId: string; item: 'income' } & IncomeDraft)
  | ({ id: string; memberId: string; item: 'deduction' } & DeductionDraft);

export const RESIDENT_ID_REASONS: Readonly<Record<ResidentIdInvalidReason, string>> = {
  wrong_length: 'must be 18 characters',
  invalid_characters: 'must be 17 digits followed by a digit or X',
  unknown_province: 'does not start with a province code',
  invalid_birth_date: 'does not contain a real birth date',
  birth_date_before_1900: 'has a birth date before 1900',
  birth_date_in_future: 'has a birth date in the future',
  check_digit_mismatch: 'has a wrong check digit',
};

/** The scheme follows the hukou: non-agricultural → urban, agricultural → rural. */
export function schemeOfHukou(hukou: Hukou): Scheme {
  return hukou === 'non_agricultural' ? 'urban' : 'rural';
}

/** A field problem for a resident ID, or undefined when it is valid on `today`. */
export function residentIdProblem(field: string, value: string, today: LocalDate): FieldProblem | undefined {
  const check = checkResidentId(value, today);
  return check.valid ? undefined : invalidResidentId(field, check.reason);
}

function invalidResidentId(field: string, reason: ResidentIdInvalidReason): FieldProblem {
  return { field, rule: 'isResidentId', message: `${field} ${RESIDENT_ID_REASONS[reason]} (${reason})` };
}

/**
 * Checks the rules a household draft must keep beyond single fields (exactly one head, no ID twice, valid IDs),
 * and derives sex and birth date from each ID number. Pure: ids come from `newId`.
 */
export function prepareHousehold(
  draft: HouseholdDraft,
  today: LocalDate,
  newId: () => string,
): { ok: true; household: PreparedHousehold } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const heads = draft.members.filter((m) => m.relation === 'head').length;
  if (draft.members.length === 0) {
    problems.push({ field: 'members', rule: 'arrayNotEmpty', message: 'members must list at least the head of the household' });
  } else if (heads !== 1) {
    problems.push({ field: 'members', rule: 'oneHead', message: `members must contain exactly one head (relation "head"), found ${heads}` });
  }

  const seen = new Map<string, number>();
  const members: PreparedMember[] = [];
  draft.members.forEach((member, i) => {
    const field = `members[${i}].residentId`;
    const residentId = member.residentId.toUpperCase();
    const check = checkResidentId(residentId, today);
    if (!check.valid) {
      problems.push(invalidResidentId(field, check.reason));
      return;
    }
    const earlier = seen.get(residentId);
    if (earlier !== undefined) {
      problems.push({ field, rule: 'uniqueResidentId', message: `${field} repeats the ID number of members[${earlier}]` });
      return;
    }
    seen.set(residentId, i);
    members.push({ ...member, id: newId(), residentId, sex: check.sex, birthDate: check.birthDate });
  });

  const proxies = (draft.proxies ?? []).flatMap((proxy, i) => {
    const residentId = proxy.residentId.toUpperCase();
    const problem = residentIdProblem(`proxies[${i}].residentId`, residentId, today);
    if (problem) {
      problems.push(problem);
      return [];
    }
    return [{ ...proxy, id: newId(), residentId }];
  });

  if (problems.length > 0) return { ok: false, problems };

  const incomes: PreparedIncome[] = members.flatMap((member) => [
    ...(member.incomes ?? []).map((income) => ({ ...income, id: newId(), memberId: member.id, item: 'income' as const })),
    ...(member.deductions ?? []).map((deduction) => ({ ...deduction, id: newId(), memberId: member.id, item: 'deduction' as const })),
  ]);
  return {
    ok: true,
    household: {
      id: newId(),
      scheme: schemeOfHukou(draft.hukou),
      draft,
      members,
      incomes,
      proxies,
      assets: (draft.assets ?? []).map((asset) => ({ ...asset, id: newId() })),
      account: draft.account,
    },
  };
}
