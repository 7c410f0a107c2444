import { Logger } from '@nestjs/common';
import { Producer } from 'kafkajs';
import { DataSource, QueryRunner } from 'typeorm';
import { IncompleteSendError, sendBatchCompletely } from '../kafka/complete-send';

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
  /**
   * A new producer (new producer id, sequences from 0), used when the current one's idempotence state can no longer be
   * trusted: after an incomplete send or a sequence/producer-id error kafkajs does not recover from (it rolls a failed
   * partition's sequence back although the new leader may already hold that batch, and every later send to the
   * partition is refused as out of order). Without it the relay keeps its producer.
   */
  renewProducer?: () => Promise<Producer>;
}

/** Errors after which a kafkajs idempotent producer stays broken for the partition: start a new producer. */
export function producerStateLost(e: unknown): boolean {
  if (e instanceof IncompleteSendError) return true;
  const type = (e as { type?: unknown } | null)?.type;
  return type === 'OUT_OF_ORDER_SEQUENCE_NUMBER' || type === 'UNKNOWN_PRODUCER_ID' || type === 'INVALID_PRODUCER_EPOCH';
}

/**
 * Publishes outbox rows in id order. Rows are claimed with FOR UPDATE SKIP LOCKED, so several relays
 * (several replicas) work side by side; a row is marked published only after Kafka acknowledged it,
 * so a crash can repeat a message (consumers dedupe by eventId) but never lose one.
 *
 * Three batches overlap: while one is on its way to Kafka, the one before it is marked published (UPDATE and
 * COMMIT of its own transaction) and the one after it is claimed. Sends stay strictly one after another, in id
 * order, which keeps each key's events in order; the database's share of the work hides behind the sends.
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
    private producer: Producer,
    private readonly options: OutboxRelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 2000;
    this.pollMs = options.pollMs ?? 100;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** The producer in use now (it changes when the relay renews it). */
  get currentProducer(): Producer {
    return this.producer;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Publishes one batch; returns how many rows went out. */
  async publishBatch(): Promise<number> {
    const batch = await this.claim();
    if (!batch) return 0;
    await this.send(batch);
    return this.markPublished(batch);
  }

  /** Publishes until the outbox is empty (for tests, benchmarks and graceful shutdown). */
  drain(): Promise<number> {
    return this.publishWhile(() => true);
  }

  /**
   * Publishes batch after batch while there are rows and `more()` holds: the following batch is claimed and the
   * previous one marked while the current one is sent. A failed send releases the batch claimed beside it untouched.
   *
   * Within one pass the claims move forward from the last id claimed, so they do not walk over the rows this relay
   * still holds; when that finds nothing, one claim from the start picks up rows released behind it (another
   * relay's failed send) before the pass ends.
   */
  private async publishWhile(more: () => boolean): Promise<number> {
    let total = 0;
    let after: string | undefined;
    const claimNext = async (): Promise<ClaimedBatch | undefined> => {
      const batch = (await this.claim(after)) ?? (after !== undefined ? await this.claim() : undefined);
      if (batch) after = batch.rows[batch.rows.length - 1].id;
      return batch;
    };
    // Every claimed batch is in exactly one of these until it is committed or given back.
    let current: ClaimedBatch | undefined;
    let claiming: Promise<ClaimedBatch | undefined> | undefined;
    let marking: Promise<number> | undefined;
    let failure: unknown;
    try {
      current = await claimNext();
      while (current) {
        claiming = more() ? claimNext() : Promise.resolve(undefined);
        claiming.catch(() => undefined); // looked at below, or given back on failure
        await this.send(current);
        const previous = marking;
        marking = this.markPublished(current);
        marking.catch(() => undefined);
        current = undefined;
        if (previous) total += await previous;
        current = await claiming;
        claiming = undefined;
      }
    } catch (e) {
      failure = e;
    }
    // A failed send or claim: the batch claimed beside it goes back untouched; the one sent before it is still marked.
    const claimed = await claiming?.catch(() => undefined);
    if (claimed) await this.abandon(claimed.runner);
    if (current) await this.abandon(current.runner);
    if (marking) {
      try {
        total += await marking;
      } catch (e) {
        failure ??= e;
      }
    }
    if (failure !== undefined) throw failure;
    return total;
  }

  private async claim(after?: string): Promise<ClaimedBatch | undefined> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      // Walk outbox_pending in id order and stop at the batch. Right after a bulk insert (a payroll run) the table's
      // statistics still count a few rows, and the planner then prefers a bitmap scan of every pending row, sorted:
      // each claim read the whole outbox (0.7 s a batch at 100,000 rows). Only this transaction is affected.
      await runner.query(`SELECT set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true)`);
      // The envelope goes out as stored: no parse and re-serialise per row.
      const rows: PendingRow[] =
        after === undefined
          ? await runner.query(
              `SELECT id, topic, message_key, envelope::text AS envelope FROM outbox
                WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
              [this.batchSize],
            )
          : await runner.query(
              `SELECT id, topic, message_key, envelope::text AS envelope FROM outbox
                WHERE published_at IS NULL AND id > $2 ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
              [this.batchSize, after],
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

  /** Sends a claimed batch; when Kafka refuses it, the rows keep the error, stay pending and are released. */
  private async send({ runner, rows }: ClaimedBatch): Promise<void> {
    const byTopic = new Map<string, { key: string; value: string }[]>();
    for (const row of rows) {
      let list = byTopic.get(row.topic);
      if (!list) byTopic.set(row.topic, (list = []));
      list.push({ key: row.message_key, value: row.envelope });
    }
    try {
      // Complete or failed: kafkajs can resolve a batch with partitions unsent after a leader change (complete-send.ts).
      await sendBatchCompletely(
        this.producer,
        [...byTopic.entries()].map(([topic, messages]) => ({ topic, messages })),
      );
    } catch (e) {
      try {
        await runner.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`, [
          rows.map((r) => r.id),
          String(e instanceof Error ? e.message : e).slice(0, 2000),
        ]);
        await runner.commitTransaction();
      } finally {
        await this.abandon(runner);
      }
      if (this.options.renewProducer && producerStateLost(e)) await this.renewProducer(e);
      throw e;
    }
  }

  private async renewProducer(cause: unknown): Promise<void> {
    const old = this.producer;
    this.producer = await this.options.renewProducer!();
    this.logger.warn(`outbox relay: new Kafka producer after ${String(cause)}`);
    await old.disconnect().catch(() => undefined);
  }

  /** Marks a sent batch published (one statement for the batch) and commits, which releases its rows. */
  private async markPublished({ runner, rows }: ClaimedBatch): Promise<number> {
    try {
      await runner.query(`UPDATE outbox SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
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
