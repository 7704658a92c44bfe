# Shared by the end-to-end tests and the benchmarks: a real X server (Xvfb),
# the real kiosk binary in it, and real input (xdotool) at coordinates read
# from the kiosk's --ui-dump file. Source it; it needs bash, jq, xdotool, Xvfb.
#
# Nothing here asserts how fast anything is (that is bench/run.sh's job): a
# loaded machine only makes a test slower, never makes it fail. Waits poll
# the dump with generous timeouts (E2E_TIMEOUT seconds, default 60), and a
# check that something did NOT happen is made only after the kiosk has
# drawn the frame that answers the input in question (a tap: the "taps"
# counter in the dump; a scan: the answer it draws), never after a sleep.
E2E_TIMEOUT=${E2E_TIMEOUT:-60}
E2E_SKIP=77 # ctest's SKIP_RETURN_CODE for these tests: "cannot run here"

# e2e_setup WORK_DIR: a fresh work directory; sets DB and DUMP there and
# stops the kiosk and the X server when the test exits.
e2e_setup() {
  rm -rf "$1" && mkdir -p "$1"
  DB=$1/kiosk.db DUMP=$1/ui.json
  trap e2e_stop EXIT
}

fail() { echo "FAIL: $*" >&2; exit 1; }

# skip WHY: this test cannot run on this machine; ctest reports it skipped.
skip() { echo "SKIP: $*"; exit "$E2E_SKIP"; }

# e2e_until SECONDS CMD...: runs CMD until it succeeds; 1 if it never did
# within SECONDS of wall time.
e2e_until() {
  local end=$((SECONDS + $1)); shift
  until "$@"; do
    [ "$SECONDS" -lt "$end" ] || return 1
    sleep 0.05
  done
}

# e2e_sql_is DB SQL WANT: true if the query's answer is WANT.
e2e_sql_is() { [ "$(sqlite3 "$1" "$2" 2>/dev/null)" = "$3" ]; }

