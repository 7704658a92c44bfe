# Shared by the end-to-end tests and the benchmarks: a real X server (Xvfb),
# the real kiosk binary in it, and real input (xdotool) at coordinates read
# from the kiosk's --ui-dump file. Source it; it needs bash, jq, xdotool, Xvfb.

# e2e_setup WORK_DIR: a fresh work directory; sets DB and DUMP there and
# stops the kiosk and the X server when the test exits.
e2e_setup() {
  rm -rf "$1" && mkdir -p "$1"
  DB=$1/kiosk.db DUMP=$1/ui.json
  trap e2e_stop EXIT
}

fail() { echo "FAIL: $*" >&2; exit 1; }

# e2e_start_x WxH: starts Xvfb on a free display; sets DISPLAY and XVFB_PID.
e2e_start_x() {
  local size=${1:-1920x1080} fdfile
  fdfile=$(mktemp)
  Xvfb -displayfd 3 -screen 0 "${size}x24" -nolisten tcp 3>"$fdfile" 2>/dev/null &
  XVFB_PID=$!
  for _ in $(seq 100); do
    [ -s "$fdfile" ] && break
    sleep 0.05
  done
  [ -s "$fdfile" ] || { echo "Xvfb did not start" >&2; return 1; }
  export DISPLAY=":$(head -1 "$fdfile")"
  rm -f "$fdfile"
}

# e2e_start_kiosk DUMP ARGS...: runs the kiosk in the background with
# --ui-dump DUMP; sets KIOSK_PID and KIOSK_WIN (its X window id).
e2e_start_kiosk() {
  local dump=$1; shift
  rm -f "$dump"
  "$KIOSK_BIN" --ui-dump "$dump" "$@" &
  KIOSK_PID=$!
  e2e_wait_screen "$dump" home 20 || return 1
  KIOSK_WIN=$(timeout 10 xdotool search --sync --limit 1 --pid "$KIOSK_PID")
  [ -n "$KIOSK_WIN" ] || { echo "no kiosk window" >&2; return 1; }
}

e2e_stop() {
  [ -n "${KIOSK_PID:-}" ] && kill "$KIOSK_PID" 2>/dev/null && wait "$KIOSK_PID" 2>/dev/null
  [ -n "${XVFB_PID:-}" ] && kill "$XVFB_PID" 2>/dev/null && wait "$XVFB_PID" 2>/dev/null
  KIOSK_PID= XVFB_PID=
  return 0
}

# e2e_screen DUMP: the screen the kiosk last presented.
e2e_screen() { jq -r .screen "$1" 2>/dev/null; }

# e2e_wait_screen DUMP NAME [SECONDS]: waits until the kiosk presents NAME.
e2e_wait_screen() {
  local dump=$1 want=$2 limit=${3:-10} i
  for i in $(seq $((limit * 20))); do
    [ "$(e2e_screen "$dump")" = "$want" ] && return 0
    sleep 0.05
  done
  echo "timed out waiting for screen $want (now: $(e2e_screen "$dump"))" >&2
  return 1
}

# e2e_has DUMP ID: true if widget ID is on screen.
e2e_has() { jq -e --arg id "$2" '.widgets[] | select(.id == $id)' "$1" >/dev/null 2>&1; }

# e2e_frame DUMP: the number of the last presented frame.
e2e_frame() { jq -r .frame "$1" 2>/dev/null; }

# e2e_xy DUMP ID: the centre of widget ID as "x y" ("" when not on screen).
e2e_xy() { jq -r --arg id "$2" '.widgets[] | select(.id == $id) | "\(.x + (.w / 2 | floor)) \(.y + (.h / 2 | floor))"' "$1"; }

