#!/usr/bin/env bash
# Builds the npm package in place: compiles the crate to wasm32, generates the ESM glue with
# wasm-bindgen (--target web: one module for Node and browsers, no bundler) into js/wasm/, and
# shrinks the .wasm with wasm-opt. Installs what is missing first; safe to run repeatedly.
#   bash bindings-wasm/build.sh            release build (what the package ships)
set -euo pipefail
cd "$(dirname "$0")"
HERE=$PWD
ROOT=$(cd .. && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
OUT=$HERE/js/wasm
log() { printf '[bindings-wasm/build] %s\n' "$*" >&2; }

# ---- tools (idempotent) -----------------------------------------------------
# The CLI must match the crate's wasm-bindgen exactly: the two share an unstable ABI.
WB_VERSION=$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' Cargo.toml)
[ -n "$WB_VERSION" ] || { log "cannot read the pinned wasm-bindgen version from Cargo.toml"; exit 1; }
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown >&2
fi
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WB_VERSION"; then
  log "installing wasm-bindgen-cli $WB_VERSION"
  # Not --locked: its lock file may name crate versions the registry mirror lacks.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" >&2
fi
# The release .wasm is built by a pinned nightly, for -Zbuild-std (see "compile" below and SIZE.md).
NIGHTLY=nightly-2026-05-19
if ! rustup component list --toolchain "$NIGHTLY" --installed 2>/dev/null | grep -q '^rust-src'; then
  log "installing $NIGHTLY with rust-src (rebuilding std for size)"
  rustup toolchain install "$NIGHTLY" --profile minimal --component rust-src >&2
fi
LOCK_SUM=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -x node_modules/.bin/wasm-opt ] || [ "$(cat node_modules/.lock-sha256 2>/dev/null)" != "$LOCK_SUM" ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$LOCK_SUM" > node_modules/.lock-sha256
fi

# ---- compile ----------------------------------------------------------------
# Size settings for this build only (the workspace profile serves the native crates): smallest
# code, whole-program LTO, one codegen unit, no debug info. And std itself rebuilt the same way
# (-Zbuild-std; the prebuilt one is optimized for speed), with its `optimize_for_size` choices,
# panics that abort at once instead of formatting a message no one reads (wasm traps either way)
# and no source locations kept for them: 321.0 -> 297.9 KB gzipped (SIZE.md). Nightly only, so
# a pinned one; clippy and the unit tests stay on stable.
# build <features> <out dir>: the main module (no features), then the testing one (MockAtlas).
build() {
  log "cargo +$NIGHTLY build (wasm32, release, opt-level z, std rebuilt) ${1:+features $1}"
  CARGO_PROFILE_RELEASE_OPT_LEVEL=z \
  CARGO_PROFILE_RELEASE_LTO=fat \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 \
  CARGO_PROFILE_RELEASE_DEBUG=false \
  CARGO_PROFILE_RELEASE_STRIP=debuginfo \
  RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none" \
    cargo "+$NIGHTLY" build -q -p bindings-wasm --lib --target wasm32-unknown-unknown --release \
      -Z build-std=std,panic_abort -Z build-std-features=optimize_for_size ${1:+--features $1} >&2
  rm -rf "$2"
  wasm-bindgen --target web --out-dir "$2" --out-name atlas_admin_wasm --no-typescript \
    "$TARGET_DIR/wasm32-unknown-unknown/release/atlas_admin_wasm.wasm"
  # The features rustc enables by default for wasm32 (Node 20 and current browsers have them
  # all); wasm-opt must be told, or it refuses the module.
  log "wasm-opt -Oz"
  node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
    --enable-bulk-memory --enable-mutable-globals --enable-sign-ext \
    --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
    "$2/atlas_admin_wasm_bg.wasm" -o "$2/atlas_admin_wasm_bg.wasm"
}
# Testing first: both write the same cargo artifact, and the main one must be the last.
build testing "$HERE/js/wasm-testing"
log "js/wasm-testing: $(gzip -9 -c "$HERE/js/wasm-testing/atlas_admin_wasm_bg.wasm" | wc -c) bytes gzipped (atlas-admin/testing only)"
build "" "$OUT"

wasm=$(stat -c %s "$OUT/atlas_admin_wasm_bg.wasm")
gz=$(gzip -9 -c "$OUT/atlas_admin_wasm_bg.wasm" | wc -c)
glue=$(cat "$OUT/atlas_admin_wasm.js" js/*.js js/generated/groups.js | wc -c)
log "atlas_admin_wasm_bg.wasm: $wasm bytes raw, $gz bytes gzipped; JS: $glue bytes (wasm-bindgen glue + package modules)"
