#!/usr/bin/env bash
# End to end: the real kiosk binary in a real X window (Xvfb), real mouse
# clicks (xdotool) at the coordinates the kiosk publishes in --ui-dump, and
# the result checked in the SQLite file with the sqlite3 shell.
#
# A member (张中立, LM0031) goes home -> 签到 -> his group -> his tile, sees
# 签到成功, the kiosk goes home by itself; he taps again and is told kindly
# 您已签到; the database holds exactly one check-in for him.
#
# usage: e2e_checkin.sh KIOSK_BIN KIOSK_CONF WORK_DIR
set -euo pipefail
KIOSK_BIN=$1 CONF=$2 WORK=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

e2e_setup "$WORK"

texts() { jq -r '.texts[].text' "$DUMP"; }

e2e_start_x 1920x1080
e2e_start_kiosk "$DUMP" --config "$CONF" --db "$DB"
[ "$(jq .width "$DUMP")x$(jq .height "$DUMP")" = "1920x1080" ] || fail "kiosk is not fullscreen: $(jq -c '[.width,.height]' "$DUMP")"
import -window root "$WORK/01-home.png" 2>/dev/null || true

# find the member's group tab: the tabs are labelled with the group names
group=$(sqlite3 "$DB" "SELECT grp FROM member WHERE member_no = 'LM0031'")
name=$(sqlite3 "$DB" "SELECT name FROM member WHERE member_no = 'LM0031'")
[ "$name" = "张中立" ] || fail "demo roster lacks 张中立 (got '$name')"

check_in() {
  e2e_tap "$DUMP" checkin
  e2e_wait_screen "$DUMP" checkin
  tab=$(jq -r --arg g "$group" '.widgets[] | select(.label == $g) | .id' "$DUMP")
  [ -n "$tab" ] || fail "no tab for group $group"
  e2e_tap "$DUMP" "$tab"
  for _ in $(seq 10); do
    e2e_has "$DUMP" member:LM0031 && break
    e2e_tap "$DUMP" page:next
  done
  e2e_has "$DUMP" member:LM0031 || fail "no tile for LM0031"
  e2e_tap "$DUMP" member:LM0031
  e2e_wait_screen "$DUMP" confirm
}

check_in
texts | grep -qx "$name" || fail "confirmation does not show the name"
texts | grep -qx "签到成功" || fail "confirmation does not say 签到成功"
import -window root "$WORK/02-confirm.png" 2>/dev/null || true
n=$(sqlite3 "$DB" "SELECT count(*) FROM checkin WHERE operator <> 'demo' AND member_no = 'LM0031' AND kind = 'checkin' AND method = 'tap'")
[ "$n" = 1 ] || fail "expected 1 check-in in the database, found $n"
shown=$(texts | grep -E '^[0-9]{2}:[0-9]{2}' | head -1 | cut -c1-5)
stored=$(sqlite3 "$DB" "SELECT strftime('%H:%M', at, 'unixepoch', '+8 hours') FROM checkin WHERE operator <> 'demo' AND member_no = 'LM0031'")
[ "$shown" = "$stored" ] || fail "screen shows $shown but the database says $stored"

# home again by itself after the confirmation
e2e_wait_screen "$DUMP" home || fail "did not go home by itself"

# the second tap the same day is answered kindly and writes nothing
check_in
texts | grep -q "您已签到 $stored" || fail "second tap not answered with 您已签到 $stored: $(texts | tr '\n' '|')"
import -window root "$WORK/03-already.png" 2>/dev/null || true
n=$(sqlite3 "$DB" "SELECT count(*) FROM checkin WHERE operator <> 'demo' AND member_no = 'LM0031'")
[ "$n" = 1 ] || fail "second tap wrote a record: $n rows"

# 首页 on the confirmation goes home at once
e2e_tap "$DUMP" nav:home
e2e_wait_screen "$DUMP" home || fail "首页 did not go home"

# the record carries its identity for merging
row=$(sqlite3 "$DB" "SELECT length(uuid), kiosk_id <> '', seq > 0 FROM checkin WHERE operator <> 'demo' AND member_no = 'LM0031'")
[ "$row" = "36|1|1" ] || fail "check-in lacks uuid/kiosk_id/seq: $row"
echo "e2e check-in: OK ($name, $stored, one record)"
