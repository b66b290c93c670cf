#!/usr/bin/env bash
# pg.sh — a project-local PostgreSQL for development and tests.
#
#   backend/scripts/pg.sh start         init once, create database "tollgate" once, start (no-op if running)
#   backend/scripts/pg.sh stop          stop (fast mode); no-op if not running
#   backend/scripts/pg.sh status        print state; exit 0 if running, 3 if not
#   backend/scripts/pg.sh url [DB]      print postgres://postgres@127.0.0.1:PORT/DB?sslmode=disable (DB defaults to tollgate)
#
# Files live under <repo>/.data/pg: data/ (cluster), run/ (unix socket), postgres.log.
# Environment:
#   TOLLGATE_PG_PORT   TCP port on 127.0.0.1 (default 54329; never the system's 5432)
#   TOLLGATE_PG_DIR    base directory instead of <repo>/.data/pg
#   TOLLGATE_PG_BIN    directory holding initdb/pg_ctl/postgres (default: found on PATH or /usr/lib/postgresql/*/bin)
#   TOLLGATE_PG_OS_USER  OS user the server runs as when this script runs as root (default postgres)
# Auth is "trust" for local and 127.0.0.1 connections; superuser "postgres"; encoding UTF8.
# PostgreSQL refuses to run as root: when run as root, the server runs as the "postgres" OS user
# (created if missing). If that user cannot reach the repository (e.g. it sits under /root), the
# cluster is kept under /var/tmp/tollgate-pg-<hash> instead, and a notice says so.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
TG_SCRIPT=pg.sh
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$SCRIPT_DIR/lib.sh"

PORT=${TOLLGATE_PG_PORT:-54329}
case $PORT in '' | *[!0-9]*) tg_die "TOLLGATE_PG_PORT must be a number, got '$PORT'" ;; esac
DBNAME=tollgate
PG_OS_USER=${TOLLGATE_PG_OS_USER:-postgres}

usage() {
  echo "usage: $0 {start|stop|status|url [DB]}" >&2
  exit 2
}

# ---------------------------------------------------------------------------------------------
# Where the cluster lives.

# as_pg CMD...: run CMD as the postgres OS user when we are root, else as ourselves.
as_pg() {
  if tg_is_root; then
    if command -v runuser >/dev/null 2>&1; then
      (cd / && runuser -u "$PG_OS_USER" -- "$@" 9>&-)
    else
      local q
      q=$(printf '%q ' "$@")
      (cd / && su -s /bin/sh "$PG_OS_USER" -c "$q" 9>&-)
    fi
  else
    "$@" 9>&- # never hand the lock (fd 9) to the server, which outlives us
  fi
}

ensure_os_user() {
  tg_is_root || return 0
  id -u "$PG_OS_USER" >/dev/null 2>&1 && return 0
  tg_log "creating OS user '$PG_OS_USER' (PostgreSQL will not run as root)"
  if command -v useradd >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /var/lib/postgresql --no-create-home \
      --shell /bin/sh "$PG_OS_USER"
  elif command -v adduser >/dev/null 2>&1; then
    adduser -S -D -H -h /var/lib/postgresql -s /bin/sh "$PG_OS_USER"
  else
    tg_die "no useradd/adduser to create the '$PG_OS_USER' user; create it, or run as a non-root user"
  fi
}

