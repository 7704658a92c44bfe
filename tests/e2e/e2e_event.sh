#!/usr/bin/env bash
# End to end: event mode under a burst of scans. The secretary opens the
# scan station (real 3 s hold, PIN, 现场扫码签到); then xdotool types N card
# payloads into the X window as a scanner does, RATE a second, with one
# repeat and one altered card among them. Nothing may be lost: every member
# scanned has exactly one "scan" check-in, only the altered card is refused
# (and recorded), and the screen's count matches the database.
# A scan the kiosk took as broken (a pause inside it: on a loaded machine
# the keys can reach the kiosk with a gap) gets no answer at all, by design:
# no beep, no name, no record; the member scans again. So does this test,
# after the queue has gone quiet, up to 3 rounds; it prints how many scans
# had to be repeated. It asserts no latency and no count of repeats: it
# prints Enter -> frame p99 (KIOSK_LATENCY_LOG) and the repeats, which
# bench/run.sh holds to their targets (p99 <= 100 ms, none repeated).
# usage: e2e_event.sh KIOSK_BIN KIOSKCTL KIOSK_CONF WORK_DIR [N] [RATE]
set -euo pipefail
KIOSK_BIN=$1 CTL=$2 CONF=$3 WORK=$4 N=${5:-100} RATE=${6:-5}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
e2e_setup "$WORK"
k() { "$CTL" --config "$CONF" --db "$DB" "$@"; }

k demo >/dev/null
echo 240917 | k admin set-pin >/dev/null
total=$(sqlite3 "$DB" "SELECT count(*) FROM member WHERE active")
if [ "$N" -gt "$total" ]; then # a township training: more members than the village has
  e2e_grow_roster "$N" || fail "cannot import the training roster"
  total=$N
fi
sqlite3 "$DB" "SELECT member_no FROM member WHERE active ORDER BY member_no LIMIT $N" >"$WORK/members"
while read -r no; do k card issue "$no" 2>/dev/null; done <"$WORK/members" >"$WORK/cards"

e2e_start_x 1920x1080
export KIOSK_LATENCY_LOG=$WORK/latency
e2e_start_kiosk "$DUMP" --config "$CONF" --db "$DB"
e2e_enter_admin "$DUMP" 240917 || fail "no admin board"
e2e_tap "$DUMP" event
e2e_wait_screen "$DUMP" event || fail "no event mode"
xdotool windowfocus --sync "$KIOSK_WIN"
: >"$KIOSK_LATENCY_LOG"

scan() { e2e_scan_code "$1" || fail "cannot scan $1"; }
gap=$(awk -v r="$RATE" 'BEGIN { printf "%.3f", 1 / r }')
: >"$WORK/repeated"
i=0 forged=
while read -r card; do
  i=$((i + 1))
  scan "$card"
  if [ "$i" = 10 ]; then # the same card again, and an altered one
    sleep "$gap"; scan "$card"
    forged=${card%?????}AAAAA
    sleep "$gap"; scan "$forged"
  fi
  sleep "$gap"
done <"$WORK/cards"

# The queue is done when every member is in, or when nothing new has come
# for 10 s (then the members still missing scan again; a scan repeated too
# early is answered 已签到 and writes nothing, so waiting longer only
# costs time).
checked() { sqlite3 "$DB" "SELECT count(DISTINCT member_no) FROM checkin WHERE method = 'scan' AND kind = 'checkin'"; }
refused() { sqlite3 "$DB" "SELECT count(*) FROM scan_refusal"; }
settled() {
  local n last=-1 since=$SECONDS
  while :; do
    n=$(checked):$(refused)
    [ "$n" = "$N:1" ] && return 0
    [ "$n" = "$last" ] || { last=$n since=$SECONDS; }
    [ $((SECONDS - since)) -lt 10 ] || return 1
    sleep 0.2
  done
}
repeated=0
for round in 0 1 2 3; do
  settled && break
  [ "$round" != 3 ] || break # three rounds were not enough: the checks below say what is missing
  sqlite3 "$DB" "SELECT DISTINCT member_no FROM checkin WHERE method = 'scan' AND kind = 'checkin'" >"$WORK/in"
  paste -d ' ' "$WORK/members" "$WORK/cards" | while read -r no card; do
    grep -qx "$no" "$WORK/in" || { scan "$card"; echo "$no" >>"$WORK/repeated"; sleep "$gap"; }
  done
  [ "$(refused)" != 0 ] || { scan "$forged"; echo forged >>"$WORK/repeated"; }
  echo "round $((round + 1)): scanned again: $(tr '\n' ' ' <"$WORK/repeated")"
  repeated=$(wc -l <"$WORK/repeated")
done
got=$(sqlite3 "$DB" "SELECT count(DISTINCT member_no) FROM checkin WHERE method = 'scan' AND kind = 'checkin'")
rows=$(sqlite3 "$DB" "SELECT count(*) FROM checkin WHERE method = 'scan'")
[ "$got" = "$N" ] || fail "$N members scanned, $got checked in; refused: $(sqlite3 "$DB" "SELECT group_concat(reason) FROM scan_refusal")"
[ "$rows" = "$N" ] || fail "$rows check-in rows for $N members: a duplicate was written"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM scan_refusal")" = 1 ] || fail "the altered card was not recorded as refused"
e2e_text_eventually "$DUMP" "已签到 $N / $total" ||
  fail "the screen's count is not $N / $total: $(jq -c '[.texts[].text]' "$DUMP")"
# figures for bench/run.sh (a frame may answer two scans on a busy machine)
answered=$(wc -l <"$KIOSK_LATENCY_LOG")
worst=$(awk '{print $2 - $1}' "$KIOSK_LATENCY_LOG" | sort -n | tail -1)
p99=$(awk '{print $2 - $1}' "$KIOSK_LATENCY_LOG" | sort -n | awk '{a[NR]=$1} END {i=int(NR*0.99); if(i<1)i=1; print a[i]}')
import -window root "$WORK/event.png" 2>/dev/null || true
echo "e2e event: OK ($N scans at $RATE/s + a repeat + a forgery: none lost; $repeated scans repeated; $answered frames answered them, p99 ${p99} ms, worst ${worst} ms)"
