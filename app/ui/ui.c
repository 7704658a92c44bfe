/* ui: see ui.h. */
#include "ui.h"
#include "util.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

void ui_begin(Ui *ui, const char *zScreen) {
  util_strlcpy(ui->screen, zScreen, sizeof ui->screen);
  ui->nWidget = 0;
  ui->nText = 0;
  ui->titlePx = 0;
  ui->frame++;
}

static void set_color(Ui *ui, Color c) { SDL_SetRenderDrawColor(ui->r, c.r, c.g, c.b, c.a); }

void ui_fill(Ui *ui, Rect r, Color c) {
  set_color(ui, c);
  SDL_Rect s = {r.x, r.y, r.w, r.h};
  SDL_RenderFillRect(ui->r, &s);
}

void ui_outline(Ui *ui, Rect r, int th, Color c) {
  ui_fill(ui, (Rect){r.x, r.y, r.w, th}, c);
  ui_fill(ui, (Rect){r.x, r.y + r.h - th, r.w, th}, c);
  ui_fill(ui, (Rect){r.x, r.y, th, r.h}, c);
  ui_fill(ui, (Rect){r.x + r.w - th, r.y, th, r.h}, c);
}

static void remember_text(Ui *ui, const char *z, int px, SDL_Rect r) {
  if (ui->nText >= UI_MAX_TEXTS) return;
  util_strlcpy(ui->aText[ui->nText].z, z, sizeof ui->aText[0].z);
  ui->aText[ui->nText].r = (Rect){r.x, r.y, r.w, r.h};
  ui->aText[ui->nText++].px = px;
}

int ui_text(Ui *ui, const char *z, int x, int y, int px, TextStyle st, Color c, Align a) {
  int w, h;
  SDL_Texture *tex = text_get(ui->text, z, px, st, c, &w, &h);
  if (!tex) return 0;
  if (a == ALIGN_CENTER) x -= w / 2;
  else if (a == ALIGN_RIGHT) x -= w;
  SDL_Rect dst = {x, y, w, h};
  SDL_RenderCopy(ui->r, tex, NULL, &dst);
  remember_text(ui, z, px, dst);
  return w;
}

void ui_text_in(Ui *ui, const char *z, Rect r, int px, TextStyle st, Color c, Align a) {
  int w, h;
  SDL_Texture *tex = text_get(ui->text, z, px, st, c, &w, &h);
  if (!tex) return;
  int x = a == ALIGN_LEFT ? r.x : a == ALIGN_RIGHT ? r.x + r.w - w : r.x + (r.w - w) / 2;
  SDL_Rect dst = {x, r.y + (r.h - h) / 2, w, h};
  SDL_RenderCopy(ui->r, tex, NULL, &dst);
  remember_text(ui, z, px, dst);
}

Widget *ui_widget(Ui *ui, const char *zId, const char *zLabel, Rect r, int textPx) {
  SDL_assert(ui->nWidget < UI_MAX_WIDGETS);
  Widget *w = &ui->aWidget[ui->nWidget++];
  util_strlcpy(w->id, zId, sizeof w->id);
  util_strlcpy(w->label, zLabel, sizeof w->label);
  w->r = r;
  w->textPx = textPx;
  return w;
}

int ui_is_pressed(const Ui *ui, const char *zId) { return ui->pressed[0] && !strcmp(ui->pressed, zId); }

void ui_button_colors(const Ui *ui, const char *zId, ButtonKind k, Color *pBody, Color *pInk) {
  if (ui_is_pressed(ui, zId)) { *pBody = COL_PRESSED; *pInk = COL_ON_PRESSED; return; }
  switch (k) {
  case BTN_PRIMARY: *pBody = COL_PRIMARY; *pInk = COL_ON_PRIMARY; break;
  case BTN_TAB_SELECTED: *pBody = COL_SELECTED; *pInk = COL_ON_SELECTED; break;
  default: *pBody = COL_TILE; *pInk = COL_TEXT; break;
  }
}

