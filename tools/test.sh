#!/usr/bin/env bash
# `npm test`: installs what is missing, starts the real stack (PostgreSQL, Temporal, Kafka), type-checks, lints,
# builds, and runs every project's tests (unit and integration) plus the end-to-end test, then the fault tests on their
# own stack (tools/test-faults.sh). Non-zero on any failure.
#
# Stacks (infra/README.md): the projects' tests always run on the dev stack. The end-to-end and fault tests also run
# on the production stack (full Temporal server on PostgreSQL, three Kafka brokers, a PostgreSQL role per service):
#   npm test                              e2e + faults on dev, then again on production (builds the Temporal server once)
#   DIBAO_TEST_PRODUCTION=0 npm test      dev only (as before the production stack existed)
#   DIBAO_STACK=production npm test       e2e + faults on production only (not on dev)
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NX_SKIP_NX_CACHE=${NX_SKIP_NX_CACHE:-false} FORCE_COLOR=0
# shellcheck source=tools/lib/ensure-deps.sh
source tools/lib/ensure-deps.sh
# shellcheck source=tools/lib/stack.sh
source tools/lib/stack.sh
ensure_node_modules

stack="$(dibao_stack)"
on_dev=1 on_production=0
if [ "$stack" = production ]; then
  on_dev=0 on_production=1
elif [ "${DIBAO_TEST_PRODUCTION:-1}" != 0 ]; then
  on_production=1
fi

started=$(date +%s)
step() { printf '\n==> %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }

step "starting the real stack"
on_stack dev bash infra/local/up.sh

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
if [ "$on_dev" = 1 ]; then
  on_stack dev npx nx run-many -t test --parallel=1 --nxBail=false --outputStyle=static || status=$?
else
  on_stack dev npx nx run-many -t test --exclude=e2e --parallel=1 --nxBail=false --outputStyle=static || status=$?
fi

if [ "$on_dev" = 1 ]; then
  step "fault tests on their own stack (kill the case worker and payments, stop Kafka, restart PostgreSQL)"
  on_stack dev env DIBAO_FAULTS_SKIP_BUILD=1 npx nx run faults:test-faults --outputStyle=static || status=$?
fi

if [ "$on_production" = 1 ]; then
  step "starting the production stack (full Temporal server on PostgreSQL, 3 Kafka brokers; built once)"
  if on_stack production bash infra/local/up.sh; then
    step "end-to-end tests on the production stack"
    # after the dev stack's e2e run, on the same app ports (+ 1000: some specs assume it); beside another e2e run on
    # this machine, DIBAO_E2E_APP_PORT_OFFSET=2000 moves them (tools/lib/apps.js refuses ports that are taken)
    in_stack_env production \
      npx jest --config apps/e2e/jest.config.js --runInBand --json --outputFile=.local/test-results/e2e-production.json || status=$?
    step "fault tests on the production stack's own copy (.local/stacks/faults-production)"
    on_stack production env DIBAO_FAULTS_SKIP_BUILD=1 bash tools/test-faults.sh || status=$?
  else
    echo "error: the production stack did not start (see above); its e2e and fault tests did not run" >&2
    status=1
  fi
fi

node tools/test-summary.js .local/test-results || status=$?
step "done"
exit "$status"
