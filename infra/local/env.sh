# shellcheck shell=bash
# Settings for the local stack (PostgreSQL, Temporal, Kafka). Sourced by up.sh, down.sh and status.sh,
# and usable from a shell or a test: `source infra/local/env.sh`.
# Every port can be overridden from the environment; everything derived from them is recomputed here.
# Safe to source with or without `set -u`, and more than once.

# _dibao_default NAME DEFAULT: export NAME with its current value, or DEFAULT when unset or empty.
# The unset matters for `NAME=value source env.sh`: bash treats such a prefix as a temporary binding and
# would restore the old (empty) value once `source` returns; unsetting the temporary binding first makes
# the export land in the shell itself, so the override sticks.
_dibao_default() {
  local _dibao_value="${!1:-$2}"
  unset "$1"
  export "$1=$_dibao_value"
}

# Repository root, from this file's location (infra/local/env.sh -> ../..), never from the caller's cwd.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
export ROOT

# --- which stack: DIBAO_STACK=dev (default) or production ---------------------------------------------------
# dev:        PostgreSQL, the Temporal dev server (SQLite, one history shard, one process with the Web UI) and
#             one Kafka node (broker + controller, replication factor 1). State in .local/.
# production: PostgreSQL with one role per service, the full Temporal server (frontend, history, matching and
#             worker services; PostgreSQL persistence and SQL visibility in databases of their own; N history
#             shards) and three KRaft Kafka nodes (replication factor 3, min.insync.replicas=2). Its own default
#             ports and state folder (.local/stacks/production), so it runs beside a dev stack. See infra/README.md.
_dibao_default DIBAO_STACK dev
case "$DIBAO_STACK" in
  dev | production) ;;
  *)
    echo "DIBAO_STACK='$DIBAO_STACK' is not a stack: use dev (the default) or production" >&2
    # shellcheck disable=SC2317 # exit only when run rather than sourced
    return 2 2>/dev/null || exit 2
    ;;
esac

# --- ports ---------------------------------------------------------------------------------------------
if [[ "$DIBAO_STACK" == production ]]; then
  _dibao_default DIBAO_PG_PORT 56432
  _dibao_default DIBAO_TEMPORAL_PORT 7633
  _dibao_default DIBAO_TEMPORAL_UI_PORT 8633
  _dibao_default DIBAO_KAFKA_PORT 9492
  _dibao_default DIBAO_KAFKA_CONTROLLER_PORT 19492
  # a stack of its own: never the dev stack's .local/pg, .local/kafka/data, .local/temporal
  _dibao_default DIBAO_STATE_DIR .local/stacks/production
  # base64url of the 16 bytes "dibao-prod-kafka": another KRaft cluster than the dev stack's
  _dibao_default DIBAO_KAFKA_CLUSTER_ID "ZGliYW8tcHJvZC1rYWZrYQ"
else
  _dibao_default DIBAO_PG_PORT 55432
  _dibao_default DIBAO_TEMPORAL_PORT 7233
  _dibao_default DIBAO_TEMPORAL_UI_PORT 8233
  _dibao_default DIBAO_KAFKA_PORT 9092
  _dibao_default DIBAO_KAFKA_CONTROLLER_PORT 19093
fi

# --- how long up.sh waits for each service to become ready (seconds) -----------------------------------
_dibao_default DIBAO_PG_START_TIMEOUT 60
_dibao_default DIBAO_TEMPORAL_START_TIMEOUT 120
_dibao_default DIBAO_KAFKA_START_TIMEOUT 120
# how long down.sh waits after SIGTERM before SIGKILL (seconds)
_dibao_default DIBAO_STOP_TIMEOUT 30

# --- built/downloaded artefacts: under .local/ (git-ignored), shared by every stack of this checkout ----------
export DIBAO_LOCAL="$ROOT/.local"
export DIBAO_BIN_DIR="$DIBAO_LOCAL/bin"

export DIBAO_TEMPORAL_VERSION="v1.5.1"
export DIBAO_TEMPORAL_BIN="$DIBAO_BIN_DIR/temporal"

export DIBAO_KAFKA_DIR="$DIBAO_LOCAL/kafka"
export DIBAO_KAFKA_LIBS="$DIBAO_KAFKA_DIR/libs"

