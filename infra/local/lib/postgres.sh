# shellcheck shell=bash
# PostgreSQL 15: a private cluster in .local/pg, run by the `postgres` OS user (the server refuses to run
# as root), listening on 127.0.0.1:$DIBAO_PG_PORT with its socket in .local/pg-socket.

PG_PIDFILE="$DIBAO_RUN_DIR/postgres.pid"
PG_LOG="$DIBAO_LOG_DIR/postgres.log"
PG_BIN=""

# Run a command as the postgres OS user, from a folder it can read (root's cwd may be closed to it).
as_postgres() {
  (cd / && runuser -u postgres -- "$@")
}

# Find the server binaries: a PostgreSQL 15 install first, then whatever initdb is on PATH.
postgres_find_bin() {
  local dir
  for dir in /usr/lib/postgresql/15/bin "$(dirname "$(readlink -f "$(command -v initdb 2>/dev/null || echo /nonexistent)")")"; do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]]; then
      PG_BIN="$dir"
      return 0
    fi
  done
  for dir in /usr/lib/postgresql/*/bin; do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then PG_BIN="$dir"; fi
  done
  [[ -n "$PG_BIN" ]]
}

postgres_ensure_installed() {
  if ! postgres_find_bin; then
    command -v apt-get >/dev/null 2>&1 ||
      die postgres "PostgreSQL server binaries (initdb, pg_ctl) not found and apt-get is not available: install PostgreSQL 15"
    [[ $EUID -eq 0 ]] || die postgres "PostgreSQL is not installed and installing it needs root: run 'apt-get install -y postgresql' as root"
    log postgres "initdb/pg_ctl not found: installing Debian's postgresql package (apt-get)"
    local t0
    t0=$(now_ms)
    { DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql; } \
      >>"$DIBAO_LOG_DIR/postgres-install.log" 2>&1 ||
      die postgres "apt-get install postgresql failed; see $DIBAO_LOG_DIR/postgres-install.log"
    postgres_find_bin || die postgres "postgresql installed but initdb/pg_ctl still not found under /usr/lib/postgresql/*/bin"
    log postgres "installed in $(since "$t0")"
  fi
  require_cmd postgres runuser "install util-linux (provides runuser)"
  require_cmd postgres psql "install postgresql-client"
  id postgres >/dev/null 2>&1 || die postgres "no 'postgres' OS user (Debian's postgresql package creates it): run 'apt-get install -y postgresql'"
  local version
  version="$("$PG_BIN/pg_ctl" --version | awk '{print $NF}')"
  [[ "$version" == 15.* ]] || warn postgres "expected PostgreSQL 15, found $version in $PG_BIN"
}

pg_ctl_() { as_postgres "$PG_BIN/pg_ctl" -D "$DIBAO_PG_DATA" "$@"; }

# psql as the superuser over the private socket; extra arguments are passed on.
psql_super() {
  as_postgres psql -X -q -v ON_ERROR_STOP=1 -h "$DIBAO_PG_SOCKET_DIR" -p "$DIBAO_PG_PORT" -d postgres "$@"
}

postgres_running() {
  [[ -n "$PG_BIN" ]] || postgres_find_bin || return 1
  [[ -f "$DIBAO_PG_DATA/postmaster.pid" ]] || return 1
  pg_ctl_ status >/dev/null 2>&1
}

# The pid and port a running postmaster recorded in postmaster.pid (lines 1 and 4).
postgres_pid() { sed -n 1p "$DIBAO_PG_DATA/postmaster.pid" 2>/dev/null; }
postgres_running_port() { sed -n 4p "$DIBAO_PG_DATA/postmaster.pid" 2>/dev/null; }

