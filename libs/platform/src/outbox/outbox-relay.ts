import { Logger } from '@nestjs/common';
import { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';

interface PendingRow {
  id: string;
  topic: string;
  message_key: string;
  envelope: unknown;
}

export interface OutboxRelayOptions {
  batchSize?: number;
  pollMs?: number;
}

/**
 * Publishes outbox rows in id order. Rows are claimed with FOR UPDATE SKIP LOCKED, so several relays
 * (several replicas) work side by side; a row is marked published only after Kafka acknowledged it,
 * so a crash can repeat a message (consumers dedupe by eventId) but never lose one.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private consecutiveFailures = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: Producer,
    options: OutboxRelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollMs = options.pollMs ?? 100;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Publishes one batch; returns how many rows went out. */
  async publishBatch(): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const rows: PendingRow[] = await runner.query(
        `SELECT id, topic, message_key, envelope FROM outbox
          WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      if (rows.length === 0) {
        await runner.commitTransaction();
        return 0;
      }
      const byTopic = new Map<string, { key: string; value: string }[]>();
      for (const row of rows) {
        const list = byTopic.get(row.topic) ?? [];
        list.push({ key: row.message_key, value: JSON.stringify(row.envelope) });
        byTopic.set(row.topic, list);
      }
      const ids = rows.map((r) => r.id);
      try {
        await this.producer.sendBatch({
          topicMessages: [...byTopic.entries()].map(([topic, messages]) => ({ topic, messages })),
          acks: -1,
        });
      } catch (e) {
        await runner.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`, [
          ids,
          String(e instanceof Error ? e.message : e).slice(0, 2000),
        ]);
        await runner.commitTransaction();
        throw e;
      }
      await runner.query(`UPDATE outbox SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::bigint[])`, [ids]);
      await runner.commitTransaction();
      return rows.length;
    } catch (e) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await runner.release();
    }
  }

  /** Publishes until the outbox is empty (for tests and graceful shutdown). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.publishBatch();
      total += n;
      if (n === 0) return total;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.publishBatch();
        this.consecutiveFailures = 0;
      } catch (e) {
        this.consecutiveFailures++;
        if (this.consecutiveFailures === 1 || this.consecutiveFailures % 50 === 0) {
          this.logger.warn(`outbox publish failed (${this.consecutiveFailures}x), will retry: ${String(e)}`);
        }
      }
      if (published < this.batchSize && this.running) {
        const delay = this.consecutiveFailures ? Math.min(5000, this.pollMs * 2 ** Math.min(this.consecutiveFailures, 6)) : this.pollMs;
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, delay);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    }
  }
}
