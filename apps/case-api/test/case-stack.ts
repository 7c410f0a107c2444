import { DynamicModule, INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AddressInfo } from 'net';
import * as path from 'path';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { createHttpApp } from '@dibao/platform';
import { freshDatabase, testStack } from '@dibao/platform/testing';
import { buildApp } from '../src/app';
import { caseApiConfigSchema } from '../src/config';

/*
 * case-api with the real case worker behind it (its workflows, activities, outbox and relay) in this process, on a
 * task queue of its own, against the real Temporal, PostgreSQL and Kafka. The worker is loaded by path: the API's
 * behaviour is only meaningful with the real workflow behind it, and apps do not import each other.
 */

interface CaseWorkerHandle {
  http: INestApplication;
  worker: { run(): Promise<void>; shutdown(): void };
  connection: { close(): Promise<void> };
}

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const caseWorkerApp = require(path.join(repoRoot, 'apps/case-worker/src/app')) as { buildApp(config: unknown): Promise<CaseWorkerHandle> };
const caseWorkerConfig = require(path.join(repoRoot, 'apps/case-worker/src/config')) as {
  caseWorkerConfigSchema: { parse(env: Record<string, string>): unknown };
};
const householdsAppModule = require(path.join(repoRoot, 'apps/households/src/app.module')) as { AppModule: { forRoot(config: unknown): DynamicModule } };
const householdsConfig = require(path.join(repoRoot, 'apps/households/src/config')) as {
  householdsConfigSchema: { parse(env: Record<string, string>): unknown };
};
/** The case worker's settings function (what a beneficiary workflow started by hand needs in its input). */
export const caseSettings = (require(path.join(repoRoot, 'apps/case-worker/src/case-settings')) as { caseSettings(overrides: object): unknown }).caseSettings;

export interface CaseStack {
  api: INestApplication;
  /** The real households service (when asked for), listening on a free port: POST /cases reads households from it. */
  households?: INestApplication;
  /** A client on the test namespace. */
  client: Client;
  /** Ends the workflows still running on the task queue (nobody polls it afterwards), then stops everything. */
  stop(reason: string): Promise<void>;
}

/**
 * The real households app on its own fresh database, listening on a free port, with `townships` added to its
 * reference data (the migration seeds T01…T32; suites use townships of their own). Without its Kafka consumer of
 * dibao.cases.v1 (as bench/households-server.js): a consuming copy would dead-letter every other suite's case events
 * for households it does not hold; case-api's checks need only its HTTP read.
 */
async function startHouseholds(database: string, townships: string[]): Promise<{ app: INestApplication; url: string }> {
  const config = householdsConfig.householdsConfigSchema.parse({
    SERVICE_NAME: 'households-for-case-api-it',
    LOG_LEVEL: 'warn',
    JWT_SECRET: testStack.jwtSecret,
    DATABASE_URL: await freshDatabase(database),
    KAFKA_BROKERS: testStack.kafkaBrokers.join(','),
    OUTBOX_POLL_MS: '200',
  });
  const app = await createHttpApp(householdsAppModule.AppModule.forRoot(config), {
    serviceName: 'households-for-case-api-it',
    logLevel: 'warn',
    openapi: { title: 'households (case-api tests)', description: 'the households app without its Kafka consumer' },
  });
  await app.listen(0, '127.0.0.1');
  const ds = app.get<DataSource>(getDataSourceToken());
  for (const code of townships) {
    await ds.query(`INSERT INTO township (code, name, changed_by) VALUES ($1, $2, 'case-api-it') ON CONFLICT (code) DO NOTHING`, [code, `测试乡 ${code}`]);
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

/** case-api alone (initialised, not listening) on the test namespace and `taskQueue`, reading households at `householdsUrl`. */
export async function buildCaseApi(taskQueue: string, householdsUrl: string): Promise<INestApplication> {
  const api = await buildApp(
    caseApiConfigSchema.parse({
      SERVICE_NAME: 'case-api-it',
      LOG_LEVEL: 'warn',
      JWT_SECRET: testStack.jwtSecret,
      TEMPORAL_ADDRESS: testStack.temporalAddress,
      TEMPORAL_NAMESPACE: testStack.temporalNamespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      HOUSEHOLDS_URL: householdsUrl,
      HOUSEHOLDS_TIMEOUT_MS: '3000',
    }),
  );
  await api.init();
  return api;
}

export async function startCaseStack(o: {
  database: string;
  workerPort: number;
  taskQueue: string;
  workerEnv?: Record<string, string>;
  /** Start the real households service on database `database`, knowing `townships` besides T01…T32. */
  households?: { database: string; townships: string[] };
}): Promise<CaseStack> {
  const databaseUrl = await freshDatabase(o.database);
  const households = o.households ? await startHouseholds(o.households.database, o.households.townships) : undefined;
  // Without a households service POST /cases answers 503 (a closed port): suites that submit cases ask for one.
  const householdsUrl = households?.url ?? 'http://127.0.0.1:9';
  const worker = await caseWorkerApp.buildApp(
    caseWorkerConfig.caseWorkerConfigSchema.parse({
      SERVICE_NAME: 'case-worker-it',
      PORT: String(o.workerPort),
      LOG_LEVEL: 'warn',
      JWT_SECRET: testStack.jwtSecret,
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: testStack.kafkaBrokers.join(','),
      TEMPORAL_ADDRESS: testStack.temporalAddress,
      TEMPORAL_NAMESPACE: testStack.temporalNamespace,
      TEMPORAL_TASK_QUEUE: o.taskQueue,
      OUTBOX_POLL_MS: '50',
      ...(households ? { HOUSEHOLDS_URL: households.url } : {}),
      ...(o.workerEnv ?? {}),
    }),
  );
  const workerRun = worker.worker.run();
  const api = await buildCaseApi(o.taskQueue, householdsUrl);
  const client = new Client({ connection: await Connection.connect({ address: testStack.temporalAddress }), namespace: testStack.temporalNamespace });
  return {
    api,
    ...(households ? { households: households.app } : {}),
    client,
    async stop(reason: string) {
      for await (const w of client.workflow.list({ query: `TaskQueue = '${o.taskQueue}' AND ExecutionStatus = 'Running'` })) {
        await client.workflow.getHandle(w.workflowId).terminate(reason).catch(() => undefined);
      }
      await client.connection.close();
      await api.close();
      worker.worker.shutdown();
      await workerRun;
      await worker.http.close();
      await worker.connection.close();
      await households?.app.close();
    },
  };
}
