#!/usr/bin/env bash
# bench.sh — `make bench`: the gateway's figures, measured, never asserted (a miss does not fail the build).
#
#  1. Go benchmarks with allocations (-benchmem) of every package that has some: Decide, snapshot lookups and build
#     at 100,000 keys / 10,000 subscriptions, a full reload from PostgreSQL at that size, ServeHTTP refused and
#     allowed, and the bare reverse proxy for reference (backend/gateway/bench_test.go).
#  2. A load run on loopback with wrk, alternating targets in one run: (a) a tiny upstream directly, (b) a bare
#     httputil.ReverseProxy (default Transport, no BufferPool) in front of it, (b') the same tuned (BufferPool, idle
#     pool sized like the gateway's: the floor under Tollgate's own cost), (c) the real `tollgate gateway` on a
#     fresh database, migrated and seeded (seed --demo), with the demo API pointed at the upstream, its plan given a
#     quota and a rate limit that are enforced but never reached, and 100,000 keys / 10,000 subscriptions besides.
#     Per target: req/s, p50/p99, the process's CPU time per request (/proc/<pid>/stat; total and user space), RSS;
#     Tollgate / bare proxy.
#  3. A summary with PASS/MISS against the issue's targets.
#  4. The dashboards (backend/bench/dashboards): 5,000,000 call logs over 30 days seeded into a fresh database,
#     rolled up as the job does, and the dashboard queries timed against the same questions asked of the raw logs
#     (about 5 minutes; BENCH_DASHBOARDS=0 skips it, BENCH_DASHBOARD_CALLS changes the size).
#
# Environment: BENCH_ROUNDS (3), BENCH_DURATION (10s), BENCH_WARMUP (2s), BENCH_CONNS (64), BENCH_THREADS (2),
# BENCH_GO=0 skips the Go benchmarks, BENCH_LOAD=0 skips the load run; TEST_DATABASE_URL as for the tests
# (default: backend/scripts/test-db.sh). Everything started is stopped and every database made is dropped on exit.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
TG_SCRIPT=bench.sh
# shellcheck source-path=SCRIPTDIR source=../scripts/lib.sh
. "$SCRIPT_DIR/../scripts/lib.sh"
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

