/* report_book: the township review as a clerk's workbook and charts, made
 * only from one ReviewResult (review.h); no SQL here.
 *
 * Files, each written under a temporary name in zDir and renamed:
 *   考核报表-STEM.xlsx       the workbook (sheets below)
 *   考核概览-STEM.png        the distribution of rates, first and last by score
 *   出勤率-STEM-pNN.png      villages by 出勤率, best first, CHART_PER_PAGE a page
 *   志愿时长-STEM-pNN.png    villages by 人均已审核志愿时长, the same way
 * Pages left from an earlier, longer run of the same period are removed.
 *
 * Sheets: 村支部出勤, 活动类型, 活动明细, 党员明细, 志愿服务, 考核排名, and
 * 图表 (the same PNGs, one per printed page). Each data sheet prints A4
 * landscape, one page wide, its title and header row repeated on every
 * page, frozen panes, a 合计 row of =SUM() formulas; rates, 未到, hours per
 * member, the score and the rank are formulas over the row's cells, each
 * written with its value so that a viewer that does not recalculate shows
 * the same figure. */
#ifndef KIOSK_REPORT_BOOK_H
#define KIOSK_REPORT_BOOK_H
#include "fonts.h"
#include "result.h"
#include "review.h"

typedef struct {
  const char *zDir;    /* an existing directory */
  const char *zStem;   /* "2026-11" or "2026-Q4": in every file name */
  PrintFonts *pFonts;  /* for the charts */
} ReportOut;

typedef struct {
  char zBook[1100];    /* the workbook's path */
  int nChart;          /* PNG files written */
  int nRatePage;       /* of which 出勤率 pages (as many 志愿时长 pages) */
} ReportFiles;

/* Writes the workbook and the charts of r as described above. KR_OK, or
 * KR_IO / KR_NOMEM / KR_BAD_INPUT (a directory path too long) with an
 * English message; a file that was not finished is never left under its
 * final name. */
KrCode report_book_write(const ReviewResult *r, const ReportOut *o, ReportFiles *pFiles, char *zErr, int nErr);
#endif
