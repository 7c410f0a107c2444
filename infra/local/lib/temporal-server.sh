# shellcheck shell=bash
# DIBAO_STACK=production: the full Temporal server 1.29.1 (go.temporal.io/server cmd/server: frontend, history,
# matching and worker in one process, each on its own ports) on the stack's PostgreSQL, with SQL (advanced)
# visibility; temporal-sql-tool (cmd/tools/sql) creates and migrates its two databases; the Web UI is
# temporalio/ui-server. All three are built once with `go install` into .local/bin (shared by every stack).
# Loaded after temporal.sh and postgres.sh: the namespace and search-attribute helpers of temporal.sh (and its
# temporal CLI, .local/bin/temporal) are used as they are.

TEMPORAL_SERVER_DIR="$DIBAO_TEMPORAL_DIR-server"
TEMPORAL_SERVER_CONFIG_DIR="$TEMPORAL_SERVER_DIR/config"
TEMPORAL_UI_DIR="$TEMPORAL_SERVER_DIR/ui"
# temporal.sh's helpers (temporal_ensure_namespaces, wait_ready calls) read these: point them at the full server.
TEMPORAL_PIDFILE="$DIBAO_RUN_DIR/temporal-server.pid"
TEMPORAL_LOG="$DIBAO_LOG_DIR/temporal-server.log"
TEMPORAL_UI_PIDFILE="$DIBAO_RUN_DIR/temporal-ui.pid"
TEMPORAL_UI_LOG="$DIBAO_LOG_DIR/temporal-ui.log"
TEMPORAL_SERVER_BUILD_LOG="$DIBAO_LOG_DIR/temporal-server-build.log"
TEMPORAL_SERVER_MODULE="go.temporal.io/server"
TEMPORAL_UI_MODULE="github.com/temporalio/ui-server/v2"
# The PostgreSQL schemas of the server module, copied next to the binaries at build time.
TEMPORAL_SERVER_SCHEMA_DIR="$DIBAO_LOCAL/temporal-server-$DIBAO_TEMPORAL_SERVER_VERSION/schema/postgresql/v12"
# What identifies our processes (not another stack's): their command lines name our state folder.
TEMPORAL_SERVER_PATTERN="--root $TEMPORAL_SERVER_DIR "
TEMPORAL_UI_PATTERN="--root $TEMPORAL_UI_DIR "

temporal_server_binaries_ok() {
  [[ -x "$DIBAO_TEMPORAL_SERVER_BIN" && -x "$DIBAO_TEMPORAL_SQL_TOOL_BIN" && -d "$TEMPORAL_SERVER_SCHEMA_DIR/temporal/versioned" ]] &&
    "$DIBAO_TEMPORAL_SERVER_BIN" --version 2>/dev/null | grep -qF "${DIBAO_TEMPORAL_SERVER_VERSION#v}" &&
    "$DIBAO_TEMPORAL_SQL_TOOL_BIN" --version >/dev/null 2>&1
}

temporal_ui_binary_ok() {
  [[ -x "$DIBAO_TEMPORAL_UI_SERVER_BIN" ]] && "$DIBAO_TEMPORAL_UI_SERVER_BIN" --help >/dev/null 2>&1
}

# go_install_to NAME PACKAGE@VERSION DEST: `go install` into a staging GOBIN (both cmd/server of Temporal and of
# the UI are called `server`), then move the binary to DEST.
temporal_go_install() {
  local what="$1" pkg="$2" dest="$3" t0 stage
  stage="$DIBAO_LOCAL/build/$(basename "$dest")"
  rm -rf "$stage" && mkdir -p "$stage"
  t0=$(now_ms)
  log temporal "building $what: go install $pkg (log: $TEMPORAL_SERVER_BUILD_LOG)"
  printf '\n===== %s: go install %s\n' "$(date -Is)" "$pkg" >>"$TEMPORAL_SERVER_BUILD_LOG"
  GOBIN="$stage" CGO_ENABLED=0 GOTOOLCHAIN="$DIBAO_TEMPORAL_GOTOOLCHAIN" GOFLAGS="${GOFLAGS:--buildvcs=false}" \
    go install "$pkg" >>"$TEMPORAL_SERVER_BUILD_LOG" 2>&1 || {
    tail -n 20 "$TEMPORAL_SERVER_BUILD_LOG" >&2
    die temporal "go install $pkg failed; see $TEMPORAL_SERVER_BUILD_LOG"
  }
  local built
  built="$(find "$stage" -maxdepth 1 -type f -perm -u+x | head -n 1)"
  [[ -n "$built" ]] || die temporal "go install $pkg left no binary in $stage"
  mv -f "$built" "$dest"
  rm -rf "$stage"
  log temporal "built $what in $(since "$t0"): $(du -h "$dest" | cut -f1)"
}

