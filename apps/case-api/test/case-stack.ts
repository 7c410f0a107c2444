import { INestApplication } from '@nestjs/common';
import * as path from 'path';
import { Client, Connection } from '@temporalio/client';
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
/** The case worker's settings function (what a beneficiary workflow started by hand needs in its input). */
export const caseSettings = (require(path.join(repoRoot, 'apps/case-worker/src/case-settings')) as { caseSettings(overrides: object): unknown }).caseSettings;

export interface CaseStack {
  api: INestApplication;
  /** A client on the test namespace. */
  client: Client;
  /** Ends the workflows still running on the task queue (nobody polls it afterwards), then stops everything. */
  stop(reason: string): Promise<void>;
}

export async function startCaseStack(o: { database: string; workerPort: number; taskQueue: string; workerEnv?: Record<string, string> }): Promise<CaseStack> {
  const databaseUrl = await freshDatabase(o.database);
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
      ...(o.workerEnv ?? {}),
    }),
  );
  const workerRun = worker.worker.run();
  const api = await buildApp(
    caseApiConfigSchema.parse({
      SERVICE_NAME: 'case-api-it',
      LOG_LEVEL: 'warn',
      JWT_SECRET: testStack.jwtSecret,
      TEMPORAL_ADDRESS: testStack.temporalAddress,
      TEMPORAL_NAMESPACE: testStack.temporalNamespace,
      TEMPORAL_TASK_QUEUE: o.taskQueue,
    }),
  );
  await api.init();
  const client = new Client({ connection: await Connection.connect({ address: testStack.temporalAddress }), namespace: testStack.temporalNamespace });
  return {
    api,
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
    },
  };
}
