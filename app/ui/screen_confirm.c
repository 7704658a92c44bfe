/* screen_confirm: the answer to a tap on a name, shown only after the
 * check-in has committed — a big check mark, the name, the time — then home
 * by itself after a few seconds. A second check-in the same day is answered
 * kindly ("您已签到 09:32"); a failure to save says so and acknowledges nothing.
 * What it shows is handed over with confirm_show (screens.h).
 *
 * A shaky finger can land on the neighbour's tile, and a tap checks in at
 * once; so while it counts down, a new check-in offers a big 不是我. It
 * cancels that check-in with a reversal record by the member themselves
 * (operator "self", checkin_reverse: nothing is deleted) and goes back to
 * the name grid, which says it was cancelled. A second tap ("您已签到") has
 * no 不是我: the record it shows was made earlier, maybe by someone else.
 * A member with a photo sees their face beside the check mark. */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

/* who cancelled, in a reversal record made by 不是我 */
#define OPERATOR_SELF "self"

static Confirmation gShown; /* what the screen shows */
static int gUndoFailed;     /* 不是我 was tapped but the reversal could not be saved */

void confirm_show(App *app, const Confirmation *c) {
  gShown = *c;
  gUndoFailed = 0;
  app_go(app, SCR_CONFIRM);
}

const Confirmation *confirm_last(void) { return &gShown; }

/* 1 if the confirmation shows a check-in just made, which 不是我 may cancel. */
static int can_undo(const Confirmation *c) { return c->ok && c->rec.outcome == CHECKIN_NEW && !gUndoFailed; }

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
  if (c->ok) { /* their face beside the mark, when the roster has it */
    int i = 0, pw, ph;
    while (i < app->model.nMember && strcmp(app->model.aMember[i].memberNo, c->rec.member.memberNo)) i++;
    int room = m->w / 2 - radius - 4 * m->gap - m->margin, side = room < radius * 2 ? room : radius * 2;
    SDL_Texture *face = i < app->model.nMember && side > 0 ? app_photo(app, i, side, &pw, &ph) : NULL;
    if (face) {
      SDL_Rect dst = {m->w / 2 - radius - 4 * m->gap - pw, cy - ph / 2, pw, ph};
      SDL_RenderCopy(ui->r, face, NULL, &dst);
    }
  }

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
  if (gUndoFailed) util_strlcpy(line1, str(S_NOT_ME_FAILED), sizeof line1);
  ui_text(ui, line1, m->w / 2, y, m->large, STYLE_REGULAR, gUndoFailed ? COL_ERR : COL_TEXT, ALIGN_CENTER);
  y += m->large * 3 / 2;
  if (line2[0]) {
    int px = text_fit(ui->text, line2, m->body, m->small, STYLE_REGULAR, m->w - 2 * m->margin);
    ui_text(ui, line2, m->w / 2, y, px ? px : m->small, STYLE_REGULAR, COL_MUTED, ALIGN_CENTER);
    y += app_line_h(ui, px ? px : m->small, STYLE_REGULAR);
  }
  if (can_undo(c)) {
    /* 不是我: beside the mark on a wide screen, under the words on a tall one */
    int tw, th, hw, hh;
    text_measure(ui->text, str(S_NOT_ME), m->title, STYLE_BOLD, &tw, &th);
    text_measure(ui->text, str(S_NOT_ME_HINT), m->small, STYLE_REGULAR, &hw, &hh);
    int bw = (tw > hw ? tw : hw) + 2 * m->margin, bh = th + hh + 2 * m->gap;
    if (bh < (int)(190 * m->u)) bh = (int)(190 * m->u); /* big: a hand that shook once may shake again */
    if (bh < m->minTap) bh = m->minTap;
    if (bw < (int)(440 * m->u)) bw = (int)(440 * m->u);
    Rect r = portrait ? (Rect){(m->w - bw) / 2, y + 2 * m->gap, bw, bh}
                      : (Rect){m->w / 2 + radius + 4 * m->gap, cy - bh / 2, bw, bh};
    ui_button2(ui, "notme", str(S_NOT_ME), str(S_NOT_ME_HINT), r, BTN_TILE, m->title, m->small);
  }
  app_return_note(app, ui);
}

static void tap(App *app, const char *zId) {
  app->dirty = 1;
  if (strcmp(zId, "notme") || !can_undo(&gShown)) return;
  char err[256];
  if (checkin_reverse(app->db, gShown.rec.uuid, OPERATOR_SELF, err, sizeof err)) {
    SDL_Log("不是我: the check-in could not be cancelled: %s", err);
    gUndoFailed = 1; /* said on the screen; the secretary can still undo it */
    sound_play(app->sound, TONE_REFUSED);
    return;
  }
  voice_say(app->voice, str(S_NOT_ME_SAY));
  find_after_not_me(app);
}

const Screen screen_confirm = {
    .name = "confirm", .back = SCR_CHECKIN, .draw = draw, .tap = tap, .deadline = app_return_deadline,
    .expire = app_return_expire};
