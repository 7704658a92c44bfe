/* sheet: see sheet.h. Millimetre units, like cards.c. */
#include "sheet.h"
#include "fonts.h"
#include <stdio.h>
#include <string.h>

#define PAGE_W 210.0
#define PAGE_H 297.0
#define MARGIN 12.0
#define HEAD_H 34.0
#define ROW_H 22.0
#define QR 20.0

static void header(cairo_t *cr, PrintFonts *f, const Activity *act, const Config *cfg, int page, int pages) {
  char line[400];
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  snprintf(line, sizeof line, "%s 签到表", cfg->branch);
  print_text(cr, f, line, MARGIN, MARGIN + 7, print_fit(cr, f, line, 7, 4, PAGE_W - 2 * MARGIN, 1), 1);
  print_text(cr, f, act->title, MARGIN, MARGIN + 15, print_fit(cr, f, act->title, 5.5, 3.5, PAGE_W - 2 * MARGIN, 1), 1);
  snprintf(line, sizeof line, "%s  %s–%s  %s  ·  第 %d / %d 页", act->day, act->startHm, act->endHm, act->location,
           page, pages);
  print_text(cr, f, line, MARGIN, MARGIN + 22, print_fit(cr, f, line, 4, 3, PAGE_W - 2 * MARGIN, 0), 0);
  /* column heads */
  double y = MARGIN + HEAD_H - 3;
  print_text(cr, f, "序号", MARGIN + 1, y, 3.2, 1);
  print_text(cr, f, "姓名", MARGIN + 14, y, 3.2, 1);
  print_text(cr, f, "村民小组 / 编号", MARGIN + 62, y, 3.2, 1);
  print_text(cr, f, "本人签名", MARGIN + 100, y, 3.2, 1);
  cairo_set_line_width(cr, 0.3);
  cairo_move_to(cr, MARGIN, MARGIN + HEAD_H);
  cairo_line_to(cr, PAGE_W - MARGIN, MARGIN + HEAD_H);
  cairo_stroke(cr);
}

static void row(cairo_t *cr, PrintFonts *f, int i, const CardItem *it, double y) {
  char no[16];
  snprintf(no, sizeof no, "%d", i + 1);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  print_text(cr, f, no, MARGIN + 1, y + 12, 4, 0);
  print_text(cr, f, it->member.name, MARGIN + 14, y + 13, print_fit(cr, f, it->member.name, 6, 3.5, 46, 1), 1);
  print_text(cr, f, it->member.group, MARGIN + 62, y + 9, print_fit(cr, f, it->member.group, 4, 3, 36, 0), 0);
  print_text(cr, f, it->member.memberNo, MARGIN + 62, y + 16, 3.5, 0);
  /* the signature box */
  cairo_set_line_width(cr, 0.3);
  cairo_rectangle(cr, MARGIN + 100, y + 2, 62, ROW_H - 4);
  cairo_stroke(cr);
  print_qr(cr, it->payload, PAGE_W - MARGIN - QR, y + (ROW_H - QR) / 2, QR);
  cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
  cairo_set_line_width(cr, 0.15);
  cairo_move_to(cr, MARGIN, y + ROW_H);
  cairo_line_to(cr, PAGE_W - MARGIN, y + ROW_H);
  cairo_stroke(cr);
}

int sheet_pdf(const char *zOut, const Activity *act, const CardItem *a, int n, const Config *cfg, char *zErr,
              int nErr) {
  if (n <= 0) { snprintf(zErr, nErr, "no members for the sheet"); return -1; }
  PrintFonts *f = print_fonts_open(cfg, zErr, nErr);
  if (!f) return -1;
  PrintPdf pdf;
  cairo_t *cr = print_pdf_begin(&pdf, zOut);
  int pages = (n + SHEET_ROWS_PER_PAGE - 1) / SHEET_ROWS_PER_PAGE;
  for (int i = 0; i < n; i++) {
    int k = i % SHEET_ROWS_PER_PAGE;
    if (k == 0) header(cr, f, act, cfg, i / SHEET_ROWS_PER_PAGE + 1, pages);
    row(cr, f, i, &a[i], MARGIN + HEAD_H + k * ROW_H);
    if (k == SHEET_ROWS_PER_PAGE - 1 || i == n - 1) cairo_show_page(cr);
  }
  int rc = print_pdf_end(&pdf, zOut, zErr, nErr);
  print_fonts_close(f);
  return rc;
}
