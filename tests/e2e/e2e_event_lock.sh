#!/usr/bin/env bash
# End to end: the scan station is locked. The secretary opens it (real 3 s
# hold, PIN, 现场扫码签到); then, with real clicks in Xvfb:
#   - there is no 返回 and no 首页; clicks where they stand elsewhere (and a
#     short press on the corner) leave the station where it is;
#   - a scan checks a member in (in the database), an altered card is
#     refused with what to do next, and recorded;
#   - a power cut (kill -9) and a new start: the kiosk comes back on the
#     station, still locked (no 返回/首页, clicks there stay, scans count);
#   - holding the corner 3 s opens the PIN pad; 返回 there leads back to
#     the station; the hold again and the right PIN open the board; a
#     restart after that starts at home;
#   - a station left locked overnight (its day moved back a day in the
#     database) does not trap the next day: the kiosk starts at home.
# usage: e2e_event_lock.sh KIOSK_BIN KIOSKCTL KIOSK_CONF WORK_DIR
set -euo pipefail
KIOSK_BIN=$1 CTL=$2 CONF=$3 WORK=$4
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
e2e_setup "$WORK"
e2e_demo_kiosk 1920x1080 240917
no=LM0040
card=$("$CTL" --config "$CONF" --db "$DB" card issue "$no")
e2e_enter_admin "$DUMP" 240917 || fail "no admin board"
back=$(e2e_xy "$DUMP" nav:back) home=$(e2e_xy "$DUMP" nav:home)
e2e_tap "$DUMP" event
e2e_wait_screen "$DUMP" event || fail "no event mode"
# still_locked WHEN: no 返回 or 首页 on the station, and clicks where they
# stand on other screens have nothing to press there
still_locked() {
  e2e_has "$DUMP" nav:back && fail "$1the station offers 返回"
  e2e_has "$DUMP" nav:home && fail "$1the station offers 首页"
  for xy in "$back" "$home"; do
    sleep 0.4
    # shellcheck disable=SC2086
    xdotool mousemove --window "$KIOSK_WIN" $xy click 1
  done
  sleep 1
  e2e_is_screen "$DUMP" event || fail "$1a click left the station for $(e2e_screen "$DUMP")"
}
still_locked ""
e2e_text "$DUMP" "退出：管理员按住左上角3秒" || fail "the station does not say how the secretary leaves"
# a short press on the corner is not the hold
# shellcheck disable=SC2086
e2e_click "$DUMP" $(e2e_xy "$DUMP" admin:corner) || fail "the corner took no press"
e2e_is_screen "$DUMP" event || fail "a short press on the corner left the station"

xdotool windowfocus --sync "$KIOSK_WIN"
e2e_scan_until "$card" e2e_sql_is "$DB" "SELECT count(*) FROM checkin WHERE member_no = '$no' AND method = 'scan'" 1 ||
  fail "the scan did not check $no in"
forged=${card%?????}AAAAA
e2e_scan_until "$forged" e2e_sql_is "$DB" "SELECT count(*) >= 1 FROM scan_refusal" 1 || fail "the altered card was not recorded"
e2e_text_eventually "$DUMP" "请点名字签到，再请书记看看这张卡" || fail "the refusal says no next step"
import -window root "$WORK/event-refused.png" 2>/dev/null || true

# restart SCREEN: the power goes (kill -9, nothing saved on the way out),
# the kiosk starts again on the same database, and must come up on SCREEN.
restart() {
  kill -9 "$KIOSK_PID"
  wait "$KIOSK_PID" 2>/dev/null || true
  rm -f "$DUMP"
  "$KIOSK_BIN" --ui-dump "$DUMP" --config "$CONF" --db "$DB" &
  KIOSK_PID=$!
  e2e_wait_screen "$DUMP" "$1" || fail "after a power cut the kiosk started on $(e2e_screen "$DUMP"), not $1"
  KIOSK_WIN=$(timeout "$E2E_TIMEOUT" xdotool search --sync --limit 1 --pid "$KIOSK_PID")
  [ -n "$KIOSK_WIN" ] || fail "no kiosk window after the restart"
}
lock_value() { sqlite3 "$DB" "SELECT coalesce((SELECT value FROM meta WHERE key = 'station_lock'), '')"; }

[[ $(lock_value) =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}\ . ]] || fail "the station's lock is not in the database: '$(lock_value)'"
restart event
still_locked "after the restart "
no2=LM0041
card2=$("$CTL" --config "$CONF" --db "$DB" card issue "$no2")
xdotool windowfocus --sync "$KIOSK_WIN"
e2e_scan_until "$card2" e2e_sql_is "$DB" "SELECT count(*) FROM checkin WHERE member_no = '$no2' AND method = 'scan'" 1 ||
  fail "after the restart the station did not check $no2 in"
import -window root "$WORK/event-restarted.png" 2>/dev/null || true

hold() {
  local xy
  xy=$(e2e_xy "$DUMP" admin:corner)
  [ -n "$xy" ] || fail "no corner on $(e2e_screen "$DUMP")"
  sleep 0.5
  # shellcheck disable=SC2086
  xdotool mousemove --window "$KIOSK_WIN" $xy mousedown 1
  e2e_wait_screen "$DUMP" pin || fail "holding the corner 3 s did not ask for the PIN"
  xdotool mouseup 1
}
hold
e2e_tap "$DUMP" nav:back
e2e_wait_screen "$DUMP" event || fail "返回 on the PIN pad left the station"
hold
for d in 2 4 0 9 1 7; do e2e_tap "$DUMP" "key:$d"; done
e2e_wait_screen "$DUMP" admin || fail "the right PIN did not open the board"
[ -z "$(lock_value)" ] || fail "the PIN left the station but its lock stays in the database"
e2e_tap "$DUMP" nav:home
e2e_wait_screen "$DUMP" home || fail "after the PIN, 首页 did not go home"
restart home

# left locked overnight: the next day starts free, at home
e2e_enter_admin "$DUMP" 240917 || fail "no admin board"
e2e_tap "$DUMP" event
e2e_wait_screen "$DUMP" event || fail "no event mode"
e2e_until "$E2E_TIMEOUT" test -n "$(lock_value)" || fail "the station's lock is not in the database"
sqlite3 "$DB" "UPDATE meta SET value = date(substr(value, 1, 10), '-1 day') || substr(value, 11) WHERE key = 'station_lock'"
restart home
[ -z "$(lock_value)" ] || fail "yesterday's lock was not let go: '$(lock_value)'"
echo "e2e event lock: OK (no 返回/首页, clicks stay, scan recorded, refusal says what to do, kept locked across kill -9, corner + PIN leave, yesterday's lock let go)"
