#!/usr/bin/env bash
# End to end: a QR card on a keyboard-wedge scanner. The real kiosk in Xvfb;
# xdotool types the card's payload into the window and presses Enter, as a
# scanner does, with no tap. The database must hold a "scan" check-in, the
# frame answering Enter must come within 100 ms, and a revoked card must be
# refused and recorded.
# usage: e2e_scan.sh KIOSK_BIN KIOSKCTL KIOSK_CONF WORK_DIR
set -euo pipefail
KIOSK_BIN=$1 CTL=$2 CONF=$3 WORK=$4
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
e2e_setup "$WORK"
k() { "$CTL" --config "$CONF" --db "$DB" "$@"; }

k demo >/dev/null
old=$(k card issue LM0031 2>/dev/null)
card=$(k card issue LM0031 2>/dev/null)
e2e_start_x 1920x1080
export KIOSK_LATENCY_LOG=$WORK/latency
e2e_start_kiosk "$DUMP" --config "$CONF" --db "$DB"
xdotool windowfocus --sync "$KIOSK_WIN"

scan() { # types the code fast, as a scanner does, then Enter
  local frame
  frame=$(e2e_frame "$DUMP")
  xdotool type --delay 2 "$1"
  xdotool key Return
  for _ in $(seq 100); do [ "$(e2e_frame "$DUMP")" != "$frame" ] && return 0; sleep 0.02; done
  fail "no frame answered the scan"
}

scan "$card"
e2e_wait_screen "$DUMP" confirm 3 || fail "the scan did not check in"
jq -e '.texts[] | select(.text == "张中立")' "$DUMP" >/dev/null || fail "confirmation lacks the name"
row=$(sqlite3 "$DB" "SELECT kind, method FROM checkin WHERE operator <> 'demo' AND member_no = 'LM0031'")
[ "$row" = "checkin|scan" ] || fail "expected a scan check-in, found '$row'"
sleep 0.2
ms=$(tail -1 "$KIOSK_LATENCY_LOG" | awk '{print $2 - $1}')
[ "$ms" -le 100 ] || fail "Enter to presented frame took $ms ms"
import -window root "$WORK/scan-ok.png" 2>/dev/null || true

# the replaced card
e2e_tap "$DUMP" nav:home
e2e_wait_screen "$DUMP" home
scan "$old"
e2e_wait_screen "$DUMP" confirm 3 || fail "the revoked card got no answer"
jq -e '.texts[] | select(.text == "此卡已挂失，请使用新卡")' "$DUMP" >/dev/null || fail "no revoked message"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM scan_refusal WHERE reason = 'revoked'")" = 1 ] || fail "refusal not recorded"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM checkin WHERE operator <> 'demo' AND member_no = 'LM0031'")" = 1 ] || fail "revoked card wrote a check-in"
echo "e2e scan: OK (scan check-in, Enter -> frame $ms ms, revoked card refused)"
