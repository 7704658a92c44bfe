/* report: the township's monthly and quarterly review (月考核 / 季评比) from
 * the merged records — an XLSX workbook (libxlsxwriter) and PNG charts
 * (cairo, with the same fonts as the printed cards).
 *
 * Sheets: 村支部出勤 (per village and branch), 活动类型 (per activity kind),
 * 党员明细 (per member), 志愿服务 (hours per village), 考核排名 (ranking).
 * Attendance counts each member of a village for each activity held in the
 * period that was the village's own or the township's; a check-in stands
 * unless a reversal cancels it; the latest version of each member and
 * activity counts. The ranking score is 出勤率 × 80 + min(人均已审核时长 / 4
 * 小时, 1) × 20, out of 100. */
#include "config.h"
#include "export_xlsx.h"
#include "fonts.h"
#include "township.h"
#include "util.h"
#include <cairo.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xlsxwriter.h>

/* Views over every version the township holds: the latest of each. */
static const char *kViews =
  "CREATE TEMP VIEW IF NOT EXISTS member_now AS SELECT * FROM (SELECT kiosk_id, member_no, name, grp, active, seq,"
  "  row_number() OVER (PARTITION BY kiosk_id, member_no ORDER BY seq DESC) AS rn FROM (SELECT kiosk_id, member_no,"
  "  name, grp, active, seq FROM member UNION ALL SELECT kiosk_id, member_no, name, grp, active, seq FROM"
  "  member_history)) WHERE rn = 1 AND active;"
  "CREATE TEMP VIEW IF NOT EXISTS activity_now AS SELECT * FROM (SELECT uuid, kiosk_id, kind, title, day,"
  "  row_number() OVER (PARTITION BY uuid ORDER BY seq DESC) AS rn FROM (SELECT uuid, kiosk_id, kind, title, day, seq"
  "  FROM activity UNION ALL SELECT uuid, kiosk_id, kind, title, day, seq FROM activity_history)) WHERE rn = 1;"
  "CREATE TEMP VIEW IF NOT EXISTS standing AS SELECT kiosk_id, activity_uuid, member_no, status FROM checkin_standing;";

typedef struct {
  char village[96], branch[96], kioskId[41];
  int members, activities, expected, present, late, leave;
  double approvedHours, pendingHours;
  double rate, score;
} VillageRow;

