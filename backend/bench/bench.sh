#!/usr/bin/env bash
# bench.sh — `make bench`: the gateway's figures, measured, never asserted (a miss does not fail the build).
#
#  1. Go benchmarks with allocations (-benchmem) of every package that has some: Decide, snapshot lookups and build
#     at 100,000 keys / 10,000 subscriptions, a full reload from PostgreSQL at that size, ServeHTTP refused and
#     allowed, and the bare reverse proxy for reference (backend/gateway/bench_test.go).
#  2. A load run on loopback with wrk, alternating targets in one run: (a) a tiny upstream directly, (b) a bare
#     httputil.ReverseProxy (default Transport, no BufferPool) in front of it, (c) the real `tollgate gateway` on a
#     fresh database, migrated and seeded (seed --demo), with the demo API pointed at the upstream, its plan given a
#     quota and a rate limit that are enforced but never reached, and 100,000 keys / 10,000 subscriptions besides.
#     Per target: req/s, p50/p99, the process's CPU time per request (/proc/<pid>/stat), RSS; Tollgate / bare proxy.
#  3. A summary with PASS/MISS against the issue's targets.
#
# Environment: BENCH_ROUNDS (3), BENCH_DURATION (10s), BENCH_WARMUP (2s), BENCH_CONNS (64), BENCH_THREADS (2),
# BENCH_GO=0 skips the Go benchmarks, BENCH_LOAD=0 skips the load run; TEST_DATABASE_URL as for the tests
# (default: backend/scripts/test-db.sh). Everything started is stopped and every database made is dropped on exit.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
TG_SCRIPT=bench.sh
# shellcheck source-path=SCRIPTDIR source=../scripts/lib.sh
. "$ROOT/backend/scripts/lib.sh"
cd "$ROOT"
export PATH="$PATH:/usr/local/go/bin"

ROUNDS=${BENCH_ROUNDS:-3}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
CONNS=${BENCH_CONNS:-64}
THREADS=${BENCH_THREADS:-2}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tollgate-bench.XXXXXX")
PIDS=()
DBS=()
ADMIN_URL=

