/* report_chart: see report_chart.h. A page is drawn on an RGB24 image
 * surface and encoded to PNG into a growing buffer. Labels shrink to fit
 * their column (print_fit) down to a floor that stays legible; a label
 * still too long at the floor is cut at a character boundary with "…",
 * so a 25-character name never runs into its bar. */
#include "report_chart.h"
#include "util.h"
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { unsigned char *p; size_t n, cap; int failed; } PngBuf;

/* cairo's PNG writer appends here; a failed allocation fails the write. */
static cairo_status_t png_sink(void *pv, const unsigned char *z, unsigned int n) {
  PngBuf *b = pv;
  if (b->n + n > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 65536;
    while (cap < b->n + n) cap *= 2;
    unsigned char *p = realloc(b->p, cap);
    if (!p) { b->failed = 1; return CAIRO_STATUS_WRITE_ERROR; }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->n, z, n);
  b->n += n;
  return CAIRO_STATUS_SUCCESS;
}

/* A white page; *pcr is the context to draw on. NULL on failure. */
static cairo_surface_t *page_begin(cairo_t **pcr) {
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, CHART_W, CHART_H);
  *pcr = cairo_create(s);
  cairo_set_source_rgb(*pcr, 1, 1, 1);
  cairo_paint(*pcr);
  return s;
}

/* Encodes the page and frees it; 0 with *ppPng (caller frees), or -1. */
static int page_end(cairo_surface_t *s, cairo_t *cr, unsigned char **ppPng, size_t *pnPng) {
  PngBuf b = {0};
  int ok = cairo_status(cr) == CAIRO_STATUS_SUCCESS;
  cairo_destroy(cr);
  cairo_surface_flush(s);
  ok = ok && cairo_surface_write_to_png_stream(s, png_sink, &b) == CAIRO_STATUS_SUCCESS && !b.failed;
  cairo_surface_destroy(s);
  if (!ok) { free(b.p); return -1; }
  *ppPng = b.p;
  *pnPng = b.n;
  return 0;
}

/* The text colour. */
static void ink(cairo_t *cr) { cairo_set_source_rgb(cr, 0.1, 0.1, 0.1); }

/* Draws z left-aligned at (x, y) within width w: shrunk from size down to
 * minSize, then cut with "…" if it still does not fit. */
static void label_fit(cairo_t *cr, PrintFonts *f, const char *z, double x, double y, double size, double minSize,
                      double w) {
  double s = print_fit(cr, f, z, size, minSize, w, 0);
  if (print_text_width(cr, f, z, s, 0) <= w) { print_text(cr, f, z, x, y, s, 0); return; }
  char buf[1100];
  size_t n = strlen(z) < 1000 ? strlen(z) : 1000;
  while (n > 0) {
    do n--; while (n > 0 && ((unsigned char)z[n] & 0xC0) == 0x80); /* back one character */
    snprintf(buf, sizeof buf, "%.*s…", (int)n, z);
    if (print_text_width(cr, f, buf, s, 0) <= w) break;
  }
  print_text(cr, f, buf, x, y, s, 0);
}

/* The page's title and the grey line under it. */
static void heading(cairo_t *cr, PrintFonts *f, const char *zTitle, const char *zSub) {
  ink(cr);
  label_fit(cr, f, zTitle, 48, 64, 36, 20, CHART_W - 96);
  cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
  label_fit(cr, f, zSub, 48, 104, 22, 14, CHART_W - 96);
}

/* Horizontal bars in the box (x, y, w, h): rank, label, bar, value. */
static void bars(cairo_t *cr, PrintFonts *f, const ChartBar *a, int n, double max, const char *zFmt, double x,
                 double y, double w, double rowH, int slots) {
  double labelX = x + 64, labelW = w * 0.36, barX = labelX + labelW + 16, barW = w - (barX - x) - 150;
  double text = rowH * 0.62 > 24 ? 24 : rowH * 0.62;
  /* banding under everything: the eye follows a row from its name to its bar */
  cairo_set_source_rgb(cr, 0.95, 0.95, 0.95);
  for (int i = 1; i < n; i += 2) cairo_rectangle(cr, x, y + i * rowH, w, rowH);
  cairo_fill(cr);
  /* the grid: quarters of max */
  cairo_set_line_width(cr, 1);
  for (int g = 0; g <= 4; g++) {
    double gx = barX + barW * g / 4;
    cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
    cairo_move_to(cr, gx + 0.5, y);
    cairo_line_to(cr, gx + 0.5, y + rowH * slots);
    cairo_stroke(cr);
    char v[64];
    snprintf(v, sizeof v, zFmt, max * g / 4);
    cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
    double tw = print_text_width(cr, f, v, 16, 0);
    print_text(cr, f, v, gx - tw / 2, y + rowH * slots + 22, 16, 0);
  }
  for (int i = 0; i < n; i++) {
    double ry = y + i * rowH, base = ry + rowH * 0.5 + text * 0.36;
    char rank[16];
    snprintf(rank, sizeof rank, "%d", a[i].rank);
    ink(cr);
    print_text(cr, f, rank, labelX - 12 - print_text_width(cr, f, rank, text, 0), base, text, 0);
    label_fit(cr, f, a[i].zLabel, labelX, base, text, 14, labelW);
    double v = a[i].value < 0 ? 0 : a[i].value, bw = max > 0 ? barW * (v > max ? max : v) / max : 0;
    cairo_set_source_rgb(cr, 0.62, 0.08, 0.08);
    cairo_rectangle(cr, barX, ry + rowH * 0.2, bw < 2 ? 2 : bw, rowH * 0.6);
    cairo_fill(cr);
    char val[64];
    snprintf(val, sizeof val, zFmt, a[i].value);
    ink(cr);
    print_text(cr, f, val, barX + bw + 10, base, text, 1);
  }
}

