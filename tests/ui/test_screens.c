/* Headless tests of the screens as modules, on SDL's offscreen driver:
 *
 *   table        every screen in screens.def is in the table, whole (a name
 *                matching its line, draw, a back that is a screen, an
 *                expire for every deadline), and the names are unique;
 *   go_anywhere  app_go to each screen draws it, at landscape and portrait,
 *                and a screen that offers anything to tap has a tap handler;
 *   countdowns   "N 秒后回到首页" on the confirmation and the volunteer
 *                answer, and the idle reset's, show a new number each second
 *                as the app clock moves, and no frame is drawn in between;
 *   pin_lockout  after five wrong PINs the pad is greyed and has no keys:
 *                presses show nothing and a whole PIN typed changes nothing;
 *                "请 N 秒后再试" counts down each second; then the pad is back
 *                and the right PIN opens the board. Opening the PIN screen
 *                during a lockout shows it locked at once.
 *
 * The clock is the app's (app->clockOffset) and the core's pinned one: no
 * test here waits for real time. Screenshots go to OUT_DIR/<w>x<h>/.
 *
 * usage: test_screens KIOSK_CONF OUT_DIR [CASE...] */
#include "admin.h"
#include "check.h"
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *gConf, *gOut;
static int gW = 1920, gH = 1080; /* the window of the App being made */

/* The names in screens.def, by ScreenId. */
static const char *const azDefName[SCR_COUNT] = {
#define SCREEN(ID, name) [SCR_##ID] = #name,
#include "screens.def"
#undef SCREEN
};

static void table(void) {
  CHECK(SCR_HOME == 0 && SCR_COUNT > 1);
  CHECK(theme_contrast(COL_MUTED, COL_DISABLED) >= 7.0); /* a greyed key's label still reads */
  for (int i = 0; i < SCR_COUNT; i++) {
    const Screen *s = app_screen((ScreenId)i);
    if (!s) { fprintf(stderr, "screen %d (%s) is not in the table\n", i, azDefName[i]); gFailures++; continue; }
    CHECK(s->name && s->name[0]);
    if (!s->name) continue;
    if (strcmp(s->name, azDefName[i])) {
      fprintf(stderr, "screen %d is called %s, but screens.def says %s\n", i, s->name, azDefName[i]);
      gFailures++;
    }
    if (!s->draw) { fprintf(stderr, "screen %s has no draw\n", s->name); gFailures++; }
    if (s->back < 0 || s->back >= SCR_COUNT) { fprintf(stderr, "screen %s leads back nowhere\n", s->name); gFailures++; }
    if (!s->deadline != !s->expire) {
      fprintf(stderr, "screen %s has a deadline without an expire, or the other way\n", s->name);
      gFailures++;
    }
    for (int j = 0; j < i; j++) {
      const Screen *o = app_screen((ScreenId)j);
      if (o && o->name && !strcmp(o->name, s->name)) {
        fprintf(stderr, "screens %d and %d are both called %s\n", j, i, s->name);
        gFailures++;
      }
    }
  }
  CHECK(app_screen(SCR_COUNT) == NULL && app_screen((ScreenId)-1) == NULL);
}

/* A kiosk on the demo village, at 08:20 today, in a gW×gH window. */
static App *make_app(void) {
  char db[600], err[512];
  setenv("KIOSK_NO_WATCH", "1", 1);
  setenv("SDL_VIDEODRIVER", "offscreen", 1);
  setenv("SDL_AUDIODRIVER", "dummy", 1);
  if (SDL_Init(SDL_INIT_VIDEO)) { fprintf(stderr, "SDL_Init: %s\n", SDL_GetError()); return NULL; }
  util_set_clock(test_today_at(8, 20));
  AppOptions o = {.zConfig = gConf, .zDb = test_path("kiosk.db", db, sizeof db), .windowed = 1, .width = gW,
                  .height = gH};
  App *app;
  if (app_create(&app, &o, err, sizeof err)) { fprintf(stderr, "app_create: %s\n", err); SDL_Quit(); return NULL; }
  /* the app clock moves only when a test moves it, however slow the machine */
  app->clockStopped = SDL_GetTicks64();
  app_pump(app, 0);
  return app;
}

static void drop_app(App *app) {
  app_destroy(app);
  SDL_Quit();
}

