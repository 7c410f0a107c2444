import { appraisalRulesAt, decideAppraisal } from '@dibao/domain';
import { RecordAppraisalInput } from '@dibao/contracts';
import { refusal } from '../refusal';
import { appraisalRulesWithHistory } from '../rules-with-history';
import { requireCount, requireDate } from '../step-validation';
import { Change, errorMessage } from './changes';
import type { CaseCore } from './core';
import { moveTo } from './transitions';

/** The democratic appraisal (民主评议): the village meeting's tally, then publicity. */
export const recordAppraisal = (c: CaseCore) => ({
  validate: (i: RecordAppraisalInput) => {
    c.requireStage('appraisal', 'record the democratic appraisal');
    requireDate(c.stage, i.meetingOn, 'meetingOn');
    if (!i.tally || typeof i.tally !== 'object') {
      throw refusal('InvalidStep', c.stage, 'tally is required', { field: 'tally', rule: 'required' });
    }
    for (const f of ['attendees', 'villagerRepresentatives', 'representativesTotal', 'approve', 'reject', 'abstain', 'invalid'] as const) {
      requireCount(c.stage, i.tally[f], `tally.${f}`);
    }
    try {
      decideAppraisal(i.tally, appraisalRulesAt(c.policy, c.today()));
    } catch (e) {
      throw refusal('RuleRefused', c.stage, errorMessage(e), { field: 'tally', rule: 'appraisal-tally' });
    }
  },
  apply: (i: RecordAppraisalInput): Change[] => {
    const result = decideAppraisal(i.tally, appraisalRulesWithHistory(c.policy, c.today(), c.lean));
    c.view_.appraisal = { tally: { ...i.tally }, passed: result.passed, meetingOn: i.meetingOn, recordedAt: c.nowIso() };
    const summary = `democratic appraisal ${result.passed ? 'passed' : 'failed'}: ${result.approvals} of ${result.validBallots} valid ballots approve (${result.approvalsNeeded} needed)`;
    c.record(i.actor, 'recordAppraisal', summary, { ...result });
    return moveTo(c, 'publicity', summary);
  },
});
