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
  /** ISO 8601 timestamp. */
  at: string;
}