resolve_base() {
  BASE=${TOLLGATE_PG_DIR:-$ROOT/.data/pg}
  if tg_is_root && [ -z "${TOLLGATE_PG_DIR:-}" ] && id -u "$PG_OS_USER" >/dev/null 2>&1; then
    # The postgres user must be able to traverse every parent directory of the repository.
    if ! as_pg test -x "$ROOT" 2>/dev/null; then
      local hash
      hash=$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)
      BASE=/var/tmp/tollgate-pg-$hash
      FALLBACK_NOTE="the '$PG_OS_USER' user cannot reach $ROOT, so the cluster lives in $BASE"
    fi
  fi
  DATA=$BASE/data
  RUN=$BASE/run
  LOG=$BASE/postgres.log
  # Unix socket paths are limited to ~107 bytes; fall back to a short directory under /tmp.
  if [ $((${#RUN} + 20)) -gt 100 ]; then
    RUN=/tmp/tollgate-pg-$(printf '%s' "$BASE" | cksum | cut -d' ' -f1)
  fi
  case $BASE$RUN in *"'"* | *'"'* | *\\*) tg_die "the path '$BASE' contains quotes or backslashes; set TOLLGATE_PG_DIR" ;; esac
}
FALLBACK_NOTE=

# ---------------------------------------------------------------------------------------------
# Binaries.

has_server_bins() { [ -x "$1/initdb" ] && [ -x "$1/pg_ctl" ] && [ -x "$1/postgres" ]; }

# find_bin_dir [MAJOR]: set BIN to a directory with initdb, pg_ctl and postgres. Prefers MAJOR.
find_bin_dir() {
  local want=${1:-} d p cands=()
  if [ -n "${TOLLGATE_PG_BIN:-}" ]; then
    has_server_bins "$TOLLGATE_PG_BIN" || tg_die "TOLLGATE_PG_BIN=$TOLLGATE_PG_BIN has no initdb/pg_ctl/postgres"
    BIN=$TOLLGATE_PG_BIN
    return 0
  fi
  if [ -n "$want" ]; then
    cands+=("/usr/lib/postgresql/$want/bin" "/usr/pgsql-$want/bin" "/opt/homebrew/opt/postgresql@$want/bin" "/usr/local/opt/postgresql@$want/bin")
  fi
  for p in pg_ctl initdb; do
    if command -v "$p" >/dev/null 2>&1; then
      d=$(dirname "$(readlink -f "$(command -v "$p")" 2>/dev/null || command -v "$p")")
      cands+=("$d")
    fi
  done
  # Newest version first.
  while IFS= read -r d; do cands+=("$d"); done < <(
    for d in /usr/lib/postgresql/*/bin /usr/pgsql-*/bin /opt/homebrew/opt/postgresql@*/bin /usr/local/opt/postgresql@*/bin; do
      [ -d "$d" ] && printf '%s\n' "$d"
    done | sort -rV
  )
  cands+=(/usr/local/pgsql/bin)
  BIN=
  for d in "${cands[@]}"; do
    if has_server_bins "$d"; then
      if [ -n "$want" ] && [ "$(bin_major "$d")" != "$want" ]; then
        [ -n "$BIN" ] || BIN=$d # remember the first usable one in case MAJOR is nowhere
        continue
      fi
      BIN=$d
      return 0
    fi
  done
  [ -n "$BIN" ]
}

bin_major() { "$1/pg_ctl" --version 2>/dev/null | sed -E 's/^[^0-9]*([0-9]+).*/\1/;q'; }

ensure_bins() {
  local want=
  [ -s "$DATA/PG_VERSION" ] && want=$(cat "$DATA/PG_VERSION" 2>/dev/null || true)
  if find_bin_dir "$want"; then return 0; fi
  if tg_can_apt; then
    tg_log "PostgreSQL server binaries (initdb, pg_ctl) not found; installing Debian's 'postgresql' package"
    tg_apt_install postgresql || tg_die "apt-get install postgresql failed"
    find_bin_dir "$want" || tg_die "installed 'postgresql' but found no initdb/pg_ctl under /usr/lib/postgresql/*/bin"
    return 0
  fi
  tg_die "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found.
  Install the PostgreSQL server (Debian/Ubuntu: sudo apt-get install postgresql; Fedora: sudo dnf install postgresql-server;
  macOS: brew install postgresql@16), put its bin directory on PATH or in TOLLGATE_PG_BIN,
  or skip the local server by setting DATABASE_URL to an existing database."
}

# psql from the server's directory, else PATH. Connects over TCP with trust auth.
run_psql() {
  local psql=
  if [ -n "${BIN:-}" ] && [ -x "$BIN/psql" ]; then psql=$BIN/psql; elif command -v psql >/dev/null 2>&1; then psql=psql; fi
  [ -n "$psql" ] || tg_die "psql not found (Debian: apt-get install postgresql-client)"
  PGSSLMODE=disable PGCONNECT_TIMEOUT=10 PGOPTIONS='' "$psql" -X -q -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$(running_port)" -U postgres "$@"
}

# ---------------------------------------------------------------------------------------------
# State.

pid_from_file() { [ -r "$DATA/postmaster.pid" ] && sed -n 1p "$DATA/postmaster.pid" 2>/dev/null; }

# The port the running server listens on (line 4 of postmaster.pid), else the configured one.
running_port() {
  local p=
  [ -r "$DATA/postmaster.pid" ] && p=$(sed -n 4p "$DATA/postmaster.pid" 2>/dev/null || true)
  case $p in '' | *[!0-9]*) echo "$PORT" ;; *) echo "$p" ;; esac
}

