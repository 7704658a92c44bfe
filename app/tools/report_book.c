/* report_book: see report_book.h.
 *
 * Each data sheet is described by a table of columns (Col): a column is
 * text, a number summed in the 合计 row, or a formula over other columns of
 * its own row (a rate, 未到, hours per member, the score, the rank). One
 * writer (sheet_begin / sheet_row / sheet_end) lays out every sheet the
 * same way — title line, header row, data, 合计 — and sets up printing, so
 * the print settings cannot drift between sheets. Row 0 is the title, row
 * 1 the header, data starts on row 2 (spreadsheet row 3).
 *
 * Text from the database (village, member and activity names) is cleaned
 * before it reaches the XML or a chart: invalid UTF-8 becomes U+FFFD and
 * control characters a space, so a damaged name cannot make a workbook
 * that Excel refuses to open. Names are written as strings, never as
 * formulas, so a name that starts with '=' stays a name.
 *
 * The charts go into the workbook as the same PNGs (not native charts):
 * they are sorted, paged and drawn with the Chinese fonts we ship, so the
 * 图表 sheet prints identically in Excel, WPS and LibreOffice, whatever
 * fonts the office PC has; and a native chart over the 村支部出勤 rows
 * could not be sorted by value without a second copy of the data. */
#include "report_book.h"
#include "privfile.h"
#include "container.h"
#include "report_chart.h"
#include "util.h"
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

enum { MAXC = 16, TEXT_MAX = 1024 };
#define NCOL(a) ((int)(sizeof(a) / sizeof *(a)))

typedef enum { C_TEXT, C_INT, C_HOURS, C_RATE, C_ABSENT, C_PER, C_SCORE, C_RANK, C_KINDS } ColKind;

/* A column: its header, its kind, and the columns its formula reads —
 * C_RATE and C_PER: a / b; C_ABSENT: a - b - c; C_SCORE: a (a rate) and b
 * (hours per member); C_RANK: the rank of column a among the data rows. */
typedef struct { const char *zHead; ColKind kind; int a, b, c; } Col;

typedef struct {
  lxw_workbook *wb;
  lxw_format *fTitle, *fHead, *fNote, *aFmt[C_KINDS][2]; /* [kind][0 data, 1 合计] */
  const ReviewResult *r;
  char zWhen[200];     /* the period and asOf, for every title line */
} Book;

typedef struct {
  Book *b;
  lxw_worksheet *ws;
  const Col *aCol;
  int nCol, nData, nRow;   /* nData rows announced, nRow written */
  double aSum[MAXC];
  int aWidth[MAXC];
  lxw_error err;           /* the first libxlsxwriter error */
} Sheet;

typedef struct { const char *az[MAXC]; double av[MAXC]; } Row;

/* Copies z into buf (size n) as valid UTF-8 without control characters;
 * returns buf. NULL reads as "". */
static const char *clean(const char *z, char *buf, size_t n) {
  size_t o = 0;
  const char *p = z ? z : "", *e = p + strlen(p);
  while (p < e) {
    const char *q = p;
    int32_t c = util_utf8_next(&q, e);
    if (c < 0) { c = 0xFFFD; q = p + 1; }
    else if (c < 0x20 || c == 0x7F || c == 0xFFFE || c == 0xFFFF) c = ' ';
    char u[4];
    size_t k;
    if (c < 0x80) { u[0] = (char)c; k = 1; }
    else if (c < 0x800) { u[0] = (char)(0xC0 | c >> 6); u[1] = (char)(0x80 | (c & 0x3F)); k = 2; }
    else if (c < 0x10000) { u[0] = (char)(0xE0 | c >> 12); u[1] = (char)(0x80 | (c >> 6 & 0x3F)); u[2] = (char)(0x80 | (c & 0x3F)); k = 3; }
    else { u[0] = (char)(0xF0 | c >> 18); u[1] = (char)(0x80 | (c >> 12 & 0x3F)); u[2] = (char)(0x80 | (c >> 6 & 0x3F)); u[3] = (char)(0x80 | (c & 0x3F)); k = 4; }
    if (o + k >= n) break;
    memcpy(buf + o, u, k);
    o += k;
    p = q;
  }
  buf[o] = 0;
  return buf;
}

