#!/usr/bin/env bash
# End to end: 我的记录 in the real kiosk under Xvfb. A member checks in and
# has hours approved and pending (through kioskctl); they find themselves
# with real clicks, and every figure on the screen is checked against the
# database, computed here with sqlite3 independently of the kiosk's code,
# with the rating rules of kiosk.conf. Before the record, the member is
# asked for the phone's last 4 ([privacy] record_check): wrong digits are
# refused, the right ones open it. Then the limit: three wrong tries and
# the member's check is refused for 5 minutes, even the right digits (kept
# in the database), while the member's card still opens the record.
# usage: e2e_record.sh KIOSK_BIN KIOSKCTL KIOSK_CONF WORK_DIR
set -euo pipefail
KIOSK_BIN=$1 CTL=$2 CONF=$3 WORK=$4
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
e2e_setup "$WORK"
ctl() { "$CTL" --config "$CONF" --db "$DB" "$@"; }

ctl demo >/dev/null
no=LM0054
ctl checkin "$no" >/dev/null
e1=$(ctl volunteer log "$no" --category 治安巡逻 --hours 4.5 | awk '{print $3}' | tr -d :)
ctl volunteer approve "$e1" >/dev/null
ctl volunteer log "$no" --category 其他 --hours 1 >/dev/null

e2e_start_x 1080x1920
e2e_start_kiosk "$DUMP" --config "$CONF" --db "$DB"
phone=$(sqlite3 "$DB" "SELECT phone4 FROM member WHERE member_no = '$no'")
# ask_record: from home, 我的记录, find the member by the keypad, tap them
ask_record() {
  e2e_tap "$DUMP" record
  e2e_wait_screen "$DUMP" checkin
  e2e_tap "$DUMP" keypad
  e2e_wait_screen "$DUMP" keypad
  for d in $(echo "$phone" | grep -o .); do e2e_tap "$DUMP" "key:$d"; done
  e2e_tap "$DUMP" "member:$no"
}
ask_record
# [privacy] record_check (on by default): the phone's last 4 again before the
# record; wrong digits are refused plainly, with what to do
e2e_wait_screen "$DUMP" record_verify || fail "the record opened without asking"
e2e_has "$DUMP" key:0 || fail "no pad to type the phone's last 4"
wrong=$(echo "$phone" | tr 0-9 1-90)
for d in $(echo "$wrong" | grep -o .); do e2e_tap "$DUMP" "key:$d"; done
e2e_is_screen "$DUMP" record_verify || fail "wrong digits opened $(e2e_screen "$DUMP")"
e2e_text "$DUMP" "号码不对。请再输一次，或者刷党员卡" || fail "wrong digits were not refused plainly"
for d in $(echo "$phone" | grep -o .); do e2e_tap "$DUMP" "key:$d"; done
e2e_wait_screen "$DUMP" record
import -window root "$WORK/record.png" 2>/dev/null || true

# the figures, from the database
year=$(TZ=CST-8 date +%Y) today=$(TZ=CST-8 date +%F) hm=$(TZ=CST-8 date +%H:%M)
standing="(SELECT c.status FROM checkin c WHERE c.activity_uuid = a.uuid AND c.member_no = '$no' AND c.kind = 'checkin'
           AND NOT EXISTS (SELECT 1 FROM checkin r WHERE r.reverses_uuid = c.uuid) ORDER BY c.id DESC LIMIT 1)"
