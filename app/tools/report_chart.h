/* report_chart: the township report's charts as PNG bytes in memory (cairo,
 * with the printed cards' fonts), so the same bytes go into the workbook's
 * 图表 sheet and beside it as files.
 *
 * Every chart is one landscape page of a fixed size (CHART_W × CHART_H, the
 * proportions of A4), whatever the number of villages: a bar chart shows at
 * most CHART_PER_PAGE villages, sorted by the caller, so 600 villages make
 * 20 readable pages instead of one 14,516-px strip. */
#ifndef KIOSK_REPORT_CHART_H
#define KIOSK_REPORT_CHART_H
#include "fonts.h"
#include <stddef.h>

enum { CHART_W = 1600, CHART_H = 1131, CHART_PER_PAGE = 30 };

typedef struct {
  const char *zLabel;   /* valid UTF-8, no control characters (the caller cleans it) */
  double value;
  int rank;             /* printed before the label; equal values share one */
} ChartBar;

/* One page of a horizontal bar chart: a[0..n) (n ≤ CHART_PER_PAGE), drawn
 * in order; bars scaled to max; values printed with zFmt ("%.1f%%"). zTitle
 * and zSub head the page. On 0, *ppPng and *pnPng hold a new PNG the caller
 * frees with free(); -1 on failure. */
int chart_bars_png(PrintFonts *f, const char *zTitle, const char *zSub, const ChartBar *a, int n, double max,
                   const char *zFmt, unsigned char **ppPng, size_t *pnPng);

/* The overview page: on the left the distribution of attendance rates
 * (aRate[0..nRate), 0..1) in ten bands; on the right the first and last
 * villages by score (aBest: best first, already sorted; when nBest ≤ 20 all
 * of them, else the top 10 and the bottom 10). Same ownership as above. */
int chart_overview_png(PrintFonts *f, const char *zTitle, const char *zSub, const double *aRate, int nRate,
                       const ChartBar *aBest, int nBest, unsigned char **ppPng, size_t *pnPng);
#endif
