import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { CaseRefusal } from '@dibao/contracts';
import { httpErrorForRefusal } from './case-failure.util';

const refused = (type: string, details: object) =>
  new WorkflowUpdateFailedError('update failed', ApplicationFailure.create({ type, message: 'why', nonRetryable: true, details: [details] }));

describe('httpErrorForRefusal', () => {
  it('wrong stage → 409 with the current stage', () => {
    const e = httpErrorForRefusal(refused(CaseRefusal.WrongStage, { stage: 'investigation' }), 'c1', 'application');
    expect(e).toMatchObject({ status: 409, code: 'wrong-stage', extra: { currentStage: 'investigation' } });
  });

  it('invalid step → 400 naming the field and rule', () => {
    const e = httpErrorForRefusal(refused(CaseRefusal.InvalidStep, { stage: 'investigation', field: 'investigators', rule: 'arrayMinSize' }), 'c1', 'investigation');
    expect(e).toMatchObject({ status: 400, code: 'validation-failed', errors: [{ field: 'investigators', rule: 'arrayMinSize' }] });
  });

  it('a refused rule → 422, a role or township → 403, an unknown workflow → 404', () => {
    expect(httpErrorForRefusal(refused(CaseRefusal.RuleRefused, { stage: 'appraisal' }), 'c1', 'appraisal')?.status).toBe(422);
    expect(httpErrorForRefusal(refused(CaseRefusal.NotAllowed, { stage: 'appraisal' }), 'c1', 'appraisal')?.status).toBe(403);
    expect(httpErrorForRefusal(new WorkflowNotFoundError('gone', 'dibao-case-c1', undefined), 'c1', 'appraisal')?.status).toBe(404);
  });

  it('anything else is not a refusal', () => {
    expect(httpErrorForRefusal(new Error('boom'), 'c1', 'appraisal')).toBeUndefined();
    expect(httpErrorForRefusal(refused('SomethingElse', {}), 'c1', 'appraisal')).toBeUndefined();
  });
});