# --- state, logs, pid files of one stack: under DIBAO_STATE_DIR (default .local/) --------------------------
# A second stack beside the default one (the fault tests' own: tools/test-faults.sh) sets DIBAO_STATE_DIR to
# another folder (absolute, or relative to the repository root) together with other ports. Left unset, every
# path is exactly the default stack's, and DIBAO_STATE_DIR stays unset (so it never leaks into another
# checkout's stack through an exported variable).
if [[ -n "${DIBAO_STATE_DIR:-}" ]]; then
  [[ "$DIBAO_STATE_DIR" == /* ]] || DIBAO_STATE_DIR="$ROOT/$DIBAO_STATE_DIR"
  _dibao_default DIBAO_STATE_DIR "$DIBAO_STATE_DIR"
fi
_dibao_state="${DIBAO_STATE_DIR:-$DIBAO_LOCAL}"
export DIBAO_LOG_DIR="$_dibao_state/logs"
export DIBAO_RUN_DIR="$_dibao_state/run"

export DIBAO_PG_DATA="$_dibao_state/pg"
export DIBAO_PG_SOCKET_DIR="$_dibao_state/pg-socket"

export DIBAO_TEMPORAL_DIR="$_dibao_state/temporal"
export DIBAO_TEMPORAL_DB="$DIBAO_TEMPORAL_DIR/temporal.db"

# The broker's rendered server.properties and its log dirs (the jars above are shared).
export DIBAO_KAFKA_STATE_DIR="$_dibao_state/kafka"
export DIBAO_KAFKA_DATA="$DIBAO_KAFKA_STATE_DIR/data"
unset _dibao_state
# Fixed KRaft cluster id (base64url of the 16 bytes "dibao-local-kfk1"): formatting is a one-time step.
# Each stack formats its own storage; another stack may use another id (any 16 bytes, base64url, 22 chars).
_dibao_default DIBAO_KAFKA_CLUSTER_ID "ZGliYW8tbG9jYWwta2ZrMQ"

# --- the production stack's engines (DIBAO_STACK=production; ignored by the dev stack) --------------------------
# Temporal server 1.29.1 (the version temporal CLI v1.5.1 embeds), built from go.temporal.io/server with its
# temporal-sql-tool into .local/bin (shared by every stack of this checkout).
export DIBAO_TEMPORAL_SERVER_VERSION="v1.29.1"
export DIBAO_TEMPORAL_SERVER_BIN="$DIBAO_BIN_DIR/temporal-server"
export DIBAO_TEMPORAL_SQL_TOOL_BIN="$DIBAO_BIN_DIR/temporal-sql-tool"
# Its Web UI: temporalio/ui-server (the one the CLI embeds), built the same way.
export DIBAO_TEMPORAL_UI_SERVER_VERSION="v2.42.1"
export DIBAO_TEMPORAL_UI_SERVER_BIN="$DIBAO_BIN_DIR/temporal-ui-server"
# History shards: fixed when the schema is first set up (changing it later needs a new database); see infra/README.md
# for what a county and a province should use.
_dibao_default DIBAO_TEMPORAL_HISTORY_SHARDS 4
# The other ports of the full server, always derived from the frontend's (so moving DIBAO_TEMPORAL_PORT moves them
# all): gRPC of history +1, matching +2, worker +3; the frontend's HTTP API +10; the membership (ringpop) ports
# of frontend, history, matching and worker +20..+23.
export DIBAO_TEMPORAL_HISTORY_PORT=$((DIBAO_TEMPORAL_PORT + 1))
export DIBAO_TEMPORAL_MATCHING_PORT=$((DIBAO_TEMPORAL_PORT + 2))
export DIBAO_TEMPORAL_WORKER_PORT=$((DIBAO_TEMPORAL_PORT + 3))
export DIBAO_TEMPORAL_HTTP_PORT=$((DIBAO_TEMPORAL_PORT + 10))
export DIBAO_TEMPORAL_MEMBERSHIP_PORT=$((DIBAO_TEMPORAL_PORT + 20))
# Temporal's own PostgreSQL role and databases (on the stack's PostgreSQL).
export DIBAO_TEMPORAL_DB_USER="temporal" DIBAO_TEMPORAL_DB_PASSWORD="temporal"
export DIBAO_TEMPORAL_DB_NAME="temporal" DIBAO_TEMPORAL_VISIBILITY_DB_NAME="temporal_visibility"
# Kafka: DIBAO_KAFKA_NODES KRaft nodes, each broker + controller (a quorum of three survives one loss). Node i
# (1..N) listens on DIBAO_KAFKA_PORT+i-1 and DIBAO_KAFKA_CONTROLLER_PORT+i-1, logs in <state>/kafka-i/data.
if [[ "$DIBAO_STACK" == production ]]; then
  _dibao_default DIBAO_KAFKA_NODES 3
  _dibao_default DIBAO_KAFKA_REPLICATION_FACTOR 3
  _dibao_default DIBAO_KAFKA_MIN_INSYNC_REPLICAS 2
  # PostgreSQL: each service connects as its own role (dibao_<database>, e.g. dibao_households), which owns only
  # its database; `dibao` stays the (non-superuser) role that creates databases for tests and migrations tooling.
  export DIBAO_PG_SERVICE_ROLES=1
else
  export DIBAO_KAFKA_NODES=1 DIBAO_KAFKA_REPLICATION_FACTOR=1 DIBAO_KAFKA_MIN_INSYNC_REPLICAS=1
  unset DIBAO_PG_SERVICE_ROLES
fi

# --- what the apps and tests connect to ----------------------------------------------------------------
export DIBAO_PG_URL_BASE="postgres://dibao:dibao@127.0.0.1:$DIBAO_PG_PORT"
KAFKA_BROKERS="127.0.0.1:$DIBAO_KAFKA_PORT"
for ((_dibao_i = 1; _dibao_i < DIBAO_KAFKA_NODES; _dibao_i++)); do
  KAFKA_BROKERS="$KAFKA_BROKERS,127.0.0.1:$((DIBAO_KAFKA_PORT + _dibao_i))"
done
unset _dibao_i
export KAFKA_BROKERS
export TEMPORAL_ADDRESS="127.0.0.1:$DIBAO_TEMPORAL_PORT"
_dibao_default TEMPORAL_NAMESPACE default
