import { DynamicModule, Module, Provider } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ensureDatabase, postgresOptions } from '@dibao/platform';
import type { CaseApiConfig } from '../config';
import { SupervisionSchema1764900000000 } from './migrations/1764900000000-supervision-schema';
import { SupervisedCase1765000000000 } from './migrations/1765000000000-supervised-case';
import { BeneficiaryReviewAlerts1765200000000 } from './migrations/1765200000000-beneficiary-review-alerts';
import { BatchLateAlerts1765700000000 } from './migrations/1765700000000-batch-late-alerts';
import { supervisionDatabaseUrl } from './supervision.config';
import { SupervisionEventsController } from './supervision-events.controller';
import { SupervisionEventsService } from './supervision-events.service';
import { SupervisionStatsService } from './supervision-stats.service';
import { SupervisionController } from './supervision.controller';
import { SupervisionService } from './supervision.service';
import { SUPERVISION_DB, SUPERVISION_SETTINGS, SupervisionSettings } from './supervision.tokens';

/** Whether case-api runs its event-fed supervision tables (projection, alert feed, stage times): needs a database and Kafka. */
export function supervisionFeedEnabled(config: CaseApiConfig): boolean {
  return supervisionDatabaseUrl(config) !== undefined && (config.KAFKA_BROKERS?.length ?? 0) > 0;
}

/**
 * Supervision, from case, inspection and payment events projected into its own database (`dibao_supervision` by
 * default, created at boot; case-api's default TypeORM connection, so the platform's inbox and consumer use it):
 * overview, lists, workload, stage times, alert feed. Without a database and Kafka its routes answer 503.
 */
@Module({})
export class SupervisionModule {
  static forRoot(config: CaseApiConfig): DynamicModule {
    const settings: SupervisionSettings = {
      townships: config.SUPERVISION_TOWNSHIPS,
      stalledDays: config.SUPERVISION_STALLED_DAYS,
      stalledCaseDays: config.SUPERVISION_STALLED_CASE_DAYS,
      overviewCacheMs: config.SUPERVISION_OVERVIEW_CACHE_S * 1000,
    };
    const url = supervisionFeedEnabled(config) ? supervisionDatabaseUrl(config) : undefined;
    const providers: Provider[] = [
      { provide: SUPERVISION_SETTINGS, useValue: settings },
      SupervisionService,
      SupervisionStatsService,
    ];
    if (!url) {
      return {
        module: SupervisionModule,
        global: true,
        controllers: [SupervisionController],
        providers: [...providers, { provide: SUPERVISION_DB, useValue: null }],
        exports: [SupervisionService, SupervisionStatsService],
      };
    }
    return {
      module: SupervisionModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: async () => {
            await ensureDatabase(url);
            const options = postgresOptions({ url, entities: [], migrations: [SupervisionSchema1764900000000, SupervisedCase1765000000000, BeneficiaryReviewAlerts1765200000000, BatchLateAlerts1765700000000], poolSize: 5 });
            // No JIT: compiling a plan costs about a second on a small machine, far more than any query here
            // (PostgreSQL starts compiling above an estimated cost of 100,000, which the overview nears as closed cases pile up).
            return { ...options, extra: { ...(options.extra as Record<string, unknown>), options: '-c jit=off' } } as typeof options;
          },
        }),
      ],
      controllers: [SupervisionController, SupervisionEventsController],
      providers: [
        ...providers,
        SupervisionEventsService,
        { provide: SUPERVISION_DB, useFactory: (ds: DataSource) => ds, inject: [getDataSourceToken()] },
      ],
      exports: [SupervisionService, SupervisionStatsService],
    };
  }
}
