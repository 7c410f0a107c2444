import { DomainError, DomainErrorCode } from './domain-error';
import { LocalDate } from './local-date';
import { AppraisalAbstentions, AppraisalQuorumBase, DibaoPolicy, ruleAt } from './policy';
import { formatRatio, Ratio, reachesShare } from './ratio';

/**
 * The counted result of a democratic appraisal (民主评议) by secret ballot, one ballot per attendee.
 * Tallies only: who voted how is never recorded.
 */
export interface AppraisalTally {
  readonly attendees: number;
  /** Village (resident) representatives present (村（居）民代表). */
  readonly villagerRepresentatives: number;
  /** All representatives of the village or community. */
  readonly representativesTotal: number;
  readonly approve: number;
  readonly reject: number;
  readonly abstain: number;
  /** Spoilt or blank ballots. */
  readonly invalid: number;
}

export type AppraisalTallyProblemCode =
  | 'not_a_count'
  | 'no_representatives'
  | 'ballots_exceed_attendees'
  | 'representatives_exceed_attendees'
  | 'representatives_exceed_total'
  | 'representatives_below_quorum';

export interface AppraisalTallyProblem {
  readonly code: AppraisalTallyProblemCode;
  readonly message: string;
}

export interface AppraisalRules {
  readonly representativeShare: Ratio;
  readonly quorumBase: AppraisalQuorumBase;
  readonly passShare: Ratio;
  /** Defaults to `neither` (abstentions are left out of the pass share) when not given. */
  readonly abstentions?: AppraisalAbstentions;
}

export interface AppraisalResult {
  readonly passed: boolean;
  /**
   * The ballots the pass share is taken of: approve + reject when abstentions count for neither side (the
   * default), approve + reject + abstain when they weigh like a vote against. Spoilt ballots never count.
   */
  readonly validBallots: number;
  readonly approvals: number;
  /** The fewest approvals that would have passed. */
  readonly approvalsNeeded: number;
}

const COUNT_FIELDS = [
  'attendees',
  'villagerRepresentatives',
  'representativesTotal',
  'approve',
  'reject',
  'abstain',
  'invalid',
] as const satisfies readonly (keyof AppraisalTally)[];

export function appraisalRulesAt(policy: DibaoPolicy, heldOn: LocalDate): AppraisalRules {
  return {
    representativeShare: ruleAt(policy, 'appraisalRepresentativeShare', heldOn),
    quorumBase: ruleAt(policy, 'appraisalQuorumBase', heldOn),
    passShare: ruleAt(policy, 'appraisalPassShare', heldOn),
    abstentions: ruleAt(policy, 'appraisalAbstentions', heldOn),
  };
}

/** Everything wrong with a tally; empty when it can be decided. */
export function appraisalTallyProblems(tally: AppraisalTally, rules: AppraisalRules): AppraisalTallyProblem[] {
  const notCounts = COUNT_FIELDS.filter((field) => !Number.isSafeInteger(tally[field]) || tally[field] < 0);
  if (notCounts.length > 0) {
    return notCounts.map((field) => problem('not_a_count', `${field} must be a whole number of 0 or more, got ${tally[field]}`));
  }
  const problems: AppraisalTallyProblem[] = [];
  const ballots = tally.approve + tally.reject + tally.abstain + tally.invalid;
  if (ballots > tally.attendees) {
    problems.push(problem('ballots_exceed_attendees', `${ballots} ballots were counted but only ${tally.attendees} people attended`));
  }
  if (tally.representativesTotal === 0) {
    problems.push(problem('no_representatives', 'the total number of village representatives must be given'));
  }
  if (tally.villagerRepresentatives > tally.attendees) {
    problems.push(
      problem('representatives_exceed_attendees', `${tally.villagerRepresentatives} representatives present but only ${tally.attendees} attendees`),
    );
  }
  if (tally.villagerRepresentatives > tally.representativesTotal) {
    problems.push(
      problem('representatives_exceed_total', `${tally.villagerRepresentatives} representatives present but only ${tally.representativesTotal} in total`),
    );
  }
  const base = rules.quorumBase === 'attendees' ? tally.attendees : tally.representativesTotal;
  if (base > 0 && !reachesShare(tally.villagerRepresentatives, base, rules.representativeShare)) {
    const share = formatRatio(rules.representativeShare);
    const message =
      rules.quorumBase === 'attendees'
        ? `only ${tally.villagerRepresentatives} of ${base} attendees are representatives; at least ${share} must be`
        : `only ${tally.villagerRepresentatives} of ${base} representatives attended; at least ${share} must attend`;
    problems.push(problem('representatives_below_quorum', message));
  }
  return problems;
}

/**
 * Decides an appraisal: it passes when approvals exceed the pass share (1/2) of the valid ballots. By default an
 * abstention is neither for nor against: 40 approve, 10 reject, 50 abstain passes (40 > 25).
 * Throws INVALID_APPRAISAL_TALLY, with every problem in `details.problems`, when the tally is unusable.
 */
export function decideAppraisal(tally: AppraisalTally, rules: AppraisalRules): AppraisalResult {
  const problems = appraisalTallyProblems(tally, rules);
  if (problems.length > 0) {
    throw new DomainError(
      DomainErrorCode.InvalidAppraisalTally,
      `the appraisal tally is invalid: ${problems.map((entry) => entry.message).join('; ')}`,
      { problems },
    );
  }
  const validBallots = tally.approve + tally.reject + ((rules.abstentions ?? 'neither') === 'against' ? tally.abstain : 0);
  // Strictly more than share × valid: the smallest integer above it.
  const approvalsNeeded =
    Number((BigInt(validBallots) * BigInt(rules.passShare.numerator)) / BigInt(rules.passShare.denominator)) + 1;
  return { passed: tally.approve >= approvalsNeeded, validBallots, approvals: tally.approve, approvalsNeeded };
}

function problem(code: AppraisalTallyProblemCode, message: string): AppraisalTallyProblem {
  return { code, message };
}
