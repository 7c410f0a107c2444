import { nextPaymentPeriod, PaymentPeriod } from '@dibao/domain';
import { Actor, BeneficiaryResumed, ResumeInput } from '@dibao/contracts';
import { BeneficiaryChange, event, refuse } from './common';
import type { BeneficiaryCore } from './core';

/** A suspended benefit resumes: by the resume step, or by a review that keeps the household. */
export const resume = (c: BeneficiaryCore) => ({
  validate: (i: ResumeInput) => {
    if (c.stage !== 'suspended') throw refuse('WrongStage', c.stage, `cannot resume: the benefit is ${c.stage}, not suspended`);
    c.requireInput('resume', i);
  },
  apply: (i: ResumeInput): BeneficiaryChange[] => {
    c.state.stage = 'active';
    c.state.suspension = undefined;
    return resumed(c, i.actor, i.reason, nextPaymentPeriod(c.scheme, c.today()));
  },
});

export function resumed(c: BeneficiaryCore, by: Actor, reason: string, from: PaymentPeriod): BeneficiaryChange[] {
  c.note(by, 'resumed', `payment resumes from ${from}: ${reason}`);
  return [event(BeneficiaryResumed, { ...c.ref(), changeRef: c.changeRef('resume', from), fromPeriod: from, reason })];
}
