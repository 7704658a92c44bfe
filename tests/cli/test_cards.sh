#!/usr/bin/env bash
# QR member cards as printed: kioskctl writes the A4 PDF; poppler renders it
# at 150 dpi as a printer would; zbarimg must decode every card's QR code,
# and every decoded payload must verify. A reissued card's old code is then
# refused.
# usage: test_cards.sh KIOSKCTL KIOSK_CONF WORK_DIR
set -euo pipefail
CTL=$1 CONF=$2 WORK=$3
rm -rf "$WORK" && mkdir -p "$WORK"
DB=$WORK/k.db
k() { "$CTL" --config "$CONF" --db "$DB" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

k demo >/dev/null
group=$(sqlite3 "$DB" "SELECT grp FROM member WHERE member_no = 'LM0001'")
n=$(sqlite3 "$DB" "SELECT count(*) FROM member WHERE grp = '$group' AND active")
k cards --out "$WORK/cards.pdf" --group 1 >"$WORK/out" 2>&1 || fail "cards: $(cat "$WORK/out")"
pages=$(pdfinfo "$WORK/cards.pdf" | awk '/^Pages:/ {print $2}')
[ "$pages" = $(((n + 7) / 8)) ] || fail "$n cards on $pages pages"
pdfinfo "$WORK/cards.pdf" | grep -q "595.276 x 841.89 pts" || fail "not A4"
pdffonts "$WORK/cards.pdf" | grep -q NotoSansCJKsc || fail "Noto not embedded"
# a rare name in this group needs the fallback face, embedded too
if sqlite3 "$DB" "SELECT name FROM member WHERE grp = '$group'" | grep -q '𡒄'; then
  pdffonts "$WORK/cards.pdf" | grep -q BabelStoneHan || fail "fallback face not embedded for 𡒄"
fi

# Rendered without anti-aliasing, as a printer prints (solid dots, no grey
# edges); grey module edges at 150 dpi made zbar miss about one code in 200.
# One page per zbarimg run: given several images at once, zbarimg 0.23
# sometimes drops a code it finds when given the page alone
scan_pages() { for p in "$@"; do zbarimg --raw -q "$p" 2>/dev/null || true; done; }
pdftoppm -r 150 -aa no -aaVector no -png "$WORK/cards.pdf" "$WORK/page"
scan_pages "$WORK"/page*.png | sort -u >"$WORK/codes"
[ "$(wc -l <"$WORK/codes")" = "$n" ] || fail "decoded $(wc -l <"$WORK/codes") of $n QR codes"
while read -r code; do
  k card verify "$code" >/dev/null 2>&1 || fail "a printed card does not verify: $code"
done <"$WORK/codes"
# every card of the group is there, once
sqlite3 "$DB" "SELECT member_no FROM member WHERE grp = '$group' ORDER BY 1" >"$WORK/want"
cut -d. -f3 "$WORK/codes" | sort >"$WORK/got"
cmp -s "$WORK/want" "$WORK/got" || fail "the cards are not the group's members"

# printing again gives the same codes (no new serials)
k cards --out "$WORK/again.pdf" --member LM0001 --member LM0002 >/dev/null
pdftoppm -r 150 -aa no -aaVector no -png "$WORK/again.pdf" "$WORK/again"
scan_pages "$WORK"/again*.png | sort >"$WORK/again"
[ "$(wc -l <"$WORK/again")" = 2 ] || fail "two named members, $(wc -l <"$WORK/again") cards"
grep -qxF -f "$WORK/again" "$WORK/codes" || fail "reprinting changed the codes"

# a lost card: reissue; the old code is refused, the new one prints and verifies
old=$(grep '\.LM0001\.' "$WORK/codes")
k cards reissue LM0001 --out "$WORK/new.pdf" >"$WORK/re" || fail "reissue"
new=$(grep '^K1\.' "$WORK/re")
k card verify "$old" >/dev/null 2>&1 && fail "the lost card still works"
k card verify "$new" >/dev/null || fail "the new card is refused"
pdftoppm -r 150 -aa no -aaVector no -png "$WORK/new.pdf" "$WORK/new"
[ "$(scan_pages "$WORK"/new*.png)" = "$new" ] || fail "the reissued card does not print its new code"

k cards --out "$WORK/x.pdf" --group 第九组 >/dev/null 2>&1 && fail "an unknown group printed"

# the paper sign-in sheet: every active member, 11 a page, each with a QR that verifies
all=$(sqlite3 "$DB" "SELECT count(*) FROM member WHERE active")
k sheet --out "$WORK/sheet.pdf" >/dev/null || fail "sheet"
[ "$(pdfinfo "$WORK/sheet.pdf" | awk '/^Pages:/ {print $2}')" = $(((all + 10) / 11)) ] || fail "sheet pages"
pdftoppm -r 300 -aa no -aaVector no -f 1 -l 1 -png "$WORK/sheet.pdf" "$WORK/sheet"
scan_pages "$WORK"/sheet*.png >"$WORK/sheetcodes"
[ "$(wc -l <"$WORK/sheetcodes")" = 11 ] || fail "sheet page 1: $(wc -l <"$WORK/sheetcodes") of 11 codes decoded"
while read -r code; do k card verify "$code" >/dev/null 2>&1 || fail "a sheet code does not verify"; done <"$WORK/sheetcodes"
echo "cards: OK ($n cards on $pages pages, all decoded and verified; reissue revokes; sheet scans)"
