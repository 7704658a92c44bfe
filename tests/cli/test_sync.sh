#!/usr/bin/env bash
# Sync, as the township and a village would do it: keys and enrolment in
# person, a bundle exported to the stick (a directory here; test_stick.sh
# does it on a real FAT stick through FUSE, and a stick full mid-export),
# imported (twice, overlapping, out of order), acknowledged, an update
# package applied; every forgery and accident refused with nothing changed;
# the report; and the LAN hub on loopback, killed and restarted in the
# middle of a sync.
# usage: test_sync.sh KIOSKCTL TOWNSHIP KIOSK_CONF WORK_DIR
set -euo pipefail
CTL=$1 TOWN=$2 CONF=$3 WORK=$4
rm -rf "$WORK" && mkdir -p "$WORK"
cd "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }
k() { "$CTL" --config "$CONF" --db "$WORK/kiosk.db" "$@"; }
kb() { "$CTL" --config "$CONF" --db "$WORK/b/kiosk.db" "$@"; }
t() { "$TOWN" --dir "$WORK/town" "$@"; }
expect_fail() { # expect_fail PATTERN CMD...
  local pat=$1; shift
  if "$@" >out 2>err; then fail "succeeded: $*"; fi
  grep -q -- "$pat" err || fail "no '$pat' in: $(cat err)"
}
q() { sqlite3 "$1" "$2"; }
HUB=
cleanup() { [ -n "$HUB" ] && kill "$HUB" 2>/dev/null || true; }
trap cleanup EXIT

# keys and trust, in person
t init --name 刘集镇 >/dev/null
[ "$(stat -c %a town/township.key)" = 600 ] || fail "township key not 0600"
k demo >/dev/null
k pubkey --out kiosk.pub >/dev/null 2>&1
[ "$(stat -c %a kiosk.key)" = 600 ] || fail "kiosk key not 0600"
KID=$(q kiosk.db "SELECT value FROM meta WHERE key = 'kiosk_id'")
t enroll kiosk.pub --village 鲁庙村 --branch 鲁庙村党支部 | grep -q "enrolled kiosk $KID" || fail enroll
k trust town/township.pub | grep -q "trusting township town-" || fail trust
mkdir -p other && "$TOWN" --dir other init --name 别的镇 >/dev/null
expect_fail "already trusts" k trust other/township.pub

# the stick: a directory (the FAT stick is test_stick.sh's)
STICK=$WORK/stick
mkdir -p "$STICK"

# export -> township import -> ack -> apply
k export --out "$STICK" >export.out
b1=$(sed -n 's/.* to \(.*\.ksb\), .*/\1/p' export.out)
[ -f "$b1" ] || fail "no bundle on the stick: $(cat export.out)"
ls -a "$STICK" | grep -q '\.part$\|^\.kiosk-tmp-' && fail "a temporary file was left on the stick"
grep -q "sealed to the township" export.out || fail "bundle not sealed"
n1=$(sed -n 's/^exported \([0-9]*\) records.*/\1/p' export.out)
[ "$n1" -gt 100 ] || fail "too few records: $n1"
t import "$b1" | grep -q "total: $n1 new, 0 duplicate, 0 rejected" || fail "first import"
t import "$b1" | grep -q "total: 0 new, $n1 duplicate, 0 rejected" || fail "same bundle twice"
[ "$(q kiosk.db "SELECT value FROM meta WHERE key = 'acked_seq'")" = "" ] || fail "an export moved the high-water mark"
t ack "$KID" --out "$STICK" >/dev/null
k apply "$STICK"/ack-*.ksa | grep -q "acknowledged up to seq" || fail "ack apply"
acked=$(q kiosk.db "SELECT value FROM meta WHERE key = 'acked_seq'")
[ "$acked" = "$(q kiosk.db "SELECT value FROM meta WHERE key = 'seq'")" ] || fail "acked $acked is not the last seq"

