import { Controller, INestApplication, INestMicroservice, Module } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'crypto';
import { Consumer, Kafka, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { buildEnvelope, CaseSubmitted, deadLetterTopic, EventEnvelope, eventRegistry, Topics } from '@dibao/contracts';
import {
  createIdempotentProducer,
  createKafka,
  EventContext,
  KafkaEventServer,
  OutboxRelay,
  OutboxService,
  postgresOptions,
  ProblemDetailsFilter,
} from '../src';
import { eventually, freshDatabase, testStack } from '../src/testing';

const actor = { id: 'wang', role: 'caseworker' as const, township: 'T01' };

function caseSubmitted(caseId = randomUUID()): EventEnvelope {
  return buildEnvelope(
    CaseSubmitted,
    { eventId: randomUUID(), occurredAt: new Date().toISOString(), correlationId: 'corr-1', actor, key: caseId },
    {
      caseId,
      householdId: 'H1',
      township: 'T01',
      scheme: 'urban',
      submittedOn: '2026-03-02',
      applicantKind: 'head',
      claimedMonthlyIncomeFen: 0,
      registeredSeparately: false,
    },
  );
}

/** The eventId of a message, or undefined for anything that is not an envelope (other tests share the topic). */
function eventIdOf(value: string): string | undefined {
  try {
    return (JSON.parse(value) as { eventId?: string }).eventId;
  } catch {
    return undefined;
  }
}

/** Collects the messages of a topic that carry one of the wanted keys. */
async function collect(kafka: Kafka, topic: string): Promise<{ consumer: Consumer; seen: { key: string; value: string; headers: Record<string, string> }[] }> {
  const consumer = kafka.consumer({ groupId: `platform-it-${randomUUID()}` });
  const seen: { key: string; value: string; headers: Record<string, string> }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
      seen.push({ key: String(message.key), value: String(message.value), headers });
    },
  });
  return { consumer, seen };
}

