/* screen_home: the first thing a member sees, and the idle screen — the
 * centre's name, the date and time, today's activity and one big 签到
 * button (with no activity open it says so kindly and offers no check-in),
 * three doors (通知公告, 志愿服务, 我的记录) and this month's honour board of
 * volunteers. */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char gNextAct[320]; /* with no activity today: when the next one is, in words */

/* Closes forgotten shifts, reads this month's honour board, and finds the
 * next activity after today (for a day without one). */
static void refresh_board(App *app) {
  model_refresh_honour(&app->model, app->db, app->cfg.maxShiftHours);
  char today[11], tomorrow[11];
  util_local_date(util_now(), today);
  util_strlcpy(gNextAct, str(S_NEXT_ACT_NONE), sizeof gNextAct);
  Activity *a = NULL;
  int n = 0;
  if (util_date_add(today, 1, tomorrow) || activity_list(app->db, tomorrow, 1, &a, &n) || !n) { free(a); return; }
  int yy = 0, mo = 0, dd = 0;
  sscanf(a[0].day, "%d-%d-%d", &yy, &mo, &dd);
  struct tm tm = {.tm_year = yy - 1900, .tm_mon = mo - 1, .tm_mday = dd, .tm_hour = 12};
  mktime(&tm);
  snprintf(gNextAct, sizeof gNextAct, str(S_NEXT_ACT_FMT), mo, dd, str(S_WEEKDAY_0 + tm.tm_wday), a[0].title);
  free(a);
}

static void enter(App *app) {
  model_refresh_activity(&app->model, app->db);
  refresh_board(app);
  find_set_purpose(PURPOSE_CHECKIN);
  find_set_member(NULL);
  notice_reset_size();
}


