import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, assertFaultStack, infra, kafkaClient, sleep } from './stack';

/**
 * The fault tests that need the production shape of the fault stack (`DIBAO_STACK=production bash
 * tools/test-faults.sh`): three KRaft brokers with replication factor 3 / min.insync.replicas 2, and the full
 * Temporal server as a process of its own. On the dev shape (one broker, `temporal server start-dev`) they skip.
 */
export function productionShape(): { ok: true } | { ok: false; reason: string } {
  const env = process.env;
  const nodes = Number(env['DIBAO_KAFKA_NODES'] ?? 1);
  if (env['DIBAO_STACK'] !== 'production') {
    return { ok: false, reason: `the stack is ${env['DIBAO_STACK'] ?? 'unset'}, not production` };
  }
  if (!(nodes >= 3)) return { ok: false, reason: `DIBAO_KAFKA_NODES is ${nodes}, these tests kill one of three brokers` };
  return { ok: true };
}

/**
 * A suite for the production-shaped fault stack: `(suite.run ? describe : describe.skip)(suite.title, ...)`. On the
 * dev shape the title says why it is skipped, and a line goes to the console (jest lists the suite as skipped).
 * (jest's globals are not used here: this file is also compiled by tsconfig.build.json, without jest's types.)
 */
export function productionSuite(title: string): { run: boolean; title: string } {
  const shape = productionShape();
  if (shape.ok) return { run: true, title };
  const why = `skipped: needs the production-shaped fault stack (three Kafka brokers, the full Temporal server): ${shape.reason}; run \`DIBAO_STACK=production bash tools/test-faults.sh\``;
  console.warn(`[faults] ${title}: ${why}`);
  return { run: false, title: `${title} (${why})` };
}

function runDir(): string {
  const dir = process.env['DIBAO_RUN_DIR'];
  if (!dir) throw new Error('DIBAO_RUN_DIR is unset: source apps/faults/stack-env.sh (tools/test-faults.sh does)');
  return dir;
}

function stateDir(): string {
  return path.resolve(ROOT, process.env['DIBAO_STATE_DIR'] ?? '');
}

function cmdline(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined;
  }
}

/** Gone, or a zombie (no command line left) that nobody has reaped yet. */
function gone(pid: number): boolean {
  const cmd = cmdline(pid);
  if (cmd === undefined || cmd.trim() === '') return true;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/**
 * SIGKILL of a process of the fault stack named by its pid file in DIBAO_RUN_DIR, after checking that the pid's
 * command line is the one expected (`pattern`: it names this stack's state folder, never the shared stack's).
 * Resolves with the pid once the process is gone.
 */
async function killFromPidFile(pidFile: string, pattern: string, what: string): Promise<number> {
  assertFaultStack();
  const file = path.join(runDir(), pidFile);
  const pid = Number(fs.readFileSync(file, 'utf8').trim());
  const cmd = cmdline(pid);
  if (!pid || !cmd || !cmd.includes(pattern)) {
    throw new Error(`${what}: pid ${pid} of ${file} is not ${pattern} (command line: ${cmd ?? 'none'})`);
  }
  process.kill(pid, 'SIGKILL');
  const deadline = Date.now() + 30000;
  while (!gone(pid)) {
    if (Date.now() > deadline) throw new Error(`${what}: pid ${pid} still there 30 s after SIGKILL`);
    await sleep(20);
  }
  return pid;
}

/** SIGKILL of Kafka node `node` (broker + KRaft controller) of the fault stack. */
export function killKafkaNode(node: number): Promise<number> {
  const props = path.join(stateDir(), `kafka-${node}`, 'server.properties');
  return killFromPidFile(`kafka-${node}.pid`, `kafka.Kafka ${props}`, `Kafka node ${node}`);
}

/** SIGKILL of the Temporal server process (frontend, history, matching and worker services) of the fault stack. */
export function killTemporalServer(): Promise<number> {
  return killFromPidFile('temporal-server.pid', `--root ${stateDir()}/temporal-server `, 'the Temporal server');
}

/** `up.sh kafka`: starts the nodes that are not running (the two others are left as they are). */
export async function restartKafka(): Promise<void> {
  await infra('up', 'kafka');
}

/** `up.sh temporal`: starts the server again (the UI still runs), waits for SERVING and its namespaces. */
export async function restartTemporal(): Promise<void> {
  await infra('up', 'temporal');
}

/** The partition leaders of a topic: node id (1..3, as kafka-cluster.sh numbers them) -> partitions it leads. */
export async function topicLeaders(topic: string): Promise<{ leaders: Map<number, number[]>; isr: Record<number, number[]> }> {
  const admin = kafkaClient('faults-leaders').admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    const leaders = new Map<number, number[]>();
    const isr: Record<number, number[]> = {};
    for (const p of topics[0]?.partitions ?? []) {
      leaders.set(p.leader, [...(leaders.get(p.leader) ?? []), p.partitionId]);
      isr[p.partitionId] = [...p.isr].sort();
    }
    return { leaders, isr };
  } finally {
    await admin.disconnect();
  }
}

/** The node that leads the most partitions of `topic`: the one whose loss the producers and consumers feel most. */
export async function busiestLeader(topic: string): Promise<{ node: number; partitions: number[] }> {
  const { leaders } = await topicLeaders(topic);
  const [node, partitions] = [...leaders.entries()].filter(([n]) => n > 0).sort((a, b) => b[1].length - a[1].length || a[0] - b[0])[0] ?? [1, []];
  return { node, partitions };
}

/**
 * Moves every partition's leadership to its preferred replica (`LeaderElectionCommand --election-type PREFERRED`),
 * so that the leaders are spread over the three brokers as in a cluster that has run a while: right after a start
 * the first node up leads everything (the controller's own rebalance comes only after 300 s). Resolves with the
 * tool's output; "already elected" partitions are not an error.
 */
export function electPreferredLeaders(): Promise<string> {
  assertFaultStack();
  const libs = process.env['DIBAO_KAFKA_LIBS'];
  const brokers = process.env['KAFKA_BROKERS'];
  if (!libs || !brokers) throw new Error('DIBAO_KAFKA_LIBS / KAFKA_BROKERS unset: source apps/faults/stack-env.sh');
  return new Promise((resolve) => {
    execFile(
      'java',
      ['-Xmx256m', '-cp', `${libs}/*`, 'org.apache.kafka.tools.LeaderElectionCommand', '--bootstrap-server', brokers, '--election-type', 'PREFERRED', '--all-topic-partitions'],
      { cwd: ROOT, env: process.env, timeout: 60000 },
      (err, stdout, stderr) => resolve(`${stdout}${stderr}${err ? ` (${err.message.split('\n')[0]})` : ''}`),
    );
  });
}