void ui_button(Ui *ui, const char *zId, const char *zLabel, Rect r, ButtonKind k, int px) {
  Color body, ink;
  ui_button_colors(ui, zId, k, &body, &ink);
  ui_fill(ui, r, body);
  /* an edge, so a button is a shape and not only a colour */
  int th = (int)ceil(ui->m.u * (ui_is_pressed(ui, zId) ? 6 : 3));
  ui_outline(ui, r, th < 2 ? 2 : th, ui_is_pressed(ui, zId) ? COL_TEXT : COL_TILE_EDGE);
  int fit = text_fit(ui->text, zLabel, px, ui->m.small, STYLE_BOLD, r.w - 2 * ui->m.margin / 2);
  ui_text_in(ui, zLabel, r, fit ? fit : ui->m.small, STYLE_BOLD, ink, ALIGN_CENTER);
  ui_widget(ui, zId, zLabel, r, fit ? fit : ui->m.small);
}

void ui_button2(Ui *ui, const char *zId, const char *zLabel, const char *zHint, Rect r, ButtonKind k, int px,
                int hintPx) {
  Color body, ink;
  ui_button_colors(ui, zId, k, &body, &ink);
  ui_fill(ui, r, body);
  int th = (int)ceil(ui->m.u * (ui_is_pressed(ui, zId) ? 6 : 3));
  ui_outline(ui, r, th < 2 ? 2 : th, ui_is_pressed(ui, zId) ? COL_TEXT : COL_TILE_EDGE);
  int maxW = r.w - ui->m.margin;
  int fit = text_fit(ui->text, zLabel, px, ui->m.small, STYLE_BOLD, maxW);
  int hfit = text_fit(ui->text, zHint, hintPx, ui->m.small, STYLE_REGULAR, maxW);
  fit = fit ? fit : ui->m.small;
  hfit = hfit ? hfit : ui->m.small;
  /* stacked by rendered heights: CJK line boxes are ~1.4x the pixel size */
  int w1, h1, w2, h2;
  text_measure(ui->text, zLabel, fit, STYLE_BOLD, &w1, &h1);
  text_measure(ui->text, zHint, hfit, STYLE_REGULAR, &w2, &h2);
  int y = r.y + (r.h - h1 - h2) / 2;
  ui_text(ui, zLabel, r.x + r.w / 2, y, fit, STYLE_BOLD, ink, ALIGN_CENTER);
  ui_text(ui, zHint, r.x + r.w / 2, y + h1, hfit, STYLE_REGULAR, ink, ALIGN_CENTER);
  ui_widget(ui, zId, zLabel, r, fit);
}

void ui_disc(Ui *ui, int cx, int cy, int radius, Color c) {
  enum { N = 72 };
  SDL_Vertex v[N + 1];
  int idx[N * 3];
  SDL_Color sc = {c.r, c.g, c.b, c.a};
  v[0] = (SDL_Vertex){{(float)cx, (float)cy}, sc, {0, 0}};
  for (int i = 0; i < N; i++) {
    double a = 2 * M_PI * i / N;
    v[i + 1] = (SDL_Vertex){{(float)(cx + radius * cos(a)), (float)(cy + radius * sin(a))}, sc, {0, 0}};
    idx[i * 3] = 0;
    idx[i * 3 + 1] = i + 1;
    idx[i * 3 + 2] = (i + 1) % N + 1;
  }
  SDL_RenderGeometry(ui->r, NULL, v, N + 1, idx, N * 3);
}

/* A thick segment as two triangles. */
static void segment(Ui *ui, float x0, float y0, float x1, float y1, float th, Color c) {
  float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
  float nx = -dy / len * th / 2, ny = dx / len * th / 2;
  SDL_Color sc = {c.r, c.g, c.b, c.a};
  SDL_Vertex v[4] = {{{x0 + nx, y0 + ny}, sc, {0, 0}}, {{x1 + nx, y1 + ny}, sc, {0, 0}},
                     {{x1 - nx, y1 - ny}, sc, {0, 0}}, {{x0 - nx, y0 - ny}, sc, {0, 0}}};
  int idx[6] = {0, 1, 2, 0, 2, 3};
  SDL_RenderGeometry(ui->r, NULL, v, 4, idx, 6);
}