/* This month's top volunteers, in r. */
static void draw_honour(App *app, Ui *ui, Rect r) {
  const Metrics *m = &ui->m;
  ui_fill(ui, r, COL_TILE);
  ui_outline(ui, r, (int)(3 * m->u) > 1 ? (int)(3 * m->u) : 2, COL_TILE_EDGE);
  int x = r.x + m->margin / 2, w = r.w - m->margin, y = r.y + m->gap;
  int ht = text_fit(ui->text, str(S_HONOUR_TITLE), m->large, m->small, STYLE_BOLD, w);
  ui_text(ui, str(S_HONOUR_TITLE), x, y, ht ? ht : m->small, STYLE_BOLD, COL_TEXT, ALIGN_LEFT);
  y += app_line_h(ui, ht ? ht : m->small, STYLE_BOLD) + m->gap;
  if (!app->model.nHonour) {
    int px = text_fit(ui->text, str(S_HONOUR_EMPTY), m->body, m->small, STYLE_REGULAR, w);
    ui_text(ui, str(S_HONOUR_EMPTY), x, y, px ? px : m->small, STYLE_REGULAR, COL_MUTED, ALIGN_LEFT);
    return;
  }
  int lh = app_line_h(ui, m->body, STYLE_BOLD) + m->gap;
  for (int i = 0; i < app->model.nHonour && y + lh <= r.y + r.h; i++, y += lh) {
    char rank[12], hours[8], right[32];
    snprintf(rank, sizeof rank, "%d", i + 1);
    vol_half_text(app->model.aHonour[i].half, hours);
    snprintf(right, sizeof right, str(S_HONOUR_ROW_FMT), hours);
    int rw = ui_text(ui, right, x + w, y, m->body, STYLE_BOLD, COL_TEXT, ALIGN_RIGHT);
    int nx = x + ui_text(ui, rank, x, y, m->body, STYLE_BOLD, COL_PRIMARY, ALIGN_LEFT) + m->gap * 2;
    char who[200];
    snprintf(who, sizeof who, "%s  %s", app->model.aHonour[i].name, app->model.aHonour[i].group);
    int px = text_fit(ui->text, who, m->body, m->small, STYLE_REGULAR, x + w - rw - m->gap - nx);
    if (!px) { util_strlcpy(who, app->model.aHonour[i].name, sizeof who); px = m->small; }
    ui_text(ui, who, nx, y, px, STYLE_REGULAR, COL_TEXT, ALIGN_LEFT);
  }
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
  int lhLabel = app_line_h(ui, m->body, STYLE_BOLD), lhTitle = app_line_h(ui, m->title, STYLE_BOLD);
  int lhWhen = app_line_h(ui, m->body, STYLE_REGULAR);
  Rect card = {m->margin, y, m->w - 2 * m->margin, lhLabel + lhTitle + lhWhen + 2 * m->gap};
  ui_fill(ui, card, COL_TILE);
  ui_outline(ui, card, (int)(3 * m->u) > 1 ? (int)(3 * m->u) : 2, COL_TILE_EDGE);
  int tx = card.x + m->margin, tw = card.w - 2 * m->margin, ty = card.y + m->gap;
  ui_text(ui, str(S_TODAY_ACTIVITY), tx, ty, m->body, STYLE_BOLD, COL_MUTED, ALIGN_LEFT);
  ty += lhLabel;
  char several[96];
  snprintf(several, sizeof several, str(S_TODAY_SEVERAL_FMT), app->model.nOpen);
  const char *zTitle = app->model.actState == ACT_CHOOSE ? several
                       : app->model.haveAct                ? app->model.act.title
                                                           : str(S_NO_ACTIVITY_TODAY);
  int px = text_fit(ui->text, zTitle, m->title, m->body, STYLE_BOLD, tw);
  ui_text(ui, zTitle, tx, ty + (lhTitle - app_line_h(ui, px ? px : m->body, STYLE_BOLD)), px ? px : m->body, STYLE_BOLD,
          COL_TEXT, ALIGN_LEFT);
  ty += lhTitle;
  char when[320];
  if (app->model.actState == ACT_CHOOSE) {
    when[0] = 0; /* the activities' names, one after another */
    for (int i = 0; i < app->model.nOpen && strlen(when) + 4 < sizeof when; i++)
      snprintf(when + strlen(when), sizeof when - strlen(when), "%s%s", i ? " · " : "", app->model.aOpen[i].title);
  } else if (app->model.haveAct)
    snprintf(when, sizeof when, "%s–%s  %s", app->model.act.startHm, app->model.act.endHm, app->model.act.location);
  else util_strlcpy(when, str(S_NO_ACTIVITY_HINT), sizeof when);
  int wpx = text_fit(ui->text, when, m->body, m->small, STYLE_REGULAR, tw);
  ui_text(ui, when, tx, ty, wpx ? wpx : m->small, STYLE_REGULAR, app->model.haveAct ? COL_TEXT : COL_MUTED, ALIGN_LEFT);

  /* below the card: the big action, the three doors and the honour board;
   * side by side in landscape, stacked in portrait */
  int top = card.y + card.h + m->gap * 2, bottom = m->h - m->margin / 2;
  int avail = bottom - top;
  Rect act, doors, board;
  if (portrait) {
    act = (Rect){m->margin, top, m->w - 2 * m->margin, avail * 2 / 5};
    doors = (Rect){m->margin, act.y + act.h + m->gap * 2, act.w, avail / 5};
    board = (Rect){m->margin, doors.y + doors.h + m->gap * 2, act.w, bottom - doors.y - doors.h - m->gap * 2};
  } else {
    int lw = (m->w - 2 * m->margin - m->gap * 3) * 5 / 8;
    act = (Rect){m->margin, top, lw, avail * 3 / 5};
    doors = (Rect){m->margin, act.y + act.h + m->gap * 2, lw, avail - act.h - m->gap * 2};
    board = (Rect){act.x + lw + m->gap * 3, top, m->w - 2 * m->margin - lw - m->gap * 3, avail};
  }
  if ((app->model.actState == ACT_NOT_YET || app->model.actState == ACT_OVER) && app->model.nMember > 0) {
    char big[96];
    if (app->model.actState == ACT_NOT_YET) snprintf(big, sizeof big, str(S_OPENS_AT_FMT), app->model.opensAt);
    else util_strlcpy(big, str(S_OVER), sizeof big);
    int h1 = app_line_h(ui, m->title, STYLE_BOLD), y0 = act.y + (act.h - h1 * 2) / 2;
    int bpx = text_fit(ui->text, big, m->title, m->body, STYLE_BOLD, act.w);
    ui_text(ui, big, act.x + act.w / 2, y0, bpx ? bpx : m->body, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
    const char *hint = str(app->model.actState == ACT_NOT_YET ? S_OPENS_HINT : S_OVER_HINT);
    bpx = text_fit(ui->text, hint, m->large, m->small, STYLE_REGULAR, act.w);
    ui_text(ui, hint, act.x + act.w / 2, y0 + h1 + m->gap, bpx ? bpx : m->small, STYLE_REGULAR, COL_MUTED,
            ALIGN_CENTER);
  } else if (app->model.haveAct && app->model.nMember > 0) {
    ui_button2(ui, "checkin", str(S_CHECKIN), str(S_CHECKIN_HINT), act, BTN_PRIMARY, m->huge * 3 / 2, m->body);
  } else if (!app->model.haveAct && app->model.nMember > 0) {
    /* no activity today: said where 签到 would stand, with the next one */
    int h1 = app_line_h(ui, m->title, STYLE_BOLD), y0 = act.y + (act.h - h1 * 2) / 2;
    int bpx = text_fit(ui->text, str(S_NO_ACT_BIG), m->title, m->body, STYLE_BOLD, act.w);
    ui_text(ui, str(S_NO_ACT_BIG), act.x + act.w / 2, y0, bpx ? bpx : m->body, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
    char cut[320];
    bpx = app_fit_or_cut(ui, gNextAct, m->large, m->small, STYLE_REGULAR, act.w, cut, sizeof cut);
    ui_text(ui, cut, act.x + act.w / 2, y0 + h1 + m->gap, bpx, STYLE_REGULAR, COL_MUTED, ALIGN_CENTER);
  } else if (app->model.nMember == 0) {
    ui_text_in(ui, str(S_NO_MEMBERS), act, m->body, STYLE_REGULAR, COL_TEXT, ALIGN_CENTER);
  }
  static const struct { const char *id; StringId name, hint; } aDoor[] = {
    {"notices", S_NOTICES, S_NOTICES_HINT}, {"volunteer", S_VOLUNTEER, S_VOLUNTEER_HINT},
    {"record", S_MY_RECORD, S_MY_RECORD_HINT}};
  int dw = (doors.w - 2 * m->gap * 2) / 3;
  for (int i = 0; i < 3; i++) {
    if (i > 0 && app->model.nMember == 0) break; /* no roster: only the notices */
    Rect r = {doors.x + i * (dw + m->gap * 2), doors.y, dw, doors.h};
    ui_button2(ui, aDoor[i].id, str(aDoor[i].name), str(aDoor[i].hint), r, BTN_TILE, m->title, m->body);
  }
  draw_honour(app, ui, board);
}

static void tap(App *app, const char *zId) {
  if (!strcmp(zId, "notices")) { app_go(app, SCR_NOTICES); return; }
  if (!strcmp(zId, "volunteer") || !strcmp(zId, "record")) {
    find_start(app, zId[0] == 'v' ? PURPOSE_VOLUNTEER : PURPOSE_RECORD);
    return;
  }
  if (strcmp(zId, "checkin")) return;
  find_set_purpose(PURPOSE_CHECKIN);
  model_refresh_activity(&app->model, app->db); /* a window may have opened or closed since the last minute */
  if (app->model.actState == ACT_CHOOSE) app_go(app, SCR_CHOOSE);
  else if (app->model.actState == ACT_OPEN) app_go(app, SCR_CHECKIN);
  else app->dirty = 1;
}

/* the clock shows minutes: wake at the next minute */
static Uint64 deadline(App *app) {
  time_t now = time(NULL);
  return app_now(app) + (Uint64)(60 - now % 60) * 1000;
}

static void expire(App *app) {
  model_refresh_activity(&app->model, app->db); /* the day may have turned */
  refresh_board(app);
  sound_rest(app->sound);    /* a tone that was still playing when we came home is over */
  app->dirty = 1;
}

const Screen screen_home = {
    .name = "home", .back = SCR_HOME, .enter = enter, .draw = draw, .tap = tap, .deadline = deadline,
    .expire = expire};
