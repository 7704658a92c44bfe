/* screen_notice_list: one kind's notices, pinned first, then the newest;
 * expired ones are not shown. Each row is a big tile with the title, the
 * date and who published it, and words for 置顶 and 未读 (never colour
 * alone). Paged with 上一页 / 下一页: no scrolling. */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const StringId aName[NOTICE_CAT_COUNT] = {S_CAT_NOTICE, S_CAT_PARTY, S_CAT_VILLAGE, S_CAT_POLICY};

static struct {
  int cat;             /* the category listed */
  NoticeInfo *a;       /* its notices, as listed (freed on leaving) */
  int n;
  int page;
} gList;

void notice_list_open(App *app, int cat) {
  gList.cat = cat >= 0 && cat < NOTICE_CAT_COUNT ? cat : 0;
  app_go(app, SCR_NOTICE_LIST);
}

static void enter(App *app) {
  free(gList.a);
  gList.a = NULL;
  gList.n = 0;
  gList.page = 0;
  char today[11];
  util_local_date(util_now(), today);
  if (notice_list(app->db, gList.cat, today, &gList.a, &gList.n)) gList.n = 0;
}

static void leave(App *app) {
  free(gList.a);
  gList.a = NULL;
  gList.n = 0;
}

/* "2026年11月22日" from "2026-11-22". */
static void date_text(const char *zDay, char *z, size_t n) {
  snprintf(z, n, str(S_NOTICE_DATE_FMT), atoi(zDay), atoi(zDay + 5), atoi(zDay + 8));
}

/* A label in a box: a word, so the mark is never colour alone. Returns its width. */
static int badge(Ui *ui, const char *z, int xRight, int y, int px, int filled) {
  const Metrics *m = &ui->m;
  int w, h;
  text_measure(ui->text, z, px, STYLE_BOLD, &w, &h);
  Rect r = {xRight - w - m->gap * 2, y, w + m->gap * 2, h};
  if (filled) ui_fill(ui, r, COL_PRIMARY);
  else ui_outline(ui, r, (int)(3 * m->u) > 1 ? (int)(3 * m->u) : 2, COL_TEXT);
  ui_text_in(ui, z, r, px, STYLE_BOLD, filled ? COL_ON_PRIMARY : COL_TEXT, ALIGN_CENTER);
  return r.w;
}

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  Rect c = app_chrome(app, ui, str(aName[gList.cat]));
  int pagerH = m->minTap > (int)(112 * m->u) ? m->minTap : (int)(112 * m->u);
  Rect pager = {m->margin, m->h - m->gap - pagerH, m->w - 2 * m->margin, pagerH};
  Rect list = {m->margin, c.y + m->gap * 2, m->w - 2 * m->margin, pager.y - c.y - m->gap * 4};
  if (!gList.n) {
    ui_text_in(ui, str(S_NOTICE_NONE), list, m->large, STYLE_BOLD, COL_MUTED, ALIGN_CENTER);
    return;
  }
  int l1 = app_line_h(ui, m->large, STYLE_BOLD), l2 = app_line_h(ui, m->body, STYLE_REGULAR);
  int rowH = l1 + l2 + m->gap * 3;
  if (rowH < m->minTap) rowH = m->minTap;
  int per = (list.h + m->gap * 2) / (rowH + m->gap * 2);
  if (per < 1) per = 1;
  int pages = (gList.n + per - 1) / per;
  if (gList.page >= pages) gList.page = pages - 1;
  for (int k = 0; k < per; k++) {
    int i = gList.page * per + k;
    if (i >= gList.n) break;
    const NoticeInfo *n = &gList.a[i];
    Rect r = {list.x, list.y + k * (rowH + m->gap * 2), list.w, rowH};
    char id[UI_ID_MAX];
    snprintf(id, sizeof id, "notice:%lld", (long long)n->id);
    Color body, ink;
    ui_button_colors(ui, id, BTN_TILE, &body, &ink);
    ui_fill(ui, r, body);
    ui_outline(ui, r, (int)(3 * m->u) > 1 ? (int)(3 * m->u) : 2, COL_TILE_EDGE);
    int x = r.x + m->margin / 2, right = r.x + r.w - m->margin / 2, y1 = r.y + (r.h - l1 - l2 - m->gap) / 2;
    /* the marks at the right, then the title in what is left */
    int bx = right;
    if (n->unread) bx -= badge(ui, str(S_UNREAD), bx, y1, m->body, 1) + m->gap;
    if (n->pinned) bx -= badge(ui, str(S_PINNED), bx, y1, m->body, 0) + m->gap;
    char title[NOTICE_TITLE_MAX + 8];
    int px = app_fit_or_cut(ui, n->title, m->large, m->body, STYLE_BOLD, bx - x - m->gap, title, sizeof title);
    ui_text(ui, title, x, y1, px, STYLE_BOLD, ink, ALIGN_LEFT);
    char date[64], meta[160];
    date_text(n->published, date, sizeof date);
    snprintf(meta, sizeof meta, str(S_NOTICE_META_FMT), date,
             str(!strcmp(n->source, "township") ? S_FROM_TOWN : S_FROM_VILLAGE));
    ui_text(ui, meta, x, y1 + l1 + m->gap, m->body, STYLE_REGULAR, ink, ALIGN_LEFT);
    ui_widget(ui, id, n->title, r, px);
  }
  app_pager(app, ui, pager, gList.page, pages);
}

static void tap(App *app, const char *zId) {
  app->dirty = 1;
  if (!strcmp(zId, "page:next")) gList.page++;
  else if (!strcmp(zId, "page:prev")) { if (gList.page > 0) gList.page--; }
  else if (!strncmp(zId, "notice:", 7)) {
    long long id = atoll(zId + 7);
    for (int i = 0; i < gList.n; i++)
      if (gList.a[i].id == id) {
        notice_reader_open(app, &gList.a[i]);
        gList.a[i].unread = 0;
        app_go(app, SCR_NOTICE);
        return;
      }
  }
}

const Screen screen_notice_list = {
    .name = "notice_list", .back = SCR_NOTICES, .enter = enter, .draw = draw, .tap = tap,
    .leave = leave};
