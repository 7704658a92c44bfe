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
/* Number of code points in z that no face has. */
int print_text_missing(PrintFonts *f, const char *z);
#endif
