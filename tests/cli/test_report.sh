#!/usr/bin/env bash
# The township report as a clerk meets it: LibreOffice (headless, a private
# profile that recalculates every formula on load) prints the workbook to
# PDF and saves each sheet as CSV.
# - Print: every page of a data sheet carries its sheet's last header (so
#   the header row repeats and no sheet is cut into page-wide strips); the
#   page count stays small for 3 villages and grows with the rows for 600.
# - Formulas: the 合计 rows, rates and scores LibreOffice recalculates equal
#   the ReviewResult's figures; a copy whose cached values were poisoned
#   shows the same figures, so the check sees the formulas, not the cache.
# - Charts: PNG pages of a fixed, readable size; 600 villages make 20 pages
#   per measure; pages of an earlier, longer run are removed.
# - The real thing: a small township made with kioskctl and township.
# usage: test_report.sh REPORT_SYNTH KIOSKCTL TOWNSHIP KIOSK_CONF WORK_DIR
set -euo pipefail
SYNTH=$1 CTL=$2 TOWN=$3 CONF=$4 WORK=$5
rm -rf "$WORK" && mkdir -p "$WORK"
cd "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v soffice >/dev/null || fail "soffice is missing: scripts/setup.sh --test installs libreoffice-calc-nogui"

# a private LibreOffice profile: never the user's, and recalculation on load
mkdir -p lo/user
cat >lo/user/registrymodifications.xcu <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
EOF
lo() { # lo FILTER OUTDIR FILE
  timeout 600 soffice -env:UserInstallation="file://$WORK/lo" --headless --convert-to "$1" --outdir "$2" "$3" \
    >lo.log 2>&1 || fail "LibreOffice could not convert $3: $(cat lo.log)"
}
CSV='csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1'
pages() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }
# the last header of each data sheet: on every printed page of that sheet
declare -A LAST=([村支部出勤]=备注 [活动类型]=出勤率 [活动明细]=出勤率 [党员明细]=待审核志愿时长 [志愿服务]=人均已审核时长
                 [考核排名]=考核得分)
check_pages() { # check_pages PDF: each data page is whole and headed
  local pdf=$1 n p sheet
  n=$(pages "$pdf")
  for ((p = 1; p <= n; p++)); do
    pdftotext -layout -f $p -l $p "$pdf" page.txt
    sheet=$(awk 'NF {print $1; exit}' page.txt)
    [ "$sheet" = 图表 ] && continue
    [ -n "${LAST[$sheet]:-}" ] || fail "page $p of $pdf: no sheet name in its header ('$sheet')"
    grep -q "${LAST[$sheet]}" page.txt || fail "page $p of $pdf ($sheet): no '${LAST[$sheet]}' column: cut in width or no header row"
    grep -q "第 $p 页，共 $n 页" page.txt || fail "page $p of $pdf: no page number"
  done
}
num() { sed 's/%$//' <<<"$1"; }
# close A B: two numbers agree to 1e-9 (a % from the CSV is divided by 100)
close() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /%$/) { sub(/%$/, "", a); a /= 100 }
                               d = a - b; if (d < 0) d = -d; exit !(d < 1e-9) }'
}
# field N of the row whose first field is KEY, counted from the end when N < 0
row_field() { # row_field CSV KEY N
  awk -F, -v k="$2" -v n="$3" '$1 == k { print (n < 0 ? $(NF + n + 1) : $n); exit }' "$1"
}

