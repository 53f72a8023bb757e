#!/usr/bin/env bash
# Writes the Kotlin and Swift sources UniFFI generates from the built library (library mode:
# the interface is read from the cdylib's metadata, so it always matches the Rust code).
# The outputs are committed; `--check` regenerates into a scratch dir and fails if they differ.
#
#   bindings-uniffi/generate.sh           # regenerate in place
#   bindings-uniffi/generate.sh --check   # CI: fail when the committed sources are stale
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
cd "$ROOT"

TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$(uname -s)" in
  Darwin) LIB="$TARGET_DIR/debug/libatlas_admin_uniffi.dylib" ;;
  *) LIB="$TARGET_DIR/debug/libatlas_admin_uniffi.so" ;;
esac

# The bindgen first, the plain library last: both write the same cdylib path and the last one
# is the one the Kotlin tests load.
cargo build -q -p bindings-uniffi --features cli --bin uniffi-bindgen
cargo build -q -p bindings-uniffi --lib

OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
"$TARGET_DIR/debug/uniffi-bindgen" generate "$LIB" -l kotlin -l swift -o "$OUT/raw" --no-format >/dev/null

# Lay them out where Maven and SwiftPM look.
mkdir -p "$OUT/tree/kotlin/src/generated/kotlin/atlasadmin" \
  "$OUT/tree/swift/Sources/AtlasAdmin" "$OUT/tree/swift/ffi"
cp "$OUT/raw/atlasadmin/atlas_admin.kt" "$OUT/tree/kotlin/src/generated/kotlin/atlasadmin/"
cp "$OUT/raw/AtlasAdmin.swift" "$OUT/tree/swift/Sources/AtlasAdmin/"
cp "$OUT/raw/AtlasAdminFFI.h" "$OUT/tree/swift/ffi/"
cp "$OUT/raw/AtlasAdminFFI.modulemap" "$OUT/tree/swift/ffi/module.modulemap"

GENERATED=(
  kotlin/src/generated/kotlin/atlasadmin/atlas_admin.kt
  swift/Sources/AtlasAdmin/AtlasAdmin.swift
  swift/ffi/AtlasAdminFFI.h
  swift/ffi/module.modulemap
)
if [ "${1:-}" = "--check" ]; then
  stale=0
  for f in "${GENERATED[@]}"; do
    if ! cmp -s "$OUT/tree/$f" "$HERE/$f"; then
      echo "stale generated file: bindings-uniffi/$f (run bindings-uniffi/generate.sh)" >&2
      stale=1
    fi
  done
  exit "$stale"
fi
for f in "${GENERATED[@]}"; do
  mkdir -p "$(dirname "$HERE/$f")"
  cp "$OUT/tree/$f" "$HERE/$f"
done
echo "generated: ${GENERATED[*]}" >&2
