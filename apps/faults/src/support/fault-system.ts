import type { ChildProcess } from 'child_process';
import { randomUUID } from 'crypto';
import * as path from 'path';
import type { Role } from '@dibao/contracts';
import { signToken } from '@dibao/platform';
import { freshDatabase, testStack } from '@dibao/platform/testing';
import { assertFaultStack, emptyTopics, ROOT } from './stack';

// The launcher shared with `npm start` and the e2e tests (plain JS so it runs before anything is built).
const launcher = require(path.join(ROOT, 'tools/lib/apps.js')) as {
  APPS: AppDef[];
  startApps(opts: Record<string, unknown>): Promise<RunningApp[]>;
  stopApps(running: RunningApp[], graceMs?: number): Promise<void>;
  getJson(url: string, timeoutMs?: number): Promise<{ status: number; body?: unknown }>;
};

interface AppDef {
  name: AppName;
  port: number;
  db: Db;
}

interface RunningApp extends AppDef {
  child: ChildProcess;
  exited: { code: number | null; signal: string | null } | null;
}

export type AppName = 'case-api' | 'case-worker' | 'households' | 'payments' | 'inspections';
export type Db = 'households' | 'payments' | 'inspections' | 'cases';

export interface Health {
  status: number;
  body?: { status?: string; checks?: Record<string, { status: string; error?: string }> };
}

/**
 * The built apps (dist/, like `npm start` and the e2e tests) on the fault stack, with their usual ports shifted by
 * DIBAO_FAULTS_APP_PORT_OFFSET, fresh databases `dibao_faults_*`, their own task queue and consumer groups.
 * Unlike the e2e system, one app can be killed (SIGKILL) and started again with the very same environment.
 */
export class FaultSystem {
  private readonly running = new Map<AppName, RunningApp>();

  private constructor(
    private readonly opts: Record<string, unknown>,
    private readonly portOffset: number,
    private readonly urls: Record<Db, string>,
    readonly taskQueue: string,
    readonly groupPrefix: string,
  ) {}

  static async start(options: { apps: AppName[]; extraEnv?: Record<string, string> }): Promise<FaultSystem> {
    assertFaultStack();
    await emptyTopics();
    const runId = randomUUID().slice(0, 8);
    const dbs: Db[] = ['households', 'payments', 'inspections', 'cases'];
    const urls = Object.fromEntries(await Promise.all(dbs.map(async (db) => [db, await freshDatabase(`dibao_faults_${db}`)] as const))) as Record<Db, string>;
    const portOffset = Number(process.env['DIBAO_FAULTS_APP_PORT_OFFSET'] ?? 4000);
    const taskQueue = `dibao-cases-faults-${runId}`;
    const groupPrefix = `faults-${runId}-`;
    const opts = {
      pgBase: testStack.pgBase,
      dbPrefix: 'dibao_faults_',
      portOffset,
      kafkaBrokers: testStack.kafkaBrokers.join(','),
      temporalAddress: testStack.temporalAddress,
      temporalNamespace: testStack.temporalNamespace,
      taskQueue,
      groupPrefix,
      // As in production: a new consumer group starts at the oldest event (the suite emptied the topics).
      fromBeginning: true,
      jwtSecret: testStack.jwtSecret,
      logLevel: 'warn',
      logDir: path.join(process.env['DIBAO_LOG_DIR'] ?? path.join(ROOT, '.local/stacks/faults/logs'), 'apps'),
      extraEnv: options.extraEnv,
    };
    const system = new FaultSystem(opts, portOffset, urls, taskQueue, groupPrefix);
    await system.startApps(options.apps);
    return system;
  }

  private async startApps(names: AppName[]): Promise<void> {
    const defs = launcher.APPS.filter((a) => names.includes(a.name));
    const started = await launcher.startApps({ ...this.opts, apps: defs });
    for (const app of started) this.running.set(app.name, app);
  }

  url(app: AppName): string {
    const def = launcher.APPS.find((a) => a.name === app);
    if (!def) throw new Error(`unknown app ${app}`);
    return `http://127.0.0.1:${def.port + this.portOffset}`;
  }

  token(role: Role, township?: string): string {
    return signToken({ sub: `faults-${role}${township ? '-' + township : ''}`, role, township }, testStack.jwtSecret);
  }

  databaseUrl(db: Db): string {
    return this.urls[db];
  }

  pid(app: AppName): number | undefined {
    return this.running.get(app)?.child.pid;
  }

  /** SIGKILL: no shutdown hook runs, no transaction is finished, no Kafka/Temporal goodbye. Resolves once it is gone. */
  async kill(app: AppName): Promise<void> {
    const r = this.running.get(app);
    if (!r) throw new Error(`${app} is not running`);
    await new Promise<void>((resolve) => {
      if (r.exited || r.child.exitCode !== null || r.child.signalCode !== null) return resolve();
      r.child.once('exit', () => resolve());
      r.child.kill('SIGKILL');
    });
    this.running.delete(app);
  }

  /** Starts an app again with the same environment, and waits until its /health is 200. */
  async restart(app: AppName): Promise<void> {
    if (this.running.has(app)) throw new Error(`${app} is still running`);
    await this.startApps([app]);
  }

  /** Whether an app process is still alive (none of them should die of a PostgreSQL or Kafka outage). */
  alive(app: AppName): boolean {
    const r = this.running.get(app);
    return !!r && !r.exited && r.child.exitCode === null;
  }

  apps(): AppName[] {
    return [...this.running.keys()];
  }

  health(app: AppName): Promise<Health> {
    return launcher.getJson(`${this.url(app)}/health`, 5000) as Promise<Health>;
  }

  async stop(): Promise<void> {
    await launcher.stopApps([...this.running.values()], 5000);
    this.running.clear();
  }
}

/** fetch with a JSON body and a bearer token; returns status and parsed body (status 0 when unreachable). */
export async function call(
  method: string,
  url: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30000),
    });
  } catch (e) {
    return { status: 0, body: String(e) };
  }
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed };
}