# --- a synthetic review: 3 villages, then 600 ---------------------------------
check_synth() { # check_synth N: writes sN/, checks it, sets PAGES
  local n=$1 d=s$1
  mkdir -p $d
  "$SYNTH" $n $d 2026-11 >$d.out || fail "report_synth $n"
  local book=$d/考核报表-2026-11.xlsx
  [ -f "$book" ] || fail "no workbook for $n villages"
  ls -a $d | grep -q '\.tmp$\|\.part$\|^\.kiosk-tmp-' && fail "a temporary file was left in $d"
  # reports name every village's members: readable by the office's group, not by everyone
  [ "$(stat -c %a "$book")" = 640 ] || fail "the workbook is mode $(stat -c %a "$book"), not 640"
  for p in $d/*.png; do [ "$(stat -c %a "$p")" = 640 ] || fail "$p is mode $(stat -c %a "$p"), not 640"; done
  unzip -q -d $d/xml "$book" # malformed XML is what Excel would refuse to open
  find $d/xml -name '*.xml' -o -name '*.rels' | xargs xmllint --noout || fail "$n villages: XML not well-formed"
  [ "$(find $d/xml -name 'sheet*.xml' | wc -l)" = 7 ] || fail "$n villages: not 7 sheets"
  lo pdf $d/pdf "$book"
  lo "$CSV" $d/csv "$book"
  PAGES=$(pages $d/pdf/考核报表-2026-11.pdf)
  check_pages $d/pdf/考核报表-2026-11.pdf
  local c=$d/csv/考核报表-2026-11 t
  read -r _ _ E _ C _ L _ V _ A _ R _ H <<<"$(grep '^total ' $d.out)"
  # the 合计 rows, recalculated, against the review's totals
  [ "$(row_field $c-村支部出勤.csv 合计 5),$(row_field $c-村支部出勤.csv 合计 6),$(row_field $c-村支部出勤.csv 合计 7),$(row_field $c-村支部出勤.csv 合计 8),$(row_field $c-村支部出勤.csv 合计 9)" = "$E,$C,$L,$V,$A" ] \
    || fail "$n villages: 村支部出勤 合计 $(grep '^合计' $c-村支部出勤.csv) is not $E,$C,$L,$V,$A"
  close "$(row_field $c-村支部出勤.csv 合计 -3)" "$R" || fail "$n villages: total rate $(row_field $c-村支部出勤.csv 合计 -3) is not $R"
  for s in 活动类型:3 活动明细:6 党员明细:6; do # sheet:its 应到 column
    t=$(awk -F, -v i=${s#*:} '$1 == "合计" { print $i","$(i+1)","$(i+2)","$(i+3)","$(i+4) }' $c-${s%:*}.csv)
    [ "$t" = "$E,$C,$L,$V,$A" ] || fail "$n villages: ${s%:*} 合计 $t is not the review's $E,$C,$L,$V,$A"
  done
  close "$(row_field $c-志愿服务.csv 合计 4)" "$H" || fail "$n villages: 志愿服务 合计 is not $H hours"
  # every village's rate, in the review's order, and the ranking's scores
  awk -F, 'NR > 2 && $1 != "合计" && NF > 10 { print $(NF - 2) }' $c-村支部出勤.csv | head -n $n >rates.csv
  grep '^village ' $d.out | awk '{print $4}' >rates.want
  [ "$(wc -l <rates.csv)" = $n ] || fail "$n villages: $(wc -l <rates.csv) rows in 村支部出勤"
  paste -d' ' rates.csv rates.want | while read -r got want; do
    close "$got" "$want" || fail "$n villages: rate $got is not $want"
  done
  awk -F, 'NR > 2 && $1 ~ /^[0-9]+$/ { print $NF }' $c-考核排名.csv >scores.csv
  grep '^village ' $d.out | awk '{print $8}' | sort -g -r >scores.want
  paste -d' ' scores.csv scores.want | while read -r got want; do
    close "$got" "$want" || fail "$n villages: score $got is not $want (or not best first)"
  done
  [ "$(wc -l <scores.csv)" = $n ] || fail "$n villages: $(wc -l <scores.csv) rows in 考核排名"
  # charts: the overview and two measures, CHART_PER_PAGE = 30 villages a page
  local want=$((1 + 2 * ((n + 29) / 30))) got
  got=$(ls $d/*.png | wc -l)
  [ "$got" = $want ] || fail "$n villages: $got charts, expected $want"
  grep -q "charts $want pages $(((n + 29) / 30))" $d.out || fail "report_synth counted $(grep '^book' $d.out)"
  for p in $d/*.png; do
    [ "$(identify -format '%m %wx%h' "$p")" = "PNG 1600x1131" ] || fail "$p: $(identify "$p")"
  done
}
check_synth 3
p3=$PAGES
# names are text, whatever they start with or hold
for v in '=1+1村' '-v 开头的村' '东/西村'; do
  grep -q "^$v," s3/csv/考核报表-2026-11-村支部出勤.csv || fail "the village $v is not in 村支部出勤 as written"
done
[ "$p3" -le 12 ] || fail "3 villages print on $p3 pages"
check_synth 600
p600=$PAGES
grep -q $'^\xef\xbf\xbd坏字节村,' s600/csv/考核报表-2026-11-村支部出勤.csv || fail "a byte that is not UTF-8 was not replaced"
grep -q '^控制 字符村,' s600/csv/考核报表-2026-11-村支部出勤.csv || fail "a control character was not replaced"
# 600 villages: ~2,100 member rows, ~2,400 activity rows, 3 × 600 village rows
# and 41 charts; at 40-55 rows a page that is 130-200 pages
[ "$p600" -gt 100 ] && [ "$p600" -le 260 ] || fail "600 villages print on $p600 pages"
[ "$(ls s600/出勤率-2026-11-p*.png | wc -l)" = 20 ] || fail "600 villages: not 20 pages of 出勤率"

# the cached values do not decide: poison them and LibreOffice still agrees
mkdir -p poison && cp s3/考核报表-2026-11.xlsx poison/book.xlsx
(cd poison && unzip -q book.xlsx xl/worksheets/sheet1.xml &&
  sed -i 's#\(<f>[^<]*</f>\)<v>[^<]*</v>#\1<v>12345</v>#g' xl/worksheets/sheet1.xml &&
  grep -q '<v>12345</v>' xl/worksheets/sheet1.xml && zip -q book.xlsx xl/worksheets/sheet1.xml) || fail "poisoning"
lo "$CSV" poison/csv poison/book.xlsx
grep -q 12345 poison/csv/book-村支部出勤.csv && fail "LibreOffice showed the cached values, not recalculated ones"
cmp -s poison/csv/book-村支部出勤.csv s3/csv/考核报表-2026-11-村支部出勤.csv || fail "recalculated figures differ from the written ones"

# a shorter run of the same period removes the longer run's extra pages
"$SYNTH" 40 s600 2026-11 >/dev/null || fail "report_synth 40"
[ "$(ls s600/出勤率-2026-11-p*.png | wc -l)" = 2 ] || fail "stale chart pages left: $(ls s600/出勤率-2026-11-p*.png | wc -l)"

# --- the real thing: three demo kiosks, enrolled, exported, imported ----------
t() { "$TOWN" --dir "$WORK/town" "$@"; }
q() { sqlite3 town/township.db "$1"; }
t init --name 刘集镇 >/dev/null
i=0
for v in 鲁庙村 东/西村 -前进村; do # a '/' and a leading '-' in a village's name
  i=$((i + 1))
  mkdir -p k$i
  k() { "$CTL" --config "$CONF" --db "$WORK/k$i/kiosk.db" "$@"; }
  k demo >/dev/null && k pubkey --out k$i/kiosk.pub >/dev/null 2>&1 && k trust town/township.pub >/dev/null
  t enroll k$i/kiosk.pub --village "$v" --branch "${v}党支部" >/dev/null
  k export --out k$i >/dev/null
  t import k$i/*.ksb >/dev/null
done
month=$(TZ=CST-8 date +%Y-%m)
now=$(TZ=CST-8 date '+%Y-%m-%d %H:%M')
t report --month "$month" --as-of "$now" --out ./-out >real.out || fail "report: $(cat real.out)"
grep -q "3 villages" real.out || fail "report: $(cat real.out)"
read -r E C L V A <<<"$(sed -n 's/^total: expected \([0-9]*\), came \([0-9]*\), late \([0-9]*\), leave \([0-9]*\), absent \([0-9]*\),.*/\1 \2 \3 \4 \5/p' real.out)"
[ -n "$A" ] || fail "no totals printed: $(cat real.out)"
# the demo changes no roster and gets no township activity, so plain SQL over
# the merged records must give the review's figures
held="a.day BETWEEN '$month-01' AND '$month-31' AND a.day || ' ' || a.start_hm <= '$now'"
standing() { q "SELECT count(*) FROM checkin_standing s JOIN activity a ON a.uuid = s.activity_uuid WHERE $held AND s.status IN ($1)"; }
[ "$C" = "$(standing "'present','late'")" ] || fail "came $C, the database says $(standing "'present','late'")"
[ "$L" = "$(standing "'late'")" ] && [ "$V" = "$(standing "'leave'")" ] || fail "late $L / leave $V differ from the database"
E0=$(q "SELECT sum((SELECT count(*) FROM member m WHERE m.kiosk_id = a.kiosk_id AND m.active)) FROM activity a WHERE $held")
[ "$E" = "$E0" ] || fail "expected $E, the database says $E0"
[ "$E" -gt 0 ] && [ "$C" -gt 0 ] || fail "an empty review proves nothing: $(cat real.out)"
b=./-out/考核报表-$month.xlsx
lo "$CSV" real "$b"
c=real/考核报表-$month
[ "$(row_field $c-村支部出勤.csv 合计 5),$(row_field $c-村支部出勤.csv 合计 6),$(row_field $c-村支部出勤.csv 合计 7),$(row_field $c-村支部出勤.csv 合计 8),$(row_field $c-村支部出勤.csv 合计 9)" = "$E,$C,$L,$V,$A" ] \
  || fail "real: 村支部出勤 合计 $(grep '^合计' $c-村支部出勤.csv) is not $E,$C,$L,$V,$A"
close "$(row_field $c-村支部出勤.csv 合计 -3)" "$(awk -v c=$C -v e=$E 'BEGIN { printf "%.17g", c / e }')" || fail "real: total rate"
for v in 鲁庙村 东/西村 -前进村; do
  want=$(q "SELECT count(*) FROM checkin_standing s JOIN activity a ON a.uuid = s.activity_uuid JOIN kiosk k ON k.kiosk_id = a.kiosk_id
            WHERE $held AND s.status IN ('present','late') AND k.village = '$v'")
  [ "$(row_field $c-村支部出勤.csv "$v" 6)" = "$want" ] || fail "real: $v came $(row_field $c-村支部出勤.csv "$v" 6), the database says $want"
done
H=$(q "SELECT coalesce(sum(e.half_hours), 0) / 2.0 FROM vol_entry e WHERE e.day BETWEEN '$month-01' AND '$month-31'
       AND (SELECT decision FROM vol_review r WHERE r.entry_uuid = e.uuid ORDER BY r.seq DESC LIMIT 1) = 'approved'")
close "$(row_field $c-志愿服务.csv 合计 4)" "$H" || fail "real: approved hours $(row_field $c-志愿服务.csv 合计 4), the database says $H"
lo pdf real "$b"
check_pages real/考核报表-$month.pdf
preal=$(pages real/考核报表-$month.pdf)
# one page for each short sheet, three charts, and 党员明细 at 30 or more rows a page
members=$(q "SELECT count(*) FROM member WHERE active")
[ "$preal" -le $((5 + 3 + (members + 29) / 30)) ] || fail "3 villages of $members members print on $preal pages"
# a past review re-run: as of the month's first minute nothing had happened
t report --month "$month" --as-of "$month-01 00:00" --out past >past.out || fail "past review: $(cat past.out)"
grep -q "expected 0, came 0" past.out || fail "as of the 1st: $(cat past.out)"
# refusals, with the reason
expect_fail() { # expect_fail PATTERN CMD...
  local pat=$1; shift
  if "$@" >out 2>err; then fail "succeeded: $*"; fi
  grep -q -- "$pat" err || fail "no '$pat' in: $(cat err)"
}
expect_fail "as-of must be" t report --month "$month" --as-of "$month-01" --out past
expect_fail "as-of must be" t report --month "$month" --as-of "$month-01 25:00" --out past
expect_fail "period\|month" t report --month 2026-13 --out past
touch afile
expect_fail "not a directory" t report --month "$month" --out afile
echo "report: OK; printed pages: synthetic 3 villages $p3, 600 villages $p600; demo township (3 villages) $preal"
