/* screen_pin: the secretary's 6-digit PIN, entered on the big digit pad
 * after holding the home screen's corner for 3 s (or before the export).
 * Digits show as dots; the sixth digit submits. Wrong PINs are counted in
 * the database and, after five, each try must wait (see admin.h): while it
 * waits, the pad is greyed and takes no press at all, and "请 N 秒后再试"
 * counts down each second (the screen's deadline); when the wait is over the
 * pad comes back by itself. */
#include "admin.h"
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

static struct {
  char digits[12];   /* typed so far (never shown) */
  int note;          /* the message under the boxes (a StringId; a _FMT one takes the seconds left), -1 none */
  Uint64 lockEnd;    /* app clock: the pad is off until then (0: not locked) */
  ScreenId next;     /* where the right PIN leads */
} gPin = {.note = -1, .next = SCR_ADMIN};

void pin_ask(App *app, ScreenId next) {
  gPin.next = next;
  app_go(app, SCR_PIN);
}

static int locked(const App *app) { return gPin.lockEnd && app_now(app) < gPin.lockEnd; }

/* The pad stays off for wait seconds from now. */
static void lock(App *app, int wait) { gPin.lockEnd = wait > 0 ? app_now(app) + (Uint64)wait * 1000 : 0; }

static void enter(App *app) {
  gPin.digits[0] = 0;
  gPin.note = -1;
  AdminClock now = app_admin_clock(app);
  int wait = admin_wait_left(app->db, &now); /* locked out already: say so at once */
  lock(app, wait);
  if (wait) gPin.note = S_PIN_WAIT_FMT;
}

static void leave(App *app) {
  gPin.next = SCR_ADMIN;
  gPin.digits[0] = 0;
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
  app_pin_boxes(app, ui, y + lineH, lineH, (int)strlen(gPin.digits));
  if (gPin.note >= 0) {
    char note[160];
    snprintf(note, sizeof note, str((StringId)gPin.note), app_countdown_left(app, gPin.lockEnd));
    Rect r = {m->margin, y + 2 * lineH + m->gap, m->w - 2 * m->margin, lineH};
    ui_text_in(ui, note, r, m->large, STYLE_BOLD, COL_ERR, ALIGN_CENTER);
  }
  app_digit_pad(app, ui, pad, keyW, keyH, !locked(app));
}

static void submit(App *app) {
  int wait = 0;
  AdminClock now = app_admin_clock(app);
  AdminResult r;
  KrCode rc = admin_check_pin(app->db, gPin.digits, &now, &r, &wait);
  gPin.digits[0] = 0;
  gPin.note = -1;
  switch (rc ? -1 : (int)r) {
  case ADMIN_OK: event_unlock(app); app_go(app, gPin.next); return;
  case ADMIN_WRONG: gPin.note = wait ? S_PIN_WRONG_WAIT_FMT : S_PIN_WRONG; break;
  case ADMIN_WAIT: gPin.note = S_PIN_WAIT_FMT; break;
  case ADMIN_NO_PIN: gPin.note = S_PIN_NONE; break;
  default: gPin.note = S_PIN_ERROR; break;
  }
  lock(app, wait);
  sound_play(app->sound, TONE_REFUSED);
}

static void tap(App *app, const char *zId) {
  if (locked(app)) return; /* the pad has no keys now; nothing typed before the lock counts either */
  if (app_digit_key(app, zId, gPin.digits, sizeof gPin.digits, ADMIN_PIN_DIGITS) &&
      strlen(gPin.digits) == ADMIN_PIN_DIGITS)
    submit(app);
}

/* while locked: each second of the countdown, then the end of the wait */
static Uint64 deadline(App *app) { return gPin.lockEnd ? app_countdown_deadline(app, gPin.lockEnd) : 0; }

static void expire(App *app) {
  if (gPin.lockEnd && app_now(app) >= gPin.lockEnd) {
    gPin.lockEnd = 0;
    if (gPin.note == S_PIN_WAIT_FMT || gPin.note == S_PIN_WRONG_WAIT_FMT) gPin.note = -1; /* the pad is back */
  }
  app->dirty = 1;
}

const Screen screen_pin = {.name = "pin", .back = SCR_HOME, .enter = enter, .draw = draw, .tap = tap,
                           .deadline = deadline, .expire = expire, .leave = leave};
