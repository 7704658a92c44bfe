/* screen_home: the first thing a member sees — the centre's name, the date
 * and time, today's activity, and one big 签到 button. With no activity today
 * it says so kindly and offers no check-in. */
#include "app.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

static void enter(App *app) { app_refresh_activity(app); }

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  int portrait = m->h > m->w;
  /* header: the centre's name, and the date and time */
  int barH = portrait ? m->title * 2 + m->body + 3 * m->gap : m->topBar + m->gap;
  ui_fill(ui, (Rect){0, 0, m->w, barH}, COL_BAR);
  char name[160];
  snprintf(name, sizeof name, "%s%s", app->cfg.village, str(S_CENTRE_SUFFIX));
  time_t now = (time_t)util_now();
  struct tm tm;
  localtime_r(&now, &tm);
  char date[96], hm[6];
  snprintf(date, sizeof date, str(S_DATE_FMT), tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  snprintf(date + strlen(date), sizeof date - strlen(date), " %s", str(S_WEEKDAY_0 + tm.tm_wday));
  util_local_hm(util_now(), hm);
  if (portrait) {
    ui_text(ui, name, m->w / 2, m->gap, m->title, STYLE_BOLD, COL_ON_BAR, ALIGN_CENTER);
    ui_text(ui, hm, m->w / 2, m->gap * 2 + m->title, m->title, STYLE_BOLD, COL_ON_BAR, ALIGN_CENTER);
    ui_text(ui, date, m->w / 2, m->gap * 2 + m->title * 2 + m->gap / 2, m->body, STYLE_REGULAR, COL_ON_BAR, ALIGN_CENTER);
  } else {
    Rect r = {m->margin, 0, m->w - 2 * m->margin, barH};
    ui_text_in(ui, name, r, m->title, STYLE_BOLD, COL_ON_BAR, ALIGN_LEFT);
    char both[128];
    snprintf(both, sizeof both, "%s  %s", date, hm);
    ui_text_in(ui, both, r, m->title * 3 / 4 > m->body ? m->title * 3 / 4 : m->body, STYLE_BOLD, COL_ON_BAR, ALIGN_RIGHT);
  }

  /* today's activity card */
  int y = barH + m->gap * 2;
  int cardH = m->body + m->large + m->body + 4 * m->gap;
  Rect card = {m->margin, y, m->w - 2 * m->margin, cardH};
  ui_fill(ui, card, COL_TILE);
  ui_outline(ui, card, (int)(3 * m->u) > 1 ? (int)(3 * m->u) : 2, COL_TILE_EDGE);
  int tx = card.x + m->margin;
  ui_text(ui, str(S_TODAY_ACTIVITY), tx, card.y + m->gap, m->body, STYLE_BOLD, COL_MUTED, ALIGN_LEFT);
  if (app->haveAct) {
    int px = text_fit(ui->text, app->act.title, m->large, m->body, STYLE_BOLD, card.w - 2 * m->margin);
    ui_text(ui, app->act.title, tx, card.y + 2 * m->gap + m->body, px ? px : m->body, STYLE_BOLD, COL_TEXT, ALIGN_LEFT);
    char when[320];
    snprintf(when, sizeof when, "%s–%s  %s", app->act.startHm, app->act.endHm, app->act.location);
    int wpx = text_fit(ui->text, when, m->body, m->small, STYLE_REGULAR, card.w - 2 * m->margin);
    ui_text(ui, when, tx, card.y + 3 * m->gap + m->body + m->large, wpx ? wpx : m->small, STYLE_REGULAR, COL_TEXT,
            ALIGN_LEFT);
  } else {
    ui_text(ui, str(S_NO_ACTIVITY_TODAY), tx, card.y + 2 * m->gap + m->body, m->large, STYLE_BOLD, COL_TEXT, ALIGN_LEFT);
    ui_text(ui, str(S_NO_ACTIVITY_HINT), tx, card.y + 3 * m->gap + m->body + m->large, m->body, STYLE_REGULAR,
            COL_MUTED, ALIGN_LEFT);
  }

  /* the one big action */
  if (app->haveAct && app->nMember > 0) {
    int top = card.y + card.h + m->gap * 2;
    int avail = m->h - top - m->margin * 2;
    int bw = portrait ? m->w - 2 * m->margin : m->w * 3 / 5;
    int bh = avail < (int)(420 * m->u) ? avail : (int)(420 * m->u);
    Rect b = {(m->w - bw) / 2, top + (avail - bh) / 2, bw, bh};
    Color body, ink;
    ui_button_colors(ui, "checkin", BTN_PRIMARY, &body, &ink);
    ui_fill(ui, b, body);
    ui_outline(ui, b, (int)(6 * m->u) > 2 ? (int)(6 * m->u) : 2, COL_TEXT);
    int big = m->huge * 3 / 2;
    int block = big + m->gap + m->body;
    ui_text(ui, str(S_CHECKIN), b.x + b.w / 2, b.y + (b.h - block) / 2, big, STYLE_BOLD, ink, ALIGN_CENTER);
    ui_text(ui, str(S_CHECKIN_HINT), b.x + b.w / 2, b.y + (b.h - block) / 2 + big + m->gap, m->body, STYLE_REGULAR,
            ink, ALIGN_CENTER);
    ui_widget(ui, "checkin", str(S_CHECKIN), b, big);
  } else if (app->nMember == 0) {
    ui_text(ui, str(S_NO_MEMBERS), m->w / 2, card.y + card.h + m->gap * 4, m->body, STYLE_REGULAR, COL_TEXT,
            ALIGN_CENTER);
  }
}

static void tap(App *app, const char *zId) {
  if (!strcmp(zId, "checkin")) app_go(app, SCR_CHECKIN);
}

/* the clock shows minutes: wake at the next minute */
static Uint64 deadline(App *app) {
  time_t now = time(NULL);
  return app_now(app) + (Uint64)(60 - now % 60) * 1000;
}

static void expire(App *app) {
  app_refresh_activity(app); /* the day may have turned */
  app->dirty = 1;
}

const Screen screen_home = {"home", SCR_HOME, enter, draw, tap, deadline, expire};