/* Display width in spreadsheet characters: CJK and other wide text counts 2. */
static int text_width(const char *z) {
  int w = 0;
  for (const unsigned char *p = (const unsigned char *)z; *p; p++)
    if (*p < 0x80) w++;
    else if ((*p & 0xC0) != 0x80) w += 2;
  return w;
}

/* Remembers the first error of the sheet's writes. */
static void keep(Sheet *s, lxw_error e) { if (e && !s->err) s->err = e; }

/* "C3" of a 0-based row and column. */
static void ref(char out[16], int row, int col) { lxw_rowcol_to_cell(out, (lxw_row_t)row, (lxw_col_t)col); }

/* The value the formula of column k gives over the row's values v. */
static double eval(const Col *k, const double *v) {
  switch (k->kind) {
    case C_RATE: case C_PER: return v[k->b] == 0 ? 0 : v[k->a] / v[k->b];
    case C_ABSENT: return v[k->a] - v[k->b] - v[k->c];
    case C_SCORE: return v[k->a] * 80 + fmin(v[k->b] / 4, 1) * 20;
    default: return 0; /* not a formula */
  }
}

/* Writes column c's formula on sheet row `row`, with its value v. */
static void put_formula(Sheet *s, int row, int c, double v, int total) {
  const Col *k = &s->aCol[c];
  char a[16], b[16], cc[16], f[128];
  ref(a, row, k->a);
  ref(b, row, k->b);
  ref(cc, row, k->c);
  switch (k->kind) {
    case C_RATE: case C_PER: snprintf(f, sizeof f, "=IF(%s=0,0,%s/%s)", b, a, b); break;
    case C_ABSENT: snprintf(f, sizeof f, "=%s-%s-%s", a, b, cc); break;
    case C_SCORE: snprintf(f, sizeof f, "=%s*80+MIN(%s/4,1)*20", a, b); break;
    case C_RANK: {
      char first[16], last[16];
      lxw_rowcol_to_cell_abs(first, 2, (lxw_col_t)k->a, 1, 1);
      lxw_rowcol_to_cell_abs(last, (lxw_row_t)(1 + s->nData), (lxw_col_t)k->a, 1, 1);
      snprintf(f, sizeof f, "=RANK(%s,%s:%s)", a, first, last);
      break;
    }
    default: return;
  }
  keep(s, worksheet_write_formula_num(s->ws, (lxw_row_t)row, (lxw_col_t)c, f, s->b->aFmt[k->kind][total], v));
}

/* Every sheet prints the same way: A4 landscape, one page wide and as many
 * tall as it takes, the sheet's name and the period above, the page number
 * below. */
static lxw_error print_setup(Book *b, lxw_worksheet *ws) {
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9); /* A4 */
  worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
  worksheet_fit_to_pages(ws, 1, 0);
  worksheet_center_horizontally(ws);
  char head[200];
  snprintf(head, sizeof head, "&L&A&R%s", b->r->zLabel);
  lxw_error e = worksheet_set_header(ws, head);
  return e ? e : worksheet_set_footer(ws, "&C第 &P 页，共 &N 页");
}

/* A new sheet: title line, header row, print setup. nData rows will follow. */
static int sheet_begin(Sheet *s, Book *b, const char *zName, const Col *aCol, int nCol, int nData) {
  memset(s, 0, sizeof *s);
  s->b = b;
  s->aCol = aCol;
  s->nCol = nCol;
  s->nData = nData;
  s->ws = workbook_add_worksheet(b->wb, zName);
  if (!s->ws) return -1;
  char title[400];
  snprintf(title, sizeof title, "%s　%s", zName, b->zWhen);
  keep(s, worksheet_merge_range(s->ws, 0, 0, 0, (lxw_col_t)(nCol - 1), title, b->fTitle));
  keep(s, worksheet_set_row(s->ws, 0, 24, NULL));
  keep(s, worksheet_set_row(s->ws, 1, 30, NULL));
  for (int c = 0; c < nCol; c++) {
    keep(s, worksheet_write_string(s->ws, 1, (lxw_col_t)c, aCol[c].zHead, b->fHead));
    s->aWidth[c] = text_width(aCol[c].zHead) + 2;
    if (aCol[c].kind != C_TEXT && s->aWidth[c] < 9) s->aWidth[c] = 9;
  }
  worksheet_freeze_panes(s->ws, 2, 1);
  keep(s, worksheet_repeat_rows(s->ws, 0, 1));
  worksheet_gridlines(s->ws, LXW_SHOW_ALL_GRIDLINES);
  keep(s, print_setup(b, s->ws));
  return 0;
}

