#!/usr/bin/env bash
# The Debian packages on this machine, as root (scripts/test.sh runs this as
# its own step, after both builds; scripts/package.sh made dist/*.deb):
#  1. installs village-kiosk and township-office with apt-get (their Depends
#     come from Debian); the kiosk user, 0700 data directory, a conffile;
#  2. checks every unit with systemd-analyze verify (this works without
#     systemd as PID 1; any complaint fails, except xinit missing for the X
#     switch's unit: xinit is only Suggested);
#  3. checks the udev rule: udevadm test parses every rule (no complaint
#     about ours), and on a loop device with a FAT file system (where the
#     machine allows one) the rule, with its USB-bus match removed, would run
#     stick-mount for it (Debian 12's udevadm has no "verify");
#  4. runs kioskctl from /usr/bin on /etc/village-kiosk/kiosk.conf as the
#     kiosk user: the database and key are made 0600 in /var/lib/village-kiosk,
#     a backup is made; the kiosk itself draws a first frame (offscreen) with
#     fonts found through fontconfig; township as the township user;
#  5. upgrades to a newer version (the same package with its version raised):
#     the edited conffile and the data stay;
#  6. purges both: programs, units and the conffile go; the village's data
#     stays (README: 安装).
# usage: tests/package/test_package.sh [DIST_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dist=${1:-$root/dist}
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "run as root (it installs packages)"
kdeb=$(ls "$dist"/village-kiosk_*.deb | tail -n 1) tdeb=$(ls "$dist"/township-office_*.deb | tail -n 1)
[ -f "$kdeb" ] && [ -f "$tdeb" ] || fail "no packages in $dist: run scripts/package.sh"
version=$(dpkg-deb -f "$kdeb" Version)
work=$(mktemp -d)
loop=
cleanup() {
  [ -n "$loop" ] && losetup -d "$loop" 2>/dev/null || true
  rm -f /run/udev/rules.d/90-village-kiosk-test.rules
  rm -rf "$work"
}
trap cleanup EXIT
export DEBIAN_FRONTEND=noninteractive
# as the kiosk user, with the umask its units give it (UMask=0077)
ask() { runuser -u kiosk -- sh -c 'umask 077; exec "$@"' sh "$@"; }

echo "== install $kdeb $tdeb"
apt-get install -y -qq "$kdeb" "$tdeb" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get install"; }
[ "$(/usr/bin/kiosk --version)" = "kiosk $version" ] || fail "kiosk --version: $(/usr/bin/kiosk --version)"
[ "$(/usr/bin/township --version)" = "township $version" ] || fail "township --version"
uid=$(id -u kiosk) || fail "no kiosk user"
[ "$uid" -lt 1000 ] || fail "kiosk is not a system user ($uid)"
[ "$(stat -c '%a %U %G' /var/lib/village-kiosk)" = "700 kiosk kiosk" ] || fail "/var/lib/village-kiosk: $(stat -c '%a %U %G' /var/lib/village-kiosk)"
dpkg-query -W -f='${Conffiles}\n' village-kiosk | grep -q "/etc/village-kiosk/kiosk.conf" || fail "kiosk.conf is not a conffile"
dpkg-query -W -f='${Conffiles}\n' township-office | grep -q "/etc/default/township-office" || fail "no township conffile"

echo "== systemd-analyze verify"
units=$(dpkg -L village-kiosk township-office | grep -E '^/lib/systemd/system/[^/]+\.(service|timer|path)$')
for u in $units; do
  rc=0
  out=$(systemd-analyze verify "$u" 2>&1) || rc=$?
  if ! command -v xinit >/dev/null; then out=$(printf '%s\n' "$out" | grep -v 'Command /usr/bin/xinit is not executable' || true); fi
  [ -z "$out" ] || fail "systemd-analyze verify $u: $out"
  [ "$rc" = 0 ] || [[ $u == *-x11.service ]] || fail "systemd-analyze verify $u failed ($rc)"
  echo "  $u: ok"
done

