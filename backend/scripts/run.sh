#!/usr/bin/env bash
# run.sh — what `make run` executes once bin/tollgate is built (portal embedded).
#
#  1. DATABASE_URL if set; otherwise the project-local PostgreSQL (backend/scripts/pg.sh start).
#  2. Stripe: unless TOLLGATE_STRIPE_API_URL or TOLLGATE_STRIPE_SECRET_KEY is set, stripe-mock (Stripe's API mock,
#     installed into .bin/ by ensure-tools.sh) on 127.0.0.1:12111 with demo operator-wide secrets, so paid plans can
#     be checked out and `bin/tollgate stripe-event` can play Stripe's webhooks.
#     bin/tollgate migrate up; bin/tollgate seed --demo (idempotent; prints the demo logins).
#  3. bin/tollgate all, until Ctrl-C / SIGTERM: the signal is passed on once, the binary shuts
#     down gracefully, then the local PostgreSQL is stopped if this script started it.
#     Exits with the binary's exit code.
#
# Environment: DATABASE_URL, TOLLGATE_BIN (default <repo>/bin/tollgate), TOLLGATE_DATA_DIR (default
# <repo>/.data; development mode keeps its generated secrets there), TOLLGATE_HTTP_ADDR (default
# :8080; TOLLGATE_HTTP_PORT=N is a shorthand for :N), TOLLGATE_GATEWAY_ADDR (default :8081;
# TOLLGATE_GATEWAY_PORT likewise), TOLLGATE_PG_PORT (local PostgreSQL, default 54329).
# shellcheck disable=SC2317 # cleanup and forward are called from traps
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
TG_SCRIPT=run.sh
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$SCRIPT_DIR/lib.sh"
cd "$ROOT"

BIN=${TOLLGATE_BIN:-$ROOT/bin/tollgate}
[ -x "$BIN" ] || tg_die "$BIN not found or not executable; build it first with 'make build' (or use 'make run')"

export TOLLGATE_DATA_DIR=${TOLLGATE_DATA_DIR:-$ROOT/.data}
mkdir -p "$TOLLGATE_DATA_DIR"
if [ -z "${TOLLGATE_HTTP_ADDR:-}" ] && [ -n "${TOLLGATE_HTTP_PORT:-}" ]; then export TOLLGATE_HTTP_ADDR=":$TOLLGATE_HTTP_PORT"; fi
if [ -z "${TOLLGATE_GATEWAY_ADDR:-}" ] && [ -n "${TOLLGATE_GATEWAY_PORT:-}" ]; then export TOLLGATE_GATEWAY_ADDR=":$TOLLGATE_GATEWAY_PORT"; fi
HTTP_ADDR=${TOLLGATE_HTTP_ADDR:-:8080}
GATEWAY_ADDR=${TOLLGATE_GATEWAY_ADDR:-:8081}

# addr_url ADDR: ":8080" -> http://localhost:8080; "0.0.0.0:9000" -> http://localhost:9000.
addr_url() {
  local host=${1%:*} port=${1##*:}
  case $host in '' | 0.0.0.0 | '[::]' | '::') host=localhost ;; esac
  printf 'http://%s:%s' "$host" "$port"
}

# Links in emails and the demo logins point at the address the portal really listens on.
if [ -z "${TOLLGATE_PUBLIC_URL:-}" ]; then
  TOLLGATE_PUBLIC_URL=$(addr_url "$HTTP_ADDR")
  export TOLLGATE_PUBLIC_URL
fi
# The demo Weather API's upstream, served by the binary itself, so the demo proxies real calls offline.
export TOLLGATE_DEMO_UPSTREAM_ADDR=${TOLLGATE_DEMO_UPSTREAM_ADDR:-127.0.0.1:8082}
if [ -z "${TOLLGATE_GATEWAY_URL:-}" ]; then
  TOLLGATE_GATEWAY_URL=$(addr_url "$GATEWAY_ADDR")
  export TOLLGATE_GATEWAY_URL
fi

started_pg=
child=
stripe_pid=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$stripe_pid" ]; then kill -TERM "$stripe_pid" 2>/dev/null || true; wait "$stripe_pid" 2>/dev/null || true; fi
  if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
    kill -TERM "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  if [ -n "$started_pg" ]; then
    tg_log "stopping the local PostgreSQL"
    "$SCRIPT_DIR/pg.sh" stop || true
  fi
  exit "$rc"
}
trap cleanup EXIT
# Before the server runs, a signal simply ends the script (cleanup stops what it started).
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -n "${DATABASE_URL:-}" ]; then
  tg_log "using DATABASE_URL from the environment"