/* Writes one data row: text, numbers, and formulas cached with r->av. */
static void sheet_row(Sheet *s, const Row *r) {
  int row = 2 + s->nRow++;
  char buf[TEXT_MAX];
  for (int c = 0; c < s->nCol; c++) {
    const Col *k = &s->aCol[c];
    if (k->kind == C_TEXT) {
      clean(r->az[c], buf, sizeof buf);
      keep(s, worksheet_write_string(s->ws, (lxw_row_t)row, (lxw_col_t)c, buf, NULL));
      int w = text_width(buf) + 2;
      if (w > s->aWidth[c]) s->aWidth[c] = w > 36 ? 36 : w;
    } else if (k->kind == C_INT || k->kind == C_HOURS) {
      keep(s, worksheet_write_number(s->ws, (lxw_row_t)row, (lxw_col_t)c, r->av[c], s->b->aFmt[k->kind][0]));
      s->aSum[c] += r->av[c];
    } else put_formula(s, row, c, r->av[c], 0);
  }
}

/* The 合计 row (zLabel in the first text column), the filter, the widths.
 * Returns 0, or -1 if libxlsxwriter refused any cell of the sheet. */
static int sheet_end(Sheet *s, const char *zLabel) {
  int row = 2 + s->nRow, labelled = 0;
  double v[MAXC];
  memcpy(v, s->aSum, sizeof v);
  /* formulas read sums, and the score reads rates: evaluate in that order */
  static const ColKind aOrder[] = {C_ABSENT, C_RATE, C_PER, C_SCORE};
  for (int o = 0; o < 4; o++)
    for (int c = 0; c < s->nCol; c++)
      if (s->aCol[c].kind == aOrder[o]) v[c] = eval(&s->aCol[c], v);
  for (int c = 0; c < s->nCol; c++) {
    const Col *k = &s->aCol[c];
    lxw_format *fmt = s->b->aFmt[k->kind][1];
    if (k->kind == C_TEXT) {
      keep(s, worksheet_write_string(s->ws, (lxw_row_t)row, (lxw_col_t)c, labelled ? "" : zLabel, fmt));
      labelled = 1;
    } else if (k->kind == C_RANK) {
      keep(s, worksheet_write_blank(s->ws, (lxw_row_t)row, (lxw_col_t)c, fmt));
    } else if ((k->kind == C_INT || k->kind == C_HOURS) && s->nRow) {
      char first[16], last[16], f[64];
      ref(first, 2, c);
      ref(last, row - 1, c);
      snprintf(f, sizeof f, "=SUM(%s:%s)", first, last);
      keep(s, worksheet_write_formula_num(s->ws, (lxw_row_t)row, (lxw_col_t)c, f, fmt, v[c]));
    } else if (k->kind == C_INT || k->kind == C_HOURS) {
      keep(s, worksheet_write_number(s->ws, (lxw_row_t)row, (lxw_col_t)c, 0, fmt));
    } else put_formula(s, row, c, v[c], 1);
  }
  if (s->nRow) keep(s, worksheet_autofilter(s->ws, 1, 0, (lxw_row_t)(row - 1), (lxw_col_t)(s->nCol - 1)));
  for (int c = 0; c < s->nCol; c++)
    keep(s, worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, s->aWidth[c], NULL));
  return s->err ? -1 : 0;
}

/* A line of text under the table, over its whole width. */
static void sheet_note(Sheet *s, int row, const char *z) {
  keep(s, worksheet_merge_range(s->ws, (lxw_row_t)row, 0, (lxw_row_t)row, (lxw_col_t)(s->nCol - 1), z, s->b->fNote));
}

/* The five counts into the row's values from column c on (应到 实到 迟到 请假 未到). */
static void counts(Row *r, int c, const ReviewCounts *n) {
  r->av[c] = n->nExpected;
  r->av[c + 1] = n->nCame;
  r->av[c + 2] = n->nLate;
  r->av[c + 3] = n->nLeave;
  r->av[c + 4] = n->nAbsent;
}

