#!/usr/bin/env bash
# Installs the Debian 12 packages the kiosk needs, and only those missing.
#   scripts/setup.sh          what building and running the kiosk needs
#   scripts/setup.sh --test   also what the tests need (Xvfb, xdotool, ...)
#   scripts/setup.sh --bench  also what the benchmarks need
#   scripts/setup.sh --stress also what scripts/stress-test.sh needs
#   scripts/setup.sh --package also what scripts/package.sh needs
# Runs apt-get as root (directly, or through sudo when not root).
set -euo pipefail

build=(build-essential cmake pkg-config
       libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev
       libsqlite3-dev libqrencode-dev libinih-dev libsodium-dev libcairo2-dev
       fonts-noto-cjk fonts-babelstone-han fonts-hanazono
       unicode-data bzip2 espeak-ng
       libxlsxwriter-dev libmicrohttpd-dev libcurl4-openssl-dev
       libjpeg-dev libpng-dev libfontconfig-dev libsystemd-dev)
tests=(xvfb xauth xdotool x11-utils imagemagick jq sqlite3 poppler-utils zbar-tools
       fusefat dosfstools unzip
       libreoffice-calc-nogui zip libxml2-utils
       dpkg-dev fakeroot file lintian systemd udev adduser
       clang libclang-rt-14-dev)
bench=(xvfb xdotool jq sqlite3 bc)
stress=(stress-ng)
package=(dpkg-dev fakeroot file lintian)

want=("${build[@]}")
for a in "$@"; do
  case $a in
    --test) want+=("${tests[@]}") ;;
    --bench) want+=("${bench[@]}") ;;
    --stress) want+=("${stress[@]}") ;;
    --package) want+=("${package[@]}") ;;
    *) echo "usage: $0 [--test] [--bench] [--stress] [--package]" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${want[@]}"; do
  st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$st" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
sudo=
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "error: run as root, or install sudo" >&2; exit 1; }
  sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
