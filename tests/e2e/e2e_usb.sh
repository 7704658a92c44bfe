#!/usr/bin/env bash
# End to end: the kiosk and the township, by stick and by LAN. The real
# kiosk in Xvfb, a real FAT image mounted with FUSE under the kiosk's USB
# root as the stick, real clicks.
#  - LAN: kiosk.conf names a township hub on loopback; the kiosk's
#    background syncer pushes its records without anyone touching it, and
#    the admin board says nothing is left to report.
#  - USB: a stick carrying a township package is plugged in; the kiosk
#    notices (poll on mountinfo), applies it and says so; the secretary taps
#    导出数据, types the PIN, and the kiosk writes the bundle and the month's
#    workbook, and only then says 导出完成，可以拔出U盘; the township imports
#    the bundle from the stick.
# Skips (exit 0 with SKIP) where FUSE is missing.
# usage: e2e_usb.sh KIOSK_BIN KIOSKCTL KIOSK_CONF WORK_DIR TOWNSHIP_BIN
set -euo pipefail
KIOSK_BIN=$1 CTL=$2 CONF0=$3 WORK=$4 TOWN=$5
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
e2e_setup "$WORK"
if ! [ -c /dev/fuse ] || ! command -v fusefat >/dev/null || ! command -v mkfs.vfat >/dev/null; then
  echo "SKIP: no FUSE (fusefat, /dev/fuse) here"; exit 0
fi
MEDIA=$WORK/media STICK=$WORK/media/STICK HUB=
mkdir -p "$MEDIA" "$WORK/prep"
cleanup() {
  fusermount -u "$STICK" 2>/dev/null || true
  fusermount -u "$WORK/prep" 2>/dev/null || true
  [ -n "$HUB" ] && kill "$HUB" 2>/dev/null || true
  e2e_stop
}
trap cleanup EXIT
# the hub, then the kiosk: it syncs by itself
e2e_township_kiosk
printf '\n[usb]\nroots = %s\n' "$MEDIA" >>"$CONF"
e2e_start_x 1920x1080
e2e_start_kiosk "$DUMP" --config "$CONF" --db "$DB"
last=$(q "SELECT value FROM meta WHERE key = 'seq'")
for _ in $(seq 100); do
  [ "$(q "SELECT value FROM meta WHERE key = 'acked_seq'" 2>/dev/null)" = "$last" ] && break
  sleep 0.2
done
[ "$(q "SELECT value FROM meta WHERE key = 'acked_seq'")" = "$last" ] || fail "the kiosk did not sync by itself: $(cat "$WORK/hub.log")"
kid=$(q "SELECT value FROM meta WHERE key = 'kiosk_id'")
[ "$(sqlite3 "$WORK/town/township.db" "SELECT count(*) FROM checkin WHERE kiosk_id = '$kid'")" = "$(q "SELECT count(*) FROM checkin")" ] \
  || fail "the township does not hold the kiosk's check-ins"

# a stick with a township package on it (filled before it is "plugged in")
printf '# 镇党委关于做好冬季取暖安全的通知\n\n请各村党员入户检查独居老人家中的煤炉和电线。\n' >"$WORK/fire.md"
mkdir -p "$WORK/notices" && cp "$WORK/fire.md" "$WORK/notices/"
t package --notices "$WORK/notices" --categories "环境整治,关爱帮扶,其他" --out "$WORK/p1.ksp" >/dev/null
mkfs.vfat -C "$WORK/stick.img" 65536 >/dev/null
if ! fusefat -o rw+ "$WORK/stick.img" "$WORK/prep" >/dev/null 2>&1; then
  echo "SKIP: this machine has FUSE but may not mount (no permission); the LAN part passed"; exit 0
fi
mkdir -p "$WORK/prep/KIOSK" && cp "$WORK/p1.ksp" "$WORK/prep/KIOSK/"
fusermount -u "$WORK/prep"
e2e_tap "$DUMP" nav:home 2>/dev/null || true
e2e_wait_screen "$DUMP" home
mkdir -p "$STICK"
fusefat -o rw+ "$WORK/stick.img" "$STICK" >/dev/null 2>&1
e2e_wait_screen "$DUMP" usb 10 || fail "the kiosk did not notice the stick"
# the worker reads the stick while the screen says 正在读取U盘; then the news
for _ in $(seq 300); do e2e_text "$DUMP" "已收到镇里的更新（第1版）：通知1条、党员0人、活动0个" && break; sleep 0.1; done
e2e_text "$DUMP" "已收到镇里的更新（第1版）：通知1条、党员0人、活动0个" || fail "the package was not applied: $(jq -c .texts "$DUMP")"
[ "$(q "SELECT value FROM meta WHERE key = 'package_version'")" = 1 ] || fail "package version not stored"
import -window root "$WORK/usb.png" 2>/dev/null || true

# 导出数据: the PIN, then the export, then the words
before=$(q "SELECT value FROM meta WHERE key = 'acked_seq'")
"$CTL" --config "$CONF" --db "$DB" checkin LM0031 >/dev/null
e2e_tap "$DUMP" export
e2e_wait_screen "$DUMP" pin
for d in 2 4 0 9 1 7; do e2e_tap "$DUMP" "key:$d"; done
e2e_wait_screen "$DUMP" usb_export
for _ in $(seq 50); do e2e_text "$DUMP" "导出完成，可以拔出U盘" && break; sleep 0.2; done
e2e_text "$DUMP" "导出完成，可以拔出U盘" || fail "no 导出完成: $(jq -c .texts "$DUMP")"
import -window root "$WORK/exported.png" 2>/dev/null || true
ls "$STICK"/KIOSK/*.ksb >/dev/null || fail "no bundle on the stick"
ls "$STICK"/KIOSK/*.xlsx >/dev/null || fail "no workbook on the stick"
ls "$STICK"/KIOSK | grep -q '\.part$' && fail "a temporary file left on the stick"
[ "$(q "SELECT value FROM meta WHERE key = 'acked_seq'")" = "$before" ] || fail "the export moved the high-water mark"
cp "$STICK"/KIOSK/*.ksb "$WORK/from-stick.ksb"
fusermount -u "$STICK"   # pulled out
sleep 0.5
kill "$HUB"; HUB=
t import "$WORK/from-stick.ksb" | grep -q "total: 1 new" || fail "the township could not import the stick's bundle"
echo "e2e usb: OK (LAN sync by itself; stick noticed, package applied, export with PIN, township import)"
