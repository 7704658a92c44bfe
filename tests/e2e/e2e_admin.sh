#!/usr/bin/env bash
# End to end: the branch secretary signs a member in by proxy. Real kiosk in
# Xvfb, real input: the mouse held on the home screen's corner for 3 s
# (xdotool mousedown ... mouseup), the PIN typed on the pad (a wrong one
# first), then a name and 代签. The database must hold a proxy check-in by
# the operator "admin", and the wrong PIN must be counted.
# usage: e2e_admin.sh KIOSK_BIN KIOSKCTL KIOSK_CONF WORK_DIR
set -euo pipefail
KIOSK_BIN=$1 CTL=$2 CONF=$3 WORK=$4
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
e2e_setup "$WORK"

e2e_demo_kiosk 1920x1080 240917

type_pin() { for d in $(echo "$1" | grep -o .); do e2e_tap "$DUMP" "key:$d" || fail "PIN key $d"; done; }

# a short press on the corner does nothing; a 3 s hold opens the PIN pad
xy=$(e2e_xy "$DUMP" admin:corner)
[ -n "$xy" ] || fail "no admin corner on the home screen"
sleep 0.5
# shellcheck disable=SC2086
e2e_click "$DUMP" $xy || fail "the short press was not taken"
e2e_is_screen "$DUMP" home || fail "a short press opened $(e2e_screen "$DUMP")"
# the hold: the kiosk times it by its own clock from when it took the press,
# which is after t0, so the PIN pad can be seen no sooner than 3 s after t0
# (a late look on a loaded machine only adds to it)
t0=$(date +%s%3N)
# shellcheck disable=SC2086
xdotool mousemove --window "$KIOSK_WIN" $xy mousedown 1
e2e_wait_screen "$DUMP" pin || fail "holding 3 s did not open the PIN pad"
held=$(($(date +%s%3N) - t0))
xdotool mouseup 1
[ "$held" -ge 2990 ] || fail "the PIN pad opened after a hold of $held ms, before 3 s"

type_pin 111111 # the frame after the last digit's tap has the answer
e2e_is_screen "$DUMP" pin || fail "a wrong PIN let the secretary in"
e2e_until "$E2E_TIMEOUT" e2e_sql_is "$DB" "SELECT value FROM meta WHERE key = 'admin_pin_failures'" 1 || fail "wrong PIN not counted"
type_pin 240917
e2e_wait_screen "$DUMP" admin || fail "the right PIN did not open the board"
[ "$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'admin_pin_failures'")" = 0 ] || fail "count not cleared"
import -window root "$WORK/admin.png" 2>/dev/null || true

# the first member on the list of who has not come
no=$(jq -r '[.widgets[] | select(.id | startswith("member:"))][0].id' "$DUMP" | sed 's/member://')
[ -n "$no" ] && [ "$no" != null ] || fail "no member listed as absent"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM checkin WHERE operator <> 'demo' AND member_no = '$no'")" = 0 ] || fail "$no already has a record"
e2e_tap "$DUMP" "member:$no"
e2e_tap "$DUMP" action:proxy
sql="SELECT kind, method, operator FROM checkin WHERE operator <> 'demo' AND member_no = '$no'"
e2e_until "$E2E_TIMEOUT" e2e_sql_is "$DB" "$sql" "checkin|proxy|admin" ||
  fail "expected a proxy check-in by admin for $no, found '$(sqlite3 "$DB" "$sql")'"
e2e_gone "$DUMP" "member:$no" || fail "$no still listed as absent"
echo "e2e admin: OK (hold 3 s, wrong PIN counted, proxy check-in for $no)"
