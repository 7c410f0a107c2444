import * as wf from '@temporalio/workflow';
import { withoutSchemaChecks } from './step-validation';
import { ApplicationFailure } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import {
  Actor,
  beneficiaryQueries,
  beneficiarySignals,
  beneficiaryUpdates,
  BeneficiaryUpdateName,
  BeneficiaryView,
  BeneficiaryWorkflowInput,
  buildEnvelope,
  CASE_KIND_BENEFICIARY,
  CaseRefusal,
  CaseSearchAttributes,
  EventEnvelope,
  RecordReviewInput,
  ReviewOutcome,
  reviewCampaignSignals,
  reviewCampaignWorkflowId,
  StepBase,
} from '@dibao/contracts';
import type { CaseActivities, WrittenNotice } from './case-activities';
import { BeneficiaryChange, BeneficiaryProcess } from './beneficiary-process';

const activities = wf.proxyActivities<CaseActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2 },
});
/** The raised standards this worker has recorded: a quick local read; a run that cannot read them goes on without. */
const raisesLookup = wf.proxyLocalActivities<CaseActivities>({ startToCloseTimeout: '10s', retry: { maximumAttempts: 3 } });

const SYSTEM_ACTOR: Actor = { id: 'case-worker', role: 'system' };

/**
 * One beneficiary household after approval (动态管理), `dibao-beneficiary-<householdId>`: periodic and special
 * reviews, the village re-appraisal, a raised standard, gradual exit, suspension and termination. Steps are
 * validated updates like the application's; inspection findings and review campaigns arrive as signals.
 * Continues-as-new after every finished review (and when the history grows long), waiting for running
 * handlers first; the state travels in `carried`. Each run first applies the raised standards recorded since
 * (a household approved, or a run started, after a raise's fan-out went by); the fan-out's signal does the same
 * for running ones, once per raise id.
 */
export async function beneficiaryWorkflow(input: BeneficiaryWorkflowInput): Promise<BeneficiaryView> {
  const info = wf.workflowInfo();
  const process = new BeneficiaryProcess(input, info.workflowId, () => Date.now());
  const outbox = new BeneficiaryOutbox(input, process);

  wf.setHandler(beneficiaryQueries.beneficiaryState, () => process.view());
  wf.setHandler(beneficiarySignals.inspectionFlagged, (flag) => process.inspectionFlagged(flag));
  wf.setHandler(beneficiarySignals.campaignReview, (request) => process.campaignReview(request));
  wf.setHandler(beneficiarySignals.standardRaised, (raise) => process.standardRaised(raise));

  type Handler<I extends StepBase> = { validate(i: I): void; apply(i: I): BeneficiaryChange[] };
  const check = <I extends StepBase>(name: BeneficiaryUpdateName, h: Handler<I>, i: I): void => {
    try {
      process.authorize(name, i);
      h.validate(i);
    } catch (e) {
      if (e instanceof ApplicationFailure) throw e;
      throw ApplicationFailure.create({ type: CaseRefusal.RuleRefused, message: e instanceof Error ? e.message : String(e), nonRetryable: true, details: [{ stage: process.stage }] });
    }
  };
  const register = <I extends StepBase>(def: UpdateDefinition<BeneficiaryView, [I]>, name: BeneficiaryUpdateName, h: Handler<I>) =>
    wf.setHandler(
      def,
      async (i: I) => {
        // The validator ran first (it always can here) and the schema check depends on the input alone: the
        // handler's re-check (for state that moved since) leaves it out, so older histories replay as they ran.
        withoutSchemaChecks(() => check(name, h, i));
        const campaignKey = process.state.review?.campaignKey;
        const changes = h.apply(i);
        await outbox.commit(changes, i);
        if (name === 'recordReview' && campaignKey) await reportToCampaign(campaignKey, process.state.householdId, (i as unknown as RecordReviewInput).outcome);
        return process.view();
      },
      { validator: (i: I) => check(name, h, i) },
    );
  register(beneficiaryUpdates.reportChange, 'reportChange', process.reportChange);
  register(beneficiaryUpdates.recordReview, 'recordReview', process.recordReview);
  register(beneficiaryUpdates.resume, 'resume', process.resume);
  register(beneficiaryUpdates.recordReappraisal, 'recordReappraisal', process.recordReappraisal);
  register(beneficiaryUpdates.applyStandard, 'applyStandard', process.applyStandard);
  register(beneficiaryUpdates.recordJobOffer, 'recordJobOffer', process.recordJobOffer);

  outbox.upsertSearchAttributes();
  if (wf.patched('beneficiary-standard-raises-at-run-start')) {
    try {
      const raises = await raisesLookup.standardRaisesFor({ scheme: process.state.scheme, township: process.state.township });
      for (const raise of raises) process.standardRaised(raise);
    } catch (e) {
      wf.log.warn('could not read the recorded standard raises; the fan-out still reaches this run', { error: String(e) });
    }
  }
  const correlation = input.correlationId ? { correlationId: input.correlationId } : {};
  for (;;) {
    // Changes a signal caused (inspection finding, campaign, raised standard), under the actor who caused them.
    const signalled = process.takeQueued();
    if (signalled) {
      await outbox.commit(signalled.changes, { actor: signalled.by, ...correlation });
      continue;
    }
    const changes = process.onClock();
    if (changes.length > 0) {
      await outbox.commit(changes, { actor: SYSTEM_ACTOR, ...correlation });
      continue;
    }
    if (process.closed) break;
    if (process.reviewsFinished > 0 || wf.workflowInfo().historyLength > process.settings.maxHistoryEvents || wf.workflowInfo().continueAsNewSuggested) {
      // A new run per review period keeps each history small; handlers still running finish first.
      await wf.condition(wf.allHandlersFinished);
      await outbox.idle();
      return wf.continueAsNew<typeof beneficiaryWorkflow>({ ...input, carried: process.carried() });
    }
    const version = process.version;
    const wakeAt = process.nextWakeAt();
    if (wakeAt === undefined) await wf.condition(() => process.version !== version);
    else await wf.condition(() => process.version !== version, Math.max(1, wakeAt - Date.now()));
  }
  await wf.condition(wf.allHandlersFinished);
  await outbox.idle();
  return process.view();
}

