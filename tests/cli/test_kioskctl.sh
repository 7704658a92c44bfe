#!/usr/bin/env bash
# kioskctl as the secretary uses it: every command on a fresh database, with
# roster files as they come from real offices (UTF-8, UTF-8 with BOM from
# WPS, GBK from Excel), and a bad row that must leave everything unchanged.
# usage: test_kioskctl.sh KIOSKCTL KIOSK_CONF WORK_DIR
set -euo pipefail
CTL=$1 CONF=$2 WORK=$3
rm -rf "$WORK" && mkdir -p "$WORK"
DB=$WORK/t.db
k() { "$CTL" --config "$CONF" --db "$DB" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_fail() { # expect_fail PATTERN CMD...: must exit non-zero with PATTERN on stderr
  local pat=$1; shift
  if "$@" >"$WORK/out" 2>"$WORK/err"; then fail "succeeded: $*"; fi
  grep -q -- "$pat" "$WORK/err" || fail "no '$pat' in: $(cat "$WORK/err")"
}

k init >"$WORK/init" 2>&1
grep -q "schema" "$WORK/init" || fail "init: $(cat "$WORK/init")"
grep -qE "public key [0-9a-f]{64}" "$WORK/init" || fail "init made no key"
[ "$(stat -c %a "$WORK/kiosk.key")" = 600 ] || fail "key file not 0600"
[ "$(sqlite3 "$DB" 'PRAGMA journal_mode')" = wal ] || fail "not WAL"
k --help | grep -q "roster import" || fail "--help"

# a roster as Excel saves it in China: GBK, CRLF, with a header in Chinese
printf '党员编号,姓名,村民小组,手机号,出生年份\r\nA001,张中立,第一组,13812345678,1956\r\nA002,王秀兰,第二组,,1951\r\nA003,阿依古丽·吐尔逊,第二组,13900001234,1980\r\n' |
  iconv -f UTF-8 -t GBK >"$WORK/gbk.csv"
! iconv -f UTF-8 -t UTF-8 "$WORK/gbk.csv" >/dev/null 2>&1 || fail "fixture is not GBK"
k roster import "$WORK/gbk.csv" | grep -q "3 added" || fail "GBK import"
k roster list >"$WORK/list"
grep -qP '^A001\t张中立\t第一组$' "$WORK/list" || fail "roster list format: $(cat "$WORK/list")"
grep -qP '^A003\t阿依古丽·吐尔逊\t第二组$' "$WORK/list" || fail "· name"
[ "$(sqlite3 "$DB" "SELECT phone4 FROM member WHERE member_no='A001'")" = 5678 ] || fail "phone kept whole"

# UTF-8 with a BOM (WPS), one changed row and one new: a new version, not an overwrite
printf '\xef\xbb\xbf党员编号,姓名,村民小组\nA002,王秀兰,第三组\nA004,张𠮷祥,第三组\n' >"$WORK/bom.csv"
k roster import "$WORK/bom.csv" | grep -q "1 added, 1 updated" || fail "BOM import"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM member_history WHERE member_no='A002'")" = 1 ] || fail "no history row"
k roster list | grep -qP '^A004\t张𠮷祥\t第三组$' || fail "non-BMP name"

# a bad row: its line number, and nothing imported, not even the good rows
before=$(sqlite3 "$DB" "SELECT count(*), max(seq) FROM member")
printf '党员编号,姓名,村民小组\nA005,李新,第一组\nA006,,第一组\nA007,赵六,第二组\n' >"$WORK/bad.csv"
expect_fail "line 3" k roster import "$WORK/bad.csv"
grep -q "Nothing was imported" "$WORK/err" || fail "no reassurance"
[ "$(sqlite3 "$DB" "SELECT count(*), max(seq) FROM member")" = "$before" ] || fail "bad import changed the db"
expect_fail "cannot" k roster import "$WORK/missing.csv"

# activities
today=$(TZ=CST-8 date +%F)
k activity add --kind 主题党日 --title "测试主题党日" --date "$today" --start 00:00 --end 23:59 --location 会议室 |
  grep -q "added activity" || fail "activity add"
expect_fail "kind" k activity add --kind 打牌 --title x --date "$today" --start 08:00 --end 09:00
expect_fail "date" k activity add --kind 党课 --title x --date 2026-13-01 --start 08:00 --end 09:00
k activity list | grep -q "测试主题党日" || fail "activity list"
k activity kinds | grep -qx "志愿服务" || fail "kinds"

# check-in prints the acknowledged record; again is not an error and writes nothing
k checkin A001 >"$WORK/c1"
grep -q "^checked in: A001 张中立" "$WORK/c1" || fail "checkin: $(cat "$WORK/c1")"
uuid=$(sed -n 's/.*uuid \([0-9a-f-]*\).*/\1/p' "$WORK/c1")
[ "$(sqlite3 "$DB" "SELECT member_no FROM checkin WHERE uuid='$uuid'")" = A001 ] || fail "printed uuid not in db"
k checkin A001 | grep -q "already checked in" || fail "second checkin"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM checkin")" = 1 ] || fail "duplicate row"
expect_fail "A999" k checkin A999
k attendance >"$WORK/att"
grep -q "(应到 4 实到 1 迟到 [01] 请假 0 未到 3)" "$WORK/att" || fail "attendance: $(tail -1 "$WORK/att")"

