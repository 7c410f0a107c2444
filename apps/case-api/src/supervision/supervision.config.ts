import { z } from 'zod';
import { envPieces } from '@dibao/platform';

const list = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x.length > 0))
  .pipe(z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'township codes are letters, digits, _ or -')).min(1));

const TOWNSHIPS_T01_T32 = Array.from({ length: 32 }, (_, i) => `T${String(i + 1).padStart(2, '0')}`).join(',');

/**
 * case-api's supervision, report and dashboard settings. Supervision reads the case events it projects into its own
 * database: without DATABASE_URL and KAFKA_BROKERS it is off (503) and the case routes (Temporal) still work.
 */
export const supervisionConfigPieces = {
  /** The launcher's `…/dibao_cases` (the case worker's): supervision derives its own database from it. */
  DATABASE_URL: envPieces.DATABASE_URL.optional(),
  /** Explicit database of the alert feed; default: DATABASE_URL with `cases` → `supervision` (dibao_supervision). */
  SUPERVISION_DATABASE_URL: envPieces.DATABASE_URL.optional(),
  KAFKA_BROKERS: envPieces.KAFKA_BROKERS.optional(),
  KAFKA_GROUP_PREFIX: envPieces.KAFKA_GROUP_PREFIX,
  KAFKA_FROM_BEGINNING: envPieces.KAFKA_FROM_BEGINNING,
  SUPERVISION_CONSUMER_GROUP: z.string().regex(/^[\w.-]+$/).default('case-api-supervision'),
  /** The county's townships: the overview has a row for each (also with no open case) and counts only these. */
  SUPERVISION_TOWNSHIPS: list.default(TOWNSHIPS_T01_T32),
  /** A case is stalled when its stage deadline passed more than this many days ago… */
  SUPERVISION_STALLED_DAYS: z.coerce.number().int().min(0).max(365).default(3),
  /** …or when it has been open longer than this many days (30 working days ≈ 42 calendar days). */
  SUPERVISION_STALLED_CASE_DAYS: z.coerce.number().int().min(1).max(3650).default(42),
  /** Seconds an overview is served again before it is counted anew (0: always fresh). */
  SUPERVISION_OVERVIEW_CACHE_S: z.coerce.number().int().min(0).max(3600).default(5),
  /** Where the work report reads its figures (the launcher sets these; HOUSEHOLDS_URL is in config.ts). */
  PAYMENTS_URL: z.string().url().default('http://127.0.0.1:3002'),
  INSPECTIONS_URL: z.string().url().default('http://127.0.0.1:3003'),
  /** Debian's chromium, for the PDF export of the work report. */
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
};

/** The alert feed's database: explicit, or the launcher's DATABASE_URL with its `cases` database name → `supervision`. */
export function supervisionDatabaseUrl(config: { DATABASE_URL?: string; SUPERVISION_DATABASE_URL?: string }): string | undefined {
  if (config.SUPERVISION_DATABASE_URL) return config.SUPERVISION_DATABASE_URL;
  if (!config.DATABASE_URL) return undefined;
  const url = new URL(config.DATABASE_URL);
  const name = url.pathname.replace(/^\//, '');
  url.pathname = '/' + (name.endsWith('cases') ? `${name.slice(0, -'cases'.length)}supervision` : `${name}_supervision`);
  return url.toString();
}
