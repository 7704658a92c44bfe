/* screen_vol_review: the secretary's review of volunteer hours. Every
 * pending entry is a row — who, what, which day, how long, and 忘记签退 for a
 * shift the kiosk closed by itself — with 通过 and 不通过; 不通过 asks why
 * (four big reasons). Each decision is a record of its own. */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPERATOR "admin"

static const StringId aReason[4] = {S_REJECT_0, S_REJECT_1, S_REJECT_2, S_REJECT_3};

static struct {
  VolEntry *a;        /* the pending entries (freed on leaving) */
  int n;
  int sel;            /* index in a being rejected, -1 none */
  int page;
  char notice[160];   /* what the last decision did */
} gReview = {.sel = -1};

static void reload(App *app) {
  free(gReview.a);
  gReview.a = NULL;
  gReview.n = 0;
  if (vol_entries(app->db, NULL, 1, &gReview.a, &gReview.n)) gReview.n = 0;
  app->dirty = 1;
}

static void enter(App *app) {
  vol_autoclose(app->db, util_now(), app->cfg.maxShiftHours, NULL);
  reload(app);
  gReview.sel = -1;
  gReview.page = 0;
  gReview.notice[0] = 0;
}

static void entry_text(const VolEntry *e, char *z, size_t n) {
  char hours[8], md[32];
  vol_half_text(e->half, hours);
  snprintf(md, sizeof md, str(S_VOL_MD_FMT), atoi(e->day + 5), atoi(e->day + 8));
  snprintf(z, n, str(S_REVIEW_ROW_FMT), e->category, md, hours);
}

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  Rect c = app_chrome(app, ui, str(S_REVIEW_TITLE));
  int noteH = app_line_h(ui, m->large, STYLE_BOLD) + m->gap * 2;
  if (gReview.notice[0])
    ui_text_in(ui, gReview.notice, (Rect){c.x, c.y, c.w, noteH}, m->large, STYLE_BOLD, COL_OK, ALIGN_CENTER);
  int top = c.y + noteH;
  if (gReview.sel >= 0 && gReview.sel < gReview.n) {
    const VolEntry *e = &gReview.a[gReview.sel];
    char hours[8], ask[256];
    vol_half_text(e->half, hours);
    snprintf(ask, sizeof ask, str(S_REJECT_PICK_FMT), e->name, hours);
    ui_text(ui, ask, m->w / 2, top + m->gap, m->title, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
    int y = top + app_line_h(ui, m->title, STYLE_BOLD) + m->gap * 3;
    int bw = (m->w - 2 * m->margin - m->gap * 2) / 2, bh = (int)(180 * m->u) > m->minTap ? (int)(180 * m->u) : m->minTap;
    for (int i = 0; i < 4; i++) {
      char id[16];
      snprintf(id, sizeof id, "reason:%d", i);
      ui_button(ui, id, str(aReason[i]), (Rect){m->margin + (i % 2) * (bw + m->gap * 2), y + (i / 2) * (bh + m->gap * 2), bw, bh},
                BTN_TILE, m->title);
    }
    y += 2 * (bh + m->gap * 2) + m->gap;
    ui_button(ui, "action:cancel", str(S_CANCEL), (Rect){(m->w - bw) / 2, y, bw, bh}, BTN_TILE, m->title);
    return;
  }
  if (!gReview.n) {
    ui_text_in(ui, str(S_REVIEW_NONE), (Rect){c.x, top, c.w, c.h - noteH}, m->large, STYLE_BOLD, COL_MUTED,
               ALIGN_CENTER);
    return;
  }
  int pagerH = m->minTap > (int)(112 * m->u) ? m->minTap : (int)(112 * m->u);
  Rect pager = {m->margin, m->h - m->gap - pagerH, m->w - 2 * m->margin, pagerH};
  int l1 = app_line_h(ui, m->large, STYLE_BOLD), l2 = app_line_h(ui, m->body, STYLE_REGULAR);
  int rowH = l1 + l2 + m->gap * 3;
  if (rowH < m->minTap) rowH = m->minTap;
  int per = (pager.y - top - m->gap + m->gap * 2) / (rowH + m->gap * 2);
  if (per < 1) per = 1;
  int pages = (gReview.n + per - 1) / per;
  if (gReview.page >= pages) gReview.page = pages - 1;
  int portrait = m->h > m->w;
  int bw = portrait ? (int)(200 * m->u) : (int)(240 * m->u);
  if (bw < m->minTap * 2) bw = m->minTap * 2;
  for (int k = 0; k < per; k++) {
    int i = gReview.page * per + k;
    if (i >= gReview.n) break;
    const VolEntry *e = &gReview.a[i];
    Rect r = {m->margin, top + k * (rowH + m->gap * 2), m->w - 2 * m->margin, rowH};
    ui_fill(ui, r, COL_TILE);
    ui_outline(ui, r, (int)(3 * m->u) > 1 ? (int)(3 * m->u) : 2, COL_TILE_EDGE);
    char id[UI_ID_MAX], who[200], what[160];
    Rect rej = {r.x + r.w - bw - m->gap, r.y + m->gap, bw, r.h - 2 * m->gap};
    Rect app_ = {rej.x - bw - m->gap * 2, rej.y, bw, rej.h};
    snprintf(id, sizeof id, "approve:%lld", (long long)e->id);
    ui_button(ui, id, str(S_APPROVE), app_, BTN_PRIMARY, m->title);
    snprintf(id, sizeof id, "reject:%lld", (long long)e->id);
    ui_button(ui, id, str(S_REJECT), rej, BTN_TILE, m->title);
    int x = r.x + m->margin / 2, w = app_.x - m->gap - x, y1 = r.y + (r.h - l1 - l2 - m->gap) / 2;
    snprintf(who, sizeof who, "%s  %s", e->name, e->memberNo);
    if (e->flag[0]) { /* a forgotten sign-out, closed by the kiosk: say so in words */
      size_t n = strlen(who);
      snprintf(who + n, sizeof who - n, "  【%s】", str(S_REVIEW_AUTO));
    }
    char cut[256];
    int px = app_fit_or_cut(ui, who, m->large, m->body, STYLE_BOLD, w, cut, sizeof cut);
    ui_text(ui, cut, x, y1, px, STYLE_BOLD, COL_TEXT, ALIGN_LEFT);
    entry_text(e, what, sizeof what);
    px = app_fit_or_cut(ui, what, m->body, m->small, STYLE_REGULAR, w, cut, sizeof cut);
    ui_text(ui, cut, x, y1 + l1 + m->gap, px, STYLE_REGULAR, COL_TEXT, ALIGN_LEFT);
  }
  app_pager(app, ui, pager, gReview.page, pages);
}

