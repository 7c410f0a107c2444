import { randomUUID } from 'crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
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
} from '@dibao/contracts';
import { DEFAULT_POLICY, localDate } from '@dibao/domain';
import { caseSettings } from '../src/case-settings';
import { approvalAmount } from '../src/workflows/case-amount';
import { approver, CaseHarness, caseworker, passingTally, T } from './case-harness';

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
    return this.step(name, input).then(
      () => undefined,
      (e: { cause?: { type?: string } }) => e.cause?.type,
    );
  }

  events(type?: string): EventEnvelope[] {
    return h.activities.of(this.caseId, type);
  }

  review(outcome: string, extra: object = {}, members = stableMembers, incomes = stableIncomes) {
    return this.step('recordReview', { actor: caseworker, investigators: ['inv-a', 'inv-b'], members, incomes, outcome, reason: 'household visited', ...extra });
  }
}

async function start(members = stableMembers, incomes = stableIncomes, amount = 20_000): Promise<Beneficiary> {
  const caseId = randomUUID();
  const householdId = `hh-${caseId.slice(0, 8)}`;
  const input: BeneficiaryWorkflowInput = {
    householdId,
    township: T,
    scheme: 'urban',
    caseId,
    approvedOn: chinaDay(await h.server.now()),
    monthlyAmountFen: amount,
    persons: 2,
    facts: { members, incomes, deductions: [] },
    settings: caseSettings({}),
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
    expect((ended.payload as { fromPeriod: string }).fromPeriod > started.lastMonth).toBe(true);
    await expect(b.handle.result()).resolves.toMatchObject({ stage: 'terminated' });
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

  it('the village re-appraisal: a passing vote continues, a failing vote ends the benefit; a bad tally is refused', async () => {
    const b = await start();
    const today = chinaDay(await h.server.now());
    expect(await b.refusedType('recordReappraisal', { actor: caseworker, meetingOn: today, tally: { ...passingTally, approve: 40 } })).toBe(CaseRefusal.RuleRefused);
    const kept = await b.step('recordReappraisal', { actor: caseworker, meetingOn: today, tally: passingTally });
    expect(kept.stage).toBe('active');
    await b.step('recordReappraisal', { actor: caseworker, meetingOn: today, tally: { ...passingTally, approve: 5, reject: 20 } });
    await expect(b.handle.result()).resolves.toMatchObject({ stage: 'terminated' });
    expect(b.events('beneficiary.terminated')).toHaveLength(1);
  });
});

function monthsBetween(a: string, b: string): number {
  const [ay, am] = a.split('-').map(Number);
  const [by, bm] = b.split('-').map(Number);
  return (by - ay) * 12 + (bm - am);
}
