import { ApplicationFailure } from '@temporalio/workflow';
import { addDays, localDate, LocalDate } from '@dibao/domain';
import { Actor, BeneficiaryNoticeKind, BeneficiaryStage, CaseRefusal, EventDefinition, PayloadOf } from '@dibao/contracts';
import type { WrittenNotice } from '../case-activities';

/** What a step or the clock produced that must leave the workflow: an event, or a written notice to record. */
export type BeneficiaryChange = { kind: 'event'; def: EventDefinition; payload: unknown } | { kind: 'notice'; notice: WrittenNotice };

export const SYSTEM: Actor = { id: 'case-worker', role: 'system' };
/** Entries carried over continue-as-new; older ones are in the earlier runs' histories. */
export const TIMELINE_KEPT = 200;
export const NOTICE_TITLES: Record<BeneficiaryNoticeKind, string> = {
  suspension: '低保待遇暂停通知',
  termination: '低保待遇终止通知',
  'gradual-exit': '低保渐退通知',
  reduction: '低保减发通知',
  'share-stopped': '低保减发通知 (拒绝就业)',
};

export function plusDays(date: string, days: number): LocalDate {
  return addDays(localDate(date), days);
}

export function event<D extends EventDefinition>(def: D, payload: PayloadOf<D>): BeneficiaryChange {
  return { kind: 'event', def, payload };
}

export function refuse(type: keyof typeof CaseRefusal, stage: BeneficiaryStage, message: string, field?: string, rule?: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: CaseRefusal[type],
    message,
    nonRetryable: true,
    details: [{ stage, ...(field ? { field } : {}), ...(rule ? { rule } : {}) }],
  });
}

/**
 * Patch id: a gradual exit and a stop are expressed in months (DOMAIN.md: up to 6 months of continued payment,
 * rural paid quarterly): gradual-exit-started carries its changeRef and length, terminated its last paid month, a
 * review that keeps a household in its exit says so (gradual-exit-cancelled), and the end of a rural exit stops in
 * the quarter of its first unpaid month instead of the quarter of the day it ends. Older histories replay as before.
 */
export const EXIT_BY_MONTH = 'gradual-exit-by-month';
/** Patch id: a failed village re-appraisal opens a special review instead of ending the benefit (A art. 32). */
export const VOTE_OPENS_REVIEW = 'reappraisal-vote-opens-review';
