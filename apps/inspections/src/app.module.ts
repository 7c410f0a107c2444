import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlatformModule, postgresOptions } from '@dibao/platform';
import { CampaignPlanEntity } from './campaigns/campaign-plan.entity';
import { CampaignEntity } from './campaigns/campaign.entity';
import { CampaignsModule } from './campaigns/campaigns.module';
import { Clock, SystemClock } from './common/clock';
import { CommonModule } from './common/common.module';
import type { InspectionsConfig } from './config';
import { GroupMemberEntity } from './groups/group-member.entity';
import { GroupsModule } from './groups/groups.module';
import { InspectionGroupEntity } from './groups/inspection-group.entity';
import { InspectionsSchema1764500000000 } from './migrations/1764500000000-inspections-schema';
import { SeedDemoTownships1764500000001 } from './migrations/1764500000001-seed-demo-townships';
import { SpotCheckWorklists1765400000000 } from './migrations/1765400000000-spot-check-worklists';
import { OrderHistoryEntity } from './orders/order-history.entity';
import { OrdersModule } from './orders/orders.module';
import { RectificationOrderEntity } from './orders/rectification-order.entity';
import { ReportsModule } from './reports/reports.module';
import { ApprovedCaseEntity } from './spot-checks/approved-case.entity';
import { SpotChecksModule } from './spot-checks/spot-checks.module';
import { TownshipEntity } from './townships/township.entity';
import { TownshipsModule } from './townships/townships.module';
import { FindingEntity } from './visits/finding.entity';
import { VisitEntity } from './visits/visit.entity';
import { VisitsModule } from './visits/visits.module';

export const INSPECTIONS_ENTITIES = [
  TownshipEntity,
  InspectionGroupEntity,
  GroupMemberEntity,
  CampaignEntity,
  CampaignPlanEntity,
  VisitEntity,
  FindingEntity,
  RectificationOrderEntity,
  OrderHistoryEntity,
  ApprovedCaseEntity,
];

export const INSPECTIONS_MIGRATIONS = [InspectionsSchema1764500000000, SeedDemoTownships1764500000001, SpotCheckWorklists1765400000000];

/** What tests (and demos) may replace. */
export interface AppOverrides {
  clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot(config: InspectionsConfig, overrides: AppOverrides = {}): DynamicModule {
    const orders = OrdersModule.forRoot(config.INSPECTIONS_OVERDUE_SWEEP_MS);
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(postgresOptions({ url: config.DATABASE_URL, entities: INSPECTIONS_ENTITIES, migrations: INSPECTIONS_MIGRATIONS })),
        PlatformModule.forRoot({
          serviceName: config.SERVICE_NAME,
          jwtSecret: config.JWT_SECRET,
          kafkaBrokers: config.KAFKA_BROKERS,
          outboxPollMs: config.OUTBOX_POLL_MS,
        }),
        CommonModule.forRoot(overrides.clock ?? new SystemClock()),
        TownshipsModule,
        GroupsModule,
        CampaignsModule,
        SpotChecksModule,
        orders,
        VisitsModule.forRoot(orders),
        ReportsModule,
      ],
    };
  }
}
