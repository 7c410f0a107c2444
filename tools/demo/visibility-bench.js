// Measures the supervision overview's visibility queries at a realistic size: starts N open `caseWorkflow`
// executions in the bench namespace (no worker polls their task queue, so they stay where they are put) with the
// case search attributes spread over 32 townships and the six stages (some past their deadline), then times the
// overview's 32 × 8 counts and one township drill-down. Idempotent: workflow ids are fixed, existing ones are kept.
//   node tools/demo/visibility-bench.js [--cases 100000] [--namespace dibao-bench] [--concurrency 12]
const { Client, Connection } = require('@temporalio/client');
const { defineSearchAttributeKey, SearchAttributeType } = require('@temporalio/common');

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const CASES = Number(arg('cases', '100000'));
const NAMESPACE = arg('namespace', 'dibao-bench');
const CONCURRENCY = Number(arg('concurrency', '12'));
const STAGES = ['application', 'investigation', 'appraisal', 'publicity', 'township_review', 'county_approval'];
const TOWNSHIPS = Array.from({ length: 32 }, (_, i) => `T${String(i + 1).padStart(2, '0')}`);
const SA = {
  stage: defineSearchAttributeKey('DibaoStage', SearchAttributeType.KEYWORD),
  township: defineSearchAttributeKey('DibaoTownship', SearchAttributeType.KEYWORD),
  scheme: defineSearchAttributeKey('DibaoScheme', SearchAttributeType.KEYWORD),
  deadline: defineSearchAttributeKey('DibaoStageDeadline', SearchAttributeType.DATETIME),
  overdue: defineSearchAttributeKey('DibaoOverdue', SearchAttributeType.BOOL),
  kind: defineSearchAttributeKey('DibaoCaseKind', SearchAttributeType.KEYWORD),
  household: defineSearchAttributeKey('DibaoHousehold', SearchAttributeType.KEYWORD),
};

async function pool(n, limit, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < n) await fn(next++);
  }));
}

async function main() {
  const client = new Client({ connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' }), namespace: NAMESPACE });
  const count = async (query) => Number((await client.workflowService.countWorkflowExecutions({ namespace: NAMESPACE, query })).count ?? 0);
  const base = `WorkflowType = 'caseWorkflow' AND ExecutionStatus = 'Running'`;
  const have = await count(base);
  console.log(`namespace ${NAMESPACE}: ${have} open cases; wanted ${CASES}`);
  if (have < CASES) {
    const t0 = Date.now();
    let done = 0;
    await pool(CASES, 64, async (i) => {
      const now = Date.now();
      const late = i % 10 === 0 ? -(1 + (i % 20)) : 1 + (i % 9);
      try {
        await client.workflow.start('caseWorkflow', {
          workflowId: `dibao-case-bench-${i}`,
          taskQueue: 'dibao-visibility-bench-nobody',
          args: [{}],
          typedSearchAttributes: [
            { key: SA.stage, value: STAGES[i % STAGES.length] },
            { key: SA.township, value: TOWNSHIPS[Math.floor(i / 7) % TOWNSHIPS.length] },
            { key: SA.scheme, value: i % 20 === 0 ? 'urban' : 'rural' },
            { key: SA.deadline, value: new Date(now + late * 86_400_000) },
            { key: SA.overdue, value: late < 0 },
            { key: SA.kind, value: 'application' },
            { key: SA.household, value: `bench-hh-${i}` },
          ],
        });
      } catch (e) {
        if (!String(e).includes('already')) throw e;
      }
      if (++done % 5000 === 0) process.stdout.write(`  started ${done}/${CASES} (${Math.round(done / ((Date.now() - t0) / 1000))}/s)\n`);
    });
    console.log(`started in ${((Date.now() - t0) / 1000).toFixed(1)} s; waiting for visibility`);
    while ((await count(base)) < CASES) await new Promise((r) => setTimeout(r, 2000));
  }
  const now = new Date().toISOString();
  const stalled = new Date(Date.now() - 3 * 86_400_000).toISOString();
  const old = new Date(Date.now() - 42 * 86_400_000).toISOString();
  for (const round of [1, 2, 3]) {
    const queries = [];
    for (const t of TOWNSHIPS) {
      for (const s of STAGES) queries.push(`${base} AND DibaoTownship = '${t}' AND DibaoStage = '${s}'`);
      queries.push(`${base} AND DibaoTownship = '${t}' AND (DibaoOverdue = true OR DibaoStageDeadline < '${now}')`);
      queries.push(`${base} AND DibaoTownship = '${t}' AND (DibaoStageDeadline < '${stalled}' OR StartTime < '${old}')`);
    }
    const t0 = Date.now();
    let total = 0;
    await pool(queries.length, CONCURRENCY, async (i) => {
      const n = await count(queries[i]);
      if (i % 8 < 6) total += n;
    });
    const overviewMs = Date.now() - t0;
    const t1 = Date.now();
    const page = await client.workflowService.listWorkflowExecutions({ namespace: NAMESPACE, query: `${base} AND DibaoTownship = 'T01' AND (DibaoOverdue = true OR DibaoStageDeadline < '${now}')`, pageSize: 200 });
    const listMs = Date.now() - t1;
    const t2 = Date.now();
    const all = await count(base);
    console.log(`round ${round}: overview ${queries.length} counts (concurrency ${CONCURRENCY}) ${overviewMs} ms, open by stage summed ${total}; ` +
      `T01 overdue drill-down ${page.executions.length} rows ${listMs} ms; total count ${all} in ${Date.now() - t2} ms`);
  }
  await client.connection.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
