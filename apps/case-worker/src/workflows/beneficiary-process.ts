import type { BeneficiaryWorkflowInput, CampaignReviewRequest, InspectionFlag, StandardRaise } from '@dibao/contracts';
import { BeneficiaryChange } from './beneficiary/common';
import { BeneficiaryCore } from './beneficiary/core';
import { reportChange } from './beneficiary/changes';
import { nextWakeAt, onClock } from './beneficiary/clock';
import { recordJobOffer } from './beneficiary/job-offers';
import { recordReappraisal } from './beneficiary/reappraisal';
import { recordReview } from './beneficiary/reviews';
import { campaignReview, inspectionFlagged } from './beneficiary/signals';
import { applyStandard, standardRaised } from './beneficiary/standards';
import { resume } from './beneficiary/suspension';

export { EXIT_BY_MONTH } from './beneficiary/common';
export type { BeneficiaryChange } from './beneficiary/common';

/**
 * A beneficiary household after approval and the rules of dynamic management (动态管理): reviews, changes of
 * circumstances, the village re-appraisal, a raised standard, gradual exit, suspension and termination.
 * Each step has a validator (throws a refusal, records nothing) and an effect (returns the events to commit).
 * The state and the shared helpers are in beneficiary/core.ts; each part in its own module under beneficiary/.
 */
export class BeneficiaryProcess extends BeneficiaryCore {
  constructor(input: BeneficiaryWorkflowInput, workflowId: string, now: () => number) {
    super(input, workflowId, now);
  }

  // The clock: reviews fall due and become overdue, the yearly re-appraisal, the end of a gradual exit.
  onClock = (): BeneficiaryChange[] => onClock(this);
  nextWakeAt = (): number | undefined => nextWakeAt(this);

  // Signals: an inspection finding, a review campaign, a raised standard's fan-out.
  inspectionFlagged = (flag: InspectionFlag): void => inspectionFlagged(this, flag);
  campaignReview = (request: CampaignReviewRequest): void => campaignReview(this, request);
  standardRaised = (raise: StandardRaise): void => standardRaised(this, raise);

  // Steps.
  readonly reportChange = reportChange(this);
  readonly recordReview = recordReview(this);
  readonly resume = resume(this);
  readonly recordReappraisal = recordReappraisal(this);
  readonly applyStandard = applyStandard(this);
  readonly recordJobOffer = recordJobOffer(this);
}