# The server, temporal-sql-tool and the UI server, each built once (one build at a time per checkout).
temporal_server_ensure_built() {
  if temporal_server_binaries_ok && temporal_ui_binary_ok; then
    log temporal "binaries present: $("$DIBAO_TEMPORAL_SERVER_BIN" --version), $("$DIBAO_TEMPORAL_SQL_TOOL_BIN" --version), ui-server $DIBAO_TEMPORAL_UI_SERVER_VERSION"
    return 0
  fi
  local lock_fd
  exec {lock_fd}>"$DIBAO_LOCAL/temporal-server-build.lock"
  flock "$lock_fd"
  require_cmd temporal go "install Go >= 1.25 to build Temporal server $DIBAO_TEMPORAL_SERVER_VERSION"
  local gover
  gover="$(go env GOVERSION 2>/dev/null)"
  if [[ "$DIBAO_TEMPORAL_GOTOOLCHAIN" == local ]] && ! printf '%s\n' go1.24 "$gover" | sort -VC; then
    die temporal "$gover is too old for Temporal server $DIBAO_TEMPORAL_SERVER_VERSION; install a newer Go or set DIBAO_TEMPORAL_GOTOOLCHAIN=go1.25.5"
  fi
  if ! temporal_server_binaries_ok; then
    temporal_go_install "Temporal server $DIBAO_TEMPORAL_SERVER_VERSION" \
      "$TEMPORAL_SERVER_MODULE/cmd/server@$DIBAO_TEMPORAL_SERVER_VERSION" "$DIBAO_TEMPORAL_SERVER_BIN"
    temporal_go_install "temporal-sql-tool $DIBAO_TEMPORAL_SERVER_VERSION" \
      "$TEMPORAL_SERVER_MODULE/cmd/tools/sql@$DIBAO_TEMPORAL_SERVER_VERSION" "$DIBAO_TEMPORAL_SQL_TOOL_BIN"
    # The schemas come from the same module (now in the module cache).
    local moddir
    moddir="$(cd /tmp && GOFLAGS=-mod=mod GOTOOLCHAIN="$DIBAO_TEMPORAL_GOTOOLCHAIN" go mod download -json "$TEMPORAL_SERVER_MODULE@$DIBAO_TEMPORAL_SERVER_VERSION" |
      sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
    [[ -d "$moddir/schema/postgresql/v12" ]] || die temporal "no schema/postgresql/v12 in $TEMPORAL_SERVER_MODULE@$DIBAO_TEMPORAL_SERVER_VERSION ($moddir)"
    rm -rf "$TEMPORAL_SERVER_SCHEMA_DIR"
    mkdir -p "$(dirname "$TEMPORAL_SERVER_SCHEMA_DIR")"
    cp -R "$moddir/schema/postgresql/v12" "$TEMPORAL_SERVER_SCHEMA_DIR"
    chmod -R u+w "$TEMPORAL_SERVER_SCHEMA_DIR"
    temporal_server_binaries_ok || die temporal "build finished but $DIBAO_TEMPORAL_SERVER_BIN / $DIBAO_TEMPORAL_SQL_TOOL_BIN do not run"
  fi
  if ! temporal_ui_binary_ok; then
    temporal_go_install "Temporal UI server $DIBAO_TEMPORAL_UI_SERVER_VERSION" \
      "$TEMPORAL_UI_MODULE/cmd/server@$DIBAO_TEMPORAL_UI_SERVER_VERSION" "$DIBAO_TEMPORAL_UI_SERVER_BIN"
  fi
  exec {lock_fd}>&-
}

