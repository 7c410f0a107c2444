import { INestApplication, Type } from '@nestjs/common';
import { createHttpApp } from '@dibao/platform';
import { AppModule } from './app.module';
import type { CaseApiConfig } from './config';
import { mountDashboard } from './dashboard/dashboard.util';
import { supervisionFeedEnabled } from './supervision/supervision.module';

export async function buildApp(config: CaseApiConfig): Promise<INestApplication> {
  // createHttpApp is typed for a module class; Nest accepts a dynamic module the same way.
  return createHttpApp(AppModule.forRoot(config) as unknown as Type<unknown>, {
    serviceName: config.SERVICE_NAME,
    logLevel: config.LOG_LEVEL,
    openapi: {
      title: 'dibao case API',
      description:
        'Applications for urban and rural dibao (城乡低保): one Temporal workflow per case. Every step is a POST under ' +
        '/api/v1/cases/{caseId}/…; a step in the wrong stage answers 409 with the current stage.',
    },
    // The supervisor dashboard page at /dashboard (its API calls carry the user's token).
    configure: (app) => mountDashboard(app),
    // The supervision feed (alerts, stage times) consumes case, inspection and payment events.
    ...(supervisionFeedEnabled(config)
      ? {
          consumerGroup: config.SUPERVISION_CONSUMER_GROUP,
          consumerGroupPrefix: config.KAFKA_GROUP_PREFIX,
          consumeFromBeginning: config.KAFKA_FROM_BEGINNING === 'true',
        }
      : {}),
  });
}
