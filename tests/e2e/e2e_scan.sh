#!/usr/bin/env bash
# End to end: a QR card on a keyboard-wedge scanner. The real kiosk in Xvfb;
# xdotool types the card's payload into the window and presses Enter, as a
# scanner does, with no tap. The database must hold a "scan" check-in, and a
# revoked card must be refused, recorded, and write no check-in. (How fast
# the frame answers Enter is measured by bench/run.sh, not asserted here.)
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
e2e_start_kiosk "$DUMP" --config "$CONF" --db "$DB"
xdotool windowfocus --sync "$KIOSK_WIN"


e2e_scan_until "$card" e2e_is_screen "$DUMP" confirm || fail "the scan did not check in"
e2e_text "$DUMP" 张中立 || fail "confirmation lacks the name"
row=$(sqlite3 "$DB" "SELECT kind, method FROM checkin WHERE operator <> 'demo' AND member_no = 'LM0031'")
[ "$row" = "checkin|scan" ] || fail "expected a scan check-in, found '$row'"
import -window root "$WORK/scan-ok.png" 2>/dev/null || true

# the replaced card
e2e_tap "$DUMP" nav:home
e2e_wait_screen "$DUMP" home
e2e_scan_until "$old" e2e_is_screen "$DUMP" confirm || fail "the revoked card got no answer"
e2e_text_eventually "$DUMP" "此卡已挂失，请使用新卡" || fail "no revoked message"
# the refusal is on screen: the scan has been handled, and wrote only that
e2e_until "$E2E_TIMEOUT" e2e_sql_is "$DB" "SELECT count(*) >= 1 FROM scan_refusal WHERE reason = 'revoked'" 1 || fail "refusal not recorded"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM checkin WHERE operator <> 'demo' AND member_no = 'LM0031'")" = 1 ] || fail "revoked card wrote a check-in"
echo "e2e scan: OK (scan check-in, revoked card refused)"
