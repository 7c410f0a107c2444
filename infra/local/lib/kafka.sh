# shellcheck shell=bash
# Apache Kafka 3.9.1 in KRaft mode (broker + controller in one JVM), run straight from the Maven Central
# jars listed by infra/kafka/pom.xml, copied once into .local/kafka/libs.

KAFKA_PIDFILE="$DIBAO_RUN_DIR/kafka.pid"
KAFKA_LOG="$DIBAO_LOG_DIR/kafka.log"
KAFKA_PROPS="$DIBAO_KAFKA_STATE_DIR/server.properties"
KAFKA_POM="$ROOT/infra/kafka/pom.xml"
KAFKA_STAMP="$DIBAO_KAFKA_LIBS/.pom.sha256"
# What identifies our broker (and not another checkout's): its command line names our properties file.
KAFKA_PATTERN="kafka.Kafka $KAFKA_PROPS"
# JVM options for the short-lived command line tools: start fast, stay small.
KAFKA_TOOL_OPTS=(-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto
  "-Dlog4j.configuration=file:$ROOT/infra/kafka/tools-log4j.properties")

kafka_tool() {
  local class="$1"
  shift
  java "${KAFKA_TOOL_OPTS[@]}" -cp "$DIBAO_KAFKA_LIBS/*" "$class" "$@"
}

# TopicCommand (org.apache.kafka.tools, in kafka-tools: kafka.admin.TopicCommand is gone in 3.9) with a
# hard time limit, since the admin client retries for a minute against a broker that is not up yet.
kafka_topics() {
  timeout 30 java "${KAFKA_TOOL_OPTS[@]}" -cp "$DIBAO_KAFKA_LIBS/*" org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "$KAFKA_BROKERS" "$@"
}

kafka_require_java() {
  require_cmd kafka java "install a Java 17 runtime (apt-get install -y openjdk-17-jre-headless)"
  local major
  major="$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
  [[ "${major%%.*}" -ge 11 ]] 2>/dev/null || die kafka "Kafka 3.9 needs Java 11 or newer (17 recommended); found java.specification.version=$major"
}

# Jars: resolved by Maven once; re-resolved only when infra/kafka/pom.xml changes (its hash is stamped).
kafka_ensure_libs() {
  local want
  want="$(sha256sum "$KAFKA_POM" | cut -d' ' -f1)"
  if [[ -f "$KAFKA_STAMP" && "$(cat "$KAFKA_STAMP")" == "$want" ]]; then
    log kafka "jars present: $(find "$DIBAO_KAFKA_LIBS" -name '*.jar' | wc -l) in $DIBAO_KAFKA_LIBS ($(du -sh "$DIBAO_KAFKA_LIBS" | cut -f1))"
    return 0
  fi
  require_cmd kafka mvn "install Maven (apt-get install -y maven) to fetch the Kafka jars from Maven Central"
  local t0 tmp="$DIBAO_KAFKA_DIR/libs.partial"
  t0=$(now_ms)
  log kafka "fetching Kafka 3.9.1 jars from Maven Central (mvn dependency:copy-dependencies; log: $DIBAO_LOG_DIR/kafka-mvn.log)"
  rm -rf "$tmp"
  mvn -B -q -f "$KAFKA_POM" dependency:copy-dependencies -DoutputDirectory="$tmp" -DincludeScope=runtime \
    >>"$DIBAO_LOG_DIR/kafka-mvn.log" 2>&1 || {
    tail -n 20 "$DIBAO_LOG_DIR/kafka-mvn.log" >&2
    die kafka "mvn could not resolve the Kafka jars; see $DIBAO_LOG_DIR/kafka-mvn.log (mvn -f infra/kafka/pom.xml dependency:tree shows what is missing)"
  }
  rm -rf "$DIBAO_KAFKA_LIBS"
  mv "$tmp" "$DIBAO_KAFKA_LIBS"
  printf '%s\n' "$want" >"$KAFKA_STAMP"
  log kafka "fetched $(find "$DIBAO_KAFKA_LIBS" -name '*.jar' | wc -l) jars ($(du -sh "$DIBAO_KAFKA_LIBS" | cut -f1)) in $(since "$t0")"
}

# .local/kafka/server.properties from the template, with this run's ports and folders.
kafka_render_config() {
  mkdir -p "$DIBAO_KAFKA_DATA"
  sed -e "s|@KAFKA_PORT@|$DIBAO_KAFKA_PORT|g" \
    -e "s|@CONTROLLER_PORT@|$DIBAO_KAFKA_CONTROLLER_PORT|g" \
    -e "s|@LOG_DIRS@|$DIBAO_KAFKA_DATA|g" \
    "$ROOT/infra/kafka/server.properties" >"$KAFKA_PROPS"
}

# KRaft storage is formatted once, with the fixed cluster id.
kafka_format_storage() {
  [[ -f "$DIBAO_KAFKA_DATA/meta.properties" ]] && return 0
  log kafka "formatting KRaft storage in $DIBAO_KAFKA_DATA (cluster id $DIBAO_KAFKA_CLUSTER_ID)"
  kafka_tool kafka.tools.StorageTool format --cluster-id "$DIBAO_KAFKA_CLUSTER_ID" --config "$KAFKA_PROPS" \
    --ignore-formatted >>"$KAFKA_LOG" 2>&1 || die kafka "formatting the storage failed; see $KAFKA_LOG"
}

