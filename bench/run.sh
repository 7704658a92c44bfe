#!/usr/bin/env bash
# Benchmarks for the foundation (issue 2). Builds, then measures, on this
# machine, in one run:
#   1. exec -> first presented frame (20 launches)            target <= 150 ms
#   2. tap -> present at 1080p, 200 real X clicks (xdotool)    target p99 <= 16 ms
#   3. CPU while idle on the home screen over 30 s             target <= 0.5 %
#   4. PSS with the fonts loaded, software renderer, photos    target <= 40 MiB
#   5. check-in commit latency (WAL + synchronous=FULL)        target p99 <= 10 ms
#   6. finding a member among 10,000 by letter or digits       target <= 2 ms
#   7. QR scan: Enter -> presented confirmation, 20 xdotool scans  target <= 100 ms
#   8. event mode: 500 scans at 2 a second, nothing lost        target p99 <= 100 ms
#      (skipped with --quick)
#  10. sync at township scale: importing 600 bundles of 1,000,000 records   target <= 30 s
#      re-importing them (no change)                             target <= 10 s
#      exporting a village's year (~10,000 records)              target <= 200 ms
#  11. the township's review (review_compute) of a month, 600 villages:
#      at 1,000,000 records                                    target <= 10 s
#      at 10,000,000 (BENCH_REPORT_10M=1; ~30 min, ~10 GB)     target <= 60 s, 10M/1M about 10x
#      importing stays linear (ms per 1,000 records, first 1 M and the rest)
#  12. the worker (bench/worker.sh): a check-in committed while a 64 MiB
#      package is applied / 10,000 records exported     target <= 1 s
#      page turns while the worker applies 6 x 64 MiB from a stick / exports
#      10,000 records 100 times over                    target p99 <= 16 ms
#      a roster package on the LAN hub -> the new tile on the open grid  <= 2 s
#   9. notices: opening one (its pages laid out then) and turning pages (the
#      layout kept), real clicks                                 (issue 5: no target given;
#      we hold page turns to the tap target, p99 <= 16 ms)
#  12. check-in tap -> its tone queued (SDL's dummy audio driver), 20 real
#      taps on member tiles                                      target <= 70 ms
#  13. the secretary's PIN: setting it / checking it (Argon2id)  target < 500 ms
# Timing targets live here, not in ctest: the tests check what happens and in
# what order, and must pass on a loaded machine; these figures are taken on
# a quiet one and compared with the targets by whoever reads the table.
# The kiosk runs in Xvfb with the software renderer, as on a kiosk without a
# GPU driver. Prints a Markdown table for README.
# usage: bench/run.sh [--quick]   (--quick: 5 s idle window, 40 taps)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" --bench
B=$root/build
cmake -S "$root" -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$B" -j"$(nproc)" --target kiosk kioskctl township bench_commit bench_launch bench_finder bench_sync \
  bench_report bench_worker bench_pin >/dev/null
. "$root/tests/e2e/lib.sh"
KIOSK_BIN=$B/kiosk
idleSec=30 taps=200
[ "${1:-}" = --quick ] && idleSec=5 taps=40

work=$(mktemp -d "$B/bench.XXXXXX")
trap 'e2e_stop; rm -rf "$work"' EXIT
DB=$work/kiosk.db DUMP=$work/ui.json
pct() { sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int(NR*p/100); if (i<1) i=1; if (i>NR) i=NR; print a[i]}'; }

e2e_start_x 1920x1080

# 1. start-up: the first launch builds the demo database; measure the rest
KIOSK_EXIT_AFTER_FIRST_FRAME=1 "$B/bench/bench_launch" "$KIOSK_BIN" --config "$root/kiosk.conf" --db "$DB" 2>/dev/null || true
: >"$work/start"
for _ in $(seq 20); do
  KIOSK_EXIT_AFTER_FIRST_FRAME=1 "$B/bench/bench_launch" "$KIOSK_BIN" --config "$root/kiosk.conf" --db "$DB" 2>&1 |
    sed -n 's/^first_frame_ms=//p' >>"$work/start"
done
start50=$(pct 50 <"$work/start") startMax=$(pct 100 <"$work/start")

# 2. tap latency: page turns on the check-in grid, each answered by a frame
card=$("$B/kioskctl" --config "$root/kiosk.conf" --db "$DB" card issue LM0031 2>/dev/null)
export KIOSK_LATENCY_LOG=$work/latency
e2e_start_kiosk "$DUMP" --config "$root/kiosk.conf" --db "$DB"
unset KIOSK_LATENCY_LOG
e2e_tap "$DUMP" checkin
e2e_wait_screen "$DUMP" checkin
e2e_tap "$DUMP" page:next
xy() { jq -r --arg id "$1" '.widgets[] | select(.id == $id) | "\(.x + (.w / 2 | floor)) \(.y + (.h / 2 | floor))"' "$DUMP"; }
next=$(xy page:next) prev=$(xy page:prev)
sleep 0.5
: >"$work/latency"
e2e_page_turns "$taps" 0.12 "$next" "$prev"
sleep 0.5
awk '{print $2 - $1}' "$work/latency" >"$work/lat"

