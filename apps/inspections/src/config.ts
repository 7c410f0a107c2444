import { z } from 'zod';
import { envPieces } from '@dibao/platform';

export const inspectionsConfigSchema = z.object({
  SERVICE_NAME: envPieces.SERVICE_NAME.default('inspections'),
  PORT: envPieces.PORT.default(3003),
  LOG_LEVEL: envPieces.LOG_LEVEL,
  JWT_SECRET: envPieces.JWT_SECRET,
  DATABASE_URL: envPieces.DATABASE_URL,
  KAFKA_BROKERS: envPieces.KAFKA_BROKERS,
  KAFKA_GROUP_PREFIX: envPieces.KAFKA_GROUP_PREFIX,
  KAFKA_FROM_BEGINNING: envPieces.KAFKA_FROM_BEGINNING,
  OUTBOX_POLL_MS: envPieces.OUTBOX_POLL_MS,
  /** Consumer group for dibao.cases.v1 (and the inbox's consumer name). */
  INSPECTIONS_CONSUMER_GROUP: z.string().min(1).default('inspections'),
  /** Milliseconds between automatic overdue sweeps of rectification orders; 0 turns the scheduler off. */
  INSPECTIONS_OVERDUE_SWEEP_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
});

export type InspectionsConfig = z.infer<typeof inspectionsConfigSchema>;
