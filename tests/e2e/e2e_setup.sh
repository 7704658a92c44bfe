#!/usr/bin/env bash
# End to end: first boot from the township's setup stick. The township makes
# the stick (`township setup-stick`: its public key, the village, the roster
# and a first package); a new kiosk (no database, not a demo) starts on its
# setup screen in Xvfb and asks for the stick; the stick (a FAT image through
# FUSE) goes in; the screen names the village; the secretary sets the PIN
# with real clicks on the digit pad — first two PINs that differ (refused,
# both asked again), then the same twice; the kiosk trusts the township,
# takes the roster and the package, keeps the village in village.conf, and
# writes its public key onto the stick; the township enrolls that key; the
# PIN opens the admin board. The private key never leaves the township.
# Exits 77 (ctest: Skipped) where FUSE is missing or may not mount.
# usage: e2e_setup.sh KIOSK_BIN KIOSKCTL KIOSK_CONF WORK_DIR TOWNSHIP_BIN
set -euo pipefail
KIOSK_BIN=$1 CTL=$2 CONF0=$3 WORK=$4 TOWN=$5
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
e2e_setup "$WORK"
MEDIA=$WORK/media STICK=$WORK/media/SETUP
mkdir -p "$MEDIA" "$WORK/prep"
cleanup() {
  while fusermount -u "$STICK" 2>/dev/null; do :; done # stacked mounts too, after a failure
  fusermount -u "$WORK/prep" 2>/dev/null || true
  e2e_stop
}
trap cleanup EXIT
if ! [ -c /dev/fuse ] || ! command -v fusefat >/dev/null || ! command -v mkfs.vfat >/dev/null; then
  skip "no FUSE (fusefat, /dev/fuse) here"
fi
CONF=$WORK/kiosk.conf
cp "$CONF0" "$CONF"
printf '\n[kiosk]\ndemo = false\nvillage = 未设置\n[usb]\nroots = %s\n' "$MEDIA" >>"$CONF"

# the township: its roster of the village (with a long minority name) and a notice
t() { "$TOWN" --dir "$WORK/town" "$@"; }
t init --name 刘集镇 >/dev/null
{ cat "$here/../../data/demo/members.csv"; echo "LM9001,阿卜杜热合曼·买买提依明·阿卜杜克热木,第二组,0001,1941"; } >"$WORK/roster.csv"
mkdir -p "$WORK/notices"
printf '# 欢迎使用村党群服务中心一体机\n\n镇党委组织办\n' >"$WORK/notices/welcome.md"
mkfs.vfat -C "$WORK/stick.img" 65536 >/dev/null
fusefat -o rw+ "$WORK/stick.img" "$WORK/prep" >/dev/null 2>&1 || skip "this machine has FUSE but may not mount (no permission)"
t setup-stick --village 鲁庙村 --roster "$WORK/roster.csv" --notices "$WORK/notices" --out "$WORK/prep" >"$WORK/setup.out" ||
  fail "township setup-stick: $(cat "$WORK/setup.out")"
for f in township.pub village.ini roster.csv package.ksp; do
  [ -f "$WORK/prep/KIOSK-SETUP/$f" ] || fail "no $f on the setup stick"
done
ls -R "$WORK/prep" | grep -q "township.key" && fail "the township's private key is on the stick"
if grep -rqF "$(tail -c 40 "$WORK/town/township.key" | od -An -tx1 | tr -d ' \n' | head -c 20)" "$WORK/prep" 2>/dev/null; then
  fail "bytes of the private key on the stick"
fi
# a bad roster is refused by the township before anything is written
printf 'name\nx\n' >"$WORK/bad.csv"
if t setup-stick --village 鲁庙村 --roster "$WORK/bad.csv" --out "$WORK" 2>/dev/null; then fail "a bad roster made a setup stick"; fi
[ -e "$WORK/KIOSK-SETUP" ] && fail "a refused setup stick left files"
fusermount -u "$WORK/prep"