# e2e_tap DUMP ID: a real click at the centre of widget ID, then waits for
# the frame that answers it. A tap right after a screen change is ignored by
# design (shaky second taps), so it waits that long first.
e2e_tap() {
  local dump=$1 id=$2 xy frame
  xy=$(e2e_xy "$dump" "$id")
  [ -n "$xy" ] || { echo "no widget $id on screen $(e2e_screen "$dump")" >&2; return 1; }
  sleep 0.4
  frame=$(e2e_frame "$dump")
  # No --sync: it waits for the pointer to move, forever when it is already
  # there. The X server keeps the motion and the click in order anyway.
  # shellcheck disable=SC2086
  xdotool mousemove --window "$KIOSK_WIN" $xy click 1
  for _ in $(seq 100); do
    [ "$(e2e_frame "$dump")" != "$frame" ] && { sleep 0.05; return 0; }
    sleep 0.02
  done
  echo "no frame answered the tap on $id" >&2
  return 1
}

# e2e_demo_kiosk SIZE [PIN]: the demo village in DB (with the secretary's
# PIN, if given), an X server of SIZE and the kiosk on it. Needs CTL and CONF.
e2e_demo_kiosk() {
  "$CTL" --config "$CONF" --db "$DB" demo >/dev/null
  [ -z "${2:-}" ] || echo "$2" | "$CTL" --config "$CONF" --db "$DB" admin set-pin >/dev/null
  e2e_start_x "$1"
  e2e_start_kiosk "$DUMP" --config "$CONF" --db "$DB"
}

# e2e_text DUMP TEXT: true if TEXT is among the words on screen.
e2e_text() { jq -e --arg t "$2" '.texts[] | select(.text == $t)' "$1" >/dev/null 2>&1; }

# e2e_text_like DUMP REGEX: the first text on screen matching REGEX.
e2e_text_like() { jq -r --arg r "$2" '[.texts[] | select(.text | test($r)) | .text][0] // empty' "$1"; }

# e2e_enter_admin DUMP PIN: from the home screen, holds the secretary's
# corner for 3 s with a real mouse button and types PIN on the pad.
e2e_enter_admin() {
  local dump=$1 pin=$2 xy d
  xy=$(jq -r '.widgets[] | select(.id == "admin:corner") | "\(.x + (.w / 2 | floor)) \(.y + (.h / 2 | floor))"' "$dump")
  [ -n "$xy" ] || { echo "no admin corner on screen $(e2e_screen "$dump")" >&2; return 1; }
  sleep 0.5
  # shellcheck disable=SC2086
  xdotool mousemove --window "$KIOSK_WIN" $xy mousedown 1
  e2e_wait_screen "$dump" pin 6 || return 1
  xdotool mouseup 1
  for d in $(echo "$pin" | grep -o .); do e2e_tap "$dump" "key:$d" || return 1; done
  e2e_wait_screen "$dump" admin 5
}

# e2e_township_kiosk: a township (刘集镇) in WORK/town and the demo kiosk in
# DB (PIN 240917), each trusting the other, and CONF (a copy of CONF0)
# naming the township's LAN hub on a free-looking loopback port; then the
# hub, started (HUB its pid, its log WORK/hub.log). Needs TOWN, CTL, CONF0,
# WORK, DB. Defines t (the township tool on WORK/town) and q (sqlite3 on DB).
t() { "$TOWN" --dir "$WORK/town" "$@"; }
q() { sqlite3 "$DB" "$1"; }
e2e_township_kiosk() {
  local port=$((20000 + RANDOM % 20000))
  CONF=$WORK/kiosk.conf
  cp "$CONF0" "$CONF"
  printf '\n[sync]\nhub_url = http://127.0.0.1:%s\ninterval_minutes = 30\n' "$port" >>"$CONF"
  t init --name 刘集镇 >/dev/null
  "$CTL" --config "$CONF" --db "$DB" demo >/dev/null
  echo 240917 | "$CTL" --config "$CONF" --db "$DB" admin set-pin >/dev/null
  "$CTL" --config "$CONF" --db "$DB" pubkey --out "$WORK/kiosk.pub" >/dev/null 2>&1
  t enroll "$WORK/kiosk.pub" --village 鲁庙村 >/dev/null
  "$CTL" --config "$CONF" --db "$DB" trust "$WORK/town/township.pub" >/dev/null
  "$TOWN" --dir "$WORK/town" serve --listen "127.0.0.1:$port" >"$WORK/hub.log" 2>&1 &
  HUB=$!
}
