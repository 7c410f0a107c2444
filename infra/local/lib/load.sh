# shellcheck shell=bash
# Loads env.sh and every service library. Sourced by up.sh, down.sh and status.sh.
_dibao_lib_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=infra/local/env.sh
source "$_dibao_lib_dir/../env.sh"
# shellcheck source=infra/local/lib/common.sh
source "$_dibao_lib_dir/common.sh"
# shellcheck source=infra/local/lib/postgres.sh
source "$_dibao_lib_dir/postgres.sh"
# shellcheck source=infra/local/lib/temporal.sh
source "$_dibao_lib_dir/temporal.sh"
# shellcheck source=infra/local/lib/kafka.sh
source "$_dibao_lib_dir/kafka.sh"

# DIBAO_STACK=production: the same three services, other engines (the full Temporal server, three Kafka nodes).
if [[ "$DIBAO_STACK" == production ]]; then
  # shellcheck source=infra/local/lib/temporal-server.sh
  source "$_dibao_lib_dir/temporal-server.sh"
  # shellcheck source=infra/local/lib/kafka-cluster.sh
  source "$_dibao_lib_dir/kafka-cluster.sh"
  temporal_up() { temporal_server_up; }
  temporal_down() { temporal_server_down; }
  temporal_status() { temporal_server_status; }
  kafka_up() { kafka_cluster_up; }
  # DIBAO_KAFKA_ONLY_NODES="2" down.sh kafka stops only node 2 (one broker lost); up.sh kafka starts it again
  # shellcheck disable=SC2086 # a list of node numbers
  kafka_down() { kafka_cluster_down ${DIBAO_KAFKA_ONLY_NODES:-}; }
  kafka_status() { kafka_cluster_status; }
fi

# Ports must be numbers: a typo in an override should stop here, not as a confusing error later.
for _dibao_var in DIBAO_PG_PORT DIBAO_TEMPORAL_PORT DIBAO_TEMPORAL_UI_PORT DIBAO_KAFKA_PORT DIBAO_KAFKA_CONTROLLER_PORT; do
  if ! [[ "${!_dibao_var}" =~ ^[0-9]+$ ]] || ((${!_dibao_var} < 1 || ${!_dibao_var} > 65535)); then
    echo "$_dibao_var='${!_dibao_var}' is not a TCP port" >&2
    exit 2
  fi
done
unset _dibao_var

# select_services ARGS...: the services named on the command line (all when none), checked; sets SERVICES.
select_services() {
  SERVICES=()
  if (($# == 0)); then
    SERVICES=("${DIBAO_SERVICES[@]}")
    return 0
  fi
  local s
  for s in "$@"; do
    case "$s" in
      postgres | temporal | kafka) SERVICES+=("$s") ;;
      -h | --help)
        echo "usage: $(basename "$0") [postgres|temporal|kafka ...]   (default: all three)"
        exit 0
        ;;
      *)
        echo "unknown service '$s' (expected: ${DIBAO_SERVICES[*]})" >&2
        exit 2
        ;;
    esac
  done
}

# run_parallel ACTION: run <service>_ACTION for every selected service at once, each in a subshell;
# wait for all and list the ones that failed. Returns non-zero if any failed.
run_parallel() {
  local action="$1" s i
  local -a pids=() failed=()
  if ((${#SERVICES[@]} == 1)); then
    "${SERVICES[0]}_$action"
    return
  fi
  for s in "${SERVICES[@]}"; do
    ("${s}_$action") &
    pids+=("$!")
  done
  for i in "${!SERVICES[@]}"; do
    wait "${pids[$i]}" || failed+=("${SERVICES[$i]}")
  done
  if ((${#failed[@]})); then
    echo "FAILED: ${failed[*]}" >&2
    return 1
  fi
}
