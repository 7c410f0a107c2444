/**
 * The long-term public listing of beneficiaries (长期公示, 阳光低保; A art. 24): per benefit (one approving case), what
 * the listing needs from the case side — the monthly amount and the counted persons — and whether the benefit is
 * still running. Pure rules; the service keeps one row per case in `public_listing`.
 *
 * Order: the case events of one benefit share a key (the case id) and so a partition, and the inbox drops a
 * redelivered event id. These rules also make an event that arrives out of order harmless, by its `occurredAt`:
 * - an end (`beneficiary.terminated`) is final for its case: nothing of that case lists it again, whatever its time
 *   (a termination that arrives before its approval leaves a tombstone the approval cannot lift);
 * - the amount is the one of the newest event that set it (`case.approved`, `beneficiary.amount-changed`);
 * - suspended / resumed apply only when newer than the state the row has.
 */
export const LISTING_STATES = ['listed', 'suspended', 'ended'] as const;
export type ListingState = (typeof LISTING_STATES)[number];

export interface ListingRow {
  caseId: string;
  householdId: string;
  /** From case.approved; null while only later events of the case have arrived. */
  approvedOn: string | null;
  /** First payment period (case.approved). */
  startPeriod: string | null;
  monthlyAmountFen: number | null;
  persons: number | null;
  /** The period the current amount applies from. */
  amountFromPeriod: string | null;
  /** occurredAt (ISO) of the event that set the amount. */
  amountAsOf: string | null;
  state: ListingState;
  /** occurredAt (ISO) of the event that set the state. */
  stateAsOf: string;
  suspendedFromPeriod: string | null;
  endedOn: string | null;
  endedFromPeriod: string | null;
}

interface EventBase {
  caseId: string;
  householdId: string;
  occurredAt: string;
}

export type ListingEvent =
  | (EventBase & { type: 'case.approved'; approvedOn: string; startPeriod: string; monthlyAmountFen: number; persons: number })
  | (EventBase & { type: 'beneficiary.amount-changed'; monthlyAmountFen: number; persons: number; fromPeriod: string })
  | (EventBase & { type: 'beneficiary.suspended'; fromPeriod: string })
  | (EventBase & { type: 'beneficiary.resumed'; fromPeriod: string })
  | (EventBase & { type: 'beneficiary.terminated'; terminatedOn: string; fromPeriod: string });

export type ListingEventType = ListingEvent['type'];

export type ListingDecision = { kind: 'write'; row: ListingRow; reason: string } | { kind: 'ignore'; reason: string };

const time = (iso: string): number => Date.parse(iso);
/** `a` is strictly older than `b` (an equal time applies: the later delivery wins). */
const older = (a: string, b: string | null): boolean => b !== null && time(a) < time(b);

function emptyRow(e: EventBase, state: ListingState): ListingRow {
  return {
    caseId: e.caseId,
    householdId: e.householdId,
    approvedOn: null,
    startPeriod: null,
    monthlyAmountFen: null,
    persons: null,
    amountFromPeriod: null,
    amountAsOf: null,
    state,
    stateAsOf: e.occurredAt,
    suspendedFromPeriod: null,
    endedOn: null,
    endedFromPeriod: null,
  };
}

