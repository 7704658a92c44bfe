/* fonts: Chinese text in printed documents (cairo over FreeType), with the
 * same faces and glyph-by-glyph fallback as the screen: Noto Sans CJK SC
 * first, then the fallbacks from kiosk.conf for characters it lacks. */
#ifndef KIOSK_PRINT_FONTS_H
#define KIOSK_PRINT_FONTS_H
#include "config.h"
#include <cairo.h>

typedef struct PrintFonts PrintFonts;

/* Opens the faces named in cfg. Returns NULL with an English message. */
PrintFonts *print_fonts_open(const Config *cfg, char *zErr, int nErr);
void print_fonts_close(PrintFonts *f);
/* Draws z with its baseline at (x, y), size in points; bold picks the bold
 * face for characters it has. Returns the advance width. */
double print_text(cairo_t *cr, PrintFonts *f, const char *z, double x, double y, double size, int bold);
/* The width z would take. */
double print_text_width(cairo_t *cr, PrintFonts *f, const char *z, double size, int bold);
/* The largest size ≤ maxSize at which z fits width w, at least minSize. */
double print_fit(cairo_t *cr, PrintFonts *f, const char *z, double maxSize, double minSize, double w, int bold);
/* Draws the QR code of z (ECC level M) in a square of the given side at
 * (x, y), its 4-module quiet zone included, on the printer's dot grid: a
 * module is an even number of 1/300 inch dots (whole at 150, 300 and 600
 * dpi; the largest that fits), and the code's corner lies on the page's
 * 1/150 inch grid, so no module edge falls inside a dot or a scanner's
 * pixel. Returns 0, or -1 if z cannot be encoded. */
int print_qr(cairo_t *cr, const char *z, double x, double y, double side);
/* A PDF document of A4 pages in millimetre units, written to zOut under a
 * temporary name (mkstemp in a private 0700 directory beside zOut):
 * print_pdf_begin() returns the context (NULL on failure); print_pdf_end()
 * finishes it, renames it into place and returns 0, or -1 with an English
 * message (the temporary file and directory removed). */
typedef struct { cairo_surface_t *s; cairo_t *cr; char tmp[1200], priv[1100]; int fd; } PrintPdf;
cairo_t *print_pdf_begin(PrintPdf *p, const char *zOut);
int print_pdf_end(PrintPdf *p, const char *zOut, char *zErr, int nErr);
/* Number of code points in z that no face has. */
int print_text_missing(PrintFonts *f, const char *z);
#endif
