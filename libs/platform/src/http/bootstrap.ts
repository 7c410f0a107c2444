import { DynamicModule, INestApplication, LogLevel, RequestMethod, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'crypto';
import express, { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { eventRegistry } from '@dibao/contracts';
import { CORRELATION_HEADER, requestContext } from '../context/request-context';
import { problem } from '../errors/problem-details.filter';
import { createValidationPipe } from '../errors/validation';
import { KafkaEventServer } from '../inbox/kafka-event.server';
import { JsonLogger } from '../logging/json-logger';
import { KAFKA } from '../platform.module';
import { inputGuard } from './input-guard';

export interface HttpAppOptions {
  serviceName: string;
  logLevel?: LogLevel;
  openapi: { title: string; description: string };
  /** Largest accepted JSON body. */
  bodyLimit?: string;
  /** Consume events with @EventPattern handlers through the Kafka transport, as this consumer group. */
  consumerGroup?: string;
  /** Prepended to the group id so a second copy of the system can consume beside the first (KAFKA_GROUP_PREFIX). */
  consumerGroupPrefix?: string;
  /** A new group starts at the oldest event (default) or only at new ones (KAFKA_FROM_BEGINNING). */
  consumeFromBeginning?: boolean;
  /** Extra express setup before Nest's routes (e.g. a CSV body parser). */
  configure?: (app: INestApplication) => void;
}

/**
 * Builds a NestJS HTTP app the same way for every service: JSON logs with correlation ids, a body size
 * limit, malformed JSON as a 400 problem, global validation, routes under /api/v1 (health at /health),
 * OpenAPI at /api/docs, and, when asked, the Kafka event consumer as a connected microservice.
 */
export async function createHttpApp(module: Type<unknown> | DynamicModule, options: HttpAppOptions): Promise<INestApplication> {
  const logger = new JsonLogger(options.serviceName, options.logLevel ?? 'log');
  const app = await NestFactory.create(module, { logger, bodyParser: false, abortOnError: false });
  app.enableShutdownHooks();

  app.use((req: Request, res: Response, next: NextFunction) => {
    const incoming = req.headers[CORRELATION_HEADER];
    const correlationId = typeof incoming === 'string' && /^[\w.-]{1,128}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader(CORRELATION_HEADER, correlationId);
    requestContext.run({ correlationId }, () => next());
  });
  app.use(express.json({ limit: options.bodyLimit ?? '1mb' }));
  options.configure?.(app);
  // After `configure`, so body parsers added there (CSV, say) get problem bodies too.
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    const e = err as { type?: string; status?: number; message?: string; limit?: number };
    const status = e.status && e.status >= 400 && e.status < 500 ? e.status : 400;
    const detail =
      e.type === 'entity.too.large'
        ? `the request body is larger than ${e.limit ? `${e.limit} bytes` : (options.bodyLimit ?? '1mb')}`
        : e.type === 'entity.parse.failed'
          ? 'the request body is not valid JSON'
          : (e.message ?? 'the request body could not be read');
    res
      .status(status)
      .type('application/problem+json')
      .send(JSON.stringify(problem(status, status === 413 ? 'payload-too-large' : 'malformed-body', detail)));
  });

  app.use(inputGuard());

  app.setGlobalPrefix('api/v1', { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalPipes(createValidationPipe());

  const doc = new DocumentBuilder()
    .setTitle(options.openapi.title)
    .setDescription(options.openapi.description)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), {
    jsonDocumentUrl: 'api/docs/openapi.json',
  });

  if (options.consumerGroup) {
    app.connectMicroservice(
      {
        strategy: new KafkaEventServer({
          kafka: app.get(KAFKA),
          groupId: `${options.consumerGroupPrefix ?? ''}${options.consumerGroup}`,
          fromBeginning: options.consumeFromBeginning ?? true,
          dataSource: app.get<DataSource>(getDataSourceToken()),
          registry: eventRegistry,
        }),
      },
      { inheritAppConfig: true },
    );
  }
  return app;
}

/** Starts the app (and its consumers) and logs where it listens. */
export async function listen(app: INestApplication, port: number, host = process.env['HOST'] ?? '127.0.0.1'): Promise<void> {
  await app.startAllMicroservices();
  // Keep idle connections open longer than clients and proxies usually do (Node's default is 5 s), so a
  // client never sends a request on a socket the server is closing at that very moment (ECONNRESET).
  const server = app.getHttpServer() as import('http').Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await app.listen(port, host);
}
