import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlatformModule, postgresOptions } from '@dibao/platform';
import type { HouseholdsConfig } from './config';
import { HOUSEHOLD_ENTITIES } from './households/household.entities';
import { HouseholdsModule } from './households/households.module';
import { HOUSEHOLD_MIGRATIONS } from './migrations';

@Module({})
export class AppModule {
  static forRoot(config: HouseholdsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(postgresOptions({ url: config.DATABASE_URL, entities: HOUSEHOLD_ENTITIES, migrations: HOUSEHOLD_MIGRATIONS })),
        PlatformModule.forRoot({
          serviceName: config.SERVICE_NAME,
          jwtSecret: config.JWT_SECRET,
          kafkaBrokers: config.KAFKA_BROKERS,
          outboxPollMs: config.OUTBOX_POLL_MS,
        }),
        HouseholdsModule.forRoot({ countyOfficeName: config.COUNTY_OFFICE_NAME }),
      ],
    };
  }
}
