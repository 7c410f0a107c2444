import { patched } from '@temporalio/workflow';
import { gradualExitPlan, LocalDate } from '@dibao/domain';
import { BeneficiaryGradualExitCancelled, BeneficiaryGradualExitStarted, BeneficiaryState, RecordReviewInput } from '@dibao/contracts';
import { BeneficiaryChange, event, EXIT_BY_MONTH, refuse } from './common';
import type { BeneficiaryCore } from './core';
import { notice } from './notices';

/**
 * Gradual exit (渐退期): a household whose income reached the standard because a member found work is paid as
 * before for some months, then the benefit ends (clock.ts); a later review that keeps the household cancels it.
 */

/**
 * The review's gradual-exit rules: a member able to work, income at the standard, a length within the policy's
 * limit (the length only with that outcome, a whole number ≥ 1, is the step's schema).
 */
export function validateGradualExit(c: BeneficiaryCore, i: RecordReviewInput, amount: number): void {
  if (i.outcome === 'gradual-exit') {
    if (!c.state.facts.members.some((m) => m.ableToWork) && !i.members.some((m) => m.ableToWork)) {
      throw refuse('RuleRefused', c.stage, 'a gradual exit is for a household where a member found work');
    }
    if (amount > 0) throw refuse('RuleRefused', c.stage, "a gradual exit needs income at or above the standard; the household's is still below it");
    try {
      gradualExitPlan(c.today(), i.gradualExitMonths, c.settings.gradualExitMonths, c.policy);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      // The case's own length is bad input naming its field (400); a bad worker default is a rule refused (422).
      if (i.gradualExitMonths !== undefined) throw refuse('InvalidStep', c.stage, `gradualExitMonths: ${message}`, 'gradualExitMonths', 'gradualExitMaxMonths');
      throw refuse('RuleRefused', c.stage, message);
    }
  }
}

/** The review keeps the household: the exit's end, which payments already knows, no longer applies. */
export function gradualExitCancelled(c: BeneficiaryCore, i: RecordReviewInput, exit: NonNullable<BeneficiaryState['gradualExit']>): BeneficiaryChange[] {
  if (!patched(EXIT_BY_MONTH)) return [];
  const reason = `review: ${i.reason} (the gradual exit through ${exit.lastMonth} is cancelled)`;
  c.note(i.actor, 'gradual-exit-cancelled', reason);
  return [event(BeneficiaryGradualExitCancelled, { ...c.ref(), changeRef: c.changeRef('exit-cancelled', exit.lastMonth), lastMonth: exit.lastMonth, reason })];
}

/** The review's outcome gradual-exit: paid as before through the last month of the plan. */
export function startGradualExit(c: BeneficiaryCore, i: RecordReviewInput, today: LocalDate, written: string): BeneficiaryChange[] {
  const s = c.state;
  // The length is the case's (the review's choice, validated against the policy), else the worker's default.
  const { firstMonth, lastMonth, months } = gradualExitPlan(today, i.gradualExitMonths, c.settings.gradualExitMonths, c.policy);
  s.stage = 'gradual_exit';
  const byMonth = patched(EXIT_BY_MONTH);
  s.gradualExit = { firstMonth, lastMonth, reason: i.reason, ...(byMonth ? { months } : {}) };
  c.note(i.actor, 'gradual-exit', `gradual exit (渐退期) of ${months} months: paid as before through ${lastMonth}, then the benefit ends`);
  const changeRef = c.changeRef('gradual-exit', firstMonth);
  // With the patch the event tells payments the last paid month at once (a quarter run before the end pays
  // only its months through lastMonth), with its own idempotency key and the chosen length.
  const extra = byMonth ? { changeRef, months } : {};
  return [
    event(BeneficiaryGradualExitStarted, { ...c.ref(), ...extra, firstMonth, lastMonth, reason: i.reason, notice: written }),
    notice(c, 'gradual-exit', i.actor, i.reason, written, firstMonth, changeRef),
  ];
}
