import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@dibao/contracts';
import { CurrentActor, Roles } from '@dibao/platform';
import { CampaignPlanView, CampaignsService } from './campaigns.service';
import { CampaignView, CreateCampaignDto, UpdateTownshipPlanDto } from './dto/campaign.dto';

@ApiTags('campaigns')
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Get()
  @Roles('inspector', 'supervisor')
  list(): Promise<CampaignView[]> {
    return this.campaigns.list();
  }

  @Post()
  @Roles('supervisor')
  @ApiOperation({ summary: 'Start a campaign; its plan spreads N visits per township over the groups (supervisor, admin)' })
  create(@Body() dto: CreateCampaignDto, @CurrentActor() actor: Actor): Promise<CampaignView & { plannedVisits: number }> {
    return this.campaigns.create(dto, actor);
  }

  @Get(':id')
  @Roles('inspector', 'supervisor')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<CampaignView> {
    return this.campaigns.get(id);
  }

  @Get(':id/plan')
  @Roles('inspector', 'supervisor')
  @ApiOperation({ summary: 'Visits planned, done and due per township and group' })
  plan(@Param('id', ParseUUIDPipe) id: string): Promise<CampaignPlanView> {
    return this.campaigns.plan(id);
  }

  @Put(':id/plan/:township')
  @Roles('supervisor')
  @ApiOperation({ summary: "Re-plan one township's visits; they must add up to the campaign minimum" })
  updateTownshipPlan(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('township') township: string,
    @Body() dto: UpdateTownshipPlanDto,
    @CurrentActor() actor: Actor,
  ): Promise<CampaignPlanView> {
    return this.campaigns.updateTownshipPlan(id, township, dto, actor);
  }
}