proc_is_postgres() {
  local pid=$1 comm='' state=''
  if [ -r "/proc/$pid/stat" ]; then
    # A killed postmaster can linger as a zombie until its parent reaps it: that is not running.
    state=$(sed -E 's/^.*\) ([A-Za-z]).*/\1/' "/proc/$pid/stat" 2>/dev/null || true)
    case $state in Z | X) return 1 ;; esac
  fi
  if [ -r "/proc/$pid/comm" ]; then
    comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
  else
    comm=$(ps -o comm= -p "$pid" 2>/dev/null || true)
  fi
  case $comm in postgres* | postmaster*) return 0 ;; *) return 1 ;; esac
}

is_running() {
  [ -f "$DATA/postmaster.pid" ] || return 1
  local pid
  pid=$(pid_from_file) || return 1
  case $pid in '' | *[!0-9]*) return 1 ;; esac
  proc_is_postgres "$pid" || return 1
  # Confirm with pg_ctl (it also checks the data directory matches).
  [ -n "${BIN:-}" ] || find_bin_dir "$(cat "$DATA/PG_VERSION" 2>/dev/null || true)" || return 0
  as_pg "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1
}

# A postmaster.pid (or socket lock file) whose PID now belongs to some other process, e.g. after a
# container or machine restart, or a killed postmaster that is still an unreaped zombie, makes
# postgres refuse to start; postgres itself only handles a PID that is gone.
clear_stale_locks() {
  local f pid
  for f in "$DATA/postmaster.pid" "$RUN/.s.PGSQL.$PORT.lock"; do
    [ -f "$f" ] || continue
    pid=$(sed -n 1p "$f" 2>/dev/null || true)
    case $pid in '' | *[!0-9]*) continue ;; esac
    proc_is_postgres "$pid" && continue
    if kill -0 "$pid" 2>/dev/null; then
      tg_log "removing stale $(basename "$f") (PID $pid is not a running postgres)"
      rm -f "$f"
    fi
  done
}

lock() {
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$BASE/.lock"
    flock -w 300 9 || tg_die "timed out waiting for another pg.sh (lock $BASE/.lock)"
  fi
}

ensure_dirs() {
  if tg_is_root && [ "$BASE" = "$ROOT/.data/pg" ]; then
    mkdir -p "$ROOT/.data"
    chmod go+x "$ROOT/.data" 2>/dev/null || true # let the postgres user traverse it
  fi
  mkdir -p "$BASE" "$RUN"
  if tg_is_root; then
    chown "$PG_OS_USER:" "$BASE" "$RUN"
    chmod 700 "$BASE" "$RUN"
    [ ! -e "$LOG" ] || chown "$PG_OS_USER:" "$LOG"
    if [ -d "$DATA" ] && [ "$(stat -c %U "$DATA" 2>/dev/null)" != "$PG_OS_USER" ]; then
      chown -R "$PG_OS_USER:" "$DATA"
    fi
  fi
}

ensure_database() {
  local have
  have=$(run_psql -d postgres -Atc "select 1 from pg_database where datname = '$DBNAME'") ||
    tg_die "cannot connect to the local PostgreSQL on 127.0.0.1:$(running_port); see $LOG"
  if [ "$have" != 1 ]; then
    tg_log "creating database '$DBNAME'"
    run_psql -d postgres -c "create database $DBNAME" >/dev/null
  fi
}

# ---------------------------------------------------------------------------------------------
# Commands.