static void shot(App *app, const char *zName) {
  char dir[700], path[800];
  snprintf(dir, sizeof dir, "%s/%dx%d", gOut, gW, gH);
  for (char *p = dir + 1; *p; p++) /* mkdir -p */
    if (*p == '/') { *p = 0; mkdir(dir, 0755); *p = '/'; }
  mkdir(dir, 0755);
  snprintf(path, sizeof path, "%s/%s.png", dir, zName);
  if (app_screenshot(app, path)) { fprintf(stderr, "cannot save %s\n", path); gFailures++; }
}

/* The first text on screen that holds z, or NULL. */
static const char *text_with(App *app, const char *z) {
  for (int i = 0; i < app->ui.nText; i++)
    if (strstr(app->ui.aText[i].z, z)) return app->ui.aText[i].z;
  return NULL;
}

/* The number in the first text on screen made by format zFmt ("%d 秒…"),
 * or -1 when none is. */
static int number_shown(App *app, const char *zFmt) {
  const char *tail = strstr(zFmt, "%d");
  if (!tail) return -1;
  char head[128];
  snprintf(head, sizeof head, "%.*s", (int)(tail - zFmt), zFmt);
  tail += 2;
  for (int i = 0; i < app->ui.nText; i++) {
    const char *z = app->ui.aText[i].z, *p = head[0] ? strstr(z, head) : z;
    if (!p) continue;
    p += strlen(head);
    char *end;
    long n = strtol(p, &end, 10);
    if (end != p && !strncmp(end, tail, strlen(tail))) return (int)n;
  }
  return -1;
}

static void go_anywhere_at(int w, int h) {
  gW = w;
  gH = h;
  App *app = make_app();
  REQUIRE(app);
  for (int i = 0; i < SCR_COUNT; i++) {
    const Screen *s = app_screen((ScreenId)i);
    app_go(app, (ScreenId)i);
    app_pump(app, 0);
    if (strcmp(app->ui.screen, s->name)) {
      fprintf(stderr, "app_go(%s) shows %s\n", s->name, app->ui.screen);
      gFailures++;
      continue;
    }
    CHECK(app->cur == (ScreenId)i || i == SCR_USB_EXPORT); /* the export may have answered already */
    int tappable = 0;
    for (int k = 0; k < app->ui.nWidget; k++) /* the corner is the app's, not the screen's */
      tappable |= strncmp(app->ui.aWidget[k].id, "nav:", 4) != 0 && strcmp(app->ui.aWidget[k].id, ADMIN_CORNER_ID);
    if (tappable && !s->tap && i != SCR_HOME) {
      fprintf(stderr, "screen %s offers %s but has no tap\n", s->name, app->ui.aWidget[0].id);
      gFailures++;
    }
    /* every screen has a way back, but the scan station and the first boot's setup, which has nowhere to go
     * until it is done */
    if (i != SCR_HOME && i != SCR_EVENT && i != SCR_SETUP) CHECK(ui_find(&app->ui, "nav:back") && ui_find(&app->ui, "nav:home"));
    if (i == SCR_EVENT) { /* the scan station is locked: no way out but the corner and the PIN */
      CHECK(!ui_find(&app->ui, "nav:back") && !ui_find(&app->ui, "nav:home") && ui_find(&app->ui, ADMIN_CORNER_ID));
      CHECK(event_locked());
    }
    char name[64];
    snprintf(name, sizeof name, "go-%02d-%s", i, s->name);
    shot(app, name);
  }
  /* and back home from each by 首页's route (the station, once the PIN has unlocked it) */
  app_go(app, SCR_HOME);
  app_pump(app, 0);
  CHECK(!strcmp(app->ui.screen, "event"));
  event_unlock(app);
  app_go(app, SCR_HOME);
  app_pump(app, 0);
  CHECK(!strcmp(app->ui.screen, "home"));
  drop_app(app);
}

static void go_anywhere(void) {
  go_anywhere_at(1920, 1080);
  go_anywhere_at(1080, 1920);
}

/* Moves both clocks on by ms (the app's and the core's pinned one). */
static void advance(App *app, Uint64 ms) {
  static Uint64 carry; /* ms not yet a whole second of the core's clock */
  app->clockOffset += ms;
  carry += ms;
  util_set_clock(util_now() + (int64_t)(carry / 1000));
  carry %= 1000;
}

/* On the current screen, the number made by zFmt counts down from first to
 * 1, one a second: stepping the clock 100 ms at a time, a frame is drawn
 * exactly when the number changes (by the screen's own deadline, with no
 * frame in between), it never skips, and each number stays about a second. */
