import { TownshipReviewInput } from '@dibao/contracts';
import { refusal } from '../refusal';
import { requireStepInput } from '../step-validation';
import { Change } from './changes';
import type { CaseCore } from './core';
import { moveTo, reject } from './transitions';

/** The township review: approve to the county, return for re-investigation, or reject. */
export const townshipReview = (c: CaseCore) => ({
  validate: (i: TownshipReviewInput) => {
    c.requireStage('township_review', 'record the township review');
    requireStepInput(c.stage, 'townshipReview', i);
    if (i.decision !== 'approve') return;
    if (c.view_.investigation?.dataCheck.result === 'failed') {
      throw refusal('RuleRefused', c.stage, 'the economic data check failed: the township may only return or reject the case');
    }
    if (c.view_.appraisal && !c.view_.appraisal.passed) {
      throw refusal('RuleRefused', c.stage, 'the democratic appraisal did not pass: the township may only return or reject the case');
    }
  },
  apply: (i: TownshipReviewInput): Change[] => {
    if (i.decision === 'approve') {
      c.view_.townshipOpinion = i.opinion;
      c.record(i.actor, 'townshipReview', 'township review: approve', { opinion: i.opinion });
      return moveTo(c, 'county_approval', i.opinion);
    }
    if (i.decision === 'return') {
      c.record(i.actor, 'townshipReview', 'township review: returned for re-investigation', { opinion: i.opinion });
      c.view_.investigation = undefined;
      c.view_.appraisal = undefined;
      c.view_.dataCheckContested = false;
      c.view_.recheckPending = false;
      return moveTo(c, 'investigation', i.opinion);
    }
    c.record(i.actor, 'townshipReview', 'township review: rejected', { reasons: i.reasons });
    return reject(c, i.reasons ?? [], i.actor.id);
  },
});
