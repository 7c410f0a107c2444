import { z } from 'zod';
import { envPieces } from '@dibao/platform';
import { supervisionConfigPieces } from './supervision/supervision.config';

/** case-api's environment. Temporal is the store of cases; the supervision feed has its own small database (supervision.config.ts). */
export const caseApiConfigSchema = z.object({
  SERVICE_NAME: envPieces.SERVICE_NAME.default('case-api'),
  PORT: envPieces.PORT.default(3000),
  LOG_LEVEL: envPieces.LOG_LEVEL,
  JWT_SECRET: envPieces.JWT_SECRET,
  TEMPORAL_ADDRESS: envPieces.TEMPORAL_ADDRESS,
  TEMPORAL_NAMESPACE: envPieces.TEMPORAL_NAMESPACE,
  TEMPORAL_TASK_QUEUE: envPieces.TEMPORAL_TASK_QUEUE,
  /** How long a step may wait for the workflow before the API answers 503. */
  STEP_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(20_000),
  /**
   * The households service: a new application's township and scheme are the registered household's (also read by
   * the work report). Unreachable: POST /cases answers 503 and starts nothing.
   */
  HOUSEHOLDS_URL: z.string().url().default('http://127.0.0.1:3001'),
  /** How long a household look-up may take before POST /cases answers 503. */
  HOUSEHOLDS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  ...supervisionConfigPieces,
});

export type CaseApiConfig = z.infer<typeof caseApiConfigSchema>;