# the new kiosk: its setup screen, asking for the stick
e2e_start_x 1920x1080
rm -f "$DUMP"
"$KIOSK_BIN" --ui-dump "$DUMP" --config "$CONF" --db "$DB" &
KIOSK_PID=$!
e2e_wait_screen "$DUMP" setup || fail "a new kiosk did not start on its setup screen ($(e2e_screen "$DUMP"))"
KIOSK_WIN=$(timeout "$E2E_TIMEOUT" xdotool search --sync --limit 1 --pid "$KIOSK_PID")
e2e_text_eventually "$DUMP" "请插入镇党委组织办给的设置U盘" || fail "the setup screen does not ask for the stick"
e2e_has "$DUMP" nav:home && fail "the setup screen offers a way out before the kiosk is set up"
import -window root "$WORK/setup-insert.png" 2>/dev/null || true
mkdir -p "$STICK"
fusefat -o rw+ "$WORK/stick.img" "$STICK" >/dev/null 2>&1 || fail "the stick does not mount"
e2e_text_eventually "$DUMP" "本机将设置为：刘集镇 鲁庙村" || fail "the stick's village is not shown: $(jq -c .texts "$DUMP")"
import -window root "$WORK/setup-pin.png" 2>/dev/null || true

# two PINs that differ: refused, asked again
for d in 1 3 5 7 9 0; do e2e_tap "$DUMP" "key:$d"; done
e2e_text_eventually "$DUMP" "请再输入一次同样的密码" || fail "no second PIN asked"
for d in 1 3 5 7 9 1; do e2e_tap "$DUMP" "key:$d"; done
e2e_text_eventually "$DUMP" "两次输入的不一样，请重新设置" || fail "different PINs were not refused"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM member")" = 0 ] || fail "different PINs configured the kiosk"
# the same twice
for d in 2 4 6 8 0 2 2 4 6 8 0 2; do e2e_tap "$DUMP" "key:$d"; done
e2e_text_eventually "$DUMP" "设置完成" || fail "no 设置完成: $(jq -c .texts "$DUMP")"
import -window root "$WORK/setup-done.png" 2>/dev/null || true

# what the kiosk now holds
n=$(sqlite3 "$DB" "SELECT count(*) FROM member WHERE active")
[ "$n" = $(( $(wc -l <"$WORK/roster.csv") - 1 )) ] || fail "the roster was not taken whole ($n members)"
[ "$(sqlite3 "$DB" "SELECT name FROM member WHERE member_no = 'LM9001'")" = "阿卜杜热合曼·买买提依明·阿卜杜克热木" ] || fail "the long name"
[ "$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'package_version'")" = 1 ] || fail "the first package was not applied"
"$CTL" --config "$CONF" --db "$DB" sync-status >/dev/null || fail "kioskctl on the new database"
grep -q "^village = 鲁庙村$" "$WORK/village.conf" || fail "no village.conf beside the database"
[ "$(stat -c %a "$WORK/village.conf")" = 600 ] || fail "village.conf mode $(stat -c %a "$WORK/village.conf")"
[ -f "$STICK/KIOSK-SETUP/kiosk.pub" ] || fail "the kiosk did not write its public key onto the stick"
cp "$STICK/KIOSK-SETUP/kiosk.pub" "$WORK/kiosk.pub"
t enroll "$WORK/kiosk.pub" --village 鲁庙村 | grep -q "enrolled kiosk" || fail "the township cannot enroll the kiosk's key"

# 开始使用: home, with the village's name; the new PIN opens the admin board
e2e_tap "$DUMP" setup:start
e2e_wait_screen "$DUMP" home || fail "开始使用 did not lead home"
e2e_enter_admin "$DUMP" 246802 || fail "the PIN set on the setup screen does not open the admin board"
# started again, the kiosk is set up: home, not the setup screen
kill "$KIOSK_PID"; wait "$KIOSK_PID" 2>/dev/null || true
KIOSK_PID=
fusermount -u "$STICK"
e2e_start_kiosk "$DUMP" --config "$CONF" --db "$DB" || fail "the set-up kiosk did not start on its home screen"
echo "e2e setup: OK (setup stick made, read, PIN twice with a mismatch first, roster and package taken, key written back and enrolled)"
