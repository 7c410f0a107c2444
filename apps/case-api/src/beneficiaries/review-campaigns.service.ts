import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import {
  Actor,
  CASE_KIND_CAMPAIGN,
  CaseSearchAttributes,
  REVIEW_CAMPAIGN_WORKFLOW_TYPE,
  ReviewCampaignInput,
  ReviewCampaignProgress,
  reviewCampaignQueries,
  reviewCampaignWorkflowId,
} from '@dibao/contracts';
import { canAccessTownship, forbidden, notFound } from '@dibao/platform';
import { TEMPORAL_CLIENT, TEMPORAL_OPTIONS, TemporalOptions } from '../temporal/temporal.module';
import { httpErrorForTemporal } from '../cases/case-failure.util';
import { StartReviewCampaignDto } from './dto/review-campaign.dto';

/** Review campaigns: one `reviewCampaign` workflow per campaign key. */
@Injectable()
export class ReviewCampaignsService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(TEMPORAL_OPTIONS) private readonly options: TemporalOptions,
  ) {}

  /** Starts the campaign, or answers the running one's progress when the key is already taken (`created` false). */
  async start(actor: Actor, dto: StartReviewCampaignDto): Promise<{ created: boolean; progress: ReviewCampaignProgress }> {
    if (actor.township && dto.township !== actor.township) {
      throw forbidden(`a ${actor.role} of ${actor.township} may start campaigns of that township only`);
    }
    const input: ReviewCampaignInput = {
      campaignKey: dto.campaignKey,
      ...(dto.township ? { township: dto.township } : {}),
      dueBy: dto.dueBy,
      startedBy: actor,
      batchSize: dto.batchSize ?? 50,
      pauseMs: dto.pauseMs ?? 1000,
      resultWaitDays: dto.resultWaitDays ?? 60,
    };
    let created = true;
    try {
      await this.client.workflow.start(REVIEW_CAMPAIGN_WORKFLOW_TYPE, {
        workflowId: reviewCampaignWorkflowId(dto.campaignKey),
        taskQueue: this.options.taskQueue,
        args: [input],
        // Once per key, ever: a finished campaign is not run again under the same key.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          { key: CaseSearchAttributes.caseKind, value: CASE_KIND_CAMPAIGN },
          { key: CaseSearchAttributes.stage, value: 'starting-reviews' },
          ...(dto.township ? [{ key: CaseSearchAttributes.township, value: dto.township }] : []),
        ],
      });
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw httpErrorForTemporal(e) ?? e;
      created = false;
    }
    return { created, progress: await this.get(actor, dto.campaignKey) };
  }

  async get(actor: Actor, campaignKey: string): Promise<ReviewCampaignProgress> {
    if (!/^[\w-]{1,64}$/.test(campaignKey)) throw notFound('review campaign', campaignKey);
    const handle = this.client.workflow.getHandle(reviewCampaignWorkflowId(campaignKey));
    let progress: ReviewCampaignProgress;
    try {
      const d = await handle.describe();
      progress =
        d.status.name === 'COMPLETED' ? ((await handle.result()) as ReviewCampaignProgress) : await handle.query(reviewCampaignQueries.progress);
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) throw notFound('review campaign', campaignKey);
      throw httpErrorForTemporal(e) ?? e;
    }
    // A township role sees its own township's campaigns only.
    if (actor.township && !(progress.township && canAccessTownship(actor, progress.township))) throw notFound('review campaign', campaignKey);
    return progress;
  }
}
