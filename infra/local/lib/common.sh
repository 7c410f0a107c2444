# shellcheck shell=bash
# Helpers shared by the per-service libraries. Sourced after env.sh.

# shellcheck disable=SC2034 # used by load.sh
DIBAO_SERVICES=(postgres temporal kafka)

# log SERVICE MESSAGE... / warn / die: every line names its service, so parallel start-up output stays legible.
log() {
  local svc="$1"
  shift
  printf '[%-8s] %s\n' "$svc" "$*"
}
warn() {
  local svc="$1"
  shift
  printf '[%-8s] WARNING: %s\n' "$svc" "$*" >&2
}
die() {
  local svc="$1"
  shift
  printf '[%-8s] ERROR: %s\n' "$svc" "$*" >&2
  exit 1
}

# Milliseconds since the epoch, and "12.3s" since a given start.
now_ms() { date +%s%3N; }
since() {
  local start="$1" ms
  ms=$(($(now_ms) - start))
  printf '%d.%01ds' $((ms / 1000)) $(((ms % 1000) / 100))
}

ensure_local_dirs() {
  mkdir -p "$DIBAO_LOCAL" "$DIBAO_BIN_DIR" "$DIBAO_LOG_DIR" "$DIBAO_RUN_DIR"
}

# require_cmd SERVICE COMMAND HINT: fail at once, naming what is missing and how to get it.
require_cmd() {
  local svc="$1" cmd="$2" hint="$3"
  command -v "$cmd" >/dev/null 2>&1 || die "$svc" "'$cmd' not found on PATH: $hint"
}

# port_open PORT [HOST]: true when something accepts TCP connections there.
port_open() {
  local port="$1" host="${2:-127.0.0.1}"
  timeout 2 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null
}

# require_port_free SERVICE PORT VAR: fail when another process already holds a port we are about to use.
require_port_free() {
  local svc="$1" port="$2" var="$3"
  if port_open "$port"; then
    die "$svc" "port $port is already in use by another process (not ours); stop it or choose another port with $var=<port>"
  fi
}

# live_pid PIDFILE PATTERN: print the pid recorded in PIDFILE when that process is alive and its command
# line contains PATTERN (so a stale pid file, or a pid reused by an unrelated process, is not mistaken for
# our service). A stale pid file is removed. Returns non-zero when the service is not running.
live_pid() {
  local pidfile="$1" pattern="$2" pid cmdline
  [[ -s "$pidfile" ]] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && [[ -r "/proc/$pid/cmdline" ]]; then
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
    if [[ "$cmdline" == *"$pattern"* ]]; then
      printf '%s\n' "$pid"
      return 0
    fi
  fi
  rm -f "$pidfile"
  return 1
}

# spawn_detached LOGFILE PIDFILE COMMAND...: start COMMAND in its own session (setsid), immune to the
# hang-up of this terminal (nohup), with stdin closed and output appended to LOGFILE; record its pid.
# The process outlives this script and is not killed with its process group.
spawn_detached() {
  local logfile="$1" pidfile="$2"
  shift 2
  printf '\n===== %s: %s\n' "$(date -Is)" "$*" >>"$logfile"
  # Without job control a background child is never a process-group leader, so setsid execs in place
  # (no extra fork) and $! is the service's own pid.
  setsid nohup "$@" </dev/null >>"$logfile" 2>&1 &
  printf '%s\n' "$!" >"$pidfile"
}

# wait_ready SERVICE TIMEOUT PID LOGFILE CHECK...: poll CHECK (a command) every half second until it
# succeeds. Fails when TIMEOUT seconds pass or when PID (if not empty) dies, showing the log's tail.
wait_ready() {
  local svc="$1" timeout="$2" pid="$3" logfile="$4"
  shift 4
  local deadline=$(($(date +%s) + timeout))
  until "$@" >/dev/null 2>&1; do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      tail -n 40 "$logfile" >&2 || true
      die "$svc" "the process (pid $pid) exited during start-up; see $logfile"
    fi
    if (($(date +%s) >= deadline)); then
      tail -n 40 "$logfile" >&2 || true
      die "$svc" "not ready after ${timeout}s; see $logfile"
    fi
    sleep 0.5
  done
}

# stop_pid SERVICE PID: SIGTERM, wait up to DIBAO_STOP_TIMEOUT seconds, then SIGKILL.
stop_pid() {
  local svc="$1" pid="$2" waited=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= DIBAO_STOP_TIMEOUT * 10)); then
      warn "$svc" "pid $pid still running ${DIBAO_STOP_TIMEOUT}s after SIGTERM: sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

# read_list FILE: the non-empty, non-comment lines of FILE (trimmed).
read_list() {
  sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$1"
}
