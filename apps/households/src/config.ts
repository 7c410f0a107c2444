import { z } from 'zod';
import { envPieces } from '@dibao/platform';

export const householdsConfigSchema = z.object({
  SERVICE_NAME: envPieces.SERVICE_NAME.default('households'),
  PORT: envPieces.PORT.default(3001),
  LOG_LEVEL: envPieces.LOG_LEVEL,
  JWT_SECRET: envPieces.JWT_SECRET,
  DATABASE_URL: envPieces.DATABASE_URL,
  KAFKA_BROKERS: envPieces.KAFKA_BROKERS,
  OUTBOX_POLL_MS: envPieces.OUTBOX_POLL_MS,
  /** Prefix of the consumer group (`<prefix>households`), so a second copy of the stack can run beside the first. */
  KAFKA_GROUP_PREFIX: envPieces.KAFKA_GROUP_PREFIX,
  KAFKA_FROM_BEGINNING: envPieces.KAFKA_FROM_BEGINNING,
  /** Largest ledger CSV accepted by POST /households/import. */
  IMPORT_BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/, 'must look like 50mb').default('50mb'),
  /** The county office the public listing (阳光低保, A art. 24) is published under, printed on every village's page. */
  COUNTY_OFFICE_NAME: z.string().trim().min(1).max(100).default('县民政局'),
});

export type HouseholdsConfig = z.infer<typeof householdsConfigSchema>;
