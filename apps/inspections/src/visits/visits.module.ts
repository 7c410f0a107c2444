import { DynamicModule, Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { GroupsModule } from '../groups/groups.module';
import { SpotChecksModule } from '../spot-checks/spot-checks.module';
import { TownshipsModule } from '../townships/townships.module';
import { VisitsController } from './visits.controller';
import { VisitsService } from './visits.service';

@Module({})
export class VisitsModule {
  static forRoot(orders: DynamicModule): DynamicModule {
    return {
      module: VisitsModule,
      imports: [CampaignsModule, TownshipsModule, GroupsModule, SpotChecksModule, orders],
      controllers: [VisitsController],
      providers: [VisitsService],
    };
  }
}
