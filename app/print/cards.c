/* cards: see cards.h. Units are millimetres (the cairo context is scaled
 * from PDF points), so the card and QR sizes read as the issue states them. */
#include "cards.h"
#include "fonts.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

#define PAGE_W 210.0
#define PAGE_H 297.0
#define CARD_W 85.6
#define CARD_H 54.0
#define QR_MM 28.0     /* the square for the code and its quiet zone: a version 7 code fills 26.9 mm of it */
#define PT(mm) ((mm) * 72.0 / 25.4) /* a font size given in mm, as points */


static void draw_card(cairo_t *cr, PrintFonts *f, const CardItem *it, const Config *cfg, double x, double y) {
  /* a thin frame (the cut marks carry the cuts) and a red band */
  cairo_set_line_width(cr, 0.15);
  cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
  cairo_rectangle(cr, x, y, CARD_W, CARD_H);
  cairo_stroke(cr);
  cairo_set_source_rgb(cr, 0x8E / 255.0, 0x12 / 255.0, 0x12 / 255.0);
  cairo_rectangle(cr, x, y, CARD_W, 10);
  cairo_fill(cr);
  char head[160];
  snprintf(head, sizeof head, "%s · 党员卡", cfg->branch);
  cairo_set_source_rgb(cr, 1, 1, 1);
  double hs = print_fit(cr, f, head, 4.2, 2.5, CARD_W - 8, 1);
  print_text(cr, f, head, x + 4, y + 6.8, hs, 1);

  double qx = x + CARD_W - QR_MM - 2.5, qy = y + 10 + (CARD_H - 10 - QR_MM) / 2;
  print_qr(cr, it->payload, qx, qy, QR_MM);

  double tw = qx - x - 6;
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  double ns = print_fit(cr, f, it->member.name, 9.0, 4.0, tw, 1);
  print_text(cr, f, it->member.name, x + 4, y + 25, ns, 1);
  double ss = print_fit(cr, f, it->member.group, 4.0, 2.8, tw, 0);
  print_text(cr, f, it->member.group, x + 4, y + 35, ss, 0);
  char no[64];
  snprintf(no, sizeof no, "编号 %s", it->member.memberNo);
  print_text(cr, f, no, x + 4, y + 42, print_fit(cr, f, no, 3.6, 2.5, tw, 0), 0);
  char village[200];
  snprintf(village, sizeof village, "%s%s%s", cfg->county, cfg->township, cfg->village);
  cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
  print_text(cr, f, village, x + 4, y + 49.5, print_fit(cr, f, village, 3.0, 2.2, tw, 0), 0);
}

/* Short marks outside the card grid where each cut goes. */
static void cut_marks(cairo_t *cr, double x0, double y0, int cols, int rows) {
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 0.2);
  for (int c = 0; c <= cols; c++) {
    double x = x0 + c * CARD_W;
    cairo_move_to(cr, x, y0 - 8); cairo_line_to(cr, x, y0 - 2);
    cairo_move_to(cr, x, y0 + rows * CARD_H + 2); cairo_line_to(cr, x, y0 + rows * CARD_H + 8);
  }
  for (int r = 0; r <= rows; r++) {
    double y = y0 + r * CARD_H;
    cairo_move_to(cr, x0 - 8, y); cairo_line_to(cr, x0 - 2, y);
    cairo_move_to(cr, x0 + cols * CARD_W + 2, y); cairo_line_to(cr, x0 + cols * CARD_W + 8, y);
  }
  cairo_stroke(cr);
}

int cards_pdf(const char *zOut, const CardItem *a, int n, const Config *cfg, char *zErr, int nErr) {
  if (n <= 0) { snprintf(zErr, nErr, "no members to print cards for"); return -1; }
  PrintFonts *f = print_fonts_open(cfg, zErr, nErr);
  if (!f) return -1;
  PrintPdf pdf;
  cairo_t *cr = print_pdf_begin(&pdf, zOut);
  const int cols = 2, rows = 4;
  double x0 = (PAGE_W - cols * CARD_W) / 2, y0 = (PAGE_H - rows * CARD_H) / 2;
  for (int i = 0; i < n; i++) {
    int k = i % CARDS_PER_PAGE;
    if (k == 0) cut_marks(cr, x0, y0, cols, rows);
    draw_card(cr, f, &a[i], cfg, x0 + (k % cols) * CARD_W, y0 + (k / cols) * CARD_H);
    if (k == CARDS_PER_PAGE - 1 || i == n - 1) cairo_show_page(cr);
  }
  int rc = print_pdf_end(&pdf, zOut, zErr, nErr);
  print_fonts_close(f);
  return rc;
}
