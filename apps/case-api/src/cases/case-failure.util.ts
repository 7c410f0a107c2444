import { ApplicationFailure } from '@temporalio/common';
import { ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
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
export function httpErrorForRefusal(e: unknown, caseId: string, stageNow?: CaseStage): AppException | undefined {
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

/**
 * Any other failure from Temporal, as a clear problem instead of a 500: an update the workflow failed for an
 * unknown reason, or one the server did not deliver in time, is 409 `step-not-taken` (nothing was recorded; try
 * again); the server or the worker out of reach (RPC/ServiceError, deadline) is 503 `case-worker-unavailable`.
 * Undefined for errors that are not Temporal's.
 */
export function httpErrorForTemporal(e: unknown): AppException | undefined {
  if (e instanceof WorkflowUpdateFailedError) {
    return conflict('step-not-taken', `the case did not take the step: ${causeMessage(e)}; nothing was recorded, try again`);
  }
  if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError || e instanceof ServiceError || isGrpcError(e)) {
    return new AppException(503, 'case-worker-unavailable', 'the case service did not answer; try again in a moment');
  }
  return undefined;
}

function causeMessage(e: WorkflowUpdateFailedError): string {
  const cause = (e as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : 'unknown cause';
}

function isGrpcError(e: unknown): boolean {
  // @grpc/grpc-js errors carry a numeric code and details; deadline errors from withDeadline look the same.
  const x = e as { code?: unknown; details?: unknown; message?: unknown };
  return typeof x?.code === 'number' && (typeof x.details === 'string' || /deadline exceeded|DEADLINE_EXCEEDED|UNAVAILABLE/i.test(String(x.message)));
}
