import { DynamicModule, Module } from '@nestjs/common';
import { BatchesController } from './batches.controller';
import { BatchesService } from './batches.service';
import { LATE_SWEEP_MS, LateBatchScheduler } from './late-scheduler';

@Module({})
export class BatchesModule {
  static forRoot(lateSweepMs: number): DynamicModule {
    return {
      module: BatchesModule,
      controllers: [BatchesController],
      providers: [BatchesService, LateBatchScheduler, { provide: LATE_SWEEP_MS, useValue: lateSweepMs }],
      exports: [BatchesService],
    };
  }
}