# overlapping and out of order: b2 = one check-in, b3 = it and another; b3 first
k checkin LM0001 >/dev/null
k export --out "$STICK" >e2 && b2=$(sed -n 's/.* to \(.*\.ksb\), .*/\1/p' e2)
sleep 1
k checkin LM0002 >/dev/null
k export --out "$STICK" >e3 && b3=$(sed -n 's/.* to \(.*\.ksb\), .*/\1/p' e3)
grep -q "exported 2 records" e3 || fail "the second bundle should hold both new records: $(cat e3)"
cp "$b3" b3.ksb
t import "$b3" | grep -q "total: 2 new, 0 duplicate" || fail "overlapping bundle"
t import "$b2" | grep -q "total: 0 new, 1 duplicate" || fail "older, overlapping bundle"
k export --all --out "$STICK" >e4 && b4=$(sed -n 's/.* to \(.*\.ksb\), .*/\1/p' e4)
t import "$b4" | grep -q "total: 0 new, $((n1 + 2)) duplicate" || fail "everything again"
[ "$(q town/township.db "SELECT count(*) FROM checkin WHERE kiosk_id = '$KID'")" = \
  "$(q kiosk.db "SELECT count(*) FROM checkin")" ] || fail "the township's check-ins differ from the kiosk's"
[ "$(q town/township.db "SELECT count(*) - count(DISTINCT uuid) FROM checkin")" = 0 ] || fail "duplicates in the township"
# the PIN's hash and the rosters: readable by their owner only (the key files too)
for f in kiosk.db kiosk.db-wal town/township.db town/township.db-wal town/township.key; do
  [ ! -e "$f" ] || [ "$(stat -c %a "$f")" = 600 ] || fail "$f is mode $(stat -c %a "$f"), not 600"
done
[ -e town/township.db ] && [ -e kiosk.db ] || fail "the databases are not where this test looks"

