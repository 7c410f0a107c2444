import { appraisalRulesAt, decideAppraisal } from '@dibao/domain';
import { RecordAppraisalInput } from '@dibao/contracts';
import { refusal } from '../refusal';
import { appraisalRulesWithHistory } from '../rules-with-history';
import { requireStepInput } from '../step-validation';
import { Change, errorMessage } from './changes';
import type { CaseCore } from './core';
import { moveTo } from './transitions';

/** The democratic appraisal (民主评议): the village meeting's tally, then publicity. */
export const recordAppraisal = (c: CaseCore) => ({
  validate: (i: RecordAppraisalInput) => {
    c.requireStage('appraisal', 'record the democratic appraisal');
    requireStepInput(c.stage, 'recordAppraisal', i);
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
