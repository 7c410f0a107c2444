#!/usr/bin/env bash
# `npm test`: installs what is missing, starts the real stack (PostgreSQL, Temporal, Kafka), type-checks, lints,
# builds, and runs every project's tests (unit and integration) plus the end-to-end test, then the fault tests on their
# own stack (tools/test-faults.sh). Non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NX_SKIP_NX_CACHE=${NX_SKIP_NX_CACHE:-false} FORCE_COLOR=0
# shellcheck source=tools/lib/ensure-deps.sh
source tools/lib/ensure-deps.sh
ensure_node_modules

started=$(date +%s)
step() { printf '\n==> %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }

step "starting the real stack"
bash infra/local/up.sh

step "fetching the Temporal time-skipping test server (once)"
bash apps/case-worker/test/fetch-temporal-test-server.sh

step "browser for the dashboard test (Debian's chromium, CJK fonts)"
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s fonts-wqy-zenhei >/dev/null 2>&1 || missing+=(fonts-wqy-zenhei)
if [ "${#missing[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || { echo "error: ${missing[*]} missing and no apt-get to install them" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

step "type-checking"
npx tsc -p tsconfig.json --noEmit

step "linting (module boundaries, floating promises, workflow determinism)"
npx nx run-many -t lint --outputStyle=static

step "building"
npx tsc -p tsconfig.build.json

step "running tests"
rm -rf .local/test-results && mkdir -p .local/test-results
status=0
npx nx run-many -t test --parallel=1 --nxBail=false --outputStyle=static || status=$?

step "fault tests on their own stack (kill the case worker and payments, stop Kafka, restart PostgreSQL)"
DIBAO_FAULTS_SKIP_BUILD=1 npx nx run faults:test-faults --outputStyle=static || status=$?

node tools/test-summary.js .local/test-results || status=$?
step "done"
exit "$status"
