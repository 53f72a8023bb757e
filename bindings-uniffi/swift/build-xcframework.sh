#!/usr/bin/env bash
# Builds AtlasAdminFFI.xcframework (the Rust core as static libraries for iOS, the iOS
# simulator and macOS, with the UniFFI C header and module map) next to Package.swift, so that
# `swift build` / `swift test` / Xcode can use this package. macOS only (needs Xcode's
# xcodebuild and lipo); not run in this repository's CI, which has no Swift toolchain.
#
#   bindings-uniffi/swift/build-xcframework.sh            # release build
#   PROFILE=debug bindings-uniffi/swift/build-xcframework.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PROFILE="${PROFILE:-release}"
[ "$(uname -s)" = Darwin ] || { echo "build-xcframework.sh needs macOS (xcodebuild)" >&2; exit 1; }

IOS=aarch64-apple-ios
SIM=(aarch64-apple-ios-sim x86_64-apple-ios)
MAC=(aarch64-apple-darwin x86_64-apple-darwin)
rustup target add "$IOS" "${SIM[@]}" "${MAC[@]}"

# The generated Swift must match the library being packaged.
"$ROOT/bindings-uniffi/generate.sh" --check

cd "$ROOT"
flag=(--release); [ "$PROFILE" = debug ] && flag=()
for t in "$IOS" "${SIM[@]}" "${MAC[@]}"; do
  # A static library only for this packaging, not in every cargo build (see Cargo.toml).
  cargo rustc -p bindings-uniffi --lib "${flag[@]}" --target "$t" --crate-type staticlib
done
lib() { echo "$ROOT/target/$1/$PROFILE/libatlas_admin_uniffi.a"; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/headers" "$WORK/sim" "$WORK/mac"
cp "$HERE/ffi/AtlasAdminFFI.h" "$HERE/ffi/module.modulemap" "$WORK/headers/"
lipo -create "$(lib "${SIM[0]}")" "$(lib "${SIM[1]}")" -output "$WORK/sim/libatlas_admin_uniffi.a"
lipo -create "$(lib "${MAC[0]}")" "$(lib "${MAC[1]}")" -output "$WORK/mac/libatlas_admin_uniffi.a"

rm -rf "$HERE/AtlasAdminFFI.xcframework"
xcodebuild -create-xcframework \
  -library "$(lib "$IOS")" -headers "$WORK/headers" \
  -library "$WORK/sim/libatlas_admin_uniffi.a" -headers "$WORK/headers" \
  -library "$WORK/mac/libatlas_admin_uniffi.a" -headers "$WORK/headers" \
  -output "$HERE/AtlasAdminFFI.xcframework"
echo "built $HERE/AtlasAdminFFI.xcframework; now: (cd $HERE && swift test)" >&2
