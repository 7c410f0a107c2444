import type { HouseholdStatus } from '../households/household.types';

/** The part of a household that follows its case. */
export interface CaseFollowState {
  status: HouseholdStatus;
  openCaseId: string | null;
}

/**
 * What a case event does to the household: a transition, or nothing (logged with a reason). Redeliveries are
 * already filtered by the inbox; these rules also make a replayed or out-of-order event harmless.
 */
export type CaseFollowDecision =
  | { kind: 'transition'; to: HouseholdStatus; openCaseId: string | null; reason: string }
  | { kind: 'ignore'; level: 'warn' | 'log'; reason: string };

type Follower = (state: CaseFollowState, caseId: string) => CaseFollowDecision;

const closeCase =
  (to: HouseholdStatus, outcome: string): Follower =>
  (state, caseId) => {
    if (state.openCaseId === caseId) return { kind: 'transition', to, openCaseId: null, reason: `case ${caseId} ${outcome}` };
    if (state.openCaseId === null) return { kind: 'ignore', level: 'log', reason: `case ${caseId} ${outcome} but the household has no open case` };
    return { kind: 'ignore', level: 'warn', reason: `case ${caseId} ${outcome} but the household's open case is ${state.openCaseId}` };
  };

/**
 * One rule per followed case event (add a rule here and an @EventPattern in CaseFollowController).
 * `beneficiary.terminated` (the beneficiary workflow ends the benefit, 应退则退) → `exited`.
 */
const FOLLOWERS = {
  'case.submitted': (state, caseId) => {
    if (state.openCaseId === caseId) return { kind: 'ignore', level: 'log', reason: `case ${caseId} is already the open case` };
    if (state.openCaseId !== null) {
      // A household has at most one open case: record and ignore the second one.
      return { kind: 'ignore', level: 'warn', reason: `case ${caseId} was submitted while case ${state.openCaseId} is open; ignored` };
    }
    if (state.status === 'beneficiary') {
      return { kind: 'ignore', level: 'warn', reason: `case ${caseId} was submitted for a household that already receives dibao; ignored` };
    }
    return { kind: 'transition', to: 'applicant', openCaseId: caseId, reason: `case ${caseId} submitted` };
  },
  'case.approved': closeCase('beneficiary', 'approved'),
  'case.rejected': closeCase('registered', 'rejected'),
  'case.withdrawn': closeCase('registered', 'withdrawn'),
  // 应退则退: the beneficiary workflow ended the benefit (review, re-appraisal or the end of a gradual exit).
  'beneficiary.terminated': (state, caseId) => {
    if (state.status === 'beneficiary') {
      return { kind: 'transition', to: 'exited', openCaseId: state.openCaseId, reason: `benefit of case ${caseId} terminated` };
    }
    if (state.status === 'exited') return { kind: 'ignore', level: 'log', reason: `benefit of case ${caseId} terminated; the household has already exited` };
    return { kind: 'ignore', level: 'warn', reason: `benefit of case ${caseId} terminated but the household is ${state.status}` };
  },
} satisfies Record<string, Follower>;

export type FollowedCaseEvent = keyof typeof FOLLOWERS;
export const FOLLOWED_CASE_EVENTS = Object.keys(FOLLOWERS) as FollowedCaseEvent[];

export function followCase(type: FollowedCaseEvent, state: CaseFollowState, caseId: string): CaseFollowDecision {
  return FOLLOWERS[type](state, caseId);
}
