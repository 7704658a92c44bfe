/* fonts: see fonts.h (and the QR codes printed beside the text). A string is split into runs of one face each (the
 * first face that has the glyph, FT_Get_Char_Index); each run is drawn with
 * that face through cairo's FreeType backend, which embeds the glyphs used
 * in the PDF. */
#include "fonts.h"
#include "fontfind.h"
#include "privfile.h"
#include "util.h"
#include <errno.h>
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <qrencode.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_FACES (2 + CONFIG_MAX_FALLBACK)

struct PrintFonts {
  FT_Library lib;
  FT_Face aFace[MAX_FACES];          /* 0 regular, 1 bold, 2.. fallbacks */
  cairo_font_face_t *aCairo[MAX_FACES];
  int nFace;
};

static const cairo_user_data_key_t kFaceKey;

static void done_face(void *p) { FT_Done_Face((FT_Face)p); }

static int open_face(PrintFonts *f, int slot, const char *zPath, int index) {
  FT_Face face;
  if (!zPath[0] || FT_New_Face(f->lib, zPath, index, &face)) return -1;
  cairo_font_face_t *cf = cairo_ft_font_face_create_for_ft_face(face, 0);
  /* cairo may hold the face after we let go: it frees the FT_Face itself */
  if (cairo_font_face_set_user_data(cf, &kFaceKey, face, done_face) != CAIRO_STATUS_SUCCESS) {
    cairo_font_face_destroy(cf);
    FT_Done_Face(face);
    return -1;
  }
  f->aFace[slot] = face;
  f->aCairo[slot] = cf;
  return 0;
}

PrintFonts *print_fonts_open(const Config *cfg, char *zErr, int nErr) {
  PrintFonts *f = calloc(1, sizeof *f);
  if (!f || FT_Init_FreeType(&f->lib)) { free(f); snprintf(zErr, nErr, "cannot start FreeType"); return NULL; }
  char path[CONFIG_PATH_MAX], bold[CONFIG_PATH_MAX];
  int index, boldIndex;
  fontfind_slot(cfg, FONT_REGULAR, path, sizeof path, &index);
  if (open_face(f, 0, path, index)) {
    snprintf(zErr, nErr, "cannot open the font %s (face %d; install fonts-noto-cjk)",
             path[0] ? path : fontfind_family(FONT_REGULAR), index);
    print_fonts_close(f);
    return NULL;
  }
  fontfind_slot(cfg, FONT_BOLD, bold, sizeof bold, &boldIndex);
  if (open_face(f, 1, bold, boldIndex)) open_face(f, 1, path, index);
  f->nFace = 2;
  for (int i = 0; i < cfg->nFontFallback && f->nFace < MAX_FACES; i++) {
    char fb[CONFIG_PATH_MAX];
    int fbIndex;
    if (fontfind_slot(cfg, FONT_FALLBACK + i, fb, sizeof fb, &fbIndex) == KR_OK && open_face(f, f->nFace, fb, fbIndex) == 0)
      f->nFace++;
  }
  return f;
}

void print_fonts_close(PrintFonts *f) {
  if (!f) return;
  for (int i = 0; i < MAX_FACES; i++)
    if (f->aCairo[i]) cairo_font_face_destroy(f->aCairo[i]); /* frees the FT_Face when cairo is done */
  cairo_debug_reset_static_data(); /* drop cairo's font caches, so the faces go before the library */
  FT_Done_FreeType(f->lib);
  free(f);
}

/* The face slot for code point c: the bold or regular face if it has it,
 * else the first fallback that does; -1 if none. */
static int face_for(PrintFonts *f, uint32_t c, int bold) {
  int first = bold ? 1 : 0;
  if (f->aFace[first] && FT_Get_Char_Index(f->aFace[first], c)) return first;
  if (f->aFace[0] && FT_Get_Char_Index(f->aFace[0], c)) return 0;
  for (int i = 2; i < f->nFace; i++)
    if (FT_Get_Char_Index(f->aFace[i], c)) return i;
  return -1;
}

/* Walks z run by run, drawing when draw is set; returns the total advance. */
static double runs(cairo_t *cr, PrintFonts *f, const char *z, double x, double y, double size, int bold, int draw) {
  const char *p = z, *e = z + strlen(z);
  double x0 = x;
  while (p < e) {
    const char *start = p;
    int32_t c = util_utf8_next(&p, e);
    if (c < 0) break;
    int slot = face_for(f, (uint32_t)c, bold);
    /* extend the run while the face stays the same */
    const char *q = p;
    while (q < e) {
      const char *r = q;
      int32_t d = util_utf8_next(&r, e);
      if (d < 0 || face_for(f, (uint32_t)d, bold) != slot) break;
      q = r;
    }
    char run[512];
    snprintf(run, sizeof run, "%.*s", (int)(q - start), start);
    p = q;
    if (slot < 0) slot = 0; /* nobody has it: the primary face's missing-glyph box */
    cairo_set_font_face(cr, f->aCairo[slot]);
    cairo_set_font_size(cr, size);
    cairo_text_extents_t ext;
    cairo_text_extents(cr, run, &ext);
    if (draw) {
      cairo_move_to(cr, x, y);
      cairo_show_text(cr, run);
    }
    x += ext.x_advance;
  }
  return x - x0;
}

double print_text(cairo_t *cr, PrintFonts *f, const char *z, double x, double y, double size, int bold) {
  return runs(cr, f, z, x, y, size, bold, 1);
}

double print_text_width(cairo_t *cr, PrintFonts *f, const char *z, double size, int bold) {
  return runs(cr, f, z, 0, 0, size, bold, 0);
}

