import { Controller, Get, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@dibao/contracts';
import { CurrentActor, Roles } from '@dibao/platform';
import { SpotChecksService, TownshipSample } from './spot-checks.service';

@ApiTags('spot checks')
@Controller('campaigns/:id/spot-checks')
export class SpotChecksController {
  constructor(private readonly spotChecks: SpotChecksService) {}

  @Get()
  @Roles('inspector', 'supervisor')
  @ApiOperation({ summary: 'Population and sample size of every township for the campaign (kept worklists as drawn)' })
  overview(@Param('id', ParseUUIDPipe) id: string): Promise<Omit<TownshipSample, 'caseIds'>[]> {
    return this.spotChecks.overview(id);
  }

  @Get(':township')
  @Roles('inspector', 'supervisor')
  @ApiOperation({
    summary:
      "The township's spot-check sample: the kept worklist once drawn (frozen: true), else a preview of today's reproducible draw (seeded; same seed and cases → same sample)",
  })
  sample(@Param('id', ParseUUIDPipe) id: string, @Param('township') township: string): Promise<TownshipSample> {
    return this.spotChecks.sample(id, township);
  }

  @Post(':township/worklist')
  @Roles('inspector', 'supervisor')
  @ApiOperation({ summary: 'Draw and keep the township’s worklist for the campaign (201); drawn before: the kept one unchanged (200)' })
  async draw(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('township') township: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TownshipSample> {
    const { sample, created } = await this.spotChecks.drawWorklist(id, township, actor);
    res.status(created ? 201 : 200);
    return sample;
  }
}
