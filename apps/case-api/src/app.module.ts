import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@dibao/platform';
import { CasesModule } from './cases/cases.module';
import type { CaseApiConfig } from './config';
import { TemporalModule } from './temporal/temporal.module';

@Module({})
export class AppModule {
  static forRoot(config: CaseApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ serviceName: config.SERVICE_NAME, jwtSecret: config.JWT_SECRET, database: false }),
        TemporalModule.forRoot({
          address: config.TEMPORAL_ADDRESS,
          namespace: config.TEMPORAL_NAMESPACE,
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          stepTimeoutMs: config.STEP_TIMEOUT_MS,
        }),
        CasesModule,
      ],
    };
  }
}
