import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { TownshipsModule } from '../townships/townships.module';
import { CaseEventsConsumer } from './case-events.consumer';
import { CasePopulationService } from './case-population.service';
import { SpotChecksController } from './spot-checks.controller';
import { SpotChecksService } from './spot-checks.service';

@Module({
  imports: [CampaignsModule, TownshipsModule],
  controllers: [SpotChecksController, CaseEventsConsumer],
  providers: [CasePopulationService, SpotChecksService],
  exports: [CasePopulationService],
})
export class SpotChecksModule {}
