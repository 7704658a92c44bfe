#!/usr/bin/env bash
# End to end: the township changes the roster while the kiosk runs, and the
# kiosk shows it without a restart. The real kiosk in Xvfb, the township's
# real LAN hub on loopback, real clicks.
#  - the kiosk syncs by itself (KIOSK_SYNC_SECONDS shortens the interval,
#    which kiosk.conf counts in minutes);
#  - the township publishes a package in which a member joins: the name grid,
#    left open on the screen, shows the new member with nobody touching it;
#  - on the admin board the township publishes one in which two members
#    leave and 应到 goes down by two, again untouched; the leavers are gone
#    from the grid.
# Every wait is on the kiosk's --ui-dump contents, with a generous limit.
# usage: e2e_lan.sh KIOSK_BIN KIOSKCTL KIOSK_CONF WORK_DIR TOWNSHIP_BIN
set -euo pipefail
KIOSK_BIN=$1 CTL=$2 CONF0=$3 WORK=$4 TOWN=$5
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
e2e_setup "$WORK"
HUB=
cleanup() {
  [ -n "$HUB" ] && kill "$HUB" 2>/dev/null || true
  e2e_stop
}
trap cleanup EXIT
e2e_township_kiosk
before=$(q "SELECT count(*) FROM member WHERE active")
export KIOSK_SYNC_SECONDS=1
e2e_start_x 1920x1080
e2e_start_kiosk "$DUMP" --config "$CONF" --db "$DB"

# wait_dump SECONDS JQ-EXPR: until the presented frame satisfies the filter
wait_dump() {
  local limit=$1 expr=$2
  for _ in $(seq $((limit * 10))); do
    jq -e "$expr" "$DUMP" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}
# the number in the admin board's "应到 N 人"
expected() { jq -r '[.texts[].text | select(startswith("应到"))][0] // empty' "$DUMP" | tr -cd '0-9'; }

# the name grid, left open
e2e_tap "$DUMP" checkin
e2e_wait_screen "$DUMP" checkin
e2e_has "$DUMP" member:LM0999 && fail "LM0999 on the grid before the township added them"
frame0=$(e2e_frame "$DUMP")

# the township adds a member (阿 sorts first in pinyin: page one of the grid)
printf '村,党员编号,姓名,村民小组\n鲁庙村,LM0999,阿安新,第一组\n' >"$WORK/join.csv"
t package --roster "$WORK/join.csv" --out "$WORK/p1.ksp" >/dev/null
wait_dump 60 '.widgets[] | select(.id == "member:LM0999")' ||
  fail "the grid did not show the new member: $(tail -3 "$WORK/hub.log"); screen $(e2e_screen "$DUMP")"
[ "$(e2e_screen "$DUMP")" = checkin ] || fail "the kiosk left the grid"
[ "$(e2e_frame "$DUMP")" -gt "$frame0" ] || fail "no new frame"
[ "$(q "SELECT value FROM meta WHERE key = 'package_version'")" = 1 ] || fail "package 1 not stored"
[ "$(q "SELECT count(*) FROM member WHERE active")" = $((before + 1)) ] || fail "the member was not added"

# the admin board: 应到 counts the new member
e2e_tap "$DUMP" nav:home
e2e_wait_screen "$DUMP" home
e2e_enter_admin "$DUMP" 240917 || fail "could not open the admin board"
[ "$(expected)" = $((before + 1)) ] || fail "应到 is $(expected), not $((before + 1)): $(jq -c .texts "$DUMP")"

# two members leave (迁出, 去世): 应到 goes down on the board left open
leave1=$(q "SELECT member_no || ',' || name || ',' || grp FROM member WHERE active AND member_no <> 'LM0999' ORDER BY member_no LIMIT 1")
leave2=$(q "SELECT member_no || ',' || name || ',' || grp FROM member WHERE active AND member_no <> 'LM0999' ORDER BY member_no DESC LIMIT 1")
printf '党员编号,姓名,村民小组,状态\n%s,迁出\n%s,去世\n' "$leave1" "$leave2" >"$WORK/leave.csv"
t package --roster "$WORK/leave.csv" --village 鲁庙村 --out "$WORK/p2.ksp" >/dev/null
for _ in $(seq 600); do
  [ "$(expected)" = $((before - 1)) ] && break
  sleep 0.1
done
[ "$(expected)" = $((before - 1)) ] || fail "应到 stayed $(expected), not $((before - 1))"
[ "$(e2e_screen "$DUMP")" = admin ] || fail "the kiosk left the admin board"
[ "$(q "SELECT value FROM meta WHERE key = 'package_version'")" = 2 ] || fail "package 2 not stored"

# the leavers are off the grid, the newcomer on it
e2e_tap "$DUMP" nav:home
e2e_wait_screen "$DUMP" home
e2e_tap "$DUMP" checkin
e2e_wait_screen "$DUMP" checkin
e2e_has "$DUMP" member:LM0999 || fail "LM0999 left the grid"
e2e_has "$DUMP" "member:${leave1%%,*}" && fail "${leave1%%,*} still on the grid after leaving"
n=$(jq '[.widgets[] | select(.id | startswith("member:"))] | length' "$DUMP")
[ "$n" -gt 0 ] || fail "an empty grid"
echo "e2e lan: OK (a member joined on the grid, two left on the admin board's 应到, no restart)"
