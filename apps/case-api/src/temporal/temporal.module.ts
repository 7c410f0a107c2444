import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { HealthService } from '@dibao/platform';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const TEMPORAL_OPTIONS = Symbol('TEMPORAL_OPTIONS');

export interface TemporalOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  stepTimeoutMs: number;
}

/** Closes the connection on shutdown and reports Temporal in /health. */
@Injectable()
class TemporalLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    health: HealthService,
  ) {
    health.register('temporal', async () => {
      await client.connection.workflowService.getSystemInfo({});
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}

/** The one way case-api reaches cases: a Temporal client. */
@Global()
@Module({})
export class TemporalModule {
  static forRoot(options: TemporalOptions): DynamicModule {
    return {
      module: TemporalModule,
      providers: [
        { provide: TEMPORAL_OPTIONS, useValue: options },
        {
          provide: TEMPORAL_CLIENT,
          useFactory: async () => {
            const connection = await Connection.connect({ address: options.address, connectTimeout: 5000 });
            return new Client({ connection, namespace: options.namespace });
          },
        },
        TemporalLifecycle,
      ],
      exports: [TEMPORAL_CLIENT, TEMPORAL_OPTIONS],
    };
  }
}
