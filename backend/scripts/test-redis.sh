#!/usr/bin/env bash
# test-redis.sh — print a Redis URL for tests. Only the URL goes to stdout.
# Order: $TEST_REDIS_URL; the machine's Redis on 127.0.0.1:6379 if it answers; else a project-local redis-server
# on 127.0.0.1:${TOLLGATE_REDIS_PORT:-63799} (nothing kept on disk), installed with apt-get when missing (root, Debian).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
TG_SCRIPT=test-redis.sh
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$SCRIPT_DIR/lib.sh"

if [ -n "${TEST_REDIS_URL:-}" ]; then
  printf '%s\n' "$TEST_REDIS_URL"
  exit 0
fi
ping_redis() { # ping_redis PORT: true when a Redis answers PONG on 127.0.0.1:PORT
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" = PONG ]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'PING\r\n' >&3 && head -c 5 <&3 | grep -q PONG) 2>/dev/null
  fi
}
if ping_redis 6379; then
  printf 'redis://127.0.0.1:6379/0\n'
  exit 0
fi
port=${TOLLGATE_REDIS_PORT:-63799}
if ! ping_redis "$port"; then
  if ! command -v redis-server >/dev/null 2>&1; then
    if tg_can_apt; then
      tg_log "installing redis-server"
      tg_apt_install redis-server
    else
      tg_die "no Redis found: install redis-server (Debian: apt-get install redis-server) or set TEST_REDIS_URL"
    fi
  fi
  mkdir -p "$ROOT/.data/redis"
  tg_log "starting a project-local Redis on 127.0.0.1:$port"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
    --dir "$ROOT/.data/redis" --logfile "$ROOT/.data/redis/redis.log" --pidfile "$ROOT/.data/redis/redis.pid" >&2
  for _ in $(seq 1 50); do ping_redis "$port" && break; sleep 0.1; done
  ping_redis "$port" || tg_die "Redis did not start; see .data/redis/redis.log"
fi
printf 'redis://127.0.0.1:%s/0\n' "$port"