/* The five count columns from column c on, then the rate: 应到 实到 迟到 请假 未到 出勤率. */
#define COUNT_COLS(c) {"应到人次", C_INT, 0, 0, 0}, {"实到人次", C_INT, 0, 0, 0}, {"迟到", C_INT, 0, 0, 0}, \
  {"请假", C_INT, 0, 0, 0}, {"未到", C_ABSENT, (c), (c) + 1, (c) + 3}, {"出勤率", C_RATE, (c) + 1, (c), 0}

/* The data sheets, one function each: its columns and how a row of the
 * review fills them. 0, or -1 if a cell was refused. */
static int sheet_villages(Book *b) {
  static const Col aCol[] = {{"村", C_TEXT, 0, 0, 0}, {"支部", C_TEXT, 0, 0, 0}, {"党员数", C_INT, 0, 0, 0},
                             {"活动次数", C_INT, 0, 0, 0}, COUNT_COLS(4), {"名册外签到", C_INT, 0, 0, 0},
                             {"备注", C_TEXT, 0, 0, 0}};
  const ReviewResult *r = b->r;
  Sheet s;
  if (sheet_begin(&s, b, "村支部出勤", aCol, NCOL(aCol), r->nVillage)) return -1;
  for (int i = 0; i < r->nVillage; i++) {
    const ReviewVillage *v = &r->aVillage[i];
    Row row = {{v->zVillage, v->zBranch}, {0, 0, v->nMembers, v->nActivities}};
    counts(&row, 4, &v->c);
    row.av[9] = v->rate;
    row.av[10] = v->nOffRoster;
    row.az[11] = v->revoked ? "终端已停用" : "";
    sheet_row(&s, &row);
  }
  int rc = sheet_end(&s, "合计");
  sheet_note(&s, 3 + r->nVillage, "应到：活动当天在册的党员；实到 = 按时 + 迟到（含代签、补录）；未到 = 应到 − 实到 − 请假；"
                                  "出勤率 = 实到 ÷ 应到。名册外签到：不在当天名册上的人签到，不计入出勤率。终端已停用的村，停用前的记录照常计入。");
  return rc || s.err ? -1 : 0;
}

static int sheet_kinds(Book *b) {
  static const Col aCol[] = {{"活动类型", C_TEXT, 0, 0, 0}, {"活动次数", C_INT, 0, 0, 0}, COUNT_COLS(2)};
  const ReviewResult *r = b->r;
  Sheet s;
  if (sheet_begin(&s, b, "活动类型", aCol, NCOL(aCol), r->nKind)) return -1;
  for (int i = 0; i < r->nKind; i++) {
    Row row = {{r->aKind[i].zKind}, {0, r->aKind[i].nActivities}};
    counts(&row, 2, &r->aKind[i].c);
    row.av[7] = r->aKind[i].rate;
    sheet_row(&s, &row);
  }
  return sheet_end(&s, "合计");
}

static int sheet_activities(Book *b) {
  static const Col aCol[] = {{"村", C_TEXT, 0, 0, 0}, {"日期", C_TEXT, 0, 0, 0}, {"开始", C_TEXT, 0, 0, 0},
                             {"类型", C_TEXT, 0, 0, 0}, {"活动", C_TEXT, 0, 0, 0}, COUNT_COLS(5)};
  const ReviewResult *r = b->r;
  Sheet s;
  if (sheet_begin(&s, b, "活动明细", aCol, NCOL(aCol), r->nActivity)) return -1;
  for (int i = 0; i < r->nActivity; i++) {
    const ReviewActivity *a = &r->aActivity[i];
    const ReviewCounts *c = &a->c;
    Row row = {{r->aVillage[a->iVillage].zVillage, a->zDay, a->zStart, a->zKind, a->zTitle}, {0}};
    counts(&row, 5, c);
    row.av[10] = c->nExpected ? (double)c->nCame / c->nExpected : 0;
    sheet_row(&s, &row);
  }
  return sheet_end(&s, "合计");
}