# The postgres user must be able to traverse every folder down to .local/pg (a clone under a 0700 home,
# e.g. /root, is not): add only the search (x) bit for others where it is missing, and say so.
# (The folder that holds the data directory: .local, or the stack's DIBAO_STATE_DIR.)
postgres_make_traversable() {
  local dir
  dir="$(dirname "$DIBAO_PG_DATA")"
  mkdir -p "$dir"
  local -a dirs=("$DIBAO_LOG_DIR")
  while [[ "$dir" != "/" ]]; do
    dirs=("$dir" "${dirs[@]}")
    dir="$(dirname "$dir")"
  done
  # from the top down, so that each check sees its parents already open
  for dir in "${dirs[@]}"; do
    if ! as_postgres test -x "$dir" 2>/dev/null; then
      log postgres "making $dir traversable for the postgres user (chmod o+x)"
      chmod o+x "$dir"
    fi
  done
}

postgres_init_cluster() {
  mkdir -p "$DIBAO_PG_DATA" "$DIBAO_PG_SOCKET_DIR"
  chown postgres:postgres "$DIBAO_PG_DATA" "$DIBAO_PG_SOCKET_DIR"
  chmod 700 "$DIBAO_PG_DATA"
  if [[ ! -s "$DIBAO_PG_DATA/PG_VERSION" ]]; then
    log postgres "initdb $DIBAO_PG_DATA"
    as_postgres "$PG_BIN/initdb" -D "$DIBAO_PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=peer --auth-host=scram-sha-256 >>"$PG_LOG" 2>&1 ||
      die postgres "initdb failed; see $PG_LOG"
  elif [[ "$(stat -c %U "$DIBAO_PG_DATA")" != postgres ]]; then
    chown -R postgres:postgres "$DIBAO_PG_DATA"
  fi
  # Our settings live in infra/postgres/postgresql.conf; refreshed at every start.
  install -o postgres -g postgres -m 600 "$ROOT/infra/postgres/postgresql.conf" "$DIBAO_PG_DATA/dibao.conf"
  grep -q "^include_if_exists = 'dibao.conf'" "$DIBAO_PG_DATA/postgresql.conf" ||
    printf "\n# dibao: settings from infra/postgres/postgresql.conf\ninclude_if_exists = 'dibao.conf'\n" >>"$DIBAO_PG_DATA/postgresql.conf"
}

