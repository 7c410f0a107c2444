import { Logger } from '@nestjs/common';
import { Producer } from 'kafkajs';
import { DataSource, QueryRunner } from 'typeorm';

interface PendingRow {
  id: string;
  topic: string;
  message_key: string;
  envelope: string;
}

/** A batch of rows claimed in an open transaction (their row locks keep other relays off them). */
interface ClaimedBatch {
  runner: QueryRunner;
  rows: PendingRow[];
}

export interface OutboxRelayOptions {
  /** Rows per Kafka request; about 2,000 envelopes stay well under the broker's 1 MiB batch limit. */
  batchSize?: number;
  pollMs?: number;
}

/**
 * Publishes outbox rows in id order. Rows are claimed with FOR UPDATE SKIP LOCKED, so several relays
 * (several replicas) work side by side; a row is marked published only after Kafka acknowledged it,
 * so a crash can repeat a message (consumers dedupe by eventId) but never lose one.
 *
 * While one batch is on its way to Kafka the next is already claimed from the database, so the two halves of
 * the work overlap; sends stay strictly one after another, which keeps each key's events in order.
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
    this.batchSize = options.batchSize ?? 2000;
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
    const batch = await this.claim();
    return batch ? this.publish(batch) : 0;
  }

  /** Publishes until the outbox is empty (for tests, benchmarks and graceful shutdown). */
  drain(): Promise<number> {
    return this.publishWhile(() => true);
  }

  /**
   * Publishes batch after batch while there are rows and `more()` holds, claiming the following batch while the
   * current one is sent. A failed send releases the batch claimed beside it untouched.
   */
  private async publishWhile(more: () => boolean): Promise<number> {
    let total = 0;
    let next = await this.claim();
    while (next) {
      const [sent, claimed] = await Promise.allSettled([this.publish(next), more() ? this.claim() : Promise.resolve(undefined)]);
      if (sent.status === 'rejected') {
        if (claimed.status === 'fulfilled' && claimed.value) await this.abandon(claimed.value.runner);
        throw sent.reason;
      }
      total += sent.value;
      if (claimed.status === 'rejected') throw claimed.reason;
      next = claimed.value;
    }
    return total;
  }

  private async claim(): Promise<ClaimedBatch | undefined> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      // The envelope goes out as stored: no parse and re-serialise per row.
      const rows: PendingRow[] = await runner.query(
        `SELECT id, topic, message_key, envelope::text AS envelope FROM outbox
          WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      if (rows.length > 0) return { runner, rows };
      await runner.commitTransaction();
      await runner.release();
      return undefined;
    } catch (e) {
      await this.abandon(runner);
      throw e;
    }
  }

  private async publish({ runner, rows }: ClaimedBatch): Promise<number> {
    const ids = rows.map((r) => r.id);
    try {
      const byTopic = new Map<string, { key: string; value: string }[]>();
      for (const row of rows) {
        const list = byTopic.get(row.topic) ?? [];
        list.push({ key: row.message_key, value: row.envelope });
        byTopic.set(row.topic, list);
      }
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
    } finally {
      await this.abandon(runner);
    }
  }

  private async abandon(runner: QueryRunner): Promise<void> {
    if (runner.isReleased) return;
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    await runner.release();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.publishWhile(() => this.running);
        this.consecutiveFailures = 0;
      } catch (e) {
        this.consecutiveFailures++;
        if (this.consecutiveFailures === 1 || this.consecutiveFailures % 50 === 0) {
          this.logger.warn(`outbox publish failed (${this.consecutiveFailures}x), will retry: ${String(e)}`);
        }
      }
      if (published === 0 && this.running) {
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
