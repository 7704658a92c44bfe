#!/usr/bin/env bash
# End to end: the kiosk and the township, by LAN or by stick, in two parts
# that ctest runs as two entries (e2e_usb_lan, e2e_usb_stick) so that a
# machine without FUSE still runs the LAN part. The real kiosk in Xvfb, real
# clicks.
#  - lan: kiosk.conf names a township hub on loopback; the kiosk's
#    background syncer pushes its records without anyone touching it, and
#    the admin board says nothing is left to report.
#  - stick: a real FAT image mounted with FUSE under the kiosk's USB root
#    carries a township package; the kiosk notices (poll on mountinfo),
#    applies it and says so; the secretary taps 导出数据, types the PIN, and
#    the kiosk writes the bundle and the month's workbook, unmounts the stick
#    ([usb] eject_command, here fusermount -u as the package's stick-eject
#    would ask systemd), and only then says 导出完成，可以拔出U盘; the
#    township imports the bundle from the stick and then holds every
#    check-in the kiosk has.
# The stick part exits 77 (ctest: Skipped) where FUSE is missing or may not
# mount; nothing else skips.
# usage: e2e_usb.sh KIOSK_BIN KIOSKCTL KIOSK_CONF WORK_DIR TOWNSHIP_BIN lan|stick
set -euo pipefail
KIOSK_BIN=$1 CTL=$2 CONF0=$3 WORK=$4 TOWN=$5 PART=${6:-}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
e2e_setup "$WORK"
case $PART in lan | stick) ;; *) fail "usage: e2e_usb.sh KIOSK_BIN KIOSKCTL KIOSK_CONF WORK_DIR TOWNSHIP_BIN lan|stick" ;; esac
MEDIA=$WORK/media STICK=$WORK/media/STICK HUB=
mkdir -p "$MEDIA" "$WORK/prep"
cleanup() {
  while fusermount -u "$STICK" 2>/dev/null; do :; done # stacked mounts too, after a failure
  fusermount -u "$WORK/prep" 2>/dev/null || true
  [ -n "$HUB" ] && kill "$HUB" 2>/dev/null || true
  e2e_stop
}
trap cleanup EXIT
# a township and the kiosk trusting each other; the LAN part with the hub
if [ "$PART" = lan ]; then e2e_township_kiosk; else e2e_township_kiosk --no-hub; fi
printf '\n[usb]\nroots = %s\n' "$MEDIA" >>"$CONF"
kid=$(q "SELECT value FROM meta WHERE key = 'kiosk_id'")

if [ "$PART" = lan ]; then
  # the hub is up; then the kiosk: it syncs by itself
  e2e_start_x 1920x1080
  e2e_start_kiosk "$DUMP" --config "$CONF" --db "$DB"
  last=$(q "SELECT value FROM meta WHERE key = 'seq'")
  e2e_until "$E2E_TIMEOUT" e2e_sql_is "$DB" "SELECT value FROM meta WHERE key = 'acked_seq'" "$last" ||
    fail "the kiosk did not sync by itself: $(cat "$WORK/hub.log")"
  [ "$(sqlite3 "$WORK/town/township.db" "SELECT count(*) FROM checkin WHERE kiosk_id = '$kid'")" = "$(q "SELECT count(*) FROM checkin")" ] \
    || fail "the township does not hold the kiosk's check-ins"
  e2e_enter_admin "$DUMP" 240917 || fail "could not open the admin board"
  all_reported() { [ -n "$(e2e_text_like "$DUMP" '还有 0 条没有上报')" ]; }
  e2e_until "$E2E_TIMEOUT" all_reported ||
    fail "the admin board does not say everything is reported: $(e2e_text_like "$DUMP" '^数据上报')"
  echo "e2e usb (lan): OK (the kiosk synced $last records by itself; the board says none is left)"
  exit 0
fi

# the stick: FUSE, or skip (ctest counts it as skipped, not passed)
if ! [ -c /dev/fuse ] || ! command -v fusefat >/dev/null || ! command -v mkfs.vfat >/dev/null; then
  skip "no FUSE (fusefat, /dev/fuse) here"
