#!/usr/bin/env bash
# Builds the coverage-guided fuzz targets on the stable toolchain and runs each in turn.
#   bash fuzz/run.sh                          every target, FUZZ_SECS (default 10) each
#   FUZZ_SECS=1800 FUZZ_RUNS=10000000 bash fuzz/run.sh
#                                             the long run: 30 minutes or 10 million executions
#                                             each, whichever comes first
#   bash fuzz/run.sh build_request            one target (any of TARGETS below)
# The corpus grows in fuzz/corpus/<target> (not committed; seeded from the spec's examples and
# tests/fixtures/requests.json on every run); a crash, hang or broken property leaves its input
# in fuzz/artifacts/<target>/ and fails the script. Replay one with: <binary> <file>.
#
# No cargo-fuzz and no nightly: libfuzzer-sys builds libFuzzer with the C++ compiler (g++ will
# do), and rustc's stable codegen flags add the coverage instrumentation libFuzzer reads
# (`-Cpasses=sancov-module` with the `-sanitizer-coverage-*` LLVM options). `--target` keeps
# those flags off build scripts and proc macros, which are not linked with libFuzzer.
set -euo pipefail
cd "$(dirname "$0")"
FUZZ=$PWD
TARGETS=(parse_response digest_challenge token_response call_machine build_request body_validator)
[ $# -gt 0 ] && TARGETS=("$@")
SECS="${FUZZ_SECS:-10}"
RUNS="${FUZZ_RUNS:--1}" # libFuzzer's -runs: -1 is no limit
HOST=$(rustc -vV | sed -n 's/^host: //p')
# Beside the usual target dir, not in it: other RUSTFLAGS there would rebuild everything twice.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/atlas-admin/target}-fuzz"
export RUSTFLAGS="-Cpasses=sancov-module \
  -Cllvm-args=-sanitizer-coverage-level=4 \
  -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
  -Cllvm-args=-sanitizer-coverage-pc-table \
  -Cllvm-args=-sanitizer-coverage-trace-compares \
  --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
command -v c++ >/dev/null || command -v g++ >/dev/null || {
  echo "fuzz: a C++ compiler is needed to build libFuzzer (apt-get install g++)" >&2
  exit 1
}

echo "fuzz: building ${TARGETS[*]} (release, instrumented, $HOST)"
bins=()
for t in "${TARGETS[@]}" seeds; do bins+=(--bin "$t"); done
cargo build -q --release --locked --target "$HOST" "${bins[@]}"
BIN="$CARGO_TARGET_DIR/$HOST/release"
"$BIN/seeds" "$FUZZ/corpus"

failed=()
for t in "${TARGETS[@]}"; do
  mkdir -p "$FUZZ/artifacts/$t"
  log="$FUZZ/artifacts/$t.log"
  echo "fuzz: $t for ${SECS}s$([ "$RUNS" -ge 0 ] && echo " or $RUNS executions")"
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: a leak or a blow-up is a crash.
  if "$BIN/$t" "$FUZZ/corpus/$t" -max_total_time="$SECS" -runs="$RUNS" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$FUZZ/artifacts/$t/" >"$log" 2>&1; then
    # The totals: executions, final coverage (cov: edges, ft: features) and speed.
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [^ ]+' || true)
    echo "fuzz: $t ok: $runs executions, $last"
  else
    echo "fuzz: $t FAILED; the end of its log ($log):" >&2
    tail -n 40 "$log" >&2
    failed+=("$t")
  fi
done
[ ${#failed[@]} -eq 0 ] || { echo "fuzz: failed: ${failed[*]}" >&2; exit 1; }
