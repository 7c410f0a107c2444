/**
 * One step in a record's history, the shape every service answers its audit read with
 * (`GET …/{id}/history`: households, enrolments, batches, rectification orders; a case's timeline says the same
 * per step): what happened, what it changed, who did it and when. Oldest first.
 */
export interface AuditEntry {
  /** Unique within the record's history (a row id or a step key). */
  id: string;
  /** The kind of record or part of it: household, member, income, enrolment, batch, rectification-order… */
  entity: string;
  entityId: string;
  /** What happened: registered, adjusted, approved, released, reopened… */
  action: string;
  /** The values the step set (amounts in fen, dates YYYY-MM-DD), or a note. */
  changes: Record<string, unknown>;
  /** The token subject (a staff account) or a service name for `system`. */
  actorId: string;
  actorRole: string;
  /** The person's name, when their identity provider's token carried one (OIDC). */
  actorName?: string;
  /** ISO 8601 timestamp. */
  at: string;
}

/** A case's history entries (its view's `history`) in the audit shape. */
export function caseAuditEntries(
  caseId: string,
  history: readonly { seq: number; at: string; actor: { id: string; role: string; name?: string }; action: string; stage: string; summary: string; details?: Record<string, unknown> }[],
): AuditEntry[] {
  return history.map((h) => ({
    id: String(h.seq),
    entity: 'case',
    entityId: caseId,
    action: h.action,
    changes: { stage: h.stage, summary: h.summary, ...(h.details ?? {}) },
    actorId: h.actor.id,
    actorRole: h.actor.role,
    ...(h.actor.name ? { actorName: h.actor.name } : {}),
    at: h.at,
  }));
}

/** A beneficiary's timeline (its view's `timeline`) in the audit shape. */
export function beneficiaryAuditEntries(
  householdId: string,
  timeline: readonly { at: string; by: { id: string; role: string; name?: string }; action: string; summary: string; details?: Record<string, unknown> }[],
): AuditEntry[] {
  return timeline.map((t, i) => ({
    id: String(i + 1),
    entity: 'beneficiary',
    entityId: householdId,
    action: t.action,
    changes: { summary: t.summary, ...(t.details ?? {}) },
    actorId: t.by.id,
    actorRole: t.by.role,
    ...(t.by.name ? { actorName: t.by.name } : {}),
    at: t.at,
  }));
}
