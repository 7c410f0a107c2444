import { ApplicationFailure } from '@temporalio/workflow';
import { CaseRefusal, CaseRefusalDetails, CaseStage } from '@dibao/contracts';

/** A refused step: non-retryable, typed so case-api can map it to 409 / 400 / 422 / 403. */
export function refusal(
  type: keyof typeof CaseRefusal,
  stage: CaseStage,
  message: string,
  extra: Omit<CaseRefusalDetails, 'stage'> = {},
): ApplicationFailure {
  const details: CaseRefusalDetails = { stage, ...extra };
  return ApplicationFailure.create({ type: CaseRefusal[type], message, nonRetryable: true, details: [details] });
}
