#!/usr/bin/env bash
# CPU while idle on the home screen without X: SDL's offscreen driver, the
# same path as KMSDRM on the console (neither has a blocking wait in SDL, so
# SDL_WaitEventTimeout sleeps 1 ms and polls again). Measured twice over
# SECONDS: with the kiosk's own wait (app/ui/waiter.c, poll() on an eventfd
# and the input devices) and with SDL's (KIOSK_SDL_WAIT=1), from the
# process's utime + stime in /proc. Also counts wake-ups (voluntary context
# switches of the UI thread). Target: <= 0.5 % (as under X).
# usage: bench/idle.sh [SECONDS] [BUILD_DIR]   (defaults: 30, build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sec=${1:-30} B=${2:-$root/build}
[ -x "$B/kiosk" ] || { echo "error: no $B/kiosk: build first" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/idle.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
switches() { awk '/^voluntary_ctxt_switches/ {print $2}' "/proc/$1/task/$1/status"; }

# one run: prints "cpu% wakeups/s"
measure() {
  env "$@" SDL_VIDEODRIVER=offscreen KIOSK_NO_WATCH=1 "$B/kiosk" --config "$root/kiosk.conf" --db "$work/kiosk.db" \
    --ui-dump "$work/ui.json" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 100); do [ -s "$work/ui.json" ] && break; sleep 0.1; done
  sleep 3 # the first frames, the demo village, the fonts
  local t0 s0 t1 s1
  t0=$(ticks "$pid") s0=$(switches "$pid")
  sleep "$sec"
  t1=$(ticks "$pid") s1=$(switches "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  echo "$(echo "scale=3; ($t1 - $t0) * 100 / ($hz * $sec)" | bc) $(( (s1 - s0) / sec ))"
}
KIOSK_SDL_WAIT= measure KIOSK_X=1 >/dev/null # the demo database, made once
read -r own ownWake < <(measure KIOSK_X=1)
read -r sdl sdlWake < <(measure KIOSK_SDL_WAIT=1)
echo "| CPU idle on home, offscreen driver (no X), over ${sec} s | kiosk's own wait: ${own} % (${ownWake} wake-ups/s); SDL_WaitEventTimeout: ${sdl} % (${sdlWake} wake-ups/s) | <= 0.5 % |"
