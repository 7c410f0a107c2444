import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock } from './clock';
import { IdempotencyService } from './idempotency.service';

/** The clock and the idempotent-submission helper, shared by every feature. */
@Global()
@Module({})
export class CommonModule {
  static forRoot(clock: Clock): DynamicModule {
    return {
      module: CommonModule,
      providers: [{ provide: Clock, useValue: clock }, IdempotencyService],
      exports: [Clock, IdempotencyService],
    };
  }
}
