#!/usr/bin/env bash
# Stop the local stack started by up.sh: SIGTERM (PostgreSQL: pg_ctl stop -m fast), wait up to
# DIBAO_STOP_TIMEOUT seconds, then SIGKILL. State in .local/ is kept for the next up.sh.
#   bash infra/local/down.sh [postgres|temporal|kafka ...]    (npm run infra:down)
set -euo pipefail
# shellcheck source=infra/local/lib/load.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/load.sh"

select_services "$@"
ensure_local_dirs
run_parallel down
