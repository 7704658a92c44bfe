#!/usr/bin/env bash
# End to end: finding yourself without typing, in the real kiosk under Xvfb
# with real clicks. The index-letter path (签到 -> Z -> 张中立) and the keypad
# path (签到 -> 按号码找 -> 6 2 1 6 -> 阿依古丽·吐尔逊), each checked in the
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

# the keypad: the last four digits of her phone
phone=$(sqlite3 "$DB" "SELECT phone4 FROM member WHERE member_no = 'LM0054'")
[ ${#phone} = 4 ] || fail "demo member LM0054 has no phone tail"
e2e_tap "$DUMP" checkin
e2e_wait_screen "$DUMP" checkin
e2e_tap "$DUMP" keypad
e2e_wait_screen "$DUMP" keypad
for d in $(echo "$phone" | grep -o .); do e2e_tap "$DUMP" "key:$d"; done
e2e_has "$DUMP" member:LM0054 || fail "typing $phone did not show LM0054"
import -window root "$WORK/keypad.png" 2>/dev/null || true
e2e_tap "$DUMP" member:LM0054
e2e_wait_screen "$DUMP" confirm
[ "$(count LM0054)" = 1 ] || fail "keypad path: LM0054 not checked in"
jq -e '.texts[] | select(.text == "阿依古丽·吐尔逊")' "$DUMP" >/dev/null || fail "confirmation lacks the name"
echo "e2e find: OK (letter Z -> LM0031, keypad $phone -> LM0054)"
