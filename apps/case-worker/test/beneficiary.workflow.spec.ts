import { randomUUID } from 'crypto';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import type { WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import {
  BENEFICIARY_WORKFLOW_TYPE,
  beneficiaryQueries,
  beneficiarySignals,
  beneficiaryUpdates,
  BeneficiaryUpdateName,
  BeneficiaryView,
  beneficiaryWorkflowId,
  BeneficiaryWorkflowInput,
  CaseRefusal,
  CaseSearchAttributes,
  EventEnvelope,
  MemberFacts,
  IncomeFacts,
  StandardRaise,
} from '@dibao/contracts';
import {
  addMonths,
  addMonthsToMonth,
  benefitStopAfter,
  compareMonthWithPeriod,
  DEFAULT_POLICY,
  localDate,
  monthsOfPeriodWithin,
  nextMonth,
  paymentPeriod,
  yearMonth,
} from '@dibao/domain';
import { caseSettings, CaseSettingsOverrides } from '../src/case-settings';
import { bundleCaseWorkflows } from '../src/worker';
import { approvalAmount } from '../src/workflows/case-amount';
import { approver, CaseHarness, caseworker, passingTally, reviewer, T } from './case-harness';

// Dynamic management on the Temporal Java test server with time skipping: years pass in seconds.
jest.setTimeout(90_000);

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.start();
}, 600_000);
afterAll(async () => {
  await h?.stop();
});

const DAY = 86_400_000;
const chinaDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const startOf = (date: string) => Date.parse(`${date}T00:00:00+08:00`);

/** An elderly couple, one small pension: stable, reviewed yearly. 100 yuan a month in all → (150 − 50) × 2. */
const stableMembers: MemberFacts[] = [
  { id: 'm1', ableToWork: false, hasLegalSupporter: false },
  { id: 'm2', ableToWork: false, hasLegalSupporter: false },
];
const stableIncomes: IncomeFacts[] = [{ category: 'transfer', amount: 10_000, period: 'monthly', memberId: 'm1' }];
/** Casual wages and a member able to work: irregular, reviewed every six months. */
const irregularMembers: MemberFacts[] = [
  { id: 'm1', ableToWork: true, hasLegalSupporter: false },
  { id: 'm2', ableToWork: false, hasLegalSupporter: false },
];
const irregularIncomes: IncomeFacts[] = [{ category: 'wages', amount: 10_000, period: 'monthly', memberId: 'm1' }];

class Beneficiary {
  constructor(
    readonly caseId: string,
    readonly householdId: string,
    readonly handle: WorkflowHandle,
  ) {}

  state(): Promise<BeneficiaryView> {
    // The handle follows the chain of runs (continue-as-new).
    return h.server.client.workflow.getHandle(this.handle.workflowId).query(beneficiaryQueries.beneficiaryState);
  }

