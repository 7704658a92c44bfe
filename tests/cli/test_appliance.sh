#!/usr/bin/env bash
# The appliance's parts that run without installing anything:
#  - every program's --version is CMake's project version;
#  - the kiosk with no display exits with a clear message (SDL's offscreen
#    driver only when asked for, as the tests do);
#  - it tells systemd it is ready after its first frame and feeds the
#    watchdog from its idle loop (a stand-in for systemd's notify socket);
#  - stick-mount (run by udev) mounts at /media/usb-<label> with the kiosk
#    user's uid/gid/umask, a hostile label cut down to safe characters;
#    stick-eject asks (as the kiosk) and unmounts (as root) only
#    /media/usb-* mount points; systemd-mount/-umount are stand-ins here;
#  - kioskctl backup keeps the newest N, restore refuses bad files and
#    changes nothing, brings a copy back and keeps the replaced database;
#    township backup.
# The packages themselves are tested by tests/package/test_package.sh
# (installs them; scripts/test.sh runs it as a separate step).
# usage: test_appliance.sh KIOSK KIOSKCTL TOWNSHIP KIOSK_CONF VERSION PACKAGING_DIR WORK_DIR
set -euo pipefail
KIOSK=$1 CTL=$2 TOWN=$3 CONF=$4 VERSION=$5 PKG=$6 WORK=$7
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }
k() { "$CTL" --config "$CONF" --db "$WORK/kiosk.db" "$@"; }

# --version, from one place
[ "$("$KIOSK" --version)" = "kiosk $VERSION" ] || fail "kiosk --version: $("$KIOSK" --version)"
[ "$("$CTL" --version)" = "kioskctl $VERSION" ] || fail "kioskctl --version"
[ "$("$TOWN" --version)" = "township $VERSION" ] || fail "township --version"

# no display: a clear message and exit 1, not a black screen
if env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER KIOSK_NO_WATCH=1 timeout 60 "$KIOSK" --config "$CONF" \
     --db "$WORK/nodisplay.db" >out 2>err; then
  fail "the kiosk ran with no display"
fi
grep -q "no display" err || fail "no clear message without a display: $(cat err)"
SDL_VIDEODRIVER=offscreen KIOSK_EXIT_AFTER_FIRST_FRAME=1 KIOSK_NO_WATCH=1 timeout 120 "$KIOSK" --config "$CONF" \
  --db "$WORK/nodisplay.db" 2>err || fail "the offscreen driver, asked for, did not run: $(cat err)"

# systemd's notify protocol: READY=1 after the first frame, WATCHDOG=1 from
# the event loop while it idles (WatchdogSec=2: fed at least every second).
# A listener on a datagram socket (perl-base, always on Debian) stands in
# for systemd; it writes what it got, one message a line.
perl -MIO::Socket::UNIX -e '
  my $s = IO::Socket::UNIX->new(Type => SOCK_DGRAM(), Local => $ARGV[0]) or die "socket: $!";
  open(my $o, ">", $ARGV[1]) or die; $| = 1; select($o); $| = 1;
  while (defined $s->recv(my $m, 4096)) { print $o "$m\n"; }' "$WORK/notify.sock" "$WORK/notify.txt" &
listener=$!
for _ in $(seq 100); do [ -S "$WORK/notify.sock" ] && break; sleep 0.1; done
SDL_VIDEODRIVER=offscreen KIOSK_NO_WATCH=1 NOTIFY_SOCKET="$WORK/notify.sock" WATCHDOG_USEC=2000000 \
  "$KIOSK" --config "$CONF" --db "$WORK/nodisplay.db" 2>/dev/null &
kpid=$!
ready() { grep -q '^READY=1$' "$WORK/notify.txt" 2>/dev/null && [ "$(grep -c '^WATCHDOG=1$' "$WORK/notify.txt")" -ge 3 ]; }
for _ in $(seq 600); do ready && break; sleep 0.1; done
kill "$kpid" "$listener" 2>/dev/null || true
wait "$kpid" "$listener" 2>/dev/null || true
ready || fail "no READY=1 and three WATCHDOG=1 from an idle kiosk: $(cat "$WORK/notify.txt" 2>/dev/null)"
[ "$(head -n 1 "$WORK/notify.txt")" = READY=1 ] || fail "the watchdog was fed before the kiosk was ready"

