import { patched } from '@temporalio/workflow';
import { appraisalRulesAt, decideAppraisal, nextPaymentPeriod } from '@dibao/domain';
import { RecordReappraisalInput } from '@dibao/contracts';
import { appraisalRulesWithHistory } from '../rules-with-history';
import { BeneficiaryChange, plusDays, refuse, VOTE_OPENS_REVIEW } from './common';
import type { BeneficiaryCore } from './core';
import { terminate } from './notices';
import { addToOpenReview, openReview } from './reviews';

/** The yearly village re-appraisal (民主评议) of a beneficiary household. */
export const recordReappraisal = (c: BeneficiaryCore) => ({
  validate: (i: RecordReappraisalInput) => {
    c.requireOpen('record the village re-appraisal');
    c.requireInput('recordReappraisal', i);
    if (i.meetingOn > c.today()) throw refuse('InvalidStep', c.stage, 'meetingOn may not be in the future', 'meetingOn', 'notFuture');
    try {
      decideAppraisal(i.tally, appraisalRulesAt(c.policy, c.today()));
    } catch (e) {
      throw refuse('RuleRefused', c.stage, e instanceof Error ? e.message : String(e), 'tally', 'appraisal-tally');
    }
  },
  apply: (i: RecordReappraisalInput): BeneficiaryChange[] => {
    // 民主评议 by secret ballot: tallies only, never who voted how.
    const result = decideAppraisal(i.tally, appraisalRulesWithHistory(c.policy, c.today()));
    const summary = `village re-appraisal ${i.meetingOn}: ${result.approvals} of ${result.validBallots} valid ballots for continuing (${result.approvalsNeeded} needed)`;
    c.note(i.actor, 'recordReappraisal', summary, { ...result });
    c.state.nextReappraisalDue = plusDays(i.meetingOn, c.settings.reappraisalIntervalDays);
    c.state.reappraisalOverdue = false;
    c.updateOverdue();
    if (result.passed) return [];
    const reason = `${summary}: the village meeting voted that the household leaves (应退则退)`;
    if (!patched(VOTE_OPENS_REVIEW)) return terminate(c, i.actor, reason, undefined, nextPaymentPeriod(c.scheme, c.today()));
    // A art. 32: a benefit stops on the household's facts, not on a vote. The vote opens a special review, whose
    // outcome (kept, changed, gradual exit, terminated) decides; payment goes on meanwhile.
    if (c.state.review) return addToOpenReview(c, i.actor, reason, { action: 'review-reason-added' });
    return openReview(c, i.actor, 'special', reason, plusDays(c.today(), c.settings.specialReviewDays));
  },
});
