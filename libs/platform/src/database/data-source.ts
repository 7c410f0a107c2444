import { DataSource, DataSourceOptions, MigrationInterface } from 'typeorm';
import { InboxRecord } from '../inbox/inbox.entity';
import { OutboxRecord } from '../outbox/outbox.entity';
import { CreateAuditActors1765900000000 } from './audit-actors.migration';
import { CreateOutboxAndInbox1764400000000 } from './platform-tables.migration';

/** An entity class (decorated with @Entity). */
export type EntityClass = abstract new (...args: never[]) => unknown;
export type MigrationClass = new () => MigrationInterface;

/**
 * Postgres options for one service's own database. Schemas change only through migrations
 * (`synchronize` is off); the platform's outbox and inbox tables come first, its audit_actor table last.
 */
export function postgresOptions(opts: {
  url: string;
  entities: EntityClass[];
  migrations: MigrationClass[];
  poolSize?: number;
  runMigrations?: boolean;
}): DataSourceOptions {
  return {
    type: 'postgres',
    url: opts.url,
    entities: [OutboxRecord, InboxRecord, ...opts.entities],
    migrations: [CreateOutboxAndInbox1764400000000, ...opts.migrations, CreateAuditActors1765900000000],
    migrationsTableName: 'migrations',
    migrationsRun: opts.runMigrations ?? true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    extra: { max: opts.poolSize ?? 10, application_name: process.env['SERVICE_NAME'] ?? 'dibao' },
  };
}

/** Creates the database named in `url` if it does not exist (used by tests and the demo loader). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.replace(/^\//, '');
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`refusing odd database name ${name}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const ds = new DataSource({ type: 'postgres', url: admin.toString() });
  await ds.initialize();
  try {
    const rows: unknown[] = await ds.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rows.length === 0) {
      try {
        await ds.query(`CREATE DATABASE ${name}`);
      } catch (e) {
        // Another process created it between the check and the create.
        if (!String(e).includes('already exists')) throw e;
      }
    }
  } finally {
    await ds.destroy();
  }
}
