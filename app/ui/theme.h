/* theme: colours and sizes. Colours are chosen for ≥ 7:1 contrast in every
 * pair the screens use (checked by a unit test); sizes come from the screen:
 * text scales with the short side (1 unit = short side / 1080) and tap
 * targets are never smaller than 15 mm with 3 mm gaps, from the physical size
 * in kiosk.conf. Nothing is a fixed pixel count. */
#ifndef KIOSK_THEME_H
#define KIOSK_THEME_H
#include <stdint.h>

typedef struct { uint8_t r, g, b, a; } Color;
typedef struct { int x, y, w, h; } Rect;

extern const Color COL_BG, COL_TEXT, COL_MUTED, COL_BAR, COL_ON_BAR, COL_PRIMARY, COL_ON_PRIMARY,
    COL_TILE, COL_TILE_EDGE, COL_PRESSED, COL_ON_PRESSED, COL_OK, COL_INFO, COL_ERR, COL_SELECTED,
    COL_ON_SELECTED, COL_BANNER, COL_ON_BANNER;
extern const Color COL_DISABLED; /* a control that cannot be used now (COL_MUTED on it) */

/* WCAG 2.x contrast ratio of two opaque colours (1..21). */
double theme_contrast(Color a, Color b);

typedef struct {
  int w, h;
  double pxPerMm, u;   /* u: text unit, short side / 1080 */
  int minTap, gap;     /* ≥ 15 mm and ≥ 3 mm, in pixels */
  int margin;
  int topBar;          /* height of the 返回 / title / 首页 bar */
  int navW;            /* width of 返回 and 首页 */
  int body, title, large, huge, small; /* font pixel sizes */
} Metrics;

/* Computes the metrics for a w×h window on a screen of the given physical
 * diagonal (inches) whose full resolution is screenW×screenH. */
void theme_metrics(Metrics *m, int w, int h, int screenW, int screenH, double diagonalInch);
#endif