# Stop what we started (by pid: TERM, then KILL after 15 s), drop what we created, remove the scratch directory.
cleanup() {
  local rc=$? pid i
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  for db in "${DBS[@]}"; do
    "$WORK/loadrun" dropdb -admin "$ADMIN_URL" -name "$db" || tg_log "could not drop database $db"
  done
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start NAME CMD...: run CMD in the background with its output in $WORK/NAME.log and remember its pid.
start() {
  local name=$1
  shift
  "$@" >"$WORK/$name.log" 2>&1 &
  PIDS+=("$!")
  LAST_PID=$!
}

# wait_file FILE PID: wait for a server to write its address.
wait_file() {
  local i
  for ((i = 0; i < 100; i++)); do
    [ -s "$1" ] && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.1
  done
  tg_die "no address in $1; log: $(cat "${1%.addr}.log" 2>/dev/null)"
}

hex32() { od -An -tx1 -N32 /dev/urandom | tr -d ' \n'; }

ADMIN_URL=${TEST_DATABASE_URL:-$(backend/scripts/test-db.sh)}
export TEST_DATABASE_URL=$ADMIN_URL

tg_log "building loadrun and tollgate"
go build -o "$WORK/loadrun" ./backend/bench/loadrun
go build -o "$WORK/tollgate" ./backend/cmd/tollgate

# 1. Go benchmarks ---------------------------------------------------------------------------------------------
if [ "${BENCH_GO:-1}" != 0 ]; then
  mapfile -t pkgs < <(grep -rl --include='*_test.go' '^func Benchmark' backend | xargs -n1 dirname | sort -u | sed 's|^|./|')
  tg_log "Go benchmarks: ${pkgs[*]}"
  if ! go test -run '^$' -bench . -benchmem -count 1 "${pkgs[@]}" 2>&1 | tee "$WORK/gobench.txt"; then
    tg_log "some Go benchmarks failed; their figures are missing below"
  fi
fi

# 2. Load run --------------------------------------------------------------------------------------------------
load_run() {
  if ! command -v wrk >/dev/null 2>&1; then
    if tg_can_apt; then
      tg_apt_install wrk || return 1
    else
      tg_log "wrk is not installed and cannot be installed here (not root on Debian): install wrk for the load run"
      return 1
    fi
  fi

  start upstream "$WORK/loadrun" upstream -addrfile "$WORK/upstream.addr"
  local up_pid=$LAST_PID
  wait_file "$WORK/upstream.addr" "$up_pid"
  local up_addr
  up_addr=$(cat "$WORK/upstream.addr")

  start proxy "$WORK/loadrun" proxy -upstream "http://$up_addr" -addrfile "$WORK/proxy.addr"
  local proxy_pid=$LAST_PID
  wait_file "$WORK/proxy.addr" "$proxy_pid"
  local proxy_addr
  proxy_addr=$(cat "$WORK/proxy.addr")

  local db
  db=tollgate_bench_$(od -An -tx1 -N6 /dev/urandom | tr -d ' \n')
  DBS+=("$db")
  local db_url
  db_url=$("$WORK/loadrun" createdb -admin "$ADMIN_URL" -name "$db")

  local gw_port
  gw_port=$("$WORK/loadrun" freeport)
  local -a env=(env DATABASE_URL="$db_url" TOLLGATE_ENV=development TOLLGATE_DATA_DIR="$WORK/data"
    TOLLGATE_JWT_SECRET="$(hex32)" TOLLGATE_API_KEY_PEPPER="$(hex32)" TOLLGATE_ENCRYPTION_KEY="$(hex32)"
    TOLLGATE_GATEWAY_ADDR="127.0.0.1:$gw_port" TOLLGATE_LOG_LEVEL=warn)
  "${env[@]}" "$WORK/tollgate" migrate up
  "${env[@]}" "$WORK/tollgate" seed --demo >"$WORK/seed.out"
  local key
  key=$(grep -o 'tg_live_[A-Za-z0-9_]*' "$WORK/seed.out" | head -n1 || true)
  [ -n "$key" ] || tg_die "no demo API key in the output of seed --demo: $(cat "$WORK/seed.out")"
  "$WORK/loadrun" prepare -db "$db_url" -upstream "http://$up_addr"

  start gateway "${env[@]}" "$WORK/tollgate" gateway
  local gw_pid=$LAST_PID
  "$WORK/loadrun" wait -url "http://127.0.0.1:$gw_port/readyz" -pid "$gw_pid" -timeout 2m ||
    tg_die "the gateway did not become ready; log: $(tail -n 20 "$WORK/gateway.log")"

  "$WORK/loadrun" measure -rounds "$ROUNDS" -duration "$DURATION" -warmup "$WARMUP" -conns "$CONNS" -threads "$THREADS" \
    -clk-tck "$(getconf CLK_TCK)" -header "Authorization: Bearer $key" -out "$WORK/load.json" \
    -target "upstream=http://$up_addr/current?city=Lisbon@$up_pid" \
    -target "proxy=http://$proxy_addr/current?city=Lisbon@$proxy_pid" \
    -target "tollgate=http://127.0.0.1:$gw_port/acme/weather/current?city=Lisbon@$gw_pid"

  if grep -q '"level":"WARN"\|"level":"ERROR"' "$WORK/gateway.log"; then
    tg_log "the gateway logged warnings during the run:"
    grep '"level":"WARN"\|"level":"ERROR"' "$WORK/gateway.log" | tail -n 5 >&2
  fi
}
if [ "${BENCH_LOAD:-1}" != 0 ]; then
  # A failed load run is reported, not fatal: the Go figures still get their summary.
  (load_run) || tg_log "the load run did not complete (see above)"
fi

# 3. Summary ---------------------------------------------------------------------------------------------------
"$WORK/loadrun" report -gobench "$WORK/gobench.txt" -load "$WORK/load.json"
