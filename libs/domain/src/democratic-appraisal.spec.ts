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

/** 40 attendees, all 27 of the village's representatives among them (2/3 of 40 is 26.67: 27 are enough). */
function tally(overrides: Partial<AppraisalTally>): AppraisalTally {
  return {
    attendees: 40,
    villagerRepresentatives: 27,
    representativesTotal: 27,
    approve: 0,
    reject: 0,
    abstain: 0,
    invalid: 0,
    ...overrides,
  };
}

describe('the county rules', () => {
  it('are representatives at least 2/3 of the people taking part (B art. 22), more than half of the ballots, abstentions for neither side', () => {
    expect(rules).toEqual({
      representativeShare: ratio(2, 3),
      quorumBase: 'attendees',
      passShare: ratio(1, 2),
      abstentions: 'neither',
    });
  });
});

describe('decideAppraisal', () => {
  it('passes when approvals exceed half of the ballots for and against', () => {
    // 20 + 15 = 35 ballots for or against; half is 17.5, so 18 approvals pass. Abstentions and spoilt ballots are left out.
    expect(decideAppraisal(tally({ approve: 20, reject: 15, abstain: 3, invalid: 2 }), rules)).toEqual({
      passed: true,
      validBallots: 35,
      approvals: 20,
      approvalsNeeded: 18,
    });
  });

  it('fails on exactly half', () => {
    expect(decideAppraisal(tally({ approve: 19, reject: 19 }), rules).passed).toBe(false);
  });

  it('counts an abstention for neither side (DOMAIN.md on B art. 22)', () => {
    // The issue's example, 100 attendees (67 representatives of 100): 40 yes, 10 no, 50 abstain. 40 > 50 / 2 = 25: passes.
    const hundred = { attendees: 100, villagerRepresentatives: 67, representativesTotal: 100 };
    expect(decideAppraisal(tally({ ...hundred, approve: 40, reject: 10, abstain: 50 }), rules)).toMatchObject({
      passed: true,
      validBallots: 50,
      approvalsNeeded: 26,
    });
    // 19 yes, 15 no, 4 abstain: 19 > 34 / 2 = 17: passes; abstentions cannot make a majority fail.
    expect(decideAppraisal(tally({ approve: 19, reject: 15, abstain: 4 }), rules)).toMatchObject({ passed: true, validBallots: 34 });
    // Abstentions cannot make a tie pass either: 10 yes, 10 no, 15 abstain fails.
    expect(decideAppraisal(tally({ approve: 10, reject: 10, abstain: 15 }), rules).passed).toBe(false);
  });

  it('weighs an abstention like a vote against where the county configures so', () => {
    const against: AppraisalRules = { ...rules, abstentions: 'against' };
    // 19 of 38 (19 + 15 + 4) is not more than half.
    expect(decideAppraisal(tally({ approve: 19, reject: 15, abstain: 4 }), against)).toMatchObject({ passed: false, validBallots: 38 });
    // 40 of 100 (40 + 10 + 50) is not more than half.
    const hundred = { attendees: 100, villagerRepresentatives: 67, representativesTotal: 100 };
    expect(decideAppraisal(tally({ ...hundred, approve: 40, reject: 10, abstain: 50 }), against).passed).toBe(false);
  });

  it('reads the abstention rule from the dated policy', () => {
    const policy = {
      ...DEFAULT_POLICY,
      appraisalAbstentions: [{ effectiveFrom: localDate('2021-07-01'), value: 'against' as const }],
    };
    expect(appraisalRulesAt(policy, localDate('2026-03-06')).abstentions).toBe('against');
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
    // 18 representatives among 27 participants: exactly 2/3.
    expect(appraisalTallyProblems(tally({ attendees: 27, villagerRepresentatives: 18 }), rules)).toEqual([]);
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
      { code: 'representatives_below_quorum', message: 'only 17 of 40 attendees are representatives; at least 2/3 must be' },
    ]);
  });

  it("measures the quorum against the participants (B art. 22): 30 representatives among 100 attendees is not enough", () => {
    // The issue's example: all 30 representatives came, but 100 people took part; 2/3 of 100 is 66.67 > 30.
    const issue = tally({ attendees: 100, villagerRepresentatives: 30, representativesTotal: 30 });
    expect(appraisalTallyProblems(issue, rules).map((p) => p.code)).toEqual(['representatives_below_quorum']);
    // 20 of 30 participants is exactly 2/3; 20 of 31 is not.
    expect(appraisalTallyProblems(tally({ attendees: 30, villagerRepresentatives: 20 }), rules)).toEqual([]);
    expect(appraisalTallyProblems(tally({ attendees: 31, villagerRepresentatives: 20 }), rules).map((p) => p.code)).toEqual(['representatives_below_quorum']);
    // The rule before (representatives present of all representatives) is still there for a county that sets it.
    const ofAll: AppraisalRules = { ...rules, quorumBase: 'representatives_total' };
    expect(appraisalTallyProblems(issue, ofAll)).toEqual([]);
    expect(appraisalTallyProblems(tally({ villagerRepresentatives: 17 }), ofAll).map((p) => p.code)).toEqual(['representatives_below_quorum']);
  });
});
