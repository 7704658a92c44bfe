/* screen_vol_confirm: the entry about to be made — name, category, day and
 * hours, large, and also read out — with 确认提交 and 返回修改. The entry is
 * saved (and acknowledged on the next screen) only after it has committed. */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

static void summary(App *app, char *zDay, size_t nDay, char *zHours) {
  char name[32], date[32];
  app_vol_day_text(vol_draft()->day, name, sizeof name, date, sizeof date);
  snprintf(zDay, nDay, "%s %s", name, date);
  vol_half_text(vol_draft()->half, zHours);
}

static void enter(App *app) {
  if (!app->cfg.readAloud) return;
  char day[96], hours[8], say[512];
  summary(app, day, sizeof day, hours);
  char name[160];
  speech_name(find_member()->name, name, sizeof name);
  snprintf(say, sizeof say, str(S_VOL_SAY_SUMMARY_FMT), name, app->model.volCats.a[vol_draft()->cat], day, hours);
  voice_say(app->reader, say);
}

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  Rect c = app_chrome(app, ui, str(S_VOL_CONFIRM_TITLE));
  char day[96], hours[8], hoursText[32];
  summary(app, day, sizeof day, hours);
  snprintf(hoursText, sizeof hoursText, str(S_VOL_HOURS_FMT), hours);
  const char *azLabel[4] = {str(S_VOL_NAME), str(S_VOL_CATEGORY), str(S_VOL_DAY), str(S_VOL_HOURS)};
  const char *azValue[4] = {find_member()->name, app->model.volCats.a[vol_draft()->cat], day, hoursText};
  int lh = app_line_h(ui, m->title, STYLE_BOLD) + m->gap;
  int portrait = m->h > m->w;
  int cardW = portrait ? c.w - 2 * m->margin : c.w * 3 / 5;
  Rect card = {(m->w - cardW) / 2, c.y + m->gap * 3, cardW, 4 * lh + m->gap * 2};
  ui_fill(ui, card, COL_TILE);
  ui_outline(ui, card, (int)(3 * m->u) > 1 ? (int)(3 * m->u) : 2, COL_TILE_EDGE);
  int labelW = (int)(200 * m->u);
  for (int i = 0; i < 4; i++) {
    int y = card.y + m->gap + i * lh;
    ui_text(ui, azLabel[i], card.x + m->margin, y + (lh - app_line_h(ui, m->large, STYLE_REGULAR)) / 2, m->large,
            STYLE_REGULAR, COL_MUTED, ALIGN_LEFT);
    int px = text_fit(ui->text, azValue[i], m->title, m->body, STYLE_BOLD, card.w - labelW - 2 * m->margin);
    ui_text(ui, azValue[i], card.x + m->margin + labelW, y, px ? px : m->body, STYLE_BOLD, COL_TEXT, ALIGN_LEFT);
  }
  int y = card.y + card.h + m->gap * 2;
  ui_text(ui, str(S_VOL_CONFIRM_HINT), m->w / 2, y, m->large, STYLE_REGULAR, COL_TEXT, ALIGN_CENTER);
  y += app_line_h(ui, m->large, STYLE_REGULAR) + m->gap * 2;
  int bh = m->h - m->margin - y;
  if (bh > (int)(200 * m->u)) bh = (int)(200 * m->u);
  int bw = (cardW - m->gap * 3) / 2;
  ui_button(ui, "fix", str(S_VOL_FIX), (Rect){card.x, y, bw, bh}, BTN_TILE, m->title);
  ui_button(ui, "submit", str(S_VOL_SUBMIT), (Rect){card.x + card.w - bw, y, bw, bh}, BTN_PRIMARY, m->title);
}

static void tap(App *app, const char *zId) {
  if (!strcmp(zId, "fix")) { app_go(app, SCR_VOL_HOURS); return; }
  if (strcmp(zId, "submit")) return;
  char today[11], day[11], err[256];
  util_local_date(util_now(), today);
  util_date_add(today, -vol_draft()->day, day);
  VolEntry e;
  if (vol_log(app->db, find_member()->memberNo, app->model.volCats.a[vol_draft()->cat], day, vol_draft()->half, "kiosk", &e, err,
              sizeof err)) {
    SDL_Log("volunteer hours: %s", err);
    sound_play(app->sound, TONE_REFUSED);
    vol_done_show(app, VOLDONE_FAILED, 0, "");
    return;
  }
  sound_play(app->sound, TONE_OK);
  vol_done_show(app, VOLDONE_LOGGED, e.half, ""); /* committed: only now may the screen say so */
}

const Screen screen_vol_confirm = {
    .name = "vol_confirm", .back = SCR_VOL_HOURS, .enter = enter, .draw = draw, .tap = tap};
