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

# --- ports ---------------------------------------------------------------------------------------------
_dibao_default DIBAO_PG_PORT 55432
_dibao_default DIBAO_TEMPORAL_PORT 7233
_dibao_default DIBAO_TEMPORAL_UI_PORT 8233
_dibao_default DIBAO_KAFKA_PORT 9092
_dibao_default DIBAO_KAFKA_CONTROLLER_PORT 19093

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

# --- what the apps and tests connect to ----------------------------------------------------------------
export DIBAO_PG_URL_BASE="postgres://dibao:dibao@127.0.0.1:$DIBAO_PG_PORT"
export KAFKA_BROKERS="127.0.0.1:$DIBAO_KAFKA_PORT"
export TEMPORAL_ADDRESS="127.0.0.1:$DIBAO_TEMPORAL_PORT"
_dibao_default TEMPORAL_NAMESPACE default
