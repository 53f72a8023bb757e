#!/usr/bin/env bash
# The Kotlin jar as a user gets it: the native core built --release, the Maven project of
# bindings-uniffi/kotlin (a copy of its pom and main sources, so the repo's target/ is left alone)
# packaged with -Pbundle-native, which puts the cdylib in the jar where JNA looks for it
# (linux-x86-64/libatlas_admin_uniffi.so), and installed into a temp local repository seeded from
# ~/.m2. Then a fresh Maven project (jar/) that depends on it, with no jna.library.path, runs one
# Kotlin test: a request built sans-IO and a listClusters call (AtlasClient(config), the default
# transport) against a JDK HttpServer on 127.0.0.1. Asserts the jar's contents, the Surefire
# report and what the test wrote.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/atlas-admin"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE/target}"
log() { printf '[packages/jar] %s\n' "$*" >&2; }

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) PLATFORM=linux-x86-64 LIB=libatlas_admin_uniffi.so ;;
  Linux-aarch64) PLATFORM=linux-aarch64 LIB=libatlas_admin_uniffi.so ;;
  Darwin-arm64) PLATFORM=darwin-aarch64 LIB=libatlas_admin_uniffi.dylib ;;
  Darwin-x86_64) PLATFORM=darwin-x86-64 LIB=libatlas_admin_uniffi.dylib ;;
  *) log "no JNA platform name for $(uname -s)-$(uname -m)"; exit 1 ;;
esac

log "cargo build --release -p bindings-uniffi"
(cd "$ROOT" && nice -n 10 cargo build -q --release -p bindings-uniffi --lib)
NATIVE="$CARGO_TARGET_DIR/release"
[ -f "$NATIVE/$LIB" ] || { log "no $NATIVE/$LIB"; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/atlas-admin-jar-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
REPO="$WORK/m2"
# The user's local repository: what ~/.m2 already holds (Maven downloads only what it lacks).
if [ -d "$HOME/.m2/repository" ]; then cp -a "$HOME/.m2/repository" "$REPO"; else mkdir -p "$REPO"; fi
MVN=(mvn -B -q -Dstyle.color=never -Dmaven.repo.local="$REPO")

log "mvn -Pbundle-native install (bindings-uniffi/kotlin)"
mkdir -p "$WORK/lib/src"
cp "$ROOT/bindings-uniffi/kotlin/pom.xml" "$WORK/lib/"
cp -a "$ROOT/bindings-uniffi/kotlin/src/main" "$ROOT/bindings-uniffi/kotlin/src/generated" "$WORK/lib/src/"
nice -n 10 "${MVN[@]}" -f "$WORK/lib/pom.xml" -Pbundle-native -Dnative.dir="$NATIVE" -Djna.platform="$PLATFORM" \
  -Dmaven.test.skip=true install >&2
INSTALLED="$REPO/io/github/atlas-admin/atlas-admin-kotlin/0.1.0"
JAR="$INSTALLED/atlas-admin-kotlin-0.1.0.jar"
[ -f "$JAR" ] && [ -f "$INSTALLED/atlas-admin-kotlin-0.1.0.pom" ] || { log "nothing installed at $INSTALLED"; exit 1; }
unzip -Z1 "$JAR" > "$WORK/contents"
for f in "$PLATFORM/$LIB" atlasadmin/AtlasClient.class atlasadmin/DefaultTransportKt.class; do
  grep -qx "$f" "$WORK/contents" || { log "the jar lacks $f"; cat "$WORK/contents" >&2; exit 1; }
done
unzip -p "$JAR" "$PLATFORM/$LIB" | cmp -s - "$NATIVE/$LIB" || { log "the jar's $LIB is not the release build"; exit 1; }
log "$(basename "$JAR"): $(wc -l < "$WORK/contents") entries, $PLATFORM/$LIB $(stat -c %s "$NATIVE/$LIB") bytes"

log "a fresh project that depends on it: mvn test"
mkdir -p "$WORK/app"
cp -a "$HERE/jar/pom.xml" "$HERE/jar/src" "$WORK/app/"
status=0
nice -n 10 "${MVN[@]}" -f "$WORK/app/pom.xml" test >&2 || status=$?
python3 - "$WORK/app/target/surefire-reports" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
reports = glob.glob(sys.argv[1] + "/TEST-*.xml")
assert reports, "no Surefire report"
r = ET.parse(reports[0]).getroot()
counts = {k: int(r.get(k, 0)) for k in ("tests", "failures", "errors", "skipped")}
assert counts == {"tests": 1, "failures": 0, "errors": 0, "skipped": 0}, counts
PY
[ "$status" -eq 0 ] || { log "mvn test failed (exit $status)"; exit 1; }
grep -q '"name":"jar-cluster"' "$WORK/app/target/result.txt" || { log "unexpected result: $(cat "$WORK/app/target/result.txt")"; exit 1; }
echo "jar: $(cat "$WORK/app/target/result.txt")"
