import { LocalDate, nextPaymentPeriod, nextReviewDue, reviewCadenceOf } from '@dibao/domain';
import { Actor, BeneficiaryNoticeKind, BeneficiaryReviewDue, BeneficiarySuspended, RecordReviewInput, ReviewKind } from '@dibao/contracts';
import { BeneficiaryChange, event, NOTICE_TITLES, refuse } from './common';
import type { BeneficiaryCore } from './core';
import { gradualExitCancelled, startGradualExit, validateGradualExit } from './gradual-exit';
import { notice, terminate } from './notices';
import { amountChanged } from './standards';
import { resumed } from './suspension';

/**
 * Reviews (the periodic, special and campaign reviews of dynamic management): opened by the clock, a signal or a
 * reported change; recorded by two investigators with the household's facts and an outcome (keep, change,
 * suspend, terminate, gradual exit). A cut or stop comes with a written notice (A art. 32).
 */
export const recordReview = (c: BeneficiaryCore) => ({
  validate: (i: RecordReviewInput) => {
    if (c.stage !== 'review' || !c.state.review) {
      throw refuse('WrongStage', c.stage, `cannot record a review: no review is open (stage ${c.stage})`);
    }
    // The schema asks for two different investigators, and a written notice to suspend, terminate or exit (A art. 32).
    c.requireInput('recordReview', i);
    let amount: number;
    try {
      amount = c.amountFor(c.factsOf(i), c.today(), c.reviewRule).monthlyAmount;
    } catch (e) {
      throw refuse('InvalidStep', c.stage, e instanceof Error ? e.message : String(e), 'incomes', 'invalid');
    }
    if ((i.outcome === 'keep' || i.outcome === 'change') && amount <= 0) {
      throw refuse('RuleRefused', c.stage, "the household's income is not below the standard: end the benefit or start a gradual exit");
    }
    validateGradualExit(c, i, amount);
  },
  apply: (i: RecordReviewInput): BeneficiaryChange[] => {
    const s = c.state;
    const review = s.review;
    if (!review) return []; // the validator requires an open review
    const today = c.today();
    const facts = c.factsOf(i);
    // Required by the validator for a suspension, termination or gradual exit; a cut by "change" may bring one.
    const written = (kind: BeneficiaryNoticeKind) => i.notice ?? `${NOTICE_TITLES[kind]}: ${i.reason}`;
    const amount = c.amountFor(facts, today, c.reviewRule);
    const from = nextPaymentPeriod(c.scheme, today);
    // The review re-decides the amount under the current rule; later recalculations keep it.
    if (c.reviewRule === 'household-differential') s.fullStandardRule = c.reviewRule;
    const before = s.stageBeforeReview ?? 'active';
    s.facts = facts;
    s.cadence = i.cadence ?? reviewCadenceOf(facts);
    s.lastReviewedOn = today;
    s.nextReviewDue = nextReviewDue(today, s.cadence, c.policy);
    s.review = undefined;
    s.stageBeforeReview = undefined;
    c.updateOverdue();
    c.reviewsFinished++;
    const summary = `${review.kind} review by ${i.investigators.join(', ')}: ${i.outcome} — ${i.reason}`;
    c.note(i.actor, 'recordReview', summary, { outcome: i.outcome, computedMonthlyAmountFen: amount.monthlyAmount, nextReviewDue: s.nextReviewDue });
    const changes: BeneficiaryChange[] = [];
    switch (i.outcome) {
      case 'keep':
      case 'change': {
        s.stage = 'active';
        const exit = s.gradualExit;
        s.gradualExit = undefined;
        if (exit) changes.push(...gradualExitCancelled(c, i, exit));
        if (before === 'suspended') changes.push(...resumed(c, i.actor, `review: ${i.reason}`, from));
        if (i.outcome === 'change' && (amount.monthlyAmount !== s.monthlyAmountFen || amount.countedMembers !== s.persons)) {
          const cut = amount.monthlyAmount < s.monthlyAmountFen;
          const changeRef = c.changeRef('adjust', from);
          changes.push(...amountChanged(c, amount.monthlyAmount, amount.countedMembers, from, `review: ${i.reason}`));
          // A art. 32: a cut (减发) also comes with a written notice and its reasons.
          if (cut) changes.push(notice(c, 'reduction', i.actor, i.reason, written('reduction'), from, changeRef));
        }
        return changes;
      }
      case 'suspend': {
        s.stage = 'suspended';
        s.suspension = { fromPeriod: from, reason: i.reason };
        const changeRef = c.changeRef('suspend', from);
        return [
          event(BeneficiarySuspended, { ...c.ref(), changeRef, fromPeriod: from, reason: i.reason, notice: written('suspension') }),
          notice(c, 'suspension', i.actor, i.reason, written('suspension'), from, changeRef),
        ];
      }
      case 'terminate':
        return terminate(c, i.actor, i.reason, written('termination'), from);
      case 'gradual-exit':
        return startGradualExit(c, i, today, written('gradual-exit'));
      default:
        return [];
    }
  },
});

/** Opens a review: the benefit waits in stage review until it is recorded. */
export function openReview(c: BeneficiaryCore, by: Actor, kind: ReviewKind, reason: string, dueOn: LocalDate, campaignKey?: string): BeneficiaryChange[] {
  const s = c.state;
  s.stageBeforeReview = s.stage;
  s.stage = 'review';
  s.review = { kind, reason, dueOn, startedOn: c.today(), overdue: false, ...(campaignKey ? { campaignKey } : {}) };
  c.note(by, 'review-due', `${kind} review opened, due by ${dueOn}: ${reason}`);
  return [event(BeneficiaryReviewDue, { ...c.ref(), kind, dueOn, reason })];
}

/**
 * A new reason for the review already open: it becomes a special review (due sooner when `dueOn` is sooner), told
 * to supervision again. Shared by a reported change and a failed village re-appraisal.
 */
export function addToOpenReview(c: BeneficiaryCore, by: Actor, reason: string, as: { action: string; dueOn?: LocalDate }): BeneficiaryChange[] {
  const open = c.state.review;
  if (!open) return [];
  if (as.dueOn !== undefined && as.dueOn < open.dueOn) open.dueOn = as.dueOn;
  open.kind = 'special';
  open.reason = `${open.reason}; ${reason}`;
  const due = as.dueOn !== undefined ? `now due ${open.dueOn}` : `due ${open.dueOn}`;
  c.note(by, as.action, `${reason} (added to the open review, ${due})`);
  return [event(BeneficiaryReviewDue, { ...c.ref(), kind: 'special', dueOn: open.dueOn, reason })];
}
