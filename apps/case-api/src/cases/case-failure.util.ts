import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { CaseRefusal, CaseRefusalDetails, CaseRefusalType, CaseStage } from '@dibao/contracts';
import { AppException, badRequest, conflict, forbidden, notFound, unprocessable } from '@dibao/platform';

/** A refused step as the workflow's validator threw it, or undefined for any other failure. */
export function caseRefusalOf(e: unknown): { type: CaseRefusalType; message: string; details?: CaseRefusalDetails } | undefined {
  const failure = e instanceof WorkflowUpdateFailedError ? e.cause : e;
  if (!(failure instanceof ApplicationFailure)) return undefined;
  const type = failure.type as CaseRefusalType;
  if (!Object.values(CaseRefusal).includes(type)) return undefined;
  return { type, message: failure.message, details: failure.details?.[0] as CaseRefusalDetails | undefined };
}

/**
 * Maps a refused step to its HTTP answer: wrong stage 409 with the current stage, bad input 400 naming the field,
 * a broken rule 422, a role or township the workflow refuses 403. Anything else is not a refusal (undefined).
 */
export function httpErrorForRefusal(e: unknown, caseId: string, stageNow: CaseStage): AppException | undefined {
  if (e instanceof WorkflowNotFoundError) return notFound('case', caseId);
  const refusal = caseRefusalOf(e);
  if (!refusal) return undefined;
  const stage = refusal.details?.stage ?? stageNow;
  switch (refusal.type) {
    case CaseRefusal.WrongStage:
      return conflict('wrong-stage', refusal.message, { currentStage: stage });
    case CaseRefusal.InvalidStep: {
      const field = refusal.details?.field ?? '(body)';
      return badRequest('validation-failed', refusal.message, [{ field, rule: refusal.details?.rule ?? 'invalid', message: refusal.message }]);
    }
    case CaseRefusal.RuleRefused:
      return unprocessable('rule-refused', refusal.message, { currentStage: stage });
    case CaseRefusal.NotAllowed:
      return forbidden(refusal.message);
    default:
      return assertUnreachable(refusal.type);
  }
}

function assertUnreachable(value: never): never {
  throw new Error(`unhandled refusal ${String(value)}`);
}
