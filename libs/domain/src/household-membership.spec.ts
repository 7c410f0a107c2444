import { membershipOf, PersonFacts } from './household-membership';
import { localDate } from './local-date';
import { DEFAULT_POLICY } from './policy';

// A art. 7 (DOMAIN.md "Household members"), each case worked on 2026-12-04.
const on = localDate('2026-12-04');
const person = (p: Partial<PersonFacts>): PersonFacts => ({ relation: 'child', birthDate: localDate('2000-01-01'), livesTogether: true, ...p });

describe('household membership (A art. 7)', () => {
  it('counts the applicant and the spouse', () => {
    expect(membershipOf(person({ relation: 'applicant' }), on, DEFAULT_POLICY)).toEqual({ member: true, basis: 'applicant' });
    expect(membershipOf(person({ relation: 'spouse', livesTogether: false }), on, DEFAULT_POLICY)).toEqual({ member: true, basis: 'spouse' });
  });

  it('counts a minor child: born 2008-12-05 is 17 on 2026-12-04; born 2008-12-04 is 18 and counts only in school or dependent', () => {
    expect(membershipOf(person({ birthDate: localDate('2008-12-05') }), on, DEFAULT_POLICY)).toEqual({ member: true, basis: 'minor-child' });
    expect(membershipOf(person({ birthDate: localDate('2008-12-04') }), on, DEFAULT_POLICY)).toEqual({ member: false, notMember: 'adult-child-independent' });
  });

  it('counts an adult child in school up to a bachelor’s degree, not a postgraduate for studying alone', () => {
    expect(membershipOf(person({ school: 'bachelor' }), on, DEFAULT_POLICY)).toEqual({ member: true, basis: 'adult-child-in-school' });
    expect(membershipOf(person({ school: 'vocational' }), on, DEFAULT_POLICY)).toEqual({ member: true, basis: 'adult-child-in-school' });
    expect(membershipOf(person({ school: 'postgraduate' }), on, DEFAULT_POLICY)).toEqual({ member: false, notMember: 'adult-child-independent' });
    expect(membershipOf(person({ school: 'postgraduate', cannotLiveIndependently: true }), on, DEFAULT_POLICY)).toEqual({ member: true, basis: 'adult-child-dependent' });
  });

  it('counts other relatives only with a legal duty of support and living together', () => {
    expect(membershipOf(person({ relation: 'parent', legalSupportDuty: true }), on, DEFAULT_POLICY)).toEqual({ member: true, basis: 'supported-relative' });
    expect(membershipOf(person({ relation: 'parent', legalSupportDuty: true, livesTogether: false }), on, DEFAULT_POLICY)).toEqual({ member: false, notMember: 'not-living-together' });
    expect(membershipOf(person({ relation: 'sibling' }), on, DEFAULT_POLICY)).toEqual({ member: false, notMember: 'no-support-duty' });
  });

  it('excludes whatever the relation: prison, compulsory drug rehabilitation, declared missing', () => {
    expect(membershipOf(person({ relation: 'spouse', inPrison: true }), on, DEFAULT_POLICY)).toEqual({ member: false, excluded: 'in_prison' });
    expect(membershipOf(person({ birthDate: localDate('2010-01-01'), inCompulsoryDrugRehabilitation: true }), on, DEFAULT_POLICY)).toEqual({ member: false, excluded: 'compulsory_drug_rehabilitation' });
    expect(membershipOf(person({ relation: 'spouse', declaredMissing: true }), on, DEFAULT_POLICY)).toEqual({ member: false, excluded: 'declared_missing' });
  });

  it('excludes a member of the clergy living away 3 years or more, counted from the day they left: away since 2023-12-04 yes, since 2023-12-05 not yet', () => {
    expect(membershipOf(person({ relation: 'spouse', clergyLivingAwaySince: localDate('2023-12-04') }), on, DEFAULT_POLICY)).toEqual({ member: false, excluded: 'clergy_living_away' });
    expect(membershipOf(person({ relation: 'spouse', clergyLivingAwaySince: localDate('2023-12-05') }), on, DEFAULT_POLICY)).toEqual({ member: true, basis: 'spouse' });
  });
});
