import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Kafka, logLevel } from 'kafkajs';
import { ALL_TOPICS, deadLetterTopic } from '@dibao/contracts';
import { testStack } from '@dibao/platform/testing';

export const ROOT = path.resolve(__dirname, '../../../..');

/** The default stack's ports: the fault tests stop Kafka and PostgreSQL, so they must never point at these. */
const SHARED_PORTS = { DIBAO_PG_PORT: '55432', DIBAO_KAFKA_PORT: '9092', DIBAO_TEMPORAL_PORT: '7233' } as const;

/**
 * Refuses to run unless the environment is the fault stack's (`source apps/faults/stack-env.sh`, which
 * `npm run test:faults` does): its own state folder and ports other than the shared stack's. Everything the tests
 * reach (testStack of @dibao/platform/testing, the infra scripts they call) reads the same environment.
 */
export function assertFaultStack(): void {
  const env = process.env;
  const problems: string[] = [];
  if (env['DIBAO_FAULTS_STACK'] !== '1') problems.push('DIBAO_FAULTS_STACK is not 1');
  const state = env['DIBAO_STATE_DIR'];
  if (!state || path.resolve(state) === path.join(ROOT, '.local')) problems.push(`DIBAO_STATE_DIR is ${state ?? 'unset'}`);
  for (const [name, shared] of Object.entries(SHARED_PORTS)) {
    if (!env[name] || env[name] === shared) problems.push(`${name} is ${env[name] ?? 'unset'} (the shared stack's is ${shared})`);
  }
  if (testStack.pgPort === 55432 || testStack.kafkaBrokers.some((b) => b.endsWith(':9092'))) problems.push('testStack points at the shared stack');
  if (problems.length > 0) {
    throw new Error(
      `the fault tests stop Kafka and PostgreSQL and run only on their own stack: use \`npm run test:faults\` ` +
        `(or \`source apps/faults/stack-env.sh\` first). Found: ${problems.join('; ')}`,
    );
  }
}

export type Service = 'postgres' | 'temporal' | 'kafka';

/** `bash infra/local/<script>.sh <service>` with this (fault stack) environment; resolves with the output. */
export function infra(script: 'up' | 'down' | 'status', service: Service): Promise<string> {
  assertFaultStack();
  return new Promise((resolve, reject) => {
    execFile('bash', [path.join(ROOT, 'infra/local', `${script}.sh`), service], { cwd: ROOT, env: process.env, timeout: 180000 }, (err, stdout, stderr) => {
      if (err && script !== 'status') reject(new Error(`${script}.sh ${service} failed: ${err.message}\n${stdout}\n${stderr}`));
      else resolve(`${stdout}${stderr}`);
    });
  });
}

/** Makes sure a service a test stopped is running again (for afterAll/afterEach, whatever the test did). */
export async function ensureUp(service: Service): Promise<void> {
  await infra('up', service);
}

/** A kafkajs client on the fault stack's broker, quiet. */
export function kafkaClient(clientId: string): Kafka {
  return new Kafka({ clientId, brokers: testStack.kafkaBrokers, logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 200 } });
}

/**
 * Empties every dibao topic of the fault stack (deleteRecords up to the high watermark), so that each suite's apps
 * can consume from the beginning as they do in production, and reading a topic back sees this suite's events only.
 * The stack is the fault tests' own (and `npm run test:faults` holds a lock): nobody else reads these topics.
 */
export async function emptyTopics(): Promise<void> {
  assertFaultStack();
  const admin = kafkaClient('faults-reset').admin();
  await admin.connect();
  try {
    for (const topic of ALL_TOPICS.flatMap((t) => [t, deadLetterTopic(t)])) {
      const offsets = await admin.fetchTopicOffsets(topic);
      const partitions = offsets.filter((o) => o.high !== o.low).map((o) => ({ partition: o.partition, offset: '-1' }));
      if (partitions.length > 0) await admin.deleteTopicRecords({ topic, partitions });
    }
  } finally {
    await admin.disconnect();
  }
}

/** Figures the suites measure, printed and collected in .local/test-results/faults-figures.json. */
export function recordFigures(test: string, figures: Record<string, unknown>): void {
  console.log(`[faults] ${test}: ${JSON.stringify(figures)}`);
  const dir = path.join(ROOT, '.local/test-results');
  // one file per stack shape (DIBAO_STACK=production: tools/test-faults.sh on the production-shaped fault stack)
  const file = path.join(dir, process.env['DIBAO_STACK'] === 'production' ? 'faults-figures-production.json' : 'faults-figures.json');
  fs.mkdirSync(dir, { recursive: true });
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // first suite of the run
  }
  all[test] = { ...figures, at: new Date().toISOString() };
  fs.writeFileSync(file, JSON.stringify(all, null, 2) + '\n');
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
