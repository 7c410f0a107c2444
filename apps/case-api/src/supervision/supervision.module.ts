import { DynamicModule, Module, Provider } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ensureDatabase, postgresOptions } from '@dibao/platform';
import type { CaseApiConfig } from '../config';
import { SupervisionSchema1764900000000 } from './migrations/1764900000000-supervision-schema';
import { supervisionDatabaseUrl } from './supervision.config';
import { SupervisionEventsController } from './supervision-events.controller';
import { SupervisionEventsService } from './supervision-events.service';
import { SupervisionStatsService } from './supervision-stats.service';
import { SupervisionController } from './supervision.controller';
import { SupervisionService } from './supervision.service';
import { SUPERVISION_DB, SUPERVISION_SETTINGS, SupervisionSettings } from './supervision.tokens';

/** Whether case-api runs its event-fed supervision tables (alert feed, stage times): needs a database and Kafka. */
export function supervisionFeedEnabled(config: CaseApiConfig): boolean {
  return supervisionDatabaseUrl(config) !== undefined && (config.KAFKA_BROKERS?.length ?? 0) > 0;
}

/**
 * Supervision: visibility counts and lists (always), and — with a database and Kafka — the alert feed, stage
 * times and caseworker load from events. Its database (`dibao_supervision` by default) is created at boot and is
 * case-api's default TypeORM connection, so the platform's inbox and consumer use it.
 */
@Module({})
export class SupervisionModule {
  static forRoot(config: CaseApiConfig): DynamicModule {
    const settings: SupervisionSettings = {
      townships: config.SUPERVISION_TOWNSHIPS,
      stalledDays: config.SUPERVISION_STALLED_DAYS,
      stalledCaseDays: config.SUPERVISION_STALLED_CASE_DAYS,
      concurrency: config.SUPERVISION_VISIBILITY_CONCURRENCY,
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
            return postgresOptions({ url, entities: [], migrations: [SupervisionSchema1764900000000], poolSize: 5 });
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
