import { DomainErrorCode } from './domain-error';
import { localDate } from './local-date';
import { DEFAULT_POLICY, DibaoPolicy } from './policy';
import { jobOfferSanction, JobOfferRecord, mayBeOfferedWork } from './job-offer';
import { errorCode } from './test/domain-error.helper';

const d = localDate;
const refused = (on: string, goodReason?: string): JobOfferRecord => ({ offeredOn: d(on), response: 'refused', ...(goodReason ? { goodReason } : {}) });
const accepted = (on: string): JobOfferRecord => ({ offeredOn: d(on), response: 'accepted' });

describe('job offers (DOMAIN.md: A art. 34; C art. 45)', () => {
  it('the third refusal in a row without good reason stops the member’s share', () => {
    expect(jobOfferSanction([refused('2027-01-05'), refused('2027-02-05')], DEFAULT_POLICY, d('2027-02-05'))).toEqual({
      refusalsInARow: 2,
      limit: 3,
      sanctioned: false,
    });
    expect(jobOfferSanction([refused('2027-01-05'), refused('2027-02-05'), refused('2027-03-05')], DEFAULT_POLICY, d('2027-03-05')).sanctioned).toBe(true);
  });

  it('an accepted offer ends the run; a justified refusal (unsuitable work) neither counts nor breaks it', () => {
    const offers = [refused('2027-01-05'), refused('2027-02-05'), accepted('2027-03-05'), refused('2027-04-05'), refused('2027-05-05', '照顾重病家属'), refused('2027-06-05')];
    expect(jobOfferSanction(offers, DEFAULT_POLICY, d('2027-06-05'))).toMatchObject({ refusalsInARow: 2, sanctioned: false });
    // A blank reason is no reason.
    expect(jobOfferSanction([...offers, refused('2027-07-05', '  ')], DEFAULT_POLICY, d('2027-07-05')).sanctioned).toBe(true);
  });

  it('takes the offers in the order of their dates, whatever the order they were recorded in', () => {
    const offers = [refused('2027-03-05'), accepted('2027-01-05'), refused('2027-02-05'), refused('2027-04-05')];
    expect(jobOfferSanction(offers, DEFAULT_POLICY, d('2027-04-05')).refusalsInARow).toBe(3);
  });

  it('the limit is configuration with an effective date', () => {
    const stricter: DibaoPolicy = { ...DEFAULT_POLICY, jobOfferRefusalLimit: [...DEFAULT_POLICY.jobOfferRefusalLimit, { effectiveFrom: d('2028-01-01'), value: 2 }] };
    const two = [refused('2027-12-01'), refused('2027-12-20')];
    expect(jobOfferSanction(two, stricter, d('2027-12-31')).sanctioned).toBe(false);
    expect(jobOfferSanction(two, stricter, d('2028-01-01'))).toMatchObject({ limit: 2, sanctioned: true });
    expect(errorCode(() => jobOfferSanction(two, DEFAULT_POLICY, d('2020-01-01')))).toBe(DomainErrorCode.NoEffectiveValue);
  });

  it('only a counted member able to work is offered work under the rule', () => {
    expect(mayBeOfferedWork({ id: 'm1', ableToWork: true, hasLegalSupporter: false })).toBe(true);
    expect(mayBeOfferedWork({ id: 'm1', ableToWork: false, hasLegalSupporter: false })).toBe(false);
    expect(mayBeOfferedWork({ id: 'm1', ableToWork: true, hasLegalSupporter: false, exclusion: 'in_prison' })).toBe(false);
  });
});
