import { z } from 'zod';
import { envPieces } from '@dibao/platform';
import { DEFAULT_BENEFICIARY_SETTINGS } from '@dibao/contracts';
import { DEFAULT_POLICY } from '@dibao/domain';

const positiveInt = z.coerce.number().int().positive();
const months = z.coerce.number().int().min(1).max(36);
const days = z.coerce.number().int().min(1).max(731);

/** The gradual exit may not exceed the policy's maximum (A: 6 months) on any date the policy covers. */
const GRADUAL_EXIT_MAX = Math.min(...DEFAULT_POLICY.gradualExitMaxMonths.map((e) => e.value));

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
  KAFKA_GROUP_PREFIX: envPieces.KAFKA_GROUP_PREFIX,
  KAFKA_FROM_BEGINNING: envPieces.KAFKA_FROM_BEGINNING,
  /** Base URL of the households service (e.g. http://127.0.0.1:3001); unset = no registry lookup. */
  HOUSEHOLDS_URL: z.string().url().optional(),
  /** Publicity period in calendar days, overriding the policy (default 7). */
  PUBLICITY_DAYS: positiveInt.optional(),
  /** Publicity period in milliseconds, for demos and benchmarks; overrides PUBLICITY_DAYS. */
  PUBLICITY_DURATION_MS: positiveInt.optional(),
  /** 'every-case' (the county's procedure, default) or 'after-objection' (A, 2021). */
  APPRAISAL_POLICY: z.enum(['every-case', 'after-objection']).optional(),
  /**
   * How deadlines are counted in a year without holiday data: 'provisional' (weekends and fixed-date statutory
   * holidays, the deadline marked provisional); 'weekends-only' is read as 'provisional' by new cases.
   */
  MISSING_HOLIDAY_YEAR: z.enum(['throw', 'weekends-only', 'provisional']).default('provisional'),
  /** Concurrent workflow and activity tasks. */
  MAX_CONCURRENT_ACTIVITIES: positiveInt.default(20),
  /** Kafka consumer group for inspection.case-flagged and standard.raised. */
  CASE_WORKER_CONSUMER_GROUP: z.string().min(1).default('case-worker'),
  /** Workflows kept in the worker's sticky cache. */
  MAX_CACHED_WORKFLOWS: positiveInt.default(300),

  // ---- dynamic management after approval (each beneficiary workflow gets them in its input) ----
  /** Review interval of a stable household, months (A art. 31: 12); overrides the policy for every date. */
  BENEFICIARY_STABLE_REVIEW_MONTHS: months.optional(),
  /** Review interval of a household with irregular income and a member able to work, months (A art. 31: 6). */
  BENEFICIARY_IRREGULAR_REVIEW_MONTHS: months.optional(),
  /** A death is reviewed within this many months of it (3). */
  BENEFICIARY_DEATH_REVIEW_MONTHS: months.optional(),
  /** Months of continued payment in a gradual exit (渐退期), 1 to the policy's maximum (6). */
  BENEFICIARY_GRADUAL_EXIT_MONTHS: z.coerce.number().int().min(1).max(GRADUAL_EXIT_MAX).default(DEFAULT_BENEFICIARY_SETTINGS.gradualExitMonths),
  /** Calendar days a periodic or campaign review has from its due date before it is overdue. */
  BENEFICIARY_REVIEW_WINDOW_DAYS: days.default(DEFAULT_BENEFICIARY_SETTINGS.reviewWindowDays),
  /** Calendar days a special review (change of circumstances, inspection finding) has before it is overdue. */
  BENEFICIARY_SPECIAL_REVIEW_DAYS: days.default(DEFAULT_BENEFICIARY_SETTINGS.specialReviewDays),
  /** Calendar days from one village re-appraisal (民主评议) to the next; the next is overdue the day after. */
  BENEFICIARY_REAPPRAISAL_INTERVAL_DAYS: days.default(DEFAULT_BENEFICIARY_SETTINGS.reappraisalIntervalDays),
  /** A beneficiary run continues as new once its history has this many events. */
  BENEFICIARY_MAX_HISTORY_EVENTS: z.coerce.number().int().min(200).max(40_000).default(DEFAULT_BENEFICIARY_SETTINGS.maxHistoryEvents),
  /** Refusals of suitable work in a row, without good reason, that stop a member's own share (DOMAIN.md: 3). */
  JOB_OFFER_REFUSAL_LIMIT: z.coerce.number().int().min(1).max(12).optional(),
  /** A raised standard reaches the beneficiaries in batches of this size ... */
  STANDARD_RAISE_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  /** ... with this pause between batches, ms (throttling, like review campaigns). */
  STANDARD_RAISE_PAUSE_MS: z.coerce.number().int().min(0).max(600_000).default(500),
});

export type CaseWorkerConfig = z.infer<typeof caseWorkerConfigSchema>;
