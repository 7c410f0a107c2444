# shellcheck shell=bash
# DIBAO_STACK=production: DIBAO_KAFKA_NODES (3) KRaft nodes of Apache Kafka 3.9.1 on this machine, each broker +
# controller with its own node id, ports, log dir, properties, pid file and log; the controller quorum is the three.
# The same jars as the dev stack's single node (kafka.sh: kafka_ensure_libs, kafka_topics, kafka_tool).
# Node i: PLAINTEXT 127.0.0.1:(DIBAO_KAFKA_PORT+i-1), CONTROLLER 127.0.0.1:(DIBAO_KAFKA_CONTROLLER_PORT+i-1),
# state in <state>/kafka-i (server.properties, data/), log <state>/logs/kafka-i.log, pid <state>/run/kafka-i.pid.

kafka_node_dir() { printf '%s\n' "$(dirname "$DIBAO_KAFKA_STATE_DIR")/kafka-$1"; }
kafka_node_props() { printf '%s\n' "$(kafka_node_dir "$1")/server.properties"; }
kafka_node_pidfile() { printf '%s\n' "$DIBAO_RUN_DIR/kafka-$1.pid"; }
kafka_node_log() { printf '%s\n' "$DIBAO_LOG_DIR/kafka-$1.log"; }
kafka_node_port() { printf '%s\n' $((DIBAO_KAFKA_PORT + $1 - 1)); }
kafka_node_controller_port() { printf '%s\n' $((DIBAO_KAFKA_CONTROLLER_PORT + $1 - 1)); }
kafka_node_pid() { live_pid "$(kafka_node_pidfile "$1")" "kafka.Kafka $(kafka_node_props "$1")"; }

kafka_cluster_voters() {
  local i voters=""
  for ((i = 1; i <= DIBAO_KAFKA_NODES; i++)); do
    voters="${voters:+$voters,}$i@127.0.0.1:$(kafka_node_controller_port "$i")"
  done
  printf '%s\n' "$voters"
}

kafka_node_render_config() {
  local i="$1" dir
  dir="$(kafka_node_dir "$i")"
  mkdir -p "$dir/data"
  sed -e "s|@NODE_ID@|$i|g" \
    -e "s|@VOTERS@|$(kafka_cluster_voters)|g" \
    -e "s|@KAFKA_PORT@|$(kafka_node_port "$i")|g" \
    -e "s|@CONTROLLER_PORT@|$(kafka_node_controller_port "$i")|g" \
    -e "s|@LOG_DIRS@|$dir/data|g" \
    -e "s|@REPLICATION_FACTOR@|$DIBAO_KAFKA_REPLICATION_FACTOR|g" \
    -e "s|@MIN_INSYNC_REPLICAS@|$DIBAO_KAFKA_MIN_INSYNC_REPLICAS|g" \
    "$ROOT/infra/kafka/cluster.properties" >"$dir/server.properties"
}

# Each node's storage is formatted once, all with the same cluster id (the quorum is static: controller.quorum.voters).
kafka_node_format_storage() {
  local i="$1" dir
  dir="$(kafka_node_dir "$i")"
  [[ -f "$dir/data/meta.properties" ]] && return 0
  log kafka "formatting KRaft storage of node $i in $dir/data (cluster id $DIBAO_KAFKA_CLUSTER_ID)"
  kafka_tool kafka.tools.StorageTool format --cluster-id "$DIBAO_KAFKA_CLUSTER_ID" --config "$dir/server.properties" \
    --ignore-formatted >>"$(kafka_node_log "$i")" 2>&1 || die kafka "formatting the storage of node $i failed; see $(kafka_node_log "$i")"
}

# Start node i unless it runs (the properties are rendered again only when it is stopped).
kafka_node_up() {
  local i="$1" pid port cport
  port="$(kafka_node_port "$i")"
  cport="$(kafka_node_controller_port "$i")"
  if pid="$(kafka_node_pid "$i")"; then
    grep -qx "listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport" "$(kafka_node_props "$i")" ||
      die kafka "node $i already running (pid $pid) on other ports than $port/$cport: run 'bash infra/local/down.sh kafka' first"
    log kafka "node $i already running (pid $pid, 127.0.0.1:$port)"
    return 0
  fi
  require_port_free kafka "$port" DIBAO_KAFKA_PORT
  require_port_free kafka "$cport" DIBAO_KAFKA_CONTROLLER_PORT
  kafka_node_render_config "$i"
  kafka_node_format_storage "$i"
  log kafka "starting node $i (broker 127.0.0.1:$port, controller 127.0.0.1:$cport)"
  spawn_detached "$(kafka_node_log "$i")" "$(kafka_node_pidfile "$i")" java -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true "-Dlog4j.configuration=file:$ROOT/infra/kafka/log4j.properties" \
    "-Dkafka.logs.dir=$DIBAO_LOG_DIR" -cp "$DIBAO_KAFKA_LIBS/*" kafka.Kafka "$(kafka_node_props "$i")"
}

# Every node's broker port answers.
kafka_cluster_ports_open() {
  local i
  for ((i = 1; i <= DIBAO_KAFKA_NODES; i++)); do port_open "$(kafka_node_port "$i")" || return 1; done
}

