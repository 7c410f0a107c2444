// Worker of the bare Temporal baseline, in its own process so its CPU is measured apart from the client's.
//   node bench/temporal/baseline-worker.js <taskQueue>      (prints "READY" once polling; stops on SIGTERM)
const path = require('path');
const { NativeConnection, Worker, bundleWorkflowCode, Runtime, DefaultLogger } = require('@temporalio/worker');

async function main() {
  const taskQueue = process.argv[2];
  if (!taskQueue) throw new Error('usage: baseline-worker <taskQueue>');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const address = process.env.TEMPORAL_ADDRESS ?? `127.0.0.1:${process.env.DIBAO_TEMPORAL_PORT ?? 7233}`;
  const t = Date.now();
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: path.join(__dirname, 'baseline.workflow.js'), logger: new DefaultLogger('WARN') });
  const bundleMs = Date.now() - t;
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace: process.env.DIBAO_BENCH_TEMPORAL_NAMESPACE ?? 'dibao-bench',
    taskQueue,
    workflowBundle,
    maxConcurrentWorkflowTaskExecutions: Number(process.env.BENCH_WORKFLOW_TASK_SLOTS ?? 40),
    maxCachedWorkflows: Number(process.env.BENCH_CACHED_WORKFLOWS ?? 1000),
  });
  process.on('SIGTERM', () => worker.shutdown());
  const running = worker.run();
  process.stdout.write(`READY bundle ${bundleMs} ms\n`);
  await running;
  await connection.close();
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
