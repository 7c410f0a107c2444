import { DataSource } from 'typeorm';
import type { Role } from '@dibao/contracts';
import { signToken } from '../auth/jwt';

/**
 * Where the real stack started by `npm run infra:up` listens, with the same defaults as infra/local/env.sh.
 * Integration tests use these; each test suite works in its own database.
 */
export const testStack = {
  pgPort: Number(process.env['DIBAO_PG_PORT'] ?? 55432),
  get pgBase(): string {
    return process.env['DIBAO_PG_URL_BASE'] ?? `postgres://dibao:dibao@127.0.0.1:${this.pgPort}`;
  },
  kafkaBrokers: (process.env['KAFKA_BROKERS'] ?? `127.0.0.1:${process.env['DIBAO_KAFKA_PORT'] ?? 9092}`).split(','),
  temporalAddress: process.env['TEMPORAL_ADDRESS'] ?? `127.0.0.1:${process.env['DIBAO_TEMPORAL_PORT'] ?? 7233}`,
  /** Tests work in their own namespace (infra/temporal/namespaces.txt), never in the running system's. */
  temporalNamespace: process.env['DIBAO_TEST_TEMPORAL_NAMESPACE'] ?? 'dibao-test',
  jwtSecret: 'test-secret-at-least-16-chars',
};

/** Drops and recreates a database so a suite starts from nothing; returns its URL. */
export async function freshDatabase(name: string): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  const admin = new DataSource({ type: 'postgres', url: `${testStack.pgBase}/postgres` });
  await admin.initialize();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.destroy();
  }
  return `${testStack.pgBase}/${name}`;
}

/** A signed token for tests. */
export function testToken(role: Role, township?: string, sub = `${role}-${township ?? 'county'}`): string {
  return signToken({ sub, role, township }, testStack.jwtSecret);
}

/** Polls until `fn` returns a truthy value or the time runs out. */
export async function eventually<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 15000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