describe('outbox relay and inbox consumer against PostgreSQL and Kafka', () => {
  let dataSource: DataSource;
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    const url = await freshDatabase('platform_it');
    dataSource = new DataSource(postgresOptions({ url, entities: [], migrations: [] }));
    await dataSource.initialize();
    await dataSource.query(`CREATE TABLE followed (case_id text PRIMARY KEY, seen integer NOT NULL)`);
    kafka = createKafka('platform-it', testStack.kafkaBrokers);
    producer = createIdempotentProducer(kafka);
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await dataSource.destroy();
  });

  it('refuses to append outside a transaction', async () => {
    await expect(new OutboxService().append(dataSource.manager, caseSubmitted())).rejects.toThrow('inside a transaction');
  });

  it('publishes what a committed transaction appended, and nothing from a rolled-back one', async () => {
    const outbox = new OutboxService();
    const committed = caseSubmitted();
    const rolledBack = caseSubmitted();
    await dataSource.transaction((m) => outbox.append(m, committed));
    await dataSource
      .transaction(async (m) => {
        await outbox.append(m, rolledBack);
        throw new Error('the change failed');
      })
      .catch(() => undefined);

    const { consumer, seen } = await collect(kafka, Topics.cases);
    try {
      const relay = new OutboxRelay(dataSource, producer);
      expect(await relay.drain()).toBe(1);
      await eventually(async () => seen.find((m) => eventIdOf(m.value) === committed.eventId));
      expect(seen.find((m) => m.key === committed.key)).toBeDefined();
      expect(seen.some((m) => eventIdOf(m.value) === rolledBack.eventId)).toBe(false);
      const [row] = await dataSource.query(`SELECT published_at, attempts FROM outbox WHERE event_id = $1`, [committed.eventId]);
      expect(row.published_at).not.toBeNull();
      expect(row.attempts).toBe(1);
    } finally {
      await consumer.disconnect();
    }
  });

  it('keeps a row pending, with the error, when Kafka refuses it', async () => {
    const outbox = new OutboxService();
    const env = caseSubmitted();
    await dataSource.transaction((m) => outbox.append(m, env));
    const failing = { sendBatch: async () => Promise.reject(new Error('broker unavailable')) } as unknown as Producer;
    await expect(new OutboxRelay(dataSource, failing).publishBatch()).rejects.toThrow('broker unavailable');
    const [row] = await dataSource.query(`SELECT published_at, attempts, last_error FROM outbox WHERE event_id = $1`, [env.eventId]);
    expect(row).toMatchObject({ published_at: null, attempts: 1, last_error: 'broker unavailable' });
    expect(await new OutboxRelay(dataSource, producer).drain()).toBe(1);
  });

  it('publishes batch after batch in id order, keeping one key\'s events in order', async () => {
    const outbox = new OutboxService();
    const caseId = randomUUID();
    const events = Array.from({ length: 450 }, () => caseSubmitted(caseId));
    await dataSource.transaction((m) => outbox.append(m, ...events));
    const { consumer, seen } = await collect(kafka, Topics.cases);
    try {
      expect(await new OutboxRelay(dataSource, producer, { batchSize: 100 }).drain()).toBe(450);
      await eventually(async () => seen.filter((m) => m.key === caseId).length === 450, 30000);
      expect(seen.filter((m) => m.key === caseId).map((m) => eventIdOf(m.value))).toEqual(events.map((e) => e.eventId));
    } finally {
      await consumer.disconnect();
    }
  });

  it('leaves every row pending and unlocked when a send fails mid-drain', async () => {
    const outbox = new OutboxService();
    const events = Array.from({ length: 30 }, () => caseSubmitted());
    await dataSource.transaction((m) => outbox.append(m, ...events));
    const failing = { sendBatch: async () => Promise.reject(new Error('leader not available')) } as unknown as Producer;
    await expect(new OutboxRelay(dataSource, failing, { batchSize: 10 }).drain()).rejects.toThrow('leader not available');
    const [pending] = await dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`);
    expect(pending.n).toBe(30);
    expect(await new OutboxRelay(dataSource, producer, { batchSize: 10 }).drain()).toBe(30);
  });

  describe('KafkaEventServer', () => {
    let app: INestApplication;
    let microservice: INestMicroservice;
    const failures = new Set<string>();
    const groupId = `platform-it-consumer-${randomUUID()}`;

    @Controller()
    class FollowCases {
      @EventPattern('case.submitted')
      async onSubmitted(@Payload() event: EventEnvelope<{ caseId: string }>, @Ctx() ctx: EventContext): Promise<void> {
        if (failures.has(event.payload.caseId)) throw new Error(`cannot follow ${event.payload.caseId}`);
        await ctx.manager.query(
          `INSERT INTO followed (case_id, seen) VALUES ($1, 1) ON CONFLICT (case_id) DO UPDATE SET seen = followed.seen + 1`,
          [event.payload.caseId],
        );
      }
    }

    @Module({ controllers: [FollowCases], providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }] })
    class ConsumerModule {}

    beforeAll(async () => {
      const moduleRef = await Test.createTestingModule({ imports: [ConsumerModule] }).compile();
      app = moduleRef.createNestApplication({ logger: false });
      microservice = app.connectMicroservice(
        {
          strategy: new KafkaEventServer({ kafka, groupId, dataSource, registry: eventRegistry, fromBeginning: false, retryDelayMs: 10 }),
        },
        { inheritAppConfig: true },
      );
      await app.startAllMicroservices();
      await app.init();
    });

    afterAll(async () => {
      await microservice.close();
      await app.close();
    });

    const followed = async (caseId: string): Promise<number | undefined> => {
      const rows: { seen: number }[] = await dataSource.query(`SELECT seen FROM followed WHERE case_id = $1`, [caseId]);
      return rows[0]?.seen;
    };

    it('handles an event once even when it is delivered twice', async () => {
      const env = caseSubmitted();
      const message = { key: env.key, value: JSON.stringify(env) };
      await producer.send({ topic: Topics.cases, messages: [message] });
      await producer.send({ topic: Topics.cases, messages: [message] });
      // A later event with the same message key lands on the same partition, after the duplicate: once it is
      // handled, the duplicate has been seen too.
      const later = { ...caseSubmitted(), key: env.key };
      const laterCase = (later.payload as { caseId: string }).caseId;
      await producer.send({ topic: Topics.cases, messages: [{ key: env.key, value: JSON.stringify(later) }] });
      await eventually(() => followed(laterCase));
      expect(await followed(env.key)).toBe(1);
      const [inbox] = await dataSource.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = $1`, [env.eventId]);
      expect(inbox.n).toBe(1);
    });

    it('dead-letters an invalid message and a handler that keeps failing, with the reason', async () => {
      const { consumer, seen } = await collect(kafka, deadLetterTopic(Topics.cases));
      try {
        const broken = { ...caseSubmitted(), payload: { caseId: 'x' } };
        const key = `bad-${randomUUID()}`;
        await producer.send({ topic: Topics.cases, messages: [{ key, value: JSON.stringify(broken) }] });
        const poison = caseSubmitted();
        failures.add(poison.key);
        await producer.send({ topic: Topics.cases, messages: [{ key: poison.key, value: JSON.stringify(poison) }] });

        // Other consumers of the shared topic dead-letter these test events too: look only at this consumer's.
        const ours = (k: string) => seen.find((m) => m.key === k && m.headers['dibao-dlq-consumer'] === groupId);
        const invalid = await eventually(async () => ours(key), 30000);
        expect(invalid.headers['dibao-dlq-reason']).toMatch(/invalid case.submitted payload: householdId/);
        const failed = await eventually(async () => ours(poison.key), 30000);
        expect(failed.headers['dibao-dlq-reason']).toContain(`handler failed: cannot follow ${poison.key}`);
        expect(await followed(poison.key)).toBeUndefined();
        // The poison message did not block the partition: later events are still handled.
        const after = caseSubmitted();
        await producer.send({ topic: Topics.cases, messages: [{ key: after.key, value: JSON.stringify(after) }] });
        await eventually(() => followed(after.key));
      } finally {
        await consumer.disconnect();
      }
    });
  });
});