else
  if ! "$SCRIPT_DIR/pg.sh" status >/dev/null 2>&1; then
    started_pg=1
  fi
  "$SCRIPT_DIR/pg.sh" start
  DATABASE_URL=$("$SCRIPT_DIR/pg.sh" url)
  export DATABASE_URL
fi

if [ -z "${TOLLGATE_STRIPE_API_URL:-}" ] && [ -z "${TOLLGATE_STRIPE_SECRET_KEY:-}" ]; then
  [ -x "$ROOT/.bin/stripe-mock" ] || "$SCRIPT_DIR/ensure-tools.sh" || true
  if [ -x "$ROOT/.bin/stripe-mock" ] && ! (exec 3<>/dev/tcp/127.0.0.1/12111) 2>/dev/null; then
    "$ROOT/.bin/stripe-mock" -http-addr 127.0.0.1:12111 -https-addr 127.0.0.1:12112 >"$TOLLGATE_DATA_DIR/stripe-mock.log" 2>&1 &
    stripe_pid=$!
    export TOLLGATE_STRIPE_API_URL=http://127.0.0.1:12111 TOLLGATE_STRIPE_SECRET_KEY=sk_test_tollgatedemo \
      TOLLGATE_STRIPE_WEBHOOK_SECRET=whsec_tollgate_demo_secret
    tg_log "Stripe: stripe-mock on 127.0.0.1:12111 with demo secrets (set TOLLGATE_STRIPE_* to use a real account)"
  else
    tg_log "Stripe: not configured (stripe-mock unavailable or port 12111 busy); paid plans cannot be checked out"
  fi
fi

tg_log "migrate up"
"$BIN" migrate up
tg_log "seed --demo"
"$BIN" seed --demo

cat >&2 <<EOF

  Tollgate is starting (development mode; data and generated secrets in $TOLLGATE_DATA_DIR)
    Portal + API:  $(addr_url "$HTTP_ADDR")      (TOLLGATE_HTTP_ADDR=$HTTP_ADDR)
    Gateway:       $(addr_url "$GATEWAY_ADDR")      (TOLLGATE_GATEWAY_ADDR=$GATEWAY_ADDR)
    Database:      ${DATABASE_URL%%\?*}
    Stripe:        ${TOLLGATE_STRIPE_API_URL:-https://api.stripe.com}
  Paid plans: as dev@acme.test, create an application, subscribe it to the Pro plan, press Pay, then play Stripe with
    make stripe-event SUB=<subscription id> TYPE=checkout.session.completed
    (then invoice.payment_failed, invoice.paid, customer.subscription.deleted; see README, "Stripe").
  Press Ctrl-C to stop.

EOF

# Run the server in its own session when possible, so that a terminal Ctrl-C reaches only this
# script, which passes on one SIGTERM per signal it gets (the binary may treat a second one as
# "stop now"); from the third on, SIGKILL. SIGTERM rather than SIGINT because a background
# command of a non-interactive shell starts with SIGINT ignored.
signals=0
forward() {
  signals=$((signals + 1))
  [ -n "$child" ] || return 0
  if [ "$signals" -ge 3 ]; then
    tg_log "received SIG$1 again, killing tollgate"
    kill -KILL "$child" 2>/dev/null || true
  else
    tg_log "received SIG$1, stopping tollgate (SIGTERM)"
    kill -TERM "$child" 2>/dev/null || true
  fi
}
trap 'forward INT' INT
trap 'forward TERM' TERM
if command -v setsid >/dev/null 2>&1; then
  setsid "$BIN" all &
else
  "$BIN" all &
fi
child=$!

rc=0
while :; do
  rc=0
  wait "$child" || rc=$?
  # wait returns early (status > 128) when a trapped signal arrives; keep waiting for the child.
  kill -0 "$child" 2>/dev/null || break
done
if [ "$rc" -gt 128 ]; then
  # The child may have exited between the interrupted wait and kill -0: collect its real status.
  r=0
  wait "$child" 2>/dev/null || r=$?
  if [ "$r" -ne 127 ]; then rc=$r; fi
fi
child=
tg_log "tollgate exited with status $rc"
exit "$rc"
