import { decodePageToken, encodePageToken } from '../cases/page-token.util';

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The instant a stage deadline (a date) passes: 00:00 China time on the following day — the same instant the case
 * worker's timer marks the stage overdue (`overdueInstant` in apps/case-worker) and writes as `DibaoStageDeadline`.
 */
export function deadlinePassesAt(dueOn: string): Date {
  if (!LOCAL_DATE.test(dueOn)) throw new Error(`not a date: ${dueOn}`);
  return new Date(Date.parse(`${dueOn}T00:00:00Z`) + DAY_MS - CHINA_OFFSET_MS);
}

/** Which open cases a supervision list or count is about. */
export type SupervisedKind = 'open' | 'overdue' | 'stalled';

/**
 * SQL predicates over `supervised_case`, with `$now`, `$deadlineBefore` and `$startedBefore` replaced by the caller's
 * parameter numbers. Overdue: the workflow's mark (stage or whole case) or a stage deadline already past (marked or
 * not yet swept). Stalled: the stage deadline passed more than the grace days ago, or the case has been open too long.
 */
export function supervisionPredicates(p: { now: string; deadlineBefore: string; startedBefore: string }) {
  return {
    overdue: `(stage_overdue_marked OR stage_overdue_at <= ${p.now} OR overall_overdue_at IS NOT NULL)`,
    stalled: `(stage_overdue_at < ${p.deadlineBefore} OR coalesce(submitted_at, nullif(stage_entered_at, '-infinity')) < ${p.startedBefore})`,
  };
}

/**
 * The keyset of the supervision lists: most overdue first (earliest deadline; none = 'infinity', last), then the
 * longest waiting in the stage, then the case id. The values are PostgreSQL's own text of the timestamps, so a
 * page boundary is exact to the microsecond and 'infinity'/'-infinity' survive the round trip.
 */
export interface ListKey {
  overdueAt: string;
  enteredAt: string;
  caseId: string;
}

const KEY_TEXT = /^[0-9A-Za-z:+.\- ]{1,64}$/;

/** The list's page token: the last row's keyset, JSON, HMAC-signed like the case list's Temporal tokens. */
export function encodeListToken(key: ListKey, secret: string): string {
  return encodePageToken(Buffer.from(JSON.stringify([key.overdueAt, key.enteredAt, key.caseId])), secret);
}

/** The keyset of a token this API issued, or undefined (forged, altered, or a token of another list). */
export function decodeListToken(token: string, secret: string): ListKey | undefined {
  const raw = decodePageToken(token, secret);
  if (!raw) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw).toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((x) => typeof x === 'string')) return undefined;
  const [overdueAt, enteredAt, caseId] = parsed as string[];
  if (!KEY_TEXT.test(overdueAt) || !KEY_TEXT.test(enteredAt) || caseId.length < 1 || caseId.length > 128) return undefined;
  return { overdueAt, enteredAt, caseId };
}