fi
# a stick with a township package on it (filled before it is "plugged in")
printf '# 镇党委关于做好冬季取暖安全的通知\n\n请各村党员入户检查独居老人家中的煤炉和电线。\n' >"$WORK/fire.md"
mkdir -p "$WORK/notices" && cp "$WORK/fire.md" "$WORK/notices/"
t package --notices "$WORK/notices" --categories "环境整治,关爱帮扶,其他" --out "$WORK/p1.ksp" >/dev/null
mkfs.vfat -C "$WORK/stick.img" 65536 >/dev/null
fusefat -o rw+ "$WORK/stick.img" "$WORK/prep" >/dev/null 2>&1 || skip "this machine has FUSE but may not mount (no permission)"
mkdir -p "$WORK/prep/KIOSK" && cp "$WORK/p1.ksp" "$WORK/prep/KIOSK/"
fusermount -u "$WORK/prep"

printf 'eject_command = fusermount -u\n' >>"$CONF" # the [usb] section is the last one
e2e_start_x 1920x1080
e2e_start_kiosk "$DUMP" --config "$CONF" --db "$DB"
mkdir -p "$STICK"
fusefat -o rw+ "$WORK/stick.img" "$STICK" >/dev/null 2>&1 || fail "the stick mounted once but not twice"
e2e_wait_screen "$DUMP" usb || fail "the kiosk did not notice the stick"
e2e_text_eventually "$DUMP" "已收到镇里的更新（第1版）：通知1条、党员0人、活动0个" || fail "the package was not applied: $(jq -c .texts "$DUMP")"
[ "$(q "SELECT value FROM meta WHERE key = 'package_version'")" = 1 ] || fail "package version not stored"
import -window root "$WORK/usb.png" 2>/dev/null || true

# 导出数据: the PIN, then the export, then the words
before=$(q "SELECT value FROM meta WHERE key = 'acked_seq'")
"$CTL" --config "$CONF" --db "$DB" checkin LM0031 >/dev/null
e2e_tap "$DUMP" export
e2e_wait_screen "$DUMP" pin
for d in 2 4 0 9 1 7; do e2e_tap "$DUMP" "key:$d"; done
e2e_wait_screen "$DUMP" usb_export
e2e_text_eventually "$DUMP" "导出完成，可以拔出U盘" || fail "no 导出完成: $(jq -c .texts "$DUMP")"
import -window root "$WORK/exported.png" 2>/dev/null || true
# 可以拔出U盘 is true: the kiosk has unmounted it; look at it again read-only,
# outside the kiosk's USB root (so the kiosk does not read it meanwhile)
grep -q " $STICK " /proc/self/mountinfo && fail "导出完成 said, but the stick is still mounted"
fusefat -o ro "$WORK/stick.img" "$WORK/prep" >/dev/null 2>&1 || fail "the exported stick does not mount again"
ls "$WORK/prep"/KIOSK/*.ksb >/dev/null || fail "no bundle on the stick"
ls "$WORK/prep"/KIOSK/*.xlsx >/dev/null || fail "no workbook on the stick"
ls -a "$WORK/prep"/KIOSK | grep -q '\.part$\|^\.kiosk-tmp-' && fail "a temporary file left on the stick"
[ "$(q "SELECT value FROM meta WHERE key = 'acked_seq'")" = "$before" ] || fail "the export moved the high-water mark"
cp "$WORK/prep"/KIOSK/*.ksb "$WORK/from-stick.ksb"
fusermount -u "$WORK/prep"
t import "$WORK/from-stick.ksb" | grep -q "total: [1-9][0-9]* new, 0 duplicate, 0 rejected" || fail "the township could not import the stick's bundle"
[ "$(sqlite3 "$WORK/town/township.db" "SELECT count(*) FROM checkin WHERE kiosk_id = '$kid'")" = "$(q "SELECT count(*) FROM checkin")" ] \
  || fail "the township does not hold every check-in of the kiosk"
[ "$(sqlite3 "$WORK/town/township.db" "SELECT count(*) FROM checkin WHERE kiosk_id = '$kid' AND member_no = 'LM0031' AND operator <> 'demo'")" = 1 ] \
  || fail "the check-in made just before the export is not in the bundle"
echo "e2e usb (stick): OK (stick noticed, package applied, export with PIN, township import)"