# e2e_start_x WxH: starts Xvfb on a free display; sets DISPLAY and XVFB_PID.
e2e_start_x() {
  local size=${1:-1920x1080} fdfile
  fdfile=$(mktemp)
  Xvfb -displayfd 3 -screen 0 "${size}x24" -nolisten tcp 3>"$fdfile" 2>/dev/null &
  XVFB_PID=$!
  e2e_until "$E2E_TIMEOUT" test -s "$fdfile"
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
  e2e_wait_screen "$dump" home || return 1
  KIOSK_WIN=$(timeout "$E2E_TIMEOUT" xdotool search --sync --limit 1 --pid "$KIOSK_PID")
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

# e2e_is_screen DUMP NAME: true if the last presented frame is screen NAME.
e2e_is_screen() { [ "$(e2e_screen "$1")" = "$2" ]; }

# e2e_wait_screen DUMP NAME: waits (up to E2E_TIMEOUT s) until the kiosk
# presents NAME.
e2e_wait_screen() {
  e2e_until "$E2E_TIMEOUT" e2e_is_screen "$1" "$2" && return 0
  echo "timed out waiting for screen $2 (now: $(e2e_screen "$1"))" >&2
  return 1
}

# e2e_has DUMP ID: true if widget ID is on screen.
e2e_has() { jq -e --arg id "$2" '.widgets[] | select(.id == $id)' "$1" >/dev/null 2>&1; }

# e2e_gone DUMP ID: waits until widget ID is no longer on screen.
e2e_gone() { e2e_until "$E2E_TIMEOUT" e2e_has_not "$1" "$2"; }
e2e_has_not() { ! e2e_has "$@"; }

# e2e_frame DUMP: the number of the last presented frame.
e2e_frame() { jq -r .frame "$1" 2>/dev/null; }

# e2e_taps DUMP: how many taps (releases of a pressed widget) the kiosk had
# handled when it drew its last frame.
e2e_taps() { jq -r .taps "$1" 2>/dev/null; }

# e2e_past DUMP FIELD N: true if the dump's counter FIELD is above N.
e2e_past() {
  local v
  v=$(jq -r ".$2" "$1" 2>/dev/null)
  [[ $v =~ ^[0-9]+$ ]] && [ "$v" -gt "$3" ]
}

# e2e_wait_taps DUMP N: waits (up to E2E_TIMEOUT s) until the kiosk has
# drawn a frame after handling tap number N+1 (its release and all that the
# tap did at once). Take N = $(e2e_taps DUMP) before a click; then a check
# that the click changed nothing looks at a frame drawn after it was
# handled, not at the clock. (A bare frame number would not do: a frame
# drawn for something else, a countdown, can come before the click's.)
e2e_wait_taps() {
  e2e_until "$E2E_TIMEOUT" e2e_past "$1" taps "$2" && return 0
  echo "timed out waiting for the kiosk to answer tap $(($2 + 1))" >&2
  return 1
}

# e2e_click DUMP X Y: a real click (press and release) at X Y, then waits
# for the frame drawn after the kiosk handled the release. Fails if the
# kiosk never took it as a tap (nothing pressed there).
e2e_click() {
  local dump=$1 taps
  taps=$(e2e_taps "$dump")
  # No --sync: it waits for the pointer to move, forever when it is already
  # there. The X server keeps the motion and the click in order anyway.
  xdotool mousemove --window "$KIOSK_WIN" "$2" "$3" click 1
  e2e_wait_taps "$dump" "$taps"
}

# e2e_page_turns N GAP NEXT_XY PREV_XY: N real clicks in the kiosk window,
# alternating between the two points ("x y"), GAP seconds apart (benchmarks:
# tap latency on the name grid's 下一页 / 上一页). One xdotool process chains
# them, so the gap is GAP and not GAP plus a process start.
e2e_page_turns() {
  local n=$1 gap=$2 next=$3 prev=$4 i p args=()
  for i in $(seq "$n"); do
    if [ $((i % 2)) = 1 ]; then p=$next; else p=$prev; fi
    # shellcheck disable=SC2206
    args+=(mousemove --window "$KIOSK_WIN" $p click 1 sleep "$gap")
  done
  xdotool "${args[@]}"
}

# e2e_xy DUMP ID: the centre of widget ID, "X Y"; empty if not on screen.
e2e_xy() {
  jq -r --arg id "$2" '.widgets[] | select(.id == $id) | "\(.x + (.w / 2 | floor)) \(.y + (.h / 2 | floor))"' "$1"
}

# e2e_tap DUMP ID: a real click at the centre of widget ID, then waits for
# the frame drawn after the kiosk handled it (e2e_click). A tap right after
# a screen change is ignored by design (shaky second taps), so it waits
# that long first (a sleep that load can only lengthen, which is harmless).
e2e_tap() {
  local dump=$1 id=$2 xy
  xy=$(e2e_xy "$dump" "$id")
  [ -n "$xy" ] || { echo "no widget $id on screen $(e2e_screen "$dump")" >&2; return 1; }
  sleep 0.4
  # shellcheck disable=SC2086
  e2e_click "$dump" $xy || { echo "the kiosk did not answer the tap on $id" >&2; return 1; }
}

# e2e_demo_kiosk SIZE [PIN]: the demo village in DB (with the secretary's
# PIN, if given), an X server of SIZE and the kiosk on it. Needs CTL and CONF.
e2e_demo_kiosk() {
  "$CTL" --config "$CONF" --db "$DB" demo >/dev/null
  [ -z "${2:-}" ] || echo "$2" | "$CTL" --config "$CONF" --db "$DB" admin set-pin >/dev/null
  e2e_start_x "$1"
  e2e_start_kiosk "$DUMP" --config "$CONF" --db "$DB"
}

# e2e_scan_code CODE: what a keyboard-wedge scanner sends — CODE's keys
# and Enter, 1 ms apart, from one xdotool process (two processes, one to
# type and one for Enter, leave a gap as long as a process start, which on
# a busy machine can pass for a person typing). CODE is a card payload:
# letters, digits and . - _ only.
e2e_scan_code() {
  [[ $1 =~ ^[A-Za-z0-9._-]+$ ]] || { echo "e2e_scan_code: not a card payload: $1" >&2; return 1; }
  # shellcheck disable=SC2046
  xdotool key --delay 1 $(printf '%s' "$1" | sed 's/./& /g; s/\./period/g; s/-/minus/g; s/_/underscore/g') Return
}

# e2e_scan_until CODE CMD...: scans CODE until CMD holds, at most 3 times,
# waiting up to 10 s after each. xdotool types the code key by key, and on a
# loaded machine it can itself stall for longer than the scanner's pause
# rule allows: the kiosk then rightly drops the burst, and a person would
# simply scan again. So checks after a scan must hold for one scan or more
# (a check-in scanned twice is answered 已签到 and written once).
e2e_scan_until() {
  local code=$1 i
  shift
  for i in 1 2 3; do
    e2e_scan_code "$code" || return 1
    e2e_until 10 "$@" && return 0
    echo "e2e_scan_until: no effect after scan $i of $code; scanning again" >&2
  done
  return 1
}

# e2e_text DUMP TEXT: true if TEXT is among the words on screen.
e2e_text() { jq -e --arg t "$2" '.texts[] | select(.text == $t)' "$1" >/dev/null 2>&1; }

# e2e_text_like DUMP REGEX: the first text on screen matching REGEX.
e2e_text_like() { jq -r --arg r "$2" '[.texts[] | select(.text | test($r)) | .text][0] // empty' "$1"; }

# e2e_enter_admin DUMP PIN: from the home screen, holds the secretary's
# corner for 3 s with a real mouse button and types PIN on the pad.
e2e_enter_admin() {
  local dump=$1 pin=$2 xy d
  xy=$(e2e_xy "$dump" admin:corner)
  [ -n "$xy" ] || { echo "no admin corner on screen $(e2e_screen "$dump")" >&2; return 1; }
  sleep 0.5
  # shellcheck disable=SC2086
  xdotool mousemove --window "$KIOSK_WIN" $xy mousedown 1
  e2e_wait_screen "$dump" pin || return 1
  xdotool mouseup 1
  for d in $(echo "$pin" | grep -o .); do e2e_tap "$dump" "key:$d" || return 1; done
  e2e_wait_screen "$dump" admin
}

# e2e_text_eventually DUMP TEXT: waits until TEXT is among the words on screen.
e2e_text_eventually() {
  e2e_until "$E2E_TIMEOUT" e2e_text "$1" "$2" && return 0
  echo "timed out waiting for the words '$2' on screen $(e2e_screen "$1")" >&2
  return 1
}

# e2e_township_kiosk [--no-hub]: a township (刘集镇) in WORK/town and the
# demo kiosk in DB (PIN 240917), each trusting the other, and CONF (a copy
# of CONF0) naming the township's LAN hub on a free-looking loopback port;
# then the hub, started (HUB its pid, its log WORK/hub.log). With --no-hub,
# no hub and none named (the kiosk exchanges by stick only). Needs TOWN,
# CTL, CONF0, WORK, DB. Defines t (the township tool on WORK/town) and q
# (sqlite3 on DB).
t() { "$TOWN" --dir "$WORK/town" "$@"; }
q() { sqlite3 "$DB" "$1"; }
e2e_township_kiosk() {
  local port=$((20000 + RANDOM % 20000))
  CONF=$WORK/kiosk.conf
  cp "$CONF0" "$CONF"
  [ "${1:-}" = --no-hub ] || printf '\n[sync]\nhub_url = http://127.0.0.1:%s\ninterval_minutes = 30\n' "$port" >>"$CONF"
  t init --name 刘集镇 >/dev/null
  "$CTL" --config "$CONF" --db "$DB" demo >/dev/null
  echo 240917 | "$CTL" --config "$CONF" --db "$DB" admin set-pin >/dev/null
  "$CTL" --config "$CONF" --db "$DB" pubkey --out "$WORK/kiosk.pub" >/dev/null 2>&1
  t enroll "$WORK/kiosk.pub" --village 鲁庙村 >/dev/null
  "$CTL" --config "$CONF" --db "$DB" trust "$WORK/town/township.pub" >/dev/null
  [ "${1:-}" != --no-hub ] || return 0
  "$TOWN" --dir "$WORK/town" serve --listen "127.0.0.1:$port" >"$WORK/hub.log" 2>&1 &
  HUB=$!
}

# e2e_grow_roster N: when DB's village has fewer than N active members, a
# roster import of TX0001... (names of common surnames, groups 第1..5培训组)
# brings it to N, as a township training or a big meeting has. Needs CTL,
# CONF, DB, WORK.
e2e_grow_roster() {
  local total
  total=$(sqlite3 "$DB" "SELECT count(*) FROM member WHERE active")
  [ "$1" -gt "$total" ] || return 0
  awk -v n=$(($1 - total)) 'BEGIN {
    split("王 李 张 刘 陈 杨 赵 黄 周 吴 徐 孙 胡 朱 高 林 何 郭 马 罗", s, " ")
    split("建 国 秀 英 志 强 文 华 明 红 春 兰 军 平 海 玉 德 福 金 山", g, " ")
    print "党员编号,姓名,村民小组"
    for (i = 1; i <= n; i++) printf "TX%04d,%s%s%s,第%d培训组\n", i, s[i % 20 + 1], g[int(i / 20) % 20 + 1], g[i % 7 + 1], i % 5 + 1
  }' >"$WORK/extra.csv"
  "$CTL" --config "$CONF" --db "$DB" roster import "$WORK/extra.csv" >/dev/null
}
