import { Client } from 'pg';
import { testStack } from '@dibao/platform/testing';

/** Row count and checksum of one table: `db.table` → { rows, md5 }. */
export type Snapshot = Record<string, { rows: number; md5: string | null }>;

const SKIP_TABLES = new Set(['migrations', 'typeorm_metadata']);

async function withClient<T>(db: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: `${testStack.pgBase}/${db}` });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function e2eDatabases(prefix = 'dibao_e2e_'): Promise<string[]> {
  return withClient('postgres', async (c) => {
    const r = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY datname`, [`${prefix}%`]);
    return r.rows.map((x) => x.datname);
  });
}

/** Every table of every database (except migrations): row count and md5 over the rows ordered by primary key. */
export async function snapshot(dbs: string[]): Promise<Snapshot> {
  const out: Snapshot = {};
  for (const db of dbs) {
    await withClient(db, async (c) => {
      const tables = await c.query<{ schema: string; name: string }>(
        `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
          WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
      );
      for (const t of tables.rows) {
        if (SKIP_TABLES.has(t.name)) continue;
        const pk = await c.query<{ col: string }>(
          `SELECT a.attname AS col FROM pg_index i
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
          [`"${t.schema}"."${t.name}"`],
        );
        const order = pk.rows.length ? pk.rows.map((r) => `t."${r.col}"`).join(', ') : 't::text';
        const r = await c.query<{ rows: string; md5: string | null }>(
          `SELECT count(*) AS rows, md5(string_agg(t::text, E'\\n' ORDER BY ${order})) AS md5 FROM "${t.schema}"."${t.name}" t`,
        );
        out[`${db}.${t.schema === 'public' ? '' : t.schema + '.'}${t.name}`] = { rows: Number(r.rows[0]!.rows), md5: r.rows[0]!.md5 };
      }
    });
  }
  return out;
}

export function diffSnapshots(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[key];
    const b = after[key];
    if (!a) out.push(`${key}: table appeared (${b!.rows} rows)`);
    else if (!b) out.push(`${key}: table disappeared (had ${a.rows} rows)`);
    else if (a.rows !== b.rows) out.push(`${key}: ${a.rows} → ${b.rows} rows`);
    else if (a.md5 !== b.md5) out.push(`${key}: same ${a.rows} rows, contents changed (md5 ${a.md5?.slice(0, 8)} → ${b.md5?.slice(0, 8)})`);
  }
  return out;
}

/** Waits until two snapshots a second apart agree (outbox relays done, consumers idle). */
export async function settledSnapshot(dbs: string[], timeoutMs = 30000): Promise<{ snap: Snapshot; unsettled: string[] }> {
  const deadline = Date.now() + timeoutMs;
  let prev = await snapshot(dbs);
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const next = await snapshot(dbs);
    const d = diffSnapshots(prev, next);
    if (!d.length) return { snap: next, unsettled: [] };
    if (Date.now() > deadline) return { snap: next, unsettled: d };
    prev = next;
  }
}

/** Rows in every outbox table, and how many are not yet published. */
export async function outboxCounts(dbs: string[]): Promise<Record<string, { rows: number; pending: number }>> {
  const out: Record<string, { rows: number; pending: number }> = {};
  for (const db of dbs) {
    await withClient(db, async (c) => {
      const has = await c.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'outbox' AND table_schema = 'public'`);
      if (!has.rowCount) return;
      const r = await c.query<{ rows: string; pending: string }>(`SELECT count(*) AS rows, count(*) FILTER (WHERE published_at IS NULL) AS pending FROM outbox`);
      out[db] = { rows: Number(r.rows[0]!.rows), pending: Number(r.rows[0]!.pending) };
    });
  }
  return out;
}

/** Events each database's inbox holds: `db` → ["topic event_type event_id"]. */
export async function inboxEvents(dbs: string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const db of dbs) {
    await withClient(db, async (c) => {
      const has = await c.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'inbox' AND table_schema = 'public'`);
      if (!has.rowCount) return;
      const r = await c.query<{ e: string }>(`SELECT topic || ' ' || event_type || ' ' || event_id AS e FROM inbox ORDER BY handled_at`);
      out[db] = r.rows.map((x) => x.e);
    });
  }
  return out;
}