  async until(predicate: (v: BeneficiaryView) => boolean, timeoutMs = 10_000): Promise<BeneficiaryView> {
    const deadline = Date.now() + timeoutMs;
    let last: BeneficiaryView | undefined;
    for (;;) {
      try {
        last = await this.state();
        if (predicate(last)) return last;
      } catch {
        // between runs
      }
      if (Date.now() > deadline) throw new Error(`beneficiary ${this.householdId}: not reached; last stage ${last?.stage}, waiting for ${last?.waitingFor}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  step(name: BeneficiaryUpdateName, input: object): Promise<BeneficiaryView> {
    const handle = h.server.client.workflow.getHandle(this.handle.workflowId);
    return handle.executeUpdate(beneficiaryUpdates[name] as UpdateDefinition<BeneficiaryView, [object]>, { args: [input] });
  }

  async refusedType(name: BeneficiaryUpdateName, input: object): Promise<string | undefined> {
    return (await this.refusal(name, input))?.type;
  }

  /** The refusal's type and details (the field it names), or undefined when the step was taken. */
  async refusal(name: BeneficiaryUpdateName, input: object): Promise<{ type?: string; message?: string; details?: { field?: string; rule?: string }[] } | undefined> {
    return this.step(name, input).then(
      () => undefined,
      (e: { cause?: { type?: string; message?: string; details?: { field?: string; rule?: string }[] } }) => e.cause,
    );
  }

  events(type?: string): EventEnvelope[] {
    return h.activities.of(this.caseId, type);
  }

  review(outcome: string, extra: object = {}, members = stableMembers, incomes = stableIncomes) {
    return this.step('recordReview', { actor: caseworker, investigators: ['inv-a', 'inv-b'], members, incomes, outcome, reason: 'household visited', ...extra });
  }
}

async function start(members = stableMembers, incomes = stableIncomes, amount = 20_000, env: CaseSettingsOverrides = {}, scheme: 'urban' | 'rural' = 'urban'): Promise<Beneficiary> {
  const caseId = randomUUID();
  const householdId = `hh-${caseId.slice(0, 8)}`;
  const input: BeneficiaryWorkflowInput = {
    householdId,
    township: T,
    scheme,
    caseId,
    approvedOn: chinaDay(await h.server.now()),
    monthlyAmountFen: amount,
    persons: 2,
    facts: { members, incomes, deductions: [] },
    // As the case workflow hands them over: the worker's configuration (env), beneficiary settings included.
    settings: caseSettings(env),
    approvedBy: approver,
  };
  const handle = await h.server.client.workflow.start(BENEFICIARY_WORKFLOW_TYPE, {
    workflowId: beneficiaryWorkflowId(householdId),
    taskQueue: h.taskQueue,
    args: [input],
  });
  const b = new Beneficiary(caseId, householdId, handle);
  await b.until((v) => v.timeline.length > 0);
  return b;
}

describe('beneficiary workflow: periodic reviews', () => {
  it('reviews a stable household every year, continuing as new after each review so the history stays small', async () => {
    const b = await start();
    const first = await b.state();
    expect(first).toMatchObject({ stage: 'active', cadence: 'stable', run: 1 });
    expect(Date.parse(first.nextReviewDue) - Date.parse(first.approvedOn)).toBeGreaterThanOrEqual(365 * DAY);

    for (let year = 1; year <= 3; year++) {
      const before = await b.state();
      await h.server.sleepUntil(startOf(before.nextReviewDue) + 1000);
      const due = await b.until((v) => v.stage === 'review');
      expect(due.review).toMatchObject({ kind: 'periodic', dueOn: expect.any(String) });
      const kept = await b.review('keep');
      expect(kept.stage).toBe('active');
      const after = await b.until((v) => v.run === year + 1);
      expect(Date.parse(after.nextReviewDue) - Date.parse(after.lastReviewedOn)).toBeGreaterThanOrEqual(365 * DAY);
      expect(after.timeline.length).toBeGreaterThan(before.timeline.length);
    }
    expect(b.events('beneficiary.review-due')).toHaveLength(3);
    expect(b.events('beneficiary.amount-changed')).toHaveLength(0);
    // Three years of reviews, yet the current run's history is a few dozen events.
    const d = await h.server.client.workflow.getHandle(b.handle.workflowId).describe();
    expect(d.historyLength).toBeLessThan(40);
    expect(d.typedSearchAttributes.get(CaseSearchAttributes.caseKind)).toBe('beneficiary');
    expect(d.typedSearchAttributes.get(CaseSearchAttributes.stage)).toBe('active');
  });

  it('reviews a household with irregular income every six months, and marks a late review overdue', async () => {
    const b = await start(irregularMembers, irregularIncomes);
    const v = await b.state();
    expect(v.cadence).toBe('irregular');
    const months = (Date.parse(v.nextReviewDue) - Date.parse(v.approvedOn)) / DAY;
    expect(months).toBeGreaterThanOrEqual(181);
    expect(months).toBeLessThanOrEqual(184);

    await h.server.sleepUntil(startOf(v.nextReviewDue) + 1000);
    const due = await b.until((s) => s.stage === 'review');
    await h.server.sleepUntil(startOf(due.review!.dueOn) + DAY + 1000);
    const late = await b.until((s) => s.overdue);
    expect(late.review?.overdue).toBe(true);
    expect(b.events('beneficiary.review-overdue')).toHaveLength(1);
    const d = await h.server.client.workflow.getHandle(b.handle.workflowId).describe();
    expect(d.typedSearchAttributes.get(CaseSearchAttributes.overdue)).toBe(true);

    // Income went up a little: the amount changes from the next period.
    const incomes: IncomeFacts[] = [{ category: 'wages', amount: 16_000, period: 'monthly', memberId: 'm1' }];
    const expected = approvalAmount({ members: irregularMembers, incomes }, 'urban', localDate(chinaDay(await h.server.now())), DEFAULT_POLICY).monthlyAmount;
    expect(expected).toBeLessThan(20_000);
    const changed = await b.review('change', {}, irregularMembers, incomes);
    expect(changed).toMatchObject({ stage: 'active', overdue: false, monthlyAmountFen: expected });
    const [amount] = b.events('beneficiary.amount-changed');
    expect(amount.payload).toMatchObject({ householdId: b.householdId, monthlyAmountFen: expected, persons: 2 });
    expect((amount.payload as { fromPeriod: string }).fromPeriod > chinaDay(await h.server.now()).slice(0, 7)).toBe(true);
    // A cut (减发) comes with a written notice too (A art. 32).
    expect(h.activities.notices.filter((n) => n.caseId === b.caseId)).toEqual([
      expect.objectContaining({ kind: 'reduction', reasons: ['household visited'], fromPeriod: (amount.payload as { fromPeriod: string }).fromPeriod }),
    ]);
  });
});

describe('beneficiary workflow: handed over on approval, and campaigns', () => {
  it('a campaign signal delivered twice opens one review', async () => {
    const b = await start();
    const handle = h.server.client.workflow.getHandle(b.handle.workflowId);
    const request = { campaignKey: 'county-2026', requestedBy: approver };
    await handle.signal(beneficiarySignals.campaignReview, request);
    await handle.signal(beneficiarySignals.campaignReview, request);
    const v = await b.until((s) => s.stage === 'review');
    expect(v.review).toMatchObject({ kind: 'campaign', campaignKey: 'county-2026' });
    expect(v.campaigns).toEqual(['county-2026']);
    expect(b.events('beneficiary.review-due')).toHaveLength(1);
  });
});

describe('beneficiary workflow: changes of circumstances', () => {
  it('a death opens a special review due within three months of it', async () => {
    const b = await start();
    const today = chinaDay(await h.server.now());
    const v = await b.step('reportChange', { actor: caseworker, kind: 'death', occurredOn: today, description: 'm2 died' });
    expect(v.stage).toBe('review');
    expect(v.review).toMatchObject({ kind: 'special' });
    const months = (Date.parse(v.review!.dueOn) - Date.parse(today)) / DAY;
    expect(months).toBeGreaterThanOrEqual(89);
    expect(months).toBeLessThanOrEqual(92);
    expect(b.events('beneficiary.review-due')[0].payload).toMatchObject({ kind: 'special', dueOn: v.review!.dueOn });
    // One member left: (150 − 100) × 1 = 50 yuan.
    const after = await b.review('change', {}, [stableMembers[0]], stableIncomes);
    expect(after).toMatchObject({ stage: 'active', persons: 1, monthlyAmountFen: 5_000 });
  });

  it('an inspection finding opens one special review, however often it is delivered', async () => {
    const b = await start();
    const flag = { findingId: 'F-1', campaignId: 'C-1', reason: 'income not declared', flaggedBy: { id: 'insp-1', role: 'inspector' } };
    const handle = h.server.client.workflow.getHandle(b.handle.workflowId);
    await handle.signal(beneficiarySignals.inspectionFlagged, flag);
    await handle.signal(beneficiarySignals.inspectionFlagged, flag);
    const v = await b.until((s) => s.stage === 'review');
    expect(v.review?.reason).toContain('F-1');
    expect(v.findings).toEqual(['F-1']);
    expect(b.events('beneficiary.review-due')).toHaveLength(1);
  });

  it('refuses a review when none is open, a review by one investigator, and a suspension without a notice', async () => {
    const b = await start();
    expect(await b.refusedType('recordReview', { actor: caseworker, investigators: ['a', 'b'], members: stableMembers, incomes: stableIncomes, outcome: 'keep', reason: 'x' })).toBe(CaseRefusal.WrongStage);
    await b.step('reportChange', { actor: caseworker, kind: 'income', occurredOn: chinaDay(await h.server.now()), description: 'pension raised' });
    expect(await b.refusedType('recordReview', { actor: caseworker, investigators: ['a'], members: stableMembers, incomes: stableIncomes, outcome: 'keep', reason: 'x' })).toBe(CaseRefusal.InvalidStep);
    expect(await b.refusedType('recordReview', { actor: caseworker, investigators: ['a', 'b'], members: stableMembers, incomes: stableIncomes, outcome: 'suspend', reason: 'x' })).toBe(CaseRefusal.InvalidStep);
    expect(await b.refusedType('reportChange', { actor: { id: 'cw-9', role: 'caseworker', township: 'T99' }, kind: 'income', occurredOn: '2020-01-01', description: 'x' })).toBe(CaseRefusal.NotAllowed);
  });
});

describe('beneficiary workflow: standard, gradual exit, suspension, termination, re-appraisal', () => {
  it('a raised standard recalculates the amount from the next period', async () => {
    const b = await start();
    const today = chinaDay(await h.server.now());
    const v = await b.step('applyStandard', { actor: approver, standardFen: 18_000, effectiveFrom: today, reason: '提标 2026' });
    // (180 − 50) × 2 = 260 yuan.
    expect(v.monthlyAmountFen).toBe(26_000);
    const [e] = b.events('beneficiary.amount-changed');
    const next = new Date(Date.parse(`${today.slice(0, 7)}-15`) + 31 * DAY).toISOString().slice(0, 7);
    expect(e.payload).toMatchObject({ monthlyAmountFen: 26_000, fromPeriod: next, reason: '提标: 提标 2026' });
  });

  it('a member finds work: payment continues six months, then the benefit ends', async () => {
    const b = await start(irregularMembers, irregularIncomes);
    await b.step('reportChange', { actor: caseworker, kind: 'employment', occurredOn: chinaDay(await h.server.now()), description: 'm1 employed' });
    const v = await b.review('gradual-exit', { notice: '渐退通知: 收入超过标准' }, irregularMembers, [{ category: 'wages', amount: 400_000, period: 'monthly', memberId: 'm1' }]);
    expect(v.stage).toBe('gradual_exit');
    const started = b.events('beneficiary.gradual-exit-started')[0].payload as { firstMonth: string; lastMonth: string };
    expect(monthsBetween(started.firstMonth, started.lastMonth)).toBe(5);
    await h.server.sleepUntil(startOf(`${started.lastMonth}-28`));
    expect((await b.state()).stage).toBe('gradual_exit');
    await h.server.sleepUntil(startOf(`${started.lastMonth}-28`) + 5 * DAY);
    await b.until((s) => s.stage === 'terminated');
    const [ended] = b.events('beneficiary.terminated');
    const stop = ended.payload as { fromPeriod: string; lastPaidMonth: string };
    // Urban is paid monthly: the stop is the month after the exit's last month, which is the last month paid.
    // Compared as typed months and periods (a string comparison would take "2026-Q3" > "2026-08" for "after").
    expect(stop).toMatchObject({ lastPaidMonth: started.lastMonth, fromPeriod: nextMonth(yearMonth(started.lastMonth)) });
    expect(compareMonthWithPeriod(yearMonth(started.lastMonth), paymentPeriod('urban', stop.fromPeriod))).toBe(-1);
    await expect(b.handle.result()).resolves.toMatchObject({ stage: 'terminated' });
  });

  it('rural: the exit length is the case\'s own; the stop names its last paid month, and a quarter partly inside the exit pays its months', async () => {
    const b = await start(irregularMembers, irregularIncomes, 20_000, {}, 'rural');
    await b.step('reportChange', { actor: caseworker, kind: 'employment', occurredOn: chinaDay(await h.server.now()), description: 'm1 employed' });
    const wages: IncomeFacts[] = [{ category: 'wages', amount: 400_000, period: 'monthly', memberId: 'm1' }];
    // 7 months is above the policy limit (6): refused as bad input naming the field, and nothing is recorded.
    const tooLong = await b.refusal('recordReview', { actor: caseworker, investigators: ['inv-a', 'inv-b'], members: irregularMembers, incomes: wages, outcome: 'gradual-exit', reason: 'employed', notice: '渐退通知', gradualExitMonths: 7 });
    expect(tooLong).toMatchObject({ type: CaseRefusal.InvalidStep, message: expect.stringContaining('1 to 6 months, got 7'), details: [expect.objectContaining({ field: 'gradualExitMonths', rule: 'gradualExitMaxMonths' })] });
    const notForKeep = await b.refusal('recordReview', { actor: caseworker, investigators: ['inv-a', 'inv-b'], members: irregularMembers, incomes: irregularIncomes, outcome: 'keep', reason: 'x', gradualExitMonths: 2 });
    expect(notForKeep).toMatchObject({ type: CaseRefusal.InvalidStep, details: [expect.objectContaining({ field: 'gradualExitMonths' })] });
    expect((await b.state()).stage).toBe('review');

    // Two months, chosen for this case (the worker's default is 6).
    const v = await b.review('gradual-exit', { notice: '渐退通知: 收入超过标准', gradualExitMonths: 2 }, irregularMembers, wages);
    expect(v.gradualExit).toMatchObject({ months: 2 });
    const started = b.events('beneficiary.gradual-exit-started')[0].payload as { firstMonth: string; lastMonth: string; months: number; changeRef: string };
    expect(started).toMatchObject({ months: 2, changeRef: expect.any(String), lastMonth: addMonthsToMonth(yearMonth(started.firstMonth), 1) });

    await h.server.sleepUntil(startOf(`${started.lastMonth}-28`) + 5 * DAY);
    await b.until((s) => s.stage === 'terminated');
    const [ended] = b.events('beneficiary.terminated');
    const stop = ended.payload as { fromPeriod: string; lastPaidMonth: string };
    // The stop is in the quarter of the first unpaid month; that quarter still pays its months up to lastPaidMonth.
    const expected = benefitStopAfter('rural', yearMonth(started.lastMonth));
    expect(stop).toMatchObject({ fromPeriod: expected.fromPeriod, lastPaidMonth: started.lastMonth });
    const paidInStopQuarter = monthsOfPeriodWithin(paymentPeriod('rural', stop.fromPeriod), undefined, yearMonth(stop.lastPaidMonth));
    expect(paidInStopQuarter.every((m) => compareMonthWithPeriod(m, paymentPeriod('rural', stop.fromPeriod)) === 0)).toBe(true);
    expect(compareMonthWithPeriod(expected.firstUnpaidMonth, paymentPeriod('rural', stop.fromPeriod))).toBe(0);
  });

  it('a review that keeps a household in its gradual exit tells payments the exit is cancelled', async () => {
    const b = await start(irregularMembers, irregularIncomes);
    await b.step('reportChange', { actor: caseworker, kind: 'employment', occurredOn: chinaDay(await h.server.now()), description: 'm1 employed' });
    await b.review('gradual-exit', { notice: '渐退通知', gradualExitMonths: 3 }, irregularMembers, [{ category: 'wages', amount: 400_000, period: 'monthly', memberId: 'm1' }]);
    const started = b.events('beneficiary.gradual-exit-started')[0].payload as { lastMonth: string };
    await b.step('reportChange', { actor: caseworker, kind: 'employment', occurredOn: chinaDay(await h.server.now()), description: 'm1 lost the job' });
    const kept = await b.review('keep', {}, irregularMembers, irregularIncomes);
    expect(kept.stage).toBe('active');
    expect(kept.gradualExit).toBeUndefined();
    expect(b.events('beneficiary.gradual-exit-cancelled')[0]?.payload).toMatchObject({ lastMonth: started.lastMonth, changeRef: expect.any(String), householdId: b.householdId });
  });

  it('suspends with a notice, resumes, then terminates: the workflow ends and nothing more is possible', async () => {
    const b = await start();
    await b.step('reportChange', { actor: caseworker, kind: 'other', occurredOn: chinaDay(await h.server.now()), description: 'moved away' });
    const s = await b.review('suspend', { notice: '暂停通知: 外出未归' });
    expect(s.stage).toBe('suspended');
    expect(b.events('beneficiary.suspended')[0].payload).toMatchObject({ notice: '暂停通知: 外出未归' });
    const r = await b.step('resume', { actor: caseworker, reason: 'returned home' });
    expect(r.stage).toBe('active');
    expect(b.events('beneficiary.resumed')).toHaveLength(1);

    await b.step('reportChange', { actor: caseworker, kind: 'income', occurredOn: chinaDay(await h.server.now()), description: 'inheritance' });
    await b.review('terminate', { notice: '终止通知: 收入超过标准' });
    const [t] = b.events('beneficiary.terminated');
    expect(t.payload).toMatchObject({ householdId: b.householdId, notice: '终止通知: 收入超过标准', changeRef: expect.any(String) });
    const final = (await b.handle.result()) as BeneficiaryView;
    expect(final.stage).toBe('terminated');
  });

  it('the village re-appraisal: a passing vote continues, a failing vote opens a special review (A art. 32); a bad tally is refused', async () => {
    const b = await start();
    const today = chinaDay(await h.server.now());
    expect(await b.refusedType('recordReappraisal', { actor: caseworker, meetingOn: today, tally: { ...passingTally, approve: 40 } })).toBe(CaseRefusal.RuleRefused);
    const kept = await b.step('recordReappraisal', { actor: caseworker, meetingOn: today, tally: passingTally });
    expect(kept.stage).toBe('active');
    const voted = await b.step('recordReappraisal', { actor: caseworker, meetingOn: today, tally: { ...passingTally, approve: 3, reject: 10 } });
    // The vote alone stops nothing: the household's facts are reviewed, and payment goes on meanwhile.
    expect(voted.stage).toBe('review');
    expect(b.events('beneficiary.terminated')).toHaveLength(0);
    expect(b.events('beneficiary.review-due').at(-1)?.payload).toMatchObject({ kind: 'special', householdId: b.householdId });
  });
});

function monthsBetween(a: string, b: string): number {
  const [ay, am] = a.split('-').map(Number);
  const [by, bm] = b.split('-').map(Number);
  return (by - ay) * 12 + (bm - am);
}

/** The nth working day after a date in 2025–2026 (the harness's clock), weekends only (enough for the checks below). */
function isWeekday(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d !== 0 && d !== 6;
}

describe('beneficiary workflow: settings from the worker configuration', () => {
  it('takes the review interval, review window and gradual exit from the settings in its input (BENEFICIARY_* env)', async () => {
    const b = await start(irregularMembers, irregularIncomes, 20_000, {
      BENEFICIARY_IRREGULAR_REVIEW_MONTHS: 3,
      BENEFICIARY_REVIEW_WINDOW_DAYS: 10,
      BENEFICIARY_GRADUAL_EXIT_MONTHS: 2,
    });
    const v = await b.state();
    expect(v.nextReviewDue).toBe(addMonths(localDate(v.approvedOn), 3));
    await h.server.sleepUntil(startOf(v.nextReviewDue) + 1000);
    const due = await b.until((s) => s.stage === 'review');
    expect(due.review?.dueOn).toBe(new Date(Date.parse(v.nextReviewDue) + 10 * DAY).toISOString().slice(0, 10));
    const exit = await b.review('gradual-exit', { notice: '渐退通知' }, irregularMembers, [{ category: 'wages', amount: 400_000, period: 'monthly', memberId: 'm1' }]);
    expect(monthsBetween(exit.gradualExit!.firstMonth, exit.gradualExit!.lastMonth)).toBe(1);
  });

  it('an approved case hands its settings over: the beneficiary reviews on the configured interval', async () => {
    const c = await h.submit({}, { BENEFICIARY_IRREGULAR_REVIEW_MONTHS: 4, BENEFICIARY_SPECIAL_REVIEW_DAYS: 7 });
    await c.toPublicity();
    await c.throughPublicity();
    await c.step('townshipReview', { actor: reviewer, decision: 'approve', opinion: 'eligible' });
    await c.step('countyDecision', { actor: approver, decision: 'approve', opinion: 'approved' });
    const hh = `hh-${c.caseId.slice(0, 8)}`;
    const b = new Beneficiary(c.caseId, hh, h.server.client.workflow.getHandle(beneficiaryWorkflowId(hh)));
    const v = await b.until((s) => s.timeline.length > 0);
    expect(v.cadence).toBe('irregular');
    expect(v.nextReviewDue).toBe(addMonths(localDate(v.approvedOn), 4));
    const today = chinaDay(await h.server.now());
    const special = await b.step('reportChange', { actor: caseworker, kind: 'income', occurredOn: today, description: 'new job' });
    expect(special.review?.dueOn).toBe(new Date(Date.parse(today) + 7 * DAY).toISOString().slice(0, 10));
  });
});

describe('beneficiary workflow: the yearly village re-appraisal is overdue like a review', () => {
  it('marks the re-appraisal overdue the day after its date (event, DibaoOverdue), and a recorded tally clears it', async () => {
    const b = await start(stableMembers, stableIncomes, 20_000, { BENEFICIARY_REAPPRAISAL_INTERVAL_DAYS: 100 });
    const v = await b.state();
    expect(v.nextReappraisalDue).toBe(new Date(Date.parse(v.approvedOn) + 100 * DAY).toISOString().slice(0, 10));
    await h.server.sleepUntil(startOf(v.nextReappraisalDue) + 1000);
    expect((await b.state()).overdue).toBe(false);
    await h.server.sleepUntil(startOf(v.nextReappraisalDue) + DAY + 1000);
    const late = await b.until((s) => s.overdue);
    expect(late).toMatchObject({ reappraisalOverdue: true, stage: 'active' });
    expect(late.waitingFor).toContain('overdue');
    const [overdue] = b.events('beneficiary.review-overdue');
    expect(overdue.payload).toMatchObject({ kind: 'reappraisal', dueOn: v.nextReappraisalDue, daysLate: 1, householdId: b.householdId });
    const handle = h.server.client.workflow.getHandle(b.handle.workflowId);
    expect((await handle.describe()).typedSearchAttributes.get(CaseSearchAttributes.overdue)).toBe(true);

    const today = chinaDay(await h.server.now());
    expect(await b.refusedType('recordReappraisal', { actor: caseworker, meetingOn: '2999-01-01', tally: passingTally })).toBe(CaseRefusal.InvalidStep);
    const held = await b.step('recordReappraisal', { actor: caseworker, meetingOn: today, tally: passingTally });
    expect(held).toMatchObject({ overdue: false, reappraisalOverdue: false, stage: 'active' });
    expect(held.nextReappraisalDue).toBe(new Date(Date.parse(today) + 100 * DAY).toISOString().slice(0, 10));
    expect((await handle.describe()).typedSearchAttributes.get(CaseSearchAttributes.overdue)).toBe(false);
    expect(b.events('beneficiary.review-overdue')).toHaveLength(1);
  });
});

describe('beneficiary workflow: written notices of suspension and termination', () => {
  it('records each notice (reason, who, when, from which period) like a rejection notice, and shows it in the timeline', async () => {
    const b = await start();
    const today = chinaDay(await h.server.now());
    await b.step('reportChange', { actor: caseworker, kind: 'other', occurredOn: today, description: 'moved away' });
    const suspended = await b.review('suspend', { notice: '暂停通知: 外出未归', reason: 'not at home for three months' });
    const notice = h.activities.notices.find((n) => n.caseId === b.caseId && n.kind === 'suspension');
    expect(notice).toMatchObject({
      township: T,
      householdId: b.householdId,
      reasons: ['not at home for three months'],
      text: '暂停通知: 外出未归',
      decidedOn: today,
      decidedBy: caseworker.id,
      decidedByRole: 'caseworker',
      fromPeriod: (b.events('beneficiary.suspended')[0].payload as { fromPeriod: string }).fromPeriod,
    });
    // Served within 3 working days.
    expect(notice!.dueOn > today).toBe(true);
    expect(isWeekday(notice!.dueOn)).toBe(true);
    expect(suspended.notices).toEqual([expect.objectContaining({ noticeId: notice!.noticeId, kind: 'suspension', decidedBy: caseworker })]);
    const entry = suspended.timeline.find((t) => t.action === 'notice');
    expect(entry).toMatchObject({ by: caseworker, on: today, details: { noticeId: notice!.noticeId, kind: 'suspension', text: '暂停通知: 外出未归' } });

    // A failing village vote opens a special review (A art. 32); the review that ends the benefit writes its notice.
    await b.step('resume', { actor: caseworker, reason: 'returned' });
    const voted = await b.step('recordReappraisal', { actor: caseworker, meetingOn: today, tally: { ...passingTally, approve: 3, reject: 10 } });
    expect(voted).toMatchObject({ stage: 'review' });
    await b.review('terminate', { notice: '终止通知: 村民代表评议未通过, 核查属实', reason: 'village re-appraisal confirmed by the review' });
    const final = (await b.handle.result()) as BeneficiaryView;
    const ended = h.activities.notices.find((n) => n.caseId === b.caseId && n.kind === 'termination');
    expect(ended?.text).toBe('终止通知: 村民代表评议未通过, 核查属实');
    expect(ended?.decidedBy).toBe(caseworker.id);
    expect(final.notices?.map((n) => n.kind)).toEqual(['suspension', 'termination']);
    expect((b.events('beneficiary.terminated')[0].payload as { notice: string }).notice).toBe(ended?.text);
  });
});

describe('beneficiary workflow: job offers refused (DOMAIN.md: A art. 34)', () => {
  const offer = (response: 'accepted' | 'refused', offeredOn: string, goodReason?: string) => ({
    actor: caseworker,
    memberId: 'm1',
    offeredOn,
    offer: '县人社局推荐: 物业保洁',
    response,
    ...(goodReason ? { goodReason } : {}),
  });

  it("the third refusal in a row without good reason stops that member's share from the next period, with a notice; accepting work restores it", async () => {
    const b = await start(irregularMembers, irregularIncomes);
    const today = chinaDay(await h.server.now());
    await b.step('recordJobOffer', offer('refused', today));
    await b.step('recordJobOffer', offer('refused', today, '照顾重病的母亲'));
    const two = await b.step('recordJobOffer', offer('refused', today));
    expect(two.sanctions).toEqual([]);
    expect(b.events('beneficiary.amount-changed')).toHaveLength(0);

    const third = await b.step('recordJobOffer', offer('refused', today));
    // m2 (unable to work, no supporter, no income) keeps the full standard; m1's share (150 − 100) stops.
    const expected = approvalAmount({ members: irregularMembers, incomes: irregularIncomes }, 'urban', localDate(today), DEFAULT_POLICY, ['m1']).monthlyAmount;
    expect(expected).toBe(15_000);
    expect(third).toMatchObject({ monthlyAmountFen: expected, sanctions: [expect.objectContaining({ memberId: 'm1' })] });
    const [cut] = b.events('beneficiary.amount-changed');
    expect(cut.payload).toMatchObject({ monthlyAmountFen: 15_000, persons: 2 });
    expect((cut.payload as { reason: string }).reason).toMatch(/^减发: member m1 refused suitable work 3 times/);
    expect(h.activities.notices.find((n) => n.caseId === b.caseId)).toMatchObject({ kind: 'share-stopped', fromPeriod: (cut.payload as { fromPeriod: string }).fromPeriod });

    const back = await b.step('recordJobOffer', offer('accepted', today));
    expect(back).toMatchObject({ monthlyAmountFen: 20_000, sanctions: [] });
    expect(b.events('beneficiary.amount-changed').map((e) => (e.payload as { monthlyAmountFen: number }).monthlyAmountFen)).toEqual([15_000, 20_000]);
    // The history replays against the current code.
    await h.replay({ handle: h.server.client.workflow.getHandle(b.handle.workflowId) } as never);
  });

  it('refuses an offer to a member unable to work, to someone not in the household, or in the future', async () => {
    const b = await start(irregularMembers, irregularIncomes);
    const today = chinaDay(await h.server.now());
    expect(await b.refusedType('recordJobOffer', { ...offer('refused', today), memberId: 'm2' })).toBe(CaseRefusal.RuleRefused);
    expect(await b.refusedType('recordJobOffer', { ...offer('refused', today), memberId: 'm9' })).toBe(CaseRefusal.InvalidStep);
    expect(await b.refusedType('recordJobOffer', offer('refused', '2999-01-01'))).toBe(CaseRefusal.InvalidStep);
    expect(await b.refusedType('recordJobOffer', offer('accepted', today, 'not needed'))).toBe(CaseRefusal.InvalidStep);
    expect(await b.refusedType('recordJobOffer', { ...offer('refused', today), actor: reviewer })).toBe(CaseRefusal.NotAllowed);
  });
});

describe('beneficiary workflow: a county-wide raised standard', () => {
  const raiseFrom = (today: string, overrides: Partial<StandardRaise> = {}): StandardRaise => ({
    raiseId: randomUUID(),
    scheme: 'urban',
    area: 'county',
    standardFen: 18_000,
    effectiveFrom: today,
    // The month after today, as payments' "first period starting on or after" would give for a date mid-month.
    fromPeriod: new Date(Date.parse(`${today.slice(0, 7)}-15`) + 31 * DAY).toISOString().slice(0, 7),
    reason: '县政府提标文件',
    exceptTownships: [],
    raisedBy: approver,
    ...overrides,
  });

  it('applies a raise once per raise id, from its first period; a raise of another area or an excepted township does not reach it', async () => {
    const b = await start();
    const today = chinaDay(await h.server.now());
    const raise = raiseFrom(today);
    const handle = h.server.client.workflow.getHandle(b.handle.workflowId);
    await handle.signal(beneficiarySignals.standardRaised, raise);
    await handle.signal(beneficiarySignals.standardRaised, raise);
    await handle.signal(beneficiarySignals.standardRaised, raiseFrom(today, { area: 'T99', standardFen: 99_000 }));
    await handle.signal(beneficiarySignals.standardRaised, raiseFrom(today, { exceptTownships: [T], standardFen: 99_000 }));
    await handle.signal(beneficiarySignals.standardRaised, raiseFrom(today, { scheme: 'rural', fromPeriod: '2099-Q1', standardFen: 99_000 }));
    const v = await b.until((s) => s.standards.length > 0 && b.events('beneficiary.amount-changed').length > 0);
    expect(v.standards).toEqual([expect.objectContaining({ raiseId: raise.raiseId, standardFen: 18_000, fromPeriod: raise.fromPeriod })]);
    // (180 − 50) × 2 = 260 yuan from the raise's first period.
    expect(v.monthlyAmountFen).toBe(26_000);
    const changed = b.events('beneficiary.amount-changed');
    expect(changed).toHaveLength(1);
    expect(changed[0].payload).toMatchObject({ monthlyAmountFen: 26_000, fromPeriod: raise.fromPeriod, reason: '提标: 县政府提标文件' });
    expect(changed[0].actor).toEqual(approver);
  });

  it('a run that starts after the raise was recorded applies it at its start (a household approved after the fan-out)', async () => {
    const today = chinaDay(await h.server.now());
    const raise = raiseFrom(today, { standardFen: 17_000 });
    h.activities.raises.push(raise);
    try {
      const b = await start();
      const v = await b.until((s) => s.standards.length > 0);
      expect(v.standards[0]).toMatchObject({ raiseId: raise.raiseId });
      // (170 − 50) × 2 = 240 yuan.
      expect(v.monthlyAmountFen).toBe(24_000);
      await b.until(() => b.events('beneficiary.amount-changed').length === 1);
      // The raise travels with continue-as-new and is not applied twice.
      await b.step('reportChange', { actor: caseworker, kind: 'income', occurredOn: today, description: 'pension unchanged' });
      await b.review('keep');
      const next = await b.until((s) => s.run === 2);
      expect(next.standards.map((x) => x.raiseId)).toEqual([raise.raiseId]);
      expect(b.events('beneficiary.amount-changed')).toHaveLength(1);
      // The first run (the recorded raises read at its start, a local activity) replays against the current code.
      await h.replay({ handle: h.server.client.workflow.getHandle(b.handle.workflowId, (b.handle as { firstExecutionRunId?: string }).firstExecutionRunId) } as never);
    } finally {
      h.activities.raises.splice(h.activities.raises.indexOf(raise), 1);
    }
  });
});

describe('beneficiary workflow: histories recorded before the gradual-exit-by-month patch replay', () => {
  // Recorded with the code before the patch (commit 0522474): an urban and a rural gradual exit to their end, and an
  // urban exit kept by a review; each run of the continue-as-new chain is one file (History proto, base64).
  const dir = path.join(__dirname, 'fixtures', 'beneficiary-before-exit-by-month');

  it('replays every recorded run without non-determinism', async () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
    expect(files.length).toBeGreaterThanOrEqual(7);
    const workflowBundle = await bundleCaseWorkflows();
    for (const file of files) {
      const { workflowId, historyBase64 } = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { workflowId: string; historyBase64: string };
      const history = temporal.api.history.v1.History.decode(Buffer.from(historyBase64, 'base64'));
      await expect(Worker.runReplayHistory({ workflowBundle }, history, workflowId)).resolves.toBeUndefined();
    }
  });
});
