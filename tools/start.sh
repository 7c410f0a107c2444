#!/usr/bin/env bash
# `npm start`: installs what is missing, starts PostgreSQL, Temporal and Kafka, builds, starts the five apps
# (each runs its migrations at boot), loads a small demo data set and prints where everything is. Ctrl-C stops the apps.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true
# shellcheck source=tools/lib/ensure-deps.sh
source tools/lib/ensure-deps.sh
ensure_node_modules

echo "==> starting PostgreSQL, Temporal and Kafka"
bash infra/local/up.sh
echo "==> building"
npx tsc -p tsconfig.build.json
exec node tools/start.js "$@"