static int sheet_members(Book *b) {
  static const Col aCol[] = {{"村", C_TEXT, 0, 0, 0}, {"党员编号", C_TEXT, 0, 0, 0}, {"姓名", C_TEXT, 0, 0, 0},
                             {"村民小组", C_TEXT, 0, 0, 0}, {"期末在册", C_TEXT, 0, 0, 0}, COUNT_COLS(5),
                             {"已审核志愿时长", C_HOURS, 0, 0, 0}, {"待审核志愿时长", C_HOURS, 0, 0, 0}};
  const ReviewResult *r = b->r;
  Sheet s;
  if (sheet_begin(&s, b, "党员明细", aCol, NCOL(aCol), r->nMember)) return -1;
  for (int i = 0; i < r->nMember; i++) {
    const ReviewMember *m = &r->aMember[i];
    Row row = {{r->aVillage[m->iVillage].zVillage, m->zMemberNo, m->zName, m->zGroup, m->onRosterAtEnd ? "是" : "期间离开"}, {0}};
    counts(&row, 5, &m->c);
    row.av[10] = m->rate;
    row.av[11] = m->approvedHours;
    row.av[12] = m->pendingHours;
    sheet_row(&s, &row);
  }
  return sheet_end(&s, "合计");
}

static int sheet_volunteer(Book *b) {
  static const Col aCol[] = {{"村", C_TEXT, 0, 0, 0}, {"支部", C_TEXT, 0, 0, 0}, {"党员数", C_INT, 0, 0, 0},
                             {"已审核时长（小时）", C_HOURS, 0, 0, 0}, {"待审核时长（小时）", C_HOURS, 0, 0, 0},
                             {"人均已审核时长", C_PER, 3, 2, 0}};
  const ReviewResult *r = b->r;
  Sheet s;
  if (sheet_begin(&s, b, "志愿服务", aCol, NCOL(aCol), r->nVillage)) return -1;
  for (int i = 0; i < r->nVillage; i++) {
    const ReviewVillage *v = &r->aVillage[i];
    Row row = {{v->zVillage, v->zBranch}, {0, 0, v->nMembers, v->approvedHours, v->pendingHours, v->hoursPerMember}};
    sheet_row(&s, &row);
  }
  return sheet_end(&s, "合计");
}

typedef struct { double v; const char *zName; int i, rank; } Ranked;

/* Best first; equal values by name, then by position, so runs agree. */
static int ranked_cmp(const void *pa, const void *pb) {
  const Ranked *a = pa, *b = pb;
  if (a->v != b->v) return a->v > b->v ? -1 : 1;
  int c = strcmp(a->zName, b->zName);
  return c ? c : a->i - b->i;
}

/* The villages' indices ordered by the value at byte offset `off` in
 * ReviewVillage (a double), best first, with their ranks. Returns a new
 * array (free()) or NULL. */
static Ranked *rank_by(const ReviewResult *r, size_t off) {
  Ranked *a = malloc(sizeof *a * (size_t)(r->nVillage ? r->nVillage : 1));
  if (!a) return NULL;
  for (int i = 0; i < r->nVillage; i++) {
    double v;
    memcpy(&v, (const char *)&r->aVillage[i] + off, sizeof v);
    a[i] = (Ranked){v, r->aVillage[i].zVillage ? r->aVillage[i].zVillage : "", i, 0};
  }
  qsort(a, (size_t)r->nVillage, sizeof *a, ranked_cmp);
  for (int i = 0; i < r->nVillage; i++) /* as RANK() counts: equal values share the better rank */
    a[i].rank = i && a[i].v == a[i - 1].v ? a[i - 1].rank : i + 1;
  return a;
}

static int sheet_ranking(Book *b) {
  static const Col aCol[] = {{"名次", C_RANK, 9, 0, 0}, {"村", C_TEXT, 0, 0, 0}, {"支部", C_TEXT, 0, 0, 0},
                             {"应到人次", C_INT, 0, 0, 0}, {"实到人次", C_INT, 0, 0, 0}, {"出勤率", C_RATE, 4, 3, 0},
                             {"党员数", C_INT, 0, 0, 0}, {"已审核时长（小时）", C_HOURS, 0, 0, 0},
                             {"人均已审核时长", C_PER, 7, 6, 0}, {"考核得分", C_SCORE, 5, 8, 0}};
  const ReviewResult *r = b->r;
  Ranked *o = rank_by(r, offsetof(ReviewVillage, score));
  if (!o) return -1;
  Sheet s;
  if (sheet_begin(&s, b, "考核排名", aCol, NCOL(aCol), r->nVillage)) { free(o); return -1; }
  for (int i = 0; i < r->nVillage; i++) {
    const ReviewVillage *v = &r->aVillage[o[i].i];
    Row row = {{NULL, v->zVillage, v->zBranch},
               {o[i].rank, 0, 0, v->c.nExpected, v->c.nCame, v->rate, v->nMembers, v->approvedHours, v->hoursPerMember,
                v->score}};
    sheet_row(&s, &row);
  }
  free(o);
  int rc = sheet_end(&s, "全镇");
  sheet_note(&s, 3 + r->nVillage, "考核得分 = 出勤率 × 80 + min(人均已审核时长 ÷ 4 小时, 1) × 20，满分 100；"
                                  "得分相同名次相同。全镇一行是全镇合计的同一公式。");
  return rc || s.err ? -1 : 0;
}

