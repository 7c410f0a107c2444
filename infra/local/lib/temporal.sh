# shellcheck shell=bash
# Temporal: the real server (temporal CLI's dev server, SQLite-backed, with the Web UI), built once from
# source with `go install` into .local/bin, state in .local/temporal/temporal.db.

TEMPORAL_PIDFILE="$DIBAO_RUN_DIR/temporal.pid"
TEMPORAL_LOG="$DIBAO_LOG_DIR/temporal.log"
TEMPORAL_BUILD_LOG="$DIBAO_LOG_DIR/temporal-build.log"
TEMPORAL_PKG="github.com/temporalio/cli/cmd/temporal"
# What identifies our server process (and not another checkout's): its command line has our db file.
TEMPORAL_PATTERN="start-dev --db-filename $DIBAO_TEMPORAL_DB"
# Go toolchain for the build: `local` uses the installed go (>= 1.25 needed: the CLI's go.mod says
# go 1.25.0). With an older go, DIBAO_TEMPORAL_GOTOOLCHAIN=go1.25.5 (say) lets go fetch that toolchain
# through the module proxy.
DIBAO_TEMPORAL_GOTOOLCHAIN="${DIBAO_TEMPORAL_GOTOOLCHAIN:-local}"

temporal_cli() {
  "$DIBAO_TEMPORAL_BIN" "$@" --address "$TEMPORAL_ADDRESS" --command-timeout 5s --color never
}

temporal_binary_ok() {
  [[ -x "$DIBAO_TEMPORAL_BIN" ]] && "$DIBAO_TEMPORAL_BIN" --version >/dev/null 2>&1
}

# Another `go install` of the CLI (a second up.sh, or a build started by hand) is running: wait for it
# rather than compiling the same thing twice on two cores.
temporal_wait_for_other_build() {
  local waited=0
  while pgrep -f "go install $TEMPORAL_PKG" >/dev/null 2>&1; do
    ((waited % 30 == 0)) && log temporal "waiting for a running 'go install $TEMPORAL_PKG' to finish (${waited}s)"
    sleep 2
    waited=$((waited + 2))
    ((waited < 1800)) || die temporal "a 'go install $TEMPORAL_PKG' has been running for 30 minutes; stop it or wait"
  done
}

temporal_ensure_built() {
  if temporal_binary_ok; then
    log temporal "binary present: $DIBAO_TEMPORAL_BIN ($("$DIBAO_TEMPORAL_BIN" --version))"
    return 0
  fi
  temporal_wait_for_other_build
  # One build at a time for this checkout, even across concurrent up.sh runs.
  local lock_fd
  exec {lock_fd}>"$DIBAO_RUN_DIR/temporal-build.lock"
  flock "$lock_fd"
  if temporal_binary_ok; then
    log temporal "binary present (built meanwhile): $("$DIBAO_TEMPORAL_BIN" --version)"
    exec {lock_fd}>&-
    return 0
  fi
  require_cmd temporal go "install Go >= 1.25 to build the temporal CLI $DIBAO_TEMPORAL_VERSION (Debian 12's golang package, Go 1.19, is too old)"
  local gover
  gover="$(go env GOVERSION 2>/dev/null)"
  if [[ "$DIBAO_TEMPORAL_GOTOOLCHAIN" == local ]] && ! printf '%s\n' go1.25 "$gover" | sort -VC; then
    die temporal "$gover is too old for temporal CLI $DIBAO_TEMPORAL_VERSION (go.mod: go 1.25.0); install Go >= 1.25 or set DIBAO_TEMPORAL_GOTOOLCHAIN=go1.25.5 to let go fetch it"
  fi
  log temporal "building temporal CLI $DIBAO_TEMPORAL_VERSION with $gover (several minutes on 2 cores; log: $TEMPORAL_BUILD_LOG)"
  local t0
  t0=$(now_ms)
  printf '\n===== %s: go install %s@%s\n' "$(date -Is)" "$TEMPORAL_PKG" "$DIBAO_TEMPORAL_VERSION" >>"$TEMPORAL_BUILD_LOG"
  GOBIN="$DIBAO_BIN_DIR" CGO_ENABLED=0 GOTOOLCHAIN="$DIBAO_TEMPORAL_GOTOOLCHAIN" \
    go install "$TEMPORAL_PKG@$DIBAO_TEMPORAL_VERSION" >>"$TEMPORAL_BUILD_LOG" 2>&1 || {
    tail -n 20 "$TEMPORAL_BUILD_LOG" >&2
    die temporal "go install $TEMPORAL_PKG@$DIBAO_TEMPORAL_VERSION failed; see $TEMPORAL_BUILD_LOG"
  }
  exec {lock_fd}>&-
  temporal_binary_ok || die temporal "build finished but $DIBAO_TEMPORAL_BIN does not run"
  log temporal "built in $(since "$t0"): $("$DIBAO_TEMPORAL_BIN" --version), $(du -h "$DIBAO_TEMPORAL_BIN" | cut -f1)"
}

temporal_healthy() {
  temporal_cli operator cluster health 2>/dev/null | grep -q SERVING
}

# Every attribute of infra/temporal/search-attributes.txt is registered in the namespace (default: TEMPORAL_NAMESPACE).
temporal_search_attributes_ok() {
  local namespace="${1:-$TEMPORAL_NAMESPACE}" listed name
  listed="$(temporal_cli operator search-attribute list --namespace "$namespace" 2>/dev/null)" || return 1
  while IFS='=' read -r name _; do
    grep -qw -- "$name" <<<"$listed" || return 1
  done < <(read_list "$ROOT/infra/temporal/search-attributes.txt")
}

