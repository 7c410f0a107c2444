#!/usr/bin/env bash
# `npm run test:faults` (also the last step of `npm test`, and `nx run faults:test-faults`): the fault tests of
# apps/faults. They kill apps and stop Kafka and PostgreSQL, so they run on their own stack (apps/faults/stack-env.sh:
# ports 57432 / 7533 / 9292, state in .local/stacks/faults), never on the shared one. This script builds the apps
# (unless DIBAO_FAULTS_SKIP_BUILD=1), starts that stack, runs the suites one after another (jest's JSON report in
# .local/test-results/faults.json, the measured figures in .local/test-results/faults-figures.json) and stops the
# stack again, whatever the outcome. One run at a time per machine (the ports are the machine's): a second waits.
#   DIBAO_STACK=production npm run test:faults    the same suites on a fault stack of the production shape: the full
#     Temporal server on PostgreSQL, three Kafka brokers, a role per service (same ports, from 9292 for the three
#     brokers; state in .local/stacks/faults-production; report .local/test-results/faults-production.json)
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
report=.local/test-results/faults.json
if [ "$DIBAO_STACK" = production ]; then
  # its own state (a dev-shaped fault stack may exist in .local/stacks/faults) and its own KRaft cluster id
  # (base64url of "dibao-fprod-kafk"); stack-env.sh reads these DIBAO_FAULTS_* settings
  export DIBAO_FAULTS_STATE_DIR="${DIBAO_FAULTS_STATE_DIR:-.local/stacks/faults-production}"
  export DIBAO_FAULTS_KAFKA_CLUSTER_ID="${DIBAO_FAULTS_KAFKA_CLUSTER_ID:-ZGliYW8tZnByb2Qta2Fmaw}"
  report=.local/test-results/faults-production.json
fi

# fd 9 holds the lock; the commands below get it closed (9>&-), so that no daemon started by up.sh inherits it.
exec 9>/tmp/dibao-faults.lock
if ! flock -n 9; then
  echo "==> another fault test run holds /tmp/dibao-faults.lock: waiting for it"
  flock -w 1800 9 || { echo "error: still locked after 30 minutes" >&2; exit 1; }
fi

# shellcheck source=apps/faults/stack-env.sh
source apps/faults/stack-env.sh
started=$(date +%s)
step() { printf '\n==> faults: %s (%ss)\n' "$1" "$(($(date +%s) - started))"; }

if [ "${DIBAO_FAULTS_SKIP_BUILD:-0}" != 1 ]; then
  step "building"
  npx tsc -p tsconfig.build.json 9>&-
fi

step "starting the fault stack ($DIBAO_STACK shape: PostgreSQL :$DIBAO_PG_PORT, Temporal :$DIBAO_TEMPORAL_PORT, Kafka $KAFKA_BROKERS; $DIBAO_STATE_DIR)"
# shellcheck disable=SC2317 # called by the EXIT trap
stop_stack() {
  step "stopping the fault stack"
  bash infra/local/down.sh 9>&- || true
}
trap stop_stack EXIT
bash infra/local/up.sh 9>&-

step "running the fault tests"
mkdir -p .local/test-results
status=0
npx jest --config apps/faults/jest.config.js --runInBand --json --outputFile="$report" "$@" 9>&- || status=$?
step "fault tests done (exit $status; report: $report; figures: .local/test-results/faults-figures*.json)"
exit "$status"
