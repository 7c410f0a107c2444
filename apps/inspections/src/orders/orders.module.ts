import { DynamicModule, Module } from '@nestjs/common';
import { GroupsModule } from '../groups/groups.module';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';
import { OVERDUE_SWEEP_MS, OverdueScheduler } from './overdue-scheduler';

@Module({})
export class OrdersModule {
  static forRoot(overdueSweepMs: number): DynamicModule {
    return {
      module: OrdersModule,
      imports: [GroupsModule],
      controllers: [OrdersController],
      providers: [OrdersService, OverdueScheduler, { provide: OVERDUE_SWEEP_MS, useValue: overdueSweepMs }],
      exports: [OrdersService],
    };
  }
}
