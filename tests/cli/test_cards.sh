#!/usr/bin/env bash
# QR member cards as printed: kioskctl writes the A4 PDF; poppler renders it
# with anti-aliasing, as a printer's or a camera's pixels see it (grey where a
# module edge falls inside a pixel); zbarimg must decode every card's QR code,
# and every decoded payload must verify. A reissued card's old code is then
# refused. Then the world's test: three fresh card sets, every card decoded
# at 150 dpi, at 300 dpi, and blurred and turned as a camera sees it.
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

# Rendered with anti-aliasing on, as the world sees a page. One image per
# zbarimg run (given several at once, zbarimg 0.23 sometimes drops a code it
# finds in the image alone), two runs at a time.
scan_pages() { printf '%s\n' "$@" | xargs -d '\n' -P 2 -I{} sh -c 'zbarimg --raw -q "$1" 2>/dev/null || true' _ {}; }
pdftoppm -r 150 -png "$WORK/cards.pdf" "$WORK/page"
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
pdftoppm -r 150 -png "$WORK/again.pdf" "$WORK/again"
scan_pages "$WORK"/again*.png | sort >"$WORK/again"
[ "$(wc -l <"$WORK/again")" = 2 ] || fail "two named members, $(wc -l <"$WORK/again") cards"
grep -qxF -f "$WORK/again" "$WORK/codes" || fail "reprinting changed the codes"

# a lost card: reissue; the old code is refused, the new one prints and verifies
old=$(grep '\.LM0001\.' "$WORK/codes")
k cards reissue LM0001 --out "$WORK/new.pdf" >"$WORK/re" || fail "reissue"
new=$(grep '^K1\.' "$WORK/re")
k card verify "$old" >/dev/null 2>&1 && fail "the lost card still works"
k card verify "$new" >/dev/null || fail "the new card is refused"
pdftoppm -r 150 -png "$WORK/new.pdf" "$WORK/new"
[ "$(scan_pages "$WORK"/new*.png)" = "$new" ] || fail "the reissued card does not print its new code"

k cards --out "$WORK/x.pdf" --group 第九组 >/dev/null 2>&1 && fail "an unknown group printed"

# the paper sign-in sheet: every active member, 11 a page, each with a QR that verifies
all=$(sqlite3 "$DB" "SELECT count(*) FROM member WHERE active")
k sheet --out "$WORK/sheet.pdf" >/dev/null || fail "sheet"
[ "$(pdfinfo "$WORK/sheet.pdf" | awk '/^Pages:/ {print $2}')" = $(((all + 10) / 11)) ] || fail "sheet pages"
# its codes are 20 mm (4-dot modules, 0.34 mm): printed and scanned at 300 dpi or more
pdftoppm -r 300 -f 1 -l 1 -png "$WORK/sheet.pdf" "$WORK/sheet"
scan_pages "$WORK"/sheet*.png >"$WORK/sheetcodes"
[ "$(wc -l <"$WORK/sheetcodes")" = 11 ] || fail "sheet page 1: $(wc -l <"$WORK/sheetcodes") of 11 codes decoded"
while read -r code; do k card verify "$code" >/dev/null 2>&1 || fail "a sheet code does not verify"; done <"$WORK/sheetcodes"

# As hard as the world: three fresh card sets (three kiosks, so three keys
# and three sets of payloads), the demo village's members each. Every card
# must decode (1) on whole pages at 150 dpi, (2) at 300 dpi, and (3) at
# 300 dpi blurred (0.8 px) and turned 2.5 degrees, as a camera sees it. For
# (2) and (3) only the two columns of QR codes are rendered (cards.c: cards
# 85.6 x 54 mm in 2 x 4 from the page's centre, each code in a 28 mm square
# 2.5 mm from the card's right edge), which keeps the test quick.
mm2px() { awk -v mm="$1" 'BEGIN { printf "%d", mm * 300 / 25.4 }'; }
cardX0=$(awk 'BEGIN { print (210 - 2 * 85.6) / 2 }') cardY0=$(awk 'BEGIN { print (297 - 4 * 54) / 2 }')
stripY=$(mm2px "$cardY0") stripH=$(mm2px 216) stripW=$(mm2px 36)
total=0
for s in 1 2 3; do
  d=$WORK/set$s
  mkdir -p "$d/cam"
  "$CTL" --config "$CONF" --db "$d/k.db" demo >/dev/null 2>&1 || fail "set $s: demo"
  "$CTL" --config "$CONF" --db "$d/k.db" cards --out "$d/cards.pdf" >/dev/null || fail "set $s: cards"
  sqlite3 "$d/k.db" "SELECT member_no FROM member WHERE active ORDER BY 1" >"$d/want"
  want=$(wc -l <"$d/want")
  [ "$want" -ge 100 ] || fail "set $s: only $want members"
  pdftoppm -r 150 -gray "$d/cards.pdf" "$d/p150"
  for c in 0 1; do # the two columns side by side (a missing image shows as missing codes below)
    x=$(mm2px "$(awk -v x0="$cardX0" -v c="$c" 'BEGIN { print x0 + c * 85.6 + 85.6 - 28 - 2.5 - 4 }')")
    (pdftoppm -r 300 -gray -x "$x" -y "$stripY" -W "$stripW" -H "$stripH" "$d/cards.pdf" "$d/c${c}s300" &&
       mogrify -limit thread 1 -path "$d/cam" -blur 0x0.8 -rotate 2.5 "$d"/c${c}s300*.pgm) &
  done
  wait
  for v in p150 s300 cam; do
    case $v in cam) set -- "$d"/cam/*.pgm ;; *) set -- "$d"/*"$v"*.pgm ;; esac
    scan_pages "$@" | sort -u >"$d/codes.$v"
    got=$(wc -l <"$d/codes.$v")
    cut -d. -f3 "$d/codes.$v" | sort >"$d/got.$v"
    cmp -s "$d/want" "$d/got.$v" || fail "set $s, $v: decoded $got of $want cards: missing $(comm -23 "$d/want" "$d/got.$v" | tr '\n' ' ')"
  done
  # the same codes every way, and they are this kiosk's: a sample verifies
  cmp -s "$d/codes.p150" "$d/codes.cam" && cmp -s "$d/codes.p150" "$d/codes.s300" || fail "set $s: the renderings disagree"
  "$CTL" --config "$CONF" --db "$d/k.db" card verify "$(sed -n 7p "$d/codes.cam")" >/dev/null 2>&1 || fail "set $s: a code does not verify"
  total=$((total + want))
  rm -rf "$d"/*.pgm "$d/cam"
done
cmp -s "$WORK/set1/codes.p150" "$WORK/set2/codes.p150" && fail "two kiosks printed the same payloads"
echo "cards: OK ($n cards on $pages pages, all decoded and verified; reissue revokes; sheet scans;"
echo "  $total cards of 3 fresh sets decoded at 150 dpi, 300 dpi and blurred and turned)"
