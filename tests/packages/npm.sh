#!/usr/bin/env bash
# The npm package as a user installs it: `npm pack` in bindings-wasm (after building it), the
# tarball must carry the .wasm; a fresh project outside the repo installs the tarball and Vite
# (pinned, from the registry), bundles a tiny app that imports the package, builds a request and
# calls listClusters through AtlasClient; a local server on 127.0.0.1 serves dist/ and answers
# the Atlas path on the same origin; Debian's Chromium (playwright-core, no downloaded browser)
# opens it and check.mjs asserts what the page shows.
#   ATLAS_PACKAGES_NO_BUILD=1 skips bindings-wasm/build.sh (when js/wasm/ is fresh).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VITE_VERSION=8.3.8
PLAYWRIGHT_VERSION=$(node -p "require('$ROOT/bindings-wasm/package.json').devDependencies['playwright-core']")
log() { printf '[packages/npm] %s\n' "$*" >&2; }

if [ ! -x /usr/bin/chromium ]; then
  log "installing Debian's chromium"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
fi

if [ "${ATLAS_PACKAGES_NO_BUILD:-}" != 1 ] || [ ! -f "$ROOT/bindings-wasm/js/wasm/atlas_admin_wasm_bg.wasm" ]; then
  log "building the package (bindings-wasm/build.sh)"
  nice -n 10 bash "$ROOT/bindings-wasm/build.sh"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/atlas-admin-npm-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

log "npm pack"
(cd "$ROOT/bindings-wasm" && npm pack --silent --pack-destination "$WORK" >/dev/null)
TARBALL="$(ls "$WORK"/atlas-admin-*.tgz)"
tar tzf "$TARBALL" > "$WORK/contents"
for f in package/package.json package/js/index.js package/js/index.d.ts \
         package/js/wasm/atlas_admin_wasm.js package/js/wasm/atlas_admin_wasm_bg.wasm; do
  grep -qx "$f" "$WORK/contents" || { log "the tarball lacks $f"; cat "$WORK/contents" >&2; exit 1; }
done
if grep -E '^package/(src|test|tests|node_modules|target)/' "$WORK/contents" >&2; then
  log "the tarball carries files a user does not need (above)"; exit 1
fi

APP="$WORK/app"
mkdir -p "$APP"
cp "$HERE/npm/index.html" "$HERE/npm/main.js" "$HERE/npm/server.mjs" "$HERE/npm/check.mjs" "$APP/"
cat > "$APP/package.json" <<JSON
{
  "name": "atlas-admin-vite-app",
  "private": true,
  "type": "module",
  "dependencies": { "atlas-admin": "file:../$(basename "$TARBALL")" },
  "devDependencies": { "vite": "$VITE_VERSION", "playwright-core": "$PLAYWRIGHT_VERSION" }
}
JSON
cd "$APP"
log "npm install (the tarball, vite $VITE_VERSION, playwright-core $PLAYWRIGHT_VERSION)"
npm install --no-audit --no-fund --loglevel=error >&2
# Installed from the tarball (a copy), not linked to the repo.
[ -f node_modules/atlas-admin/js/wasm/atlas_admin_wasm_bg.wasm ] && [ ! -L node_modules/atlas-admin ] \
  || { log "atlas-admin is not installed as a copy with its .wasm"; exit 1; }

log "vite build"
npx --no-install vite build --logLevel warn >&2

log "chromium"
node check.mjs
