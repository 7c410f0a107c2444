import { z } from 'zod';
import { envPieces } from '@dibao/platform';

const positiveInt = z.coerce.number().int().positive();

/** The case worker's environment. Invalid values stop it at boot, naming the variable. */
export const caseWorkerConfigSchema = z.object({
  SERVICE_NAME: envPieces.SERVICE_NAME.default('case-worker'),
  PORT: envPieces.PORT.default(3004),
  LOG_LEVEL: envPieces.LOG_LEVEL,
  JWT_SECRET: envPieces.JWT_SECRET,
  DATABASE_URL: envPieces.DATABASE_URL,
  KAFKA_BROKERS: envPieces.KAFKA_BROKERS,
  TEMPORAL_ADDRESS: envPieces.TEMPORAL_ADDRESS,
  TEMPORAL_NAMESPACE: envPieces.TEMPORAL_NAMESPACE,
  TEMPORAL_TASK_QUEUE: envPieces.TEMPORAL_TASK_QUEUE,
  OUTBOX_POLL_MS: envPieces.OUTBOX_POLL_MS,
  /** Base URL of the households service (e.g. http://127.0.0.1:3001); unset = no registry lookup. */
  HOUSEHOLDS_URL: z.string().url().optional(),
  /** Publicity period in calendar days, overriding the policy (default 7). */
  PUBLICITY_DAYS: positiveInt.optional(),
  /** Publicity period in milliseconds, for demos and benchmarks; overrides PUBLICITY_DAYS. */
  PUBLICITY_DURATION_MS: positiveInt.optional(),
  /** 'every-case' (the county's procedure, default) or 'after-objection' (A, 2021). */
  APPRAISAL_POLICY: z.enum(['every-case', 'after-objection']).optional(),
  /** How deadlines are counted in a year without holiday data. */
  MISSING_HOLIDAY_YEAR: z.enum(['throw', 'weekends-only']).default('weekends-only'),
  /** Concurrent workflow and activity tasks. */
  MAX_CONCURRENT_ACTIVITIES: positiveInt.default(20),
  /** Kafka consumer group for inspection.case-flagged. */
  CASE_WORKER_CONSUMER_GROUP: z.string().min(1).default('case-worker'),
  /** Workflows kept in the worker's sticky cache. */
  MAX_CACHED_WORKFLOWS: positiveInt.default(300),
});

export type CaseWorkerConfig = z.infer<typeof caseWorkerConfigSchema>;