/** What a case event does to the listing row of its case (`current` null: no row yet). */
export function applyListingEvent(current: ListingRow | null, e: ListingEvent): ListingDecision {
  const write = (row: ListingRow, reason: string): ListingDecision => ({ kind: 'write', row, reason });
  switch (e.type) {
    case 'case.approved': {
      const amount = { monthlyAmountFen: e.monthlyAmountFen, persons: e.persons, amountFromPeriod: e.startPeriod, amountAsOf: e.occurredAt };
      if (!current) {
        return write({ ...emptyRow(e, 'listed'), approvedOn: e.approvedOn, startPeriod: e.startPeriod, ...amount }, `case ${e.caseId} approved: listed`);
      }
      if (current.approvedOn !== null) return { kind: 'ignore', reason: `case ${e.caseId} is already listed as approved on ${current.approvedOn}` };
      // Later events of the case came first: the approval fills in its date; their amount and state stand when newer.
      const newerAmount = current.amountAsOf === null || !older(e.occurredAt, current.amountAsOf);
      return write(
        { ...current, approvedOn: e.approvedOn, startPeriod: e.startPeriod, ...(newerAmount ? amount : {}) },
        `case ${e.caseId} approved (arrived after later events of the case; state ${current.state} kept)`,
      );
    }
    case 'beneficiary.amount-changed': {
      const amount = { monthlyAmountFen: e.monthlyAmountFen, persons: e.persons, amountFromPeriod: e.fromPeriod, amountAsOf: e.occurredAt };
      if (!current) return write({ ...emptyRow(e, 'listed'), ...amount }, `amount of case ${e.caseId} set before its approval arrived`);
      if (current.state === 'ended') return { kind: 'ignore', reason: `benefit of case ${e.caseId} has ended; amount change ignored` };
      if (older(e.occurredAt, current.amountAsOf)) return { kind: 'ignore', reason: `amount change of case ${e.caseId} is older than the listed amount` };
      return write({ ...current, ...amount }, `amount of case ${e.caseId} changed from ${e.fromPeriod}`);
    }
    case 'beneficiary.suspended':
    case 'beneficiary.resumed': {
      const to: ListingState = e.type === 'beneficiary.suspended' ? 'suspended' : 'listed';
      const suspendedFromPeriod = to === 'suspended' ? e.fromPeriod : null;
      if (!current) return write({ ...emptyRow(e, to), suspendedFromPeriod }, `case ${e.caseId} ${to === 'suspended' ? 'suspended' : 'resumed'} before its approval arrived`);
      if (current.state === 'ended') return { kind: 'ignore', reason: `benefit of case ${e.caseId} has ended; ${e.type} ignored` };
      if (older(e.occurredAt, current.stateAsOf)) return { kind: 'ignore', reason: `${e.type} of case ${e.caseId} is older than the listed state` };
      return write({ ...current, state: to, stateAsOf: e.occurredAt, suspendedFromPeriod }, `case ${e.caseId} ${to === 'suspended' ? `suspended from ${e.fromPeriod}` : `resumed from ${e.fromPeriod}`}`);
    }
    case 'beneficiary.terminated': {
      const ended = { state: 'ended' as const, stateAsOf: e.occurredAt, suspendedFromPeriod: null, endedOn: e.terminatedOn, endedFromPeriod: e.fromPeriod };
      if (!current) return write({ ...emptyRow(e, 'ended'), ...ended }, `benefit of case ${e.caseId} ended before its approval arrived: never listed`);
      if (current.state === 'ended') return { kind: 'ignore', reason: `benefit of case ${e.caseId} has already ended` };
      return write({ ...current, ...ended }, `benefit of case ${e.caseId} ended on ${e.terminatedOn}: no longer listed`);
    }
  }
}

/** Whether a row appears on the listing: a running benefit (suspended ones too, marked) with a known amount. */
export function isListed(row: Pick<ListingRow, 'state' | 'monthlyAmountFen'>): boolean {
  return row.state !== 'ended' && row.monthlyAmountFen !== null;
}

/** "2027-01" → 2027年1月, "2027-Q1" → 2027年第1季度 (the listing's "since" column). */
export function periodLabel(period: string | null): string {
  if (!period) return '—';
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `${q[1]}年第${q[2]}季度`;
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  return m ? `${m[1]}年${Number(m[2])}月` : period;
}

/** "2026-12-04" → 2026年12月4日. */
export function dateLabel(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
}

const collator = new Intl.Collator('zh-Hans-CN');

/** Listing order: township, then village, then the head's name (pinyin order), then the household id. */
export function compareListingRows(
  a: { township: string; village: string; headName: string | null; householdId: string },
  b: { township: string; village: string; headName: string | null; householdId: string },
): number {
  return (
    a.township.localeCompare(b.township) ||
    collator.compare(a.village, b.village) ||
    collator.compare(a.headName ?? '', b.headName ?? '') ||
    a.householdId.localeCompare(b.householdId)
  );
}