kafka_metadata_ok() {
  kafka_topics --list >/dev/null 2>&1
}

# Create the topics of infra/kafka/topics.txt that do not exist yet (several at a time: each is a JVM).
kafka_ensure_topics() {
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
  local item i pid failed=0
  for i in "${!missing[@]}"; do
    item="${missing[$i]}"
    kafka_topics --create --if-not-exists --topic "${item%%:*}" --partitions "${item##*:}" --replication-factor 1 \
      >>"$KAFKA_LOG" 2>&1 &
    pids+=("$!")
    # at most 4 JVMs at once on a small machine
    if ((${#pids[@]} == 4)); then
      for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
      pids=()
    fi
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  ((failed == 0)) || die kafka "creating topics failed; see $KAFKA_LOG"
  log kafka "created topics: ${missing[*]%%:*}"
}

# The group coordinator's topic (__consumer_offsets) is created on the first FindCoordinator request; until
# then every consumer's first join fails with "The group coordinator is not available" and retries.
# Asking for a group's description once makes the broker create it now, so the first test does not wait.
kafka_warm_group_coordinator() {
  local topics
  topics="$(kafka_topics --list 2>/dev/null)" || return 1
  grep -qx '__consumer_offsets' <<<"$topics" && return 0
  timeout 30 java "${KAFKA_TOOL_OPTS[@]}" -cp "$DIBAO_KAFKA_LIBS/*" \
    org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$KAFKA_BROKERS" \
    --describe --group dibao-infra-warmup >/dev/null 2>&1 || true
  return 1
}

kafka_up() {
  local t0 pid
  t0=$(now_ms)
  ensure_local_dirs
  kafka_require_java
  mkdir -p "$DIBAO_KAFKA_DIR"
  kafka_ensure_libs
  if pid="$(live_pid "$KAFKA_PIDFILE" "$KAFKA_PATTERN")"; then
    grep -qx "listeners=PLAINTEXT://127.0.0.1:$DIBAO_KAFKA_PORT,CONTROLLER://127.0.0.1:$DIBAO_KAFKA_CONTROLLER_PORT" "$KAFKA_PROPS" ||
      die kafka "already running (pid $pid) on other ports than DIBAO_KAFKA_PORT=$DIBAO_KAFKA_PORT/DIBAO_KAFKA_CONTROLLER_PORT=$DIBAO_KAFKA_CONTROLLER_PORT: run 'bash infra/local/down.sh kafka' first"
    wait_ready kafka "$DIBAO_KAFKA_START_TIMEOUT" "$pid" "$KAFKA_LOG" kafka_metadata_ok
    log kafka "already running (pid $pid, $KAFKA_BROKERS)"
    kafka_ensure_topics
    return 0
  fi
  require_port_free kafka "$DIBAO_KAFKA_PORT" DIBAO_KAFKA_PORT
  require_port_free kafka "$DIBAO_KAFKA_CONTROLLER_PORT" DIBAO_KAFKA_CONTROLLER_PORT
  kafka_render_config
  kafka_format_storage
  log kafka "starting broker+controller on $KAFKA_BROKERS (controller 127.0.0.1:$DIBAO_KAFKA_CONTROLLER_PORT)"
  spawn_detached "$KAFKA_LOG" "$KAFKA_PIDFILE" java -Xms512m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true "-Dlog4j.configuration=file:$ROOT/infra/kafka/log4j.properties" \
    "-Dkafka.logs.dir=$DIBAO_LOG_DIR" -cp "$DIBAO_KAFKA_LIBS/*" kafka.Kafka "$KAFKA_PROPS"
  pid="$(cat "$KAFKA_PIDFILE")"
  wait_ready kafka "$DIBAO_KAFKA_START_TIMEOUT" "$pid" "$KAFKA_LOG" port_open "$DIBAO_KAFKA_PORT"
  wait_ready kafka "$DIBAO_KAFKA_START_TIMEOUT" "$pid" "$KAFKA_LOG" kafka_metadata_ok
  log kafka "broker answering metadata requests after $(since "$t0")"
  kafka_ensure_topics
  wait_ready kafka 60 "$pid" "$KAFKA_LOG" kafka_warm_group_coordinator
  log kafka "ready on $KAFKA_BROKERS (pid $pid, group coordinator up) in $(since "$t0")"
}

kafka_down() {
  local pid
  if pid="$(live_pid "$KAFKA_PIDFILE" "$KAFKA_PATTERN")"; then
    log kafka "stopping (pid $pid; controlled shutdown)"
    stop_pid kafka "$pid"
    rm -f "$KAFKA_PIDFILE"
    log kafka "stopped"
  else
    log kafka "not running"
  fi
}

kafka_status() {
  local pid
  if pid="$(live_pid "$KAFKA_PIDFILE" "$KAFKA_PATTERN")" && port_open "$DIBAO_KAFKA_PORT"; then
    printf '%-9s up    %-16s pid %s\n' kafka "$KAFKA_BROKERS" "$pid"
  else
    printf '%-9s down  %-16s\n' kafka "$KAFKA_BROKERS"
    return 1
  fi
}
