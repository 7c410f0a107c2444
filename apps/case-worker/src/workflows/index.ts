// The workflows the case worker registers (this file is the bundle's entry point).
export { caseWorkflow } from './case.workflow';
export { beneficiaryWorkflow } from './beneficiary.workflow';
export { reviewCampaign } from './review-campaign.workflow';
export { standardRaiseFanOut } from './standard-raise.workflow';
