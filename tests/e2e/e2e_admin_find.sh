#!/usr/bin/env bash
# End to end: the secretary's board at a meeting of 120, with real clicks in
# Xvfb. The demo village is grown to 120 members (a roster import); then,
# behind the real 3 s hold and PIN:
#   - the board shows at least 20 names a page at 1920x1080;
#   - 按号码找: the member number typed on the board's pad finds the member,
#     who is signed in by 代签; the database holds a proxy check-in by admin;
#   - the list of who came shows that member with the time and 代签, and a
#     member checked in at the command line with 补录, and one who tapped
#     their own name with 本人;
#   - 按姓找: the surname tiles say how many, and a tap leaves only that
#     surname on the board.
# usage: e2e_admin_find.sh KIOSK_BIN KIOSKCTL KIOSK_CONF WORK_DIR
set -euo pipefail
KIOSK_BIN=$1 CTL=$2 CONF=$3 WORK=$4
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
e2e_setup "$WORK"
k() { "$CTL" --config "$CONF" --db "$DB" "$@"; }

k demo >/dev/null
echo 240917 | k admin set-pin >/dev/null
e2e_grow_roster 120 || fail "cannot import the roster" # a demo smaller than the meeting
[ "$(sqlite3 "$DB" "SELECT count(*) FROM member WHERE active")" -ge 120 ] || fail "the roster is under 120"
# three members with no record today: one checked in at the command line,
# one who taps their own name, one the secretary signs in by 代签
today=$(TZ=CST-8 date +%F)
todays="activity_uuid IN (SELECT uuid FROM activity WHERE day = '$today')"
fresh() { sqlite3 "$DB" "SELECT member_no FROM member m WHERE active AND NOT EXISTS
  (SELECT 1 FROM checkin c WHERE c.member_no = m.member_no AND c.$todays) ORDER BY member_no LIMIT 1 OFFSET $1"; }
late=$(fresh 0) self=$(fresh 1) no=$(fresh 2)
[ -n "$no" ] || fail "not three members without a record today"
digits() { echo "$1" | tr -cd 0-9 | grep -o .; }
k checkin "$late" >/dev/null || fail "kioskctl checkin $late"

e2e_start_x 1920x1080
e2e_start_kiosk "$DUMP" --config "$CONF" --db "$DB"
# one member finds their own name on the keypad (method keypad: 本人)
e2e_tap "$DUMP" checkin
e2e_wait_screen "$DUMP" checkin
e2e_tap "$DUMP" keypad
e2e_wait_screen "$DUMP" keypad
for d in $(digits "$self"); do e2e_tap "$DUMP" "key:$d"; done
e2e_until "$E2E_TIMEOUT" e2e_has "$DUMP" "member:$self" || fail "$self not found on the keypad"
e2e_tap "$DUMP" "member:$self"
e2e_wait_screen "$DUMP" confirm
e2e_tap "$DUMP" nav:home
e2e_wait_screen "$DUMP" home

e2e_enter_admin "$DUMP" 240917 || fail "no admin board"
names=$(jq '[.widgets[] | select(.id | startswith("member:"))] | length' "$DUMP")
[ "$names" -ge 20 ] || fail "only $names names a page on the board at 1080p"
import -window root "$WORK/board.png" 2>/dev/null || true

# 按号码找: the member number on the board's pad, then 代签
e2e_tap "$DUMP" find:digits
e2e_until "$E2E_TIMEOUT" e2e_has "$DUMP" key:0 || fail "no pad on the board"
for d in $(digits "$no"); do e2e_tap "$DUMP" "key:$d"; done
e2e_until "$E2E_TIMEOUT" e2e_has "$DUMP" "member:$no" || fail "typing the digits of $no did not find $no"
shown=$(jq '[.widgets[] | select(.id | startswith("member:"))] | length' "$DUMP")
[ "$shown" -lt "$names" ] || fail "typing the digits of $no left $shown names of $names"
import -window root "$WORK/board-digits.png" 2>/dev/null || true
e2e_tap "$DUMP" "member:$no"
e2e_tap "$DUMP" action:proxy
sql="SELECT kind, method, operator FROM checkin WHERE member_no = '$no' AND $todays"
e2e_until "$E2E_TIMEOUT" e2e_sql_is "$DB" "$sql" "checkin|proxy|admin" ||
  fail "expected a proxy check-in by admin for $no, found '$(sqlite3 "$DB" "$sql")'"

# the list of who came: time and method on each tile
label() { jq -r --arg id "member:$1" '.widgets[] | select(.id == $id) | .label' "$DUMP"; }
hm() { TZ=CST-8 date -d "@$(sqlite3 "$DB" "SELECT at FROM checkin WHERE member_no = '$1' AND kind = 'checkin' ORDER BY id DESC LIMIT 1")" +%H:%M; }
find_on_lists() { # NO: shows the present list, then the late one, until NO's tile is there
  local l
  for l in present late; do
    e2e_tap "$DUMP" "list:$l"
    e2e_tap "$DUMP" find:all
    for _ in 1 2 3 4 5 6; do
      e2e_has "$DUMP" "member:$1" && return 0
      e2e_has "$DUMP" page:next || break
      e2e_tap "$DUMP" page:next
    done
  done
  return 1
}
for pair in "$no:代签" "$late:补录" "$self:本人"; do
  m=${pair%%:*} how=${pair#*:}
  find_on_lists "$m" || fail "$m is on no list of who came"
  want="$(hm "$m") $how"
  [[ "$(label "$m")" == *"$want"* ]] || fail "$m's tile says '$(label "$m")', expected '$want'"
done
import -window root "$WORK/board-present.png" 2>/dev/null || true

# 按姓找 on the list of who has not come: the surname tiles, then one surname
e2e_tap "$DUMP" list:absent
e2e_tap "$DUMP" find:surname
e2e_until "$E2E_TIMEOUT" e2e_has "$DUMP" "surname:王" || fail "no surname tile for 王"
e2e_tap "$DUMP" "surname:王"
e2e_until "$E2E_TIMEOUT" e2e_has_not "$DUMP" "surname:王" || fail "the surname was not taken"
others=$(jq -r '[.widgets[] | select(.id | startswith("member:")) | .label | select(startswith("王") | not)] | length' "$DUMP")
wangs=$(jq -r '[.widgets[] | select(.id | startswith("member:"))] | length' "$DUMP")
[ "$wangs" -ge 1 ] && [ "$others" = 0 ] || fail "按姓找 王 shows $wangs names, $others not 王"
echo "e2e admin find: OK ($names names a page; the pad found $no, 代签 recorded; times and methods shown; 姓王 $wangs)"