# Role dibao/dibao and one database per line of infra/postgres/databases.txt, all idempotent.
postgres_ensure_databases() {
  psql_super <<'SQL' || die postgres "could not create or update the role dibao"
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dibao') THEN
    CREATE ROLE dibao LOGIN CREATEDB PASSWORD 'dibao';
  ELSE
    ALTER ROLE dibao LOGIN CREATEDB PASSWORD 'dibao';
  END IF;
END
$$;
SQL
  local db created=()
  while read -r db; do
    if [[ -z "$(psql_super -tA -v db="$db" <<<"SELECT 1 FROM pg_database WHERE datname = :'db'")" ]]; then
      psql_super -v db="$db" <<<"SELECT format('CREATE DATABASE %I OWNER dibao', :'db') \gexec" ||
        die postgres "could not create database $db"
      created+=("$db")
    fi
  done < <(read_list "$ROOT/infra/postgres/databases.txt")
  if ((${#created[@]})); then log postgres "created databases: ${created[*]}"; fi
  if [[ "$DIBAO_STACK" == production ]]; then postgres_ensure_production_roles; fi
}

# DIBAO_STACK=production: one login role per service database (dibao_households owns dibao_households, ...; password:
# the role's name, local stacks only), no superuser, no CREATEDB; only the owner (and its members) may connect.
# `dibao` (not a superuser either) is made a member of each, so that the tests can create, hand over and read the
# databases of a copy of the system (tools/lib/apps.js). Temporal gets its own role and two databases.
postgres_ensure_production_roles() {
  local db
  while read -r db; do
    psql_super -v db="$db" <<'SQL' || die postgres "could not set up the role of $db"
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE', :'db')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'db') \gexec
SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'db', :'db') \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'db', :'db') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db') \gexec
SELECT format('GRANT %I TO dibao', :'db') WHERE NOT pg_has_role('dibao', :'db', 'MEMBER') \gexec
SQL
  done < <(read_list "$ROOT/infra/postgres/databases.txt")
  psql_super -v role="$DIBAO_TEMPORAL_DB_USER" -v pw="$DIBAO_TEMPORAL_DB_PASSWORD" <<'SQL' || die postgres "could not set up Temporal's role"
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE', :'role')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'role', :'pw') \gexec
SQL
  for db in "$DIBAO_TEMPORAL_DB_NAME" "$DIBAO_TEMPORAL_VISIBILITY_DB_NAME"; do
    psql_super -v db="$db" -v role="$DIBAO_TEMPORAL_DB_USER" <<'SQL' || die postgres "could not create database $db"
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db') \gexec
SQL
  done
}

postgres_check_login() {
  PGPASSWORD=dibao PGCONNECT_TIMEOUT=3 psql -X -q -tA -h 127.0.0.1 -p "$DIBAO_PG_PORT" -U dibao -d postgres -c 'select 1' >/dev/null 2>&1
}

postgres_up() {
  local t0
  t0=$(now_ms)
  postgres_ensure_installed
  if postgres_running; then
    local port
    port="$(postgres_running_port)"
    [[ "$port" == "$DIBAO_PG_PORT" ]] ||
      die postgres "already running on port $port, not DIBAO_PG_PORT=$DIBAO_PG_PORT: run 'bash infra/local/down.sh postgres' first"
    postgres_pid >"$PG_PIDFILE"
    log postgres "already running (pid $(postgres_pid), 127.0.0.1:$DIBAO_PG_PORT)"
    postgres_ensure_databases
    return 0
  fi
  rm -f "$PG_PIDFILE"
  require_port_free postgres "$DIBAO_PG_PORT" DIBAO_PG_PORT
  postgres_make_traversable
  postgres_init_cluster
  touch "$PG_LOG"
  chown postgres:postgres "$PG_LOG"
  log postgres "starting $("$PG_BIN/postgres" --version) on 127.0.0.1:$DIBAO_PG_PORT"
  # pg_ctl -w waits until the server accepts connections; setsid puts the postmaster in its own session
  # so that it survives this script and its process group.
  setsid runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$DIBAO_PG_DATA" -l "$PG_LOG" -w -t "$DIBAO_PG_START_TIMEOUT" \
    -o "-p $DIBAO_PG_PORT -h 127.0.0.1 -k $DIBAO_PG_SOCKET_DIR" start </dev/null >/dev/null 2>&1 || {
    tail -n 30 "$PG_LOG" >&2
    die postgres "pg_ctl start failed; see $PG_LOG"
  }
  postgres_pid >"$PG_PIDFILE"
  postgres_ensure_databases
  wait_ready postgres 15 "$(postgres_pid)" "$PG_LOG" postgres_check_login
  log postgres "ready on 127.0.0.1:$DIBAO_PG_PORT (pid $(postgres_pid)) in $(since "$t0")"
}

postgres_down() {
  if ! postgres_running; then
    rm -f "$PG_PIDFILE"
    log postgres "not running"
    return 0
  fi
  local pid
  pid="$(postgres_pid)"
  log postgres "stopping (pid $pid)"
  # 'fast' mode (SIGINT to the postmaster) rolls back open transactions and disconnects clients; the
  # default 'smart' (SIGTERM) would wait for test pools to disconnect. Then 'immediate', then SIGKILL.
  pg_ctl_ stop -m fast -w -t "$DIBAO_STOP_TIMEOUT" >/dev/null 2>&1 ||
    pg_ctl_ stop -m immediate -w -t 10 >/dev/null 2>&1 ||
    stop_pid postgres "$pid"
  rm -f "$PG_PIDFILE"
  log postgres "stopped"
}

postgres_status() {
  if postgres_running && port_open "$DIBAO_PG_PORT"; then
    postgres_pid >"$PG_PIDFILE"
    printf '%-9s up    %-16s pid %s\n' postgres "127.0.0.1:$DIBAO_PG_PORT" "$(postgres_pid)"
  else
    printf '%-9s down  %-16s\n' postgres "127.0.0.1:$DIBAO_PG_PORT"
    return 1
  fi
}
