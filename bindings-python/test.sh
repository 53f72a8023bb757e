#!/usr/bin/env bash
# The Python binding's tests, from a fresh machine: makes a venv outside the repo (installing only
# what it lacks), builds the extension with maturin, installs the wheel and runs pytest.
#   bash bindings-python/test.sh [pytest args]
# Uses $PRISM_URL when set (scripts/test starts one Prism for every suite); otherwise the Prism
# tests start their own through tests/prism/start.sh and stop it afterwards.
# ATLAS_PY_SKIP_INSTALL_TEST=1 skips the slowest test (pip install from a clean clone into a fresh
# venv, about a minute with a warm cargo target dir).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/atlas-admin"
VENV="${ATLAS_PY_VENV:-$CACHE/py-venv}"
# Shared with scripts/test so the core is compiled once per machine, not once per clone.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE/target}"
export CARGO_TERM_COLOR=never

step() { printf '\n==> %s\n' "$*"; }

step "python venv ($VENV)"
if [ ! -x "$VENV/bin/python" ]; then
  "${PYTHON:-python3}" -m venv "$VENV"
fi
missing=()
for pkg in maturin pytest httpx requests mypy httpbin typing_extensions; do
  "$VENV/bin/python" -c "import importlib.metadata as m, sys; m.version(sys.argv[1])" "$pkg" 2>/dev/null || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "${missing[@]}"
fi
"$VENV/bin/python" --version

step "build and install the wheel (maturin, release)"
WHEELS="$CACHE/wheels"
rm -rf "$WHEELS"
"$VENV/bin/maturin" build --release --quiet --out "$WHEELS" --manifest-path Cargo.toml
WHEEL="$(ls "$WHEELS"/atlas_admin-*.whl)"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$WHEEL"
export ATLAS_PY_WHEEL="$WHEEL"

step "pytest"
# From tests/, so `import atlas_admin` is the installed wheel, not the source tree.
cd tests
exec "$VENV/bin/python" -m pytest -p no:cacheprovider -q -rs "$@"
