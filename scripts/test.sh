#!/usr/bin/env bash
# Quick start 2: installs what is missing, builds, and runs every test —
# core unit tests, headless UI tests, end-to-end tests under Xvfb — twice:
# in a normal build (build/) and in an ASan+UBSan build (build-asan/); then
# each libFuzzer harness briefly (build-fuzz/, tests/fuzz/run.sh); then, as a
# step of its own, builds the two Debian packages and installs, checks and
# purges them on this machine (tests/package/test_package.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" --test
jobs=$(nproc)

run() {
  local dir=$1; shift
  cmake -S "$root" -B "$dir" "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
  (cd "$dir" && ctest --output-on-failure -j"$jobs")
}

echo "== normal build"
run "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
echo "== ASan + UBSan build"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0
run "$root/build-asan" -DCMAKE_BUILD_TYPE=Debug -DKIOSK_SANITIZE=ON
unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
echo "== fuzzing: each harness of tests/fuzz for 25 s (clang, ASan + UBSan, build-fuzz/)"
"$root/tests/fuzz/run.sh" 25
echo "== Debian packages: build both, lintian, install, verify units, kioskctl as kiosk, upgrade, purge"
"$root/scripts/package.sh"
if [ "$(id -u)" = 0 ]; then "$root/tests/package/test_package.sh" "$root/dist"
else sudo "$root/tests/package/test_package.sh" "$root/dist"; fi
echo "All tests passed in both builds, the fuzzers and the packages. Screenshots: build/tests/ui/shots/"
