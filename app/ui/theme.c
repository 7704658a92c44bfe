/* theme: see theme.h. */
#include "theme.h"
#include <math.h>

const Color COL_BG = {0xF7, 0xF4, 0xEE, 255};        /* warm paper */
const Color COL_TEXT = {0x1A, 0x1A, 0x1A, 255};
const Color COL_MUTED = {0x40, 0x40, 0x40, 255};
const Color COL_BAR = {0x8E, 0x12, 0x12, 255};       /* party red, dark enough for white text */
const Color COL_ON_BAR = {0xFF, 0xFF, 0xFF, 255};
const Color COL_PRIMARY = {0x8E, 0x12, 0x12, 255};
const Color COL_ON_PRIMARY = {0xFF, 0xFF, 0xFF, 255};
const Color COL_TILE = {0xFF, 0xFF, 0xFF, 255};
const Color COL_TILE_EDGE = {0x5A, 0x5A, 0x5A, 255};
const Color COL_PRESSED = {0x0B, 0x3D, 0x91, 255};   /* deep blue: unmistakably "touched" */
const Color COL_ON_PRESSED = {0xFF, 0xFF, 0xFF, 255};
const Color COL_OK = {0x1B, 0x5E, 0x20, 255};
const Color COL_INFO = {0x0B, 0x3D, 0x91, 255};
const Color COL_ERR = {0x8E, 0x12, 0x12, 255};
const Color COL_SELECTED = {0x1A, 0x1A, 0x1A, 255};
const Color COL_ON_SELECTED = {0xFF, 0xFF, 0xFF, 255};
const Color COL_BANNER = {0x1A, 0x1A, 0x1A, 255};
const Color COL_ON_BANNER = {0xFF, 0xE0, 0x82, 255};
const Color COL_DISABLED = {0xE0, 0xDC, 0xD4, 255};  /* greyed paper: nothing to press */

static double lin(uint8_t c) {
  double s = c / 255.0;
  return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4);
}

static double luminance(Color c) { return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b); }

double theme_contrast(Color a, Color b) {
  double la = luminance(a), lb = luminance(b);
  if (la < lb) { double t = la; la = lb; lb = t; }
  return (la + 0.05) / (lb + 0.05);
}

void theme_metrics(Metrics *m, int w, int h, int screenW, int screenH, double diagonalInch) {
  m->w = w;
  m->h = h;
  double diagPx = sqrt((double)screenW * screenW + (double)screenH * screenH);
  m->pxPerMm = diagPx / (diagonalInch * 25.4);
  m->u = (w < h ? w : h) / 1080.0;
  m->minTap = (int)ceil(15.0 * m->pxPerMm);
  int g = (int)ceil(3.0 * m->pxPerMm), gu = (int)lround(20 * m->u);
  m->gap = g > gu ? g : gu;
  m->margin = (int)lround(32 * m->u);
  int bar = (int)lround(128 * m->u);
  m->topBar = bar > m->minTap + 2 * (m->gap / 2) ? bar : m->minTap + m->gap;
  int nav = (int)lround(220 * m->u);
  m->navW = nav > m->minTap ? nav : m->minTap;
  m->small = (int)lround(32 * m->u);
  m->body = (int)lround(36 * m->u);
  m->large = (int)lround(48 * m->u);
  m->title = (int)lround(60 * m->u);
  m->huge = (int)lround(104 * m->u);
}
