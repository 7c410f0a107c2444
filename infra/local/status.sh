#!/usr/bin/env bash
# One line per service: up/down, address, pid. Exits non-zero when any of them is down.
#   bash infra/local/status.sh [postgres|temporal|kafka ...]  (npm run infra:status)
set -uo pipefail
# shellcheck source=infra/local/lib/load.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/load.sh"

select_services "$@"
ensure_local_dirs
rc=0
for s in "${SERVICES[@]}"; do
  "${s}_status" || rc=1
done
exit "$rc"