temporal_sql_tool() {
  local db="$1"
  shift
  "$DIBAO_TEMPORAL_SQL_TOOL_BIN" --plugin postgres12 --endpoint 127.0.0.1 --port "$DIBAO_PG_PORT" \
    --user "$DIBAO_TEMPORAL_DB_USER" --password "$DIBAO_TEMPORAL_DB_PASSWORD" --database "$db" "$@"
}

# Temporal's role can log in to both of its databases (postgres.sh creates them on the production stack).
temporal_server_db_ready() {
  local db
  for db in "$DIBAO_TEMPORAL_DB_NAME" "$DIBAO_TEMPORAL_VISIBILITY_DB_NAME"; do
    PGPASSWORD="$DIBAO_TEMPORAL_DB_PASSWORD" PGCONNECT_TIMEOUT=3 psql -X -q -tA -h 127.0.0.1 -p "$DIBAO_PG_PORT" \
      -U "$DIBAO_TEMPORAL_DB_USER" -d "$db" -c 'select 1' >/dev/null 2>&1 || return 1
  done
}

temporal_server_schema_version() {
  PGPASSWORD="$DIBAO_TEMPORAL_DB_PASSWORD" psql -X -q -tA -h 127.0.0.1 -p "$DIBAO_PG_PORT" -U "$DIBAO_TEMPORAL_DB_USER" -d "$1" \
    -c "select curr_version from schema_version where version_partition = 0 and db_name = '$1'" 2>/dev/null
}

# The schema of each database: set up once (version tables), then migrated to the newest version of the module
# (update-schema is a no-op when it is current). The number of history shards is recorded at the first start.
temporal_server_ensure_schema() {
  local db dir before after
  for db in "$DIBAO_TEMPORAL_DB_NAME:temporal" "$DIBAO_TEMPORAL_VISIBILITY_DB_NAME:visibility"; do
    dir="$TEMPORAL_SERVER_SCHEMA_DIR/${db##*:}/versioned"
    db="${db%%:*}"
    before="$(temporal_server_schema_version "$db" || true)"
    if [[ -z "$before" ]]; then
      temporal_sql_tool "$db" setup-schema -v 0.0 >>"$TEMPORAL_LOG" 2>&1 || die temporal "temporal-sql-tool setup-schema $db failed; see $TEMPORAL_LOG"
    fi
    temporal_sql_tool "$db" update-schema -d "$dir" >>"$TEMPORAL_LOG" 2>&1 || die temporal "temporal-sql-tool update-schema $db failed; see $TEMPORAL_LOG"
    after="$(temporal_server_schema_version "$db" || true)"
    [[ "$before" == "$after" ]] || log temporal "schema of $db: ${before:-none} -> $after"
  done
}

# The shards of an existing database: the server refuses to start with another DIBAO_TEMPORAL_HISTORY_SHARDS.
temporal_server_recorded_shards() {
  PGPASSWORD="$DIBAO_TEMPORAL_DB_PASSWORD" psql -X -q -tA -h 127.0.0.1 -p "$DIBAO_PG_PORT" -U "$DIBAO_TEMPORAL_DB_USER" \
    -d "$DIBAO_TEMPORAL_DB_NAME" -c "select count(*) from shards" 2>/dev/null
}