/* Writes one PNG beside the workbook and into the 图表 sheet at its page. */
static KrCode chart_out(Book *b, lxw_worksheet *ws, int *piPage, const ReportOut *o, const char *zName,
                        unsigned char *png, size_t n, char *zErr, int nErr) {
  char path[1200];
  snprintf(path, sizeof path, "%s/%s", o->zDir, zName);
  int rc = container_write_file_mode(path, png, n, PRIV_MODE_REPORT, zErr, nErr);
  lxw_image_options io = {.x_scale = 0.55, .y_scale = 0.55, .description = (char *)zName};
  /* one chart a printed page: 33 rows of 20 px hold 1131 × 0.55 px */
  if (!rc && worksheet_insert_image_buffer_opt(ws, (lxw_row_t)(1 + 33 * *piPage), 0, png, n, &io)) {
    snprintf(zErr, nErr, "cannot put %s into the workbook", zName);
    rc = -1;
  }
  free(png);
  (*piPage)++;
  return rc ? KR_IO : KR_OK;
}

/* Pages of bars for one measure: zWhat names it in titles and files. */
static KrCode chart_pages(Book *b, lxw_worksheet *ws, int *piPage, const ReportOut *o, PrintFonts *f,
                          char **azLabel, const Ranked *aRank, const char *zWhat, const char *zFile, double scale,
                          double max, const char *zFmt, int *pnPage, char *zErr, int nErr) {
  const ReviewResult *r = b->r;
  int nPage = (r->nVillage + CHART_PER_PAGE - 1) / CHART_PER_PAGE;
  ChartBar a[CHART_PER_PAGE];
  for (int p = 0; p < nPage; p++) {
    int first = p * CHART_PER_PAGE, n = r->nVillage - first < CHART_PER_PAGE ? r->nVillage - first : CHART_PER_PAGE;
    for (int i = 0; i < n; i++) a[i] = (ChartBar){azLabel[aRank[first + i].i], aRank[first + i].v * scale, aRank[first + i].rank};
    char title[300], sub[400], name[200];
    snprintf(title, sizeof title, "%s 各村%s（第 %d / %d 页）", r->zLabel, zWhat, p + 1, nPage);
    snprintf(sub, sizeof sub, "共 %d 个村从高到低，本页第 %d–%d 位（数值相同者名次并列）；%s", r->nVillage, first + 1,
             first + n, b->zWhen);
    snprintf(name, sizeof name, "%s-%s-p%02d.png", zFile, o->zStem, p + 1);
    unsigned char *png;
    size_t nPng;
    if (chart_bars_png(f, title, sub, a, n, max, zFmt, &png, &nPng)) {
      snprintf(zErr, nErr, "cannot draw the chart %s", name);
      return KR_NOMEM;
    }
    KrCode rc = chart_out(b, ws, piPage, o, name, png, nPng, zErr, nErr);
    if (rc) return rc;
  }
  /* pages of an earlier run with more villages would mislead: remove them */
  for (int p = nPage + 1;; p++) {
    char path[1200];
    snprintf(path, sizeof path, "%s/%s-%s-p%02d.png", o->zDir, zFile, o->zStem, p);
    if (unlink(path)) break;
  }
  *pnPage = nPage;
  return KR_OK;
}

