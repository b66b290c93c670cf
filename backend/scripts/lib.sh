# shellcheck shell=bash
# Helpers sourced by the other scripts in backend/scripts. Not meant to be run on its own.
# Everything here writes to stderr, so callers can keep stdout for machine-readable output.

# Script name used as a prefix in messages (set by the caller, defaults to the sourcing script).
: "${TG_SCRIPT:=$(basename "${BASH_SOURCE[1]:-$0}")}"

tg_log() { printf '%s: %s\n' "$TG_SCRIPT" "$*" >&2; }
tg_die() { printf '%s: error: %s\n' "$TG_SCRIPT" "$*" >&2; exit 1; }

tg_is_root() { [ "$(id -u)" -eq 0 ]; }

# tg_can_apt: true when packages can be installed here with apt-get (root on a Debian-like system).
tg_can_apt() { tg_is_root && command -v apt-get >/dev/null 2>&1; }

# Wait (up to ~10 min) for another apt/dpkg run to finish, so we never run two at once.
tg_apt_busy() {
  local n
  command -v pgrep >/dev/null 2>&1 || return 1
  for n in apt-get apt dpkg unattended-upgr; do
    pgrep -x "$n" >/dev/null 2>&1 && return 0
  done
  return 1
}
tg_wait_for_apt() {
  local i=0
  while tg_apt_busy; do
    if [ "$i" -eq 0 ]; then tg_log "waiting for another apt-get/dpkg run to finish..."; fi
    i=$((i + 1))
    if [ "$i" -ge 600 ]; then tg_log "still busy after 10 minutes; trying anyway"; break; fi
    sleep 1
  done
}

# tg_apt_install PKG...: apt-get update (once per process) and install, non-interactively,
# without recommended packages. apt's output is kept in a temporary log and shown on failure.
TG_APT_UPDATED=${TG_APT_UPDATED:-}
tg_apt() {
  local log rc=0
  log=$(mktemp "${TMPDIR:-/tmp}/tollgate-apt.XXXXXX")
  tg_wait_for_apt
  DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 NEEDRESTART_MODE=a \
    apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3 -q "$@" >"$log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    tail -n 40 "$log" >&2
    tg_log "apt-get $* failed (exit $rc)"
  fi
  rm -f "$log"
  return "$rc"
}
tg_apt_install() {
  if [ -z "$TG_APT_UPDATED" ]; then
    tg_log "apt-get update"
    tg_apt update || return 1
    TG_APT_UPDATED=1
  fi
  tg_log "apt-get install -y --no-install-recommends $*"
  tg_apt install -y --no-install-recommends "$@"
}
