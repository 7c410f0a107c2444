#!/usr/bin/env bash
# `npm run bench`: installs what is missing, starts PostgreSQL, Temporal and Kafka (infra/local, idempotent:
# a running stack is reused, never restarted), builds, and runs the benchmarks of bench/ (see bench/README.md).
#   npm run bench -- [--only payroll,reads,cases,supervision] [--sizes 100000,1000000] [--cases 1000] [--concurrency 20]
#                    [--reads-households 10000] [--duration 10] [--relay-batch 2000]
# Prints a table and writes bench/results/<timestamp>.json and bench/results/latest.json, each with a `stack` object
# ({"temporal":"server"|"dev","temporalPersistence":"postgresql"|"sqlite","historyShards":N,"kafkaBrokers":N,...}).
#   DIBAO_STACK=production npm run bench    the same on the production stack (full Temporal server on PostgreSQL,
#                                           three Kafka brokers, topics with replication factor 3; infra/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true
# shellcheck source=tools/lib/ensure-deps.sh
source tools/lib/ensure-deps.sh
# shellcheck source=tools/lib/stack.sh
source tools/lib/stack.sh
ensure_node_modules
DIBAO_STACK="$(dibao_stack)"
export DIBAO_STACK

echo "==> starting PostgreSQL, Temporal and Kafka ($DIBAO_STACK stack)"
bash infra/local/up.sh
# shellcheck source=infra/local/env.sh
source infra/local/env.sh
DIBAO_STACK_JSON="$(stack_json)"
export DIBAO_STACK_JSON
echo "==> stack: $DIBAO_STACK_JSON"
echo "==> building"
# Other apps may be half-written while a benchmark runs: tsc still emits everything it can, so a type error
# elsewhere does not stop the benchmark, but it is said loudly and recorded in the result file.
if npx tsc -p tsconfig.build.json; then
  export BENCH_BUILD=ok
else
  export BENCH_BUILD=errors
  echo "warning: the build reported type errors (above); benchmarking the code tsc emitted" >&2
fi
exec node bench/run.js "$@"