# stick-mount with a stand-in systemd-mount that records its arguments
mkdir -p bin
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >"%s/mount.args"\n' "$WORK" >bin/systemd-mount
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >"%s/umount.args"\n' "$WORK" >bin/systemd-umount
chmod 755 bin/*
me=$(id -un)
mnt() { env PATH="$WORK/bin:$PATH" KIOSK_USER="$me" ID_FS_TYPE=vfat "$@" "$PKG/kiosk/stick-mount" /dev/sdz1; }
mnt ID_FS_LABEL=VILLAGE
[ "$(tail -n 1 mount.args)" = /media/usb-VILLAGE ] || fail "stick-mount: $(cat mount.args)"
grep -qx /dev/sdz1 mount.args || fail "stick-mount did not pass the device"
grep -q "^--options=uid=$(id -u),gid=$(id -g),umask=0077," mount.args || fail "stick-mount options: $(cat mount.args)"
grep -qx -- --no-block mount.args || fail "stick-mount may block udev"
mnt ID_FS_LABEL='../../etc x;rm -rf /' ID_FS_TYPE=exfat
[ "$(tail -n 1 mount.args)" = "/media/usb-stick.._.._etc_x_rm_-rf__" ] || fail "a hostile label: $(tail -n 1 mount.args)"
mnt ID_FS_LABEL='-rf'
[ "$(tail -n 1 mount.args)" = /media/usb-stick-rf ] || fail "a label starting with -: $(tail -n 1 mount.args)"
mnt ID_FS_LABEL='U盘' ID_FS_UUID=1234-ABCD
[ "$(tail -n 1 mount.args)" = /media/usb-U___ ] || fail "a Chinese label: $(tail -n 1 mount.args)"
mnt ID_FS_LABEL= ID_FS_UUID=1234-ABCD
[ "$(tail -n 1 mount.args)" = /media/usb-1234-ABCD ] || fail "no label: $(tail -n 1 mount.args)"
mnt ID_FS_LABEL="$(printf 'A%.0s' $(seq 200))"
[ "$(tail -n 1 mount.args | wc -c)" -le 45 ] || fail "a long label is not cut"
if env PATH="$WORK/bin:$PATH" KIOSK_USER="$me" "$PKG/kiosk/stick-mount" sdz1 2>/dev/null; then fail "stick-mount took a non-device"; fi

# stick-eject: the kiosk's request, then root's unmount of /media/usb-* only
ej() { env PATH="$WORK/bin:$PATH" KIOSK_EJECT_REQUEST="$WORK/eject" "$PKG/kiosk/stick-eject" "$@"; }
ej -- /media/usb-VILLAGE # as the kiosk runs it: "--", then the mount point
[ "$(cat eject)" = /media/usb-VILLAGE ] || fail "stick-eject did not ask"
ej --as-root
[ "$(cat umount.args)" = /media/usb-VILLAGE ] || fail "stick-eject --as-root: $(cat umount.args 2>/dev/null)"
[ -e eject ] && fail "the request was not consumed"
for bad in /etc /media/usb-../../etc "/media/usb-a b" /media/other /; do
  rm -f umount.args
  ej "$bad"
  if ej --as-root 2>/dev/null; then fail "stick-eject unmounted $bad"; fi
  [ -e umount.args ] && fail "stick-eject called systemd-umount for $bad"
done
ej --as-root # no request: nothing to do

# kioskctl backup and restore
k demo >/dev/null
for _ in 1 2 3; do k backup --keep 2 >out || fail "backup: $(cat out)"; done
grep -q "backed up to $WORK/backup/daily-" out || fail "backup says: $(cat out)"
[ "$(ls backup | grep -c '^daily-')" = 2 ] || fail "backup --keep 2 kept $(ls backup)"
[ "$(stat -c %a backup)" = 700 ] || fail "backup directory mode $(stat -c %a backup)"
for f in backup/*; do [ "$(stat -c %a "$f")" = 600 ] || fail "backup file mode $f"; done
for keep in 0 -1 x 1001 ''; do
  if k backup --keep "$keep" 2>err; then fail "backup --keep '$keep' accepted"; fi
done
good=$(ls backup/daily-* | tail -n 1)
seq0=$(sqlite3 kiosk.db "SELECT value FROM meta WHERE key = 'seq'")
k checkin LM0031 >/dev/null
seq1=$(sqlite3 kiosk.db "SELECT value FROM meta WHERE key = 'seq'")
head -c 3000 "$good" >truncated.db
printf 'not a database\0\0' >garbage.db
cp garbage.db ./-rf.db
"$CTL" --config "$CONF" --db "$WORK/other.db" init >/dev/null
for bad in truncated.db garbage.db ./-rf.db other.db missing.db /; do
  if k restore "$bad" >out 2>err; then fail "restore took $bad"; fi
  grep -q "Nothing was changed\|usage" err || fail "restore $bad: $(cat err)"
done
grep -q "belongs to kiosk" <(k restore other.db 2>&1) || fail "another kiosk's database: no reason given"
[ "$(sqlite3 kiosk.db "SELECT value FROM meta WHERE key = 'seq'")" = "$seq1" ] || fail "a refused restore changed the database"
ls backup | grep -q pre-restore && fail "a refused restore made a copy"
k restore "$good" >out || fail "restore: $(cat out)"
[ "$(sqlite3 kiosk.db "SELECT value FROM meta WHERE key = 'seq'")" = "$seq0" ] || fail "restore did not bring the copy back"
saved=$(ls backup/pre-restore-*)
[ "$(sqlite3 "$saved" "SELECT value FROM meta WHERE key = 'seq'")" = "$seq1" ] || fail "the replaced database was not kept"

# township backup
"$TOWN" --dir "$WORK/town" init --name 刘集镇 >/dev/null
"$TOWN" --dir "$WORK/town" backup >out || fail "township backup: $(cat out)"
[ "$(ls town/backup | grep -c '^daily-')" = 1 ] || fail "township backup: $(ls town/backup)"
if "$TOWN" --dir "$WORK/town" backup --keep 0 2>/dev/null; then fail "township backup --keep 0 accepted"; fi
echo "appliance: OK (versions, no display, stick-mount/eject, backup and restore)"
