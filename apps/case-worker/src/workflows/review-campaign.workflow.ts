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
  wf.setHandler(reviewCampaignQueries.progress, () => ({ ...progress, reported: [] }));
  wf.setHandler(reviewCampaignSignals.reviewed, (r: CampaignResult) => record(progress, r));
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
    if (batchesThisRun >= BATCHES_PER_RUN || wf.workflowInfo().continueAsNewSuggested) {
      await wf.condition(wf.allHandlersFinished);
      return wf.continueAsNew<typeof reviewCampaign>({ ...input, carried: progress });
    }
  }

  // Results come back as signals; the campaign closes when all are in or the wait is over.
  const waitUntil = Date.parse(progress.signallingDoneAt ?? new Date().toISOString()) + input.resultWaitDays * DAY;
  await wf.condition(() => progress.reported.length >= progress.signalled, Math.max(1, waitUntil - Date.now()));
  progress.summary.pending = Math.max(0, progress.signalled - progress.reported.length);
  progress.status = 'completed';
  progress.completedAt = new Date().toISOString();
  progress.pageToken = undefined;
  wf.upsertSearchAttributes([{ key: CaseSearchAttributes.stage, value: progress.status }]);
  await wf.condition(wf.allHandlersFinished);
  return { ...progress, reported: [] };
}

function record(progress: ReviewCampaignProgress, r: CampaignResult): void {
  if (progress.reported.includes(r.householdId)) return;
  progress.reported.push(r.householdId);
  const s = progress.summary;
  if (r.outcome === 'keep') s.kept++;
  else if (r.outcome === 'change') s.changed++;
  else if (r.outcome === 'suspend') s.suspended++;
  else s.ended++;
}
