import { patched } from '@temporalio/workflow';
import { appraisalRulesAt, DibaoPolicy, FullStandardRule, LocalDate } from '@dibao/domain';

/**
 * Rules that changed while workflows were running. A workflow whose history was recorded under the old rule keeps
 * deciding with it, so its replay gives the same result; a workflow that reaches the decision for the first time
 * on this code takes the new one. patched() may not be called in validators or queries: call these in a workflow's
 * constructor or an update's handler, and keep what they return for the validators.
 */

/** Patch id: abstentions count for neither side (DOMAIN.md on B art. 22); histories before it weighed them against. */
export const ABSTENTIONS_NEITHER = 'appraisal-abstentions-neither';

/**
 * Patch id: one more yuan of income never costs a household more than one yuan (issue 18, D art. 8 with B art. 27):
 * the full-standard members' shares are reduced by the others' income beyond their own standard
 * (libs/domain calculateHouseholdAmountWithRules, rule 'household-differential'). Before it the shares were kept
 * whole until the household stopped being eligible, a cliff of up to a whole standard.
 */
export const AMOUNT_HOUSEHOLD_DIFFERENTIAL = 'amount-household-differential';

/**
 * The appraisal rules for deciding a tally inside an update handler (see the module comment). `startedAfter`: the
 * workflow is known to have started after this patch (a later patch says so), so it is not asked (no marker).
 */
export function appraisalRulesWithHistory(policy: DibaoPolicy, on: LocalDate, startedAfter = false): ReturnType<typeof appraisalRulesAt> {
  const rules = appraisalRulesAt(policy, on);
  return startedAfter || patched(ABSTENTIONS_NEITHER) ? rules : { ...rules, abstentions: 'against' };
}

/** The full-standard rule for amounts this workflow decides from now on (call once, in the constructor). */
export function fullStandardRuleWithHistory(startedAfter = false): FullStandardRule {
  return startedAfter || patched(AMOUNT_HOUSEHOLD_DIFFERENTIAL) ? 'household-differential' : 'protected-until-ineligible';
}
