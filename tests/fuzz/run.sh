#!/usr/bin/env bash
# Runs every libFuzzer harness of tests/fuzz for SECONDS each (default 30),
# two at a time, with ASan + UBSan, on a copy of its committed corpus
# (tests/fuzz/corpus/<name>/; what a run adds stays in build-fuzz/fuzz-out/),
# with its dictionary tests/fuzz/<name>.dict if there is one.
# Prints executions and the result per harness; exits 1 if any crashed,
# leaked or timed out (its reproducer is kept in build-fuzz/fuzz-out/<name>/).
#   tests/fuzz/run.sh [SECONDS] [NAME...]     e.g. run.sh 600, run.sh 20 roster qrcard
# Builds build-fuzz first (CC=clang -DKIOSK_FUZZ=ON), unless FUZZ_NO_BUILD=1.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-30}
shift || true
build=${FUZZ_BUILD:-$root/build-fuzz}
jobs=${FUZZ_JOBS:-2}
if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
  CC=clang cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_FUZZ=ON >/dev/null || exit 1
  cmake --build "$build" -j"$jobs" --target fuzz_all >/dev/null || { echo "fuzz build failed" >&2; exit 1; }
fi
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in "$root"/tests/fuzz/fuzz_*.c; do n=$(basename "$f" .c); names+=("${n#fuzz_}"); done
fi
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0
out=${FUZZ_OUT:-$build/fuzz-out}
mkdir -p "$out"

one() { # name: runs it, writes $out/name/result
  local n=$1 d=$out/$1
  rm -rf "$d"; mkdir -p "$d/corpus"
  [ -d "$root/tests/fuzz/corpus/$n" ] && cp -r "$root/tests/fuzz/corpus/$n/." "$d/corpus/"
  local dict=()
  [ -f "$root/tests/fuzz/$n.dict" ] && dict=(-dict="$root/tests/fuzz/$n.dict")
  (cd "$d" && "$build/tests/fuzz/fuzz_$n" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 \
     -print_final_stats=1 -artifact_prefix="$d/" "${dict[@]}" corpus >"$d/log" 2>&1)
  local rc=$?
  local execs cov
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$d/log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$d/log" | tail -1 | cut -d' ' -f2)
  if [ $rc -eq 0 ]; then res=ok; else res="CRASH (rc $rc; see $d/log)"; fi
  printf '%-10s %8ss %12s execs %6s edges  %s\n' "$n" "$secs" "${execs:-?}" "${cov:-?}" "$res" >"$d/result"
  return $rc
}

echo "fuzzing ${#names[@]} harnesses for ${secs}s each, $jobs at a time ($(date -u '+%F %H:%M UTC'), $(nproc) cores)"
fail=0
pids=()
for n in "${names[@]}"; do
  if [ ! -x "$build/tests/fuzz/fuzz_$n" ]; then echo "no harness fuzz_$n" >&2; fail=1; continue; fi
  one "$n" &
  pids+=($!)
  if [ ${#pids[@]} -ge "$jobs" ]; then wait "${pids[0]}" || fail=1; pids=("${pids[@]:1}"); fi
done
for p in "${pids[@]}"; do wait "$p" || fail=1; done
for n in "${names[@]}"; do [ -f "$out/$n/result" ] && cat "$out/$n/result"; done
if [ $fail -ne 0 ]; then
  for n in "${names[@]}"; do
    grep -q CRASH "$out/$n/result" 2>/dev/null && { echo "== $n"; grep -E -m8 'ERROR|runtime error|SUMMARY|Test unit written|#[0-9]+ 0x' "$out/$n/log"; }
  done
  exit 1
fi
