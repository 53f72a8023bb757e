#!/usr/bin/env bash
# Stop a Prism mock started by start.sh.
#
# Usage (first match wins):
#   tests/prism/stop.sh PID|PID_FILE
#   PRISM_PID=1234 tests/prism/stop.sh
#   PRISM_PID_FILE=tests/prism/.run/prism-4010.pid tests/prism/stop.sh
#   tests/prism/stop.sh --all      # every pid file in tests/prism/.run/ (careful:
#                                  # that includes servers other callers started)
#
# Only processes whose command line is a Prism mock are signalled.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN_DIR="$HERE/.run"
log() { printf '[prism/stop] %s\n' "$*" >&2; }

is_prism() {
  [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -q 'prism.* mock '
}

stop_pid() {
  local pid="$1" pid_file="${2:-}"
  if ! kill -0 "$pid" 2>/dev/null; then
    log "pid $pid not running"
  elif ! is_prism "$pid"; then
    log "pid $pid is not a Prism mock; not touching it"
    return 1
  else
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "pid $pid ignored SIGTERM, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null
    fi
    log "stopped pid $pid"
  fi
  [ -n "$pid_file" ] && rm -f "$pid_file"
  # Remove the matching pid file written by start.sh, if any.
  for f in "$RUN_DIR"/prism-*.pid; do
    [ -f "$f" ] && [ "$(cat "$f" 2>/dev/null)" = "$pid" ] && rm -f "$f"
  done
  return 0
}

target="${1:-${PRISM_PID:-${PRISM_PID_FILE:-}}}"
rc=0
if [ -z "$target" ]; then
  log "nothing to stop: pass a PID or pid file, set PRISM_PID / PRISM_PID_FILE, or use --all"
  exit 2
elif [ "$target" != "--all" ]; then
  if [ -f "$target" ]; then
    stop_pid "$(cat "$target")" "$target" || rc=1
  elif [[ "$target" =~ ^[0-9]+$ ]]; then
    stop_pid "$target" || rc=1
  else
    log "neither a pid nor a pid file: $target"; exit 2
  fi
else
  found=0
  for f in "$RUN_DIR"/prism-*.pid; do
    [ -f "$f" ] || continue
    found=1
    stop_pid "$(cat "$f")" "$f" || rc=1
  done
  [ "$found" = 1 ] || log "nothing to stop (no pid files in $RUN_DIR)"
fi
exit "$rc"