# Every node alive (pids), for wait_ready: a node that died during start-up fails at once.
kafka_cluster_wait() {
  local what="$1" i pid
  shift
  local deadline=$(($(date +%s) + DIBAO_KAFKA_START_TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    for ((i = 1; i <= DIBAO_KAFKA_NODES; i++)); do
      if ! pid="$(kafka_node_pid "$i")"; then
        tail -n 40 "$(kafka_node_log "$i")" >&2 || true
        die kafka "node $i exited while waiting for $what; see $(kafka_node_log "$i")"
      fi
    done
    if (($(date +%s) >= deadline)); then
      die kafka "$what not reached after ${DIBAO_KAFKA_START_TIMEOUT}s; see $DIBAO_LOG_DIR/kafka-*.log"
    fi
    sleep 0.5
  done
}

# All DIBAO_KAFKA_NODES brokers are registered with the controller (TopicCommand sees them through describe of the
# cluster: BrokerApiVersionsCommand would need another JVM; the metadata of a topic list call is enough when every
# broker accepts a connection and the list succeeds).
kafka_cluster_metadata_ok() {
  kafka_cluster_ports_open && kafka_topics --list >/dev/null 2>&1
}

# The topics of infra/kafka/topics.txt with replication factor DIBAO_KAFKA_REPLICATION_FACTOR and
# min.insync.replicas=DIBAO_KAFKA_MIN_INSYNC_REPLICAS (also each topic's own config, not only the brokers' default).
kafka_cluster_ensure_topics() {
  local existing name partitions
  existing="$(kafka_topics --list 2>/dev/null)" || die kafka "could not list topics"
  local -a missing=() pids=()
  while read -r name partitions; do
    grep -qxF -- "$name" <<<"$existing" || missing+=("$name:${partitions:-3}")
  done < <(read_list "$ROOT/infra/kafka/topics.txt")
  if ((${#missing[@]} == 0)); then
    log kafka "topics present: $(read_list "$ROOT/infra/kafka/topics.txt" | wc -l)"
    return 0
  fi
  local item pid failed=0
  for item in "${missing[@]}"; do
    kafka_topics --create --if-not-exists --topic "${item%%:*}" --partitions "${item##*:}" \
      --replication-factor "$DIBAO_KAFKA_REPLICATION_FACTOR" --config "min.insync.replicas=$DIBAO_KAFKA_MIN_INSYNC_REPLICAS" \
      >>"$DIBAO_LOG_DIR/kafka-1.log" 2>&1 &
    pids+=("$!")
    if ((${#pids[@]} == 4)); then
      for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
      pids=()
    fi
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  ((failed == 0)) || die kafka "creating topics failed; see $DIBAO_LOG_DIR/kafka-1.log"
  log kafka "created topics (replication factor $DIBAO_KAFKA_REPLICATION_FACTOR, min.insync.replicas $DIBAO_KAFKA_MIN_INSYNC_REPLICAS): ${missing[*]%%:*}"
}

kafka_cluster_up() {
  local t0 i
  t0=$(now_ms)
  ensure_local_dirs
  kafka_require_java
  mkdir -p "$DIBAO_KAFKA_DIR"
  kafka_ensure_libs
  for ((i = 1; i <= DIBAO_KAFKA_NODES; i++)); do kafka_node_up "$i"; done
  kafka_cluster_wait "every broker's port" kafka_cluster_ports_open
  kafka_cluster_wait "cluster metadata" kafka_cluster_metadata_ok
  log kafka "$DIBAO_KAFKA_NODES brokers answering metadata requests after $(since "$t0")"
  kafka_cluster_ensure_topics
  kafka_cluster_wait "the group coordinator" kafka_warm_group_coordinator
  log kafka "ready on $KAFKA_BROKERS ($DIBAO_KAFKA_NODES nodes, quorum $(kafka_cluster_voters)) in $(since "$t0")"
}

# kafka_cluster_down [NODE...]: all nodes, or the ones named (the fault tests stop one broker).
kafka_cluster_down() {
  local i pid
  local -a nodes=("$@")
  if ((${#nodes[@]} == 0)); then for ((i = DIBAO_KAFKA_NODES; i >= 1; i--)); do nodes+=("$i"); done; fi
  for i in "${nodes[@]}"; do
    if pid="$(kafka_node_pid "$i")"; then
      log kafka "stopping node $i (pid $pid; controlled shutdown)"
      stop_pid kafka "$pid" &
    else
      log kafka "node $i not running"
    fi
  done
  wait
  for i in "${nodes[@]}"; do rm -f "$(kafka_node_pidfile "$i")"; done
  log kafka "stopped"
}

kafka_cluster_status() {
  local i pid rc=0 pids=() up=0
  for ((i = 1; i <= DIBAO_KAFKA_NODES; i++)); do
    if pid="$(kafka_node_pid "$i")" && port_open "$(kafka_node_port "$i")"; then
      pids+=("$pid")
      up=$((up + 1))
    else
      pids+=("-")
      rc=1
    fi
  done
  if ((rc == 0)); then
    printf '%-9s up    %-16s pid %s  (%d brokers: %s)\n' kafka "127.0.0.1:$DIBAO_KAFKA_PORT" "${pids[0]}" "$DIBAO_KAFKA_NODES" "$KAFKA_BROKERS"
  else
    printf '%-9s down  %-16s (%d of %d brokers up; pids %s)\n' kafka "127.0.0.1:$DIBAO_KAFKA_PORT" "$up" "$DIBAO_KAFKA_NODES" "${pids[*]}"
  fi
  return "$rc"
}
