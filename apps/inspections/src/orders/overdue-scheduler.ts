import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { OrdersService } from './orders.service';

export const OVERDUE_SWEEP_MS = Symbol('OVERDUE_SWEEP_MS');

/** Runs the overdue sweep on an interval inside the service; one sweep at a time. */
@Injectable()
export class OverdueScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OverdueScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly orders: OrdersService,
    @Inject(OVERDUE_SWEEP_MS) private readonly everyMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.everyMs <= 0) return;
    this.timer = setInterval(() => this.tick(), this.everyMs);
    this.timer.unref();
    this.logger.log(`overdue sweep every ${this.everyMs} ms`);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.orders
      .sweepOverdue()
      .then((r) => {
        if (r.flagged > 0) this.logger.log(`flagged ${r.flagged} rectification orders overdue on ${r.flaggedOn}`);
      })
      .catch((e: unknown) => this.logger.warn(`overdue sweep failed, will retry: ${String(e)}`))
      .finally(() => {
        this.running = undefined;
      });
  }
}
