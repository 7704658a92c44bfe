#!/usr/bin/env bash
# Sync by a real stick: a FAT file system in an image, mounted with FUSE
# (fusefat), as a village secretary's stick would be. A bundle exported to
# it (no temporary file left), imported by the township from it, the
# acknowledgement written back to it and applied; then a tiny stick that
# fills up mid-export: no file under a final name, the mark unmoved.
# The rest of the exchange is test_sync.sh's, on a plain directory.
# Exits 77 (ctest: Skipped) where FUSE is missing or may not mount.
# usage: test_stick.sh KIOSKCTL TOWNSHIP KIOSK_CONF WORK_DIR
set -euo pipefail
CTL=$1 TOWN=$2 CONF=$3 WORK=$4
rm -rf "$WORK" && mkdir -p "$WORK"
cd "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }
k() { "$CTL" --config "$CONF" --db "$WORK/kiosk.db" "$@"; }
t() { "$TOWN" --dir "$WORK/town" "$@"; }
q() { sqlite3 "$1" "$2"; }
STICK=$WORK/stick MNT=
cleanup() { [ -n "$MNT" ] && fusermount -u "$MNT" 2>/dev/null || true; }
trap cleanup EXIT
# mount IMAGE: the image as the stick
mount_stick() { fusefat -o rw+ "$1" "$STICK" >/dev/null 2>&1 && MNT=$STICK; }
unmount_stick() { fusermount -u "$STICK"; MNT=; }

if ! [ -c /dev/fuse ] || ! command -v fusefat >/dev/null || ! command -v mkfs.vfat >/dev/null; then
  skip "no FUSE (fusefat, /dev/fuse) here"
fi
mkdir -p "$STICK"
mkfs.vfat -C stick.img 65536 >/dev/null
mount_stick stick.img || skip "this machine has FUSE but may not mount (no permission)"

t init --name 刘集镇 >/dev/null
k demo >/dev/null
k pubkey --out kiosk.pub >/dev/null 2>&1
KID=$(q kiosk.db "SELECT value FROM meta WHERE key = 'kiosk_id'")
t enroll kiosk.pub --village 鲁庙村 >/dev/null
k trust town/township.pub >/dev/null

# export -> township import, from the stick -> ack on the stick -> apply
k export --out "$STICK" >export.out
b1=$(sed -n 's/.* to \(.*\.ksb\), .*/\1/p' export.out)
[ -f "$b1" ] || fail "no bundle on the stick: $(cat export.out)"
ls -a "$STICK" | grep -q '\.part$\|^\.kiosk-tmp-' && fail "a temporary file was left on the stick"
n1=$(sed -n 's/^exported \([0-9]*\) records.*/\1/p' export.out)
[ "$n1" -gt 100 ] || fail "too few records: $n1"
t import "$b1" | grep -q "total: $n1 new, 0 duplicate, 0 rejected" || fail "import from the stick"
t ack "$KID" --out "$STICK" >/dev/null
k apply "$STICK"/ack-*.ksa | grep -q "acknowledged up to seq" || fail "ack apply from the stick"
[ "$(q kiosk.db "SELECT value FROM meta WHERE key = 'acked_seq'")" = "$(q kiosk.db "SELECT value FROM meta WHERE key = 'seq'")" ] \
  || fail "the acknowledgement did not cover every record"
unmount_stick

# a stick that fills up mid-export: no file under a final name, nothing moved
k checkin LM0001 >/dev/null
mkfs.vfat -C tiny.img 64 >/dev/null
mount_stick tiny.img || fail "the tiny stick does not mount"
dd if=/dev/urandom of="$STICK/filler" bs=1k count=40 2>/dev/null || true
ackBefore=$(q kiosk.db "SELECT value FROM meta WHERE key = 'acked_seq'")
if k export --all --out "$STICK" >out 2>err; then fail "an export to a full stick succeeded"; fi
grep -q "cannot" err || fail "no clear refusal: $(cat err)"
ls "$STICK" | grep -q '\.ksb$' && fail "an incomplete bundle under a final name"
[ "$(q kiosk.db "SELECT value FROM meta WHERE key = 'acked_seq'")" = "$ackBefore" ] || fail "a failed export moved the mark"
unmount_stick
echo "stick: OK (FAT over FUSE: export, import, ack; a full stick refused cleanly)"
