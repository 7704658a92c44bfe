#!/usr/bin/env bash
# Builds the two Debian packages into dist/ with CPack's DEB generator:
#   dist/village-kiosk_<version>_<arch>.deb     for the village PC
#   dist/township-office_<version>_<arch>.deb   for the township office
# (the version is CMake's project version), then checks them with lintian:
# an error fails the build; the warnings left are explained in README
# (安装, "lintian"). Builds in build-deb/ without the tests, with Debian's
# hardening flags (dpkg-buildflags).
# usage: scripts/package.sh [--no-lintian]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lint=1
for a in "$@"; do
  case $a in
    --no-lintian) lint=0 ;;
    *) echo "usage: $0 [--no-lintian]" >&2; exit 2 ;;
  esac
done
"$root/scripts/setup.sh" --package
B=$root/build-deb
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
export CFLAGS="$(dpkg-buildflags --get CFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
export LDFLAGS="$(dpkg-buildflags --get LDFLAGS)"
# the flags given on the command line: CMake would read the environment's only when build-deb/ is new
cmake -S "$root" -B "$B" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr -DKIOSK_TESTS=OFF \
  -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_EXE_LINKER_FLAGS="$LDFLAGS" >/dev/null
cmake --build "$B" -j"$(nproc)"
mkdir -p "$root/dist"
rm -f "$root"/dist/village-kiosk_*.deb "$root"/dist/township-office_*.deb
rm -f "$B"/cpack/*.deb
(cd "$B" && cpack -G DEB >/dev/null)
cp "$B"/cpack/village-kiosk_*.deb "$B"/cpack/township-office_*.deb "$root/dist/"
ls -l "$root"/dist/*.deb
for deb in "$root"/dist/village-kiosk_*.deb "$root"/dist/township-office_*.deb; do
  [ -f "$deb" ] || { echo "error: no package made ($deb)" >&2; exit 1; }
  dpkg-deb --info "$deb" | sed -n 's/^ \(Package\|Version\|Depends\):/  \1:/p'
done
if [ "$lint" = 1 ]; then
  # --fail-on error: warnings are reported (and explained in README), errors stop us
  lintian --fail-on error --suppress-tags-from-file "$root/packaging/lintian-explained" \
    "$root"/dist/village-kiosk_*.deb "$root"/dist/township-office_*.deb
  echo "lintian: no errors"
fi