cmd_start() {
  ensure_os_user
  resolve_base
  [ -z "$FALLBACK_NOTE" ] || tg_log "note: $FALLBACK_NOTE"
  ensure_dirs
  lock
  ensure_bins

  if is_running; then
    if [ "$(running_port)" != "$PORT" ]; then
      tg_log "already running on port $(running_port), not $PORT (stop it first to change the port)"
    fi
    ensure_database
    tg_log "already running on 127.0.0.1:$(running_port)"
    return 0
  fi

  if [ ! -s "$DATA/PG_VERSION" ] || [ ! -s "$DATA/postgresql.conf" ]; then
    # initdb runs into $DATA.init and is renamed when complete, so a $DATA without these files
    # was not made by this script: leave it alone rather than delete someone's data.
    if [ -e "$DATA" ]; then
      tg_die "$DATA exists but is not a complete PostgreSQL data directory (no PG_VERSION or postgresql.conf).
  Move it away or delete it (rm -rf '$DATA'), then run '$0 start' again."
    fi
    tg_log "initializing a new cluster in $DATA ($("$BIN/postgres" --version))"
    rm -rf "$DATA.init"
    if ! as_pg "$BIN/initdb" -D "$DATA.init" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$BASE/initdb.log" 2>&1; then
      cat "$BASE/initdb.log" >&2
      rm -rf "$DATA.init"
      tg_die "initdb failed"
    fi
    mv "$DATA.init" "$DATA"
  fi

  local have want
  have=$(cat "$DATA/PG_VERSION")
  want=$(bin_major "$BIN")
  if [ -n "$want" ] && [ "$have" != "$want" ]; then
    tg_die "$DATA was created by PostgreSQL $have but only PostgreSQL $want binaries were found ($BIN).
  Install PostgreSQL $have, or remove $BASE to start over (this deletes the local database)."
  fi

  clear_stale_locks
  if command -v pg_isready >/dev/null 2>&1 || [ -x "$BIN/pg_isready" ]; then
    local isready=pg_isready
    [ -x "$BIN/pg_isready" ] && isready=$BIN/pg_isready
    if "$isready" -q -h 127.0.0.1 -p "$PORT" -t 2 >/dev/null 2>&1; then
      tg_die "another server already listens on 127.0.0.1:$PORT; stop it or set TOLLGATE_PG_PORT"
    fi
  fi

  if tg_is_root; then
    touch "$LOG"
    chown "$PG_OS_USER:" "$LOG"
  fi
  local logstart
  logstart=1
  [ ! -f "$LOG" ] || logstart=$(($(wc -l <"$LOG") + 1))
  if ! as_pg "$BIN/pg_ctl" start -D "$DATA" -l "$LOG" -w -t 60 -s \
    -o "-c port=$PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='$RUN'"; then
    tg_log "PostgreSQL did not start; the end of $LOG:"
    tail -n +"$logstart" "$LOG" 2>/dev/null | tail -n 30 >&2 || true
    exit 1
  fi
  ensure_database
  tg_log "PostgreSQL running on 127.0.0.1:$PORT (data $DATA, log $LOG)"
}

cmd_stop() {
  resolve_base
  if [ ! -d "$DATA" ]; then
    tg_log "not running (no cluster in $DATA)"
    return 0
  fi
  lock
  find_bin_dir "$(cat "$DATA/PG_VERSION" 2>/dev/null || true)" || tg_die "pg_ctl not found"
  if ! is_running; then
    tg_log "not running"
    return 0
  fi
  if ! as_pg "$BIN/pg_ctl" stop -D "$DATA" -m fast -w -t 60 -s; then
    tg_log "fast shutdown timed out; using immediate mode"
    as_pg "$BIN/pg_ctl" stop -D "$DATA" -m immediate -w -t 30 -s
  fi
  tg_log "stopped"
}

cmd_status() {
  resolve_base
  if [ -d "$DATA" ] && is_running; then
    echo "running: pid $(pid_from_file), 127.0.0.1:$(running_port), data $DATA"
    return 0
  fi
  echo "not running (data $DATA)"
  return 3
}

cmd_url() {
  local db=${1:-$DBNAME}
  resolve_base
  echo "postgres://postgres@127.0.0.1:$(running_port)/$db?sslmode=disable"
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  url) cmd_url "${2:-}" ;;
  *) usage ;;
esac
