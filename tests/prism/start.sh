#!/usr/bin/env bash
# Start a Stoplight Prism mock server for the Atlas Admin API v2 spec on loopback.
#
# Usage:
#   eval "$(tests/prism/start.sh [SPEC_PATH])"
#   # with `set -e`, prefer two statements, so a failed start aborts the caller
#   # (eval of an empty string succeeds, and `a && b` does not trip errexit):
#   #   out="$(tests/prism/start.sh)"; eval "$out"
#   ... use $PRISM_URL ...
#   tests/prism/stop.sh            # uses $PRISM_PID / $PRISM_PID_FILE
#
# Several start.sh may run at once (each gets its own port, log and pid file);
# the dependency install is serialised with flock. Note that a changed
# package-lock.json makes the next start.sh run `npm ci`, which replaces
# node_modules under any Prism that is still running.
#
# stdout carries ONLY shell assignments (PRISM_URL, PRISM_PID, PRISM_PID_FILE,
# PRISM_LOG_FILE) plus an `export` of them; all diagnostics go to stderr.
# (Outputs deliberately do not reuse the input names below, so calling
# start.sh twice from the same shell starts two independent servers.)
#
# Environment knobs:
#   PRISM_PORT           fixed port (default: a free loopback port is picked)
#   PRISM_START_TIMEOUT  seconds to wait for Prism to answer HTTP (default 120)
#   PRISM_LOG            log file (default tests/prism/.run/prism-PORT.log)
#   PRISM_ARGS           extra args for `prism mock` (e.g. "--errors" or "-d --seed 1")
#   PRISM_VERBOSE        prism log level (default "info"; "warn" keeps logs small)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
RUN_DIR="$HERE/.run"
HOST=127.0.0.1

log() { printf '[prism/start] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

command -v node >/dev/null 2>&1 || die "node not found on PATH"
command -v npm >/dev/null 2>&1 || die "npm not found on PATH"

# ---- spec -------------------------------------------------------------------
SPEC="${1:-$REPO_ROOT/../shared/openapi/atlas-admin-v2-2026-08-21.yaml}"
[ -f "$SPEC" ] || die "spec not found: $SPEC"
SPEC="$(cd "$(dirname "$SPEC")" && pwd)/$(basename "$SPEC")"

# ---- dependencies (cheap up-to-date check) ----------------------------------
# npm ci only when node_modules is missing or was installed from a different
# package-lock.json (stamp = sha256 of the lock file).
export SCARF_NO_ANALYTICS=true DO_NOT_TRACK=1
STAMP="$HERE/node_modules/.atlas-admin-lock.sha256"
lock_sum="$(sha256sum "$HERE/package-lock.json" | cut -d' ' -f1)"
deps_ok() {
  [ -x "$HERE/node_modules/.bin/prism" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$lock_sum" ]
}
mkdir -p "$RUN_DIR"
if ! deps_ok; then
  # Serialise installs: two concurrent `npm ci` runs corrupt node_modules.
  exec 9>"$RUN_DIR/install.lock"
  if command -v flock >/dev/null 2>&1; then
    flock -w 600 9 || die "timed out waiting for another npm ci ($RUN_DIR/install.lock)"
  fi
  if ! deps_ok; then
    log "installing Prism (npm ci) ..."
    (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error) >&2 || die "npm ci failed"
    printf '%s\n' "$lock_sum" > "$STAMP"
  fi
  exec 9>&-
fi
PRISM_BIN="$HERE/node_modules/.bin/prism"

# ---- helpers ----------------------------------------------------------------
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close();});'
}
# Succeeds as soon as the server answers any HTTP status (Prism answers 404 on /).
answers_http() {
  if command -v curl >/dev/null 2>&1; then
    local code
    code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://$HOST:$1/" 2>/dev/null || true)"
    [ -n "$code" ] && [ "$code" != "000" ]
  else
    node -e 'require("http").get({host:"127.0.0.1",port:+process.argv[1],path:"/",timeout:2000},r=>process.exit(0)).on("error",()=>process.exit(1)).on("timeout",()=>process.exit(1));' "$1"
  fi
}

TIMEOUT="${PRISM_START_TIMEOUT:-120}"
LEVEL="${PRISM_VERBOSE:-info}"

# With an auto-picked port there is a tiny race between probing and binding;
# retry a few times if Prism dies with EADDRINUSE.
attempts=1
[ -z "${PRISM_PORT:-}" ] && attempts=3
for attempt in $(seq 1 "$attempts"); do
  PORT="${PRISM_PORT:-$(free_port)}"
  LOG="${PRISM_LOG:-$RUN_DIR/prism-$PORT.log}"
  PID_FILE="$RUN_DIR/prism-$PORT.pid"
  if answers_http "$PORT"; then
    [ -n "${PRISM_PORT:-}" ] && die "port $PORT on $HOST is already in use"
    continue
  fi

  log "starting Prism on http://$HOST:$PORT (spec: $SPEC, log: $LOG)"
  # Detach fully: no inherited stdout (otherwise $(start.sh) would never return).
  # shellcheck disable=SC2086
  setsid "$PRISM_BIN" mock -h "$HOST" -p "$PORT" -v "$LEVEL" ${PRISM_ARGS:-} "$SPEC" \
    </dev/null >"$LOG" 2>&1 &
  PID=$!
  printf '%s\n' "$PID" > "$PID_FILE"

  t0=$(date +%s)
  while :; do
    if ! kill -0 "$PID" 2>/dev/null; then
      rm -f "$PID_FILE"
      if grep -q EADDRINUSE "$LOG" 2>/dev/null && [ "$attempt" -lt "$attempts" ]; then
        log "port $PORT was taken, retrying"
        continue 2
      fi
      log "Prism exited before answering; last log lines:"
      tail -n 30 "$LOG" >&2 || true
      exit 1
    fi
    if answers_http "$PORT"; then
      log "Prism ready after $(( $(date +%s) - t0 ))s (pid $PID)"
      printf 'PRISM_URL=http://%s:%s\n' "$HOST" "$PORT"
      printf 'PRISM_PID=%s\n' "$PID"
      printf 'PRISM_PID_FILE=%s\n' "$PID_FILE"
      printf 'PRISM_LOG_FILE=%s\n' "$LOG"
      printf 'export PRISM_URL PRISM_PID PRISM_PID_FILE PRISM_LOG_FILE\n'
      exit 0
    fi
    if [ $(( $(date +%s) - t0 )) -ge "$TIMEOUT" ]; then
      log "Prism did not answer within ${TIMEOUT}s; last log lines:"
      tail -n 30 "$LOG" >&2 || true
      kill "$PID" 2>/dev/null || true
      rm -f "$PID_FILE"
      exit 1
    fi
    sleep 0.5
  done
done
die "could not find a free port after $attempts attempts"
