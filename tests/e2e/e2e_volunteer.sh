#!/usr/bin/env bash
# End to end: a member logs volunteer hours at the real kiosk under Xvfb with
# real clicks (志愿服务 -> 按号码找 -> the phone's last digits -> 补登服务时长
# -> 关爱帮扶 -> 今天 -> 3.5 小时 -> 确认提交), the entry is pending in the
# database; then the secretary holds the corner, types the PIN, opens
# 志愿审核 and approves it, and the database holds the approval by "admin".
# usage: e2e_volunteer.sh KIOSK_BIN KIOSKCTL KIOSK_CONF WORK_DIR
set -euo pipefail
KIOSK_BIN=$1 CTL=$2 CONF=$3 WORK=$4
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
e2e_setup "$WORK"

e2e_demo_kiosk 1920x1080 240917

no=LM0054
phone=$(sqlite3 "$DB" "SELECT phone4 FROM member WHERE member_no = '$no'")
e2e_tap "$DUMP" volunteer
e2e_wait_screen "$DUMP" checkin
e2e_text "$DUMP" "志愿服务：请点您的名字" || fail "the finder does not say what it is for"
e2e_tap "$DUMP" keypad
e2e_wait_screen "$DUMP" keypad
for d in $(echo "$phone" | grep -o .); do e2e_tap "$DUMP" "key:$d"; done
e2e_tap "$DUMP" "member:$no"
e2e_wait_screen "$DUMP" volunteer
e2e_tap "$DUMP" vol:log
e2e_wait_screen "$DUMP" vol_category
e2e_tap "$DUMP" vcat:1
e2e_wait_screen "$DUMP" vol_day
e2e_tap "$DUMP" day:0
e2e_wait_screen "$DUMP" vol_hours
for _ in 1 2 3; do e2e_tap "$DUMP" hours:+; done
e2e_text "$DUMP" "3.5 小时" || fail "three taps on + from 2 hours should make 3.5"
e2e_tap "$DUMP" next
e2e_wait_screen "$DUMP" vol_confirm
e2e_text "$DUMP" "关爱帮扶" || fail "the summary lacks the category"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM vol_entry WHERE member_no = '$no'")" = 0 ] || fail "saved before 确认提交"
e2e_tap "$DUMP" submit
e2e_wait_screen "$DUMP" vol_done
import -window root "$WORK/logged.png" 2>/dev/null || true
today=$(TZ=CST-8 date +%F)
row=$(sqlite3 "$DB" "SELECT category, day, half_hours, method, length(uuid), seq > 0 FROM vol_entry WHERE member_no = '$no'")
[ "$row" = "关爱帮扶|$today|7|kiosk|36|1" ] || fail "expected 3.5 h of 关爱帮扶 today for $no, found '$row'"
entry=$(sqlite3 "$DB" "SELECT id FROM vol_entry WHERE member_no = '$no'")
[ "$(sqlite3 "$DB" "SELECT count(*) FROM vol_review r JOIN vol_entry e ON e.uuid = r.entry_uuid WHERE e.id = $entry")" = 0 ] \
  || fail "the entry is not pending"

# the secretary approves it
e2e_tap "$DUMP" nav:home
e2e_wait_screen "$DUMP" home
e2e_enter_admin "$DUMP" 240917 || fail "could not open the admin board"
e2e_tap "$DUMP" vol_review
e2e_wait_screen "$DUMP" vol_review
for _ in $(seq 5); do
  e2e_has "$DUMP" "approve:$entry" && break
  e2e_tap "$DUMP" page:next
done
e2e_tap "$DUMP" "approve:$entry"
sql="SELECT r.decision, r.operator FROM vol_review r JOIN vol_entry e ON e.uuid = r.entry_uuid WHERE e.id = $entry"
e2e_until "$E2E_TIMEOUT" e2e_sql_is "$DB" "$sql" "approved|admin" ||
  fail "expected an approval by admin, found '$(sqlite3 "$DB" "$sql")'"
e2e_gone "$DUMP" "approve:$entry" || fail "the approved entry is still listed"
"$CTL" --config "$CONF" --db "$DB" volunteer list --member "$no" | grep -q "approved" || fail "kioskctl does not show it approved"
echo "e2e volunteer: OK (3.5 h logged by $no, approved by the secretary)"