temporal_server_render_config() {
  mkdir -p "$TEMPORAL_SERVER_CONFIG_DIR" "$TEMPORAL_UI_DIR/config"
  local m="$DIBAO_TEMPORAL_MEMBERSHIP_PORT"
  sed -e "s|@HISTORY_SHARDS@|$DIBAO_TEMPORAL_HISTORY_SHARDS|g" \
    -e "s|@PG_PORT@|$DIBAO_PG_PORT|g" \
    -e "s|@DB_NAME@|$DIBAO_TEMPORAL_DB_NAME|g" \
    -e "s|@VISIBILITY_DB_NAME@|$DIBAO_TEMPORAL_VISIBILITY_DB_NAME|g" \
    -e "s|@DB_USER@|$DIBAO_TEMPORAL_DB_USER|g" \
    -e "s|@DB_PASSWORD@|$DIBAO_TEMPORAL_DB_PASSWORD|g" \
    -e "s|@FRONTEND_PORT@|$DIBAO_TEMPORAL_PORT|g" \
    -e "s|@FRONTEND_HTTP_PORT@|$DIBAO_TEMPORAL_HTTP_PORT|g" \
    -e "s|@HISTORY_PORT@|$DIBAO_TEMPORAL_HISTORY_PORT|g" \
    -e "s|@MATCHING_PORT@|$DIBAO_TEMPORAL_MATCHING_PORT|g" \
    -e "s|@WORKER_PORT@|$DIBAO_TEMPORAL_WORKER_PORT|g" \
    -e "s|@FRONTEND_MEMBERSHIP_PORT@|$m|g" \
    -e "s|@HISTORY_MEMBERSHIP_PORT@|$((m + 1))|g" \
    -e "s|@MATCHING_MEMBERSHIP_PORT@|$((m + 2))|g" \
    -e "s|@WORKER_MEMBERSHIP_PORT@|$((m + 3))|g" \
    -e "s|@DYNAMIC_CONFIG@|$ROOT/infra/temporal/server/dynamicconfig.yaml|g" \
    "$ROOT/infra/temporal/server/production.yaml" >"$TEMPORAL_SERVER_CONFIG_DIR/production.yaml"
  sed -e "s|@FRONTEND_PORT@|$DIBAO_TEMPORAL_PORT|g" -e "s|@UI_PORT@|$DIBAO_TEMPORAL_UI_PORT|g" \
    "$ROOT/infra/temporal/server/ui.yaml" >"$TEMPORAL_UI_DIR/config/production.yaml"
}

# Every port of the server (and the UI's) is free before we start it.
temporal_server_ports() {
  local m="$DIBAO_TEMPORAL_MEMBERSHIP_PORT"
  printf '%s\n' "$DIBAO_TEMPORAL_PORT" "$DIBAO_TEMPORAL_HISTORY_PORT" "$DIBAO_TEMPORAL_MATCHING_PORT" "$DIBAO_TEMPORAL_WORKER_PORT" \
    "$DIBAO_TEMPORAL_HTTP_PORT" "$m" $((m + 1)) $((m + 2)) $((m + 3))
}

temporal_ui_up() {
  local pid
  if pid="$(live_pid "$TEMPORAL_UI_PIDFILE" "$TEMPORAL_UI_PATTERN")"; then
    log temporal "Web UI already running (pid $pid, http://127.0.0.1:$DIBAO_TEMPORAL_UI_PORT)"
    return 0
  fi
  require_port_free temporal "$DIBAO_TEMPORAL_UI_PORT" DIBAO_TEMPORAL_UI_PORT
  spawn_detached "$TEMPORAL_UI_LOG" "$TEMPORAL_UI_PIDFILE" "$DIBAO_TEMPORAL_UI_SERVER_BIN" \
    --root "$TEMPORAL_UI_DIR" --config config --env production start
  pid="$(cat "$TEMPORAL_UI_PIDFILE")"
  wait_ready temporal 30 "$pid" "$TEMPORAL_UI_LOG" port_open "$DIBAO_TEMPORAL_UI_PORT"
  log temporal "Web UI on http://127.0.0.1:$DIBAO_TEMPORAL_UI_PORT (pid $pid)"
}

