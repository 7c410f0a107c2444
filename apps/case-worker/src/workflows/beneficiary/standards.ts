import { addDays, firstDayOf, firstPeriodStartingOnOrAfter, laterPeriod, localDate, nextPaymentPeriod, PaymentPeriod, periodOfDate, policyWithStandard, standardRaiseReaches } from '@dibao/domain';
import { Actor, ApplyStandardInput, BeneficiaryAmountChanged, StandardRaise } from '@dibao/contracts';
import { BeneficiaryChange, event, SYSTEM } from './common';
import type { BeneficiaryCore } from './core';

/** A new standard (提标), by the step or a raise's fan-out, and the recalculated amount it brings. */

export const applyStandard = (c: BeneficiaryCore) => ({
  validate: (i: ApplyStandardInput) => {
    c.requireOpen('apply a new standard');
    c.requireInput('applyStandard', i);
  },
  apply: (i: ApplyStandardInput): BeneficiaryChange[] => {
    // 提标: recalculated from the next period (or the standard's own, if later).
    const from = laterPeriod(nextPaymentPeriod(c.scheme, c.today()), firstPeriodStartingOnOrAfter(c.scheme, localDate(i.effectiveFrom)));
    return applyRaise(c, i.actor, i.standardFen, i.effectiveFrom, from, i.reason);
  },
});

/**
 * A raised standard (提标) from the fan-out, or one this run found recorded at its start: applied once per raise
 * id, from the raise's first period (never before the current one), when it reaches the household's area.
 */
export function standardRaised(c: BeneficiaryCore, raise: StandardRaise): void {
  const s = c.state;
  if (s.standards.some((x) => x.raiseId === raise.raiseId)) return;
  if (!standardRaiseReaches(raise, { scheme: s.scheme, township: s.township })) return;
  if (c.closed) {
    c.note(raise.raisedBy, 'ignored', `standard raise ${raise.raiseId}: the benefit has already ended`);
    return;
  }
  const from = laterPeriod(raise.fromPeriod as PaymentPeriod, periodOfDate(c.scheme, c.today()));
  c.queued.push({ by: raise.raisedBy, changes: applyRaise(c, raise.raisedBy, raise.standardFen, raise.effectiveFrom, from, raise.reason, raise.raiseId) });
  c.version++;
}

/** A new standard from `effectiveFrom`; the amount is recalculated from `from` with the household's facts. */
export function applyRaise(c: BeneficiaryCore, by: Actor, standardFen: number, effectiveFrom: string, from: PaymentPeriod, reason: string, raiseId?: string): BeneficiaryChange[] {
  c.state.standards.push({ effectiveFrom, standardFen, reason, ...(raiseId ? { raiseId, fromPeriod: from } : {}) });
  c.policy = policyWithStandard(c.policy, c.scheme, localDate(effectiveFrom), standardFen);
  const raised = raiseId ? `standard raise ${raiseId}: ` : '';
  c.note(by, 'applyStandard', `${raised}new standard ${standardFen} fen from ${effectiveFrom} (${reason})`, raiseId ? { raiseId } : undefined);
  return recalculated(c, from, `提标: ${reason}`);
}

/** The amount of the period `from` (computed as for an approval the day before it starts) when it differs. */
export function recalculated(c: BeneficiaryCore, from: PaymentPeriod, reason: string): BeneficiaryChange[] {
  const amount = c.amountFor(c.state.facts, addDays(firstDayOf(from), -1));
  if (amount.monthlyAmount === c.state.monthlyAmountFen && amount.countedMembers === c.state.persons) {
    c.note(SYSTEM, 'amount-unchanged', `${amount.monthlyAmount} fen a month from ${from}: unchanged (${reason})`);
    return [];
  }
  return amountChanged(c, amount.monthlyAmount, amount.countedMembers, from, reason);
}

export function amountChanged(c: BeneficiaryCore, monthlyAmountFen: number, persons: number, from: PaymentPeriod, reason: string): BeneficiaryChange[] {
  const before = c.state.monthlyAmountFen;
  c.state.monthlyAmountFen = monthlyAmountFen;
  c.state.persons = persons;
  c.note(SYSTEM, 'amount-changed', `${before} → ${monthlyAmountFen} fen a month for ${persons} persons from ${from}`);
  return [event(BeneficiaryAmountChanged, { ...c.ref(), changeRef: c.changeRef('adjust', from), monthlyAmountFen, persons, fromPeriod: from, reason })];
}