# the admin PIN: only 6 digits, stored only as a hash
expect_fail "6 digits" k admin set-pin 12345
echo 240917 | k admin set-pin | grep -q "PIN set" || fail "set-pin from stdin"
[ "$(sqlite3 "$DB" "SELECT value LIKE '\$argon2id\$%' FROM meta WHERE key = 'admin_pin_hash'")" = 1 ] || fail "no argon2id hash"

# QR cards: issue, verify, reissue revokes, a forgery is refused and recorded
card=$(k card issue A001)
case $card in K1.*.A001.1.*) ;; *) fail "card payload: $card" ;; esac
k card verify "$card" | grep -q "valid card: A001 张中立" || fail "card verify"
card2=$(k card issue A001)
expect_fail "revoked" k card verify "$card"
k card verify "$card2" >/dev/null || fail "new card refused"
expect_fail "forged" k card verify "$(echo "$card2" | sed 's/.....$/AAAAA/')"
expect_fail "not a member card" k card verify "K1.bad"
[ "$(sqlite3 "$DB" "SELECT group_concat(reason) FROM scan_refusal")" = "revoked,forged,malformed" ] || fail "refusals not recorded"

# history is sacred, even from the sqlite3 shell
! sqlite3 "$DB" "DELETE FROM checkin" 2>/dev/null || fail "delete allowed"
! sqlite3 "$DB" "UPDATE checkin SET status='late'" 2>/dev/null || fail "update allowed"

# notices: published with their image, refused with a reason and nothing written
mkdir -p "$WORK/n"
printf '# 村务公开：十一月财务收支\n\n收入**3.2万元**，支出2.8万元。\n\n![明细](table.png)\n\n- 道路维修1.5万元\n- 保洁工资1.3万元\n' >"$WORK/n/money.md"
convert -size 40x20 xc:white "$WORK/n/table.png" 2>/dev/null || printf '\x89PNG\r\n\x1a\n0000' >"$WORK/n/table.png"
k notice add "$WORK/n/money.md" --category 村务公开 --expires 2099-12-31 | grep -q "published .* 村务公开：十一月财务收支 \[village\] until 2099-12-31" \
  || fail "notice add"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM notice_image WHERE name = 'table.png'")" = 1 ] || fail "image not stored"
printf '没有标题\n' >"$WORK/n/bad.md"
expect_fail "first line must be the title" k notice add "$WORK/n/bad.md"
printf '# 标题\n\n![图](gone.png)\n' >"$WORK/n/gone.md"
expect_fail "cannot read image" k notice add "$WORK/n/gone.md"
expect_fail "unknown category" k notice add "$WORK/n/money.md" --category 其他
expect_fail "already passed" k notice add "$WORK/n/money.md" --expires 2000-01-01
[ "$(sqlite3 "$DB" "SELECT count(*) FROM notice")" = 1 ] || fail "a refused notice was written"
k notice list | grep -q "village .*村务公开：十一月财务收支  views 0" || fail "notice list: $(k notice list)"
k notice add "$WORK/n/money.md" --category party --pin >/dev/null
k notice list --category 党务公开 | grep -q "\[pinned\]" || fail "pinned notice not listed first"

# volunteer hours: bounds, steps and days refused in English, nothing written
expect_fail "steps of 0.5" k volunteer log A001 --category 环境整治 --hours 2.3
expect_fail "0.5 to 12" k volunteer log A001 --category 环境整治 --hours 12.5
expect_fail "unknown category" k volunteer log A001 --category 打麻将 --hours 2
expect_fail "the day must be" k volunteer log A001 --category 环境整治 --hours 2 --date 2000-01-01
expect_fail "no active member" k volunteer log Z999 --category 环境整治 --hours 2
[ "$(sqlite3 "$DB" "SELECT count(*) FROM vol_entry")" = 0 ] || fail "a refused entry was written"
e=$(k volunteer log A001 --category 环境整治 --hours 2.5 | sed -n 's/^logged entry \([0-9]*\):.*pending.*/\1/p')
[ -n "$e" ] || fail "volunteer log"
expect_fail "needs a reason" k volunteer reject "$e"
k volunteer approve "$e" | grep -q approved || fail "approve"
k volunteer list --member A001 | grep -q "2.5 h  approved" || fail "list: $(k volunteer list)"
k record A001 | grep -q "volunteer hours: 2.5 approved, 0 pending" || fail "record: $(k record A001)"
k volunteer categories | grep -q 文明实践 || fail "categories"

# demo is idempotent
"$CTL" --config "$CONF" --db "$WORK/demo.db" demo | grep -q "120 members added" || fail "demo"
"$CTL" --config "$CONF" --db "$WORK/demo.db" demo | grep -q "0 members added, 0 updated, 0 activities" || fail "demo again"
echo "kioskctl: OK"