static void leave(App *app) {
  free(gReview.a);
  gReview.a = NULL;
  gReview.n = 0;
}

static int index_of(const App *app, long long id) {
  for (int i = 0; i < gReview.n; i++)
    if (gReview.a[i].id == id) return i;
  return -1;
}

static void tap(App *app, const char *zId) {
  char err[256], hours[8];
  app->dirty = 1;
  if (!strcmp(zId, "page:next")) gReview.page++;
  else if (!strcmp(zId, "page:prev")) { if (gReview.page > 0) gReview.page--; }
  else if (!strcmp(zId, "action:cancel")) gReview.sel = -1;
  else if (!strncmp(zId, "approve:", 8)) {
    int i = index_of(app, atoll(zId + 8));
    if (i < 0) return;
    const VolEntry *e = &gReview.a[i];
    vol_half_text(e->half, hours);
    if (vol_review(app->db, e->id, VOL_APPROVED, NULL, OPERATOR, err, sizeof err)) {
      SDL_Log("approve: %s", err);
      util_strlcpy(gReview.notice, str(S_ACTION_FAILED), sizeof gReview.notice);
    } else snprintf(gReview.notice, sizeof gReview.notice, str(S_APPROVED_FMT), e->name, hours);
    reload(app);
  } else if (!strncmp(zId, "reject:", 7)) {
    gReview.sel = index_of(app, atoll(zId + 7));
  } else if (!strncmp(zId, "reason:", 7) && gReview.sel >= 0) {
    int k = atoi(zId + 7);
    if (k < 0 || k > 3) return;
    const VolEntry *e = &gReview.a[gReview.sel];
    if (vol_review(app->db, e->id, VOL_REJECTED, str(aReason[k]), OPERATOR, err, sizeof err)) {
      SDL_Log("reject: %s", err);
      util_strlcpy(gReview.notice, str(S_ACTION_FAILED), sizeof gReview.notice);
    } else snprintf(gReview.notice, sizeof gReview.notice, str(S_REJECTED_FMT), e->name, str(aReason[k]));
    gReview.sel = -1;
    reload(app);
  }
}

const Screen screen_vol_review = {.name = "vol_review", .back = SCR_ADMIN, .enter = enter, .draw = draw, .tap = tap,
                                     .leave = leave};
