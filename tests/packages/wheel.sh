#!/usr/bin/env bash
# The Python wheel as a user installs it: `maturin build --release`, then a fresh venv outside the
# repo with no Rust toolchain reachable (cargo/rustc dirs dropped from PATH, CARGO_HOME and
# RUSTUP_HOME pointing at an empty dir), the wheel installed with pip from a local folder only
# (its one PyPI dependency, typing_extensions before 3.11, installed first from the index), and
# wheel/check.py builds a request and calls listClusters against a local server on 127.0.0.1.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/atlas-admin"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE/target}"
# The build tools' venv bindings-python/test.sh uses; maturin is added if it lacks it.
TOOLS="${ATLAS_PY_VENV:-$CACHE/py-venv}"
log() { printf '[packages/wheel] %s\n' "$*" >&2; }

[ -x "$TOOLS/bin/python" ] || "${PYTHON:-python3}" -m venv "$TOOLS"
[ -x "$TOOLS/bin/maturin" ] || "$TOOLS/bin/python" -m pip install -q --disable-pip-version-check maturin

WORK="$(mktemp -d "${TMPDIR:-/tmp}/atlas-admin-wheel-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

log "maturin build --release"
nice -n 10 "$TOOLS/bin/maturin" build --release --quiet --out "$WORK/wheels" \
  --manifest-path "$ROOT/bindings-python/Cargo.toml" >&2
WHEEL="$(ls "$WORK"/wheels/atlas_admin-*.whl)"
log "built $(basename "$WHEEL")"
"$TOOLS/bin/python" - "$WHEEL" <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
need = ["atlas_admin/__init__.py", "atlas_admin/py.typed", "atlas_admin/_core.pyi", "atlas_admin/models.py"]
missing = [n for n in need if n not in names]
missing += [] if any(n.startswith("atlas_admin/_core.") and n.endswith(".so") for n in names) else ["atlas_admin/_core*.so"]
assert not missing, f"the wheel lacks {missing}: {names}"
stray = [n for n in names if n.startswith(("tests/", "src/", "atlas_admin/tests/"))]
assert not stray, f"the wheel carries {stray}"
PY

# No Rust anywhere the install could reach.
NORUST="$WORK/no-rust"
mkdir -p "$NORUST"
CLEAN_PATH=""
IFS=: read -r -a dirs <<< "$PATH"
for d in "${dirs[@]}"; do
  [ -n "$d" ] || continue
  case "$d" in *cargo*|*rustup*) continue ;; esac
  [ -e "$d/cargo" ] || [ -e "$d/rustc" ] || [ -e "$d/rustup" ] || CLEAN_PATH="${CLEAN_PATH:+$CLEAN_PATH:}$d"
done
user_env() {
  env -u CARGO_TARGET_DIR -u RUSTC -u CARGO -u RUSTC_WRAPPER PATH="$CLEAN_PATH" \
    CARGO_HOME="$NORUST" RUSTUP_HOME="$NORUST" PIP_DISABLE_PIP_VERSION_CHECK=1 "$@"
}
if user_env bash -c 'command -v cargo || command -v rustc || command -v rustup' >&2; then
  log "a Rust toolchain is still on the user's PATH (above)"; exit 1
fi

PY="$(command -v "${PYTHON:-python3}")"
log "fresh venv with $("$PY" --version 2>&1), no Rust on PATH"
cd "$WORK"
user_env "$PY" -m venv "$WORK/venv"
# The wheel's dependencies from PyPI (only typing_extensions, before Python 3.11) ...
user_env "$WORK/venv/bin/pip" install -q 'typing_extensions>=4.0; python_version < "3.11"'
# ... then the wheel itself, from the local folder only: a source build could not happen here.
user_env "$WORK/venv/bin/pip" install -q --no-index --find-links "$WORK/wheels" --only-binary :all: atlas-admin
user_env "$WORK/venv/bin/python" "$HERE/wheel/check.py"
