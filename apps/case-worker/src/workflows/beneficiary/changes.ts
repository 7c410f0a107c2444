import { deathReviewDue, localDate } from '@dibao/domain';
import { ReportChangeInput } from '@dibao/contracts';
import { BeneficiaryChange, plusDays, refuse } from './common';
import type { BeneficiaryCore } from './core';
import { addToOpenReview, openReview } from './reviews';

/** A change of circumstances reported by the household or the township: it opens (or joins) a special review. */
export const reportChange = (c: BeneficiaryCore) => ({
  validate: (i: ReportChangeInput) => {
    c.requireOpen('report a change');
    c.requireInput('reportChange', i);
    if (i.occurredOn > c.today()) throw refuse('InvalidStep', c.stage, 'occurredOn may not be in the future', 'occurredOn', 'notFuture');
  },
  apply: (i: ReportChangeInput): BeneficiaryChange[] => {
    const reason = `change of circumstances (${i.kind}, ${i.occurredOn}): ${i.description}`;
    // A death is reviewed within three months of it; any other change at once (within the special review days).
    const dueOn = i.kind === 'death' ? deathReviewDue(localDate(i.occurredOn), c.policy) : plusDays(c.today(), c.settings.specialReviewDays);
    if (c.state.review) return addToOpenReview(c, i.actor, reason, { action: 'reportChange', dueOn });
    c.note(i.actor, 'reportChange', reason);
    return openReview(c, i.actor, 'special', reason, dueOn);
  },
});
