#!/usr/bin/env bash
# Every check of the WebAssembly binding, from a fresh machine. Installs what is missing
# (idempotent): the wasm32 target, wasm-bindgen-cli pinned to the crate's version, the pinned
# nightly that build.sh rebuilds std with, the npm dev dependencies, Debian's chromium (only if
# /usr/bin/chromium is missing) and httpbin in a venv outside the repo. Then builds the package and runs:
#   clippy for wasm32, wasm-bindgen-test unit tests under Node, and `node --test`: sans-IO and
#   client-loop tests, the TypeScript accept/reject samples, the first release's names, the
#   removed operations, all 540 operations of the 2026 spec against Prism, Digest against
#   httpbin, and a real browser page against Prism.
# Uses $PRISM_URL when set (scripts/test shares one Prism); otherwise starts and stops its own.
#   bash bindings-wasm/test.sh
set -euo pipefail
cd "$(dirname "$0")"
HERE=$PWD
ROOT=$(cd .. && pwd)
step() { printf '\n==> [bindings-wasm] %s\n' "$*"; }

step "system dependencies"
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
fi
VENV=${HTTPBIN_VENV:-$HOME/.cache/atlas-admin/httpbin-venv}
if ! "$VENV/bin/python" -c 'import httpbin.core' >/dev/null 2>&1; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet httpbin
fi
export HTTPBIN_PYTHON="$VENV/bin/python"

step "build (wasm32 + wasm-bindgen + wasm-opt)"
bash build.sh

step "clippy (wasm32)"
cargo clippy -q -p bindings-wasm --no-deps --target wasm32-unknown-unknown --all-targets -- -D warnings

step "wasm-bindgen-test under Node"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p bindings-wasm --target wasm32-unknown-unknown --test node

if [ -z "${PRISM_URL:-}" ]; then
  step "Prism mock server"
  out="$(PRISM_VERBOSE=warn bash "$ROOT/tests/prism/start.sh")"
  eval "$out"
  trap 'bash "$ROOT/tests/prism/stop.sh" >/dev/null 2>&1 || true' EXIT
fi
export PRISM_URL
echo "PRISM_URL=$PRISM_URL"

step "node --test"
node --test --test-reporter=spec test/*.test.mjs
