/* export_xlsx: see export_xlsx.h. */
#include "export_xlsx.h"
#include "checkin.h"
#include "container.h"
#include "db_int.h"
#include "privfile.h"
#include "util.h"
#include "volunteer.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

lxw_worksheet *xlsx_sheet(lxw_workbook *wb, const char *zName, lxw_format *fmt, const char *const *azHeader) {
  lxw_worksheet *ws = workbook_add_worksheet(wb, zName);
  for (lxw_col_t c = 0; ws && azHeader[c]; c++) worksheet_write_string(ws, 0, c, azHeader[c], fmt);
  return ws;
}

KrCode export_xlsx(Db *db, const Config *cfg, const char *zDir, char *zPath, size_t nPath, char *zErr, int nErr) {
  char today[11], first[11], tmp[1200];
  util_local_date(util_now(), today);
  snprintf(first, sizeof first, "%.8s01", today);
  /* an ASCII name: every stick's file system takes it (fusefat, old FAT drivers refuse Chinese names) */
  snprintf(zPath, nPath, "%s/attendance-volunteer-%.7s-%.8s.xlsx", zDir, today, db_kiosk_id(db));
  /* first written with a mkstemp name in a private directory (0700) of its
   * own: never a shared, predictable name like /tmp/kiosk-export-<pid>.xlsx,
   * which anyone could plant as a symlink. Not on the stick itself: the zip
   * writer's seeks fail on a FAT stick over FUSE. container_write_file then
   * puts it on the stick, by way of a private directory beside it. */
  char priv[1100];
  int fd;
  if (priv_dir_scratch(priv, sizeof priv, zErr, nErr)) return -1;
  if (priv_temp(priv, "export", 0600, tmp, sizeof tmp, &fd, zErr, nErr)) { priv_dir_remove(priv); return -1; }
  close(fd); /* libxlsxwriter opens it again by name, inside our private directory */
  lxw_workbook *wb = workbook_new(tmp);
  if (!wb) { priv_dir_remove(priv); snprintf(zErr, nErr, "cannot create the workbook"); return KR_IO; }
  lxw_format *bold = workbook_add_format(wb), *pct = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_num_format(pct, "0.0%");

  lxw_worksheet *ws = xlsx_sheet(wb, "活动出勤", bold,
                   (const char *const[]){"日期", "活动", "类型", "应到", "实到", "迟到", "请假", "未到", "出勤率", NULL});
  worksheet_set_column(ws, 1, 1, 36, NULL);
  worksheet_set_column(ws, 0, 0, 12, NULL);
  Activity *a;
  int n;
  lxw_row_t r = 1;
  if (activity_list(db, NULL, 0, &a, &n) == 0) {
    for (int i = 0; i < n; i++) {
      if (strcmp(a[i].day, first) < 0 || strcmp(a[i].day, today) > 0) continue;
      AttendanceRow *rows;
      int nr;
      AttendanceCounts c;
      if (checkin_attendance(db, a[i].id, &rows, &nr, &c)) continue;
      free(rows);
      worksheet_write_string(ws, r, 0, a[i].day, NULL);
      worksheet_write_string(ws, r, 1, a[i].title, NULL);
      worksheet_write_string(ws, r, 2, a[i].kind, NULL);
      worksheet_write_number(ws, r, 3, c.expected, NULL);
      worksheet_write_number(ws, r, 4, c.present + c.late, NULL);
      worksheet_write_number(ws, r, 5, c.late, NULL);
      worksheet_write_number(ws, r, 6, c.leave, NULL);
      worksheet_write_number(ws, r, 7, c.absent, NULL);
      worksheet_write_number(ws, r, 8, c.expected ? (double)(c.present + c.late) / c.expected : 0, pct);
      r++;
    }
    free(a);
  }
  char title[256];
  snprintf(title, sizeof title, "%s %s  %s 至 %s", cfg->village, cfg->branch, first, today);
  worksheet_write_string(ws, r + 1, 0, title, bold);

  ws = xlsx_sheet(wb, "党员出勤", bold,
                   (const char *const[]){"党员编号", "姓名", "村民小组", "参加", "迟到", "请假", NULL});
  sqlite3_stmt *s;
  if (sqlite3_prepare_v2(db->h,
        "SELECT m.member_no, m.name, m.grp,"
        " sum(c.status IN ('present','late')), sum(c.status = 'late'), sum(c.status = 'leave')"
        " FROM member m LEFT JOIN activity a ON a.day BETWEEN ?1 AND ?2"
        " LEFT JOIN checkin_standing c ON c.activity_uuid = a.uuid AND c.member_no = m.member_no"
        " WHERE m.active GROUP BY m.member_no ORDER BY m.member_no", -1, &s, NULL) == SQLITE_OK) {
    sqlite3_bind_text(s, 1, first, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, today, -1, SQLITE_STATIC);
    for (r = 1; sqlite3_step(s) == SQLITE_ROW; r++) {
      for (int c = 0; c < 3; c++) worksheet_write_string(ws, r, (lxw_col_t)c, (const char *)sqlite3_column_text(s, c), NULL);
      for (int c = 3; c < 6; c++) worksheet_write_number(ws, r, (lxw_col_t)c, sqlite3_column_int(s, c), NULL);
    }
    sqlite3_finalize(s);
  }

  ws = xlsx_sheet(wb, "志愿服务", bold,
                   (const char *const[]){"日期", "党员编号", "姓名", "类别", "时长（小时）", "状态", "说明", NULL});
  VolEntry *e;
  int ne;
  if (vol_entries(db, NULL, 0, &e, &ne) == 0) {
    r = 1;
    for (int i = 0; i < ne; i++) {
      if (strcmp(e[i].day, first) < 0) continue;
      worksheet_write_string(ws, r, 0, e[i].day, NULL);
      worksheet_write_string(ws, r, 1, e[i].memberNo, NULL);
      worksheet_write_string(ws, r, 2, e[i].name, NULL);
      worksheet_write_string(ws, r, 3, e[i].category, NULL);
      worksheet_write_number(ws, r, 4, e[i].half / 2.0, NULL);
      worksheet_write_string(ws, r, 5, e[i].status == VOL_APPROVED ? "已审核" : e[i].status == VOL_REJECTED ? "未通过" : "待审核", NULL);
      worksheet_write_string(ws, r, 6, e[i].flag[0] ? "忘记签退，自动结束" : e[i].reason, NULL);
      r++;
    }
    free(e);
  }
  if (workbook_close(wb) != LXW_NO_ERROR) { priv_dir_remove(priv); snprintf(zErr, nErr, "cannot write the workbook"); return KR_IO; }
  unsigned char *bytes;
  size_t nb;
  KrCode rc = container_read_file(tmp, 64u << 20, &bytes, &nb, zErr, nErr);
  priv_dir_remove(priv);
  if (rc) return rc;
  rc = container_write_file(zPath, bytes, nb, zErr, nErr);
  free(bytes);
  return rc;
}
