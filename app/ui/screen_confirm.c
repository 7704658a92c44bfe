/* screen_confirm: the answer to a tap on a name, shown only after the
 * check-in has committed — a big check mark, the name, the time — then home
 * by itself after a few seconds. A second check-in the same day is answered
 * kindly ("您已签到 09:32"); a failure to save says so and acknowledges nothing.
 * What it shows is handed over with confirm_show (screens.h). */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

static Confirmation gShown; /* what the screen shows */

void confirm_show(App *app, const Confirmation *c) {
  gShown = *c;
  app_go(app, SCR_CONFIRM);
}

const Confirmation *confirm_last(void) { return &gShown; }

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  const Confirmation *c = &gShown;
  int already = c->ok && c->rec.outcome == CHECKIN_ALREADY;
  char hm[6] = "", line1[128], line2[1200];
  if (c->ok) util_local_hm(c->rec.at, hm);
  const char *title = c->card != QRCARD_OK ? str(S_CARD_REFUSED)
                      : !c->ok             ? str(S_SAVE_FAILED)
                      : already                 ? str(S_ALREADY_FMT)
                                                : str(S_CHECKIN_OK);
  char titleBuf[96];
  if (already) { snprintf(titleBuf, sizeof titleBuf, str(S_ALREADY_FMT), hm); title = titleBuf; }
  Rect content = app_chrome(app, ui, str(S_CHECKIN));

  int portrait = m->h > m->w;
  int radius = (int)((portrait ? 200 : 150) * m->u);
  int cy = content.y + m->gap * 2 + radius;
  Color mark = !c->ok ? COL_ERR : already ? COL_INFO : COL_OK;
  ui_disc(ui, m->w / 2, cy, radius, mark);
  if (c->ok) ui_check(ui, m->w / 2, cy, radius * 2, COL_ON_PRIMARY);
  else ui_bang(ui, m->w / 2, cy, radius * 2, COL_ON_PRIMARY);

  int y = cy + radius + m->gap * 2;
  if (c->ok) {
    int px = text_fit(ui->text, c->rec.member.name, m->huge, m->title, STYLE_BOLD, m->w - 2 * m->margin);
    ui_text(ui, c->rec.member.name, m->w / 2, y, px ? px : m->title, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
    y += (px ? px : m->title) * 3 / 2;
  }
  ui_text(ui, title, m->w / 2, y, m->title, STYLE_BOLD, mark, ALIGN_CENTER);
  y += m->title * 3 / 2;
  if (c->ok) {
    if (already) util_strlcpy(line1, str(S_ALREADY_NOTE), sizeof line1);
    else if (c->rec.status == CHECKIN_LATE) snprintf(line1, sizeof line1, "%s  %s", hm, str(S_CHECKIN_LATE_NOTE));
    else util_strlcpy(line1, hm, sizeof line1);
    snprintf(line2, sizeof line2, "%.200s · %.900s", c->rec.member.group, c->rec.activity.title);
  } else {
    /* a refused card says why; outside the window is not a fault: say when, kindly */
    const char *next = "";
    if (c->card != QRCARD_OK) util_strlcpy(line1, app_card_reason(c->card), sizeof line1);
    else if (!app->model.haveAct) util_strlcpy(line1, str(S_NO_ACTIVITY_TODAY), sizeof line1);
    else {
      char opens[6];
      CheckinWindow w = checkin_window(app->db, &app->model.act, util_now(), opens);
      StringId id = str_checkin_refused((KrCode)c->code, w);
      snprintf(line1, sizeof line1, str(id), opens); /* only S_NOT_OPEN_FMT has a %s */
      next = id == S_NOT_OPEN_FMT ? str(S_OPENS_HINT) : id == S_CLOSED ? str(S_NEXT_LATE_PROXY) : "";
    }
    /* and what to do now */
    if (c->card != QRCARD_OK) next = app_card_next(c->card);
    util_strlcpy(line2, next, sizeof line2);
  }
  ui_text(ui, line1, m->w / 2, y, m->large, STYLE_REGULAR, COL_TEXT, ALIGN_CENTER);
  y += m->large * 3 / 2;
  if (line2[0]) {
    int px = text_fit(ui->text, line2, m->body, m->small, STYLE_REGULAR, m->w - 2 * m->margin);
    ui_text(ui, line2, m->w / 2, y, px ? px : m->small, STYLE_REGULAR, COL_MUTED, ALIGN_CENTER);
  }
  app_return_note(app, ui);
}

const Screen screen_confirm = {
    .name = "confirm", .back = SCR_CHECKIN, .draw = draw, .deadline = app_return_deadline,
    .expire = app_return_expire};