/** Tells the campaign that started the review its result (the campaign counts each household once). */
async function reportToCampaign(campaignKey: string, householdId: string, outcome: ReviewOutcome): Promise<void> {
  try {
    await wf.getExternalWorkflowHandle(reviewCampaignWorkflowId(campaignKey)).signal(reviewCampaignSignals.reviewed, { householdId, outcome });
  } catch (e) {
    // A campaign that has already closed counts the review as pending; the review itself stands.
    wf.log.warn('could not report the review to its campaign', { campaignKey, error: String(e) });
  }
}

/** Events through the commit activity in order (ids from the deterministic uuid4) and search attributes. */
class BeneficiaryOutbox {
  private pending: EventEnvelope[] = [];
  private pendingNotices: WrittenNotice[] = [];
  private flushing = false;
  private lastUpsert = '';

  constructor(
    private readonly input: BeneficiaryWorkflowInput,
    private readonly process: BeneficiaryProcess,
  ) {}

  async commit(changes: BeneficiaryChange[], step: StepBase): Promise<void> {
    const correlationId = step.correlationId ?? this.input.correlationId ?? wf.workflowInfo().workflowId;
    for (const c of changes) {
      if (c.kind === 'notice') {
        this.pendingNotices.push(c.notice);
        continue;
      }
      this.pending.push(
        buildEnvelope(
          c.def,
          { eventId: wf.uuid4(), occurredAt: new Date().toISOString(), correlationId, actor: step.actor, key: this.process.state.caseId },
          c.payload as never,
        ),
      );
    }
    this.upsertSearchAttributes();
    if (this.nothingPending()) return;
    while (this.flushing) await wf.condition(() => !this.flushing);
    if (this.nothingPending()) return;
    this.flushing = true;
    try {
      while (!this.nothingPending()) {
        const events = this.pending;
        const notices = this.pendingNotices;
        this.pending = [];
        this.pendingNotices = [];
        // Events and their written notices in one transaction (the notice ids are deterministic: a retry inserts nothing twice).
        await activities.commitCaseChange({ events, ...(notices.length > 0 ? { notices } : {}) });
      }
    } finally {
      this.flushing = false;
    }
  }

  private nothingPending(): boolean {
    return this.pending.length === 0 && this.pendingNotices.length === 0;
  }

  idle(): Promise<void> {
    return wf.condition(() => !this.flushing && this.nothingPending());
  }

  upsertSearchAttributes(): void {
    const s = this.process.state;
    const deadline = this.process.stageDeadline();
    const key = `${s.stage}|${s.overdue}|${deadline ?? ''}`;
    if (key === this.lastUpsert) return;
    this.lastUpsert = key;
    wf.upsertSearchAttributes([
      { key: CaseSearchAttributes.stage, value: s.stage },
      { key: CaseSearchAttributes.township, value: s.township },
      { key: CaseSearchAttributes.scheme, value: s.scheme },
      { key: CaseSearchAttributes.household, value: s.householdId },
      { key: CaseSearchAttributes.caseKind, value: CASE_KIND_BENEFICIARY },
      { key: CaseSearchAttributes.overdue, value: s.overdue },
      { key: CaseSearchAttributes.stageDeadline, value: deadline !== undefined ? new Date(deadline) : null },
    ]);
  }
}