/* The 图表 sheet and the PNG files. */
static KrCode sheet_charts(Book *b, const ReportOut *o, ReportFiles *pFiles, char *zErr, int nErr) {
  const ReviewResult *r = b->r;
  lxw_worksheet *ws = workbook_add_worksheet(b->wb, "图表");
  if (!ws) { snprintf(zErr, nErr, "cannot add the chart sheet"); return KR_NOMEM; }
  char title[300];
  snprintf(title, sizeof title, "图表　%s", b->zWhen);
  worksheet_write_string(ws, 0, 0, title, b->fTitle);
  print_setup(b, ws);

  KrCode rc = KR_NOMEM;
  size_t nv = (size_t)(r->nVillage ? r->nVillage : 1);
  char **azLabel = calloc(nv, sizeof *azLabel);
  double *aRate = malloc(nv * sizeof *aRate);
  ChartBar *aBest = malloc(nv * sizeof *aBest);
  Ranked *byRate = rank_by(r, offsetof(ReviewVillage, rate));
  Ranked *byHours = rank_by(r, offsetof(ReviewVillage, hoursPerMember));
  Ranked *byScore = rank_by(r, offsetof(ReviewVillage, score));
  if (!azLabel || !aRate || !aBest || !byRate || !byHours || !byScore) {
    snprintf(zErr, nErr, "out of memory drawing the charts");
    goto done;
  }
  for (int i = 0; i < r->nVillage; i++) {
    char buf[TEXT_MAX];
    azLabel[i] = strdup(clean(r->aVillage[i].zVillage, buf, sizeof buf));
    if (!azLabel[i]) { snprintf(zErr, nErr, "out of memory drawing the charts"); goto done; }
    aRate[i] = r->aVillage[i].rate;
  }
  /* the page breaks go before each chart after the first */
  int nChart = 1 + 2 * (int)((r->nVillage + CHART_PER_PAGE - 1) / CHART_PER_PAGE), iPage = 0;
  lxw_row_t *aBreak = calloc((size_t)nChart + 1, sizeof *aBreak);
  if (!aBreak) { snprintf(zErr, nErr, "out of memory drawing the charts"); goto done; }
  for (int i = 1; i < nChart && i < 1000; i++) aBreak[i - 1] = (lxw_row_t)(1 + 33 * i);
  worksheet_set_h_pagebreaks(ws, aBreak);
  free(aBreak);

  for (int i = 0; i < r->nVillage; i++) aBest[i] = (ChartBar){azLabel[byScore[i].i], byScore[i].v, byScore[i].rank};
  char sub[400], name[200];
  const ReviewCounts *t = &r->total;
  snprintf(title, sizeof title, "%s 考核概览", r->zLabel);
  snprintf(sub, sizeof sub, "%d 个村：应到 %d 人次，实到 %d 人次，出勤率 %.1f%%；已审核志愿服务 %.1f 小时；%s",
           r->nVillage, t->nExpected, t->nCame, t->nExpected ? 100.0 * t->nCame / t->nExpected : 0,
           r->totalApprovedHours, b->zWhen);
  snprintf(name, sizeof name, "考核概览-%s.png", o->zStem);
  unsigned char *png;
  size_t nPng;
  if (chart_overview_png(o->pFonts, title, sub, aRate, r->nVillage, aBest, r->nVillage, &png, &nPng)) {
    snprintf(zErr, nErr, "cannot draw the chart %s", name);
    goto done;
  }
  if ((rc = chart_out(b, ws, &iPage, o, name, png, nPng, zErr, nErr))) goto done;
  int nPage;
  if ((rc = chart_pages(b, ws, &iPage, o, o->pFonts, azLabel, byRate, "党员出勤率", "出勤率", 100, 100, "%.1f%%",
                        &nPage, zErr, nErr)))
    goto done;
  double maxHours = 4; /* the score's full mark: a village there fills the bar */
  for (int i = 0; i < r->nVillage; i++) if (r->aVillage[i].hoursPerMember > maxHours) maxHours = r->aVillage[i].hoursPerMember;
  maxHours = ceil(maxHours / 4) * 4;
  if ((rc = chart_pages(b, ws, &iPage, o, o->pFonts, azLabel, byHours, "人均已审核志愿服务时长", "志愿时长", 1,
                        maxHours, "%.2f 小时", &nPage, zErr, nErr)))
    goto done;
  pFiles->nChart = iPage;
  pFiles->nRatePage = nPage;
  rc = KR_OK;
done:
  for (int i = 0; azLabel && i < r->nVillage; i++) free(azLabel[i]);
  free(azLabel);
  free(aRate);
  free(aBest);
  free(byRate);
  free(byHours);
  free(byScore);
  return rc;
}

