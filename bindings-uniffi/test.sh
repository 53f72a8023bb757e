#!/usr/bin/env bash
# Tests of the UniFFI binding: builds the cdylib, checks the committed Kotlin/Swift sources are
# what uniffi-bindgen generates, parses the typed Swift front end with tree-sitter-swift (no Swift
# toolchain here), then runs the Kotlin suite (Maven + JUnit 5 over JNA) against Prism
# (operations, untyped and typed) and httpbin (HTTP Digest). Idempotent: installs httpbin into a venv outside
# the repo once; Maven uses the default ~/.m2.
#
#   bindings-uniffi/test.sh            # uses $PRISM_URL when set, else starts (and stops) Prism
#                                      # with the 2026-08-21 spec
#
# Knobs: PRISM_URL, ATLAS_SPEC (the 2026-08-21 YAML), ATLAS_SPEC_2025 (the 2025-06-05 JSON),
#        ATLAS_UNIFFI_VENV (httpbin venv, default ~/.cache/atlas-admin/httpbin-venv),
#        CARGO_TARGET_DIR.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
SPEC="${ATLAS_SPEC:-$ROOT/../shared/openapi/atlas-admin-v2-2026-08-21.yaml}"
SPEC_2025="${ATLAS_SPEC_2025:-$ROOT/../shared/openapi/atlas-admin-v2.json}"
VENV="${ATLAS_UNIFFI_VENV:-$HOME/.cache/atlas-admin/httpbin-venv}"
log() { printf '[uniffi/test] %s\n' "$*" >&2; }

PIDS=()
STOP_PRISM=0
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ "$STOP_PRISM" = 1 ]; then "$ROOT/tests/prism/stop.sh" "$PRISM_PID" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

# ---- httpbin (Digest auth peer) --------------------------------------------------------------
# A Python that already has httpbin (scripts/test installs it) is used as is; otherwise a venv.
if "$VENV/bin/python" -c 'import httpbin' 2>/dev/null; then
  PY="$VENV/bin/python"
elif python3 -c 'import httpbin' 2>/dev/null; then
  PY=python3
else
  log "installing httpbin into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check httpbin >&2
  PY="$VENV/bin/python"
fi

# ---- native library and generated sources ------------------------------------------------------
log "building the cdylib and checking the generated bindings"
"$HERE/generate.sh" --check

# ---- typed Swift: a syntax check ---------------------------------------------------------------
# Installs tree-sitter and its Swift grammar into swift/syntax-check/node_modules (prebuilt
# binaries; --ignore-scripts skips tree-sitter-cli's download, which the check does not use).
log "parsing the typed Swift with tree-sitter-swift"
SYNTAX="$HERE/swift/syntax-check"
if [ ! -d "$SYNTAX/node_modules/tree-sitter-swift" ]; then
  (cd "$SYNTAX" && npm ci --ignore-scripts --no-audit --no-fund --silent >&2)
fi
node "$SYNTAX/check.mjs"

# ---- servers ------------------------------------------------------------------------------------
if [ -z "${PRISM_URL:-}" ]; then
  out="$("$ROOT/tests/prism/start.sh" "$SPEC")"
  eval "$out"
  STOP_PRISM=1
fi
HTTPBIN_PORT="$("$PY" -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()')"
HTTPBIN_URL="http://127.0.0.1:$HTTPBIN_PORT"
"$PY" -m httpbin.core --host 127.0.0.1 --port "$HTTPBIN_PORT" >"${TMPDIR:-/tmp}/atlas-uniffi-httpbin-$HTTPBIN_PORT.log" 2>&1 &
PIDS+=($!)
answers() { "$PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$HTTPBIN_URL/get" 2>/dev/null; }
for _ in $(seq 1 100); do answers && break; sleep 0.2; done
answers || { log "httpbin did not start on $HTTPBIN_URL"; exit 1; }

# ---- Kotlin suite -------------------------------------------------------------------------------
log "mvn test (Prism $PRISM_URL, httpbin $HTTPBIN_URL)"
rm -rf "$HERE/kotlin/target/surefire-reports"
status=0
mvn -q -B -f "$HERE/kotlin/pom.xml" test \
  -Dnative.dir="$TARGET_DIR/debug" -Dprism.url="$PRISM_URL" -Dhttpbin.url="$HTTPBIN_URL" \
  -Dspec.2026.file="$SPEC" -Dspec.2025.file="$SPEC_2025" || status=$?

# `-q` hides Surefire's own summary; print its counts from the reports.
python3 - "$HERE/kotlin/target/surefire-reports" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
t = f = e = s = 0
for path in sorted(glob.glob(sys.argv[1] + "/TEST-*.xml")):
    r = ET.parse(path).getroot()
    n, fl, er, sk = (int(r.get(k, 0)) for k in ("tests", "failures", "errors", "skipped"))
    t, f, e, s = t + n, f + fl, e + er, s + sk
    print(f"  {r.get('name')}: Tests run: {n}, Failures: {fl}, Errors: {er}, Skipped: {sk}")
print(f"Tests run: {t}, Failures: {f}, Errors: {e}, Skipped: {s}")
print(f"kotlin: {t - f - e - s} passed, {f + e} failed, {s} skipped")
PY
exit "$status"
