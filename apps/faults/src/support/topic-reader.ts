import { randomUUID } from 'crypto';
import { kafkaClient } from './stack';

export interface WireMessage {
  partition: number;
  offset: string;
  key: string | null;
  eventId?: string;
  type?: string;
  payload?: Record<string, unknown>;
}

/**
 * Reads a whole topic back, from the oldest record to the high watermarks as they are when called, with a fresh
 * consumer group: every record on the wire, duplicates included (the suites emptied the topics first).
 */
export async function readTopic(topic: string, timeoutMs = 60000): Promise<WireMessage[]> {
  const kafka = kafkaClient(`faults-reader-${randomUUID().slice(0, 8)}`);
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  const starts = new Map<number, bigint>();
  try {
    for (const p of await admin.fetchTopicOffsets(topic)) {
      ends.set(p.partition, BigInt(p.high));
      starts.set(p.partition, BigInt(p.low));
    }
  } finally {
    await admin.disconnect();
  }
  const pending = new Set([...ends.keys()].filter((p) => (ends.get(p) ?? 0n) > (starts.get(p) ?? 0n)));
  const messages: WireMessage[] = [];
  if (pending.size === 0) return messages;

  const consumer = kafka.consumer({ groupId: `faults-reader-${randomUUID()}`, maxBytesPerPartition: 4 * 1024 * 1024 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        const end = ends.get(batch.partition) ?? 0n;
        for (const m of batch.messages) {
          const offset = BigInt(m.offset);
          if (offset >= end) continue;
          const wire: WireMessage = { partition: batch.partition, offset: m.offset, key: m.key ? m.key.toString() : null };
          try {
            const env = JSON.parse(String(m.value)) as { eventId?: string; type?: string; payload?: Record<string, unknown> };
            wire.eventId = env.eventId;
            wire.type = env.type;
            wire.payload = env.payload;
          } catch {
            // not an envelope: counted, without an event id
          }
          messages.push(wire);
          if (offset + 1n >= end) pending.delete(batch.partition);
        }
        if (pending.size === 0) done();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      finished,
      new Promise<void>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`reading ${topic}: partitions ${[...pending].join(',')} not read to their end within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

/** How often each value of `keyOf` occurs; and the values that occur more than once. */
export function tally<T>(items: T[], keyOf: (item: T) => string | undefined): { counts: Map<string, number>; duplicates: [string, number][] } {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = keyOf(item);
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return { counts, duplicates: [...counts.entries()].filter(([, n]) => n > 1) };
}

/** Waits until a consumer group has committed every partition of a topic up to its current end (it is past all). */
export async function waitForGroupAtEnd(groupId: string, topic: string, timeoutMs = 60000): Promise<void> {
  const admin = kafkaClient('faults-offsets').admin();
  await admin.connect();
  try {
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const behind = [...ends.entries()].filter(([partition, end]) => {
        const c = committed?.partitions.find((p) => p.partition === partition);
        const at = c && c.offset !== '-1' ? BigInt(c.offset) : 0n;
        return at < end;
      });
      if (behind.length === 0) return;
      if (Date.now() > deadline) throw new Error(`group ${groupId} still behind on ${topic} partitions ${behind.map(([p]) => p).join(',')} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await admin.disconnect();
  }
}
