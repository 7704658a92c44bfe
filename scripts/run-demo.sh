#!/usr/bin/env bash
# Quick start 1: installs what is missing, builds, and runs the kiosk on the
# embedded demo village (fullscreen, as kiosk.conf says). Extra arguments go
# to the kiosk, e.g. --windowed to run it in a window on a desk.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$root/build" -j"$(nproc)" --target kiosk kioskctl
exec "$root/build/kiosk" --config "$root/kiosk.conf" "$@"