void ui_check(Ui *ui, int cx, int cy, int s, Color c) {
  float th = s * 0.16f;
  float ax = cx - s * 0.30f, ay = cy + s * 0.02f;
  float bx = cx - s * 0.08f, by = cy + s * 0.24f;
  float ex = cx + s * 0.32f, ey = cy - s * 0.22f;
  segment(ui, ax, ay, bx, by, th, c);
  segment(ui, bx - th * 0.35f, by + th * 0.35f, ex, ey, th, c);
}

void ui_bang(Ui *ui, int cx, int cy, int s, Color c) {
  float th = s * 0.14f;
  segment(ui, (float)cx, cy - s * 0.30f, (float)cx, cy + s * 0.08f, th, c);
  ui_fill(ui, (Rect){(int)(cx - th / 2), (int)(cy + s * 0.18f), (int)th, (int)th}, c);
}

void ui_cross(Ui *ui, int cx, int cy, int s, Color c) {
  float th = s * 0.15f, r = s * 0.24f;
  segment(ui, cx - r, cy - r, cx + r, cy + r, th, c);
  segment(ui, cx - r, cy + r, cx + r, cy - r, th, c);
}

const Widget *ui_hit(const Ui *ui, int x, int y, int slop) {
  /* last drawn is on top */
  for (int i = ui->nWidget - 1; i >= 0; i--) {
    const Rect *r = &ui->aWidget[i].r;
    if (x >= r->x - slop && x < r->x + r->w + slop && y >= r->y - slop && y < r->y + r->h + slop)
      return &ui->aWidget[i];
  }
  return NULL;
}

const Widget *ui_find(const Ui *ui, const char *zId) {
  for (int i = 0; i < ui->nWidget; i++)
    if (!strcmp(ui->aWidget[i].id, zId)) return &ui->aWidget[i];
  return NULL;
}

static void json_str(FILE *f, const char *z) {
  fputc('"', f);
  for (; *z; z++) {
    unsigned char ch = (unsigned char)*z;
    if (ch == '"' || ch == '\\') fprintf(f, "\\%c", ch);
    else if (ch < 0x20) fprintf(f, "\\u%04x", ch);
    else fputc(ch, f);
  }
  fputc('"', f);
}

int ui_dump(const Ui *ui, const char *zPath) {
  char tmp[1024];
  snprintf(tmp, sizeof tmp, "%s.tmp", zPath);
  FILE *f = fopen(tmp, "w");
  if (!f) return -1;
  fprintf(f, "{\"screen\":");
  json_str(f, ui->screen);
  fprintf(f, ",\"frame\":%u,\"taps\":%u,\"width\":%d,\"height\":%d,\"widgets\":[", ui->frame, ui->taps, ui->m.w,
          ui->m.h);
  for (int i = 0; i < ui->nWidget; i++) {
    const Widget *w = &ui->aWidget[i];
    fprintf(f, "%s\n{\"id\":", i ? "," : "");
    json_str(f, w->id);
    fprintf(f, ",\"label\":");
    json_str(f, w->label);
    fprintf(f, ",\"x\":%d,\"y\":%d,\"w\":%d,\"h\":%d,\"text_px\":%d}", w->r.x, w->r.y, w->r.w, w->r.h, w->textPx);
  }
  fprintf(f, "],\"title_px\":%d,\"texts\":[", ui->titlePx);
  for (int i = 0; i < ui->nText; i++) {
    fprintf(f, "%s\n{\"text\":", i ? "," : "");
    json_str(f, ui->aText[i].z);
    fprintf(f, ",\"px\":%d}", ui->aText[i].px);
  }
  fprintf(f, "]}\n");
  int bad = ferror(f);
  if (fclose(f) || bad) { remove(tmp); return -1; }
  return rename(tmp, zPath);
}
