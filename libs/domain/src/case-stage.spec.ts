import {
  ACTIVE_CASE_STAGES,
  allowedNextStages,
  assertTransition,
  CASE_STAGES,
  CaseStage,
  checkTransition,
  isCaseStage,
  TransitionContext,
} from './case-stage';
import { DomainErrorCode } from './domain-error';
import { thrownDomainError } from './test/domain-error.helper';

const everyCase: TransitionContext = { appraisalPolicy: 'every-case', objectionSubstantiated: false };
const afterObjection: TransitionContext = { appraisalPolicy: 'after-objection', objectionSubstantiated: false };
const withObjection = (context: TransitionContext): TransitionContext => ({ ...context, objectionSubstantiated: true });

function walk(path: CaseStage[], context: TransitionContext): void {
  for (let index = 1; index < path.length; index++) assertTransition(path[index - 1], path[index], context);
}

describe('case stages', () => {
  it('recognise their names', () => {
    expect(isCaseStage('township_review')).toBe(true);
    expect(isCaseStage('township-review')).toBe(false);
  });

  it('run the county procedure: every case is appraised', () => {
    expect(() =>
      walk(['application', 'investigation', 'appraisal', 'publicity', 'township_review', 'county_approval', 'approved'], everyCase),
    ).not.toThrow();
  });

  it("run rule A's procedure: appraisal only after an objection", () => {
    expect(() =>
      walk(['application', 'investigation', 'publicity', 'township_review', 'county_approval', 'approved'], afterObjection),
    ).not.toThrow();
    expect(checkTransition('investigation', 'appraisal', afterObjection)).toEqual({
      allowed: false,
      reason: "democratic appraisal is held only after a substantiated objection (appraisal policy 'after-objection')",
    });
    expect(checkTransition('investigation', 'appraisal', withObjection(afterObjection))).toEqual({ allowed: true });
  });

  it('explain a skipped step', () => {
    expect(checkTransition('publicity', 'county_approval', everyCase)).toEqual({
      allowed: false,
      reason: 'county approval is not allowed before township review',
    });
    expect(checkTransition('investigation', 'publicity', everyCase)).toEqual({
      allowed: false,
      reason: 'publicity is not allowed before democratic appraisal',
    });
    expect(checkTransition('application', 'township_review', everyCase)).toEqual({
      allowed: false,
      reason: 'township review is not allowed before publicity',
    });
    expect(checkTransition('township_review', 'approved', everyCase)).toEqual({
      allowed: false,
      reason: 'approval is not allowed before county approval',
    });
  });

  it('send a substantiated objection in publicity back to investigation or appraisal, not on to review', () => {
    for (const context of [withObjection(everyCase), withObjection(afterObjection)]) {
      expect(allowedNextStages('publicity', context)).toEqual(['investigation', 'appraisal', 'withdrawn']);
      expect(checkTransition('publicity', 'township_review', context)).toEqual({
        allowed: false,
        reason:
          'township review is not allowed while a substantiated objection is unresolved: re-investigate or hold a democratic appraisal first',
      });
    }
    expect(checkTransition('publicity', 'investigation', everyCase)).toEqual({
      allowed: false,
      reason: 'a case goes back from publicity to investigation only after a substantiated objection',
    });
  });

  it('let the township return a case for re-investigation or reject it', () => {
    expect(allowedNextStages('township_review', everyCase)).toEqual(['county_approval', 'investigation', 'rejected', 'withdrawn']);
    expect(checkTransition('county_approval', 'investigation', everyCase)).toEqual({
      allowed: false,
      reason: 'investigation cannot follow county approval',
    });
  });

  it('allow rejection only where someone decides', () => {
    const rejectable = ACTIVE_CASE_STAGES.filter((stage) => checkTransition(stage, 'rejected', everyCase).allowed);
    expect(rejectable).toEqual(['application', 'township_review', 'county_approval']);
    expect(checkTransition('publicity', 'rejected', everyCase)).toEqual({
      allowed: false,
      reason: 'a case is rejected at application, township review or county approval, not at publicity',
    });
  });

  it('allow withdrawal from every open stage', () => {
    for (const stage of ACTIVE_CASE_STAGES) expect(checkTransition(stage, 'withdrawn', everyCase).allowed).toBe(true);
  });

  it('refuse everything once closed, and standing still', () => {
    for (const closed of ['approved', 'rejected', 'withdrawn'] as const) {
      expect(allowedNextStages(closed, everyCase)).toEqual([]);
      expect(checkTransition(closed, 'investigation', everyCase)).toEqual({
        allowed: false,
        reason: `the case is closed (${closed}); no further steps are possible`,
      });
    }
    expect(checkTransition('publicity', 'publicity', everyCase)).toEqual({ allowed: false, reason: 'the case is already at publicity' });
    expect(checkTransition('investigation', 'application', everyCase)).toEqual({
      allowed: false,
      reason: 'a case never goes back to application',
    });
  });

  it('give a reason for every refused pair and none for allowed ones', () => {
    const contexts = [everyCase, afterObjection, withObjection(everyCase), withObjection(afterObjection)];
    for (const context of contexts) {
      for (const from of CASE_STAGES) {
        for (const to of CASE_STAGES) {
          const check = checkTransition(from, to, context);
          expect(check.allowed).toBe(allowedNextStages(from, context).includes(to));
          if (!check.allowed) expect(check.reason.length).toBeGreaterThan(10);
        }
      }
    }
  });

  it('throw a coded error from assertTransition', () => {
    const error = thrownDomainError(() => assertTransition('application', 'county_approval', everyCase));
    expect(error.code).toBe(DomainErrorCode.StageTransitionNotAllowed);
    expect(error.message).toBe('county approval is not allowed before township review');
    expect(error.details).toEqual({ from: 'application', to: 'county_approval' });
  });
});
