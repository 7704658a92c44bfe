#!/usr/bin/env bash
# The kiosk while its worker thread does slow work (issue 11). Prints
# key=value lines; bench/run.sh turns them into table rows.
#  1. bench_worker, no screen: check-ins on the UI's connection every 20 ms
#     while the worker's connection applies a 64 MiB package / exports
#     10,000 records. Target: each committed within 1 s.
#  2. the real kiosk in Xvfb with a stick (a tmpfs bind-mounted under the
#     kiosk's USB root; needs root, else skipped):
#     - page turns on the name grid while the worker applies a 64 MiB
#       package from the stick: tap -> present, target p99 <= 16 ms;
#     - a name tapped while the worker applies another: the check-in is
#       committed and the confirmation presented, target <= 1 s.
#     The worker logs when it read the stick, in SDL ticks, the clock of
#     input events: only taps inside that window count.
# usage: bench/worker.sh BUILD_DIR WORK_DIR   (the binaries built)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
B=$1 work=$2
. "$root/tests/e2e/lib.sh"
KIOSK_BIN=$B/kiosk
data=$work/data
mkdir -p "$work"
pct() { sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int(NR*p/100); if (i<1) i=1; if (i>NR) i=NR; print a[i]}'; }

[ -f "$data/big2.ksp" ] || "$B/bench/bench_worker" "$data" prepare >"$work/prepare.out"
for step in apply export; do
  cp "$data/kiosk.db" "$data/work.db"
  rm -f "$data/work.db-wal" "$data/work.db-shm"
  "$B/bench/bench_worker" "$data" "$step" | sed -n "s/^${step}_checkins=\([0-9]*\) failed=\([0-9]*\) p50_ms=\([0-9.]*\) max_ms=\([0-9.]*\)/${step}_checkins=\1\n${step}_failed=\2\n${step}_commit_p50=\3\n${step}_commit_max=\4/p; s/^${step}_ms=/${step}_ms=/p"
done

MEDIA=$work/media DB=$work/x.db DUMP=$work/ui.json
mkdir -p "$MEDIA" "$work/s1" "$work/s2"
if ! mount -t tmpfs tmpfs "$work/s1" 2>/dev/null; then
  echo "x_skipped=cannot mount a stick here (needs root)"
  exit 0
fi
mount -t tmpfs tmpfs "$work/s2"
cleanup() {
  e2e_stop
  for d in "$MEDIA/S1" "$MEDIA/S2" "$work/s1" "$work/s2"; do umount "$d" 2>/dev/null || true; done
}
trap cleanup EXIT
cp "$data/big1.ksp" "$work/s1/"
cp "$data/big2.ksp" "$work/s2/"
mkdir -p "$MEDIA/S1" "$MEDIA/S2"
CONF=$work/kiosk.conf
cp "$root/kiosk.conf" "$CONF"
printf '\n[usb]\nroots = %s\n' "$MEDIA" >>"$CONF"
cp "$data/kiosk.db" "$DB"
rm -f "$DB-wal" "$DB-shm"
e2e_start_x 1920x1080
export KIOSK_LATENCY_LOG=$work/latency
: >"$KIOSK_LATENCY_LOG"
e2e_start_kiosk "$DUMP" --config "$CONF" --db "$DB" 2>"$work/kiosk.err"
unset KIOSK_LATENCY_LOG
e2e_tap "$DUMP" checkin
e2e_wait_screen "$DUMP" checkin
e2e_tap "$DUMP" page:next
next=$(e2e_xy "$DUMP" page:next) prev=$(e2e_xy "$DUMP" page:prev)
sleep 0.5
# the window the worker spent on stick $1, in SDL ticks: "from to"
window() {
  for _ in $(seq 600); do
    grep -q "worker: stick $MEDIA/$1:" "$work/kiosk.err" && break
    sleep 0.1
  done
  sed -n "s#.*worker: stick $MEDIA/$1: .* read from \([0-9]*\) to \([0-9]*\) ms#\1 \2#p" "$work/kiosk.err" | tail -1
}

# turns N: N page turns, real clicks
turns() {
  e2e_page_turns "$1" 0.06 "$next" "$prev"
  sleep 0.3
}

# 0. the same page turns with the worker idle, for scale on this machine now
before=$(wc -l <"$work/latency")
turns 40
tail -n +$((before + 1)) "$work/latency" | awk '{print $2 - $1}' >"$work/idle"
echo "x_idle_turns=$(wc -l <"$work/idle")"
echo "x_idle_p50=$(pct 50 <"$work/idle")"
echo "x_idle_p99=$(pct 99 <"$work/idle")"

# 1. page turns while the worker applies big1.ksp
before=$(wc -l <"$work/latency")
mount --bind "$work/s1" "$MEDIA/S1"
turns 100
read -r a b <<<"$(window S1)"
tail -n +$((before + 1)) "$work/latency" | awk -v a="$a" -v b="$b" '$1 >= a && $1 <= b {print $2 - $1}' >"$work/during"
echo "x_apply_ms=$((b - a))"
echo "x_turns_during=$(wc -l <"$work/during")"
echo "x_turn_p50=$(pct 50 <"$work/during")"
echo "x_turn_p99=$(pct 99 <"$work/during")"
echo "x_turn_max=$(pct 100 <"$work/during")"
[ "$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'package_version'")" = 1 ] || echo "x_error=big1.ksp not applied"

# 2. a name tapped while the worker applies big2.ksp
e2e_tap "$DUMP" page:prev 2>/dev/null || true
who=$(jq -r '[.widgets[] | select(.id | startswith("member:"))][0].id' "$DUMP")
wxy=$(e2e_xy "$DUMP" "$who")
before=$(wc -l <"$work/latency")
mount --bind "$work/s2" "$MEDIA/S2"
sleep "${BENCH_TAP_AFTER:-0.8}" # into the apply: reading and checking 64 MiB comes first
# shellcheck disable=SC2086
xdotool mousemove --window "$KIOSK_WIN" $wxy click 1
e2e_wait_screen "$DUMP" confirm 30 >/dev/null || echo "x_error=no confirmation"
read -r a b <<<"$(window S2)"
line=$(tail -n +$((before + 1)) "$work/latency" | tail -1)
tapAt=$(echo "$line" | awk '{print $1}')
echo "x_checkin_ms=$(echo "$line" | awk '{print $2 - $1}')"
echo "x_checkin_in_apply=$([ "$tapAt" -ge "$a" ] && [ "$tapAt" -le "$b" ] && echo yes || echo no) (tap at $((tapAt - a)) ms of $((b - a)) ms)"
no=${who#member:}
echo "x_checkin_committed=$(sqlite3 "$DB" "SELECT count(*) FROM checkin WHERE member_no = '$no' AND kind = 'checkin' AND at >= strftime('%s', 'now') - 120")"
echo "x_screen=$(e2e_screen "$DUMP") $(jq -r '[.texts[].text] | join(" ")' "$DUMP" | cut -c1-80)"
