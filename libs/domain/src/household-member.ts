import { addMonths, LocalDate } from './local-date';

/**
 * Why a person living with the household is not counted as a member (A art. 7): serving a prison sentence,
 * in compulsory drug rehabilitation (强制隔离戒毒), declared missing (宣告失踪), or a member of the clergy
 * (宗教教职人员) living away from the family for the configured number of years.
 */
export type MemberExclusionReason = 'in_prison' | 'compulsory_drug_rehabilitation' | 'declared_missing' | 'clergy_living_away';

export const MEMBER_EXCLUSION_REASONS: readonly MemberExclusionReason[] = [
  'in_prison',
  'compulsory_drug_rehabilitation',
  'declared_missing',
  'clergy_living_away',
];

/** A person as the income and amount rules see them. The households service owns the full record. */
export interface HouseholdMember {
  readonly id: string;
  /** Set when A art. 7 excludes the person; excluded people and their income are left out. */
  readonly exclusion?: MemberExclusionReason;
  readonly ableToWork: boolean;
  /** Someone with a legal duty of support (法定赡养、抚养、扶养义务人) who is able to provide it. */
  readonly hasLegalSupporter: boolean;
  /** Severely disabled (重度残疾), for applying alone (A art. 8). */
  readonly severelyDisabled?: boolean;
  /** Seriously ill (重病), for applying alone (A art. 8). */
  readonly seriouslyIll?: boolean;
}

export interface ExcludedMember {
  readonly memberId: string;
  readonly reason: MemberExclusionReason;
}

export function isCountedMember(member: HouseholdMember): boolean {
  return member.exclusion === undefined;
}

/**
 * Whether a member of the clergy who has lived away since `livingAwaySince` is excluded on `asOf`
 * (A art. 7: three years or more, `years` from the policy's clergyAwayExclusionYears).
 */
export function clergyAwayLongEnough(livingAwaySince: LocalDate, asOf: LocalDate, years: number): boolean {
  return addMonths(livingAwaySince, years * 12) <= asOf;
}
