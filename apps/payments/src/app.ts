import { INestApplication, Module } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { createHttpApp, problem } from '@dibao/platform';
import { AppModule } from './app.module';
import { PaymentsConfig } from './config';

/** Builds the payments app; integration tests build the same app in-process with a test config. */
export async function buildApp(config: PaymentsConfig): Promise<INestApplication> {
  // createHttpApp takes a module class (not a DynamicModule), so the configured module is wrapped in one.
  @Module({ imports: [AppModule.forRoot(config)] })
  class PaymentsRoot {}
  return createHttpApp(PaymentsRoot, {
    serviceName: config.SERVICE_NAME,
    logLevel: config.LOG_LEVEL,
    openapi: {
      title: 'dibao payments',
      description: 'Standards, enrolments, payroll runs, payment batches, the special fund account (专户) and period reports',
    },
    consumerGroup: config.PAYMENTS_CONSUMER_GROUP,
    configure: (app) => {
      // Bank return files arrive as text/csv (POST /api/v1/batches/{id}/returns).
      app.use(express.text({ type: ['text/csv', 'text/plain'], limit: config.PAYMENTS_RETURN_FILE_LIMIT }));
      // The platform's body-error handler sits before this parser, so its errors get their problem body here.
      app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
        if (!err) return next();
        const tooLarge = (err as { type?: string }).type === 'entity.too.large';
        const status = tooLarge ? 413 : 400;
        const detail = tooLarge ? `the return file is larger than ${config.PAYMENTS_RETURN_FILE_LIMIT}; split it` : 'the request body could not be read';
        res.status(status).type('application/problem+json').send(JSON.stringify(problem(status, tooLarge ? 'payload-too-large' : 'malformed-body', detail)));
      });
    },
  });
}
