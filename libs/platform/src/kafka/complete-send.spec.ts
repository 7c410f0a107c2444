import { Producer, RecordMetadata } from 'kafkajs';
import { attachLedger, IncompleteSendError, PartitionLedger, sendBatchCompletely } from './complete-send';

const partitionMetadata = [0, 1, 2, 3].map((partitionId) => ({ partitionId, leader: 1 + (partitionId % 3), replicas: [1, 2, 3], isr: [1, 2, 3], partitionErrorCode: 0 }));
const ack = (partition: number, errorCode = 0): RecordMetadata => ({ topicName: 't', partition, errorCode });

/** A producer double that partitions like kafkajs (the partitioner sees every message) and answers with `acks`. */
function producerAnswering(ledger: PartitionLedger, acks: (partitions: number[]) => RecordMetadata[]): Producer {
  const partition = ledger.createPartitioner();
  const fake = {
    sendBatch: async ({ topicMessages }: { topicMessages: { topic: string; messages: { key: string; value: string }[] }[] }) => {
      const used = new Set<number>();
      for (const { topic, messages } of topicMessages) for (const message of messages) used.add(partition({ topic, partitionMetadata, message }));
      return acks([...used].sort());
    },
  };
  return attachLedger(fake as unknown as Producer, ledger);
}

const batch = () => [{ topic: 't', messages: Array.from({ length: 40 }, (_, i) => ({ key: `household-${i}`, value: '{}' })) }];

describe('sendBatchCompletely (the guard against kafkajs resolving a batch with partitions unsent, issue 13)', () => {
  it('passes when every partition a message went to acknowledged', async () => {
    const ledger = new PartitionLedger();
    const producer = producerAnswering(ledger, (used) => used.map((p) => ack(p)));
    await expect(sendBatchCompletely(producer, batch())).resolves.toHaveLength(4);
  });

  it('fails, naming the partition, when an acknowledgement lacks a partition (a survivor skipped after a leader change)', async () => {
    const ledger = new PartitionLedger();
    const producer = producerAnswering(ledger, (used) => used.filter((p) => p !== 2).map((p) => ack(p)));
    const sent = sendBatchCompletely(producer, batch());
    await expect(sent).rejects.toBeInstanceOf(IncompleteSendError);
    await expect(sendBatchCompletely(producer, batch())).rejects.toThrow('t/2');
  });

  it('fails when a partition answered with an error code', async () => {
    const ledger = new PartitionLedger();
    const producer = producerAnswering(ledger, (used) => used.map((p) => ack(p, p === 0 ? 6 : 0)));
    await expect(sendBatchCompletely(producer, batch())).rejects.toThrow('t/0');
  });

  it('uses the default partitioner: the same key always goes to the same partition', () => {
    const ledger = new PartitionLedger();
    const partition = ledger.createPartitioner();
    const message = { key: 'household-7', value: '{}' };
    const first = partition({ topic: 't', partitionMetadata, message });
    expect(partition({ topic: 't', partitionMetadata, message: { ...message } })).toBe(first);
    expect(ledger.unacknowledged([{ topic: 't', messages: [message] }], [ack(first)])).toEqual([]);
  });
});
