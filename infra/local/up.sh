#!/usr/bin/env bash
# Start the local stack natively (no Docker engine): PostgreSQL 15, the Temporal dev server, Kafka 3.9.
#   bash infra/local/up.sh [postgres|temporal|kafka ...]      (npm run infra:up)
# Idempotent: installs/builds/downloads what is missing (once), starts what is not running, waits until
# each service answers, and leaves them running after it exits. Ports and paths: infra/local/env.sh.
set -euo pipefail
# shellcheck source=infra/local/lib/load.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/load.sh"

select_services "$@"
ensure_local_dirs
t0=$(now_ms)
run_parallel up
echo "stack up (${SERVICES[*]}) in $(since "$t0"):"
echo "  DIBAO_PG_URL_BASE=$DIBAO_PG_URL_BASE   KAFKA_BROKERS=$KAFKA_BROKERS   TEMPORAL_ADDRESS=$TEMPORAL_ADDRESS"
echo "  logs: $DIBAO_LOG_DIR   stop: bash infra/local/down.sh"
