#!/usr/bin/env bash
# Proves the test suite does not depend on the machine's load: runs ctest
# RUNS times in a row in BUILD_DIR while stress-ng keeps CPU workers busy
# (by default as many as the machine has cores), and reports each run's
# passes, failures (by name) and skips. A test that fails here but passes
# alone is a test that measures the machine, not the kiosk: fix the test.
# In a sanitizer build (KIOSK_SANITIZE=ON) it sets the same ASan/UBSan/LSan
# options as scripts/test.sh. Exits 1 if any run had a failure.
#
# usage: scripts/stress-test.sh [-n RUNS] [-R REGEX] [-j JOBS] [-c CPU_WORKERS] BUILD_DIR
#   e.g. scripts/stress-test.sh -n 2 -R 'e2e_|ui_' build
#        scripts/stress-test.sh -n 5 build-asan
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=3 regex= jobs=$(nproc) cpus=$(nproc)
usage() { echo "usage: $0 [-n RUNS] [-R REGEX] [-j JOBS] [-c CPU_WORKERS] BUILD_DIR" >&2; exit 2; }
while getopts "n:R:j:c:" o; do
  case $o in
    n) runs=$OPTARG ;;
    R) regex=$OPTARG ;;
    j) jobs=$OPTARG ;;
    c) cpus=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# = 1 ] || usage
for v in "$runs" "$jobs" "$cpus"; do [[ $v =~ ^[1-9][0-9]*$ ]] || usage; done
build=$(cd "$1" && pwd) || { echo "error: no build directory $1" >&2; exit 2; }
[ -f "$build/CTestTestfile.cmake" ] || { echo "error: $build is not a configured build (no CTestTestfile.cmake)" >&2; exit 2; }
"$root/scripts/setup.sh" --test --stress

if grep -q '^KIOSK_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  export LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0
fi

log=$(mktemp -d "${TMPDIR:-/tmp}/stress-test.XXXXXX")
stress-ng --cpu "$cpus" --timeout 0 --quiet &
load=$!
trap 'kill "$load" 2>/dev/null; wait "$load" 2>/dev/null; true' EXIT
sleep 1
kill -0 "$load" 2>/dev/null || { echo "error: stress-ng did not start" >&2; exit 1; }

echo "ctest in $build${regex:+ -R '$regex'} -j$jobs, $runs runs, under stress-ng --cpu $cpus; logs in $log"
bad=0
for i in $(seq "$runs"); do
  out=$log/run$i.txt
  t0=$SECONDS
  (cd "$build" && ctest ${regex:+-R "$regex"} -j"$jobs" --output-on-failure) >"$out" 2>&1 || true
  total=$(sed -n 's/.*tests passed, [0-9]* tests failed out of \([0-9]*\).*/\1/p' "$out")
  failed=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of.*/\1/p' "$out")
  [ -n "$total" ] || { echo "run $i: ctest did not finish (see $out)"; bad=1; continue; }
  skipped=$(sed -n '/did not run:/,/^$/p' "$out" | grep -c '(Skipped)' || true)
  names=$(sed -n '/tests FAILED:/,$p' "$out" | sed -n 's/^[[:space:]]*[0-9]* - \([^ ]*\) .*/\1/p' | tr '\n' ' ')
  echo "run $i: $((total - failed - skipped)) passed, $failed failed, $skipped skipped of $total ($((SECONDS - t0)) s)${names:+ — failed: $names}"
  [ "$failed" = 0 ] || bad=1
done
[ "$bad" = 0 ] && echo "no failures in $runs runs" || echo "FAILURES: see $log"
exit "$bad"