# Registers the search attributes a namespace lacks, then checks them all. A new namespace reaches the server's
# caches only after a few seconds, and until then creating its attributes fails: wait_ready repeats this.
temporal_register_search_attributes() {
  local namespace="$1" name type
  temporal_search_attributes_ok "$namespace" && return 0
  while IFS='=' read -r name type; do
    temporal_cli operator search-attribute create --namespace "$namespace" --name "$name" --type "$type" >/dev/null 2>&1 || true
  done < <(read_list "$ROOT/infra/temporal/search-attributes.txt")
  temporal_search_attributes_ok "$namespace"
}

temporal_namespace_exists() {
  temporal_cli operator namespace describe --namespace "$1" >/dev/null 2>&1
}

# The namespaces of infra/temporal/namespaces.txt exist, each with every search attribute. Idempotent.
temporal_ensure_namespaces() {
  local namespace pid
  pid="$(cat "$TEMPORAL_PIDFILE")"
  while read -r namespace; do
    if ! temporal_namespace_exists "$namespace"; then
      temporal_cli operator namespace create --namespace "$namespace" --retention 72h >/dev/null ||
        die temporal "could not create namespace $namespace"
      log temporal "namespace $namespace created"
    fi
    wait_ready temporal 90 "$pid" "$TEMPORAL_LOG" temporal_register_search_attributes "$namespace"
  done < <(read_list "$ROOT/infra/temporal/namespaces.txt")
}

temporal_up() {
  local t0 pid
  t0=$(now_ms)
  ensure_local_dirs
  temporal_ensure_built
  if pid="$(live_pid "$TEMPORAL_PIDFILE" "$TEMPORAL_PATTERN")"; then
    [[ "$(tr '\0' ' ' <"/proc/$pid/cmdline")" == *"--port $DIBAO_TEMPORAL_PORT --ui-port $DIBAO_TEMPORAL_UI_PORT "* ]] ||
      die temporal "already running (pid $pid) on other ports than DIBAO_TEMPORAL_PORT=$DIBAO_TEMPORAL_PORT/DIBAO_TEMPORAL_UI_PORT=$DIBAO_TEMPORAL_UI_PORT: run 'bash infra/local/down.sh temporal' first"
    wait_ready temporal "$DIBAO_TEMPORAL_START_TIMEOUT" "$pid" "$TEMPORAL_LOG" temporal_healthy
    log temporal "already running (pid $pid, $TEMPORAL_ADDRESS)"
    temporal_search_attributes_ok || die temporal "running, but the search attributes of infra/temporal/search-attributes.txt are not all registered; restart it (down.sh temporal; up.sh temporal)"
    temporal_ensure_namespaces
    return 0
  fi
  require_port_free temporal "$DIBAO_TEMPORAL_PORT" DIBAO_TEMPORAL_PORT
  require_port_free temporal "$DIBAO_TEMPORAL_UI_PORT" DIBAO_TEMPORAL_UI_PORT
  mkdir -p "$DIBAO_TEMPORAL_DIR"

  local -a args=(server start-dev
    --db-filename "$DIBAO_TEMPORAL_DB"
    --ip 127.0.0.1 --port "$DIBAO_TEMPORAL_PORT" --ui-port "$DIBAO_TEMPORAL_UI_PORT"
    --namespace "$TEMPORAL_NAMESPACE"
    --log-format text --log-level warn)
  local line
  while read -r line; do args+=(--search-attribute "$line"); done < <(read_list "$ROOT/infra/temporal/search-attributes.txt")
  while read -r line; do args+=(--sqlite-pragma "$line"); done < <(read_list "$ROOT/infra/temporal/sqlite-pragmas.txt")
  while read -r line; do args+=(--dynamic-config-value "$line"); done < <(read_list "$ROOT/infra/temporal/dynamic-config.txt")

  log temporal "starting dev server on $TEMPORAL_ADDRESS (UI http://127.0.0.1:$DIBAO_TEMPORAL_UI_PORT, db $DIBAO_TEMPORAL_DB)"
  spawn_detached "$TEMPORAL_LOG" "$TEMPORAL_PIDFILE" "$DIBAO_TEMPORAL_BIN" "${args[@]}"
  pid="$(cat "$TEMPORAL_PIDFILE")"
  wait_ready temporal "$DIBAO_TEMPORAL_START_TIMEOUT" "$pid" "$TEMPORAL_LOG" temporal_healthy
  wait_ready temporal 30 "$pid" "$TEMPORAL_LOG" temporal_search_attributes_ok
  temporal_ensure_namespaces
  log temporal "ready on $TEMPORAL_ADDRESS (pid $pid, search attributes registered) in $(since "$t0")"
}

temporal_down() {
  local pid
  if pid="$(live_pid "$TEMPORAL_PIDFILE" "$TEMPORAL_PATTERN")"; then
    log temporal "stopping (pid $pid)"
    stop_pid temporal "$pid"
    rm -f "$TEMPORAL_PIDFILE"
    log temporal "stopped"
  else
    log temporal "not running"
  fi
}

temporal_status() {
  local pid
  if pid="$(live_pid "$TEMPORAL_PIDFILE" "$TEMPORAL_PATTERN")" && port_open "$DIBAO_TEMPORAL_PORT"; then
    printf '%-9s up    %-16s pid %s  ui http://127.0.0.1:%s\n' temporal "$TEMPORAL_ADDRESS" "$pid" "$DIBAO_TEMPORAL_UI_PORT"
  else
    printf '%-9s down  %-16s\n' temporal "$TEMPORAL_ADDRESS"
    return 1
  fi
}
