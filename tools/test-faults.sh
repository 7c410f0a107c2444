#!/usr/bin/env bash
# `npm run test:faults` (also the last step of `npm test`, and `nx run faults:test-faults`): the fault tests of
# apps/faults. They kill apps and stop Kafka and PostgreSQL, so they run on their own stack (apps/faults/stack-env.sh:
# ports 57432 / 7533 / 9292, state in .local/stacks/faults), never on the shared one. This script builds the apps
# (unless DIBAO_FAULTS_SKIP_BUILD=1), starts that stack, runs the suites one after another (jest's JSON report in
# .local/test-results/faults.json, the measured figures in .local/test-results/faults-figures.json) and stops the
# stack again, whatever the outcome. One run at a time per machine (the ports are the machine's): a second waits.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true
# shellcheck source=tools/lib/ensure-deps.sh
source tools/lib/ensure-deps.sh
ensure_node_modules

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

step "starting the fault stack (PostgreSQL :$DIBAO_PG_PORT, Temporal :$DIBAO_TEMPORAL_PORT, Kafka :$DIBAO_KAFKA_PORT; $DIBAO_STATE_DIR)"
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
npx jest --config apps/faults/jest.config.js --runInBand --json --outputFile=.local/test-results/faults.json "$@" 9>&- || status=$?
step "fault tests done (exit $status; figures: .local/test-results/faults-figures.json)"
exit "$status"