q="SELECT $standing AS st FROM activity a WHERE a.day BETWEEN '$year-01-01' AND '$today'"
held=$(sqlite3 "$DB" "SELECT count(*) FROM ($q AND (a.day < '$today' OR a.start_hm <= '$hm' OR $standing IN ('present','late')))")
present=$(sqlite3 "$DB" "SELECT count(*) FROM ($q) WHERE st = 'present'")
late=$(sqlite3 "$DB" "SELECT count(*) FROM ($q) WHERE st = 'late'")
leave=$(sqlite3 "$DB" "SELECT count(*) FROM ($q AND a.day <= '$today') WHERE st = 'leave'")
approved=$(sqlite3 "$DB" "SELECT coalesce(sum(half_hours), 0) FROM vol_entry e WHERE member_no = '$no'
  AND (SELECT decision FROM vol_review r WHERE r.entry_uuid = e.uuid ORDER BY r.id DESC LIMIT 1) = 'approved'")
attended=$((present + late))
rate=$(( (attended * 100 + held / 2) / held ))
rule() { awk -F' *= *' -v k="$1" '/^\[rating\]/ {s = 1; next} /^\[/ {s = 0} s && $1 == k {print $2}' "$CONF"; }
points=$(( present * $(rule attend) + late * $(rule late) + leave * $(rule leave) + approved * $(rule per_hour) / 2 ))
hours=$(awk -v h="$approved" 'BEGIN { if (h % 2) printf "%d.5", h / 2 - 0.5; else printf "%d", h / 2 }')

[ "$attended" -ge 1 ] || fail "the check-in did not count"
e2e_text "$DUMP" "$attended / $held 次" || fail "expected '$attended / $held 次', saw '$(e2e_text_like "$DUMP" ' 次$')'"
e2e_text "$DUMP" "出勤率 $rate%" || fail "expected 出勤率 $rate%, saw '$(e2e_text_like "$DUMP" '^出勤率')'"
e2e_text "$DUMP" "迟到 $late 次 · 请假 $leave 次" || fail "late/leave: saw '$(e2e_text_like "$DUMP" '^迟到')'"
e2e_text "$DUMP" "$hours 小时" || fail "expected $hours 小时 approved, saw '$(e2e_text_like "$DUMP" '小时$')'"
e2e_text "$DUMP" "另有 1 小时待审核" || fail "the pending hour is not shown"
e2e_text "$DUMP" "$points 分" || fail "expected $points 分, saw '$(e2e_text_like "$DUMP" ' 分$')'"

# three wrong tries for one member: the phone digits are refused for a while
e2e_tap "$DUMP" nav:home
e2e_wait_screen "$DUMP" home
ask_record
e2e_wait_screen "$DUMP" record_verify || fail "the record opened without asking, the second time"
locked="号码不对的次数太多，请过5分钟再试，或者刷党员卡"
for try in 1 2 3; do
  for d in $(echo "$wrong" | grep -o .); do e2e_tap "$DUMP" "key:$d"; done
  e2e_is_screen "$DUMP" record_verify || fail "wrong digits (try $try) opened $(e2e_screen "$DUMP")"
done
e2e_text "$DUMP" "$locked" || fail "three wrong tries were not refused plainly: '$(e2e_text_like "$DUMP" '号码')'"
e2e_sql_is "$DB" "SELECT value FROM meta WHERE key = 'record_check_${no}_failures'" 3 ||
  fail "the wrong tries are not counted in the database"
for d in $(echo "$phone" | grep -o .); do e2e_tap "$DUMP" "key:$d"; done
e2e_is_screen "$DUMP" record_verify || fail "the right digits opened the record during the wait"
e2e_text "$DUMP" "$locked" || fail "the right digits during the wait were not refused"
import -window root "$WORK/record-locked.png" 2>/dev/null || true
# the member's card still works, and clears the count
card=$(ctl card issue "$no")
xdotool windowfocus --sync "$KIOSK_WIN"
e2e_scan_until "$card" e2e_is_screen "$DUMP" record || fail "the member's card did not open the record during the wait"
e2e_sql_is "$DB" "SELECT value FROM meta WHERE key = 'record_check_${no}_failures'" 0 ||
  fail "the card did not clear the count"
echo "e2e record: OK ($attended / $held, $rate%, late $late, leave $leave, $hours h, $points points; 3 wrong tries lock, card opens)"
