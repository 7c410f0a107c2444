#!/usr/bin/env bash
# `npm start`: installs what is missing, starts PostgreSQL, Temporal and Kafka, builds, starts the five apps
# (each runs its migrations at boot), loads a small demo data set and prints where everything is. Ctrl-C stops the apps.
#   DIBAO_STACK=production npm start    the same on the production stack (full Temporal server on PostgreSQL, three
#                                       Kafka brokers, a PostgreSQL role per service; infra/README.md)
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
# the apps connect to what env.sh says this stack is (ports, brokers, per-service roles on production)
# shellcheck source=infra/local/env.sh
source infra/local/env.sh
echo "==> building"
npx tsc -p tsconfig.build.json
exec node tools/start.js "$@"
