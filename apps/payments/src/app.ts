import { INestApplication } from '@nestjs/common';
import express from 'express';
import { createHttpApp } from '@dibao/platform';
import { AppModule } from './app.module';
import { PaymentsConfig } from './config';

/** Builds the payments app; integration tests build the same app in-process with a test config. */
export async function buildApp(config: PaymentsConfig): Promise<INestApplication> {
  return createHttpApp(AppModule.forRoot(config), {
    serviceName: config.SERVICE_NAME,
    logLevel: config.LOG_LEVEL,
    openapi: {
      title: 'dibao payments',
      description: 'Standards, enrolments, payroll runs, payment batches, the special fund account (专户) and period reports',
    },
    consumerGroup: config.PAYMENTS_CONSUMER_GROUP,
    consumerGroupPrefix: config.KAFKA_GROUP_PREFIX,
    consumeFromBeginning: config.KAFKA_FROM_BEGINNING === 'true',
    configure: (app) => {
      // Bank return files arrive as text/csv (POST /api/v1/batches/{id}/returns).
      app.use(express.text({ type: ['text/csv', 'text/plain'], limit: config.PAYMENTS_RETURN_FILE_LIMIT }));
    },
  });
}