/* A number format; bold with a double rule above for the 合计 row. Owned by wb. */
static lxw_format *fmt(lxw_workbook *wb, const char *zNum, int bold) {
  lxw_format *f = workbook_add_format(wb);
  if (zNum) format_set_num_format(f, zNum);
  if (bold) {
    format_set_bold(f);
    format_set_top(f, LXW_BORDER_DOUBLE);
  }
  return f;
}

KrCode report_book_write(const ReviewResult *r, const ReportOut *o, ReportFiles *pFiles, char *zErr, int nErr) {
  memset(pFiles, 0, sizeof *pFiles);
  if (strlen(o->zDir) > 900) { snprintf(zErr, nErr, "the output directory's path is too long"); return KR_BAD_INPUT; }
  char tmp[1200], priv[1100], day[11], hm[6];
  snprintf(pFiles->zBook, sizeof pFiles->zBook, "%s/考核报表-%s.xlsx", o->zDir, o->zStem);
  /* the workbook is first written in a private scratch directory (0700),
   * then put in place as a bundle is (the zip writer's seeks would fail on a
   * FAT stick over FUSE) */
  int fd;
  if (priv_dir_scratch(priv, sizeof priv, zErr, nErr)) return KR_IO;
  if (priv_temp(priv, "book", 0600, tmp, sizeof tmp, &fd, zErr, nErr)) { priv_dir_remove(priv); return KR_IO; }
  close(fd); /* libxlsxwriter opens it again by name, inside our private directory */
  Book b = {.r = r};
  util_local_date(r->asOf, day);
  util_local_hm(r->asOf, hm);
  snprintf(b.zWhen, sizeof b.zWhen, "%s（%s 至 %s，统计截至 %s %s）", r->zLabel, r->zFrom, r->zTo, day, hm);
  b.wb = workbook_new(tmp);
  if (!b.wb) { snprintf(zErr, nErr, "cannot create %s: %s", tmp, strerror(errno)); priv_dir_remove(priv); return KR_IO; }
  b.fTitle = workbook_add_format(b.wb);
  format_set_bold(b.fTitle);
  format_set_font_size(b.fTitle, 14);
  b.fHead = workbook_add_format(b.wb);
  format_set_bold(b.fHead);
  format_set_text_wrap(b.fHead);
  format_set_align(b.fHead, LXW_ALIGN_CENTER);
  format_set_align(b.fHead, LXW_ALIGN_VERTICAL_CENTER);
  format_set_bg_color(b.fHead, 0xE8E8E8);
  b.fNote = workbook_add_format(b.wb);
  format_set_text_wrap(b.fNote);
  format_set_align(b.fNote, LXW_ALIGN_VERTICAL_TOP);
  static const char *const azNum[C_KINDS] = {NULL, "0", "0.0", "0.0%", "0", "0.00", "0.0", "0"};
  for (int k = 0; k < C_KINDS; k++)
    for (int t = 0; t < 2; t++) b.aFmt[k][t] = fmt(b.wb, azNum[k], t);

  KrCode rc = KR_IO;
  if (sheet_villages(&b) || sheet_kinds(&b) || sheet_activities(&b) || sheet_members(&b) || sheet_volunteer(&b) ||
      sheet_ranking(&b)) {
    snprintf(zErr, nErr, "cannot lay out the workbook (a cell was refused)");
    workbook_close(b.wb);
    priv_dir_remove(priv);
    return KR_IO;
  }
  rc = sheet_charts(&b, o, pFiles, zErr, nErr);
  lxw_error e = workbook_close(b.wb);
  if (!rc && e) {
    snprintf(zErr, nErr, "cannot write %s: %s", tmp, lxw_strerror(e));
    rc = KR_IO;
  }
  if (!rc) { /* then under its name, as a bundle is: temporary name, fsync, rename, read back */
    unsigned char *bytes;
    size_t n;
    if (container_read_file(tmp, (size_t)1 << 30, &bytes, &n, zErr, nErr)) rc = KR_IO;
    else {
      if (container_write_file_mode(pFiles->zBook, bytes, n, PRIV_MODE_REPORT, zErr, nErr)) rc = KR_IO;
      free(bytes);
    }
  }
  priv_dir_remove(priv);
  return rc;
}