int print_text_missing(PrintFonts *f, const char *z) {
  int n = 0;
  const char *p = z, *e = z + strlen(z);
  while (p < e) {
    int32_t c = util_utf8_next(&p, e);
    if (c >= 0x20 && face_for(f, (uint32_t)c, 0) < 0) n++;
  }
  return n;
}

double print_fit(cairo_t *cr, PrintFonts *f, const char *z, double maxSize, double minSize, double w, int bold) {
  for (double s = maxSize; s > minSize; s -= 0.25)
    if (print_text_width(cr, f, z, s, bold) <= w) return s;
  return minSize;
}

/* The printer's dot grid. Printers put down whole dots, at 300 or 600 per
 * inch, and scanners and cameras see the page through pixels of their own:
 * a module that straddles a dot comes out as a grey or uneven edge (zbar
 * missed about 1 code in 400 drawn at 28 mm / 53 modules and rendered with
 * anti-aliasing at 150 dpi). So a module is QR_DOTS_PER_MODULE dots of
 * 1/300 inch — an even number, so it is whole at 150 dpi as well — and the
 * code's corner lies on the 1/150 inch grid of the page, which is on the
 * 300 and 600 dpi grids too. */
#define QR_QUIET 4                /* modules of quiet zone, as ISO/IEC 18004 asks */
#define QR_GRID_PT (72.0 / 150)   /* the grid the code's corner is put on, in PDF points */
#define QR_DOT_PT (72.0 / 300)    /* one dot at 300 dpi, in PDF points */

int print_qr(cairo_t *cr, const char *z, double x, double y, double side) {
  QRcode *q = QRcode_encodeString(z, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (!q) return -1;
  int w = q->width, n = w + 2 * QR_QUIET;
  /* the caller's square in device units (PDF points, y down from the top) */
  double x0 = x, y0 = y, x1 = x + side, y1 = y + side;
  cairo_user_to_device(cr, &x0, &y0);
  cairo_user_to_device(cr, &x1, &y1);
  /* the largest even number of dots a module can be with the code and its
   * quiet zone inside the square; 2 dots when even that is too big (a
   * longer payload than the square was made for still prints, and scans) */
  int dots = 2 * (int)((x1 - x0) / (n * QR_DOT_PT) / 2);
  if (dots < 2) dots = 2;
  double mod = dots * QR_DOT_PT;
  /* centred, then its corner moved up and left onto the grid: at most one
   * grid step (0.17 mm), and the quiet zone is painted white wherever it
   * falls */
  double ox = floor(((x0 + x1) / 2 - w * mod / 2) / QR_GRID_PT) * QR_GRID_PT;
  double oy = floor(((y0 + y1) / 2 - w * mod / 2) / QR_GRID_PT) * QR_GRID_PT;
  cairo_save(cr);
  cairo_identity_matrix(cr); /* draw in device units, where the grid is */
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, x0, y0, x1 - x0, y1 - y0);
  cairo_rectangle(cr, ox - QR_QUIET * mod, oy - QR_QUIET * mod, n * mod, n * mod);
  cairo_fill(cr);
  /* each row's dark runs as one rectangle: no seams between modules */
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int r = 0; r < w; r++)
    for (int c = 0; c < w;) {
      if (!(q->data[r * w + c] & 1)) { c++; continue; }
      int c0 = c;
      while (c < w && (q->data[r * w + c] & 1)) c++;
      cairo_rectangle(cr, ox + c0 * mod, oy + r * mod, (c - c0) * mod, mod);
    }
  cairo_fill(cr);
  cairo_restore(cr);
  QRcode_free(q);
  return 0;
}

/* cairo's writer: into the temporary file's descriptor. */
static cairo_status_t pdf_write(void *ctx, const unsigned char *z, unsigned int n) {
  const PrintPdf *p = ctx;
  while (n) {
    ssize_t w = p->fd >= 0 ? write(p->fd, z, n) : -1;
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return CAIRO_STATUS_WRITE_ERROR;
    z += w;
    n -= (unsigned)w;
  }
  return CAIRO_STATUS_SUCCESS;
}

cairo_t *print_pdf_begin(PrintPdf *p, const char *zOut) {
  char err[300];
  p->fd = -1;
  p->tmp[0] = 0;
  if (priv_dir_beside(zOut, p->priv, sizeof p->priv, err, sizeof err)) p->priv[0] = 0;
  else if (priv_temp(p->priv, "cards", 0644, p->tmp, sizeof p->tmp, &p->fd, err, sizeof err)) p->tmp[0] = 0;
  /* with no file, every write fails and print_pdf_end says so */
  p->s = cairo_pdf_surface_create_for_stream(pdf_write, p, 210.0 * 72 / 25.4, 297.0 * 72 / 25.4);
  p->cr = cairo_create(p->s);
  cairo_scale(p->cr, 72 / 25.4, 72 / 25.4);
  return p->cr;
}

int print_pdf_end(PrintPdf *p, const char *zOut, char *zErr, int nErr) {
  cairo_status_t st = cairo_status(p->cr);
  cairo_destroy(p->cr);
  cairo_surface_finish(p->s);
  if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(p->s);
  cairo_surface_destroy(p->s);
  int bad = p->fd < 0 || fsync(p->fd);
  if (p->fd >= 0 && close(p->fd)) bad = 1;
  p->fd = -1;
  if (st == CAIRO_STATUS_SUCCESS && bad) st = CAIRO_STATUS_WRITE_ERROR;
  if (st != CAIRO_STATUS_SUCCESS || rename(p->tmp, zOut)) {
    snprintf(zErr, nErr, "cannot write %s: %s", zOut, st ? cairo_status_to_string(st) : "rename failed");
    if (p->priv[0]) priv_dir_remove(p->priv);
    return -1;
  }
  priv_dir_remove(p->priv);
  return 0;
}