echo "== udev rule"
rule=/lib/udev/rules.d/90-village-kiosk-usb.rules
[ -f "$rule" ] || fail "no udev rule"
udevadm test /sys/class/net/lo >"$work/udev.log" 2>&1 || true
grep -q "Reading rules file: $rule\|Reading rules file: /usr$rule" "$work/udev.log" || fail "udevadm did not read the rule"
grep -i "90-village-kiosk" "$work/udev.log" | grep -iE "invalid|error|unknown|fail" && fail "udevadm complains about the rule"
if truncate -s 8M "$work/stick.img" && mkfs.vfat -n VILLAGE "$work/stick.img" >/dev/null 2>&1 &&
   loop=$(losetup -f --show "$work/stick.img" 2>/dev/null); then
  mkdir -p /run/udev/rules.d
  sed 's/ENV{ID_BUS}=="usb", //' "$rule" >/run/udev/rules.d/90-village-kiosk-test.rules
  udevadm test "/sys/class/block/$(basename "$loop")" >"$work/udev-loop.log" 2>&1 || true
  grep -q "run: '/usr/libexec/village-kiosk/stick-mount $loop'" "$work/udev-loop.log" ||
    fail "the rule would not mount a FAT stick: $(grep -E 'ID_FS|run:' "$work/udev-loop.log")"
  rm -f /run/udev/rules.d/90-village-kiosk-test.rules /dev/disk/by-label/VILLAGE
  echo "  on $loop (FAT): would run stick-mount"
else
  loop=
  echo "  no loop device here: the rule parsed, the match was not tried"
fi

echo "== kioskctl and the kiosk as the kiosk user"
conf=/etc/village-kiosk/kiosk.conf
ask /usr/bin/kioskctl --config $conf init >"$work/init.out" || fail "kioskctl init as kiosk: $(cat "$work/init.out")"
for f in /var/lib/village-kiosk/kiosk.db /var/lib/village-kiosk/kiosk.key; do
  [ "$(stat -c '%a %U' "$f")" = "600 kiosk" ] || fail "$f: $(stat -c '%a %U' "$f")"
done
ask /usr/bin/kioskctl --config $conf sync-status | grep -q "^kiosk " || fail "kioskctl sync-status"
ask /usr/bin/kioskctl --config $conf backup >/dev/null || fail "kioskctl backup as kiosk"
ls /var/lib/village-kiosk/backup/daily-*.db >/dev/null || fail "no backup made"
if runuser -u nobody -- /usr/bin/kioskctl --config $conf sync-status >/dev/null 2>&1; then
  fail "another user can read the kiosk's database"
fi
ask env SDL_VIDEODRIVER=offscreen KIOSK_EXIT_AFTER_FIRST_FRAME=1 KIOSK_NO_WATCH=1 /usr/bin/kiosk --config $conf \
  >"$work/kiosk.out" 2>&1 || fail "the installed kiosk did not draw (fonts through fontconfig?): $(cat "$work/kiosk.out")"
runuser -u township -- /usr/bin/township --dir /var/lib/township-office init --name 刘集镇 >/dev/null 2>&1 ||
  [ -f /var/lib/township-office/township.db ] || fail "township init as township"
runuser -u township -- /usr/bin/township --dir /var/lib/township-office backup >/dev/null || fail "township backup"

echo "== upgrade to a newer version keeps the config and the data"
echo "; edited by the village keeper" >>$conf
seq=$(sqlite3 /var/lib/village-kiosk/kiosk.db "SELECT value FROM meta WHERE key = 'kiosk_id'")
dpkg-deb -R "$kdeb" "$work/newer"
sed -i "s/^Version: .*/Version: $version.1/" "$work/newer/DEBIAN/control"
dpkg-deb -b --root-owner-group "$work/newer" "$work/village-kiosk_newer.deb" >/dev/null
apt-get install -y -qq "$work/village-kiosk_newer.deb" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "upgrade"; }
[ "$(dpkg-query -W -f='${Version}' village-kiosk)" = "$version.1" ] || fail "not upgraded"
grep -q "edited by the village keeper" $conf || fail "the upgrade lost the edited kiosk.conf"
[ "$(sqlite3 /var/lib/village-kiosk/kiosk.db "SELECT value FROM meta WHERE key = 'kiosk_id'")" = "$seq" ] || fail "the upgrade lost the data"
[ "$(stat -c '%a %U' /var/lib/village-kiosk/kiosk.db)" = "600 kiosk" ] || fail "the upgrade changed the database's mode"

echo "== purge"
apt-get purge -y -qq village-kiosk township-office >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "purge"; }
for f in /usr/bin/kiosk /usr/bin/kioskctl /usr/bin/township /etc/village-kiosk/kiosk.conf \
         /lib/systemd/system/village-kiosk.service $rule /etc/systemd/system/multi-user.target.wants/village-kiosk.service; do
  [ -e "$f" ] && fail "$f is still there after purge"
done
[ -f /var/lib/village-kiosk/kiosk.db ] || fail "purge removed the village's data (it is kept on purpose)"
rm -rf /var/lib/village-kiosk /var/lib/township-office # this machine's test data
echo "packages: OK (install, units verified, udev rule, kioskctl as kiosk, upgrade keeps config and data, purge)"
