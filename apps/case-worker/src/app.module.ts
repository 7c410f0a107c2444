import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlatformModule, postgresOptions } from '@dibao/platform';
import type { CaseWorkerConfig } from './config';
import { CreateCaseNotices1764500000000 } from './migrations/1764500000000-create-case-notices';
import { BeneficiaryNoticesStandardRaises1765100000000 } from './migrations/1765100000000-beneficiary-notices-standard-raises';
import { StandardRaisesController } from './standard-raises/standard-raises.controller';
import { STANDARD_RAISE_OPTIONS, StandardRaisesService } from './standard-raises/standard-raises.service';
import { CaseNotice } from './notices/case-notice.entity';
import { InspectionFlagsController } from './inspection-flags/inspection-flags.controller';
import { InspectionFlagsService, TEMPORAL_CLIENT } from './inspection-flags/inspection-flags.service';

@Injectable()
class TemporalClientLifecycle implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}
  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}

/**
 * The worker's Nest side: its database (outbox, inbox, case_notices, standard_raises), the outbox relay, /health
 * and the consumers of inspection flags and raised standards.
 */
@Module({})
export class AppModule {
  static forRoot(config: CaseWorkerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(
          postgresOptions({
            url: config.DATABASE_URL,
            entities: [CaseNotice],
            migrations: [CreateCaseNotices1764500000000, BeneficiaryNoticesStandardRaises1765100000000],
          }),
        ),
        PlatformModule.forRoot({
          serviceName: config.SERVICE_NAME,
          jwtSecret: config.JWT_SECRET,
          kafkaBrokers: config.KAFKA_BROKERS,
          outboxPollMs: config.OUTBOX_POLL_MS,
        }),
      ],
      // inspection.case-flagged → a signal to the beneficiary workflow (special review);
      // standard.raised → the raise's fan-out to every beneficiary workflow it reaches.
      controllers: [InspectionFlagsController, StandardRaisesController],
      providers: [
        InspectionFlagsService,
        StandardRaisesService,
        {
          provide: STANDARD_RAISE_OPTIONS,
          useValue: { taskQueue: config.TEMPORAL_TASK_QUEUE, batchSize: config.STANDARD_RAISE_BATCH_SIZE, pauseMs: config.STANDARD_RAISE_PAUSE_MS },
        },
        {
          provide: TEMPORAL_CLIENT,
          useFactory: async () => {
            const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS, connectTimeout: 5000 });
            return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
          },
        },
        TemporalClientLifecycle,
      ],
    };
  }
}
