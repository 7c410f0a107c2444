import * as wf from '@temporalio/workflow';
import {
  CampaignResult,
  CASE_KIND_CAMPAIGN,
  CaseSearchAttributes,
  ReviewCampaignInput,
  ReviewCampaignProgress,
  reviewCampaignQueries,
  reviewCampaignSignals,
} from '@dibao/contracts';
import type { CampaignActivities } from './case-activities';

const campaign = wf.proxyActivities<CampaignActivities>({
  startToCloseTimeout: '2m',
  retry: { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2 },
});

/** Batches per run before continue-as-new (each batch is a few history events). */
const BATCHES_PER_RUN = 100;
/** Results per run before continue-as-new (each result is a signal, at least one history event). */
const REPORTS_PER_RUN = 1_000;
const DAY = 86_400_000;

/**
 * A county or township review campaign (复核): lists the beneficiaries due by a date through visibility and
 * signals them in throttled batches (each starts one review; a beneficiary keeps a campaign key once, so a
 * replayed batch changes nothing). Then it collects the results the beneficiaries report back and closes with
 * a summary (kept, changed, suspended, ended, pending). Id `dibao-review-campaign-<key>`: starting the same
 * campaign twice starts nothing new.
 */
export async function reviewCampaign(input: ReviewCampaignInput): Promise<ReviewCampaignProgress> {
  const progress: ReviewCampaignProgress = input.carried ?? {
    campaignKey: input.campaignKey,
    ...(input.township ? { township: input.township } : {}),
    dueBy: input.dueBy,
    status: 'starting-reviews',
    signalled: 0,
    batches: 0,
    startedAt: new Date().toISOString(),
    summary: { kept: 0, changed: 0, suspended: 0, ended: 0, pending: 0 },
    reported: [],
  };
  // A household's result counts once. Its beneficiary signals the campaign once per campaign key (a workflow
  // command, so never twice); the set guards a run against a repeat and is not carried over continue-as-new.
  const seen = new Set<string>(progress.reported);
  progress.reportedCount = progress.reportedCount ?? seen.size;
  progress.reported = [];
  const batchesPerRun = input.batchesPerRun ?? BATCHES_PER_RUN;
  const reportsPerRun = input.reportsPerRun ?? REPORTS_PER_RUN;
  let reportsThisRun = 0;
  const reported = () => progress.reportedCount ?? 0;
  wf.setHandler(reviewCampaignQueries.progress, () => ({ ...progress, reported: [] }));
  wf.setHandler(reviewCampaignSignals.reviewed, (r: CampaignResult) => {
    if (seen.has(r.householdId)) return;
    seen.add(r.householdId);
    progress.reportedCount = reported() + 1;
    reportsThisRun++;
    tally(progress, r);
  });
  const runIsFull = () => reportsThisRun >= reportsPerRun || wf.workflowInfo().continueAsNewSuggested;
  if (!input.carried) {
    wf.upsertSearchAttributes([
      { key: CaseSearchAttributes.caseKind, value: CASE_KIND_CAMPAIGN },
      { key: CaseSearchAttributes.stage, value: progress.status },
      ...(input.township ? [{ key: CaseSearchAttributes.township, value: input.township }] : []),
    ]);
  }

  let batchesThisRun = 0;
  while (progress.status === 'starting-reviews') {
    const page = await campaign.listDueBeneficiaries({
      ...(input.township ? { township: input.township } : {}),
      dueBy: input.dueBy,
      pageSize: input.batchSize,
      ...(progress.pageToken ? { pageToken: progress.pageToken } : {}),
    });
    if (page.workflowIds.length > 0) {
      progress.signalled += await campaign.signalCampaignReview({ workflowIds: page.workflowIds, campaignKey: input.campaignKey, requestedBy: input.startedBy });
      progress.batches++;
      batchesThisRun++;
    }
    progress.pageToken = page.nextPageToken;
    if (!page.nextPageToken) {
      progress.status = 'awaiting-results';
      progress.signallingDoneAt = new Date().toISOString();
      wf.upsertSearchAttributes([{ key: CaseSearchAttributes.stage, value: progress.status }]);
      break;
    }
    // Throttle: the next batch only after a pause.
    await wf.sleep(input.pauseMs);
    if (batchesThisRun >= batchesPerRun || runIsFull()) {
      await wf.condition(wf.allHandlersFinished);
      return wf.continueAsNew<typeof reviewCampaign>({ ...input, carried: progress });
    }
  }

  // Results come back as signals; the campaign closes when all are in or the wait is over. A county campaign
  // gets tens of thousands of them: the run continues as new every `reportsPerRun` to keep its history small.
  const waitUntil = Date.parse(progress.signallingDoneAt ?? new Date().toISOString()) + input.resultWaitDays * DAY;
  const allIn = () => reported() >= progress.signalled;
  const woken = await wf.condition(() => allIn() || runIsFull(), Math.max(1, waitUntil - Date.now()));
  if (woken && !allIn()) {
    await wf.condition(wf.allHandlersFinished);
    return wf.continueAsNew<typeof reviewCampaign>({ ...input, carried: progress });
  }
  progress.summary.pending = Math.max(0, progress.signalled - reported());
  progress.status = 'completed';
  progress.completedAt = new Date().toISOString();
  progress.pageToken = undefined;
  wf.upsertSearchAttributes([{ key: CaseSearchAttributes.stage, value: progress.status }]);
  await wf.condition(wf.allHandlersFinished);
  return { ...progress, reported: [] };
}

function tally(progress: ReviewCampaignProgress, r: CampaignResult): void {
  const s = progress.summary;
  if (r.outcome === 'keep') s.kept++;
  else if (r.outcome === 'change') s.changed++;
  else if (r.outcome === 'suspend') s.suspended++;
  else s.ended++;
}
