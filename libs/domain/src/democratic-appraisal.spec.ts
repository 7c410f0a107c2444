import {
  AppraisalRules,
  appraisalRulesAt,
  AppraisalTally,
  appraisalTallyProblems,
  decideAppraisal,
} from './democratic-appraisal';
import { DomainErrorCode } from './domain-error';
import { localDate } from './local-date';
import { DEFAULT_POLICY } from './policy';
import { ratio } from './ratio';
import { thrownDomainError } from './test/domain-error.helper';

const rules = appraisalRulesAt(DEFAULT_POLICY, localDate('2026-03-06'));

/** 40 attendees, 20 of the village's 27 representatives present (2/3 of 27 is 18). */
function tally(overrides: Partial<AppraisalTally>): AppraisalTally {
  return {
    attendees: 40,
    villagerRepresentatives: 20,
    representativesTotal: 27,
    approve: 0,
    reject: 0,
    abstain: 0,
    invalid: 0,
    ...overrides,
  };
}

describe('the county rules', () => {
  it('are 2/3 of all representatives present and more than half of the valid ballots', () => {
    expect(rules).toEqual({ representativeShare: ratio(2, 3), quorumBase: 'representatives_total', passShare: ratio(1, 2) });
  });
});

describe('decideAppraisal', () => {
  it('passes when approvals exceed half of the valid ballots', () => {
    expect(decideAppraisal(tally({ approve: 20, reject: 15, abstain: 3, invalid: 2 }), rules)).toEqual({
      passed: true,
      validBallots: 38,
      approvals: 20,
      approvalsNeeded: 20,
    });
  });

  it('fails on exactly half', () => {
    expect(decideAppraisal(tally({ approve: 19, reject: 19 }), rules).passed).toBe(false);
  });

  it('counts abstentions as valid ballots', () => {
    // Without the 4 abstentions 19 of 34 would pass; with them 19 of 38 does not.
    expect(decideAppraisal(tally({ approve: 19, reject: 15, abstain: 4 }), rules)).toMatchObject({ passed: false, validBallots: 38 });
  });

  it('leaves invalid ballots out', () => {
    expect(decideAppraisal(tally({ approve: 19, reject: 17, invalid: 4 }), rules)).toMatchObject({ passed: true, validBallots: 36 });
  });

  it('fails without valid ballots', () => {
    expect(decideAppraisal(tally({ invalid: 5 }), rules)).toMatchObject({ passed: false, approvalsNeeded: 1 });
  });

  it('applies another pass share where configured', () => {
    const twoThirds: AppraisalRules = { ...rules, passShare: ratio(2, 3) };
    expect(decideAppraisal(tally({ approve: 20, reject: 10 }), twoThirds).passed).toBe(false);
    expect(decideAppraisal(tally({ approve: 21, reject: 10 }), twoThirds).passed).toBe(true);
  });

  it('refuses an invalid tally with every problem', () => {
    const error = thrownDomainError(() => decideAppraisal(tally({ villagerRepresentatives: 17, approve: 30, reject: 11 }), rules));
    expect(error.code).toBe(DomainErrorCode.InvalidAppraisalTally);
    expect((error.details?.['problems'] as { code: string }[]).map((problem) => problem.code)).toEqual([
      'ballots_exceed_attendees',
      'representatives_below_quorum',
    ]);
  });
});

describe('appraisalTallyProblems', () => {
  it('accepts a sound tally, including exactly the quorum', () => {
    expect(appraisalTallyProblems(tally({ approve: 40 }), rules)).toEqual([]);
    expect(appraisalTallyProblems(tally({ villagerRepresentatives: 18 }), rules)).toEqual([]);
  });

  it.each<[string, Partial<AppraisalTally>]>([
    ['ballots_exceed_attendees', { approve: 20, reject: 20, invalid: 1 }],
    ['representatives_below_quorum', { villagerRepresentatives: 17 }],
    ['representatives_exceed_attendees', { attendees: 10, villagerRepresentatives: 20 }],
    ['representatives_exceed_total', { villagerRepresentatives: 28 }],
    ['no_representatives', { villagerRepresentatives: 0, representativesTotal: 0 }],
    ['not_a_count', { approve: -1 }],
    ['not_a_count', { abstain: 1.5 }],
    ['not_a_count', { attendees: Number.NaN }],
  ])('reports %s', (code, overrides) => {
    expect(appraisalTallyProblems(tally(overrides), rules).map((problem) => problem.code)).toContain(code);
  });

  it('explains a missing quorum', () => {
    expect(appraisalTallyProblems(tally({ villagerRepresentatives: 17 }), rules)).toEqual([
      { code: 'representatives_below_quorum', message: 'only 17 of 27 representatives attended; at least 2/3 must attend' },
    ]);
  });

  it('can measure the quorum against attendees instead', () => {
    const ofAttendees: AppraisalRules = { ...rules, quorumBase: 'attendees' };
    expect(appraisalTallyProblems(tally({ attendees: 30, villagerRepresentatives: 20 }), ofAttendees)).toEqual([]);
    expect(appraisalTallyProblems(tally({ attendees: 31, villagerRepresentatives: 20 }), ofAttendees).map((p) => p.code)).toEqual([
      'representatives_below_quorum',
    ]);
  });
});
