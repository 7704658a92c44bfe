/* export_xlsx: the human-readable side of an export — an XLSX workbook
 * (libxlsxwriter) of this month's attendance and volunteer hours for the
 * branch, for the secretary and the township to read in Excel or WPS:
 * 活动出勤 (each activity: 应到 实到 迟到 请假 未到 出勤率), 党员出勤 (each
 * member), 志愿服务 (each entry and its review). Written safely like a
 * bundle (temporary name, fsync, rename, read back), under an ASCII name
 * (attendance-volunteer-YYYY-MM-<kiosk>.xlsx) that any stick's file system
 * takes; the sheets and their contents are in Chinese. */
#ifndef KIOSK_EXPORT_XLSX_H
#define KIOSK_EXPORT_XLSX_H
#include <stddef.h>
#include "config.h"
#include "db.h"
#include "result.h"
#include <xlsxwriter.h>

/* Writes the workbook for the month of today into zDir; the path into
 * zPath. Returns KR_OK, or KR_IO (and the codes of container_read_file /
 * container_write_file) with an English message. */
KrCode export_xlsx(Db *db, const Config *cfg, const char *zDir, char *zPath, size_t nPath, char *zErr, int nErr);

/* A new sheet whose first row is the headers, in fmt (bold); both the
 * kiosk's export and the township's report use it. NULL-terminated list. */
lxw_worksheet *xlsx_sheet(lxw_workbook *wb, const char *zName, lxw_format *fmt, const char *const *azHeader);
#endif
