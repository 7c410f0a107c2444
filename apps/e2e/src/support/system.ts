import { randomUUID } from 'crypto';
import * as path from 'path';
import type { Role } from '@dibao/contracts';
import { signToken } from '@dibao/platform';
import { freshDatabase, testStack } from '@dibao/platform/testing';

// The launcher shared with `npm start` (plain JS so it runs before anything is built).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const launcher = require(path.join(__dirname, '../../../../tools/lib/apps.js')) as {
  APPS: { name: string; port: number; db: string }[];
  startApps(opts: Record<string, unknown>): Promise<RunningApp[]>;
  stopApps(running: RunningApp[]): Promise<void>;
};

interface RunningApp {
  name: string;
  port: number;
}

export type AppName = 'case-api' | 'case-worker' | 'households' | 'payments' | 'inspections';

/**
 * A second copy of the whole system, built from dist/, beside whatever `npm start` runs: ports +1000 (PORT_OFFSET), its own
 * databases (dibao_e2e_*), its own Temporal task queue and consumer groups, consuming only new events.
 */
export interface System {
  url(app: AppName): string;
  token(role: Role, township?: string): string;
  taskQueue: string;
  /** What the apps' ports are shifted by (1000, or DIBAO_E2E_APP_PORT_OFFSET): for helpers that build their own URLs. */
  portOffset: number;
  /** Prepended to every app's consumer group id. */
  groupPrefix: string;
  databaseUrl(db: 'households' | 'payments' | 'inspections' | 'cases'): string;
  stop(): Promise<void>;
}

/**
 * The apps' ports are their usual ones + this: 1000 (4000-4004), or DIBAO_E2E_APP_PORT_OFFSET (e.g. 2000, to run the
 * e2e tests on the production stack beside an e2e run on the dev stack; tools/lib/apps.js refuses ports in use).
 */
const PORT_OFFSET = Number(process.env['DIBAO_E2E_APP_PORT_OFFSET'] ?? 1000);

export async function startSystem(options: { apps?: AppName[]; extraEnv?: Record<string, string> } = {}): Promise<System> {
  const runId = randomUUID().slice(0, 8);
  const dbs = ['households', 'payments', 'inspections', 'cases'] as const;
  const urls = Object.fromEntries(await Promise.all(dbs.map(async (db) => [db, await freshDatabase(`dibao_e2e_${db}`)] as const)));
  const taskQueue = `dibao-cases-e2e-${runId}`;
  const groupPrefix = `e2e-${runId}-`;
  const jwtSecret = testStack.jwtSecret;
  const apps = launcher.APPS.filter((a) => !options.apps || options.apps.includes(a.name as AppName));
  const running = await launcher.startApps({
    apps,
    pgBase: testStack.pgBase,
    dbPrefix: 'dibao_e2e_',
    portOffset: PORT_OFFSET,
    kafkaBrokers: testStack.kafkaBrokers.join(','),
    temporalAddress: testStack.temporalAddress,
    temporalNamespace: testStack.temporalNamespace,
    taskQueue,
    groupPrefix,
    fromBeginning: false,
    jwtSecret,
    logLevel: 'warn',
    // the stack's log folder when infra/local/env.sh was sourced (the production stack's), else .local/logs
    logDir: path.join(process.env['DIBAO_LOG_DIR'] ?? path.join(__dirname, '../../../../.local/logs'), 'e2e'),
    extraEnv: options.extraEnv,
  });
  return {
    url: (app) => {
      const def = launcher.APPS.find((a) => a.name === app);
      if (!def) throw new Error(`unknown app ${app}`);
      return `http://127.0.0.1:${def.port + PORT_OFFSET}`;
    },
    token: (role, township) => signToken({ sub: `e2e-${role}${township ? '-' + township : ''}`, role, township }, jwtSecret),
    taskQueue,
    portOffset: PORT_OFFSET,
    groupPrefix,
    databaseUrl: (db) => urls[db]!,
    stop: () => launcher.stopApps(running),
  };
}

/** fetch with a JSON body and a bearer token; returns status and parsed body. */
export async function call(
  method: string,
  url: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(url, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed };
}