temporal_server_up() {
  local t0 pid
  t0=$(now_ms)
  ensure_local_dirs
  temporal_ensure_built
  temporal_server_ensure_built
  if pid="$(live_pid "$TEMPORAL_PIDFILE" "$TEMPORAL_SERVER_PATTERN")"; then
    grep -q "grpcPort: $DIBAO_TEMPORAL_PORT\$" "$TEMPORAL_SERVER_CONFIG_DIR/production.yaml" ||
      die temporal "already running (pid $pid) on other ports than DIBAO_TEMPORAL_PORT=$DIBAO_TEMPORAL_PORT: run 'bash infra/local/down.sh temporal' first"
    wait_ready temporal "$DIBAO_TEMPORAL_START_TIMEOUT" "$pid" "$TEMPORAL_LOG" temporal_healthy
    log temporal "server already running (pid $pid, $TEMPORAL_ADDRESS)"
    temporal_ensure_namespaces
    temporal_ui_up
    return 0
  fi
  local port
  while read -r port; do require_port_free temporal "$port" DIBAO_TEMPORAL_PORT; done < <(temporal_server_ports)
  # PostgreSQL is started beside us by up.sh: wait for it and for Temporal's role and databases (postgres.sh).
  if ! temporal_server_db_ready; then
    log temporal "waiting for PostgreSQL on 127.0.0.1:$DIBAO_PG_PORT (role $DIBAO_TEMPORAL_DB_USER, databases $DIBAO_TEMPORAL_DB_NAME, $DIBAO_TEMPORAL_VISIBILITY_DB_NAME)"
    local deadline=$(($(date +%s) + DIBAO_PG_START_TIMEOUT + 60))
    until temporal_server_db_ready; do
      (($(date +%s) < deadline)) || die temporal "PostgreSQL on 127.0.0.1:$DIBAO_PG_PORT has no role $DIBAO_TEMPORAL_DB_USER and databases $DIBAO_TEMPORAL_DB_NAME/$DIBAO_TEMPORAL_VISIBILITY_DB_NAME; run 'bash infra/local/up.sh postgres' (DIBAO_STACK=production) first"
      sleep 1
    done
  fi
  temporal_server_ensure_schema
  local shards
  shards="$(temporal_server_recorded_shards || true)"
  if [[ -n "$shards" && "$shards" != 0 && "$shards" != "$DIBAO_TEMPORAL_HISTORY_SHARDS" ]]; then
    die temporal "the database $DIBAO_TEMPORAL_DB_NAME was set up with $shards history shards, not DIBAO_TEMPORAL_HISTORY_SHARDS=$DIBAO_TEMPORAL_HISTORY_SHARDS: the number cannot change (use DIBAO_TEMPORAL_HISTORY_SHARDS=$shards, or another stack/state folder)"
  fi
  temporal_server_render_config
  log temporal "starting Temporal server $DIBAO_TEMPORAL_SERVER_VERSION on $TEMPORAL_ADDRESS ($DIBAO_TEMPORAL_HISTORY_SHARDS history shards, PostgreSQL 127.0.0.1:$DIBAO_PG_PORT)"
  spawn_detached "$TEMPORAL_LOG" "$TEMPORAL_PIDFILE" "$DIBAO_TEMPORAL_SERVER_BIN" \
    --root "$TEMPORAL_SERVER_DIR" --config config --env production --allow-no-auth start \
    --service frontend --service history --service matching --service worker
  pid="$(cat "$TEMPORAL_PIDFILE")"
  wait_ready temporal "$DIBAO_TEMPORAL_START_TIMEOUT" "$pid" "$TEMPORAL_LOG" temporal_healthy
  log temporal "server answering after $(since "$t0")"
  temporal_ensure_namespaces
  temporal_ui_up
  log temporal "ready on $TEMPORAL_ADDRESS (pid $pid; namespaces and search attributes registered; UI http://127.0.0.1:$DIBAO_TEMPORAL_UI_PORT) in $(since "$t0")"
}

temporal_server_down() {
  local pid
  if pid="$(live_pid "$TEMPORAL_UI_PIDFILE" "$TEMPORAL_UI_PATTERN")"; then
    stop_pid temporal "$pid"
    rm -f "$TEMPORAL_UI_PIDFILE"
  fi
  if pid="$(live_pid "$TEMPORAL_PIDFILE" "$TEMPORAL_SERVER_PATTERN")"; then
    log temporal "stopping the server (pid $pid)"
    stop_pid temporal "$pid"
    rm -f "$TEMPORAL_PIDFILE"
    log temporal "stopped"
  else
    log temporal "not running"
  fi
}

temporal_server_status() {
  local pid ui="-"
  ui="$(live_pid "$TEMPORAL_UI_PIDFILE" "$TEMPORAL_UI_PATTERN")" || ui="down"
  if pid="$(live_pid "$TEMPORAL_PIDFILE" "$TEMPORAL_SERVER_PATTERN")" && port_open "$DIBAO_TEMPORAL_PORT"; then
    printf '%-9s up    %-16s pid %s  ui http://127.0.0.1:%s (pid %s)  server %s, %s shards, postgresql\n' temporal "$TEMPORAL_ADDRESS" "$pid" \
      "$DIBAO_TEMPORAL_UI_PORT" "$ui" "$DIBAO_TEMPORAL_SERVER_VERSION" "$DIBAO_TEMPORAL_HISTORY_SHARDS"
  else
    printf '%-9s down  %-16s\n' temporal "$TEMPORAL_ADDRESS"
    return 1
  fi
}
