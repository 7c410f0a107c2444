/** The names (audit_actor, kept by the auth guard from OIDC tokens) of the given actor ids; ids without one are absent. */
export async function actorNames(db: { query(sql: string, params?: unknown[]): Promise<unknown> }, ids: readonly string[]): Promise<Map<string, string>> {
  const distinct = [...new Set(ids)];
  if (distinct.length === 0) return new Map();
  const rows = (await db.query(`SELECT id, name FROM audit_actor WHERE id = ANY($1::text[])`, [distinct])) as { id: string; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Adds `actorName` to each audit entry whose actor has a recorded name. */
export async function withActorNames<T extends { actorId: string }>(db: Parameters<typeof actorNames>[0], entries: T[]): Promise<(T & { actorName?: string })[]> {
  const names = await actorNames(db, entries.map((e) => e.actorId));
  return entries.map((e) => (names.has(e.actorId) ? { ...e, actorName: names.get(e.actorId)! } : e));
}
