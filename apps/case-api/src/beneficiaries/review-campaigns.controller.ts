import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, CAMPAIGN_READ_ROLES, CAMPAIGN_ROLES, ReviewCampaignProgress } from '@dibao/contracts';
import { CurrentActor, Roles } from '@dibao/platform';
import { StartReviewCampaignDto } from './dto/review-campaign.dto';
import { ReviewCampaignsService } from './review-campaigns.service';

@ApiTags('review-campaigns')
@Controller('review-campaigns')
export class ReviewCampaignsController {
  constructor(private readonly campaigns: ReviewCampaignsService) {}

  @Post()
  @Roles(...CAMPAIGN_ROLES, 'township_reviewer')
  @ApiOperation({ summary: 'Start a county or township review campaign (throttled); the same key again starts nothing new' })
  @ApiResponse({ status: 201, description: 'Started: its progress' })
  @ApiResponse({ status: 200, description: 'A campaign with this key exists already: its progress, nothing new started' })
  async start(@CurrentActor() actor: Actor, @Body() body: StartReviewCampaignDto, @Res({ passthrough: true }) res: Response): Promise<ReviewCampaignProgress> {
    const { created, progress } = await this.campaigns.start(actor, body);
    res.status(created ? 201 : 200);
    return progress;
  }

  @Get(':campaignKey')
  @Roles(...CAMPAIGN_READ_ROLES)
  @ApiOperation({ summary: "A campaign's progress (signalled, batches) and, at the end, its summary (kept, changed, suspended, ended, pending)" })
  get(@CurrentActor() actor: Actor, @Param('campaignKey') campaignKey: string): Promise<ReviewCampaignProgress> {
    return this.campaigns.get(actor, campaignKey);
  }
}
