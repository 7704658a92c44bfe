/* screen_volunteer: a member found for volunteering sees their name and two
 * big choices — 补登服务时长 (hours already done, today or up to two days
 * back) or 开始服务 (sign in now; the hours are counted at sign-out). With a
 * shift open it offers only 结束服务, with how long it has run. Below: this
 * month's hours, approved and waiting. */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

static VolDraft gDraft;

VolDraft *vol_draft(void) { return &gDraft; }

/* This screen's own: whether the member has a shift open (gDraft.shift),
 * and this month's hours. */
static struct {
  int haveShift;
  int monthApproved, monthPending;
} gMe;

static void enter(App *app) {
  vol_autoclose(app->db, util_now(), app->cfg.maxShiftHours, NULL);
  memset(&gDraft, 0, sizeof gDraft);
  gMe.haveShift = vol_open_shift(app->db, find_member()->memberNo, &gDraft.shift) == KR_OK;
  char today[11], first[11];
  util_local_date(util_now(), today);
  snprintf(first, sizeof first, "%.8s01", today);
  if (vol_member_totals(app->db, find_member()->memberNo, first, today, &gMe.monthApproved, &gMe.monthPending))
    gMe.monthApproved = gMe.monthPending = 0;
}

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  Rect c = app_chrome(app, ui, str(S_VOL_TITLE));
  int portrait = m->h > m->w;
  int y = c.y + m->gap * 2;
  char who[200];
  snprintf(who, sizeof who, "%s  %s", find_member()->name, find_member()->group);
  int px = text_fit(ui->text, who, m->huge, m->title, STYLE_BOLD, c.w - 2 * m->margin);
  ui_text(ui, who, m->w / 2, y, px ? px : m->title, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
  y += app_line_h(ui, px ? px : m->title, STYLE_BOLD) + m->gap * 2;
  char ap[8], pe[8], month[128];
  vol_half_text(gMe.monthApproved, ap);
  vol_half_text(gMe.monthPending, pe);
  snprintf(month, sizeof month, str(S_VOL_MONTH_FMT), ap, pe);
  int footH = app_line_h(ui, m->large, STYLE_REGULAR) + m->gap * 2;
  Rect area = {m->margin, y, m->w - 2 * m->margin, m->h - y - footH - m->margin};
  ui_text(ui, month, m->w / 2, m->h - m->margin - footH + m->gap, m->large, STYLE_REGULAR, COL_TEXT, ALIGN_CENTER);
  if (gMe.haveShift) {
    char hm[6], line[256];
    util_local_hm(gDraft.shift.startAt, hm);
    int64_t mins = (util_now() - gDraft.shift.startAt) / 60;
    if (mins < 0) mins = 0;
    snprintf(line, sizeof line, str(S_VOL_ON_SHIFT_FMT), gDraft.shift.category, hm, (int)(mins / 60), (int)(mins % 60));
    int lpx = text_fit(ui->text, line, m->large, m->small, STYLE_REGULAR, area.w);
    ui_text(ui, line, m->w / 2, area.y, lpx ? lpx : m->small, STYLE_REGULAR, COL_TEXT, ALIGN_CENTER);
    int top = area.y + app_line_h(ui, m->large, STYLE_REGULAR) + m->gap * 2;
    int bw = portrait ? area.w : area.w * 3 / 5, bh = area.y + area.h - top;
    if (bh > (int)(420 * m->u)) bh = (int)(420 * m->u);
    ui_button2(ui, "shift:end", str(S_VOL_END), str(S_VOL_WAIT_REVIEW), (Rect){(m->w - bw) / 2, top, bw, bh},
               BTN_PRIMARY, m->huge, m->body);
    return;
  }
  Rect a, b;
  if (portrait) {
    int h = (area.h - m->gap * 3) / 2;
    a = (Rect){area.x, area.y, area.w, h};
    b = (Rect){area.x, area.y + h + m->gap * 3, area.w, h};
  } else {
    int w = (area.w - m->gap * 3) / 2;
    a = (Rect){area.x, area.y, w, area.h};
    b = (Rect){area.x + w + m->gap * 3, area.y, w, area.h};
  }
  ui_button2(ui, "vol:log", str(S_VOL_LOG), str(S_VOL_LOG_HINT), a, BTN_PRIMARY, m->huge, m->body);
  ui_button2(ui, "shift:start", str(S_VOL_START), str(S_VOL_START_HINT), b, BTN_TILE, m->huge, m->body);
}

static void tap(App *app, const char *zId) {
  char err[256];
  if (!strcmp(zId, "vol:log") || !strcmp(zId, "shift:start")) {
    gDraft.starting = zId[0] == 's';
    gDraft.day = 0;
    gDraft.half = 4;
    app_go(app, SCR_VOL_CATEGORY);
  } else if (!strcmp(zId, "shift:end")) {
    VolEntry e;
    int half = 0;
    if (vol_shift_end(app->db, find_member()->memberNo, app->cfg.maxShiftHours, &half, &e, err, sizeof err)) {
      SDL_Log("shift end: %s", err);
      vol_done_show(app, VOLDONE_FAILED, 0, "");
    } else vol_done_show(app, half ? VOLDONE_ENDED : VOLDONE_TOO_SHORT, half, e.flag);
  }
}

/* with a shift open, the minutes shown move on */
static Uint64 deadline(App *app) {
  if (!gMe.haveShift) return 0;
  return app_now(app) + (Uint64)(60 - util_now() % 60) * 1000;
}

static void expire(App *app) { app->dirty = 1; }

const Screen screen_volunteer = {
    .name = "volunteer", .back = SCR_CHECKIN, .enter = enter, .draw = draw, .tap = tap, .deadline = deadline,
    .expire = expire};
