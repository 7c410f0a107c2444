import { INestApplication } from '@nestjs/common';
import express from 'express';
import { createHttpApp } from '@dibao/platform';
import { AppModule } from './app.module';
import type { HouseholdsConfig } from './config';

export const CONSUMER_GROUP = 'households';

/** The households app, as `main.ts` starts it and as integration tests build it in-process. */
export async function buildApp(config: HouseholdsConfig): Promise<INestApplication> {
  return createHttpApp(AppModule.forRoot(config), {
    serviceName: config.SERVICE_NAME,
    logLevel: config.LOG_LEVEL,
    openapi: {
      title: 'dibao households',
      description:
        'Household registry of the urban and rural minimum living guarantee (城乡低保): households, members, income, assets, ' +
        'payment account and proxies; ledger (台帐) import. Publishes dibao.households.v1, follows dibao.cases.v1.',
    },
    consumerGroup: CONSUMER_GROUP,
    consumerGroupPrefix: config.KAFKA_GROUP_PREFIX,
    consumeFromBeginning: config.KAFKA_FROM_BEGINNING === 'true',
    configure: (app) => {
      // The ledger import takes the CSV as the raw body.
      app.use(express.text({ type: ['text/csv'], limit: config.IMPORT_BODY_LIMIT }));
    },
  });
}
