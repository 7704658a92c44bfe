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

type_pin() { for d in $(echo "$1" | grep -o .); do e2e_tap "$DUMP" "key:$d"; done; }

# a short press on the corner does nothing; a 3 s hold opens the PIN pad
xy=$(jq -r '.widgets[] | select(.id == "admin:corner") | "\(.x + (.w / 2 | floor)) \(.y + (.h / 2 | floor))"' "$DUMP")
[ -n "$xy" ] || fail "no admin corner on the home screen"
sleep 0.5
# shellcheck disable=SC2086
xdotool mousemove --window "$KIOSK_WIN" $xy click 1
sleep 0.5
[ "$(e2e_screen "$DUMP")" = home ] || fail "a short press opened $(e2e_screen "$DUMP")"
# shellcheck disable=SC2086
xdotool mousemove --window "$KIOSK_WIN" $xy mousedown 1
sleep 1.5
[ "$(e2e_screen "$DUMP")" = home ] || fail "opened before 3 s"
e2e_wait_screen "$DUMP" pin 5 || fail "holding 3 s did not open the PIN pad"
xdotool mouseup 1

type_pin 111111
sleep 0.3
[ "$(e2e_screen "$DUMP")" = pin ] || fail "a wrong PIN let the secretary in"
[ "$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'admin_pin_failures'")" = 1 ] || fail "wrong PIN not counted"
type_pin 240917
e2e_wait_screen "$DUMP" admin 5 || fail "the right PIN did not open the board"
[ "$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'admin_pin_failures'")" = 0 ] || fail "count not cleared"
import -window root "$WORK/admin.png" 2>/dev/null || true

# the first member on the list of who has not come
no=$(jq -r '[.widgets[] | select(.id | startswith("member:"))][0].id' "$DUMP" | sed 's/member://')
[ -n "$no" ] && [ "$no" != null ] || fail "no member listed as absent"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM checkin WHERE operator <> 'demo' AND member_no = '$no'")" = 0 ] || fail "$no already has a record"
e2e_tap "$DUMP" "member:$no"
e2e_tap "$DUMP" action:proxy
sleep 0.3
row=$(sqlite3 "$DB" "SELECT kind, method, operator FROM checkin WHERE operator <> 'demo' AND member_no = '$no'")
[ "$row" = "checkin|proxy|admin" ] || fail "expected a proxy check-in by admin for $no, found '$row'"
e2e_has "$DUMP" "member:$no" && fail "$no still listed as absent"
echo "e2e admin: OK (hold 3 s, wrong PIN counted, proxy check-in for $no)"