# 7. scans: the card typed as a scanner types it, then Enter; each answered
# by the confirmation frame (the first checks in, the rest say 您已签到)
before=$(wc -l <"$work/latency")
xdotool windowfocus --sync "$KIOSK_WIN"
for _ in $(seq 20); do
  e2e_scan_code "$card"
  sleep 0.4
done
tail -n +$((before + 1)) "$work/latency" | awk '{print $2 - $1}' >"$work/scan"
nScan=$(wc -l <"$work/scan")
scan50=$(pct 50 <"$work/scan") scan99=$(pct 99 <"$work/scan")
nLat=$(wc -l <"$work/lat")
lat50=$(pct 50 <"$work/lat") lat99=$(pct 99 <"$work/lat") latMax=$(pct 100 <"$work/lat")

# 4. memory, with the fonts loaded and the grid drawn (the demo's photos on
# its tiles: the demo draws a portrait for most members, see demo.h)
pss=$(awk '/^Pss:/ {print $2}' "/proc/$KIOSK_PID/smaps_rollup")
pssMiB=$(echo "scale=1; $pss / 1024" | bc)
nPhoto=$(sqlite3 "$DB" "SELECT count(DISTINCT member_no) FROM member_photo")

# 9. notices: open the pinned 政策宣传 notice (4 pages, an image), then turn
# pages back and forth; then 特大字 (laid out anew) and turns again
e2e_tap "$DUMP" nav:home
e2e_wait_screen "$DUMP" home
e2e_tap "$DUMP" notices
e2e_wait_screen "$DUMP" notices
e2e_tap "$DUMP" cat:3
e2e_wait_screen "$DUMP" notice_list
nid=$(jq -r '[.widgets[] | select(.id | startswith("notice:"))][0].id' "$DUMP")
frames() { tail -n +$(($1 + 1)) "$work/latency" | awk '{print $2 - $1}'; }
before=$(wc -l <"$work/latency")
e2e_tap "$DUMP" "$nid"
e2e_wait_screen "$DUMP" notice
sleep 0.3
openMs=$(frames "$before" | pct 100)
before=$(wc -l <"$work/latency")
e2e_tap "$DUMP" size:1
sleep 0.3
hugeMs=$(frames "$before" | pct 100)
e2e_tap "$DUMP" size:0
next=$(xy page:next)
e2e_tap "$DUMP" page:next
prev=$(xy page:prev)
sleep 0.5
before=$(wc -l <"$work/latency")
for i in $(seq $((taps / 2))); do
  if [ $((i % 2)) = 1 ]; then p=$next; else p=$prev; fi
  # shellcheck disable=SC2086
  xdotool mousemove --window "$KIOSK_WIN" $p click 1
  sleep 0.12
done
sleep 0.5
frames "$before" >"$work/turn"
nTurn=$(wc -l <"$work/turn")
turn50=$(pct 50 <"$work/turn") turn99=$(pct 99 <"$work/turn") turnMax=$(pct 100 <"$work/turn")

