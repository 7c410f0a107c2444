import { z } from 'zod';

/** Thrown at boot when the environment is invalid; the message names every bad variable and its rule. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

const port = z.coerce.number().int().min(1).max(65535);
const csv = z
  .string()
  .min(1)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

/** Environment variables shared by the apps. Each app composes the pieces it needs. */
export const envPieces = {
  SERVICE_NAME: z.string().min(1),
  PORT: port,
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  JWT_SECRET: z.string().min(16, 'must be at least 16 characters'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  KAFKA_BROKERS: csv,
  TEMPORAL_ADDRESS: z.string().regex(/^[^:]+:\d+$/, 'must be host:port'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('dibao-cases'),
  /** Prepended to consumer group ids, so a second copy of the system can consume beside the first. */
  KAFKA_GROUP_PREFIX: z.string().regex(/^[\w.-]*$/).default(''),
  /** A new consumer group starts at the oldest event (default) or only at new ones. */
  KAFKA_FROM_BEGINNING: z.enum(['true', 'false']).default('true'),
  /** Milliseconds between outbox polls when idle. */
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(100),
} as const;

export function loadConfig<S extends z.ZodTypeAny>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => {
        const name = i.path.join('.');
        const value = name && env[name] === undefined ? ' (not set)' : '';
        return `${name}${value}: ${i.message}`;
      }),
    );
  }
  return result.data;
}
