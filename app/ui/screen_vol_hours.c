/* screen_vol_hours: how long — the hours shown huge, with big 少半小时 /
 * 多半小时 buttons (steps of 0.5 h, from 0.5 to 12; a button that would go
 * past the end does nothing), then 下一步. No keyboard. */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  Rect c = app_chrome(app, ui, str(S_VOL_HOURS_TITLE));
  int portrait = m->h > m->w;
  char hours[8], big[32];
  vol_half_text(vol_draft()->half, hours);
  snprintf(big, sizeof big, str(S_VOL_HOURS_FMT), hours);
  int bigPx = m->huge * 3 / 2, bigH = app_line_h(ui, bigPx, STYLE_BOLD);
  int stepW = portrait ? (c.w - 2 * m->margin - m->gap * 2) / 2 : (int)(420 * m->u);
  int stepH = (int)(240 * m->u) > m->minTap ? (int)(240 * m->u) : m->minTap;
  int y = c.y + m->gap * 3;
  if (portrait) {
    ui_text(ui, big, m->w / 2, y, bigPx, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
    y += bigH + m->gap * 2;
    ui_button2(ui, "hours:-", "−", str(S_VOL_LESS), (Rect){m->margin, y, stepW, stepH}, BTN_TILE, m->huge, m->large);
    ui_button2(ui, "hours:+", "+", str(S_VOL_MORE), (Rect){m->w - m->margin - stepW, y, stepW, stepH}, BTN_TILE,
               m->huge, m->large);
    y += stepH + m->gap * 2;
  } else {
    Rect row = {m->margin, y, c.w - 2 * m->margin, stepH};
    ui_button2(ui, "hours:-", "−", str(S_VOL_LESS), (Rect){row.x, row.y, stepW, stepH}, BTN_TILE, m->huge, m->large);
    ui_button2(ui, "hours:+", "+", str(S_VOL_MORE), (Rect){row.x + row.w - stepW, row.y, stepW, stepH}, BTN_TILE,
               m->huge, m->large);
    ui_text_in(ui, big, (Rect){row.x + stepW, row.y, row.w - 2 * stepW, row.h}, bigPx, STYLE_BOLD, COL_TEXT,
               ALIGN_CENTER);
    y += stepH + m->gap * 2;
  }
  int hpx = text_fit(ui->text, str(S_VOL_HOURS_HINT), m->body, m->small, STYLE_REGULAR, c.w - 2 * m->margin);
  ui_text(ui, str(S_VOL_HOURS_HINT), m->w / 2, y, hpx ? hpx : m->small, STYLE_REGULAR, COL_MUTED, ALIGN_CENTER);
  y += app_line_h(ui, m->body, STYLE_REGULAR) + m->gap * 3;
  int nw = portrait ? c.w - 2 * m->margin : (int)(640 * m->u), nh = m->h - m->margin - y;
  if (nh > (int)(200 * m->u)) nh = (int)(200 * m->u);
  if (nh < m->minTap) nh = m->minTap;
  ui_button(ui, "next", str(S_VOL_NEXT), (Rect){(m->w - nw) / 2, y, nw, nh}, BTN_PRIMARY, m->title);
}

static void tap(App *app, const char *zId) {
  app->dirty = 1;
  if (!strcmp(zId, "hours:-")) vol_draft()->half = vol_half_step(vol_draft()->half, -1);
  else if (!strcmp(zId, "hours:+")) vol_draft()->half = vol_half_step(vol_draft()->half, 1);
  else if (!strcmp(zId, "next")) app_go(app, SCR_VOL_CONFIRM);
}

const Screen screen_vol_hours = {.name = "vol_hours", .back = SCR_VOL_DAY, .draw = draw, .tap = tap};
