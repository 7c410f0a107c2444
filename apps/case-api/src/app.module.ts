import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@dibao/platform';
import { BeneficiariesModule } from './beneficiaries/beneficiaries.module';
import { CasesModule } from './cases/cases.module';
import { HouseholdsModule } from './households/households.module';
import type { CaseApiConfig } from './config';
import { TemporalModule } from './temporal/temporal.module';
import { ReportsModule } from './reports/reports.module';
import { SupervisionModule, supervisionFeedEnabled } from './supervision/supervision.module';

@Module({})
export class AppModule {
  static forRoot(config: CaseApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          serviceName: config.SERVICE_NAME,
          jwtSecret: config.JWT_SECRET,
          // The supervision feed brings case-api's only database and Kafka consumer; it publishes nothing.
          database: supervisionFeedEnabled(config),
          ...(supervisionFeedEnabled(config) ? { kafkaBrokers: config.KAFKA_BROKERS, runOutboxRelay: false } : {}),
        }),
        TemporalModule.forRoot({
          address: config.TEMPORAL_ADDRESS,
          namespace: config.TEMPORAL_NAMESPACE,
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          stepTimeoutMs: config.STEP_TIMEOUT_MS,
        }),
        HouseholdsModule.forRoot({ baseUrl: config.HOUSEHOLDS_URL, jwtSecret: config.JWT_SECRET, timeoutMs: config.HOUSEHOLDS_TIMEOUT_MS }),
        CasesModule,
        BeneficiariesModule,
        SupervisionModule.forRoot(config),
        ReportsModule.forRoot(config),
      ],
    };
  }
}
