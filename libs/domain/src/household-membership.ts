import { clergyAwayLongEnough, MemberExclusionReason } from './household-member';
import { ageOn, LocalDate } from './local-date';
import { DibaoPolicy, ruleAt } from './policy';

/**
 * Who counts as a member of the household (共同生活的家庭成员, A art. 7), worked out from the facts a caseworker
 * records about each person living with the applicant, instead of typed in as a yes/no:
 * 1. the spouse;
 * 2. minor children (under 18 on the day);
 * 3. adult children who cannot live independently, which includes children in school up to a bachelor's degree
 *    (在校接受本科及以下学历教育); a postgraduate is not included for studying alone;
 * 4. others with a legal duty of support (法定赡养、抚养或者扶养义务) who have long lived together with the applicant;
 * excluded, whatever the relation (A art. 7, second paragraph): a person serving a prison sentence, in compulsory
 * drug rehabilitation (强制隔离戒毒), declared missing (宣告失踪), or a member of the clergy (宗教教职人员) living away
 * from the family for the policy's years or more (clergyAwayExclusionYears, 3).
 */
export type Relation = 'applicant' | 'spouse' | 'child' | 'parent' | 'grandparent' | 'grandchild' | 'sibling' | 'other';

/** School level of a person still in full-time education. */
export type SchoolLevel = 'none' | 'primary' | 'secondary' | 'vocational' | 'junior-college' | 'bachelor' | 'postgraduate';

export interface PersonFacts {
  relation: Relation;
  birthDate: LocalDate;
  /** In full-time education, and at what level. */
  school?: SchoolLevel;
  /** An adult child unable to live independently for a reason other than study (disability, illness). */
  cannotLiveIndependently?: boolean;
  /** For parents, grandparents, grandchildren, siblings, others: a legal duty of support exists between them. */
  legalSupportDuty?: boolean;
  /** Has long lived together with the applicant (共同生活). */
  livesTogether: boolean;
  inPrison?: boolean;
  inCompulsoryDrugRehabilitation?: boolean;
  declaredMissing?: boolean;
  /** A member of the clergy living away from the family since this day. */
  clergyLivingAwaySince?: LocalDate;
}

export type Membership =
  | { member: true; basis: 'applicant' | 'spouse' | 'minor-child' | 'adult-child-in-school' | 'adult-child-dependent' | 'supported-relative' }
  | { member: false; excluded: MemberExclusionReason }
  | { member: false; notMember: 'adult-child-independent' | 'no-support-duty' | 'not-living-together' };

const SCHOOL_UP_TO_BACHELOR: readonly SchoolLevel[] = ['primary', 'secondary', 'vocational', 'junior-college', 'bachelor'];

export function membershipOf(person: PersonFacts, on: LocalDate, policy: DibaoPolicy): Membership {
  // Exclusions first: they apply to every relation, the spouse and the children included.
  if (person.inPrison) return { member: false, excluded: 'in_prison' };
  if (person.inCompulsoryDrugRehabilitation) return { member: false, excluded: 'compulsory_drug_rehabilitation' };
  if (person.declaredMissing) return { member: false, excluded: 'declared_missing' };
  if (person.clergyLivingAwaySince && clergyAwayLongEnough(person.clergyLivingAwaySince, on, ruleAt(policy, 'clergyAwayExclusionYears', on))) {
    return { member: false, excluded: 'clergy_living_away' };
  }
  switch (person.relation) {
    case 'applicant':
      return { member: true, basis: 'applicant' };
    case 'spouse':
      return { member: true, basis: 'spouse' };
    case 'child': {
      if (ageOn(person.birthDate, on) < 18) return { member: true, basis: 'minor-child' };
      if (person.school && SCHOOL_UP_TO_BACHELOR.includes(person.school)) return { member: true, basis: 'adult-child-in-school' };
      if (person.cannotLiveIndependently) return { member: true, basis: 'adult-child-dependent' };
      return { member: false, notMember: 'adult-child-independent' };
    }
    default:
      if (!person.legalSupportDuty) return { member: false, notMember: 'no-support-duty' };
      if (!person.livesTogether) return { member: false, notMember: 'not-living-together' };
      return { member: true, basis: 'supported-relative' };
  }
}
