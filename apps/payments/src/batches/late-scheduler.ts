import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Actor } from '@dibao/contracts';
import { BatchesService } from './batches.service';

export const LATE_SWEEP_MS = Symbol('LATE_SWEEP_MS');
export const LATE_SWEEP_ACTOR: Actor = { id: 'payments-late-sweep', role: 'system' };

/** Runs the late-batch sweep (B art. 31) on an interval inside the service; one sweep at a time. */
@Injectable()
export class LateBatchScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LateBatchScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly batches: BatchesService,
    @Inject(LATE_SWEEP_MS) private readonly everyMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.everyMs <= 0) return;
    this.timer = setInterval(() => this.tick(), this.everyMs);
    this.timer.unref();
    this.logger.log(`late-batch sweep every ${this.everyMs} ms`);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.batches
      .sweepLate(LATE_SWEEP_ACTOR)
      .then((r) => {
        if (r.flagged > 0) this.logger.warn(`${r.flagged} batches not released by the 10th (B art. 31), flagged on ${r.flaggedOn}`);
      })
      .catch((e: unknown) => this.logger.warn(`late-batch sweep failed, will retry: ${String(e)}`))
      .finally(() => {
        this.running = undefined;
      });
  }
}