static void ticks(App *app, const char *zFmt, int first, const char *zWhat) {
  int n = number_shown(app, zFmt);
  if (n != first) { fprintf(stderr, "%s: shows %d, not %d\n", zWhat, n, first); gFailures++; return; }
  int steps = 0, since = 0;
  while (n > 1 && steps < first * 10 + 20) {
    int frames = app->framesPresented;
    advance(app, 100);
    app_pump(app, 0);
    steps++;
    since++;
    int now = number_shown(app, zFmt), drawn = app->framesPresented - frames;
    if (now == n && drawn) { fprintf(stderr, "%s: %d redrawn within its second\n", zWhat, n); gFailures++; }
    if (now != n && (now != n - 1 || drawn != 1)) {
      fprintf(stderr, "%s: %d became %d in %d frames\n", zWhat, n, now, drawn);
      gFailures++;
      return;
    }
    if (now != n) {
      /* a whole second a number, but the first, which may be partly gone */
      if (n != first && (since < 9 || since > 11)) {
        fprintf(stderr, "%s: %d stayed %d00 ms\n", zWhat, n, since);
        gFailures++;
      }
      since = 0;
    }
    n = now;
  }
  if (n != 1) { fprintf(stderr, "%s: still %d after %d00 ms\n", zWhat, n, steps); gFailures++; }
}

static void countdowns_at(int w, int h) {
  gW = w;
  gH = h;
  App *app = make_app();
  REQUIRE(app);
  int confirmS = app->cfg.confirmSeconds;
  /* a check-in's confirmation, then home by itself */
  app_checkin(app, "LM0031", CHECKIN_METHOD_TAP);
  app_pump(app, 0);
  REQUIRE(!strcmp(app->ui.screen, "confirm") && confirm_last()->ok);
  shot(app, "countdown-confirm-first");
  ticks(app, str(S_RETURN_HOME_FMT), confirmS, "confirm");
  shot(app, "countdown-confirm-last");
  advance(app, 1000);
  app_pump(app, 0);
  CHECK(!strcmp(app->ui.screen, "home"));

  /* the volunteer answer */
  Member m;
  REQUIRE(roster_get(app->db, "LM0054", &m) == 0);
  find_set_member(&m);
  vol_done_show(app, VOLDONE_LOGGED, 5, "");
  app_pump(app, 0);
  REQUIRE(!strcmp(app->ui.screen, "vol_done"));
  ticks(app, str(S_RETURN_HOME_FMT), confirmS, "vol_done");
  shot(app, "countdown-vol-done");
  advance(app, 1000);
  app_pump(app, 0);
  CHECK(!strcmp(app->ui.screen, "home"));

  /* the idle reset's last seconds, on the name grid */
  find_start(app, PURPOSE_CHECKIN);
  app_pump(app, 0);
  REQUIRE(!strcmp(app->ui.screen, "checkin"));
  int cd = app->cfg.countdownSeconds;
  advance(app, (Uint64)(app->cfg.idleResetSeconds - cd) * 1000);
  app_pump(app, 0);
  ticks(app, str(S_IDLE_FMT), cd, "idle");
  shot(app, "countdown-idle");
  advance(app, 1000);
  app_pump(app, 0);
  CHECK(!strcmp(app->ui.screen, "home"));
  drop_app(app);
}

static void countdowns(void) {
  countdowns_at(1920, 1080);
  countdowns_at(1080, 1920);
}

static void push_mouse(App *app, int down, int x, int y) {
  SDL_Event e;
  memset(&e, 0, sizeof e);
  e.type = down ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
  e.button.windowID = SDL_GetWindowID(app->win);
  e.button.button = SDL_BUTTON_LEFT;
  e.button.state = down ? SDL_PRESSED : SDL_RELEASED;
  e.button.x = x;
  e.button.y = y;
  SDL_PushEvent(&e);
}

/* Presses and releases at the centre of r, as a finger would. Returns 1 if
 * the press showed anything pressed. */
static int press_at(App *app, Rect r) {
  advance(app, 500); /* past the guard against a shaky second tap */
  push_mouse(app, 1, r.x + r.w / 2, r.y + r.h / 2);
  app_pump(app, 0);
  int shown = app->ui.pressed[0] != 0;
  push_mouse(app, 0, r.x + r.w / 2, r.y + r.h / 2);
  app_pump(app, 0);
  return shown;
}

