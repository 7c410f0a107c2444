import { jobOfferSanction, localDate, mayBeOfferedWork, nextPaymentPeriod } from '@dibao/domain';
import { RecordJobOfferInput } from '@dibao/contracts';
import { BeneficiaryChange, refuse } from './common';
import type { BeneficiaryCore } from './core';
import { notice } from './notices';
import { recalculated } from './standards';

/**
 * Work offered to a member able to work and the answer (DOMAIN.md: A art. 34). The limit's refusal in a row
 * without good reason stops that member's own share from the next period, with a written notice; an accepted
 * offer restores it from the next period.
 */
export const recordJobOffer = (c: BeneficiaryCore) => ({
  validate: (i: RecordJobOfferInput) => {
    c.requireOpen('record a job offer');
    c.requireInput('recordJobOffer', i);
    const member = c.state.facts.members.find((m) => m.id === i.memberId);
    if (!member) throw refuse('InvalidStep', c.stage, `memberId ${i.memberId} is not a member of the household`, 'memberId', 'isMember');
    if (!mayBeOfferedWork(member)) {
      throw refuse('RuleRefused', c.stage, `member ${i.memberId} is not a counted member able to work: the job-offer rule does not apply`, 'memberId', 'ableToWork');
    }
    if (i.offeredOn > c.today()) throw refuse('InvalidStep', c.stage, 'offeredOn may not be in the future', 'offeredOn', 'notFuture');
  },
  apply: (i: RecordJobOfferInput): BeneficiaryChange[] => {
    const s = c.state;
    const offers = (s.jobOffers ??= []);
    offers.push({
      memberId: i.memberId,
      offeredOn: i.offeredOn,
      offer: i.offer,
      response: i.response,
      ...(i.goodReason !== undefined ? { goodReason: i.goodReason } : {}),
      recordedBy: i.actor,
    });
    const today = c.today();
    const mine = offers.filter((o) => o.memberId === i.memberId).map((o) => ({ offeredOn: localDate(o.offeredOn), response: o.response, ...(o.goodReason ? { goodReason: o.goodReason } : {}) }));
    const decision = jobOfferSanction(mine, c.policy, today);
    const sanctions = (s.sanctions ??= []);
    const sanctioned = sanctions.some((x) => x.memberId === i.memberId);
    const answer = i.response === 'accepted' ? 'accepted' : `refused${i.goodReason ? ` with good reason (${i.goodReason})` : ' without good reason'}`;
    c.note(i.actor, 'recordJobOffer', `member ${i.memberId} ${answer} work offered ${i.offeredOn}: ${i.offer} (${decision.refusalsInARow} of ${decision.limit} refusals in a row)`, { ...decision });
    const from = nextPaymentPeriod(c.scheme, today);
    if (decision.sanctioned && !sanctioned) {
      const reason = `member ${i.memberId} refused suitable work ${decision.refusalsInARow} times in a row without good reason (DOMAIN.md: A art. 34): that member's share stops from ${from}`;
      sanctions.push({ memberId: i.memberId, fromPeriod: from, reason });
      const changes = recalculated(c, from, `减发: ${reason}`);
      return [...changes, notice(c, 'share-stopped', i.actor, reason, undefined, from, c.changeRef('share-stopped', from))];
    }
    if (!decision.sanctioned && sanctioned) {
      s.sanctions = sanctions.filter((x) => x.memberId !== i.memberId);
      return recalculated(c, from, `member ${i.memberId} accepted work: that member's share is paid again from ${from}`);
    }
    return [];
  },
});
