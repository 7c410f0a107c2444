import { ApplicationFailure } from '@temporalio/common';
import { ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { CaseRefusal } from '@dibao/contracts';
import { httpErrorForRefusal, httpErrorForTemporal } from './case-failure.util';

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

describe('httpErrorForTemporal', () => {
  it('an update failed for an unknown cause → 409 step-not-taken, never a 500', () => {
    const e = httpErrorForTemporal(new WorkflowUpdateFailedError('update failed', new Error('handler not registered yet')));
    expect(e).toMatchObject({ status: 409, code: 'step-not-taken' });
  });

  it('the server or the worker out of reach → 503', () => {
    expect(httpErrorForTemporal(new ServiceError('connection refused'))?.status).toBe(503);
    expect(httpErrorForTemporal(new WorkflowUpdateRPCTimeoutOrCancelledError('timed out', { cause: new Error('x') }))?.status).toBe(503);
    expect(httpErrorForTemporal(Object.assign(new Error('14 UNAVAILABLE: no connection'), { code: 14, details: 'no connection' }))?.status).toBe(503);
  });

  it('a plain programming error is not Temporal\'s', () => {
    expect(httpErrorForTemporal(new Error('boom'))).toBeUndefined();
  });
});
