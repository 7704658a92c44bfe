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

/* The rendered height of one line of text at px. */
static int line_h(Ui *ui, int px, TextStyle st) {
  int w, h;
  text_measure(ui->text, "国", px, st, &w, &h);
  return h;
}

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  int portrait = m->h > m->w;
  /* header: the centre's name, and the date and time */
  char name[160];
  snprintf(name, sizeof name, "%s%s", app->cfg.village, str(S_CENTRE_SUFFIX));
  time_t now = (time_t)util_now();
  struct tm tm;
  localtime_r(&now, &tm);
  char date[96], hm[6];
  snprintf(date, sizeof date, str(S_DATE_FMT), tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  snprintf(date + strlen(date), sizeof date - strlen(date), " %s", str(S_WEEKDAY_0 + tm.tm_wday));
  util_local_hm(util_now(), hm);
  ui->titlePx = m->title;
  int barH;
  if (portrait) {
    /* three stacked lines, placed by their rendered heights */
    int w, hName, hTime, hDate;
    text_measure(ui->text, name, m->title, STYLE_BOLD, &w, &hName);
    text_measure(ui->text, hm, m->title, STYLE_BOLD, &w, &hTime);
    text_measure(ui->text, date, m->body, STYLE_REGULAR, &w, &hDate);
    barH = hName + hTime + hDate + 2 * m->gap;
    ui_fill(ui, (Rect){0, 0, m->w, barH}, COL_BAR);
    int y = m->gap;
    ui_text(ui, name, m->w / 2, y, m->title, STYLE_BOLD, COL_ON_BAR, ALIGN_CENTER);
    ui_text(ui, hm, m->w / 2, y += hName, m->title, STYLE_BOLD, COL_ON_BAR, ALIGN_CENTER);
    ui_text(ui, date, m->w / 2, y + hTime, m->body, STYLE_REGULAR, COL_ON_BAR, ALIGN_CENTER);
  } else {
    barH = m->topBar + m->gap;
    ui_fill(ui, (Rect){0, 0, m->w, barH}, COL_BAR);
    Rect r = {m->margin, 0, m->w - 2 * m->margin, barH};
    ui_text_in(ui, name, r, m->title, STYLE_BOLD, COL_ON_BAR, ALIGN_LEFT);
    char both[128];
    snprintf(both, sizeof both, "%s  %s", date, hm);
    ui_text_in(ui, both, r, m->title * 3 / 4 > m->body ? m->title * 3 / 4 : m->body, STYLE_BOLD, COL_ON_BAR, ALIGN_RIGHT);
  }

  /* the secretary's way in: hold the top-left corner for 3 s. It looks like
   * nothing, so members never try it; while held, a bar fills the header. */
  Rect corner = {0, 0, m->minTap * 3 / 2, barH};
  ui_widget(ui, ADMIN_CORNER_ID, "", corner, 0);
  if (ui_is_pressed(ui, ADMIN_CORNER_ID)) {
    Uint64 held = app_now(app) - app->pressedAt;
    int w = (int)((Uint64)m->w * (held < ADMIN_HOLD_MS ? held : ADMIN_HOLD_MS) / ADMIN_HOLD_MS);
    ui_fill(ui, (Rect){0, barH - m->gap / 2, w, m->gap / 2}, COL_ON_BAR);
  }

  /* today's activity card: three lines placed by their rendered heights */
  int y = barH + m->gap * 2;
  int lhLabel = line_h(ui, m->body, STYLE_BOLD), lhTitle = line_h(ui, m->title, STYLE_BOLD);
  int lhWhen = line_h(ui, m->body, STYLE_REGULAR);
  Rect card = {m->margin, y, m->w - 2 * m->margin, lhLabel + lhTitle + lhWhen + 2 * m->gap};
  ui_fill(ui, card, COL_TILE);
  ui_outline(ui, card, (int)(3 * m->u) > 1 ? (int)(3 * m->u) : 2, COL_TILE_EDGE);
  int tx = card.x + m->margin, tw = card.w - 2 * m->margin, ty = card.y + m->gap;
  ui_text(ui, str(S_TODAY_ACTIVITY), tx, ty, m->body, STYLE_BOLD, COL_MUTED, ALIGN_LEFT);
  ty += lhLabel;
  char several[96];
  snprintf(several, sizeof several, str(S_TODAY_SEVERAL_FMT), app->nOpen);
  const char *zTitle = app->actState == ACT_CHOOSE ? several : app->haveAct ? app->act.title : str(S_NO_ACTIVITY_TODAY);
  int px = text_fit(ui->text, zTitle, m->title, m->body, STYLE_BOLD, tw);
  ui_text(ui, zTitle, tx, ty + (lhTitle - line_h(ui, px ? px : m->body, STYLE_BOLD)), px ? px : m->body, STYLE_BOLD,
          COL_TEXT, ALIGN_LEFT);
  ty += lhTitle;
  char when[320];
  if (app->actState == ACT_CHOOSE) {
    when[0] = 0; /* the activities' names, one after another */
    for (int i = 0; i < app->nOpen && strlen(when) + 4 < sizeof when; i++)
      snprintf(when + strlen(when), sizeof when - strlen(when), "%s%s", i ? " · " : "", app->aOpen[i].title);
  } else if (app->haveAct)
    snprintf(when, sizeof when, "%s–%s  %s", app->act.startHm, app->act.endHm, app->act.location);
  else util_strlcpy(when, str(S_NO_ACTIVITY_HINT), sizeof when);
  int wpx = text_fit(ui->text, when, m->body, m->small, STYLE_REGULAR, tw);
  ui_text(ui, when, tx, ty, wpx ? wpx : m->small, STYLE_REGULAR, app->haveAct ? COL_TEXT : COL_MUTED, ALIGN_LEFT);

  /* the one big action, or why there is none now */
  if ((app->actState == ACT_NOT_YET || app->actState == ACT_OVER) && app->nMember > 0) {
    char big[96];
    if (app->actState == ACT_NOT_YET) snprintf(big, sizeof big, str(S_OPENS_AT_FMT), app->opensAt);
    else util_strlcpy(big, str(S_OVER), sizeof big);
    int y0 = card.y + card.h + m->gap * 6;
    ui_text(ui, big, m->w / 2, y0, m->title, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
    ui_text(ui, str(app->actState == ACT_NOT_YET ? S_OPENS_HINT : S_OVER_HINT), m->w / 2, y0 + m->title * 2, m->large,
            STYLE_REGULAR, COL_MUTED, ALIGN_CENTER);
  } else if (app->haveAct && app->nMember > 0) {
    int top = card.y + card.h + m->gap * 2;
    int avail = m->h - top - m->margin * 2;
    int bw = portrait ? m->w - 2 * m->margin : m->w * 3 / 5;
    int maxH = (int)((portrait ? 640 : 420) * m->u);
    int bh = avail < maxH ? avail : maxH;
    Rect b = {(m->w - bw) / 2, top + (avail - bh) / 2, bw, bh};
    Color body, ink;
    ui_button_colors(ui, "checkin", BTN_PRIMARY, &body, &ink);
    ui_fill(ui, b, body);
    ui_outline(ui, b, (int)(6 * m->u) > 2 ? (int)(6 * m->u) : 2, COL_TEXT);
    /* stack the word and its hint by their rendered heights, not their
     * nominal sizes: CJK line boxes are ~1.4x the pixel size */
    int big = m->huge * 3 / 2, bigW, bigH, hintW, hintH;
    text_measure(ui->text, str(S_CHECKIN), big, STYLE_BOLD, &bigW, &bigH);
    text_measure(ui->text, str(S_CHECKIN_HINT), m->body, STYLE_REGULAR, &hintW, &hintH);
    int top0 = b.y + (b.h - (bigH + hintH)) / 2;
    ui_text(ui, str(S_CHECKIN), b.x + b.w / 2, top0, big, STYLE_BOLD, ink, ALIGN_CENTER);
    ui_text(ui, str(S_CHECKIN_HINT), b.x + b.w / 2, top0 + bigH, m->body, STYLE_REGULAR, ink, ALIGN_CENTER);
    ui_widget(ui, "checkin", str(S_CHECKIN), b, big);
  } else if (app->nMember == 0) {
    ui_text(ui, str(S_NO_MEMBERS), m->w / 2, card.y + card.h + m->gap * 4, m->body, STYLE_REGULAR, COL_TEXT,
            ALIGN_CENTER);
  }
}

static void tap(App *app, const char *zId) {
  if (strcmp(zId, "checkin")) return;
  app_refresh_activity(app); /* a window may have opened or closed since the last minute */
  if (app->actState == ACT_CHOOSE) app_go(app, SCR_CHOOSE);
  else if (app->actState == ACT_OPEN) app_go(app, SCR_CHECKIN);
  else app->dirty = 1;
}

/* the clock shows minutes: wake at the next minute */
static Uint64 deadline(App *app) {
  time_t now = time(NULL);
  return app_now(app) + (Uint64)(60 - now % 60) * 1000;
}

static void expire(App *app) {
  app_refresh_activity(app); /* the day may have turned */
  sound_rest(app->sound);    /* a tone that was still playing when we came home is over */
  app->dirty = 1;
}

const Screen screen_home = {"home", SCR_HOME, enter, draw, tap, deadline, expire};