# 3. idle: home screen, nobody touching it
e2e_tap "$DUMP" nav:home
e2e_wait_screen "$DUMP" home
sleep 2
ticks() { awk '{print $14 + $15}' "/proc/$KIOSK_PID/stat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks) f0=$(e2e_frame "$DUMP")
sleep "$idleSec"
t1=$(ticks) f1=$(e2e_frame "$DUMP")
idle=$(printf "%.2f" "$(echo "scale=4; ($t1 - $t0) * 100 / ($hz * $idleSec)" | bc)")
idleFrames=$((f1 - f0))
e2e_stop

# 12. tap -> tone: a kiosk with SDL's dummy audio driver (a device that
# accepts the queue), check-in taps on the first page's tiles; the latency
# log's third column is when the tone was queued for the input that frame
# answered (the release of the tap)
e2e_start_x 1920x1080
export KIOSK_LATENCY_LOG=$work/tone.log SDL_AUDIODRIVER=dummy
e2e_start_kiosk "$DUMP" --config "$root/kiosk.conf" --db "$DB"
unset KIOSK_LATENCY_LOG SDL_AUDIODRIVER
e2e_tap "$DUMP" checkin
e2e_wait_screen "$DUMP" checkin
jq -r '.widgets[] | select(.id | startswith("member:")) | .id' "$DUMP" | head -20 >"$work/tiles"
while read -r tile; do
  e2e_has "$DUMP" "$tile" || continue
  e2e_tap "$DUMP" "$tile"
  e2e_wait_screen "$DUMP" confirm
  e2e_tap "$DUMP" nav:back
  e2e_wait_screen "$DUMP" checkin
done <"$work/tiles"
e2e_stop
awk '$3 >= 0 {print $3 - $1}' "$work/tone.log" >"$work/tone"
nTone=$(wc -l <"$work/tone") nTiles=$(wc -l <"$work/tiles")
tone50=$(pct 50 <"$work/tone") toneMax=$(pct 100 <"$work/tone")

# 13. the PIN's Argon2id hash, set and checked
"$B/bench/bench_pin" "$work" 10 >"$work/pin"
pinSet=$(sed -n 's/^pin_set_max_ms=//p' "$work/pin") pinCheck=$(sed -n 's/^pin_check_max_ms=//p' "$work/pin")

# 5. check-in commit latency, FULL and (for scale) NORMAL side by side
"$B/bench/bench_commit" "$work" 10 >"$work/commit"
commit50=$(sed -n 's/^checkin_commit_p50_ms=//p' "$work/commit")
commit99=$(sed -n 's/^checkin_commit_p99_ms=//p' "$work/commit")

# 6. lookups over a 10,000-member township roster
"$B/bench/bench_finder" 10000 >"$work/finder"
# taps from home to your own name for each demo member, by letter, surname
# and keypad, on the real screens offscreen (bench/bench_taps.c)
cmake --build "$B" -j"$(nproc)" --target bench_taps >/dev/null
"$B/bench/bench_taps" "$root/kiosk.conf" "$work/taps" 2>/dev/null >"$work/taps.txt"
tapsOf() { sed -n "s/^taps_1920x1080_$1 .* min=\([0-9]*\) median=\([0-9]*\) max=\([0-9]*\).*/\1 \/ \2 \/ \3/p" "$work/taps.txt"; }
find99=$(sed -n 's/^finder_letter_p99_ms=//p' "$work/finder")
digits99=$(sed -n 's/^finder_digits_p99_ms=//p' "$work/finder")

# 10. sync at township scale (the bundles are made first, not timed)
"$B/bench/bench_sync" "$work/sync" >"$work/sync.out"
syncImport=$(sed -n 's/^import_ms=\([0-9]*\) new=\([0-9]*\).*/\1 ms (\2 new)/p' "$work/sync.out")
syncRe=$(sed -n 's/^reimport_ms=\([0-9]*\) new=\([0-9]*\) duplicate=\([0-9]*\)/\1 ms (\2 new, \3 duplicate)/p' "$work/sync.out")
syncYear=$(sed -n 's/^year_export_ms=//p' "$work/sync.out")
syncN=$(sed -n 's/^bundles=\([0-9]*\) records=\([0-9]*\).*/\1 bundles, \2 records/p' "$work/sync.out")
rm -rf "$work/sync"

# 11. the township's review at county scale (the month just imported)
reportMax=1000000
[ "${BENCH_REPORT_10M:-0}" = 1 ] && reportMax=10000000
"$B/bench/bench_report" "$work/report" "$reportMax" >"$work/report.out"
rm -rf "$work/report"
reportRow() { # tag: "review ms (cpu ms); import ms, ms per 1,000 records"
  local r i
  r=$(sed -n "s/^review_$1_ms=\([0-9]*\) best_ms=[0-9]* cpu_ms=\([0-9]*\) records=\([0-9]*\).*/\1 ms (CPU \2 ms) at \3 records/p" "$work/report.out")
  i=$(sed -n "s/^import_$1_ms=\([0-9]*\) records=[0-9]* per_1k_ms=\([0-9.]*\) last_block_per_1k_ms=\([0-9.]*\).*/\1 ms; \2 ms per 1,000 (this block \3)/p" "$work/report.out")
  echo "review $r; import $i"
}
report1=$(reportRow 1M) report10="skipped (BENCH_REPORT_10M=1 to run)"
[ "$reportMax" = 10000000 ] && report10=$(reportRow 10M)

# 8. event mode under a township training's queue (the e2e test, at full size)
event="skipped (--quick)"
if [ "$idleSec" = 30 ]; then
  if bash "$root/tests/e2e/e2e_event.sh" "$KIOSK_BIN" "$B/kioskctl" "$root/kiosk.conf" "$work/event" 500 2 \
       >"$work/event.out" 2>/dev/null; then
    event=$(sed -n 's/^e2e event: OK (\(.*\))$/\1/p' "$work/event.out")
  else
    event="FAILED: $(grep FAIL "$work/event.out" | head -1)"
  fi
fi

# 12. the worker thread's slow work beside the screen
bash "$root/bench/worker.sh" "$B" "$work/worker" >"$work/worker.out" 2>/dev/null || echo "x_error=worker.sh failed" >>"$work/worker.out"
w() { sed -n "s/^$1=//p" "$work/worker.out" | tail -1; }
rm -rf "$work/worker/data"

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
echo
echo "Benchmarks, $(date -u +%Y-%m-%d), $(uname -m), $(nproc) cores, $cpu, $mem; Xvfb 1920x1080, software renderer"
echo
echo "| measure | figure | target |"
echo "|---|---|---|"
echo "| exec -> first presented frame (20 launches) | median ${start50} ms, worst ${startMax} ms | <= 150 ms |"
echo "| tap -> present at 1080p ($nLat input frames from $taps clicks) | p50 ${lat50} ms, p99 ${lat99} ms, max ${latMax} ms | p99 <= 16 ms |"
echo "| CPU idle on home over ${idleSec} s | ${idle} % ($idleFrames frames drawn) | <= 0.5 % |"
echo "| PSS, fonts loaded, grid drawn ($nPhoto demo members with photos) | ${pssMiB} MiB | <= 40 MiB |"
echo "| check-in commit, WAL + synchronous=FULL | p50 ${commit50} ms, p99 ${commit99} ms | p99 <= 10 ms |"
echo "| find among 10,000 members: by letter / by keypad digits | p99 ${find99} ms / ${digits99} ms | <= 2 ms |"
echo "| taps from home to your name, 120 demo members at 1080p (min / median / max): letter; surname; keypad | $(tapsOf letter); $(tapsOf surname); $(tapsOf keypad) | (none set) |"
echo "| QR scan: Enter -> presented confirmation ($nScan of 20 scans answered) | p50 ${scan50} ms, p99 ${scan99} ms | <= 100 ms |"
echo "| event mode, 500 xdotool scans at 2/s | ${event} | nothing lost, none repeated, p99 <= 100 ms |"
echo "| township import of $syncN | ${syncImport} | <= 30 s |"
echo "| re-importing all of them | ${syncRe} | <= 10 s, no change |"
echo "| exporting a village's year (10,000 records): signed, sealed, fsynced, read back | ${syncYear} ms | <= 200 ms |"
echo "| township review of a month, 600 villages, 1 M records | ${report1} | <= 10 s |"
echo "| township review of a month, 600 villages, 10 M records | ${report10} | <= 60 s, import linear |"
echo "| notice: tap -> first page presented (pages laid out, image decoded) / 特大字 laid out anew | ${openMs} ms / ${hugeMs} ms | (none set) |"
echo "| notice page turn -> present, layout kept ($nTurn input frames) | p50 ${turn50} ms, p99 ${turn99} ms, max ${turnMax} ms | p99 <= 16 ms (as taps) |"
echo "| check-in committed while the worker applies a 64 MiB package ($(w apply_checkins) check-ins in $(w apply_ms) ms) | p50 $(w apply_commit_p50) ms, max $(w apply_commit_max) ms | <= 1 s |"
echo "| check-in committed while the worker exports 10,000 records ($(w export_checkins) check-ins in $(w export_ms) ms) | p50 $(w export_commit_p50) ms, max $(w export_commit_max) ms | <= 1 s |"
echo "| page turn -> present while the worker applies six 64 MiB packages from a stick ($(w x_apply_turns) input frames in $(w x_apply_ms) ms; worker idle: p50 $(w x_idle_p50) ms, p99 $(w x_idle_p99) ms) | p50 $(w x_apply_p50) ms, p99 $(w x_apply_p99) ms, max $(w x_apply_max) ms $(w x_skipped) | p99 <= 16 ms |"
echo "| page turn -> present while the worker exports 10,000 records 100 times ($(w x_export_turns) input frames in $(w x_export_ms) ms) | p50 $(w x_export_p50) ms, p99 $(w x_export_p99) ms, max $(w x_export_max) ms $(w x_skipped) | p99 <= 16 ms |"
echo "| name tapped during a 64 MiB apply -> confirmation presented, committed | $(w x_checkin_ms) ms, in the apply: $(w x_checkin_in_apply), committed: $(w x_checkin_committed) | <= 1 s |"
echo "| roster package published on the LAN hub -> new member's tile presented on the open grid ($(w x_lan_n) packages, kiosk syncing every 1 s) | p50 $(w x_lan_p50) ms, max $(w x_lan_max) ms | <= 2 s |"
echo "| check-in tap -> tone queued ($nTone tones from $nTiles taps, dummy audio) | p50 ${tone50} ms, max ${toneMax} ms | <= 70 ms |"
echo "| secretary's PIN, Argon2id: set / check (worst of 10) | ${pinSet} ms / ${pinCheck} ms | < 500 ms |"
echo
sed 's/^/    /' "$work/commit" | head -2
sed 's/^/    /' "$work/finder" | head -4
