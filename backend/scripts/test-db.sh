#!/usr/bin/env bash
# test-db.sh — print a PostgreSQL admin URL for tests (each test package creates and drops its own
# database through it). Only the URL goes to stdout; messages go to stderr.
#
# Order: $TEST_DATABASE_URL; else $DATABASE_URL; else the machine's PostgreSQL on
# 127.0.0.1:${TOLLGATE_SYSTEM_PG_PORT:-5432} if `postgres` can log in there without a password;
# else the project-local server (pg.sh start), database "postgres".
#
#   export TEST_DATABASE_URL="$(backend/scripts/test-db.sh)"
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TG_SCRIPT=test-db.sh
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$SCRIPT_DIR/lib.sh"

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  tg_log "using TEST_DATABASE_URL"
  printf '%s\n' "$TEST_DATABASE_URL"
  exit 0
fi
if [ -n "${DATABASE_URL:-}" ]; then
  tg_log "using DATABASE_URL"
  printf '%s\n' "$DATABASE_URL"
  exit 0
fi

SYS_PORT=${TOLLGATE_SYSTEM_PG_PORT:-5432}
case $SYS_PORT in '' | *[!0-9]*) tg_die "TOLLGATE_SYSTEM_PG_PORT must be a number, got '$SYS_PORT'" ;; esac
sys_url="postgres://postgres@127.0.0.1:$SYS_PORT/postgres?sslmode=disable"

if command -v pg_isready >/dev/null 2>&1 && command -v psql >/dev/null 2>&1 &&
  pg_isready -q -h 127.0.0.1 -p "$SYS_PORT" -t 3 >/dev/null 2>&1 &&
  PGCONNECT_TIMEOUT=5 PGPASSWORD='' psql -X -q -w "$sys_url" -Atc 'select 1' >/dev/null 2>&1; then
  tg_log "using the PostgreSQL on 127.0.0.1:$SYS_PORT"
  printf '%s\n' "$sys_url"
  exit 0
fi

tg_log "no PostgreSQL reachable on 127.0.0.1:$SYS_PORT as 'postgres' without a password; using the project-local one"
"$SCRIPT_DIR/pg.sh" start >&2
"$SCRIPT_DIR/pg.sh" url postgres
