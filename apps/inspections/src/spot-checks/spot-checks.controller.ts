import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@dibao/platform';
import { SpotChecksService, TownshipSample } from './spot-checks.service';

@ApiTags('spot checks')
@Controller('campaigns/:id/spot-checks')
export class SpotChecksController {
  constructor(private readonly spotChecks: SpotChecksService) {}

  @Get()
  @Roles('inspector', 'supervisor')
  @ApiOperation({ summary: 'Population and sample size of every township for the campaign' })
  overview(@Param('id', ParseUUIDPipe) id: string): Promise<Omit<TownshipSample, 'caseIds'>[]> {
    return this.spotChecks.overview(id);
  }

  @Get(':township')
  @Roles('inspector', 'supervisor')
  @ApiOperation({ summary: "The township's reproducible spot-check sample (seeded; same seed and cases → same sample)" })
  sample(@Param('id', ParseUUIDPipe) id: string, @Param('township') township: string): Promise<TownshipSample> {
    return this.spotChecks.sample(id, township);
  }
}
