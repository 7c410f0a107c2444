import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import { Actor, BENEFICIARY_WORKFLOW_TYPE, beneficiarySignals, CASE_KIND_BENEFICIARY, CaseSearchAttributes, StandardRaise } from '@dibao/contracts';
import type { BeneficiaryPage, CampaignActivities, DueBeneficiaryPage } from '../workflows/case-activities';

/** `YYYY-MM-DD` → the instant a review due that day becomes due (00:00 China time of the next day, exclusive). */
function endOfChinaDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + 86_400_000).toISOString();
}

const TOWNSHIP = /^[\w-]{1,64}$/;

/** The visibility query of beneficiaries due for review by a date (running, not terminated). */
export function dueBeneficiariesQuery(dueBy: string, township?: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dueBy)) throw new Error(`dueBy ${dueBy} is not a date`);
  if (township !== undefined && !TOWNSHIP.test(township)) throw new Error(`township ${township} is not an id`);
  return [
    `WorkflowType = '${BENEFICIARY_WORKFLOW_TYPE}'`,
    `ExecutionStatus = 'Running'`,
    `DibaoCaseKind = '${CASE_KIND_BENEFICIARY}'`,
    `DibaoStageDeadline < '${endOfChinaDay(dueBy)}'`,
    ...(township ? [`DibaoTownship = '${township}'`] : []),
  ].join(' AND ');
}

/**
 * The visibility query of the running beneficiaries of a scheme (and township) a raised standard reaches;
 * `startedAtOrAfter` keeps only runs started since (the fan-out's second pass).
 */
export function schemeBeneficiariesQuery(scheme: 'urban' | 'rural', township?: string, startedAtOrAfter?: string): string {
  if (scheme !== 'urban' && scheme !== 'rural') throw new Error(`scheme ${String(scheme)} is not urban or rural`);
  if (township !== undefined && !TOWNSHIP.test(township)) throw new Error(`township ${township} is not an id`);
  if (startedAtOrAfter !== undefined && (!/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(startedAtOrAfter) || Number.isNaN(Date.parse(startedAtOrAfter)))) {
    throw new Error(`startedAtOrAfter ${startedAtOrAfter} is not an ISO instant`);
  }
  return [
    `WorkflowType = '${BENEFICIARY_WORKFLOW_TYPE}'`,
    `ExecutionStatus = 'Running'`,
    `DibaoCaseKind = '${CASE_KIND_BENEFICIARY}'`,
    `DibaoScheme = '${scheme}'`,
    ...(township ? [`DibaoTownship = '${township}'`] : []),
    ...(startedAtOrAfter ? [`StartTime >= '${startedAtOrAfter}'`] : []),
  ].join(' AND ');
}

/** Signals each workflow; a workflow that has ended since it was listed counts 0. */
async function signalEach(workflowIds: string[], send: (id: string) => Promise<void>): Promise<number> {
  const results = await Promise.all(
    workflowIds.map((id) =>
      send(id).then(
        () => 1,
        (e: unknown) => {
          if (e instanceof WorkflowNotFoundError) return 0;
          throw e;
        },
      ),
    ),
  );
  return results.reduce((a, b) => a + b, 0);
}

export function createCampaignActivities(deps: { client: Client; namespace: string }): CampaignActivities {
  return {
    async listDueBeneficiaries(request): Promise<DueBeneficiaryPage> {
      const res = await deps.client.workflowService.listWorkflowExecutions({
        namespace: deps.namespace,
        query: dueBeneficiariesQuery(request.dueBy, request.township),
        pageSize: request.pageSize,
        ...(request.pageToken ? { nextPageToken: Buffer.from(request.pageToken, 'base64') } : {}),
      });
      const token = res.nextPageToken && res.nextPageToken.length > 0 ? Buffer.from(res.nextPageToken).toString('base64') : undefined;
      return { workflowIds: (res.executions ?? []).map((x) => x.execution?.workflowId ?? '').filter((x) => x !== ''), ...(token ? { nextPageToken: token } : {}) };
    },

    async signalCampaignReview(request: { workflowIds: string[]; campaignKey: string; requestedBy: Actor }): Promise<number> {
      return signalEach(request.workflowIds, (id) =>
        deps.client.workflow.getHandle(id).signal(beneficiarySignals.campaignReview, { campaignKey: request.campaignKey, requestedBy: request.requestedBy }),
      );
    },

    async listBeneficiariesOfScheme(request): Promise<BeneficiaryPage> {
      const res = await deps.client.workflowService.listWorkflowExecutions({
        namespace: deps.namespace,
        query: schemeBeneficiariesQuery(request.scheme, request.township, request.startedAtOrAfter),
        pageSize: request.pageSize,
        ...(request.pageToken ? { nextPageToken: Buffer.from(request.pageToken, 'base64') } : {}),
      });
      const token = res.nextPageToken && res.nextPageToken.length > 0 ? Buffer.from(res.nextPageToken).toString('base64') : undefined;
      const items = (res.executions ?? [])
        .map((x) => ({
          workflowId: x.execution?.workflowId ?? '',
          township: decodeTypedSearchAttributes(x.searchAttributes?.indexedFields).get(CaseSearchAttributes.township) ?? '',
        }))
        .filter((x) => x.workflowId !== '');
      return { items, ...(token ? { nextPageToken: token } : {}) };
    },

    async signalStandardRaise(request: { workflowIds: string[]; raise: StandardRaise }): Promise<number> {
      return signalEach(request.workflowIds, (id) => deps.client.workflow.getHandle(id).signal(beneficiarySignals.standardRaised, request.raise));
    },
  };
}
