/* screen_setup: first boot. A kiosk with no database (no members, no
 * township trusted, not a demo: setup_needed) starts here instead of the
 * home screen. It asks for the township's setup stick; when one is in
 * (model.stick, found by the worker) it reads KIOSK-SETUP/village.ini and
 * says which village the kiosk will be; the secretary sets the 6-digit PIN
 * on the digit pad and types it again (no keyboard); setup_apply then
 * trusts the township's key, takes the roster and the first package, and
 * writes the kiosk's public key back onto the stick for `township enroll`.
 * No back or home buttons, and no idle reset: there is nowhere else to go
 * until it is done. */
#include "screens.h"
#include "setup.h"
#include "strings.h"
#include "util.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

typedef enum { SETUP_PIN1, SETUP_PIN2, SETUP_DONE, SETUP_FAILED } SetupStep;

static struct {
  SetupStep step;
  char digits[12], first[12]; /* typed now; the first PIN, kept for the second */
  int mismatch;               /* the second PIN was not the first */
  char seen[USB_PATH_MAX];    /* the stick last read ("" none) */
  int found;                  /* it is a setup stick: id holds its village */
  SetupIdentity id;
} gSetup;

static void forget_pins(void) {
  sodium_memzero(gSetup.digits, sizeof gSetup.digits);
  sodium_memzero(gSetup.first, sizeof gSetup.first);
}

/* Reads the stick when it changed (not every frame). */
static void look_at_stick(App *app) {
  if (!strcmp(gSetup.seen, app->model.stick)) return;
  util_strlcpy(gSetup.seen, app->model.stick, sizeof gSetup.seen);
  char err[512];
  gSetup.found = gSetup.seen[0] && setup_read(gSetup.seen, &gSetup.id, err, sizeof err) == KR_OK;
  if (gSetup.seen[0] && !gSetup.found) SDL_Log("setup: %s", err);
  if (gSetup.step != SETUP_DONE) { /* another stick: start the PIN again */
    gSetup.step = SETUP_PIN1;
    gSetup.mismatch = 0;
    forget_pins();
  }
}

static void enter(App *app) {
  gSetup.step = SETUP_PIN1;
  gSetup.mismatch = 0;
  gSetup.seen[0] = 1; /* differs from any stick: read it now */
  gSetup.seen[1] = 0;
  forget_pins();
  look_at_stick(app);
}

static void leave(App *app) { (void)app; forget_pins(); }

