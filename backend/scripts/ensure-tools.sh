#!/usr/bin/env bash
# ensure-tools.sh — make sure what `make test` needs is on this machine.
#   chromium        /usr/bin/chromium, for Playwright (installed with apt-get when root on Debian)
#   docker-compose  Debian's package, only for `docker-compose config` validation (same)
#   psql, curl, python3   used by e2e.sh and test-db.sh (same)
#   node, npm, go   checked only
#   stripe-mock     Stripe's API mock, `go install`ed into .bin/ (pinned: STRIPE_MOCK_VERSION)
# Silent when everything is present. Runs apt-get update only when something must be installed.
# Exit 1, naming what to install, when something is still missing.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TG_SCRIPT=ensure-tools.sh
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$SCRIPT_DIR/lib.sh"

have_chromium() { [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1; }
have_compose() { command -v docker-compose >/dev/null 2>&1; }

missing_pkgs=()
have_chromium || missing_pkgs+=(chromium)
have_compose || missing_pkgs+=(docker-compose)
command -v psql >/dev/null 2>&1 || missing_pkgs+=(postgresql-client)
command -v curl >/dev/null 2>&1 || missing_pkgs+=(curl)
command -v python3 >/dev/null 2>&1 || missing_pkgs+=(python3)

if [ ${#missing_pkgs[@]} -gt 0 ]; then
  if tg_can_apt; then
    tg_log "installing ${missing_pkgs[*]}"
    tg_apt_install "${missing_pkgs[@]}" || tg_log "apt-get install ${missing_pkgs[*]} failed"
  fi
fi

problems=()
have_chromium || problems+=("chromium (for the Playwright tests; Debian: apt-get install chromium)")
have_compose || problems+=("docker-compose (to validate docker-compose.yml; Debian: apt-get install docker-compose)")
command -v psql >/dev/null 2>&1 || problems+=("psql (Debian: apt-get install postgresql-client)")
command -v curl >/dev/null 2>&1 || problems+=("curl (Debian: apt-get install curl)")
command -v python3 >/dev/null 2>&1 || problems+=("python3 (Debian: apt-get install python3)")
command -v node >/dev/null 2>&1 || problems+=("node 20+ (Debian: apt-get install nodejs, or https://nodejs.org)")
command -v npm >/dev/null 2>&1 || problems+=("npm (Debian: apt-get install npm)")
if ! command -v go >/dev/null 2>&1; then
  if [ -x /usr/local/go/bin/go ]; then
    problems+=("go is in /usr/local/go/bin but not on PATH (export PATH=\$PATH:/usr/local/go/bin)")
  else
    problems+=("go 1.26+ (https://go.dev/dl)")
  fi
fi

# stripe-mock: v0.185.0 has the 2023-10-16 API surface plus usage records (v0.184.0 is refused by the module proxy,
# v0.203.0 drops usage records).
STRIPE_MOCK_VERSION=v0.185.0
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
if [ ! -x "$ROOT/.bin/stripe-mock" ] || [ "$(cat "$ROOT/.bin/stripe-mock.version" 2>/dev/null)" != "$STRIPE_MOCK_VERSION" ]; then
  if command -v go >/dev/null 2>&1 || [ -x /usr/local/go/bin/go ]; then
    tg_log "installing stripe-mock $STRIPE_MOCK_VERSION into .bin/"
    if GOBIN="$ROOT/.bin" GOFLAGS= PATH="$PATH:/usr/local/go/bin" go install "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION" >&2; then
      printf '%s\n' "$STRIPE_MOCK_VERSION" >"$ROOT/.bin/stripe-mock.version"
    else
      problems+=("stripe-mock (go install github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION failed)")
    fi
  fi
fi

if [ ${#problems[@]} -gt 0 ]; then
  tg_log "missing tools:"
  for p in "${problems[@]}"; do printf '  - %s\n' "$p" >&2; done
  exit 1
fi
