import { Logger } from '@nestjs/common';
import { BaseRpcContext, CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { Consumer, EachMessagePayload, Kafka, Producer } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { DataSource, EntityManager } from 'typeorm';
import { deadLetterTopic, EventEnvelope, EventRegistry } from '@dibao/contracts';
import { requestContext } from '../context/request-context';
import { isConnectionError } from '../database/connection-error';
import { sendBatchCompletely } from '../kafka/complete-send';
import { createIdempotentProducer } from '../kafka/kafka.factory';

/**
 * Thrown by a handler for an event that can never be handled (it names a household this service does not know,
 * say): dead-lettered at once with the reason, without the retries meant for passing faults.
 */
export class UnprocessableEventError extends Error {
  override name = 'UnprocessableEventError';
}

/** What an @EventPattern handler gets besides the envelope: the transaction its writes must join. */
export class EventContext extends BaseRpcContext<[EventEnvelope, EntityManager, string]> {
  get envelope(): EventEnvelope {
    return this.args[0];
  }
  /** The transaction that also records the event in the inbox: write through it. */
  get manager(): EntityManager {
    return this.args[1];
  }
  get topic(): string {
    return this.args[2];
  }
}

export interface KafkaEventServerOptions {
  kafka: Kafka;
  /** Consumer group, and the inbox's consumer name. */
  groupId: string;
  dataSource: DataSource;
  registry: EventRegistry;
  /** Handler attempts before a message is dead-lettered. */
  maxAttempts?: number;
  retryDelayMs?: number;
  fromBeginning?: boolean;
}

/**
 * A NestJS microservice transport for our events (`@EventPattern('case.submitted')`):
 * validate the envelope and payload, skip an eventId this consumer already handled (inbox), run the handler
 * in one transaction with the inbox insert, retry, and dead-letter with the reason what still fails.
 * The offset is committed only after the message was handled or dead-lettered: nothing is dropped silently.
 * A failure while the service's database does not answer (stopped, restarting) is not the message's fault: the
 * consumer waits for the database, keeping its place in the group, and handles the message again from the start
 * instead of dead-lettering it (found by the PostgreSQL restart fault test, apps/faults). Connection errors just
 * after a short restart get up to three more rounds of attempts.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(KafkaEventServer.name);
  private consumer?: Consumer;
  private dlqProducer?: Producer;
  private readonly maxAttempts: number;
  private readonly retryDelayMs: number;
  private handledCount = 0;
  private closing = false;

  constructor(private readonly options: KafkaEventServerOptions) {
    super();
    this.maxAttempts = options.maxAttempts ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 200;
  }

  get handled(): number {
    return this.handledCount;
  }

  listen(callback: (...args: unknown[]) => void): void {
    this.start().then(
      () => callback(),
      (e: unknown) => callback(e),
    );
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.consumer?.disconnect();
    await this.dlqProducer?.disconnect();
  }

  on(): never {
    throw new Error('KafkaEventServer does not support on()');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private topics(): string[] {
    const types = [...this.messageHandlers.keys()];
    const topics = new Set<string>();
    for (const type of types) {
      const defs = this.options.registry.definitions().filter((d) => d.type === type);
      if (defs.length === 0) throw new Error(`@EventPattern('${type}') names no known event type`);
      defs.forEach((d) => topics.add(d.topic));
    }
    return [...topics];
  }

  private async start(): Promise<void> {
    const topics = this.topics();
    if (topics.length === 0) return;
    this.dlqProducer = createIdempotentProducer(this.options.kafka);
    await this.dlqProducer.connect();
    this.consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: 30000,
      heartbeatInterval: 3000,
      retry: { retries: 10 },
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({ eachMessage: (payload) => this.handleMessage(payload) });
    this.logger.log(`consuming ${topics.join(', ')} as ${this.options.groupId}`);
  }

  private async handleMessage({ topic, partition, message, heartbeat }: EachMessagePayload): Promise<void> {
    const parsed = this.options.registry.parse(message.value);
    if (!parsed.ok) {
      await this.deadLetter(topic, partition, message.offset, message.key, message.value, parsed.reason);
      return;
    }
    const envelope = parsed.envelope;
    const handler = this.getHandlerByPattern(envelope.type);
    if (!handler) return; // an event this service does not follow

    let roundsAfterConnectionError = 0;
    for (;;) {
      const lastError = await this.attempts(envelope, handler, topic);
      if (lastError === undefined) {
        this.handledCount++;
        return;
      }
      if (!(lastError instanceof UnprocessableEventError)) {
        // The database does not answer: wait until it does, then handle the message again from the start.
        if (!(await this.databaseAnswers())) {
          await this.waitForDatabase(lastError, heartbeat);
          continue;
        }
        // It answers again already (a short restart): the connection errors were its, not the message's.
        if (isConnectionError(lastError) && roundsAfterConnectionError++ < 3) continue;
      }
      await this.deadLetter(topic, partition, message.offset, message.key, message.value, `handler failed: ${errorText(lastError)}`);
      return;
    }
  }

  /** Up to maxAttempts tries of the handler in a transaction with the inbox row; the last error, or undefined when handled. */
  private async attempts(envelope: EventEnvelope, handler: MessageHandler, topic: string): Promise<unknown> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      try {
        await requestContext.run({ correlationId: envelope.correlationId, actor: envelope.actor }, () =>
          this.options.dataSource.transaction(async (manager) => {
            const inserted: unknown[] = await manager.query(
              `INSERT INTO inbox (consumer, event_id, topic, event_type) VALUES ($1, $2, $3, $4)
               ON CONFLICT DO NOTHING RETURNING event_id`,
              [this.options.groupId, envelope.eventId, topic, envelope.type],
            );
            if (inserted.length === 0) return; // already handled: a redelivery changes nothing
            const ctx = new EventContext([envelope, manager, topic]);
            const result = await handler(envelope, ctx);
            await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
          }),
        );
        return undefined;
      } catch (e) {
        lastError = e;
        if (e instanceof UnprocessableEventError) break;
        this.logger.warn(`handling ${envelope.type} ${envelope.eventId} failed (attempt ${attempt}/${this.maxAttempts}): ${String(e)}`);
        if (attempt < this.maxAttempts) await new Promise((r) => setTimeout(r, this.retryDelayMs * attempt));
      }
    }
    return lastError ?? new Error('handler failed');
  }

  /** Waits until the database answers, heartbeating so that the group keeps this member meanwhile. */
  private async waitForDatabase(lastError: unknown, heartbeat: () => Promise<void>): Promise<void> {
    const since = Date.now();
    this.logger.warn(`database unreachable (${errorText(lastError)}): waiting for it; the event will be handled again, not dead-lettered`);
    while (!(await this.databaseAnswers())) {
      // Not committed: another member (or this one after a restart) gets the message again.
      if (this.closing) throw new Error('consumer closing while its database is unreachable');
      await heartbeat();
      await new Promise((r) => setTimeout(r, 1000));
    }
    this.logger.log(`database answers again after ${Date.now() - since} ms: handling the event again`);
  }

  private async databaseAnswers(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.options.dataSource.query('SELECT 1'),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('no answer')), 5000))),
      ]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    offset: string,
    key: Buffer | null,
    value: Buffer | null,
    reason: string,
  ): Promise<void> {
    this.logger.error(`dead-lettering ${topic}[${partition}]@${offset}: ${reason}`);
    // If this send fails the error propagates, kafkajs does not commit the offset, and the message is retried.
    await sendBatchCompletely(this.dlqProducer!, [
      {
        topic: deadLetterTopic(topic),
        messages: [
          {
            key,
            value,
            headers: {
              'dibao-dlq-reason': reason.slice(0, 4000),
              'dibao-dlq-source': `${topic}/${partition}/${offset}`,
              'dibao-dlq-consumer': this.options.groupId,
            },
          },
        ],
      },
    ]);
  }
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}
