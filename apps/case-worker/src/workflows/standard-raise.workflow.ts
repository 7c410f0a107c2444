import * as wf from '@temporalio/workflow';
import {
  CASE_KIND_STANDARD_RAISE,
  CaseSearchAttributes,
  StandardRaiseInput,
  StandardRaiseProgress,
  standardRaiseQueries,
} from '@dibao/contracts';
import { standardRaiseReaches } from '@dibao/domain';
import type { CampaignActivities } from './case-activities';

const fanOut = wf.proxyActivities<CampaignActivities>({
  startToCloseTimeout: '2m',
  retry: { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2 },
});

/** Batches per run before continue-as-new (each batch is a few history events). */
const BATCHES_PER_RUN = 100;

/**
 * A raised standard (提标) reaching every beneficiary of its scheme and area, `dibao-standard-raise-<raiseId>`:
 * lists the running beneficiaries through visibility and signals them in throttled batches (like a review
 * campaign); each applies the raise once per raise id and recalculates its amount from the household's facts
 * from the raise's first period (beneficiary.amount-changed → payments). Townships with their own standard are
 * skipped for a county raise. A second pass signals the runs that started during the first (continue-as-new,
 * new approvals), which visibility may have listed behind the page already read; runs started later read the
 * raise at their start from the worker's standard_raises table. Started once per raise id (by the case
 * worker's standard.raised consumer); its progress is a query (case-api GET /standard-raises/{raiseId}).
 */
export async function standardRaiseFanOut(input: StandardRaiseInput): Promise<StandardRaiseProgress> {
  const { raise } = input;
  const now = new Date().toISOString();
  const progress: StandardRaiseProgress = input.carried ?? {
    raiseId: raise.raiseId,
    scheme: raise.scheme,
    area: raise.area,
    standardFen: raise.standardFen,
    effectiveFrom: raise.effectiveFrom,
    fromPeriod: raise.fromPeriod,
    status: 'signalling',
    pass: 1,
    signalled: 0,
    skipped: 0,
    batches: 0,
    startedAt: now,
    passStartedAt: now,
  };
  wf.setHandler(standardRaiseQueries.progress, () => ({ ...progress }));
  if (!input.carried) {
    wf.upsertSearchAttributes([
      { key: CaseSearchAttributes.caseKind, value: CASE_KIND_STANDARD_RAISE },
      { key: CaseSearchAttributes.stage, value: progress.status },
      { key: CaseSearchAttributes.scheme, value: raise.scheme },
      ...(raise.area !== 'county' ? [{ key: CaseSearchAttributes.township, value: raise.area }] : []),
    ]);
  }

  let batchesThisRun = 0;
  while (progress.status === 'signalling') {
    const page = await fanOut.listBeneficiariesOfScheme({
      scheme: raise.scheme,
      ...(raise.area !== 'county' ? { township: raise.area } : {}),
      // Pass 2: only runs started since pass 1 began.
      ...(progress.pass === 2 ? { startedAtOrAfter: progress.startedAt } : {}),
      pageSize: input.batchSize,
      ...(progress.pageToken ? { pageToken: progress.pageToken } : {}),
    });
    const reached = page.items.filter((x) => standardRaiseReaches(raise, { scheme: raise.scheme, township: x.township }));
    progress.skipped += page.items.length - reached.length;
    if (reached.length > 0) {
      progress.signalled += await fanOut.signalStandardRaise({ workflowIds: reached.map((x) => x.workflowId), raise });
    }
    if (page.items.length > 0) {
      progress.batches++;
      batchesThisRun++;
    }
    progress.pageToken = page.nextPageToken;
    if (!page.nextPageToken) {
      if (progress.pass === 1) {
        progress.pass = 2;
        progress.passStartedAt = new Date().toISOString();
      } else {
        progress.status = 'completed';
        progress.completedAt = new Date().toISOString();
        wf.upsertSearchAttributes([{ key: CaseSearchAttributes.stage, value: progress.status }]);
        break;
      }
    }
    // Throttle: the next batch only after a pause.
    if (input.pauseMs > 0) await wf.sleep(input.pauseMs);
    if (batchesThisRun >= BATCHES_PER_RUN || wf.workflowInfo().continueAsNewSuggested) {
      await wf.condition(wf.allHandlersFinished);
      return wf.continueAsNew<typeof standardRaiseFanOut>({ ...input, carried: progress });
    }
  }
  await wf.condition(wf.allHandlersFinished);
  return { ...progress };
}
