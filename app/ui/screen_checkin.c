/* screen_checkin: find yourself and tap your name. Big name tiles, a group
 * filter, and pages turned with 上一页 / 下一页 (no scrolling, no swiping).
 * Tiles of two members with the same name also show the birth year, so no
 * two tiles ever look alike. Long names shrink, then wrap onto two lines. */
#include "app.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  Rect tabs, grid, pager;
  int cols, rows, tileW, tileH;
} Layout;

static Layout compute(const Metrics *m, int top) {
  Layout l;
  int tabH = m->minTap > (int)(100 * m->u) ? m->minTap : (int)(100 * m->u);
  int pagerH = m->minTap > (int)(112 * m->u) ? m->minTap : (int)(112 * m->u);
  l.tabs = (Rect){m->margin, top + m->gap, m->w - 2 * m->margin, tabH};
  l.pager = (Rect){m->margin, m->h - m->gap - pagerH, m->w - 2 * m->margin, pagerH};
  int gy = l.tabs.y + l.tabs.h + m->gap;
  l.grid = (Rect){m->margin, gy, m->w - 2 * m->margin, l.pager.y - m->gap - gy};
  int minW = (int)(280 * m->u), minH = (int)(150 * m->u);
  if (minW < m->minTap) minW = m->minTap;
  if (minH < m->minTap) minH = m->minTap;
  l.cols = (l.grid.w + m->gap) / (minW + m->gap);
  l.rows = (l.grid.h + m->gap) / (minH + m->gap);
  if (l.cols < 1) l.cols = 1;
  if (l.rows < 1) l.rows = 1;
  l.tileW = (l.grid.w - (l.cols - 1) * m->gap) / l.cols;
  l.tileH = (l.grid.h - (l.rows - 1) * m->gap) / l.rows;
  int maxH = (int)(190 * m->u);
  if (l.tileH > maxH) l.tileH = maxH;
  return l;
}

/* The members the filter shows, as indexes into app->aMember. */
static int visible(App *app, int *aIdx) {
  int n = 0;
  for (int i = 0; i < app->nMember; i++)
    if (app->group < 0 || !strcmp(app->aMember[i].group, app->azGroup[app->group])) aIdx[n++] = i;
  return n;
}

static void enter(App *app) {
  app->page = 0;
  app->group = -1;
}

