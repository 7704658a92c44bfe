/* report: `township report`, the monthly and quarterly review (月考核 /
 * 季评比) as a thin layer: the period (review_period), the counting
 * (review_compute, app/core/review.c, as of now or of --as-of), and the
 * workbook and charts (report_book.c). No SQL and no counting here, so the
 * printed totals, every sheet and every chart come from one ReviewResult
 * and cannot disagree. */
#include "config.h"
#include "fonts.h"
#include "report_book.h"
#include "review.h"
#include "township.h"
#include "util.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

int township_report_cmd(Township *t, const char *zMonth, const char *zQuarter, const char *zAsOf, const char *zOut);

/* "YYYY-MM-DD HH:MM" in local time (the township's, TZ) into *pT; -1 if it
 * is not one. */
static int parse_as_of(const char *z, int64_t *pT) {
  char day[11], hm[6];
  if (strlen(z) != 16 || z[10] != ' ') return -1;
  memcpy(day, z, 10);
  day[10] = 0;
  memcpy(hm, z + 11, 5);
  hm[5] = 0;
  if (!util_valid_date(day) || !util_valid_hm(hm)) return -1;
  struct tm tm = {.tm_isdst = -1};
  if (sscanf(z, "%4d-%2d-%2d %2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min) != 5) return -1;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  time_t tt = mktime(&tm);
  if (tt == (time_t)-1) return -1;
  *pT = (int64_t)tt;
  return 0;
}

/* Runs the command; returns the exit status (0, 1 failure, 2 bad usage). */
int township_report_cmd(Township *t, const char *zMonth, const char *zQuarter, const char *zAsOf, const char *zOut) {
  char from[11], to[11], label[64], err[512];
  if (review_period(zMonth, zQuarter, from, to, label, sizeof label, err, sizeof err)) {
    fprintf(stderr, "error: not a period: %s\n", err);
    return 2;
  }
  int64_t asOf = util_now();
  if (zAsOf && parse_as_of(zAsOf, &asOf)) {
    fprintf(stderr, "error: --as-of must be \"YYYY-MM-DD HH:MM\" (local time), not \"%s\"\n", zAsOf);
    return 2;
  }
  struct stat st;
  if (mkdir(zOut, 0750) && errno != EEXIST) {
    fprintf(stderr, "error: cannot create the directory %s: %s\n", zOut, strerror(errno));
    return 1;
  }
  if (stat(zOut, &st) || !S_ISDIR(st.st_mode)) {
    fprintf(stderr, "error: %s is not a directory\n", zOut);
    return 1;
  }
  ReviewResult *r;
  if (review_compute(township_db(t), township_id(t), from, to, asOf, &r, err, sizeof err)) {
    fprintf(stderr, "error: %s\n", err);
    return 1;
  }
  Config cfg;
  config_defaults(&cfg);
  PrintFonts *f = print_fonts_open(&cfg, err, sizeof err);
  if (!f) {
    fprintf(stderr, "error: %s\n", err);
    review_free(r);
    return 1;
  }
  ReportOut o = {zOut, zMonth ? zMonth : zQuarter, f};
  ReportFiles files;
  KrCode rc = report_book_write(r, &o, &files, err, sizeof err);
  print_fonts_close(f);
  if (rc) {
    fprintf(stderr, "error: %s\n", err);
    review_free(r);
    return 1;
  }
  char day[11], hm[6];
  util_local_date(asOf, day);
  util_local_hm(asOf, hm);
  const ReviewCounts *c = &r->total;
  printf("report %s (%s to %s, as of %s %s), %d villages: %s and %d charts in %s\n", label, from, to, day, hm,
         r->nVillage, files.zBook, files.nChart, zOut);
  printf("total: expected %d, came %d, late %d, leave %d, absent %d, rate %.1f%%, approved hours %.1f\n", c->nExpected,
         c->nCame, c->nLate, c->nLeave, c->nAbsent, c->nExpected ? 100.0 * c->nCame / c->nExpected : 0,
         r->totalApprovedHours);
  review_free(r);
  return 0;
}
