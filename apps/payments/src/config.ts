import { z } from 'zod';
import { envPieces } from '@dibao/platform';

export const paymentsConfigSchema = z.object({
  SERVICE_NAME: envPieces.SERVICE_NAME.default('payments'),
  PORT: envPieces.PORT.default(3002),
  LOG_LEVEL: envPieces.LOG_LEVEL,
  JWT_SECRET: envPieces.JWT_SECRET,
  DATABASE_URL: envPieces.DATABASE_URL,
  KAFKA_BROKERS: envPieces.KAFKA_BROKERS,
  OUTBOX_POLL_MS: envPieces.OUTBOX_POLL_MS,
  /** Read by the platform's consumer: group `<prefix><PAYMENTS_CONSUMER_GROUP>`, and where a new group starts. */
  KAFKA_GROUP_PREFIX: envPieces.KAFKA_GROUP_PREFIX,
  KAFKA_FROM_BEGINNING: envPieces.KAFKA_FROM_BEGINNING,
  /** Consumer group for case events. */
  PAYMENTS_CONSUMER_GROUP: z.string().min(1).default('payments'),
  /** Database connections (the payroll run uses one per township chunk). */
  PAYMENTS_DB_POOL: z.coerce.number().int().min(2).max(100).default(10),
  /** Largest bank return file accepted, e.g. '20mb'. */
  PAYMENTS_RETURN_FILE_LIMIT: z.string().regex(/^\d+(kb|mb)$/, 'must be like 512kb or 20mb').default('20mb'),
  /** How often batches not released by the 10th are flagged (B art. 31), in ms; 0 turns the sweep off. */
  PAYMENTS_LATE_SWEEP_MS: z.coerce.number().int().min(0).max(86_400_000).default(3_600_000),
});

export type PaymentsConfig = z.infer<typeof paymentsConfigSchema>;
