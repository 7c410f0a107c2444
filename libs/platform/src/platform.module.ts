import {
  BeforeApplicationShutdown,
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Admin, Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { AuthGuard, JWT_SECRET } from './auth/auth.guard';
import { AuthSettings, createTokenVerifier, loadAuthSettings, TOKEN_VERIFIER } from './auth/token-verifier';
import { ProblemDetailsFilter } from './errors/problem-details.filter';
import { databaseCheck, kafkaCheck } from './health/checks';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { createIdempotentProducer, createKafka } from './kafka/kafka.factory';
import { OutboxRelay } from './outbox/outbox-relay';
import { OutboxService } from './outbox/outbox.service';

export interface PlatformOptions {
  serviceName: string;
  jwtSecret: string;
  /** When set, the app gets a Kafka client, an outbox relay and a Kafka health check. */
  kafkaBrokers?: string[];
  /** Whether this process runs the outbox relay (default true when Kafka is configured). */
  runOutboxRelay?: boolean;
  outboxPollMs?: number;
  /** Whether the app has a TypeORM data source to health-check (default true). */
  database?: boolean;
  /** How tokens are checked; read from the environment (AUTH_MODE, OIDC_*, DIBAO_ENV) when not given. */
  auth?: AuthSettings;
}

export const PLATFORM_OPTIONS = Symbol('PLATFORM_OPTIONS');
export const KAFKA = Symbol('KAFKA');

/** Owns the Kafka producer and the outbox relay's lifecycle, and registers the dependency health checks. */
@Injectable()
export class PlatformRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(PlatformRuntime.name);
  private admin?: Admin;
  relay?: OutboxRelay;

  constructor(
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
    private readonly health: HealthService,
    @Optional() @Inject(KAFKA) private readonly kafka?: Kafka,
    @Optional() @Inject(getDataSourceToken()) private readonly dataSource?: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.health.service = this.options.serviceName;
    if (this.dataSource && this.options.database !== false) this.health.register('database', databaseCheck(this.dataSource));
    if (!this.kafka) return;
    this.admin = this.kafka.admin();
    await this.admin.connect();
    this.health.register('kafka', kafkaCheck(this.admin));
    if (this.options.runOutboxRelay !== false && this.dataSource) {
      const kafka = this.kafka;
      const connected = async () => {
        const producer = createIdempotentProducer(kafka);
        await producer.connect();
        return producer;
      };
      this.relay = new OutboxRelay(this.dataSource, await connected(), { pollMs: this.options.outboxPollMs, renewProducer: connected });
      this.relay.start();
      this.logger.log('outbox relay started');
    }
  }

  /** The relay stops before TypeORM closes the pool it uses. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.currentProducer.disconnect();
    await this.admin?.disconnect();
  }
}

@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const kafkaProviders = options.kafkaBrokers
      ? [{ provide: KAFKA, useFactory: () => createKafka(options.serviceName, options.kafkaBrokers!) }]
      : [];
    // Checked at boot: a bad identity setting stops the service with the variable named.
    const auth = options.auth ?? loadAuthSettings({ ...process.env, JWT_SECRET: options.jwtSecret });
    return {
      module: PlatformModule,
      controllers: [HealthController],
      providers: [
        { provide: PLATFORM_OPTIONS, useValue: options },
        { provide: JWT_SECRET, useValue: options.jwtSecret },
        { provide: TOKEN_VERIFIER, useValue: createTokenVerifier(auth, options.jwtSecret) },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        ...kafkaProviders,
        HealthService,
        OutboxService,
        PlatformRuntime,
      ],
      exports: [HealthService, OutboxService, PlatformRuntime, JWT_SECRET, TOKEN_VERIFIER, ...(options.kafkaBrokers ? [KAFKA] : [])],
    };
  }
}
