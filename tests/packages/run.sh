#!/usr/bin/env bash
# Packages as users install them: the npm tarball in a Vite app in Chromium (npm.sh), the wheel
# in a venv without Rust (wheel.sh), the jar with its bundled native library in a fresh Maven
# project (jar.sh). Each starts and stops its own servers on 127.0.0.1 and removes its temp dir.
#   bash tests/packages/run.sh [npm|wheel|jar ...]     default: all three
# Prints `packages: N passed, N failed` last; exits non-zero when any failed.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/atlas-admin/target}"
passed=0 failed=0 report=""
for name in "${@:-npm wheel jar}"; do
  for t in $name; do
    printf '\n==> [packages] %s\n' "$t"
    start=$SECONDS
    if bash "$HERE/$t.sh"; then
      passed=$((passed + 1)) verdict=ok
    else
      failed=$((failed + 1)) verdict=FAILED
    fi
    report="$report
  $t: $verdict ($((SECONDS - start)) s)"
  done
done
echo "$report"
echo "packages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
