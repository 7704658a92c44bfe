#!/usr/bin/env bash
# The README's screenshots (docs/screens/*.png): four screens of the demo
# village at 1920x1080 (home, the name grid with photos, 按姓找, the
# confirmation), taken by the headless UI test (tests/ui/test_ui.c, SDL's
# offscreen driver, no display needed) and shrunk to 960 px wide, 256
# colours, so the repository stays small. Look at them before committing.
# usage: scripts/screenshots.sh [--reuse] [build dir]
#   --reuse: take the shots of the last `ctest -R ui_offscreen` in the build
#            instead of running the UI test again (it takes a minute or two)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
reuse=0
[ "${1:-}" = --reuse ] && { reuse=1; shift; }
B=${1:-$root/build}
out=$root/docs/screens
command -v convert >/dev/null || { echo "error: ImageMagick's convert is missing (scripts/setup.sh --test)" >&2; exit 1; }

if [ "$reuse" = 1 ] && [ -d "$B/tests/ui/shots/1920x1080" ]; then
  shots=$B/tests/ui/shots
else
  cmake -S "$root" -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$B" -j"$(nproc)" --target test_ui >/dev/null
  shots=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-shots.XXXXXX")
  trap 'rm -rf "$shots"' EXIT
  SDL_VIDEODRIVER=offscreen "$B/tests/ui/test_ui" "$root/kiosk.conf" "$shots" "$root/tests/ui/fake_say.sh" \
    "$root/tests/ui/data/real_roster.csv" >/dev/null
fi

mkdir -p "$out"
# README name <- the UI test's shot
for pair in home:01-home grid:02-checkin-all surname:20-surname confirm:05-confirm; do
  name=${pair%%:*} shot=$shots/1920x1080/${pair#*:}.png
  [ -f "$shot" ] || { echo "error: $shot is missing: did the UI test change its shot names?" >&2; exit 1; }
  convert "$shot" -resize 960x -strip +dither -colors 256 -define png:compression-level=9 "PNG8:$out/$name.png"
  printf '%s %s\n' "$(du -k "$out/$name.png" | cut -f1)K" "$out/$name.png"
done
