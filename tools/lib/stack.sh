# shellcheck shell=bash
# Sourced by tools/*.sh: which stack a command runs on (DIBAO_STACK=dev, the default, or production; see
# infra/local/env.sh and infra/README.md), and running a command on the other one.

# The settings infra/local/env.sh derives from the stack (ports, state folder, client addresses, engines' shape).
# A command run on another stack than the shell's must not inherit them (a production run would otherwise find
# the dev stack's ports in its environment and take them as overrides).
DIBAO_STACK_VARS=(
  DIBAO_PG_PORT DIBAO_TEMPORAL_PORT DIBAO_TEMPORAL_UI_PORT DIBAO_KAFKA_PORT DIBAO_KAFKA_CONTROLLER_PORT
  DIBAO_STATE_DIR DIBAO_KAFKA_CLUSTER_ID DIBAO_KAFKA_NODES DIBAO_KAFKA_REPLICATION_FACTOR DIBAO_KAFKA_MIN_INSYNC_REPLICAS
  DIBAO_PG_SERVICE_ROLES DIBAO_TEMPORAL_HISTORY_SHARDS
  DIBAO_TEMPORAL_HISTORY_PORT DIBAO_TEMPORAL_MATCHING_PORT DIBAO_TEMPORAL_WORKER_PORT DIBAO_TEMPORAL_HTTP_PORT DIBAO_TEMPORAL_MEMBERSHIP_PORT
  DIBAO_LOG_DIR DIBAO_RUN_DIR DIBAO_PG_DATA DIBAO_PG_SOCKET_DIR DIBAO_TEMPORAL_DIR DIBAO_TEMPORAL_DB DIBAO_KAFKA_STATE_DIR DIBAO_KAFKA_DATA
  DIBAO_PG_URL_BASE KAFKA_BROKERS TEMPORAL_ADDRESS
)

# The stack this command was asked for: dev or production (anything else stops here).
dibao_stack() {
  local s="${DIBAO_STACK:-dev}"
  case "$s" in
    dev | production) printf '%s\n' "$s" ;;
    *)
      echo "error: DIBAO_STACK='$s' is not a stack: use dev (the default) or production" >&2
      exit 2
      ;;
  esac
}

# on_stack STACK COMMAND...: COMMAND with DIBAO_STACK=STACK. When STACK is the one the shell asked for, the
# environment is passed on as it is (its overrides are meant for it); otherwise without DIBAO_STACK_VARS, so that the
# other stack gets its own defaults.
on_stack() {
  local stack="$1"
  shift
  if [[ "$stack" == "$(dibao_stack)" ]]; then
    DIBAO_STACK="$stack" "$@"
  else
    local -a unset_args=()
    local v
    for v in "${DIBAO_STACK_VARS[@]}"; do unset_args+=(-u "$v"); done
    env "${unset_args[@]}" DIBAO_STACK="$stack" "$@"
  fi
}

# in_stack_env STACK COMMAND...: like on_stack, with infra/local/env.sh sourced first (what the tests and apps read).
in_stack_env() {
  local stack="$1"
  shift
  on_stack "$stack" bash -c 'source infra/local/env.sh && exec "$@"' in_stack_env "$@"
}

# One line on what a stack is made of, for logs and result files: JSON
# {"temporal":"server"|"dev","temporalPersistence":"postgresql"|"sqlite","historyShards":N,"kafkaBrokers":N,"replicationFactor":N}
# (reads the environment of infra/local/env.sh, so call it after sourcing it).
stack_json() {
  if [[ "${DIBAO_STACK:-dev}" == production ]]; then
    printf '{"name":"production","temporal":"server","temporalVersion":"%s","temporalPersistence":"postgresql","historyShards":%s,"kafkaBrokers":%s,"replicationFactor":%s,"minInsyncReplicas":%s,"pgServiceRoles":true}\n' \
      "${DIBAO_TEMPORAL_SERVER_VERSION#v}" "$DIBAO_TEMPORAL_HISTORY_SHARDS" "$DIBAO_KAFKA_NODES" "$DIBAO_KAFKA_REPLICATION_FACTOR" "$DIBAO_KAFKA_MIN_INSYNC_REPLICAS"
  else
    printf '{"name":"dev","temporal":"dev","temporalVersion":"1.29.1","temporalPersistence":"sqlite","historyShards":1,"kafkaBrokers":1,"replicationFactor":1,"minInsyncReplicas":1,"pgServiceRoles":false}\n'
  fi
}
