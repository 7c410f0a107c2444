import { DomainError, DomainErrorCode } from './domain-error';
import { AppraisalPolicy } from './policy';

/**
 * Where an application stands: application (申请/受理), investigation (入户调查 + 家庭经济状况核对),
 * appraisal (民主评议), publicity (公示), township_review (乡镇审核), county_approval (县级审批),
 * and the closed outcomes approved, rejected, withdrawn.
 */
export type ActiveCaseStage = 'application' | 'investigation' | 'appraisal' | 'publicity' | 'township_review' | 'county_approval';
export type ClosedCaseStage = 'approved' | 'rejected' | 'withdrawn';
export type CaseStage = ActiveCaseStage | ClosedCaseStage;

export const ACTIVE_CASE_STAGES: readonly ActiveCaseStage[] = [
  'application',
  'investigation',
  'appraisal',
  'publicity',
  'township_review',
  'county_approval',
];
export const CLOSED_CASE_STAGES: readonly ClosedCaseStage[] = ['approved', 'rejected', 'withdrawn'];
export const CASE_STAGES: readonly CaseStage[] = [...ACTIVE_CASE_STAGES, ...CLOSED_CASE_STAGES];

/** How each stage is named in messages ("county approval is not allowed before township review"). */
export const CASE_STAGE_NAMES: Readonly<Record<CaseStage, string>> = {
  application: 'application',
  investigation: 'investigation',
  appraisal: 'democratic appraisal',
  publicity: 'publicity',
  township_review: 'township review',
  county_approval: 'county approval',
  approved: 'approval',
  rejected: 'rejection',
  withdrawn: 'withdrawal',
};

export function isCaseStage(value: unknown): value is CaseStage {
  return typeof value === 'string' && (CASE_STAGES as readonly string[]).includes(value);
}

export function isClosedStage(stage: CaseStage): stage is ClosedCaseStage {
  return (CLOSED_CASE_STAGES as readonly string[]).includes(stage);
}

/** What a transition depends on besides the two stages. */
export interface TransitionContext {
  readonly appraisalPolicy: AppraisalPolicy;
  /**
   * The latest publicity received an objection that was found substantiated. It sends the case back to
   * investigation or to an appraisal; the workflow clears it when the next publicity starts.
   */
  readonly objectionSubstantiated: boolean;
}

export type TransitionCheck = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

/** The stages a case may move to next. Withdrawal is possible from every open stage. */
export function allowedNextStages(from: CaseStage, context: TransitionContext): CaseStage[] {
  return [...forwardSteps(from, context), ...(isClosedStage(from) ? [] : (['withdrawn'] as const))];
}

export function checkTransition(from: CaseStage, to: CaseStage, context: TransitionContext): TransitionCheck {
  if (allowedNextStages(from, context).includes(to)) return { allowed: true };
  return { allowed: false, reason: refusalReason(from, to, context) };
}

/** Throws STAGE_TRANSITION_NOT_ALLOWED with the reason when the step is not allowed. */
export function assertTransition(from: CaseStage, to: CaseStage, context: TransitionContext): void {
  const check = checkTransition(from, to, context);
  if (!check.allowed) {
    throw new DomainError(DomainErrorCode.StageTransitionNotAllowed, check.reason, { from, to });
  }
}

function forwardSteps(from: CaseStage, { appraisalPolicy, objectionSubstantiated }: TransitionContext): CaseStage[] {
  switch (from) {
    case 'application':
      return ['investigation', 'rejected'];
    case 'investigation':
      if (appraisalPolicy === 'every-case') return ['appraisal'];
      return objectionSubstantiated ? ['appraisal', 'publicity'] : ['publicity'];
    case 'appraisal':
      return ['publicity'];
    case 'publicity':
      return objectionSubstantiated ? ['investigation', 'appraisal'] : ['township_review'];
    case 'township_review':
      return ['county_approval', 'investigation', 'rejected'];
    case 'county_approval':
      return ['approved', 'rejected'];
    case 'approved':
    case 'rejected':
    case 'withdrawn':
      return [];
  }
}

/** Position in the normal order, for "X is not allowed before Y". */
const ORDER: Readonly<Record<CaseStage, number>> = {
  application: 0,
  investigation: 1,
  appraisal: 2,
  publicity: 3,
  township_review: 4,
  county_approval: 5,
  approved: 6,
  rejected: 6,
  withdrawn: 6,
};

function prerequisite(to: CaseStage, context: TransitionContext): CaseStage {
  switch (to) {
    case 'investigation':
    case 'rejected':
    case 'withdrawn':
      return 'application';
    case 'appraisal':
      return 'investigation';
    case 'publicity':
      return context.appraisalPolicy === 'every-case' ? 'appraisal' : 'investigation';
    case 'township_review':
      return 'publicity';
    case 'county_approval':
      return 'township_review';
    case 'approved':
      return 'county_approval';
    case 'application':
      return 'application';
  }
}

function refusalReason(from: CaseStage, to: CaseStage, context: TransitionContext): string {
  const name = (stage: CaseStage) => CASE_STAGE_NAMES[stage];
  if (isClosedStage(from)) return `the case is closed (${from}); no further steps are possible`;
  if (from === to) return `the case is already at ${name(to)}`;
  if (to === 'application') return 'a case never goes back to application';
  if (to === 'rejected') {
    return `a case is rejected at application, township review or county approval, not at ${name(from)}`;
  }
  if (from === 'publicity' && context.objectionSubstantiated) {
    return `${name(to)} is not allowed while a substantiated objection is unresolved: re-investigate or hold a democratic appraisal first`;
  }
  if (from === 'publicity' && (to === 'investigation' || to === 'appraisal')) {
    return `a case goes back from publicity to ${name(to)} only after a substantiated objection`;
  }
  if (from === 'investigation' && to === 'appraisal') {
    return "democratic appraisal is held only after a substantiated objection (appraisal policy 'after-objection')";
  }
  if (ORDER[to] > ORDER[from]) return `${name(to)} is not allowed before ${name(prerequisite(to, context))}`;
  return `${name(to)} cannot follow ${name(from)}`;
}