# ours PID: the process is still one we started (its program is one of ours in $WORK), not a reused pid.
ours() { [[ $(readlink "/proc/$1/exe" 2>/dev/null) == "$WORK"/* ]]; }

# stop_all stops what we started (by pid: TERM, then KILL after 15 s) and drops the databases we created.
stop_all() {
  local pid db i
  for pid in "${PIDS[@]}"; do ! ours "$pid" || kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for ((i = 0; i < 150; i++)); do ours "$pid" || break; sleep 0.1; done
    ! ours "$pid" || kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
  for db in "${DBS[@]}"; do
    "$WORK/loadrun" dropdb -admin "$ADMIN_URL" -name "$db" || tg_log "could not drop database $db"
  done
  DBS=()
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_all
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
  tg_log "no address in $1; log: $(cat "${1%.addr}.log" 2>/dev/null)"
  return 1
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
# It runs in this shell (so the trap knows every pid and database) with each step checked: a failed load run is
# reported, not fatal, and the Go figures still get their summary.
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
  local up_pid=$LAST_PID up_addr proxy_pid proxy_addr
  wait_file "$WORK/upstream.addr" "$up_pid" || return 1
  up_addr=$(cat "$WORK/upstream.addr")
  start proxy "$WORK/loadrun" proxy -upstream "http://$up_addr" -addrfile "$WORK/proxy.addr"
  proxy_pid=$LAST_PID
  wait_file "$WORK/proxy.addr" "$proxy_pid" || return 1
  proxy_addr=$(cat "$WORK/proxy.addr")
  start tuned "$WORK/loadrun" proxy -tuned -upstream "http://$up_addr" -addrfile "$WORK/tuned.addr"
  local tuned_pid=$LAST_PID tuned_addr
  wait_file "$WORK/tuned.addr" "$tuned_pid" || return 1
  tuned_addr=$(cat "$WORK/tuned.addr")

  local db db_url gw_port key gw_pid
  db=tollgate_bench_$(od -An -tx1 -N6 /dev/urandom | tr -d ' \n')
  DBS+=("$db")
  db_url=$("$WORK/loadrun" createdb -admin "$ADMIN_URL" -name "$db") || return 1
  gw_port=$("$WORK/loadrun" freeport) || return 1
  local -a env=(env DATABASE_URL="$db_url" TOLLGATE_ENV=development TOLLGATE_DATA_DIR="$WORK/data"
    TOLLGATE_JWT_SECRET="$(hex32)" TOLLGATE_API_KEY_PEPPER="$(hex32)" TOLLGATE_ENCRYPTION_KEY="$(hex32)"
    TOLLGATE_GATEWAY_ADDR="127.0.0.1:$gw_port" TOLLGATE_LOG_LEVEL=warn)
  "${env[@]}" "$WORK/tollgate" migrate up || return 1
  "${env[@]}" "$WORK/tollgate" seed --demo >"$WORK/seed.out" || { cat "$WORK/seed.out" >&2; return 1; }
  key=$(grep -o 'tg_live_[A-Za-z0-9_]*' "$WORK/seed.out" | head -n1 || true)
  if [ -z "$key" ]; then
    tg_log "no demo API key in the output of seed --demo:"
    cat "$WORK/seed.out" >&2
    return 1
  fi
  "$WORK/loadrun" prepare -db "$db_url" -upstream "http://$up_addr" || return 1

  start gateway "${env[@]}" "$WORK/tollgate" gateway
  gw_pid=$LAST_PID
  if ! "$WORK/loadrun" wait -url "http://127.0.0.1:$gw_port/readyz" -pid "$gw_pid" -timeout 2m; then
    tail -n 20 "$WORK/gateway.log" >&2
    return 1
  fi

  # In the background and waited for, so a signal to this script is handled at once.
  start measure "$WORK/loadrun" measure -rounds "$ROUNDS" -duration "$DURATION" -warmup "$WARMUP" -conns "$CONNS" \
    -threads "$THREADS" -clk-tck "$(getconf CLK_TCK)" -header "Authorization: Bearer $key" -out "$WORK/load.json" \
    -target "upstream=http://$up_addr/current?city=Lisbon@$up_pid" \
    -target "proxy=http://$proxy_addr/current?city=Lisbon@$proxy_pid" \
    -target "tuned=http://$tuned_addr/current?city=Lisbon@$tuned_pid" \
    -target "tollgate=http://127.0.0.1:$gw_port/acme/weather/current?city=Lisbon@$gw_pid"
  local measure_pid=$LAST_PID
  tail -n +1 -f --pid="$measure_pid" "$WORK/measure.log" &
  local tail_pid=$!
  local rc=0
  wait "$measure_pid" || rc=$?
  wait "$tail_pid" 2>/dev/null || true

  # Stop the gateway (it flushes its counts and logs on the way out), then check they were written.
  kill -TERM "$gw_pid" 2>/dev/null || true
  wait "$gw_pid" 2>/dev/null || true
  "$WORK/loadrun" verify -db "$db_url" || rc=1

  if grep -q '"level":"\(WARN\|ERROR\)"' "$WORK/gateway.log"; then
    tg_log "the gateway logged warnings during the run (last 5):"
    grep '"level":"\(WARN\|ERROR\)"' "$WORK/gateway.log" | tail -n 5 >&2
  fi
  return "$rc"
}
if [ "${BENCH_LOAD:-1}" != 0 ]; then
  load_run || tg_log "the load run did not complete (see above)"
  stop_all
fi

# 3. Summary ---------------------------------------------------------------------------------------------------
"$WORK/loadrun" report -gobench "$WORK/gobench.txt" -load "$WORK/load.json"

# 4. Dashboards ------------------------------------------------------------------------------------------------
if [ "${BENCH_DASHBOARDS:-1}" != 0 ]; then
  printf '\nDashboards over %s call logs (rollups against the raw logs):\n' "${BENCH_DASHBOARD_CALLS:-5000000}"
  TEST_DATABASE_URL=$ADMIN_URL go run ./backend/bench/dashboards -calls "${BENCH_DASHBOARD_CALLS:-5000000}" ||
    tg_log "the dashboard benchmark did not complete (see above)"
fi