static void bar(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  ui_fill(ui, (Rect){0, 0, m->w, m->topBar}, COL_BAR);
  ui_text_in(ui, str(S_SETUP_TITLE), (Rect){0, 0, m->w, m->topBar}, m->title, STYLE_BOLD, COL_ON_BAR, ALIGN_CENTER);
  (void)app;
}

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  look_at_stick(app);
  bar(app, ui);
  Rect c = {0, m->topBar, m->w, m->h - m->topBar};
  int bw = m->h > m->w ? m->w - 2 * m->margin : m->w / 3, bh = m->minTap * 2;
  Rect button = {(m->w - bw) / 2, m->h - m->margin - bh, bw, bh};
  if (gSetup.step == SETUP_DONE) {
    app_answer(app, ui, c, 1, COL_OK, str(S_SETUP_DONE), str(S_SETUP_DONE_HINT), NULL);
    ui_button(ui, "setup:start", str(S_SETUP_START), button, BTN_PRIMARY, m->title);
    return;
  }
  if (gSetup.step == SETUP_FAILED) {
    app_answer(app, ui, c, 0, COL_ERR, str(S_SETUP_FAILED), str(S_SETUP_FAILED_HINT), NULL);
    ui_button(ui, "setup:retry", str(S_SETUP_RETRY), button, BTN_PRIMARY, m->title);
    return;
  }
  if (!gSetup.found) {
    int y = c.y + c.h / 3;
    const char *z = gSetup.seen[0] ? str(S_SETUP_NOT_SETUP_STICK) : str(S_SETUP_INSERT);
    ui_text_in(ui, z, (Rect){m->margin, y, m->w - 2 * m->margin, m->huge * 2}, m->huge, STYLE_BOLD, COL_TEXT,
               ALIGN_CENTER);
    ui_text_in(ui, str(S_SETUP_INSERT_HINT), (Rect){m->margin, y + m->huge * 2 + m->gap, m->w - 2 * m->margin,
               m->large * 2}, m->large, STYLE_REGULAR, COL_MUTED, ALIGN_CENTER);
    return;
  }
  /* the village, the prompt, six boxes and the pad (as the PIN screen) */
  int keyH = m->minTap > (int)(110 * m->u) ? m->minTap : (int)(110 * m->u);
  int keyW = m->minTap > (int)(200 * m->u) ? m->minTap : (int)(200 * m->u);
  int padW = 3 * keyW + 2 * m->gap, padH = 4 * keyH + 3 * m->gap;
  Rect pad = {(m->w - padW) / 2, m->h - m->gap - padH, padW, padH};
  int lineH = m->large * 2;
  int y = c.y + (pad.y - c.y - 4 * lineH) / 2;
  char line[256], cut[256];
  snprintf(line, sizeof line, str(S_SETUP_FOR_FMT), gSetup.id.township, gSetup.id.village);
  int px = app_fit_or_cut(ui, line, m->large, m->body, STYLE_BOLD, m->w - 2 * m->margin, cut, sizeof cut);
  ui_text_in(ui, cut, (Rect){m->margin, y, m->w - 2 * m->margin, lineH}, px, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
  y += lineH;
  ui_text_in(ui, str(gSetup.step == SETUP_PIN1 ? S_SETUP_PIN1 : S_SETUP_PIN2),
             (Rect){m->margin, y, m->w - 2 * m->margin, lineH}, m->large, STYLE_REGULAR, COL_TEXT, ALIGN_CENTER);
  app_pin_boxes(app, ui, y + lineH, lineH, (int)strlen(gSetup.digits));
  if (gSetup.mismatch)
    ui_text_in(ui, str(S_SETUP_MISMATCH), (Rect){m->margin, y + 2 * lineH + m->gap, m->w - 2 * m->margin, lineH},
               m->large, STYLE_BOLD, COL_ERR, ALIGN_CENTER);
  app_digit_pad(app, ui, pad, keyW, keyH, 1);
}

/* Both PINs typed and the same: configure the kiosk from the stick. */
static void apply(App *app) {
  char err[512];
  KrCode rc = setup_apply(app->db, &app->kp, &app->cfg, gSetup.seen, gSetup.first, err, sizeof err);
  forget_pins();
  if (rc) {
    SDL_Log("setup: %s", err);
    gSetup.step = SETUP_FAILED;
    sound_play(app->sound, TONE_REFUSED);
    return;
  }
  SDL_Log("setup: this kiosk is now %s %s", app->cfg.township, app->cfg.village);
  model_reload_roster(&app->model, app->db);
  model_refresh_activity(&app->model, app->db);
  model_refresh_categories(&app->model, app->db, app->cfg.volCategories);
  gSetup.step = SETUP_DONE;
  sound_play(app->sound, TONE_OK);
}

static void tap(App *app, const char *zId) {
  if (!strcmp(zId, "setup:start")) {
    app->model.usbPending = 0;
    app_go(app, SCR_HOME);
    return;
  }
  if (!strcmp(zId, "setup:retry")) {
    gSetup.step = SETUP_PIN1;
    app->dirty = 1;
    return;
  }
  if (!gSetup.found || gSetup.step > SETUP_PIN2) return;
  if (!app_digit_key(app, zId, gSetup.digits, sizeof gSetup.digits, 6) || strlen(gSetup.digits) < 6) return;
  gSetup.mismatch = 0;
  if (gSetup.step == SETUP_PIN1) {
    util_strlcpy(gSetup.first, gSetup.digits, sizeof gSetup.first);
    sodium_memzero(gSetup.digits, sizeof gSetup.digits);
    gSetup.step = SETUP_PIN2;
    return;
  }
  if (strcmp(gSetup.first, gSetup.digits)) { /* not the same: both again */
    forget_pins();
    gSetup.step = SETUP_PIN1;
    gSetup.mismatch = 1;
    sound_play(app->sound, TONE_REFUSED);
    return;
  }
  apply(app);
}

const Screen screen_setup = {.name = "setup", .back = SCR_SETUP, .enter = enter, .draw = draw, .tap = tap,
                             .leave = leave};
