#!/usr/bin/env bash
# End to end: a notice published with kioskctl is read to its end in the
# real kiosk under Xvfb with real clicks — 通知公告 -> its category -> the
# pinned, unread notice -> 下一页 until the last page ("第 3 / 3 页", "全文完")
# — and the database counts one anonymous view.
# usage: e2e_notice.sh KIOSK_BIN KIOSKCTL KIOSK_CONF WORK_DIR NOTICE.md
set -euo pipefail
KIOSK_BIN=$1 CTL=$2 CONF=$3 WORK=$4 MD=$5
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
e2e_setup "$WORK"

"$CTL" --config "$CONF" --db "$DB" demo >/dev/null
out=$("$CTL" --config "$CONF" --db "$DB" notice add "$MD" --category 通知公告 --pin)
id=$(echo "$out" | awk '/^published/ {print $2}')
[ -n "$id" ] || fail "kioskctl notice add printed no id: $out"
nid=$(sqlite3 "$DB" "SELECT notice_id FROM notice WHERE id = $id")

e2e_start_x 1920x1080
e2e_start_kiosk "$DUMP" --config "$CONF" --db "$DB"
e2e_tap "$DUMP" notices
e2e_wait_screen "$DUMP" notices
e2e_tap "$DUMP" cat:0
e2e_wait_screen "$DUMP" notice_list
first=$(jq -r '[.widgets[] | select(.id | startswith("notice:"))][0].id' "$DUMP")
[ "$first" = "notice:$id" ] || fail "the pinned notice is not first (first: $first)"
e2e_text "$DUMP" 未读 || fail "the new notice is not marked unread"
e2e_tap "$DUMP" "notice:$id"
e2e_wait_screen "$DUMP" notice
import -window root "$WORK/page1.png" 2>/dev/null || true
e2e_text "$DUMP" "第 1 / 3 页" || fail "expected a three-page notice, saw: $(e2e_text_like "$DUMP" '^第 ')"
# every text on a page is at least 32 px (body) and the title's at least 56 px
small=$(jq "[.texts[] | select(.px < 32)] | length" "$DUMP")
[ "$small" = 0 ] || fail "$small texts under 32 px on the notice"
e2e_tap "$DUMP" page:next
e2e_text "$DUMP" "第 2 / 3 页" || fail "page 2 not shown"
e2e_tap "$DUMP" page:next
e2e_text "$DUMP" "第 3 / 3 页" || fail "page 3 not shown"
e2e_has "$DUMP" page:next && fail "a next page after the last"
e2e_text "$DUMP" "— 全文完 —" || fail "the end is not marked"
e2e_text "$DUMP" "鲁庙村党支部" || fail "the last line is not on the last page"
import -window root "$WORK/page3.png" 2>/dev/null || true

# one view, and nothing about who read it
[ "$(sqlite3 "$DB" "SELECT count(*) FROM notice_view WHERE notice_id = '$nid'")" = 1 ] || fail "the view was not counted"
cols=$(sqlite3 "$DB" "SELECT group_concat(name) FROM pragma_table_info('notice_view')")
[ "$cols" = "uuid,kiosk_id,seq,notice_id,day,at" ] || fail "notice_view holds more than a count: $cols"
e2e_tap "$DUMP" nav:back
e2e_wait_screen "$DUMP" notice_list
e2e_text "$DUMP" 未读 && [ "$(sqlite3 "$DB" "SELECT count(*) FROM notice n WHERE category = 'notice' AND NOT EXISTS (SELECT 1 FROM notice_view v WHERE v.notice_id = n.notice_id)")" = 0 ] && fail "still marked unread"
"$CTL" --config "$CONF" --db "$DB" notice list | grep -q "views 1" || fail "kioskctl notice list does not show the view"
echo "e2e notice: OK (three pages read to the end, one anonymous view)"
