import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlatformModule, postgresOptions } from '@dibao/platform';
import type { CaseWorkerConfig } from './config';
import { CreateCaseNotices1764500000000 } from './migrations/1764500000000-create-case-notices';
import { CaseNotice } from './notices/case-notice.entity';

/** The worker's Nest side: its database (outbox, case_notices), the outbox relay and /health. No other routes. */
@Module({})
export class AppModule {
  static forRoot(config: CaseWorkerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(
          postgresOptions({ url: config.DATABASE_URL, entities: [CaseNotice], migrations: [CreateCaseNotices1764500000000] }),
        ),
        PlatformModule.forRoot({
          serviceName: config.SERVICE_NAME,
          jwtSecret: config.JWT_SECRET,
          kafkaBrokers: config.KAFKA_BROKERS,
          outboxPollMs: config.OUTBOX_POLL_MS,
        }),
      ],
    };
  }
}
