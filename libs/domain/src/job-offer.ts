import { HouseholdMember, isCountedMember } from './household-member';
import { LocalDate } from './local-date';
import { DibaoPolicy, ruleAt } from './policy';

/**
 * Work offered to a beneficiary member able to work (by the labour office or the township), and the answer.
 * DOMAIN.md (A art. 34; C art. 45): a member who refuses suitable work three times in a row without good
 * reason loses their own share of the benefit.
 */
export interface JobOfferRecord {
  readonly offeredOn: LocalDate;
  readonly response: 'accepted' | 'refused';
  /**
   * Why a refusal was justified (正当理由: illness, care duties, work not suited to their health or ability).
   * A justified refusal is of work that was not suitable: it neither counts nor breaks the run of refusals.
   */
  readonly goodReason?: string;
}

export interface JobOfferDecision {
  /** Refusals without good reason since the last accepted offer. */
  readonly refusalsInARow: number;
  /** The policy's limit on the day. */
  readonly limit: number;
  /** The member's own share stops (from the next period). */
  readonly sanctioned: boolean;
}

/** Whether a member can be offered work under the rule: counted in the household and able to work. */
export function mayBeOfferedWork(member: HouseholdMember): boolean {
  return isCountedMember(member) && member.ableToWork;
}

/**
 * The refusals in a row and whether the limit is reached, as of `on` (the limit is the policy's on that day).
 * Offers are taken in the order of their dates (same date: as recorded); an accepted offer ends the run.
 */
export function jobOfferSanction(offers: readonly JobOfferRecord[], policy: DibaoPolicy, on: LocalDate): JobOfferDecision {
  const limit = ruleAt(policy, 'jobOfferRefusalLimit', on);
  const ordered = offers.map((o, i) => ({ o, i })).sort((a, b) => (a.o.offeredOn < b.o.offeredOn ? -1 : a.o.offeredOn > b.o.offeredOn ? 1 : a.i - b.i));
  let refusalsInARow = 0;
  for (const { o } of ordered) {
    if (o.response === 'accepted') refusalsInARow = 0;
    else if (!o.goodReason || o.goodReason.trim() === '') refusalsInARow++;
  }
  return { refusalsInARow, limit, sanctioned: refusalsInARow >= limit };
}