/* Fills rows for [from, to]; returns how many (≤ nMax), or -1. */
static int village_rows(sqlite3 *h, const char *zTown, const char *from, const char *to, VillageRow *a, int nMax) {
  sqlite3_stmt *s;
  const char *sql =
    "WITH acts AS (SELECT k.kiosk_id, a.uuid FROM kiosk k JOIN activity_now a ON (a.kiosk_id = k.kiosk_id OR a.kiosk_id = ?3)"
    "   AND a.day BETWEEN ?1 AND ?2),"
    " mem AS (SELECT kiosk_id, count(*) AS n FROM member_now GROUP BY kiosk_id)"
    " SELECT k.kiosk_id, k.village, k.branch, coalesce(m.n, 0),"
    "  (SELECT count(*) FROM acts WHERE acts.kiosk_id = k.kiosk_id),"
    "  (SELECT count(*) FROM standing s JOIN acts ON acts.uuid = s.activity_uuid AND acts.kiosk_id = s.kiosk_id"
    "    JOIN member_now mn ON mn.kiosk_id = s.kiosk_id AND mn.member_no = s.member_no"
    "    WHERE s.kiosk_id = k.kiosk_id AND s.status = 'present'),"
    "  (SELECT count(*) FROM standing s JOIN acts ON acts.uuid = s.activity_uuid AND acts.kiosk_id = s.kiosk_id"
    "    JOIN member_now mn ON mn.kiosk_id = s.kiosk_id AND mn.member_no = s.member_no"
    "    WHERE s.kiosk_id = k.kiosk_id AND s.status = 'late'),"
    "  (SELECT count(*) FROM standing s JOIN acts ON acts.uuid = s.activity_uuid AND acts.kiosk_id = s.kiosk_id"
    "    JOIN member_now mn ON mn.kiosk_id = s.kiosk_id AND mn.member_no = s.member_no"
    "    WHERE s.kiosk_id = k.kiosk_id AND s.status = 'leave'),"
    "  (SELECT coalesce(sum(e.half_hours), 0) / 2.0 FROM vol_entry e WHERE e.kiosk_id = k.kiosk_id AND e.day BETWEEN ?1 AND ?2"
    "    AND (SELECT decision FROM vol_review r WHERE r.entry_uuid = e.uuid ORDER BY r.seq DESC LIMIT 1) = 'approved'),"
    "  (SELECT coalesce(sum(e.half_hours), 0) / 2.0 FROM vol_entry e WHERE e.kiosk_id = k.kiosk_id AND e.day BETWEEN ?1 AND ?2"
    "    AND NOT EXISTS (SELECT 1 FROM vol_review r WHERE r.entry_uuid = e.uuid))"
    " FROM kiosk k LEFT JOIN mem m ON m.kiosk_id = k.kiosk_id WHERE NOT k.revoked ORDER BY k.village";
  if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) != SQLITE_OK) {
    fprintf(stderr, "error: report query: %s\n", sqlite3_errmsg(h));
    return -1;
  }
  sqlite3_bind_text(s, 1, from, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 2, to, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 3, zTown, -1, SQLITE_STATIC);
  int n = 0;
  while (n < nMax && sqlite3_step(s) == SQLITE_ROW) {
    VillageRow *r = &a[n++];
    memset(r, 0, sizeof *r);
    util_strlcpy(r->kioskId, (const char *)sqlite3_column_text(s, 0), sizeof r->kioskId);
    util_strlcpy(r->village, (const char *)sqlite3_column_text(s, 1), sizeof r->village);
    util_strlcpy(r->branch, (const char *)sqlite3_column_text(s, 2), sizeof r->branch);
    r->members = sqlite3_column_int(s, 3);
    r->activities = sqlite3_column_int(s, 4);
    r->expected = r->members * r->activities;
    r->present = sqlite3_column_int(s, 5);
    r->late = sqlite3_column_int(s, 6);
    r->leave = sqlite3_column_int(s, 7);
    r->approvedHours = sqlite3_column_double(s, 8);
    r->pendingHours = sqlite3_column_double(s, 9);
    r->rate = r->expected ? (double)(r->present + r->late) / r->expected : 0;
    double perMember = r->members ? r->approvedHours / r->members : 0;
    r->score = r->rate * 80 + (perMember / 4 > 1 ? 1 : perMember / 4) * 20;
  }
  sqlite3_finalize(s);
  return n;
}

/* Draws a horizontal bar chart of n values (labels, values, max) as a PNG. */
static int bar_chart(PrintFonts *f, const char *zPath, const char *zTitle, const char *const *azLabel,
                     const double *aValue, int n, double max, const char *zUnitFmt) {
  int W = 1200, rowH = 56, H = 140 + (n ? n : 1) * rowH + 40;
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
  cairo_t *cr = cairo_create(s);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  print_text(cr, f, zTitle, 40, 70, 30, 1);
  double labelW = 260, x0 = 40 + labelW, barMax = W - x0 - 200;
  for (int i = 0; i < n; i++) {
    double y = 120 + i * rowH;
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    print_text(cr, f, azLabel[i], 40, y + 36, print_fit(cr, f, azLabel[i], 24, 12, labelW - 20, 0), 0);
    double w = max > 0 ? barMax * aValue[i] / max : 0;
    cairo_set_source_rgb(cr, 0.55, 0.06, 0.06);
    cairo_rectangle(cr, x0, y + 8, w < 1 ? 1 : w, rowH - 16);
    cairo_fill(cr);
    char v[64];
    snprintf(v, sizeof v, zUnitFmt, aValue[i]);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    print_text(cr, f, v, x0 + w + 12, y + 36, 22, 1);
  }
  cairo_destroy(cr);
  cairo_surface_flush(s);
  int rc = cairo_surface_write_to_png(s, zPath) == CAIRO_STATUS_SUCCESS ? 0 : -1;
  cairo_surface_destroy(s);
  return rc;
}

