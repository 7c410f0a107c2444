import { Logger } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { attachLedger, PartitionLedger } from './complete-send';

/** A kafkajs client whose logs go through Nest's logger (and so the JSON logger). */
export function createKafka(clientId: string, brokers: string[]): Kafka {
  const logger = new Logger('kafkajs');
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 200, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }) => {
        const { message, ...rest } = log;
        const line = `${message} ${JSON.stringify(rest)}`;
        if (level === logLevel.ERROR) logger.error(line);
        else if (level === logLevel.WARN) logger.warn(line);
        else logger.debug(line);
      },
  });
}

/**
 * The producer every service publishes with: idempotent, one request in flight per broker, the default (murmur2)
 * partitioner recording its choices so that `sendBatchCompletely` can prove every partition acknowledged a batch.
 */
export function createIdempotentProducer(kafka: Kafka) {
  const ledger = new PartitionLedger();
  return attachLedger(
    kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: ledger.createPartitioner,
    }),
    ledger,
  );
}
