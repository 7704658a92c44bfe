/* screen_record_verify: 我的记录 is a member's own. With kiosk.conf's
 * [privacy] record_check on (the default), a name tapped on the grid or
 * found on the keypad does not open the record by itself: this screen asks
 * for the member's QR card on the scanner or the last 4 digits of the phone
 * on file, typed on the big pad (shown as dots). The right digits, or the
 * member's card, open the record; a card scanned here is proof of whose
 * record to show. Wrong digits get a plain refusal that says what to do,
 * and the pad is ready again. After 3 wrong tries for one member, the
 * digits are refused for 5 minutes (counted in the database on the
 * monotonic clock, like the PIN: admin_check_phone), even the right ones;
 * the screen says so with the minutes left and points to the card, which
 * still opens the record. A member with no phone on file is asked for the
 * card, or to see the secretary. */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

#define PHONE_DIGITS 4

static struct {
  Member who;        /* whose record was asked for */
  char digits[8];    /* typed so far (never shown) */
  int wrong;         /* the last 4 digits typed were not theirs */
  Uint64 waitEnd;    /* app clock: digits are refused until then (0: not) */
} gVerify;

void record_verify_ask(App *app, const Member *m) {
  memset(&gVerify, 0, sizeof gVerify);
  gVerify.who = *m;
  AdminClock now = app_admin_clock(app);
  int wait = admin_phone_wait_left(app->db, m->memberNo, &now); /* tried too often already: say so at once */
  if (wait > 0) gVerify.waitEnd = app_now(app) + (Uint64)wait * 1000;
  app_go(app, SCR_RECORD_VERIFY);
}

static int has_phone(void) { return strlen(gVerify.who.phone4) == PHONE_DIGITS; }

/* Whole minutes (rounded up) the digits are still refused at now; 0: not. */
static int minutes_left(const App *app) {
  Uint64 t = app_now(app);
  return gVerify.waitEnd > t ? (int)((gVerify.waitEnd - t + 59999) / 60000) : 0;
}

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  Rect content = app_chrome(app, ui, str(S_REC_TITLE));
  char ask[256], cut[256];
  snprintf(ask, sizeof ask, str(S_VERIFY_FOR_FMT), gVerify.who.name);
  int keyH = m->minTap > (int)(130 * m->u) ? m->minTap : (int)(130 * m->u);
  int keyW = m->minTap > (int)(200 * m->u) ? m->minTap : (int)(200 * m->u);
  int padW = 3 * keyW + 2 * m->gap, padH = 4 * keyH + 3 * m->gap;
  Rect pad = {(m->w - padW) / 2, m->h - m->gap - padH, padW, padH};
  int lineH = app_line_h(ui, m->large, STYLE_BOLD), box = lineH + m->gap;
  int y = content.y + m->gap * 2;
  int px = app_fit_or_cut(ui, ask, m->large, m->body, STYLE_BOLD, m->w - 2 * m->margin, cut, sizeof cut);
  ui_text_in(ui, cut, (Rect){m->margin, y, m->w - 2 * m->margin, lineH}, px, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
  y += lineH + m->gap;
  if (!has_phone()) {
    px = app_fit_or_cut(ui, str(S_VERIFY_NO_PHONE), m->large, m->small, STYLE_BOLD, m->w - 2 * m->margin, cut, sizeof cut);
    ui_text_in(ui, cut, (Rect){m->margin, y, m->w - 2 * m->margin, lineH}, px, STYLE_BOLD, COL_ERR, ALIGN_CENTER);
    return;
  }
  /* four boxes, a dot for each digit typed */
  int n = (int)strlen(gVerify.digits), bx = (m->w - (PHONE_DIGITS * box + (PHONE_DIGITS - 1) * m->gap)) / 2;
  for (int i = 0; i < PHONE_DIGITS; i++) {
    Rect r = {bx + i * (box + m->gap), y, box, box};
    ui_fill(ui, r, COL_TILE);
    ui_outline(ui, r, (int)(3 * m->u) > 2 ? (int)(3 * m->u) : 2, COL_TEXT);
    if (i < n) ui_disc(ui, r.x + box / 2, r.y + box / 2, box / 5, COL_TEXT);
  }
  y += box + m->gap;
  char note[256];
  int mins = minutes_left(app), bad = gVerify.wrong || mins;
  if (mins) snprintf(note, sizeof note, str(S_VERIFY_LOCKED_FMT), mins);
  else util_strlcpy(note, gVerify.wrong ? str(S_VERIFY_WRONG) : str(S_VERIFY_HINT), sizeof note);
  if (y + lineH <= pad.y) {
    px = app_fit_or_cut(ui, note, m->large, m->small, STYLE_BOLD, m->w - 2 * m->margin, cut, sizeof cut);
    ui_text_in(ui, cut, (Rect){m->margin, y, m->w - 2 * m->margin, lineH}, px, STYLE_BOLD,
               bad ? COL_ERR : COL_MUTED, ALIGN_CENTER);
  }
  app_digit_pad(app, ui, pad, keyW, keyH, 1);
}

static void tap(App *app, const char *zId) {
  if (!has_phone()) return;
  if (!app_digit_key(app, zId, gVerify.digits, sizeof gVerify.digits, PHONE_DIGITS)) return;
  if (strlen(gVerify.digits) > 0) gVerify.wrong = 0;
  if (strlen(gVerify.digits) < PHONE_DIGITS) return;
  AdminClock now = app_admin_clock(app);
  AdminResult r = ADMIN_WRONG;
  int wait = 0;
  if (admin_check_phone(app->db, gVerify.who.memberNo, gVerify.digits, &now, &r, &wait) != KR_OK) r = ADMIN_WRONG;
  gVerify.digits[0] = 0;
  if (r != ADMIN_OK) { /* said plainly, with what to do; the pad is ready again */
    gVerify.wrong = 1;
    gVerify.waitEnd = wait > 0 ? app_now(app) + (Uint64)wait * 1000 : 0;
    sound_play(app->sound, TONE_REFUSED);
    return;
  }
  find_set_member(&gVerify.who);
  app_go(app, SCR_RECORD);
}

const Screen screen_record_verify = {.name = "record_verify", .back = SCR_CHECKIN, .draw = draw, .tap = tap};
