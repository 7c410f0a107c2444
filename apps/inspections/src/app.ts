import { INestApplication } from '@nestjs/common';
import { createHttpApp } from '@dibao/platform';
import { AppModule, AppOverrides } from './app.module';
import type { InspectionsConfig } from './config';

/** Builds the inspections service; integration tests build the same app in-process with a test config. */
export async function buildApp(config: InspectionsConfig, overrides: AppOverrides = {}): Promise<INestApplication> {
  return createHttpApp(AppModule.forRoot(config, overrides), {
    serviceName: config.SERVICE_NAME,
    logLevel: config.LOG_LEVEL,
    openapi: {
      title: 'dibao inspections',
      description:
        'Inspection groups (督查组), campaigns and their visit plan, visits and findings, rectification orders (整改), spot checks of approved cases, township scorecards and the campaign report.',
    },
    consumerGroup: config.INSPECTIONS_CONSUMER_GROUP,
    consumerGroupPrefix: config.KAFKA_GROUP_PREFIX,
    consumeFromBeginning: config.KAFKA_FROM_BEGINNING === 'true',
  });
}
