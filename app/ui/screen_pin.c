/* screen_pin: the secretary's 6-digit PIN, entered on the big digit pad
 * after holding the home screen's corner for 3 s. Digits show as dots; the
 * sixth digit submits. Wrong PINs are counted in the database and, after
 * five, each try must wait (see admin.h); the screen says how long. */
#include "admin.h"
#include "app.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

static void enter(App *app) {
  app->digits[0] = 0;
  app->notice[0] = 0;
}

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  Rect content = app_chrome(app, ui, str(S_ADMIN));
  int keyH = m->minTap > (int)(120 * m->u) ? m->minTap : (int)(120 * m->u);
  int keyW = m->minTap > (int)(200 * m->u) ? m->minTap : (int)(200 * m->u);
  int padW = 3 * keyW + 2 * m->gap, padH = 4 * keyH + 3 * m->gap;
  Rect pad = {(m->w - padW) / 2, m->h - m->gap - padH, padW, padH};
  int lineH = m->large * 2;
  int y = content.y + (pad.y - content.y - 3 * lineH) / 2;
  Rect prompt = {m->margin, y, m->w - 2 * m->margin, lineH};
  ui_text_in(ui, str(S_PIN_PROMPT), prompt, m->large, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
  /* six boxes, filled as digits are typed (the digits are never shown) */
  int box = lineH, n = (int)strlen(app->digits);
  int bx = (m->w - (6 * box + 5 * m->gap)) / 2;
  for (int i = 0; i < 6; i++) {
    Rect r = {bx + i * (box + m->gap), y + lineH, box, box};
    ui_fill(ui, r, COL_TILE);
    ui_outline(ui, r, (int)(3 * m->u) > 2 ? (int)(3 * m->u) : 2, COL_TEXT);
    if (i < n) ui_disc(ui, r.x + box / 2, r.y + box / 2, box / 5, COL_TEXT);
  }
  if (app->notice[0]) {
    Rect note = {m->margin, y + 2 * lineH + m->gap, m->w - 2 * m->margin, lineH};
    ui_text_in(ui, app->notice, note, m->large, STYLE_BOLD, COL_ERR, ALIGN_CENTER);
  }
  app_digit_pad(app, ui, pad, keyW, keyH);
}

static void submit(App *app) {
  int wait = 0;
  AdminResult r = admin_check_pin(app->db, app->digits, util_now(), &wait);
  app->digits[0] = 0;
  app->notice[0] = 0;
  switch (r) {
  case ADMIN_OK:
    if (app->pinForExport) { app->pinForExport = 0; app_go(app, SCR_USB_EXPORT); }
    else app_go(app, SCR_ADMIN);
    return;
  case ADMIN_WRONG:
    if (wait) snprintf(app->notice, sizeof app->notice, str(S_PIN_WRONG_WAIT_FMT), wait);
    else util_strlcpy(app->notice, str(S_PIN_WRONG), sizeof app->notice);
    break;
  case ADMIN_WAIT: snprintf(app->notice, sizeof app->notice, str(S_PIN_WAIT_FMT), wait); break;
  case ADMIN_NO_PIN: util_strlcpy(app->notice, str(S_PIN_NONE), sizeof app->notice); break;
  default: util_strlcpy(app->notice, str(S_PIN_ERROR), sizeof app->notice); break;
  }
  sound_play(app->sound, TONE_REFUSED);
}

static void tap(App *app, const char *zId) {
  if (app_digit_key(app, zId, ADMIN_PIN_DIGITS) && strlen(app->digits) == ADMIN_PIN_DIGITS) submit(app);
}

const Screen screen_pin = {"pin", SCR_HOME, enter, draw, tap, NULL, NULL, NULL, NULL};