static void draw_name(Ui *ui, const char *zName, Rect r, int px, Color ink) {
  const Metrics *m = &ui->m;
  int fit = text_fit(ui->text, zName, px, m->small, STYLE_BOLD, r.w);
  if (fit) { ui_text_in(ui, zName, r, fit, STYLE_BOLD, ink, ALIGN_CENTER); return; }
  /* too long even at body size: two lines, split after a "·" when there is one */
  char a[128], b[128];
  const char *dot = strstr(zName, "·");
  size_t cut;
  if (dot) cut = (size_t)(dot - zName) + strlen("·");
  else {
    size_t half = util_utf8_count(zName) / 2, i = 0;
    const char *p = zName, *e = zName + strlen(zName);
    while (i < half && p < e) { util_utf8_next(&p, e); i++; }
    cut = (size_t)(p - zName);
  }
  snprintf(a, sizeof a, "%.*s", (int)cut, zName);
  util_strlcpy(b, zName + cut, sizeof b);
  int fa = text_fit(ui->text, a, px, m->small, STYLE_BOLD, r.w);
  int fb = text_fit(ui->text, b, px, m->small, STYLE_BOLD, r.w);
  int f = fa < fb ? fa : fb;
  if (!f) f = m->small;
  Rect top = {r.x, r.y, r.w, r.h / 2}, bottom = {r.x, r.y + r.h / 2, r.w, r.h / 2};
  ui_text_in(ui, a, top, f, STYLE_BOLD, ink, ALIGN_CENTER);
  ui_text_in(ui, b, bottom, f, STYLE_BOLD, ink, ALIGN_CENTER);
}

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  Rect content = app_chrome(app, ui, str(S_FIND_YOURSELF));
  Layout l = compute(m, content.y);

  /* group filter */
  int nTab = app->nGroup + 1;
  int tabW = (l.tabs.w - (nTab - 1) * m->gap) / nTab;
  for (int t = 0; t < nTab; t++) {
    char id[UI_ID_MAX];
    snprintf(id, sizeof id, "group:%d", t - 1);
    Rect r = {l.tabs.x + t * (tabW + m->gap), l.tabs.y, tabW, l.tabs.h};
    ui_button(ui, id, t == 0 ? str(S_ALL_GROUPS) : app->azGroup[t - 1], r,
              app->group == t - 1 ? BTN_TAB_SELECTED : BTN_TAB, m->body);
  }

  /* the page of name tiles */
  int *aIdx = app->aVisible;
  int n = visible(app, aIdx);
  int perPage = l.cols * l.rows;
  int pages = (n + perPage - 1) / perPage;
  if (pages < 1) pages = 1;
  if (app->page >= pages) app->page = pages - 1;
  for (int k = 0; k < perPage; k++) {
    int i = app->page * perPage + k;
    if (i >= n) break;
    const Member *mem = &app->aMember[aIdx[i]];
    Rect r = {l.grid.x + (k % l.cols) * (l.tileW + m->gap), l.grid.y + (k / l.cols) * (l.tileH + m->gap), l.tileW,
              l.tileH};
    char id[UI_ID_MAX], sub[160], label[320];
    snprintf(id, sizeof id, "member:%s", mem->memberNo);
    if (app->dupName[aIdx[i]] && mem->birthYear) {
      char born[32];
      snprintf(born, sizeof born, str(S_BORN_FMT), mem->birthYear);
      snprintf(sub, sizeof sub, "%s · %s", mem->group, born);
    } else util_strlcpy(sub, mem->group, sizeof sub);
    Color body, ink;
    ui_button_colors(ui, id, BTN_TILE, &body, &ink);
    ui_fill(ui, r, body);
    int th = ui_is_pressed(ui, id) ? (int)(6 * m->u) : (int)(3 * m->u);
    ui_outline(ui, r, th < 2 ? 2 : th, ui_is_pressed(ui, id) ? COL_TEXT : COL_TILE_EDGE);
    int pad = m->gap / 2;
    Rect nameR = {r.x + pad, r.y + pad, r.w - 2 * pad, r.h - 2 * pad - m->small - pad};
    draw_name(ui, mem->name, nameR, m->large, ink);
    int spx = text_fit(ui->text, sub, m->small, m->small, STYLE_REGULAR, r.w - 2 * pad);
    ui_text_in(ui, sub, (Rect){r.x + pad, r.y + r.h - pad - m->small - pad, r.w - 2 * pad, m->small + pad},
               spx ? spx : m->small, STYLE_REGULAR, ink, ALIGN_CENTER);
    snprintf(label, sizeof label, "%s %s", mem->name, sub);
    ui_widget(ui, id, label, r, m->large);
  }

  /* pager */
  int bw = l.pager.w / 4;
  char pageText[64];
  snprintf(pageText, sizeof pageText, str(S_PAGE_FMT), app->page + 1, pages);
  ui_text_in(ui, pageText, l.pager, m->body, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
  if (app->page > 0)
    ui_button(ui, "page:prev", str(S_PREV_PAGE), (Rect){l.pager.x, l.pager.y, bw, l.pager.h}, BTN_TILE, m->title);
  if (app->page < pages - 1)
    ui_button(ui, "page:next", str(S_NEXT_PAGE), (Rect){l.pager.x + l.pager.w - bw, l.pager.y, bw, l.pager.h},
              BTN_TILE, m->title);
}

static void tap(App *app, const char *zId) {
  if (!strncmp(zId, "member:", 7)) app_checkin(app, zId + 7);
  else if (!strcmp(zId, "page:next")) { app->page++; app->dirty = 1; }
  else if (!strcmp(zId, "page:prev")) { if (app->page > 0) app->page--; app->dirty = 1; }
  else if (!strncmp(zId, "group:", 6)) {
    app->group = atoi(zId + 6);
    if (app->group >= app->nGroup) app->group = -1;
    app->page = 0;
    app->dirty = 1;
  }
}

const Screen screen_checkin = {"checkin", SCR_HOME, enter, draw, tap, NULL, NULL};