/* [from, to] of "2026-11" or "2026-Q4". */
static int period(const char *zMonth, const char *zQuarter, char from[11], char to[11], char *zLabel, size_t nLabel) {
  int y, m, q;
  static const int aDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (zMonth) {
    if (sscanf(zMonth, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12 || strlen(zMonth) != 7) return -1;
    int d = aDays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0));
    snprintf(from, 11, "%04d-%02d-01", y, m);
    snprintf(to, 11, "%04d-%02d-%02d", y, m, d);
    snprintf(zLabel, nLabel, "%d年%d月", y, m);
    return 0;
  }
  if (sscanf(zQuarter, "%4d-Q%1d", &y, &q) != 2 || q < 1 || q > 4 || strlen(zQuarter) != 7) return -1;
  snprintf(from, 11, "%04d-%02d-01", y, q * 3 - 2);
  snprintf(to, 11, "%04d-%02d-%02d", y, q * 3, aDays[q * 3 - 1]);
  snprintf(zLabel, nLabel, "%d年第%d季度", y, q);
  return 0;
}

int township_report_cmd(Township *t, const char *zMonth, const char *zQuarter, const char *zOut);

int township_report_cmd(Township *t, const char *zMonth, const char *zQuarter, const char *zOut) {
  char from[11], to[11], label[64], err[512];
  if (period(zMonth, zQuarter, from, to, label, sizeof label)) {
    fprintf(stderr, "error: the period must be --month YYYY-MM or --quarter YYYY-Qn (n = 1..4)\n");
    return 2;
  }
  sqlite3 *h = township_db(t);
  char *msg = NULL;
  if (sqlite3_exec(h, kViews, NULL, NULL, &msg) != SQLITE_OK) {
    fprintf(stderr, "error: %s\n", msg);
    sqlite3_free(msg);
    return 1;
  }
  VillageRow a[256];
  int n = village_rows(h, township_id(t), from, to, a, 256);
  if (n < 0) return 1;
  mkdir(zOut, 0755);
  char path[1400], tmp[1410];
  snprintf(path, sizeof path, "%s/考核报表-%s.xlsx", zOut, zMonth ? zMonth : zQuarter);
  snprintf(tmp, sizeof tmp, "%s.part", path);
  lxw_workbook *wb = workbook_new(tmp);
  if (!wb) { fprintf(stderr, "error: cannot create %s\n", path); return 1; }
  lxw_format *bold = workbook_add_format(wb), *pct = workbook_add_format(wb), *num = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_num_format(pct, "0.0%");
  format_set_num_format(num, "0.0");

  /* 村支部出勤 */
  lxw_worksheet *ws = xlsx_sheet(wb, "村支部出勤", bold,
                   (const char *const[]){"村", "支部", "党员数", "活动次数", "应到人次", "实到人次", "迟到", "请假", "未到", "出勤率", NULL});
  worksheet_set_column(ws, 0, 1, 18, NULL);
  for (int i = 0; i < n; i++) {
    lxw_row_t r = (lxw_row_t)(i + 1);
    worksheet_write_string(ws, r, 0, a[i].village, NULL);
    worksheet_write_string(ws, r, 1, a[i].branch, NULL);
    worksheet_write_number(ws, r, 2, a[i].members, NULL);
    worksheet_write_number(ws, r, 3, a[i].activities, NULL);
    worksheet_write_number(ws, r, 4, a[i].expected, NULL);
    worksheet_write_number(ws, r, 5, a[i].present + a[i].late, NULL);
    worksheet_write_number(ws, r, 6, a[i].late, NULL);
    worksheet_write_number(ws, r, 7, a[i].leave, NULL);
    worksheet_write_number(ws, r, 8, a[i].expected - a[i].present - a[i].late - a[i].leave, NULL);
    worksheet_write_number(ws, r, 9, a[i].rate, pct);
  }
  worksheet_write_string(ws, (lxw_row_t)(n + 2), 0, label, bold);

  /* 活动类型 */
  ws = xlsx_sheet(wb, "活动类型", bold,
                   (const char *const[]){"活动类型", "活动次数", "签到人次", "迟到", "请假", NULL});
  worksheet_set_column(ws, 0, 0, 16, NULL);
  sqlite3_stmt *s;
  if (sqlite3_prepare_v2(h,
        "SELECT a.kind, count(DISTINCT a.uuid),"
        " (SELECT count(*) FROM standing s JOIN activity_now b ON b.uuid = s.activity_uuid WHERE b.kind = a.kind"
        "   AND b.day BETWEEN ?1 AND ?2 AND s.status IN ('present','late')),"
        " (SELECT count(*) FROM standing s JOIN activity_now b ON b.uuid = s.activity_uuid WHERE b.kind = a.kind"
        "   AND b.day BETWEEN ?1 AND ?2 AND s.status = 'late'),"
        " (SELECT count(*) FROM standing s JOIN activity_now b ON b.uuid = s.activity_uuid WHERE b.kind = a.kind"
        "   AND b.day BETWEEN ?1 AND ?2 AND s.status = 'leave')"
        " FROM activity_now a WHERE a.day BETWEEN ?1 AND ?2 GROUP BY a.kind ORDER BY a.kind", -1, &s, NULL) == SQLITE_OK) {
    sqlite3_bind_text(s, 1, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, to, -1, SQLITE_STATIC);
    for (lxw_row_t r = 1; sqlite3_step(s) == SQLITE_ROW; r++) {
      worksheet_write_string(ws, r, 0, (const char *)sqlite3_column_text(s, 0), NULL);
      for (int c = 1; c < 5; c++) worksheet_write_number(ws, r, (lxw_col_t)c, sqlite3_column_int(s, c), NULL);
    }
    sqlite3_finalize(s);
  }

  /* 党员明细 */
  ws = xlsx_sheet(wb, "党员明细", bold,
                   (const char *const[]){"村", "党员编号", "姓名", "村民小组", "应参加", "参加", "迟到", "请假", "出勤率", "已审核志愿时长", NULL});
  worksheet_set_column(ws, 0, 3, 12, NULL);
  if (sqlite3_prepare_v2(h,
        "WITH acts AS (SELECT k.kiosk_id, a.uuid FROM kiosk k JOIN activity_now a ON (a.kiosk_id = k.kiosk_id OR"
        "   a.kiosk_id = ?3) AND a.day BETWEEN ?1 AND ?2)"
        " SELECT k.village, m.member_no, m.name, m.grp, (SELECT count(*) FROM acts WHERE acts.kiosk_id = m.kiosk_id),"
        "  (SELECT count(*) FROM standing s JOIN acts ON acts.uuid = s.activity_uuid AND acts.kiosk_id = s.kiosk_id"
        "   WHERE s.kiosk_id = m.kiosk_id AND s.member_no = m.member_no AND s.status IN ('present','late')),"
        "  (SELECT count(*) FROM standing s JOIN acts ON acts.uuid = s.activity_uuid AND acts.kiosk_id = s.kiosk_id"
        "   WHERE s.kiosk_id = m.kiosk_id AND s.member_no = m.member_no AND s.status = 'late'),"
        "  (SELECT count(*) FROM standing s JOIN acts ON acts.uuid = s.activity_uuid AND acts.kiosk_id = s.kiosk_id"
        "   WHERE s.kiosk_id = m.kiosk_id AND s.member_no = m.member_no AND s.status = 'leave'),"
        "  (SELECT coalesce(sum(e.half_hours), 0) / 2.0 FROM vol_entry e WHERE e.kiosk_id = m.kiosk_id AND"
        "   e.member_no = m.member_no AND e.day BETWEEN ?1 AND ?2 AND (SELECT decision FROM vol_review r"
        "   WHERE r.entry_uuid = e.uuid ORDER BY r.seq DESC LIMIT 1) = 'approved')"
        " FROM member_now m JOIN kiosk k ON k.kiosk_id = m.kiosk_id WHERE NOT k.revoked ORDER BY k.village, m.member_no",
        -1, &s, NULL) == SQLITE_OK) {
    sqlite3_bind_text(s, 1, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, to, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, township_id(t), -1, SQLITE_STATIC);
    for (lxw_row_t r = 1; sqlite3_step(s) == SQLITE_ROW; r++) {
      for (int c = 0; c < 4; c++) worksheet_write_string(ws, r, (lxw_col_t)c, (const char *)sqlite3_column_text(s, c), NULL);
      int exp = sqlite3_column_int(s, 4), came = sqlite3_column_int(s, 5);
      worksheet_write_number(ws, r, 4, exp, NULL);
      worksheet_write_number(ws, r, 5, came, NULL);
      worksheet_write_number(ws, r, 6, sqlite3_column_int(s, 6), NULL);
      worksheet_write_number(ws, r, 7, sqlite3_column_int(s, 7), NULL);
      worksheet_write_number(ws, r, 8, exp ? (double)came / exp : 0, pct);
      worksheet_write_number(ws, r, 9, sqlite3_column_double(s, 8), num);
    }
    sqlite3_finalize(s);
  }

  /* 志愿服务 */
  ws = xlsx_sheet(wb, "志愿服务", bold,
                   (const char *const[]){"村", "党员数", "已审核时长", "待审核时长", "人均已审核时长", NULL});
  for (int i = 0; i < n; i++) {
    lxw_row_t r = (lxw_row_t)(i + 1);
    worksheet_write_string(ws, r, 0, a[i].village, NULL);
    worksheet_write_number(ws, r, 1, a[i].members, NULL);
    worksheet_write_number(ws, r, 2, a[i].approvedHours, num);
    worksheet_write_number(ws, r, 3, a[i].pendingHours, num);
    worksheet_write_number(ws, r, 4, a[i].members ? a[i].approvedHours / a[i].members : 0, num);
  }

  /* 考核排名 */
  int order[256];
  for (int i = 0; i < n; i++) order[i] = i;
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && a[order[j]].score > a[order[j - 1]].score; j--) { int x = order[j]; order[j] = order[j - 1]; order[j - 1] = x; }
  ws = xlsx_sheet(wb, "考核排名", bold,
                   (const char *const[]){"名次", "村", "出勤率", "人均已审核时长", "考核得分", NULL});
  for (int i = 0; i < n; i++) {
    const VillageRow *v = &a[order[i]];
    lxw_row_t r = (lxw_row_t)(i + 1);
    worksheet_write_number(ws, r, 0, i + 1, NULL);
    worksheet_write_string(ws, r, 1, v->village, NULL);
    worksheet_write_number(ws, r, 2, v->rate, pct);
    worksheet_write_number(ws, r, 3, v->members ? v->approvedHours / v->members : 0, num);
    worksheet_write_number(ws, r, 4, v->score, num);
  }
  worksheet_write_string(ws, (lxw_row_t)(n + 2), 0, "考核得分 = 出勤率 × 80 + min(人均已审核时长 / 4 小时, 1) × 20", NULL);
  if (workbook_close(wb) != LXW_NO_ERROR || rename(tmp, path)) {
    fprintf(stderr, "error: cannot write %s\n", path);
    remove(tmp);
    return 1;
  }

  /* charts */
  Config cfg;
  config_defaults(&cfg);
  PrintFonts *f = print_fonts_open(&cfg, err, sizeof err);
  if (!f) { fprintf(stderr, "error: %s\n", err); return 1; }
  const char *labels[256];
  double rates[256], hours[256];
  for (int i = 0; i < n; i++) {
    labels[i] = a[i].village;
    rates[i] = a[i].rate * 100;
    hours[i] = a[i].approvedHours;
  }
  double maxHours = 1;
  for (int i = 0; i < n; i++) if (hours[i] > maxHours) maxHours = hours[i];
  char title[160], png1[1400], png2[1400];
  snprintf(png1, sizeof png1, "%s/出勤率-%s.png", zOut, zMonth ? zMonth : zQuarter);
  snprintf(png2, sizeof png2, "%s/志愿时长-%s.png", zOut, zMonth ? zMonth : zQuarter);
  snprintf(title, sizeof title, "%s 各村党员出勤率", label);
  int rc = bar_chart(f, png1, title, labels, rates, n, 100, "%.1f%%");
  snprintf(title, sizeof title, "%s 各村志愿服务时长（已审核）", label);
  rc |= bar_chart(f, png2, title, labels, hours, n, maxHours, "%.1f 小时");
  print_fonts_close(f);
  if (rc) { fprintf(stderr, "error: cannot write the charts\n"); return 1; }
  printf("report %s (%s to %s), %d villages: %s, %s, %s\n", label, from, to, n, path, png1, png2);
  return 0;
}