# forgeries and accidents: refused with the reason, nothing merged
# flip FILE OFFSET: inverts every bit of the byte at OFFSET (writing a fixed
# value would change nothing, 1 time in 256, when the byte already held it)
flip() {
  local b
  b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
  printf "\\$(printf '%03o' $((b ^ 255)))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
before=$(q town/township.db "SELECT count(*) FROM bundle")
cp "$b3" flipped.ksb
flip flipped.ksb 300
expect_fail "wrong signature" t import flipped.ksb
head -c 2000 "$b3" >short.ksb
expect_fail "truncated" t import short.ksb
echo "not a bundle" >junk.ksb
expect_fail "bad header" t import junk.ksb
mkdir -p b && kb demo >/dev/null && kb pubkey --out b/kiosk.pub >/dev/null 2>&1 && kb trust town/township.pub >/dev/null
kb export --out b >/dev/null
expect_fail "unknown kiosk" t import b/*.ksb
t enroll b/kiosk.pub --village 西村 >/dev/null
BID=$(q b/kiosk.db "SELECT value FROM meta WHERE key = 'kiosk_id'")
t revoke "$BID" >/dev/null
expect_fail "revoked" t import b/*.ksb
[ "$(q town/township.db "SELECT count(*) FROM bundle")" = "$before" ] || fail "a refused bundle was recorded"
[ "$(q town/township.db "SELECT count(*) FROM member WHERE kiosk_id = '$BID'")" = 0 ] || fail "a refused bundle merged"
t ack "$KID" --out . >/dev/null
cp ack-*.ksa ack-flipped.ksa
flip ack-flipped.ksa 70
expect_fail "wrong signature\|truncated\|malformed" k apply ack-flipped.ksa
"$TOWN" --dir other enroll kiosk.pub --village 鲁庙村 >/dev/null
"$TOWN" --dir other ack "$KID" --out other >/dev/null
expect_fail "not the trusted township" k apply other/ack-*.ksa

# a stick pulled out before the export: a clear refusal
expect_fail "cannot create" k export --out "$WORK/no-such-stick"

# update packages: notices with an image, roster, calendar, categories, rules
mkdir -p pkg
cp "$(dirname "$CONF")/data/demo/notices/subsidy.md" "$(dirname "$CONF")/data/demo/notices/subsidy_flow.png" pkg/
printf '# 镇党委关于冬季防火的通知\n\n冬季天干物燥，请各村做好防火。\n' >pkg/fire.md
printf '文件,类别,置顶,到期\nsubsidy.md,政策宣传,是,2099-12-31\nfire.md,通知公告,否,\n' >pkg/index.csv
printf '日期,类型,标题,开始,结束,地点\n2099-01-06,培训,全镇党员轮训（第五期）,09:00,16:00,刘集镇党群服务中心\n' >cal.csv
printf '党员编号,姓名,村民小组\nLM0300,田新党,第二组\n' >roster.csv
t package --notices pkg --roster roster.csv --village 鲁庙村 --calendar cal.csv --categories "环境整治,敬老助残,其他" \
  --rating "attend=3;late=1;leave=0;per_hour=1;stars=5,10,20,40,80" --out p1.ksp | grep -q "package version 1" || fail "package"
k apply p1.ksp | grep -q "applied package version 1: 2 notices, 1 members, 1 calendar entries, volunteer categories, rating rules" \
  || fail "apply: $(k apply p1.ksp 2>&1)"
[ "$(q kiosk.db "SELECT count(*) FROM notice WHERE source = 'township' AND title = '镇党委关于冬季防火的通知'")" = 1 ] || fail "notice"
[ "$(q kiosk.db "SELECT count(*) FROM notice_image n JOIN notice x ON x.uuid = n.notice_uuid WHERE x.kiosk_id LIKE 'town-%'")" = 1 ] || fail "image"
[ "$(q kiosk.db "SELECT name FROM member WHERE member_no = 'LM0300'")" = 田新党 ] || fail "roster"
[ "$(q kiosk.db "SELECT branch FROM member WHERE member_no = 'LM0300'")" = "$(q kiosk.db "SELECT branch FROM member WHERE member_no = 'LM0001'")" ] \
  || fail "a package's member without a 支部 column did not get the village's branch"
[ "$(q kiosk.db "SELECT source FROM activity WHERE title = '全镇党员轮训（第五期）'")" = township ] || fail "calendar"
k volunteer categories | grep -q 敬老助残 || fail "categories"
expect_fail "not newer" k apply p1.ksp
t package --notices pkg --out p2.ksp >/dev/null
k apply p2.ksp | grep -q "version 2: 0 notices" || fail "an unchanged notice was applied again"
expect_fail "not newer" k apply p1.ksp
cp p2.ksp flipped.ksp
flip flipped.ksp 500
expect_fail "wrong signature" k apply flipped.ksp
"$TOWN" --dir other package --notices pkg --out other.ksp >/dev/null
expect_fail "not the trusted township" k apply other.ksp
expect_fail "bad header" k apply cal.csv
head -c 100000000 /dev/zero >big.ksp 2>/dev/null || true
expect_fail "too large" k apply big.ksp
rm -f big.ksp
expect_fail "expires must be" t package --notices pkg --expires 2000-01-01 --out p3.ksp
[ "$(q kiosk.db "SELECT value FROM meta WHERE key = 'package_version'")" = 2 ] || fail "package version"

# the report: a workbook and charts
t import b3.ksb >/dev/null
month=$(TZ=CST-8 date +%Y-%m)
# 西村's kiosk is revoked, not forgotten: its records up to then count (review.h)
t report --month "$month" --out rep | grep -q "2 villages" || fail "report"
xlsx=$(ls rep/*.xlsx)
unzip -p "$xlsx" xl/sharedStrings.xml | grep -q 鲁庙村 || fail "the workbook does not name the village"
for s in 村支部出勤 活动类型 党员明细 志愿服务 考核排名; do
  unzip -p "$xlsx" xl/workbook.xml | grep -q "$s" || fail "sheet $s missing"
done
for p in rep/*.png; do identify "$p" | grep -q PNG || fail "$p is not a PNG"; done
t report --quarter "$(TZ=CST-8 date +%Y)-Q4" --out rep >/dev/null || fail "quarter report"
expect_fail "period" t report --month 2026-13 --out rep

# the LAN hub on loopback; killed mid-sync and restarted; replays refused
port=$((20000 + RANDOM % 20000))
# started when it answers on its port (polled, up to 60 s), not after a sleep
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }
start_hub() {
  "$TOWN" --dir "$WORK/town" serve --listen 127.0.0.1:$port >>hub.log 2>&1 &
  HUB=$!
  local end=$((SECONDS + 60))
  until listening; do
    kill -0 "$HUB" 2>/dev/null || fail "the hub did not start: $(tail -3 hub.log)"
    [ "$SECONDS" -lt "$end" ] || fail "the hub does not listen on $port"
    sleep 0.05
  done
}
start_hub
for i in $(seq 20); do k checkin "LM00$((10 + i))" >/dev/null 2>&1 || true; done
k sync --hub http://127.0.0.1:$port | grep -q "acknowledged up to seq" || fail "sync: $(cat hub.log)"
[ "$(q kiosk.db "SELECT value FROM meta WHERE key = 'acked_seq'")" = "$(q kiosk.db "SELECT value FROM meta WHERE key = 'seq'")" ] \
  || fail "sync did not acknowledge everything"
t package --categories "环境整治,其他" --out p4.ksp >/dev/null
k sync --hub http://127.0.0.1:$port | grep -q "package version 3" || fail "sync did not bring the package"
# the hub dies while the kiosk is sending: nothing acknowledged, nothing lost
k checkin LM0050 >/dev/null
acked=$(q kiosk.db "SELECT value FROM meta WHERE key = 'acked_seq'")
kill -STOP "$HUB"
( sleep 1; kill -KILL "$HUB" ) &
expect_fail "cannot reach\|refused" k sync --hub http://127.0.0.1:$port
wait "$HUB" 2>/dev/null || true
[ "$(q kiosk.db "SELECT value FROM meta WHERE key = 'acked_seq'")" = "$acked" ] || fail "a failed sync moved the mark"
expect_fail "cannot reach" k sync --hub http://127.0.0.1:$port
start_hub
k sync --hub http://127.0.0.1:$port >/dev/null || fail "sync after restart: $(tail -3 hub.log)"
[ "$(q town/township.db "SELECT count(*) - count(DISTINCT uuid) FROM checkin")" = 0 ] || fail "duplicates after the resend"
[ "$(q town/township.db "SELECT count(*) FROM checkin WHERE member_no = 'LM0050' AND operator <> 'demo'")" = 1 ] || fail "the record sent twice is not there once"
KIOSK_LAN_NONCE=00112233445566778899aabbccddeeff k sync --hub http://127.0.0.1:$port >/dev/null 2>&1 || true
KIOSK_LAN_NONCE=00112233445566778899aabbccddeeff expect_fail "replayed" k sync --hub http://127.0.0.1:$port
expect_fail "revoked\|unknown" kb sync --hub http://127.0.0.1:$port
# an idle kiosk syncing again and again: acknowledged each time, no bundle rows
rows=$(q town/township.db "SELECT count(*) FROM bundle")
for i in 1 2 3; do
  k sync --hub http://127.0.0.1:$port | grep -q "pushed 0 records; acknowledged up to seq" || fail "idle sync $i"
done
[ "$(q town/township.db "SELECT count(*) FROM bundle")" = "$rows" ] || fail "idle syncs stored bundle rows"
[ "$(q town/township.db "SELECT count(*) FROM bundle WHERE records = 0")" = 0 ] || fail "an empty bundle was stored"
k checkin LM0051 >/dev/null
k sync --hub http://127.0.0.1:$port | grep -q "pushed 1 records" || fail "a sync after the idle ones"
[ "$(q kiosk.db "SELECT value FROM meta WHERE key = 'acked_seq'")" = "$(q kiosk.db "SELECT value FROM meta WHERE key = 'seq'")" ] \
  || fail "the sync after the idle ones did not acknowledge everything"

# one roster for the whole township, a 村 column saying whose each row is;
# each kiosk takes its own village's rows, matched by what enroll recorded
LONG=新疆维吾尔自治区伊犁哈萨克自治州霍城县清水河镇巴依墩村
kv() { local d=$1; shift; "$CTL" --config "$CONF" --db "$WORK/$d/kiosk.db" "$@"; }
for d in zz xj wg; do
  mkdir -p $d && kv $d demo >/dev/null && kv $d pubkey --out $d/kiosk.pub >/dev/null 2>&1 && kv $d trust town/township.pub >/dev/null
done
t enroll zz/kiosk.pub --village 张庄村 >/dev/null
t enroll xj/kiosk.pub --village "$LONG" >/dev/null
t enroll wg/kiosk.pub --village 王岗村 >/dev/null
printf '党员编号,姓名,村民小组,村\nLM0301,鲁新人,第一组,鲁庙村\nZZ0001,张庄甲,第一组,张庄村\nZZ0002,张庄乙,第二组,张庄村\n"XJ0001","阿依古丽·买买提","第一组","%s"\nLM0302,鲁新二,第二组,鲁庙村\n' "$LONG" >town-roster.csv
members() { q "$1" "SELECT count(*) || ':' || coalesce(max(seq), 0) FROM member WHERE active"; }
wgBefore=$(members wg/kiosk.db); ydBefore=$(q wg/kiosk.db "SELECT count(*) FROM member WHERE active")
pkgs=$(q town/township.db "SELECT count(*) FROM package")
# refused, with nothing built: no 村 and no --village; an unknown 村 (with
# its line); a name starting with '-'; a NUL byte; an unknown --village
printf '党员编号,姓名,村民小组\nLM0303,鲁三,第一组\n' >no-village.csv
expect_fail "no 村 column.*--village" t package --roster no-village.csv --out bad.ksp
printf '党员编号,姓名,村民小组,村\nLM0303,鲁三,第一组,鲁庙村\nZZ0009,张九,第一组,张庄\n' >typo.csv
expect_fail "line 3: 村 \"张庄\" names no enrolled village" t package --roster typo.csv --out bad.ksp
printf '党员编号,姓名,村民小组,村\nLM0303,鲁三,第一组,鲁庙村\nZZ0009,-张九,第一组,张庄村\n' >dash.csv
expect_fail "line 3" t package --roster dash.csv --out bad.ksp
printf '党员编号,姓名,村民小组,村\nLM0303,鲁三,第一组,鲁庙村\nZZ0009,张\0九,第一组,张庄村\n' >nul.csv
expect_fail "line 3: a NUL byte" t package --roster nul.csv --out bad.ksp
expect_fail "names no enrolled village" t package --roster no-village.csv --village -x --out bad.ksp
[ ! -e bad.ksp ] || fail "a refused package was written"
[ "$(q town/township.db "SELECT count(*) FROM package")" = "$pkgs" ] || fail "a refused package was stored"
t package --roster town-roster.csv --out r1.ksp | grep -q "package version" || fail "township roster package"
k apply r1.ksp | grep -q ": 0 notices, 2 members" || fail "鲁庙村 did not get its 2 rows"
[ "$(q kiosk.db "SELECT count(*) FROM member WHERE member_no IN ('LM0301', 'LM0302')")" = 2 ] || fail "鲁庙村's rows"
[ "$(q kiosk.db "SELECT count(*) FROM member WHERE member_no LIKE 'ZZ%' OR member_no LIKE 'XJ%'")" = 0 ] \
  || fail "鲁庙村 took another village's members"
kv zz apply r1.ksp | grep -q ": 0 notices, 2 members" || fail "张庄村 did not get its 2 rows"
[ "$(q zz/kiosk.db "SELECT group_concat(member_no) FROM (SELECT member_no FROM member WHERE member_no NOT LIKE 'LM0%' OR member_no >= 'LM0300' ORDER BY 1)")" = ZZ0001,ZZ0002 ] \
  || fail "张庄村 has other rows"
kv xj apply r1.ksp | grep -q ": 0 notices, 1 members" || fail "the long-named village did not get its row"
[ "$(q xj/kiosk.db "SELECT name FROM member WHERE member_no = 'XJ0001'")" = 阿依古丽·买买提 ] || fail "the long-named village's row"
kv wg apply r1.ksp | grep -q ": 0 notices, 0 members" || fail "王岗村 should take no rows"
[ "$(members wg/kiosk.db)" = "$wgBefore" ] || fail "王岗村's members changed"
[ "$(q wg/kiosk.db "SELECT count(*) FROM member WHERE active")" = "$ydBefore" ] || fail "王岗村's 应到 changed"
# a file of one village, named by --village; only the rows of --village from a township file
t package --roster no-village.csv --village 王岗村 --out r2.ksp >/dev/null || fail "--village"
kv wg apply r2.ksp | grep -q ": 0 notices, 1 members" || fail "王岗村's own roster"
k apply r2.ksp | grep -q ": 0 notices, 0 members" || fail "王岗村's roster reached 鲁庙村"
t package --roster town-roster.csv --village 张庄村 --out r3.ksp >/dev/null || fail "--village with 村"
k apply r3.ksp | grep -q ": 0 notices, 0 members" || fail "张庄村's rows reached 鲁庙村"
echo "sync: OK (stick: a directory, LAN on port $port)"
