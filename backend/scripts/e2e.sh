#!/usr/bin/env bash
# e2e.sh — browser tests against the real binary and a real, fresh database (what `make test-e2e` runs).
#   1. a new database on the test server (test-db.sh), migrated and seeded with the demo data;
#   2. stripe-mock (from .bin/, see ensure-tools.sh) and bin/tollgate all on free loopback ports (its JSON log is copied to frontend/test-results/server.log at the end:
#      Playwright empties that folder when it starts);
#   3. Playwright (Debian's chromium) runs frontend/e2e against it;
#   4. the server is stopped and the database dropped, whatever happened.
# Screenshots and traces of failing steps stay in frontend/test-results/.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
TG_SCRIPT=e2e.sh
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$SCRIPT_DIR/lib.sh"
cd "$ROOT"

BIN=${TOLLGATE_BIN:-$ROOT/bin/tollgate}
[ -x "$BIN" ] || tg_die "$BIN not found; run 'make build' first"
admin_url=$("$SCRIPT_DIR/test-db.sh")
db="tollgate_e2e_$$_$RANDOM"
psql -X -q -w "$admin_url" -c "CREATE DATABASE $db" >/dev/null
db_url=$(python3 -c 'import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/"+sys.argv[2])))' "$admin_url" "$db" 2>/dev/null ||
  printf '%s' "$admin_url" | sed -E "s#/[^/?]*(\?|$)#/$db\1#")

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
api_port=$(free_port)
gw_port=$(free_port)
demo_port=$(free_port)
stripe_port=$(free_port)
stripe_tls_port=$(free_port)
data=$(mktemp -d)
log="$data/server.log"

pid=
stripe_pid=
cleanup() {
  local rc=$?
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  if [ -n "$stripe_pid" ]; then kill -TERM "$stripe_pid" 2>/dev/null || true; wait "$stripe_pid" 2>/dev/null || true; fi
  psql -X -q -w "$admin_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  if mkdir -p "$ROOT/frontend/test-results"; then cp "$log" "$ROOT/frontend/test-results/server.log" 2>/dev/null || true; fi
  rm -rf "$data"
  exit "$rc"
}
trap cleanup EXIT

STRIPE_MOCK=${STRIPE_MOCK_BIN:-$ROOT/.bin/stripe-mock}
[ -x "$STRIPE_MOCK" ] || tg_die "$STRIPE_MOCK not found; run backend/scripts/ensure-tools.sh"
"$STRIPE_MOCK" -http-addr "127.0.0.1:$stripe_port" -https-addr "127.0.0.1:$stripe_tls_port" >"$data/stripe-mock.log" 2>&1 &
stripe_pid=$!

export DATABASE_URL=$db_url TOLLGATE_DATA_DIR=$data TOLLGATE_HTTP_ADDR=127.0.0.1:$api_port \
  TOLLGATE_GATEWAY_ADDR=127.0.0.1:$gw_port TOLLGATE_PUBLIC_URL=http://127.0.0.1:$api_port \
  TOLLGATE_GATEWAY_URL=http://127.0.0.1:$gw_port TOLLGATE_LOGIN_RATE_LIMIT=1000 \
  TOLLGATE_DEMO_UPSTREAM_ADDR=127.0.0.1:$demo_port TOLLGATE_STRIPE_API_URL=http://127.0.0.1:$stripe_port \
  TOLLGATE_ALERT_INTERVAL=1s TOLLGATE_ROLLUP_INTERVAL=1s TOLLGATE_ROLLUP_DELAY=2s
"$BIN" migrate up >/dev/null
"$BIN" seed --demo >/dev/null
"$BIN" all >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$api_port/readyz" >/dev/null 2>&1; then break; fi
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; tg_die "tollgate exited before it was ready"; }
  sleep 0.1
done

cd frontend
E2E_BASE_URL=http://127.0.0.1:$api_port E2E_STRIPE_URL=http://127.0.0.1:$stripe_port E2E_GATEWAY_URL=http://127.0.0.1:$gw_port E2E_SERVER_LOG=$log npx playwright test "$@"