static void pin_lockout_at(int w, int h) {
  gW = w;
  gH = h;
  App *app = make_app();
  REQUIRE(app);
  app->cfg.idleResetSeconds = 3600; /* the waits here are longer than the idle reset's minute */
  char err[256];
  REQUIRE(admin_set_pin(app->db, "240917", err, sizeof err) == 0);
  app_go(app, SCR_PIN);
  app_pump(app, 0);
  REQUIRE(!strcmp(app->ui.screen, "pin"));
  Rect aKey[10];
  for (int d = 0; d < 10; d++) {
    char id[8] = "key:x";
    id[4] = (char)('0' + d);
    const Widget *k = ui_find(&app->ui, id);
    REQUIRE(k);
    aKey[d] = k->r;
  }
  /* five wrong PINs: the fifth starts the wait */
  for (int t = 0; t < ADMIN_FREE_TRIES; t++)
    for (const char *p = "111111"; *p; p++) CHECK(press_at(app, aKey[*p - '0']));
  REQUIRE(admin_failures(app->db) == ADMIN_FREE_TRIES);
  int wait = number_shown(app, str(S_PIN_WRONG_WAIT_FMT));
  AdminClock now;
  admin_clock_now(&now);
  now.monoMs = (int64_t)app_now(app); /* the app's stopped clock, as the PIN screen reads it */
  CHECK(wait == admin_wait_left(app->db, &now) && wait >= 30);
  for (int d = 0; d < 10; d++) {
    char id[8] = "key:x";
    id[4] = (char)('0' + d);
    CHECK(ui_find(&app->ui, id) == NULL); /* no keys to press */
  }
  CHECK(!ui_find(&app->ui, "key:clear") && !ui_find(&app->ui, "key:del"));
  shot(app, "pin-locked");
  /* the right PIN typed on the greyed pad: not a highlight, nothing counted */
  int frames = app->framesPresented;
  for (const char *p = "240917"; *p; p++) CHECK(!press_at(app, aKey[*p - '0']));
  CHECK(!strcmp(app->ui.screen, "pin") && admin_failures(app->db) == ADMIN_FREE_TRIES);
  CHECK(number_shown(app, str(S_PIN_WRONG_WAIT_FMT)) == wait - 3); /* only the clock moved: 6 × 0.5 s */
  CHECK(app->framesPresented - frames <= 3); /* one frame a second of the countdown, none for the presses */
  /* the countdown, a second at a time, to the end of the wait */
  int left = number_shown(app, str(S_PIN_WRONG_WAIT_FMT));
  ticks(app, str(S_PIN_WRONG_WAIT_FMT), left, "pin lockout");
  shot(app, "pin-locked-last-second");
  advance(app, 1000);
  app_pump(app, 0);
  CHECK(number_shown(app, str(S_PIN_WRONG_WAIT_FMT)) == -1 && ui_find(&app->ui, "key:2")); /* the pad is back */
  shot(app, "pin-unlocked");
  /* a sixth wrong PIN waits again (longer); leaving and coming back shows it locked at once */
  for (const char *p = "111111"; *p; p++) CHECK(press_at(app, aKey[*p - '0']));
  int wait2 = number_shown(app, str(S_PIN_WRONG_WAIT_FMT));
  CHECK(wait2 > wait);
  app_go(app, SCR_HOME);
  app_go(app, SCR_PIN);
  app_pump(app, 0);
  CHECK(number_shown(app, str(S_PIN_WAIT_FMT)) == wait2 && !ui_find(&app->ui, "key:2"));
  advance(app, (Uint64)wait2 * 1000);
  app_pump(app, 0);
  REQUIRE(ui_find(&app->ui, "key:2"));
  CHECK(!text_with(app, "秒后再试"));
  for (const char *p = "240917"; *p; p++) press_at(app, aKey[*p - '0']);
  CHECK(!strcmp(app->ui.screen, "admin") && admin_failures(app->db) == 0);
  drop_app(app);
}

static void pin_lockout(void) {
  pin_lockout_at(1920, 1080);
  pin_lockout_at(1080, 1920);
}

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: test_screens KIOSK_CONF OUT_DIR [CASE...]\n"); return 2; }
  gConf = argv[1];
  gOut = argv[2];
  static const TestCase aCase[] = {
    {"table", table}, {"go_anywhere", go_anywhere}, {"countdowns", countdowns}, {"pin_lockout", pin_lockout}};
  argv[2] = argv[0];
  return test_main(argc - 2, argv + 2, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