int chart_bars_png(PrintFonts *f, const char *zTitle, const char *zSub, const ChartBar *a, int n, double max,
                   const char *zFmt, unsigned char **ppPng, size_t *pnPng) {
  cairo_t *cr;
  cairo_surface_t *s = page_begin(&cr);
  heading(cr, f, zTitle, zSub);
  /* the row height is fixed by CHART_PER_PAGE, so a short last page looks
   * like the others instead of stretching a few bars; the grid stops under
   * the last bar */
  double top = 140, rowH = (CHART_H - top - 60) / CHART_PER_PAGE;
  if (n > CHART_PER_PAGE) n = CHART_PER_PAGE;
  bars(cr, f, a, n, max, zFmt, 40, top, CHART_W - 80, rowH, n ? n : 1);
  return page_end(s, cr, ppPng, pnPng);
}

int chart_overview_png(PrintFonts *f, const char *zTitle, const char *zSub, const double *aRate, int nRate,
                       const ChartBar *aBest, int nBest, unsigned char **ppPng, size_t *pnPng) {
  cairo_t *cr;
  cairo_surface_t *s = page_begin(&cr);
  heading(cr, f, zTitle, zSub);
  /* left: how many villages in each band of 10 percentage points */
  int band[10] = {0}, most = 1;
  for (int i = 0; i < nRate; i++) {
    int b = (int)(aRate[i] * 10);
    band[b < 0 ? 0 : b > 9 ? 9 : b]++;
  }
  for (int b = 0; b < 10; b++) if (band[b] > most) most = band[b];
  double x = 60, y = 190, w = 560, h = CHART_H - y - 120, colW = w / 10;
  ink(cr);
  print_text(cr, f, "出勤率分布（村数）", x, y - 20, 24, 1);
  cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
  cairo_set_line_width(cr, 1);
  cairo_move_to(cr, x, y + h + 0.5);
  cairo_line_to(cr, x + w, y + h + 0.5);
  cairo_stroke(cr);
  for (int b = 0; b < 10; b++) {
    double bh = (h - 40) * band[b] / most, bx = x + b * colW;
    cairo_set_source_rgb(cr, 0.62, 0.08, 0.08);
    cairo_rectangle(cr, bx + 6, y + h - bh, colW - 12, bh);
    cairo_fill(cr);
    char v[32];
    snprintf(v, sizeof v, "%d", band[b]);
    ink(cr);
    print_text(cr, f, v, bx + colW / 2 - print_text_width(cr, f, v, 18, 1) / 2, y + h - bh - 8, 18, 1);
    snprintf(v, sizeof v, "%d%%", b * 10);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    print_text(cr, f, v, bx - print_text_width(cr, f, v, 15, 0) / 2, y + h + 24, 15, 0);
  }
  cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
  print_text(cr, f, "100%", x + w - print_text_width(cr, f, "100%", 15, 0) / 2, y + h + 24, 15, 0);
  /* right: the first and the last by score */
  double rx = 680, rw = CHART_W - rx - 40, rowH = (CHART_H - y - 80) / 21.0;
  ink(cr);
  if (nBest <= 20) {
    print_text(cr, f, "考核得分", rx, y - 20, 24, 1);
    bars(cr, f, aBest, nBest, 100, "%.1f", rx, y, rw, rowH, nBest ? nBest : 1);
  } else {
    print_text(cr, f, "考核得分：前 10 名与后 10 名", rx, y - 20, 24, 1);
    bars(cr, f, aBest, 10, 100, "%.1f", rx, y, rw, rowH, 10);
    cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
    print_text(cr, f, "⋮", rx + 40, y + 10.75 * rowH, 20, 0);
    bars(cr, f, aBest + nBest - 10, 10, 100, "%.1f", rx, y + 11 * rowH, rw, rowH, 10);
  }
  return page_end(s, cr, ppPng, pnPng);
}
