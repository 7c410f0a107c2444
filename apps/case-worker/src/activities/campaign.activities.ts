import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { Actor, BENEFICIARY_WORKFLOW_TYPE, beneficiarySignals, CASE_KIND_BENEFICIARY } from '@dibao/contracts';
import type { CampaignActivities, DueBeneficiaryPage } from '../workflows/case-activities';

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
      const results = await Promise.all(
        request.workflowIds.map((id) =>
          deps.client.workflow
            .getHandle(id)
            .signal(beneficiarySignals.campaignReview, { campaignKey: request.campaignKey, requestedBy: request.requestedBy })
            .then(
              () => 1,
              (e: unknown) => {
                if (e instanceof WorkflowNotFoundError) return 0; // ended since it was listed
                throw e;
              },
            ),
        ),
      );
      return results.reduce((a, b) => a + b, 0);
    },
  };
}
