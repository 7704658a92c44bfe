#!/usr/bin/env bash
# End to end: finding yourself without typing, in the real kiosk under Xvfb
# with real clicks. The index-letter path (签到 -> Z -> 张中立), the surname
# path (签到 -> 按姓找 -> 鲁 -> a 鲁), 不是我 on that confirmation (a reversal
# by the member, back on the grid), and the keypad path (签到 -> 按号码找 ->
# 6 2 1 6 -> 阿依古丽·吐尔逊, shown big beside the keys), each checked in the
# database with sqlite3.
# usage: e2e_find.sh KIOSK_BIN KIOSK_CONF WORK_DIR
set -euo pipefail
KIOSK_BIN=$1 CONF=$2 WORK=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
e2e_setup "$WORK"
count() { sqlite3 "$DB" "SELECT count(*) FROM checkin WHERE operator <> 'demo' AND member_no = '$1' AND kind = 'checkin'"; }

e2e_start_x 1080x1920
e2e_start_kiosk "$DUMP" --config "$CONF" --db "$DB"

# the index letter: Z, then turn pages until 张中立's tile shows
e2e_tap "$DUMP" checkin
e2e_wait_screen "$DUMP" checkin
e2e_has "$DUMP" letter:I && fail "letter I shown though no name starts with it"
e2e_tap "$DUMP" letter:Z
jq -e '.texts[] | select(.text == "请点您的名字 · Z")' "$DUMP" >/dev/null || fail "title does not show the letter"
for _ in $(seq 5); do
  e2e_has "$DUMP" member:LM0031 && break
  e2e_tap "$DUMP" page:next
done
# every tile under Z is a Z name
jq -r '.widgets[] | select(.id | startswith("member:")) | .id' "$DUMP" | sed 's/member://' >"$WORK/z"
while read -r no; do
  py=$(sqlite3 "$DB" "SELECT name FROM member WHERE member_no = '$no'")
  case $py in 张*|赵*|周*|朱*|郑*|曾*|翟*|钟*|庄*|邹*|左*|祝*|詹*|卓*|査*|查*|甄*|臧*) ;; *) fail "$py under Z" ;; esac
done <"$WORK/z"
e2e_tap "$DUMP" member:LM0031
e2e_wait_screen "$DUMP" confirm
[ "$(count LM0031)" = 1 ] || fail "letter path: LM0031 not checked in"
import -window root "$WORK/letter-confirm.png" 2>/dev/null || true
e2e_tap "$DUMP" nav:home
e2e_wait_screen "$DUMP" home

# the surname: 按姓找 beside the letters, the commonest surname first
stands() { sqlite3 "$DB" "SELECT count(*) FROM checkin c WHERE operator <> 'demo' AND member_no = '$1' AND kind = 'checkin'
  AND NOT EXISTS (SELECT 1 FROM checkin r WHERE r.reverses_uuid = c.uuid)"; }
lu=$(sqlite3 "$DB" "SELECT member_no FROM member WHERE name LIKE '鲁%' AND active ORDER BY member_no LIMIT 1")
[ -n "$lu" ] || fail "demo roster has no 鲁"
e2e_tap "$DUMP" checkin
e2e_wait_screen "$DUMP" checkin
e2e_tap "$DUMP" surname
e2e_wait_screen "$DUMP" surname
first=$(jq -r '[.widgets[] | select(.id | startswith("surname:"))][0].label' "$DUMP")
[ "$first" = "刘 18人" ] || fail "the commonest surname is not first: $first"
e2e_text "$DUMP" 请点您的姓 || fail "surname screen lacks its title"
import -window root "$WORK/surname.png" 2>/dev/null || true
e2e_tap "$DUMP" surname:鲁
e2e_text "$DUMP" "请点您的名字 · 鲁" || fail "no title for the 鲁 names"
for _ in $(seq 5); do
  e2e_has "$DUMP" "member:$lu" && break
  e2e_tap "$DUMP" page:next
done
jq -r '.widgets[] | select(.id | startswith("member:")) | .label' "$DUMP" | grep -v '^鲁' && fail "a name not under 鲁"
e2e_tap "$DUMP" "member:$lu"
e2e_wait_screen "$DUMP" confirm
[ "$(stands "$lu")" = 1 ] || fail "surname path: $lu not checked in"
import -window root "$WORK/surname-confirm.png" 2>/dev/null || true

# 不是我: a reversal by the member (operator self), back on the grid
e2e_has "$DUMP" notme || fail "no 不是我 on a new check-in"
e2e_tap "$DUMP" notme
e2e_wait_screen "$DUMP" checkin
[ "$(stands "$lu")" = 0 ] || fail "不是我 left $lu checked in"
rev=$(sqlite3 "$DB" "SELECT count(*) FROM checkin WHERE kind = 'reversal' AND operator = 'self' AND member_no = '$lu'")
[ "$rev" = 1 ] || fail "不是我 wrote $rev reversals by self"
e2e_text "$DUMP" "已取消，请再点名字" || fail "the grid does not say the check-in was cancelled"
import -window root "$WORK/not-me.png" 2>/dev/null || true
e2e_tap "$DUMP" nav:home
e2e_wait_screen "$DUMP" home

# the keypad: the last four digits of her phone
phone=$(sqlite3 "$DB" "SELECT phone4 FROM member WHERE member_no = 'LM0054'")
[ ${#phone} = 4 ] || fail "demo member LM0054 has no phone tail"
e2e_tap "$DUMP" checkin
e2e_wait_screen "$DUMP" checkin
e2e_tap "$DUMP" keypad
e2e_wait_screen "$DUMP" keypad
e2e_tap "$DUMP" key:1
e2e_text "$DUMP" "还差 3 个数字" || fail "one digit typed: no 还差 3 个数字"
e2e_tap "$DUMP" key:clear
for d in $(echo "$phone" | grep -o .); do e2e_tap "$DUMP" "key:$d"; done
e2e_has "$DUMP" member:LM0054 || fail "typing $phone did not show LM0054"
# big, just above the typed digits and the keys (a tall screen), under 请点您的名字
e2e_text "$DUMP" 请点您的名字 || fail "no 请点您的名字 over the match"
read -r th tb <<<"$(jq -r '.widgets[] | select(.id == "member:LM0054") | "\(.h) \(.y + .h)"' "$DUMP")"
k1=$(jq -r '.widgets[] | select(.id == "key:1") | .y' "$DUMP")
[ "$th" -ge 200 ] || fail "the match is only $th px tall"
[ "$tb" -le "$k1" ] && [ $((k1 - tb)) -le 200 ] || fail "the match (bottom $tb) is not next to the keys (top $k1)"
import -window root "$WORK/keypad.png" 2>/dev/null || true
e2e_tap "$DUMP" member:LM0054
e2e_wait_screen "$DUMP" confirm
[ "$(count LM0054)" = 1 ] || fail "keypad path: LM0054 not checked in"
jq -e '.texts[] | select(.text == "阿依古丽·吐尔逊")' "$DUMP" >/dev/null || fail "confirmation lacks the name"
echo "e2e find: OK (letter Z -> LM0031, surname 鲁 -> $lu and 不是我, keypad $phone -> LM0054)"
