#!/usr/bin/env bash
# End to end: a 19:30 meeting tonight, from the secretary's board, in at
# most 10 real clicks (counted here), checked in the database: kind
# 支部党员大会, start 19:30, the title the kind plus this month's first
# theme (kiosk.conf [activity]), the place the second of [activity] places.
# usage: e2e_activity_taps.sh KIOSK_BIN KIOSKCTL KIOSK_CONF WORK_DIR
set -euo pipefail
KIOSK_BIN=$1 CTL=$2 CONF0=$3 WORK=$4
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
e2e_setup "$WORK"
# this month's themes and the places, whatever month the test runs in
month=$(TZ=CST-8 date +%-m) today=$(TZ=CST-8 date +%F)
CONF=$WORK/kiosk.conf
sed '/^\[activity\]/,/^\[/{/^theme_/d;/^places/d;/^themes/d}' "$CONF0" >"$CONF"
sed -i "s|^\[activity\]|[activity]\nplaces = 党员活动室, 村委会议室 ,村党群服务中心\ntheme_$month = 学习贯彻全会精神,冬季防火\nthemes = 党风廉政教育|" "$CONF"
grep -q "^theme_$month = " "$CONF" || fail "no [activity] section to edit in kiosk.conf"
k() { "$CTL" --config "$CONF" --db "$DB" "$@"; }
k demo >/dev/null
echo 240917 | k admin set-pin >/dev/null

e2e_start_x 1920x1080
e2e_start_kiosk "$DUMP" --config "$CONF" --db "$DB"
e2e_enter_admin "$DUMP" 240917 || fail "no admin board"
clicks=0
click() { e2e_tap "$DUMP" "$1" || fail "no $1 on $(e2e_screen "$DUMP")"; clicks=$((clicks + 1)); }
click activities
e2e_wait_screen "$DUMP" activities
click activity:new
e2e_wait_screen "$DUMP" activity_edit
click kind:1
click time:19:30
click theme:0
click place:1
import -window root "$WORK/activity-1930.png" 2>/dev/null || true
click save
e2e_wait_screen "$DUMP" activities || fail "saving did not return to the list"
sql="SELECT kind, title, day, start_hm, end_hm, location FROM activity WHERE start_hm = '19:30'"
want="支部党员大会|支部党员大会：学习贯彻全会精神|$today|19:30|21:30|村委会议室"
e2e_until "$E2E_TIMEOUT" e2e_sql_is "$DB" "$sql" "$want" || fail "expected '$want', found '$(sqlite3 "$DB" "$sql")'"
[ "$clicks" -le 10 ] || fail "a 19:30 meeting took $clicks clicks"
echo "e2e activity taps: OK (a 19:30 meeting in $clicks clicks from the board)"
