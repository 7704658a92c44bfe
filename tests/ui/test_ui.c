/* Headless UI test: the real App, screens and event loop, on SDL's offscreen
 * video driver, driven by synthetic mouse and touch events. At each of the
 * three screen shapes it walks home -> 签到 -> tap a name -> confirmation ->
 * home by itself, checks a second tap is answered kindly, shows the idle
 * countdown and a failed save, and saves a PNG of every screen.
 *
 * Every frame it checks what an old member's eyes and fingers need:
 * targets ≥ 15 mm, gaps ≥ 3 mm, nothing off screen, body text ≥ 32 px and
 * titles ≥ 56 px at 1080p, no tofu, and the press is visible in the very
 * next frame. Sizes are checked against millimetres computed here from the
 * screen diagonal, not against the app's own metrics.
 *
 * Feedback: a tone is queued by a check-in tap (a different one for a
 * refusal), the sentence goes to the speech program and a new one
 * interrupts it; the last screen size runs with no audio device at all.
 *
 * Nothing here depends on how fast the machine is: no latency is asserted
 * (bench/run.sh measures tap -> tone, tap -> frame and scan -> frame against
 * their targets), waits for the speech program poll with a generous limit,
 * and a deadline ("not yet", "5 s left") is checked with the kiosk's clock
 * set relative to the input it counts from, not to when the test got there.
 *
 * Then the notices, volunteer hours, the secretary's review and 我的记录
 * (run_services): every screen shot, the reader's pages, sizes and read-aloud
 * sentence by sentence, hours logged and a shift signed in and out and
 * checked in the database, and the record's figures against the core's.
 *
 * Then a roster shaped like real ones (run_roster): long group names, many
 * groups, three members of the same name, long "·" names.
 *
 * usage: test_ui KIOSK_CONF OUT_DIR FAKE_SAY ROSTER_CSV */
#include "admin.h"
#include "app.h"
#include "screens.h"
#include "check.h"
#include "container.h"
#include "db_int.h"
#include "result.h"
#include "photo.h"
#include "pinyin.h"
#include "strings.h"
#include "util.h"
#include <SDL_image.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <signal.h>
#include <unistd.h>

/* CHECK counts a failure and goes on; MUST ends the run (nothing after it
 * can mean anything). */
#undef REQUIRE
#define MUST(c)                                                                     \
  do {                                                                              \
    if (!(c)) { fprintf(stderr, "%s:%d: MUST failed: %s\n", __FILE__, __LINE__, #c); exit(1); } \
  } while (0)

static const char *gConf, *gOut, *gFakeSay, *gRoster;
static char gSayLog[700];
static char gShotDir[700];
static double gPxPerMm;
static int gShots;

static void pump(App *app) { app_pump(app, 0); }

/* What every frame must satisfy. */
static void check_frame(App *app, const char *zWhat) {
  const Ui *ui = &app->ui;
  const Metrics *m = &ui->m;
  double minTap = 15.0 * gPxPerMm, minGap = 3.0 * gPxPerMm;
  int shortSide = m->w < m->h ? m->w : m->h;
  for (int i = 0; i < ui->nWidget; i++) {
    const Widget *a = &ui->aWidget[i];
    if (a->r.w + 0.5 < minTap || a->r.h + 0.5 < minTap) {
      fprintf(stderr, "%s: widget %s is %dx%d px, under 15 mm (%.1f px)\n", zWhat, a->id, a->r.w, a->r.h, minTap);
      gFailures++;
    }
    if (a->r.x < 0 || a->r.y < 0 || a->r.x + a->r.w > m->w || a->r.y + a->r.h > m->h) {
      fprintf(stderr, "%s: widget %s is off screen\n", zWhat, a->id);
      gFailures++;
    }
    for (int j = i + 1; j < ui->nWidget; j++) {
      const Widget *b = &ui->aWidget[j];
      int dx = b->r.x - (a->r.x + a->r.w), dx2 = a->r.x - (b->r.x + b->r.w);
      int dy = b->r.y - (a->r.y + a->r.h), dy2 = a->r.y - (b->r.y + b->r.h);
      int sep = dx > dx2 ? dx : dx2, sepy = dy > dy2 ? dy : dy2;
      if (sepy > sep) sep = sepy;
      if (sep + 0.5 < minGap) {
        fprintf(stderr, "%s: widgets %s and %s are %d px apart, under 3 mm (%.1f px)\n", zWhat, a->id, b->id, sep,
                minGap);
        gFailures++;
      }
      if (!strcmp(a->id, b->id)) { fprintf(stderr, "%s: two widgets are called %s\n", zWhat, a->id); gFailures++; }
      if (!strncmp(a->id, "member:", 7) && !strcmp(a->label, b->label)) {
        fprintf(stderr, "%s: two tiles look alike: %s\n", zWhat, a->label);
        gFailures++;
      }
    }
  }
  for (int i = 0; i < ui->nText; i++) {
    /* a name (or any text) on a tile stays inside it: never cut off */
    const Rect *t = &ui->aText[i].r;
    for (int j = 0; j < ui->nWidget; j++) {
      const Rect *w = &ui->aWidget[j].r;
      if (!ui->aWidget[j].label[0]) continue; /* an invisible target (the admin corner) */
      if (t->x >= w->x + w->w || t->x + t->w <= w->x || t->y >= w->y + w->h || t->y + t->h <= w->y) continue;
      if (t->x < w->x - 1 || t->y < w->y - 1 || t->x + t->w > w->x + w->w + 1 || t->y + t->h > w->y + w->h + 1) {
        fprintf(stderr, "%s: text \"%s\" spills out of %s\n", zWhat, ui->aText[i].z, ui->aWidget[j].id);
        gFailures++;
      }
    }
    if (shortSide == 1080 && ui->aText[i].px < 32) {
      fprintf(stderr, "%s: text \"%s\" is %d px, under 32 px at 1080p\n", zWhat, ui->aText[i].z, ui->aText[i].px);
      gFailures++;
    }
    if (text_missing(ui->text, ui->aText[i].z)) {
      fprintf(stderr, "%s: text \"%s\" would show tofu\n", zWhat, ui->aText[i].z);
      gFailures++;
    }
  }
  if (shortSide == 1080) {
    if (ui->titlePx < 56) { fprintf(stderr, "%s: title is %d px, under 56 px\n", zWhat, ui->titlePx); gFailures++; }
  }
  CHECK(ui->titlePx > 0);
}

static void shot(App *app, const char *zName) {
  char path[800];
  snprintf(path, sizeof path, "%s/%s.png", gShotDir, zName);
  check_frame(app, zName);
  if (app_screenshot(app, path)) { fprintf(stderr, "cannot save %s: %s\n", path, SDL_GetError()); gFailures++; }
  else gShots++;
}

/* The colour of one pixel of the current frame. */
static Color pixel(App *app, int x, int y) {
  Uint32 p = 0;
  SDL_Rect r = {x, y, 1, 1};
  SDL_RenderReadPixels(app->ren, &r, SDL_PIXELFORMAT_ARGB8888, &p, 4);
  return (Color){(uint8_t)(p >> 16), (uint8_t)(p >> 8), (uint8_t)p, 255};
}

static int same(Color a, Color b) { return a.r == b.r && a.g == b.g && a.b == b.b; }

static void push_press(App *app, int down, int x, int y, int touch) {
  SDL_Event e;
  memset(&e, 0, sizeof e);
  if (touch) {
    e.type = down ? SDL_FINGERDOWN : SDL_FINGERUP;
    e.tfinger.touchId = 1;
    e.tfinger.fingerId = 7;
    e.tfinger.x = (float)(x + 0.5) / (float)app->ui.m.w;
    e.tfinger.y = (float)(y + 0.5) / (float)app->ui.m.h;
    e.tfinger.pressure = 1;
  } else {
    e.type = down ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
    e.button.windowID = SDL_GetWindowID(app->win);
    e.button.which = 0;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.state = down ? SDL_PRESSED : SDL_RELEASED;
    e.button.clicks = 1;
    e.button.x = x;
    e.button.y = y;
  }
  MUST(SDL_PushEvent(&e) == 1);
}

/* Taps widget zId as a person would, and checks the press shows in the very
 * next frame: the button's body turns the pressed colour. */
static void tap(App *app, const char *zId, int touch) {
  const Widget *w = ui_find(&app->ui, zId);
  if (!w) { fprintf(stderr, "no widget %s on screen %s\n", zId, app->ui.screen); gFailures++; return; }
  Rect r = w->r;
  int x = r.x + r.w / 2, y = r.y + r.h / 2;
  int edge = (int)ceil(8 * app->ui.m.u);
  app->clockOffset += 1000; /* past the guard against a shaky second tap */
  int before = app->framesPresented;
  push_press(app, 1, x, y, touch);
  pump(app);
  CHECK(app->framesPresented == before + 1);
  CHECK(ui_is_pressed(&app->ui, zId));
  Color c = pixel(app, r.x + edge, r.y + r.h - edge);
  if (!same(c, COL_PRESSED)) {
    fprintf(stderr, "press on %s not visible: pixel %02x%02x%02x\n", zId, c.r, c.g, c.b);
    gFailures++;
  }
  push_press(app, 0, x, y, touch);
  pump(app);
}

static void press_enter(App *app) {
  SDL_Event e;
  memset(&e, 0, sizeof e);
  e.type = SDL_KEYDOWN;
  e.key.keysym.sym = SDLK_RETURN;
  e.key.keysym.scancode = SDL_SCANCODE_RETURN;
  SDL_PushEvent(&e);
  pump(app);
}

/* n characters of z as text events, pushed now (SDL stamps them now). */
static void push_text(const char *z, size_t n) {
  for (size_t i = 0; i < n; i++) {
    SDL_Event te;
    memset(&te, 0, sizeof te);
    te.type = SDL_TEXTINPUT;
    te.text.text[0] = z[i];
    SDL_PushEvent(&te);
  }
}

/* Thread: one key (*p) pushed SCANBUF_MAX_GAP_MS + 30 ms from now, while
 * the kiosk waits for it: a person at a keyboard. */
static int key_later(void *p) {
  SDL_Delay(SCANBUF_MAX_GAP_MS + 30);
  push_text(p, 1);
  return 0;
}

/* A keyboard-wedge scanner: the whole code as text events 1 ms apart, then
 * Enter, and the frame that answers. The events carry their own timestamps
 * (SDL_PushEvent would stamp them when pushed), so a test preempted
 * mid-code still scans like a scanner. */
static void scan(App *app, const char *zCode) {
  Uint32 ts = SDL_GetTicks();
  SDL_Event e;
  for (const char *p = zCode; *p; p++) {
    memset(&e, 0, sizeof e);
    e.type = SDL_TEXTINPUT;
    e.text.timestamp = ts++;
    e.text.text[0] = *p;
    app_event(app, &e);
  }
  memset(&e, 0, sizeof e);
  e.type = SDL_KEYDOWN;
  e.key.timestamp = ts;
  e.key.keysym.sym = SDLK_RETURN;
  e.key.keysym.scancode = SDL_SCANCODE_RETURN;
  app_event(app, &e);
  pump(app);
}

/* Turns pages (and picks the member's group) until zMemberNo's tile shows. */
static void show_member(App *app, const Member *mem) {
  char id[UI_ID_MAX];
  snprintf(id, sizeof id, "member:%s", mem->memberNo);
  for (int g = 0; g < app->model.nGroup; g++)
    if (!strcmp(app->model.azGroup[g], mem->group)) {
      char gid[UI_ID_MAX];
      snprintf(gid, sizeof gid, "group:%d", g);
      tap(app, gid, 0);
    }
  for (int i = 0; i < 30 && !ui_find(&app->ui, id); i++) tap(app, "page:next", 1);
  MUST(ui_find(&app->ui, id));
}

static const Member *member(App *app, const char *zNo) {
  for (int i = 0; i < app->model.nMember; i++)
    if (!strcmp(app->model.aMember[i].memberNo, zNo)) return &app->model.aMember[i];
  MUST(!"member in demo roster");
  return NULL;
}

/* The status of zNo at the current activity, from the database. */
static const char *db_status(App *app, const char *zNo) {
  static char status[12];
  AttendanceRow *a;
  int n;
  AttendanceCounts c;
  MUST(checkin_attendance(app->db, app->model.act.id, &a, &n, &c) == 0);
  util_strlcpy(status, "missing", sizeof status);
  for (int i = 0; i < n; i++)
    if (!strcmp(a[i].member.memberNo, zNo)) util_strlcpy(status, checkin_status_text(a[i].status), sizeof status);
  free(a);
  return status;
}

/* How zNo's standing record at the current activity was made ("" if none). */
static const char *db_method(App *app, const char *zNo) {
  static char method[12];
  AttendanceRow *a;
  int n;
  AttendanceCounts c;
  MUST(checkin_attendance(app->db, app->model.act.id, &a, &n, &c) == 0);
  method[0] = 0;
  for (int i = 0; i < n; i++)
    if (!strcmp(a[i].member.memberNo, zNo)) util_strlcpy(method, a[i].method, sizeof method);
  free(a);
  return method;
}

/* On the admin board: opens list zList, turns pages to widget zId, taps it. */
static void admin_pick(App *app, const char *zList, const char *zId) {
  tap(app, zList, 0);
  for (int i = 0; i < 5 && !ui_find(&app->ui, zId); i++) tap(app, "page:next", 0);
  MUST(ui_find(&app->ui, zId));
  tap(app, zId, 0);
}

/* The admin list a member who came is in. */
static const char *came_list(App *app, const char *zNo) {
  return !strcmp(db_status(app, zNo), "late") ? "list:late" : "list:present";
}

/* The kind of event mode's latest scan (-1 for none). */
static int recent_kind(void) {
  const EventScan *a;
  return event_recent(&a) ? a[0].kind : -1;
}

static int has_text(App *app, const char *z) {
  for (int i = 0; i < app->ui.nText; i++)
    if (strstr(app->ui.aText[i].z, z)) return 1;
  return 0;
}

/* The lines the fake speech program was asked to say. */
static int said(const char *zText) {
  FILE *f = fopen(gSayLog, "r");
  char line[512];
  int n = 0;
  while (f && fgets(line, sizeof line, f)) n += strstr(line, zText) != NULL;
  if (f) fclose(f);
  return n;
}

/* Waits (up to 60 s: a loaded machine is slow to start a process) until
 * the speech program was asked to say zText. */
static void wait_said(const char *zText) {
  Uint64 end = SDL_GetTicks64() + 60000;
  while (!said(zText) && SDL_GetTicks64() < end) SDL_Delay(10);
}

/* Holds the admin corner on the screen shown for 3 s by the kiosk's clock:
 * 1.5 s in nothing has happened yet (zMidShot: a screenshot then), past
 * 3 s the PIN pad is up, and lifting the finger does not tap it. */
static void hold_corner(App *app, const char *zMidShot) {
  const Widget *corner = ui_find(&app->ui, ADMIN_CORNER_ID);
  MUST(corner);
  Rect cr = corner->r;
  char before[32];
  util_strlcpy(before, app->ui.screen, sizeof before);
  app->clockOffset += 1000;
  push_press(app, 1, cr.x + cr.w / 2, cr.y + cr.h / 2, 1);
  pump(app);
  app->clockOffset = app->pressedAt + 1500 - SDL_GetTicks64(); /* 1.5 s into the hold */
  pump(app);
  CHECK(!strcmp(app->ui.screen, before)); /* not yet */
  if (zMidShot) shot(app, zMidShot);
  app->clockOffset += 1600;
  pump(app);
  CHECK(!strcmp(app->ui.screen, "pin"));
  push_press(app, 0, cr.x + cr.w / 2, cr.y + cr.h / 2, 1);
  pump(app);
  CHECK(!strcmp(app->ui.screen, "pin")); /* lifting the finger does not tap the PIN screen */
}

/* Makes OUT/<zPrefix><w>x<h> the screenshot directory, with no database
 * zDbName in it yet (its path goes to dbPath). */
static void fresh_dir(const char *zPrefix, const char *zDbName, int w, int h, char *dbPath, size_t nDbPath) {
  char dir[600];
  snprintf(dir, sizeof dir, "%s/%s%dx%d", gOut, zPrefix, w, h);
  mkdir(dir, 0755);
  snprintf(gShotDir, sizeof gShotDir, "%s", dir);
  snprintf(dbPath, nDbPath, "%s/%s", dir, zDbName);
  remove(dbPath);
  char side[720];
  snprintf(side, sizeof side, "%s-wal", dbPath); remove(side);
  snprintf(side, sizeof side, "%s-shm", dbPath); remove(side);
}

static void run_size(int w, int h, int haveAudio) {
  char dbPath[700], err[512];
  fresh_dir("", "kiosk.db", w, h, dbPath, sizeof dbPath);

  setenv("TZ", "CST-8", 1);
  tzset();
  util_set_clock(test_today_at(8, 20));
  AppOptions o = {.zConfig = gConf, .zDb = dbPath, .windowed = 1, .width = w, .height = h};
  App *app;
  if (app_create(&app, &o, err, sizeof err)) { fprintf(stderr, "app_create: %s\n", err); exit(1); }
  /* millimetres from kiosk.conf's diagonal over this window, which stands in
   * for the whole screen */
  gPxPerMm = sqrt((double)w * w + (double)h * h) / (app->cfg.diagonalInch * 25.4);
  /* speech through a stand-in for espeak-ng that logs what it is asked */
  snprintf(gSayLog, sizeof gSayLog, "%.600s/said.txt", gShotDir);
  remove(gSayLog);
  setenv("KIOSK_FAKE_SAY_LOG", gSayLog, 1);
  voice_destroy(app->voice);
  app->voice = voice_create(1, gFakeSay);
  MUST(app->voice);
  CHECK(!sound_is_open(app->sound)); /* at rest on home: no audio device held */
  pump(app);
  MUST(!strcmp(app->ui.screen, "home"));
  MUST(app->model.haveAct);
  CHECK(strstr(app->model.act.title, "主题党日") != NULL);
  shot(app, "01-home");

  /* the names: none shows tofu, and rare ones really come from a fallback */
  for (int i = 0; i < app->model.nMember; i++)
    if (text_missing(app->ui.text, app->model.aMember[i].name)) {
      fprintf(stderr, "name %s would show tofu\n", app->model.aMember[i].name);
      gFailures++;
    }
  CHECK(text_face_for(app->ui.text, 0x5F20) == 0);  /* 张: Noto */
  CHECK(text_face_for(app->ui.text, 0x20BB7) >= 0); /* 𠮷 */
  CHECK(text_face_for(app->ui.text, 0x2A6A5) > 1);  /* 𪚥: not in Noto, a fallback */

  /* home -> 签到 -> the grid */
  tap(app, "checkin", 1);
  MUST(!strcmp(app->ui.screen, "checkin"));
  Rect back = ui_find(&app->ui, "nav:back")->r, home = ui_find(&app->ui, "nav:home")->r;
  shot(app, "02-checkin-all");
  tap(app, "page:next", 0);
  shot(app, "03-checkin-page2");
  CHECK(has_text(app, "第 2 /"));

  /* the two 王秀兰 are told apart */
  const Member *dup = member(app, "LM0077");
  show_member(app, dup);
  CHECK(strstr(ui_find(&app->ui, "member:LM0077")->label, "1968") != NULL);
  shot(app, "04-checkin-group");

  /* long names: a minority name with two "·", and 25 characters */
  {
    RosterImportStats st;
    const char *csv = "党员编号,姓名,村民小组\n"
                      "LM0121,阿卜杜热合曼·买买提艾力·吐尔逊江,第二组\n"
                      "LM0122,欧阳春夏秋冬东南西北金木水火土日月星辰山川河海湖,第四组\n";
    MUST(roster_import_bytes(app->db, csv, strlen(csv), "鲁庙村党支部", &st, err, sizeof err) == 0);
    /* told by event, as the worker tells it after a package: no reload by hand */
    int n0 = app->model.nMember;
    model_post(MODEL_ROSTER_CHANGED, NULL);
    pump(app);
    MUST(app->model.nMember == n0 + 2);
    tap(app, "nav:home", 0);
    tap(app, "checkin", 0);
    tap(app, "letter:A", 0);
    MUST(ui_find(&app->ui, "member:LM0121"));
    shot(app, "04-long-minority-name");
    tap(app, "letter:O", 0);
    MUST(ui_find(&app->ui, "member:LM0122"));
    shot(app, "04-long-25-characters");
  }

  /* the letter index: W shows both 王秀兰, told apart; L shows 鲁𪚥 */
  tap(app, "nav:home", 0);
  tap(app, "checkin", 0);
  tap(app, "letter:W", 1);
  MUST(ui_find(&app->ui, "member:LM0012") && ui_find(&app->ui, "member:LM0077"));
  CHECK(strcmp(ui_find(&app->ui, "member:LM0012")->label, ui_find(&app->ui, "member:LM0077")->label));
  CHECK(has_text(app, "请点您的名字 · W"));
  CHECK(!ui_find(&app->ui, "letter:I")); /* only letters that have members */
  for (int i = 0; i < app->ui.nWidget; i++)
    if (!strncmp(app->ui.aWidget[i].id, "member:", 7)) CHECK(pinyin_initial(app->ui.aWidget[i].label) == 'W');
  shot(app, "10-letter-W-same-names");
  tap(app, "letter:L", 0);
  for (int i = 0; i < 5 && !ui_find(&app->ui, "member:LM0097"); i++) tap(app, "page:next", 0);
  MUST(ui_find(&app->ui, "member:LM0097"));
  shot(app, "11-letter-L-rare-characters");
  tap(app, "letter:L", 0); /* again: everyone */
  CHECK(has_text(app, str(S_FIND_YOURSELF))); /* the title without a letter */

  /* 按姓找 beside the letters: surnames most common first, with counts */
  tap(app, "surname", 1);
  MUST(!strcmp(app->ui.screen, "surname"));
  CHECK(has_text(app, str(S_SURNAME_TITLE)));
  {
    int last = 1 << 30, nTile = 0;
    for (int i = 0; i < app->ui.nWidget; i++) {
      const Widget *wd = &app->ui.aWidget[i];
      if (strncmp(wd->id, "surname:", 8)) continue;
      const char *sp = strchr(wd->label, ' ');
      MUST(sp);
      int c = atoi(sp + 1);
      CHECK(c > 0 && c <= last); /* most common first */
      last = c;
      if (!nTile++) CHECK(!strcmp(wd->id, "surname:刘") && c == 18); /* the demo's commonest */
    }
    CHECK(nTile >= 20);
  }
  shot(app, "20-surname");
  tap(app, "surname:张", 0);
  CHECK(has_text(app, "请点您的名字 · 张"));
  for (int i = 0; i < app->ui.nWidget; i++)
    if (!strncmp(app->ui.aWidget[i].id, "member:", 7)) CHECK(!strncmp(app->ui.aWidget[i].label, "张", 3));
  for (int i = 0; i < 5 && !ui_find(&app->ui, "member:LM0031"); i++) tap(app, "page:next", 0);
  MUST(ui_find(&app->ui, "member:LM0031"));
  shot(app, "21-surname-zhang");
  tap(app, "surname:other", 0);
  CHECK(ui_find(&app->ui, "surname:刘") && has_text(app, str(S_SURNAME_TITLE)));
  tap(app, "nav:back", 0);
  MUST(!strcmp(app->ui.screen, "checkin"));

  /* the keypad: 阿依古丽·吐尔逊 types her phone tail 6216 */
  tap(app, "keypad", 0);
  MUST(!strcmp(app->ui.screen, "keypad"));
  shot(app, "12-keypad-empty");
  tap(app, "key:1", 1); /* one digit matches too many: how many digits are missing, not a count of people */
  CHECK(has_text(app, "还差 3 个数字"));
  CHECK(!has_text(app, "还有"));
  shot(app, "12-keypad-one-digit");
  tap(app, "key:clear", 0);
  tap(app, "key:6", 1);
  tap(app, "key:2", 0);
  CHECK(ui_find(&app->ui, "member:LM0054") != NULL); /* appears as she types */
  tap(app, "key:9", 0);
  CHECK(has_text(app, str(S_KEYPAD_NONE)) && has_text(app, str(S_KEYPAD_NONE_NEXT))); /* and what to do instead */
  shot(app, "12-keypad-none");
  tap(app, "key:del", 0);
  tap(app, "key:1", 0);
  tap(app, "key:6", 0);
  CHECK(has_text(app, "6216"));
  MUST(ui_find(&app->ui, "member:LM0054"));
  {
    /* the one match is big, right beside the keys, under 请点您的名字 */
    Rect t = ui_find(&app->ui, "member:LM0054")->r, k1 = ui_find(&app->ui, "key:1")->r, k3 = ui_find(&app->ui, "key:3")->r;
    Rect k0 = ui_find(&app->ui, "key:0")->r;
    CHECK(has_text(app, str(S_KEYPAD_PICK)));
    CHECK(t.h >= 50 * gPxPerMm && t.w >= 100 * gPxPerMm); /* far beyond the 15 mm of a tile */
    /* (on a tall screen the typed digits stand between it and the keys) */
    int tall = app->ui.m.h > app->ui.m.w, beside = tall ? k1.y - (t.y + t.h) : t.x - (k3.x + k3.w);
    CHECK(beside >= 0 && beside <= (tall ? 45 : 20) * gPxPerMm);
    if (app->ui.m.w > app->ui.m.h) CHECK(t.y >= k1.y && t.y < k0.y); /* level with the keys */
    int big = 0;
    for (int i = 0; i < app->ui.nText; i++)
      if (!strcmp(app->ui.aText[i].z, "阿依古丽·吐尔逊") || !strcmp(app->ui.aText[i].z, "阿依古丽·"))
        big = app->ui.aText[i].px > big ? app->ui.aText[i].px : big;
    CHECK(big > app->ui.m.large); /* bigger than on the grid */
  }
  shot(app, "13-keypad-6216");
  CHECK(sound_is_open(app->sound) == haveAudio); /* woken before the tap */
  Uint64 tapAt = SDL_GetTicks64(), toneAt;
  tap(app, "member:LM0054", 0);
  if (haveAudio) { /* this tap's tone (how soon: bench/run.sh, tap -> tone) */
    CHECK(sound_last(app->sound, &toneAt) == TONE_OK);
    CHECK(toneAt >= tapAt);
  } else CHECK(sound_last(app->sound, NULL) == -1);
  wait_said("阿依古丽·吐尔逊，签到成功");
  CHECK(said("阿依古丽·吐尔逊，签到成功") == 1);
  int firstVoice = voice_pid(app->voice);
  CHECK(firstVoice > 0);
  MUST(!strcmp(app->ui.screen, "confirm"));
  CHECK(confirm_last()->ok && !strcmp(db_status(app, "LM0054"), "present"));
  CHECK(has_text(app, "阿依古丽·吐尔逊"));
  /* 不是我: a reversal by the member, and back to the grid, which says so */
  MUST(ui_find(&app->ui, "notme"));
  char notMeUuid[40];
  util_strlcpy(notMeUuid, confirm_last()->rec.uuid, sizeof notMeUuid);
  shot(app, "05-confirm-not-me");
  tap(app, "notme", 1);
  MUST(!strcmp(app->ui.screen, "checkin"));
  CHECK(!strcmp(db_status(app, "LM0054"), "absent"));
  CHECK(has_text(app, str(S_NOT_ME_DONE)));
  wait_said(str(S_NOT_ME_SAY));
  CHECK(said(str(S_NOT_ME_SAY)) == 1);
  {
    sqlite3_stmt *st;
    MUST(sqlite3_prepare_v2(app->db->h,
                            "SELECT count(*) FROM checkin WHERE kind = 'reversal' AND operator = 'self'"
                            " AND reverses_uuid = ?1 AND member_no = 'LM0054'", -1, &st, NULL) == SQLITE_OK);
    sqlite3_bind_text(st, 1, notMeUuid, -1, SQLITE_STATIC);
    CHECK(sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1);
    sqlite3_finalize(st);
  }
  shot(app, "05-not-me-back-on-grid");
  /* the right member then checks in as usual */
  show_member(app, member(app, "LM0054"));
  tap(app, "member:LM0054", 0);
  CHECK(confirm_last()->ok && confirm_last()->rec.outcome == CHECKIN_NEW);
  CHECK(!strcmp(db_status(app, "LM0054"), "present"));

  /* tap 张中立: committed before the confirmation shows */
  tap(app, "nav:home", 0);
  tap(app, "checkin", 0);
  show_member(app, member(app, "LM0031"));
  CHECK(!strcmp(db_status(app, "LM0031"), "absent"));
  tap(app, "member:LM0031", 1);
  MUST(!strcmp(app->ui.screen, "confirm"));
  CHECK(confirm_last()->ok && confirm_last()->rec.outcome == CHECKIN_NEW);
  CHECK(!strcmp(db_status(app, "LM0031"), "present"));
  CHECK(has_text(app, "张中立") && has_text(app, str(S_CHECKIN_OK)) && has_text(app, "08:20"));
  CHECK(!memcmp(&ui_find(&app->ui, "nav:back")->r, &back, sizeof back));
  CHECK(!memcmp(&ui_find(&app->ui, "nav:home")->r, &home, sizeof home));
  shot(app, "05-confirm");
  /* home again by itself */
  app->clockOffset += (Uint64)app->cfg.confirmSeconds * 1000;
  pump(app);
  CHECK(!strcmp(app->ui.screen, "home"));

  /* the same member again, later: kindly, with the first time */
  util_set_clock(test_today_at(9, 32));
  tap(app, "checkin", 0);
  show_member(app, member(app, "LM0031"));
  tap(app, "member:LM0031", 0);
  CHECK(confirm_last()->ok && confirm_last()->rec.outcome == CHECKIN_ALREADY);
  CHECK(has_text(app, "您已签到 08:20"));
  CHECK(!ui_find(&app->ui, "notme")); /* made earlier, maybe by someone else: not this tap's to cancel */
  wait_said("张中立，您已经签过到了");
  CHECK(said("张中立，您已经签过到了") == 1);
  CHECK(kill(firstVoice, 0) == -1); /* the earlier sentence was cut off */
  shot(app, "06-confirm-already");

  /* a late arrival with a name outside the BMP */
  tap(app, "nav:back", 0);
  MUST(!strcmp(app->ui.screen, "checkin"));
  show_member(app, member(app, "LM0097"));
  tap(app, "member:LM0097", 0);
  CHECK(confirm_last()->ok && confirm_last()->rec.status == CHECKIN_LATE);
  CHECK(!strcmp(db_status(app, "LM0097"), "late"));
  CHECK(has_text(app, str(S_CHECKIN_LATE_NOTE)));
  shot(app, "07-confirm-late");

  /* idle: the countdown for the last seconds, then home */
  tap(app, "nav:back", 0);
  MUST(!strcmp(app->ui.screen, "checkin"));
  app->clockOffset = app->lastInput + (Uint64)(app->cfg.idleResetSeconds - 5) * 1000 - SDL_GetTicks64();
  pump(app);
  CHECK(has_text(app, "5 秒后回到首页"));
  shot(app, "08-idle-countdown");
  app->clockOffset += 5000;
  pump(app);
  CHECK(!strcmp(app->ui.screen, "home"));

  /* a save that fails acknowledges nothing: the day turned under the screen */
  tap(app, "checkin", 0);
  show_member(app, member(app, "LM0060"));
  util_set_clock(test_today_at(9, 32) + 86400);
  tap(app, "member:LM0060", 0);
  CHECK(!confirm_last()->ok);
  if (haveAudio) CHECK(sound_last(app->sound, NULL) == TONE_REFUSED);
  CHECK(has_text(app, str(S_SAVE_FAILED)));
  CHECK(!has_text(app, str(S_CHECKIN_OK)));
  shot(app, "09-confirm-failed");
  util_set_clock(test_today_at(9, 32));
  CHECK(!strcmp(db_status(app, "LM0060"), "absent"));

  /* a finger that slides off a tile does not check anyone in */
  app->clockOffset += (Uint64)app->cfg.confirmSeconds * 1000;
  pump(app);
  tap(app, "checkin", 0);
  const Widget *t = NULL;
  for (int i = 0; i < app->ui.nWidget && !t; i++)
    if (!strncmp(app->ui.aWidget[i].id, "member:", 7)) t = &app->ui.aWidget[i];
  MUST(t);
  char slidNo[24];
  util_strlcpy(slidNo, t->id + 7, sizeof slidNo);
  char before[12];
  util_strlcpy(before, db_status(app, slidNo), sizeof before);
  Rect tr = t->r;
  app->clockOffset += 1000;
  push_press(app, 1, tr.x + tr.w / 2, tr.y + tr.h / 2, 0);
  pump(app);
  SDL_Event e;
  memset(&e, 0, sizeof e);
  e.type = SDL_MOUSEMOTION;
  e.motion.windowID = SDL_GetWindowID(app->win);
  e.motion.state = SDL_BUTTON_LMASK;
  e.motion.x = tr.x + tr.w / 2;
  e.motion.y = tr.y + tr.h + (int)(gPxPerMm * 30);
  SDL_PushEvent(&e);
  pump(app);
  push_press(app, 0, e.motion.x, e.motion.y, 0);
  pump(app);
  CHECK(!strcmp(app->ui.screen, "checkin"));
  CHECK(!strcmp(db_status(app, slidNo), before));

  /* the secretary: hold the corner 3 s, a wrong PIN, the right one */
  MUST(admin_set_pin(app->db, "240917", err, sizeof err) == 0);
  tap(app, "nav:home", 0);
  MUST(!strcmp(app->ui.screen, "home"));
  hold_corner(app, "14-admin-hold");
  const char *wrong = "111111", *right = "240917";
  for (const char *p = wrong; *p; p++) {
    char id[8] = "key:x";
    id[4] = *p;
    tap(app, id, 0);
  }
  CHECK(!strcmp(app->ui.screen, "pin") && has_text(app, str(S_PIN_WRONG)));
  shot(app, "15-pin-wrong");
  for (const char *p = right; *p; p++) {
    char id[8] = "key:x";
    id[4] = *p;
    tap(app, id, 0);
  }
  MUST(!strcmp(app->ui.screen, "admin"));
  shot(app, "16-admin-absent");
  /* 代签 for the first member who has not come */
  const Widget *first = NULL;
  for (int i = 0; i < app->ui.nWidget && !first; i++)
    if (!strncmp(app->ui.aWidget[i].id, "member:", 7)) first = &app->ui.aWidget[i];
  MUST(first);
  char proxyNo[24], id[UI_ID_MAX];
  util_strlcpy(proxyNo, first->id + 7, sizeof proxyNo);
  snprintf(id, sizeof id, "member:%s", proxyNo);
  CHECK(!strcmp(db_status(app, proxyNo), "absent"));
  tap(app, id, 0);
  shot(app, "17-admin-chosen");
  tap(app, "action:proxy", 0);
  CHECK(strcmp(db_status(app, proxyNo), "absent"));
  CHECK(!strcmp(db_method(app, proxyNo), "proxy"));
  CHECK(ui_find(&app->ui, id) == NULL); /* gone from the absent list */
  /* undo it from the list of who came: a reversal, and absent again */
  admin_pick(app, came_list(app, proxyNo), id);
  shot(app, "18-admin-undo");
  tap(app, "action:undo", 0);
  CHECK(!strcmp(db_status(app, proxyNo), "absent"));

  /* entered from the paper sheet (the machine was down): method paper */
  admin_pick(app, "list:absent", id);
  tap(app, "action:paper", 0);
  CHECK(!strcmp(db_method(app, proxyNo), "paper"));
  admin_pick(app, came_list(app, proxyNo), id);
  tap(app, "action:undo", 0);
  CHECK(!strcmp(db_status(app, proxyNo), "absent"));

  /* 请假 with a reason, from the list of who has not come */
  admin_pick(app, "list:absent", id);
  tap(app, "action:leave", 0);
  MUST(ui_find(&app->ui, "reason:1"));
  shot(app, "19-admin-leave-reason");
  tap(app, "reason:1", 0);
  CHECK(!strcmp(db_status(app, proxyNo), "leave"));
  CHECK(has_text(app, "请假"));
  tap(app, "list:leave", 0);
  CHECK(ui_find(&app->ui, id) != NULL);
  shot(app, "19-admin-leave-list");

  /* a meeting of 120: 20 names a page at 1080p, found by number and by surname */
  tap(app, "list:absent", 0);
  int names = 0;
  const char *firstAbsent = NULL;
  for (int i = 0; i < app->ui.nWidget; i++)
    if (!strncmp(app->ui.aWidget[i].id, "member:", 7)) { names++; if (!firstAbsent) firstAbsent = app->ui.aWidget[i].id + 7; }
  if (w == 1920 && h == 1080) CHECK(names >= 20);
  MUST(firstAbsent);
  char absentNo[24], absentId[UI_ID_MAX];
  util_strlcpy(absentNo, firstAbsent, sizeof absentNo);
  snprintf(absentId, sizeof absentId, "member:%s", absentNo);
  tap(app, "find:digits", 0);
  MUST(ui_find(&app->ui, "key:0"));
  for (const char *p = absentNo; *p; p++)
    if (*p >= '0' && *p <= '9') {
      char key[8] = "key:x";
      key[4] = *p;
      tap(app, key, 0);
    }
  CHECK(ui_find(&app->ui, absentId) != NULL);
  shot(app, "19-admin-digits");
  tap(app, "find:surname", 0);
  const char *sur = NULL;
  for (int i = 0; i < app->ui.nWidget && !sur; i++)
    if (!strncmp(app->ui.aWidget[i].id, "surname:", 8)) sur = app->ui.aWidget[i].id;
  MUST(sur);
  shot(app, "19-admin-surnames");
  char surId[UI_ID_MAX];
  util_strlcpy(surId, sur, sizeof surId);
  tap(app, surId, 0);
  int ofSur = 0, notSur = 0;
  for (int i = 0; i < app->ui.nWidget; i++)
    if (!strncmp(app->ui.aWidget[i].id, "member:", 7)) {
      if (!strncmp(app->ui.aWidget[i].label, surId + 8, strlen(surId + 8))) ofSur++;
      else notSur++;
    }
  CHECK(ofSur > 0 && notSur == 0);
  shot(app, "19-admin-surname");
  tap(app, "find:all", 0);

  /* event mode: a scan station, answering in place */
  tap(app, "event", 0);
  MUST(!strcmp(app->ui.screen, "event"));
  int count0 = event_count();
  char evCard[QRCARD_PAYLOAD_MAX];
  int evSerial;
  MUST(qrcard_issue(app->db, &app->kp, app->cfg.cardIssuer, "LM0040", evCard, &evSerial, err, sizeof err) == 0);
  scan(app, evCard);
  CHECK(!strcmp(app->ui.screen, "event") && event_count() == count0 + 1 && recent_kind() == EVENT_NEW);
  CHECK(!strcmp(db_status(app, "LM0040"), "late"));
  scan(app, evCard); /* again: noted gently, not counted */
  CHECK(event_count() == count0 + 1 && recent_kind() == EVENT_ALREADY);
  evCard[strlen(evCard) - 3] ^= 1; /* altered */
  scan(app, evCard);
  const EventScan *recent;
  CHECK(recent_kind() == EVENT_REFUSED && event_recent(&recent) == 3);
  char countText[64];
  snprintf(countText, sizeof countText, "已签到 %d / %d", count0 + 1, app->model.nMember);
  CHECK(has_text(app, countText));
  /* a replaced card: refused with the member's name and what to do */
  char oldEv[QRCARD_PAYLOAD_MAX], newEv[QRCARD_PAYLOAD_MAX];
  MUST(qrcard_issue(app->db, &app->kp, app->cfg.cardIssuer, "LM0041", oldEv, &evSerial, err, sizeof err) == 0);
  MUST(qrcard_issue(app->db, &app->kp, app->cfg.cardIssuer, "LM0041", newEv, &evSerial, err, sizeof err) == 0);
  scan(app, oldEv);
  CHECK(recent_kind() == EVENT_REFUSED && has_text(app, member(app, "LM0041")->name) && has_text(app, str(S_NEXT_NEW_CARD)));
  shot(app, "20-event-refused-name");
  app->clockOffset += (Uint64)app->cfg.idleResetSeconds * 2000; /* a station does not go home by itself */
  pump(app);
  CHECK(!strcmp(app->ui.screen, "event"));
  shot(app, "20-event-mode");
  /* locked: no 返回 or 首页, every way home leads back, and the corner
   * hold with the PIN is the way out */
  CHECK(!ui_find(&app->ui, "nav:back") && !ui_find(&app->ui, "nav:home"));
  app_go(app, SCR_HOME);
  pump(app);
  CHECK(!strcmp(app->ui.screen, "event") && event_count() == count0 + 1);
  {
    int kept = 0;
    char keptDay[11], keptAct[40];
    CHECK(admin_station_locked(app->db, &kept, keptDay, keptAct) == KR_OK && kept == 1 &&
          !strcmp(keptAct, app->model.act.uuid)); /* committed, for a power cut */
  }
  hold_corner(app, NULL);
  MUST(!strcmp(app->ui.screen, "pin"));
  tap(app, "nav:back", 0);
  CHECK(!strcmp(app->ui.screen, "event"));
  hold_corner(app, NULL);
  MUST(!strcmp(app->ui.screen, "pin"));
  for (const char *p = right; *p; p++) {
    char key[8] = "key:x";
    key[4] = *p;
    tap(app, key, 0);
  }
  MUST(!strcmp(app->ui.screen, "admin"));
  CHECK(!event_locked());
  {
    /* the lock was kept in the database while the station ran; the PIN
     * cleared it. Kept today, a new start goes back to the station; kept
     * from another day, it is let go. */
    int kept = -1;
    char keptDay[11], keptAct[40], today[11];
    CHECK(admin_station_locked(app->db, &kept, keptDay, keptAct) == KR_OK && kept == 0);
    util_local_date(util_now(), today);
    MUST(admin_station_lock(app->db, today, app->model.act.uuid) == KR_OK);
    CHECK(event_restore(app) == 1);
    MUST(admin_station_lock(app->db, "2000-01-01", app->model.act.uuid) == KR_OK);
    CHECK(event_restore(app) == 0);
    CHECK(admin_station_locked(app->db, &kept, keptDay, keptAct) == KR_OK && kept == 0 && !event_locked());
  }

  /* the secretary's activities: a new 党小组会 tomorrow, and today's corrected */
  tap(app, "activities", 0);
  MUST(!strcmp(app->ui.screen, "activities"));
  shot(app, "20-activities");
  tap(app, "activity:new", 0);
  MUST(!strcmp(app->ui.screen, "activity_edit"));
  tap(app, "kind:3", 0);
  tap(app, "day:-", 0); /* not before today */
  tap(app, "day:+", 0);
  tap(app, "min:+", 0);
  tap(app, "min:+", 0);
  tap(app, "len:90", 0);
  shot(app, "20-activity-new");
  tap(app, "save", 0);
  MUST(!strcmp(app->ui.screen, "activities"));
  char tomorrow[11], sql[300];
  util_date_add(app->model.act.day, 1, tomorrow);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM activity WHERE kind = '党小组会' AND title = '党小组会' AND day = '%s'"
           " AND start_hm = '09:30' AND end_hm = '11:00'", tomorrow);
  CHECK(test_sql_int(dbPath, sql) == 1);
  char editId[UI_ID_MAX];
  snprintf(editId, sizeof editId, "activity:%lld", (long long)app->model.act.id);
  tap(app, editId, 0);
  MUST(!strcmp(app->ui.screen, "activity_edit"));
  tap(app, "len:120", 0);
  tap(app, "save", 0);
  snprintf(sql, sizeof sql, "SELECT count(*) FROM activity WHERE id = %lld AND end_hm = '10:30'", (long long)app->model.act.id);
  CHECK(test_sql_int(dbPath, sql) == 1);
  CHECK(test_sql_int(dbPath, "SELECT count(*) FROM activity_history WHERE end_hm = '11:30'") == 1);
  tap(app, "nav:back", 0);
  CHECK(!strcmp(app->ui.screen, "admin"));

  /* before the window opens, and after it closes: said kindly, no button */
  tap(app, "nav:home", 0);
  util_set_clock(test_today_at(6, 0));
  model_refresh_activity(&app->model, app->db);
  app->dirty = 1;
  pump(app);
  CHECK(!ui_find(&app->ui, "checkin"));
  CHECK(has_text(app, "签到 07:30 开始"));
  shot(app, "20-home-not-yet");
  util_set_clock(test_today_at(12, 0));
  model_refresh_activity(&app->model, app->db);
  app->dirty = 1;
  pump(app);
  CHECK(!ui_find(&app->ui, "checkin") && has_text(app, str(S_OVER)));

  /* a day with no activity: said where 签到 stands, with the next one */
  util_set_clock(test_today_at(9, 0) + 2 * 86400);
  app_go(app, SCR_HOME);
  pump(app);
  MUST(!app->model.haveAct);
  {
    char day[11], after[11];
    Activity *na = NULL;
    int nn = 0;
    util_local_date(util_now(), day);
    MUST(util_date_add(day, 1, after) == 0 && activity_list(app->db, after, 1, &na, &nn) == 0 && nn > 0);
    CHECK(!ui_find(&app->ui, "checkin") && has_text(app, str(S_NO_ACT_BIG)) && has_text(app, na[0].title));
    free(na);
  }
  shot(app, "20-home-no-activity");

  /* a QR card on the scanner, on whatever screen is showing */
  util_set_clock(test_today_at(9, 0));
  model_refresh_activity(&app->model, app->db);
  app->dirty = 1;
  pump(app);
  char card[QRCARD_PAYLOAD_MAX], oldCard[QRCARD_PAYLOAD_MAX];
  int serial;
  MUST(qrcard_issue(app->db, &app->kp, app->cfg.cardIssuer, "LM0088", oldCard, &serial, err, sizeof err) == 0);
  MUST(qrcard_issue(app->db, &app->kp, app->cfg.cardIssuer, "LM0088", card, &serial, err, sizeof err) == 0);
  tap(app, "checkin", 0);
  tap(app, "letter:W", 0); /* mid-search on the grid */
  scan(app, card); /* how soon it answers: bench/run.sh, scan -> frame */
  MUST(!strcmp(app->ui.screen, "confirm"));
  CHECK(confirm_last()->ok && !strcmp(confirm_last()->rec.member.memberNo, "LM0088") && !strcmp(confirm_last()->rec.method, "scan"));
  shot(app, "22-scan-ok");
  /* a person typing the same code slowly is not a scan: each key comes
   * while the kiosk waits, as keys do */
  tap(app, "nav:home", 0);
  for (const char *p = card; p < card + 14; p++) {
    SDL_Thread *th = SDL_CreateThread(key_later, "key", (void *)p);
    MUST(th);
    app_pump(app, 5000); /* waits until the key comes, SCANBUF_MAX_GAP_MS + 30 ms on */
    SDL_WaitThread(th, NULL);
  }
  press_enter(app);
  CHECK(!strcmp(app->ui.screen, "home"));
  /* the old card after a reissue: refused kindly, and recorded */
  scan(app, oldCard);
  MUST(!strcmp(app->ui.screen, "confirm"));
  CHECK(!confirm_last()->ok && confirm_last()->card == QRCARD_REVOKED);
  CHECK(has_text(app, "此卡已挂失，请使用新卡"));
  if (haveAudio) CHECK(sound_last(app->sound, NULL) == TONE_REFUSED);
  shot(app, "23-scan-revoked");
  char dbFile[800];
  snprintf(dbFile, sizeof dbFile, "%s", dbPath);
  CHECK(test_sql_int(dbFile, "SELECT count(*) FROM scan_refusal WHERE reason = 'revoked' AND member_no = 'LM0088'") == 1);
  tap(app, "nav:home", 0);

  /* two activities open at once: the member picks one */
  util_set_clock(test_today_at(8, 40));
  Activity in = {0}, second;
  util_strlcpy(in.kind, "党小组会", sizeof in.kind);
  util_strlcpy(in.title, "第二组党小组会", sizeof in.title);
  util_strlcpy(in.day, app->model.act.day, sizeof in.day);
  util_strlcpy(in.startHm, "08:30", sizeof in.startHm);
  util_strlcpy(in.endHm, "09:30", sizeof in.endHm);
  MUST(activity_add(app->db, &in, &second, err, sizeof err) == 0);
  model_refresh_activity(&app->model, app->db);
  app->dirty = 1;
  pump(app);
  CHECK(has_text(app, "今天有 2 个活动正在签到"));
  tap(app, "checkin", 0);
  MUST(!strcmp(app->ui.screen, "choose"));
  shot(app, "21-choose-activity");
  char actId[UI_ID_MAX];
  snprintf(actId, sizeof actId, "activity:%lld", (long long)second.id);
  tap(app, actId, 1);
  MUST(!strcmp(app->ui.screen, "checkin"));
  show_member(app, member(app, "LM0077"));
  tap(app, "member:LM0077", 0);
  CHECK(confirm_last()->ok && confirm_last()->rec.activity.id == second.id);
  CHECK(has_text(app, "第二组党小组会"));

  app_destroy(app);
  util_set_clock(-1);
}

/* Lets the event loop run for up to ms, handling what arrives (a sentence
 * read aloud ending, for one). */
static void run_for(App *app, int ms) {
  Uint64 end = SDL_GetTicks64() + (Uint64)ms;
  while (SDL_GetTicks64() < end) app_pump(app, 10);
}

/* The id of the first widget whose id starts with zPrefix, or "". */
static const char *first_id(App *app, const char *zPrefix) {
  for (int i = 0; i < app->ui.nWidget; i++)
    if (!strncmp(app->ui.aWidget[i].id, zPrefix, strlen(zPrefix))) return app->ui.aWidget[i].id;
  return "";
}

static void find_and_tap(App *app, const char *zNo) {
  show_member(app, member(app, zNo));
  char id[UI_ID_MAX];
  snprintf(id, sizeof id, "member:%s", zNo);
  tap(app, id, 0);
}

/* A new app, w x h, on a new database zDbName in gOut/WxH (the directory
 * into zDir, the database's path into zDb), the clock at 10:00 today.
 * Exits when it cannot start; the caller destroys it. */
static App *fresh_app(int w, int h, const char *zDbName, char zDir[600], char zDb[700]) {
  char err[512];
  fresh_dir("", zDbName, w, h, zDb, 700);
  snprintf(zDir, 600, "%.599s", gShotDir);
  util_set_clock(test_today_at(10, 0));
  AppOptions o = {.zConfig = gConf, .zDb = zDb, .windowed = 1, .width = w, .height = h};
  App *app;
  if (app_create(&app, &o, err, sizeof err)) { fprintf(stderr, "app_create: %s\n", err); exit(1); }
  return app;
}

static void run_services(int w, int h) {
  char dir[600], dbPath[700], err[512];
  App *app = fresh_app(w, h, "services.db", dir, dbPath);
  gPxPerMm = sqrt((double)w * w + (double)h * h) / (app->cfg.diagonalInch * 25.4);
  snprintf(gSayLog, sizeof gSayLog, "%s/read.txt", dir);
  remove(gSayLog);
  setenv("KIOSK_FAKE_SAY_LOG", gSayLog, 1);
  setenv("KIOSK_FAKE_SAY_SECONDS", "0.05", 1); /* each sentence "spoken" in 50 ms */
  voice_destroy(app->reader);
  app->reader = voice_create(1, gFakeSay);
  MUST(app->reader && voice_available(app->reader));
  pump(app);
  MUST(!strcmp(app->ui.screen, "home"));
  /* the honour board: the demo's top volunteers this month */
  VolHonour top[HONOUR_MAX];
  char today[11], month[8];
  util_local_date(util_now(), today);
  snprintf(month, sizeof month, "%.7s", today);
  int nTop = 0;
  CHECK(vol_honour_board(app->db, month, top, HONOUR_MAX, &nTop) == KR_OK);
  CHECK(nTop > 0 && app->model.nHonour == nTop);
  CHECK(has_text(app, str(S_HONOUR_TITLE)));
  if (nTop > 0) CHECK(has_text(app, top[0].name));
  shot(app, "30-home-doors");

  /* 通知公告 -> 政策宣传 -> the pinned notice */
  tap(app, "notices", 1);
  MUST(!strcmp(app->ui.screen, "notices"));
  CHECK(has_text(app, "共 1 条"));
  shot(app, "31-notices");
  tap(app, "cat:3", 0);
  MUST(!strcmp(app->ui.screen, "notice_list"));
  CHECK(has_text(app, str(S_PINNED)) && has_text(app, str(S_UNREAD)) && has_text(app, "镇党委发布"));
  shot(app, "32-notice-list");
  tap(app, first_id(app, "notice:"), 0);
  MUST(!strcmp(app->ui.screen, "notice"));
  CHECK(has_text(app, "第 1 /") && has_text(app, "60岁以上老党员"));
  CHECK(test_sql_int(dbPath, "SELECT count(*) FROM notice_view") == 1); /* counted, and nothing about who */
  shot(app, "33-notice-page1");
  /* to the end, page by page */
  int pagesBig = 1;
  for (; pagesBig < 20 && ui_find(&app->ui, "page:next"); pagesBig++) tap(app, "page:next", 0);
  CHECK(pagesBig >= 2);
  char last[32];
  snprintf(last, sizeof last, "第 %d / %d 页", pagesBig, pagesBig);
  CHECK(has_text(app, last) && !ui_find(&app->ui, "page:next"));
  shot(app, "34-notice-last");
  /* 特大字: more pages; kept when coming back, until the kiosk goes home */
  tap(app, "size:1", 0);
  int pagesHuge = 0;
  for (int i = 0; i < app->ui.nText; i++)
    if (sscanf(app->ui.aText[i].z, "第 %*d / %d 页", &pagesHuge) == 1) break;
  CHECK(pagesHuge > pagesBig);
  for (int i = 0; i < 20 && ui_find(&app->ui, "page:prev"); i++) tap(app, "page:prev", 0);
  shot(app, "35-notice-huge");
  tap(app, "nav:back", 0);
  tap(app, first_id(app, "notice:"), 0);
  CHECK(ui_is_pressed(&app->ui, "size:1") == 0 && has_text(app, "第 1 /"));
  {
    int p = 0;
    for (int i = 0; i < app->ui.nText; i++)
      if (sscanf(app->ui.aText[i].z, "第 %*d / %d 页", &p) == 1) break;
    CHECK(p == pagesHuge);
  }
  tap(app, "size:0", 0);
  /* 朗读: sentence by sentence, the current one white on black, turning the page */
  tap(app, "read", 0);
  CHECK(ui_find(&app->ui, "stop") != NULL);
  int black = 0;
  for (int y = app->ui.m.topBar; y < app->ui.m.h / 2 && !black; y += 4)
    for (int x = 0; x < app->ui.m.w && !black; x += 4) black = same(pixel(app, x, y), COL_SELECTED);
  CHECK(black); /* the title, being read, is highlighted */
  shot(app, "36-notice-reading");
  for (int i = 0; i < 1200 && !said("各村民小组党员："); i++) run_for(app, 50); /* up to 60 s */
  /* numbers reach the voice as Chinese numerals (speech_text) */
  CHECK(said("关于六十岁以上老党员生活补助的通知") == 1 && said("各村民小组党员：") == 1);
  /* leaving the page stops it (it may have turned the page itself by now) */
  tap(app, ui_find(&app->ui, "page:next") ? "page:next" : "page:prev", 0);
  CHECK(ui_find(&app->ui, "read") != NULL && !ui_find(&app->ui, "stop"));
  /* stopped at once: no speech program left running, and the end of the
   * one cut off (its event is queued by now) starts no next sentence */
  int before = said("");
  CHECK(voice_pid(app->reader) == 0);
  pump(app);
  pump(app);
  CHECK(voice_pid(app->reader) == 0 && said("") == before);
  /* read from here to the end: it turns the pages itself, then stops */
  tap(app, "read", 0);
  for (int i = 0; i < 2400 && ui_find(&app->ui, "stop"); i++) run_for(app, 50); /* up to 120 s */
  CHECK(!ui_find(&app->ui, "stop"));
  CHECK(said("刘集镇鲁庙村党支部") == 1); /* the last sentence */
  CHECK(has_text(app, last));              /* on the last page */
  tap(app, "nav:home", 0);

  /* 志愿服务: find yourself, log 2.5 hours for yesterday */
  tap(app, "volunteer", 0);
  MUST(!strcmp(app->ui.screen, "checkin"));
  CHECK(has_text(app, str(S_FIND_FOR_VOLUNTEER)));
  find_and_tap(app, "LM0031");
  MUST(!strcmp(app->ui.screen, "volunteer"));
  shot(app, "37-volunteer");
  tap(app, "vol:log", 0);
  MUST(!strcmp(app->ui.screen, "vol_category"));
  CHECK(ui_find(&app->ui, "vcat:5") != NULL && has_text(app, "环境整治"));
  shot(app, "38-vol-category");
  tap(app, "vcat:0", 0);
  MUST(!strcmp(app->ui.screen, "vol_day"));
  shot(app, "39-vol-day");
  tap(app, "day:1", 1);
  MUST(!strcmp(app->ui.screen, "vol_hours"));
  CHECK(has_text(app, "2 小时"));
  tap(app, "hours:+", 0);
  tap(app, "hours:+", 0);
  tap(app, "hours:-", 0);
  CHECK(has_text(app, "2.5 小时"));
  shot(app, "40-vol-hours");
  tap(app, "next", 0);
  MUST(!strcmp(app->ui.screen, "vol_confirm"));
  wait_said("二点五小时");
  CHECK(said("环境整治") >= 1 && said("二点五小时") == 1); /* the summary is spoken, 2.5 as 二点五 */
  shot(app, "41-vol-confirm");
  int64_t entries = test_sql_int(dbPath, "SELECT count(*) FROM vol_entry");
  tap(app, "submit", 0);
  MUST(!strcmp(app->ui.screen, "vol_done"));
  CHECK(has_text(app, str(S_VOL_LOGGED)) && has_text(app, str(S_VOL_WAIT_REVIEW)));
  shot(app, "42-vol-done");
  CHECK(test_sql_int(dbPath, "SELECT count(*) FROM vol_entry") == entries + 1);
  char yesterday[11], sql[512];
  util_date_add(today, -1, yesterday);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM vol_entry WHERE member_no = 'LM0031' AND half_hours = 5 AND category = '环境整治'"
           " AND day = '%s' AND method = 'kiosk'", yesterday);
  CHECK(test_sql_int(dbPath, sql) == 1);
  app->clockOffset += (Uint64)app->cfg.confirmSeconds * 1000 + 1000;
  pump(app);
  CHECK(!strcmp(app->ui.screen, "home")); /* home by itself */

  /* a shift: sign in at 10:00 with a scanned card, out at 12:10 */
  char card[QRCARD_PAYLOAD_MAX];
  int serial;
  MUST(qrcard_issue(app->db, &app->kp, app->cfg.cardIssuer, "LM0031", card, &serial, err, sizeof err) == 0);
  tap(app, "volunteer", 0);
  tap(app, "surname", 0); /* finding by surname, the card comes first */
  MUST(!strcmp(app->ui.screen, "surname"));
  scan(app, card); /* the card says who: no check-in */
  MUST(!strcmp(app->ui.screen, "volunteer"));
  CHECK(!strcmp(find_member()->memberNo, "LM0031"));
  tap(app, "shift:start", 0);
  tap(app, "vcat:3", 0);
  MUST(!strcmp(app->ui.screen, "vol_done"));
  CHECK(has_text(app, str(S_VOL_STARTED)));
  shot(app, "43-shift-started");
  tap(app, "nav:home", 0);
  util_set_clock(test_today_at(12, 10));
  tap(app, "volunteer", 0);
  find_and_tap(app, "LM0031");
  CHECK(ui_find(&app->ui, "shift:end") && !ui_find(&app->ui, "vol:log"));
  CHECK(has_text(app, "已服务 2 小时 10 分"));
  shot(app, "44-volunteer-on-shift");
  tap(app, "shift:end", 0);
  MUST(!strcmp(app->ui.screen, "vol_done"));
  CHECK(has_text(app, "共 2 小时"));
  shot(app, "45-shift-ended");
  CHECK(test_sql_int(dbPath, "SELECT half_hours FROM vol_entry WHERE member_no = 'LM0031' AND method = 'shift'") == 4);
  tap(app, "nav:home", 0);

  /* the secretary approves the 2.5 hours and rejects the shift */
  app_go(app, SCR_ADMIN);
  pump(app);
  CHECK(ui_find(&app->ui, "vol_review") != NULL);
  tap(app, "vol_review", 0);
  MUST(!strcmp(app->ui.screen, "vol_review"));
  shot(app, "46-vol-review");
  int64_t logged = test_sql_int(dbPath, "SELECT id FROM vol_entry WHERE member_no = 'LM0031' AND method = 'kiosk'");
  int64_t shift = test_sql_int(dbPath, "SELECT id FROM vol_entry WHERE member_no = 'LM0031' AND method = 'shift'");
  char id[UI_ID_MAX];
  snprintf(id, sizeof id, "approve:%lld", (long long)logged);
  for (int i = 0; i < 5 && !ui_find(&app->ui, id); i++) tap(app, "page:next", 0);
  tap(app, id, 0);
  CHECK(has_text(app, "已通过"));
  snprintf(id, sizeof id, "reject:%lld", (long long)shift);
  for (int i = 0; i < 5 && !ui_find(&app->ui, id); i++) tap(app, "page:next", 0);
  tap(app, id, 0);
  shot(app, "47-vol-reject-reason");
  tap(app, "reason:0", 0);
  CHECK(has_text(app, "未通过"));
  snprintf(sql, sizeof sql, "SELECT count(*) FROM vol_review r JOIN vol_entry e ON e.uuid = r.entry_uuid"
                            " WHERE e.member_no = 'LM0031' AND r.operator = 'admin'");
  CHECK(test_sql_int(dbPath, sql) == 2);
  tap(app, "nav:home", 0);

  /* 我的记录: the figures are the core's, and it can be read out */
  tap(app, "record", 0);
  CHECK(has_text(app, str(S_FIND_FOR_RECORD)));
  find_and_tap(app, "LM0031");
  /* [privacy] record_check: the phone's last 4 first; wrong ones are refused plainly */
  MUST(!strcmp(app->ui.screen, "record_verify"));
  const Member *rm = member(app, "LM0031");
  MUST(rm && strlen(rm->phone4) == 4);
  CHECK(has_text(app, "LM0031") == 0 && has_text(app, rm->name));
  shot(app, "48-record-verify");
  for (int i = 0; i < 4; i++) {
    char key[8] = "key:x";
    key[4] = (char)('0' + (rm->phone4[i] - '0' + 1) % 10);
    tap(app, key, 0);
  }
  CHECK(!strcmp(app->ui.screen, "record_verify") && has_text(app, str(S_VERIFY_WRONG)));
  shot(app, "48-record-verify-wrong");
  for (int i = 0; i < 4; i++) {
    char key[8] = "key:x";
    key[4] = rm->phone4[i];
    tap(app, key, 0);
  }
  MUST(!strcmp(app->ui.screen, "record"));
  /* three wrong tries: the digits are refused for 5 minutes, even the right
   * ones, said plainly with the card as the way on; the card opens it */
  tap(app, "nav:home", 0);
  tap(app, "record", 0);
  find_and_tap(app, "LM0031");
  MUST(!strcmp(app->ui.screen, "record_verify"));
  for (int t = 0; t < 3; t++)
    for (int i = 0; i < 4; i++) {
      char key[8] = "key:x";
      key[4] = (char)('0' + (rm->phone4[i] - '0' + 1) % 10);
      tap(app, key, 0);
    }
  char locked[160];
  snprintf(locked, sizeof locked, str(S_VERIFY_LOCKED_FMT), 5);
  CHECK(!strcmp(app->ui.screen, "record_verify") && has_text(app, locked));
  CHECK(strstr(locked, "刷党员卡") != NULL); /* the next step */
  shot(app, "48-record-verify-locked");
  for (int i = 0; i < 4; i++) {
    char key[8] = "key:x";
    key[4] = rm->phone4[i];
    tap(app, key, 0);
  }
  CHECK(!strcmp(app->ui.screen, "record_verify") && has_text(app, locked)); /* the right digits wait too */
  tap(app, "nav:back", 0); /* leaving and coming back does not lift it */
  if (strcmp(app->ui.screen, "checkin")) tap(app, "record", 0);
  find_and_tap(app, "LM0031");
  MUST(!strcmp(app->ui.screen, "record_verify"));
  CHECK(has_text(app, locked));
  {
    char myCard[QRCARD_PAYLOAD_MAX];
    int mySerial;
    MUST(qrcard_issue(app->db, &app->kp, app->cfg.cardIssuer, "LM0031", myCard, &mySerial, err, sizeof err) == 0);
    scan(app, myCard);
    MUST(!strcmp(app->ui.screen, "record"));
    AdminClock now = app_admin_clock(app);
    CHECK(admin_phone_wait_left(app->db, "LM0031", &now) == 0); /* the card cleared the count */
  }
  RatingRules rules;
  rating_rules(app->db, &app->cfg.rating, &rules);
  MemberRecord r;
  MUST(record_member(app->db, "LM0031", &rules, util_now(), &r) == 0);
  char want[64];
  snprintf(want, sizeof want, "%d / %d 次", r.attended, r.held);
  CHECK(has_text(app, want));
  CHECK(r.approvedHalf >= 5 && has_text(app, "小时"));
  snprintf(want, sizeof want, "%d 分", r.points);
  CHECK(has_text(app, want));
  shot(app, "48-record");
  tap(app, "read", 0);
  wait_said("出勤率");
  CHECK(said("出勤率") == 1);
  tap(app, "nav:home", 0);

  /* a stick: what it brought, then 导出数据 behind the PIN; with no township
   * trusted the export cannot be sealed, and the screen says so kindly */
  /* told by the worker's events, as from a real stick: first it is being
   * read (no 导出数据 yet), then what became of each file, in words chosen
   * by the core's code — an old package still on the stick says nothing */
  model_post(MODEL_STICK_IN, strdup(dir));
  pump(app);
  MUST(!strcmp(app->ui.screen, "usb"));
  CHECK(has_text(app, str(S_USB_READING)) && !ui_find(&app->ui, "export"));
  shot(app, "49-usb-reading");
  StickReport *rep = calloc(1, sizeof *rep);
  MUST(rep);
  util_strlcpy(rep->stick, dir, sizeof rep->stick);
  static const struct { const char *name; int rc; } aFile[] = {
    {"p3.ksp", KR_OK}, {"p9.ksp", KR_BAD_SIGNATURE}, {"p1.ksp", KR_NOT_NEWER}, {"p8.ksp", KR_EXPIRED},
    {"p7.ksp", KR_TOO_LARGE}, {"px.ksp", -1}};
  for (int i = 0; i < 6; i++) {
    util_strlcpy(rep->aFile[i].name, aFile[i].name, sizeof rep->aFile[i].name);
    rep->aFile[i].rc = aFile[i].rc;
  }
  rep->aFile[0].applied = (SyncApplied){.kind = CONTAINER_PACKAGE, .version = 3, .notices = 2, .members = 1,
                                        .activities = 1};
  rep->nFile = 6;
  model_post(MODEL_STICK_READ, rep);
  pump(app);
  CHECK(has_text(app, "已收到镇里的更新（第3版）") && has_text(app, "没有使用 p9.ksp：不是镇里签发的文件"));
  CHECK(has_text(app, "没有使用 p8.ksp：已经过期") && has_text(app, "没有使用 p7.ksp：文件坏了或者不完整"));
  CHECK(has_text(app, "没有使用 px.ksp：文件不能用") && !has_text(app, "p1.ksp") && ui_find(&app->ui, "export"));
  shot(app, "49-usb");
  MUST(admin_set_pin(app->db, "240917", err, sizeof err) == 0);
  tap(app, "export", 0);
  MUST(!strcmp(app->ui.screen, "pin"));
  for (const char *p = "240917"; *p; p++) {
    char kid[8] = "key:x";
    kid[4] = *p;
    tap(app, kid, 0);
  }
  MUST(!strcmp(app->ui.screen, "usb_export"));
  CHECK(has_text(app, str(S_USB_DONT_PULL))); /* the working frame comes first */
  shot(app, "50-usb-exporting");
  /* the worker thread does the export and answers by event; the screen
   * waits for it (generously: the machine may be loaded) */
  for (int i = 0; i < 3000 && app->model.exportState == EXPORT_WORKING; i++) app_pump(app, 10);
  pump(app);
  CHECK(app->model.exportState == EXPORT_FAILED && has_text(app, str(S_USB_FAILED)) && !has_text(app, str(S_USB_DONE)));
  /* it ran on the worker, never on the UI thread */
  CHECK(app->model.exportThread != 0 && app->model.exportThread == worker_thread_id(app->worker) &&
        app->model.exportThread != SDL_ThreadID());
  shot(app, "51-usb-export-failed");
  app->model.exportState = 1;
  app->model.exportRecords = 42;
  app->dirty = 1;
  pump(app);
  CHECK(has_text(app, str(S_USB_DONE)));
  shot(app, "52-usb-export-done");
  /* the admin board says how the reporting stands */
  app_go(app, SCR_ADMIN);
  pump(app);
  CHECK(has_text(app, "还有"));

  app_destroy(app);
  unsetenv("KIOSK_FAKE_SAY_SECONDS");
  util_set_clock(-1);
}

/* Taps group zId's tab, turning the group bar's pages (更多组) until it shows. */
static void tap_group(App *app, const char *zId) {
  for (int i = 0; i < 20 && !ui_find(&app->ui, zId); i++) tap(app, "group:more", 0);
  MUST(ui_find(&app->ui, zId));
  tap(app, zId, 0);
}

/* 1 if some text drawn inside widget zId contains z. */
static int text_in(App *app, const char *zId, const char *z) {
  const Widget *w = ui_find(&app->ui, zId);
  for (int i = 0; w && i < app->ui.nText; i++) {
    const Rect *t = &app->ui.aText[i].r;
    if (strstr(app->ui.aText[i].z, z) && t->x >= w->r.x && t->y >= w->r.y && t->x + t->w <= w->r.x + w->r.w &&
        t->y + t->h <= w->r.y + w->r.h)
      return 1;
  }
  return 0;
}

/* A roster shaped like the real ones (tests/ui/data/real_roster.csv) on top
 * of the demo village: group names as rosters write them (第一村民小组,
 * 东风村第十二村民小组, 杏街社区第三居民小组), 19 groups in all, three 王秀英
 * told apart by group and birth year, long "·" names and compound surnames.
 * Every page of every group, the letter and the surname screens and the
 * keypad's big match: check_frame (nothing off screen, no text out of its
 * tile, gaps ≥ 3 mm) on each frame, and screenshots to look at. */
static void run_roster(int w, int h) {
  char dbPath[700], err[512];
  fresh_dir("roster-", "kiosk.db", w, h, dbPath, sizeof dbPath);
  util_set_clock(test_today_at(8, 20));
  AppOptions o = {.zConfig = gConf, .zDb = dbPath, .windowed = 1, .width = w, .height = h};
  App *app;
  if (app_create(&app, &o, err, sizeof err)) { fprintf(stderr, "app_create: %s\n", err); exit(1); }
  gPxPerMm = sqrt((double)w * w + (double)h * h) / (app->cfg.diagonalInch * 25.4);
  RosterImportStats st;
  MUST(roster_import_file(app->db, gRoster, "鲁庙村党支部", &st, err, sizeof err) == 0);
  /* photos for some: camera-sized JPEGs named by member number, in a folder */
  static const char *const aFace[] = {"RR0046", "RR0047", "RR0048", "RR0049", "LM0031", "LM0012", "LM0077",
                                      "LM0001", "LM0002", "LM0003", "LM0004", "LM0005"};
  char faces[720];
  snprintf(faces, sizeof faces, "%.600s/photos", gShotDir);
  mkdir(faces, 0755);
  for (size_t i = 0; i < sizeof aFace / sizeof aFace[0]; i++) {
    SDL_Surface *f = SDL_CreateRGBSurfaceWithFormat(0, 900, 1200, 32, SDL_PIXELFORMAT_ARGB8888);
    MUST(f);
    SDL_FillRect(f, NULL, SDL_MapRGB(f->format, 90, 120, (Uint8)(40 + 15 * i)));       /* background */
    SDL_FillRect(f, &(SDL_Rect){250, 250, 400, 500}, SDL_MapRGB(f->format, 230, 190, 160)); /* a face */
    SDL_FillRect(f, &(SDL_Rect){150, 800, 600, 400}, SDL_MapRGB(f->format, 30, 30, 60));    /* shoulders */
    char path[800];
    snprintf(path, sizeof path, "%s/%s.jpg", faces, aFace[i]);
    MUST(IMG_SaveJPG(f, path, 90) == 0);
    SDL_FreeSurface(f);
  }
  PhotoStats ps;
  MUST(photo_import_dir(app->db, faces, &ps, err, sizeof err) == KR_OK && ps.stored == 12);
  model_post(MODEL_ROSTER_CHANGED, NULL);
  pump(app);
  /* LM0001 has the folder's photo; LM0015 has none (the demo draws no portrait for it) */
  int iWith = -1, iWithout = -1;
  for (int i = 0; i < app->model.nMember; i++) {
    if (!strcmp(app->model.aMember[i].memberNo, "LM0001")) iWith = i;
    if (!strcmp(app->model.aMember[i].memberNo, "LM0015")) iWithout = i;
  }
  CHECK(app->model.hasPhoto && iWith >= 0 && iWithout >= 0 && app->model.hasPhoto[iWith] == 1 &&
        app->model.hasPhoto[iWithout] == 0);
  MUST(app->model.nGroup >= 19);
  tap(app, "checkin", 0);
  MUST(!strcmp(app->ui.screen, "checkin"));
  shot(app, "60-grid");
  CHECK(ui_find(&app->ui, "group:more") != NULL); /* 19 long names do not fit one row: paged */
  /* every group, every page */
  for (int g = 0; g < app->model.nGroup; g++) {
    char id[UI_ID_MAX];
    snprintf(id, sizeof id, "group:%d", g);
    tap_group(app, id);
    check_frame(app, id);
    for (int i = 0; i < 10 && ui_find(&app->ui, "page:next"); i++) {
      tap(app, "page:next", 0);
      check_frame(app, id);
    }
    if (!strcmp(app->model.azGroup[g], "东风村第十二村民小组")) shot(app, "61-group-long-name");
  }
  /* the three 王秀英 under W, each told apart by group and year, inside the tile */
  tap(app, "group:-1", 0);
  tap(app, "letter:W", 0);
  static const char *const aDup[] = {"member:RR0046", "member:RR0047", "member:RR0048"};
  for (int i = 0; i < 5 && !ui_find(&app->ui, aDup[0]); i++) tap(app, "page:next", 0);
  for (int k = 0; k < 3; k++) {
    MUST(ui_find(&app->ui, aDup[k]));
    CHECK(text_in(app, aDup[k], "年生"));
  }
  shot(app, "62-three-same-names");
  tap(app, "letter:W", 0);
  tap(app, "letter:A", 0);
  MUST(ui_find(&app->ui, "member:RR0049"));
  shot(app, "63-long-dot-names");
  /* the surnames, 欧阳 as one */
  tap(app, "surname", 0);
  MUST(!strcmp(app->ui.screen, "surname"));
  CHECK(ui_find(&app->ui, "surname:欧阳") || ui_find(&app->ui, "page:next"));
  shot(app, "64-surnames");
  for (int i = 0; i < 5 && !ui_find(&app->ui, "surname:欧阳"); i++) tap(app, "page:next", 0);
  MUST(ui_find(&app->ui, "surname:欧阳"));
  tap(app, "surname:欧阳", 0);
  CHECK(ui_find(&app->ui, "member:RR0051") && ui_find(&app->ui, "member:RR0052"));
  shot(app, "65-surname-ouyang");
  tap(app, "surname:other", 0);
  tap(app, "surname:王", 0);
  for (int i = 0; i < 5 && !ui_find(&app->ui, aDup[2]); i++) tap(app, "page:next", 0);
  MUST(ui_find(&app->ui, aDup[2]));
  CHECK(text_in(app, aDup[2], "年生"));
  shot(app, "66-surname-wang");
  /* the keypad's big match keeps the same-name line inside too */
  tap(app, "nav:back", 0);
  tap(app, "keypad", 0);
  for (const char *p = "8847"; *p; p++) {
    char id[8] = "key:x";
    id[4] = *p;
    tap(app, id, 0);
  }
  MUST(ui_find(&app->ui, aDup[1]));
  CHECK(text_in(app, aDup[1], "1962年生"));
  shot(app, "67-keypad-same-name");
  /* the confirmation shows the face beside the mark */
  tap(app, aDup[1], 0);
  MUST(!strcmp(app->ui.screen, "confirm") && confirm_last()->ok);
  shot(app, "68-confirm-photo");
  app_destroy(app);
  util_set_clock(-1);
}

/* The lines of file zPath (up to nMax, each up to 1023 bytes) into az;
 * returns how many. */
static int read_lines(const char *zPath, char az[][1024], int nMax) {
  FILE *f = fopen(zPath, "r");
  int n = 0;
  while (f && n < nMax && fgets(az[n], 1024, f)) {
    az[n][strcspn(az[n], "\n")] = 0;
    n++;
  }
  if (f) fclose(f);
  return n;
}

/* 朗读 with a speech program that fails (no sound device): the page never
 * moves, the screen says so and 朗读 is no longer offered; one that fails
 * from the start is found by the probe. Then a notice whose paragraphs look
 * like espeak-ng options: each reaches the program after "--". */
static void run_speech(int w, int h) {
  char dir[600], dbPath[700], err[512];
  App *app = fresh_app(w, h, "speech.db", dir, dbPath);
  snprintf(gSayLog, sizeof gSayLog, "%s/speech-said.txt", dir);
  remove(gSayLog);
  setenv("KIOSK_FAKE_SAY_LOG", gSayLog, 1);
  setenv("KIOSK_FAKE_SAY_SECONDS", "0.05", 1);
  unsetenv("KIOSK_FAKE_SAY_FAIL");
  voice_destroy(app->reader);
  app->reader = voice_create(1, gFakeSay); /* its probe succeeds */
  MUST(app->reader);
  pump(app);
  tap(app, "notices", 1);
  tap(app, "cat:3", 0);
  tap(app, first_id(app, "notice:"), 0);
  MUST(!strcmp(app->ui.screen, "notice"));
  CHECK(has_text(app, "第 1 /") && ui_find(&app->ui, "page:next") != NULL); /* pages to race through */
  MUST(ui_find(&app->ui, "read") != NULL);
  /* the sound device is gone now: the sentence "ends" at once, unspoken */
  setenv("KIOSK_FAKE_SAY_FAIL", "1", 1);
  tap(app, "read", 0);
  for (int i = 0; i < 1200 && ui_find(&app->ui, "stop"); i++) run_for(app, 50); /* up to 60 s */
  run_for(app, 1000); /* time enough to race to the last page, were it to */
  CHECK(!ui_find(&app->ui, "stop"));
  CHECK(has_text(app, "第 1 /")); /* the page did not move */
  CHECK(said("关于六十岁以上老党员") == 1 && said("各村民小组党员") == 0); /* the title tried, once; no more */
  CHECK(has_text(app, str(S_READ_NO_SOUND)));
  CHECK(!ui_find(&app->ui, "read")); /* not offered while it fails */
  CHECK(!voice_available(app->reader));
  shot(app, "50-notice-no-sound");
  tap(app, "page:next", 0); /* any tap clears the banner; the pager still works */
  CHECK(!has_text(app, str(S_READ_NO_SOUND)) && has_text(app, "第 2 /"));
  /* a program that fails from the start (either way): found by the probe,
   * before anyone taps 朗读 */
  static const char *const azFail[] = {"1", "exit"};
  for (int k = 0; k < 2; k++) {
    setenv("KIOSK_FAKE_SAY_FAIL", azFail[k], 1);
    voice_destroy(app->reader);
    app->reader = voice_create(1, gFakeSay);
    MUST(app->reader);
    for (int i = 0; i < 1200 && voice_available(app->reader); i++) run_for(app, 50);
    CHECK(!voice_available(app->reader));
    tap(app, "nav:back", 0);
    tap(app, first_id(app, "notice:"), 0);
    CHECK(!strcmp(app->ui.screen, "notice") && !ui_find(&app->ui, "read"));
  }
  unsetenv("KIOSK_FAKE_SAY_FAIL");

  /* text that looks like options: after "--", nothing else */
  char argvLog[700], wav[700], body[2048];
  snprintf(argvLog, sizeof argvLog, "%s/speech-argv.txt", dir);
  snprintf(wav, sizeof wav, "%s/written.wav", dir);
  remove(argvLog);
  remove(wav);
  setenv("KIOSK_FAKE_SAY_ARGV", argvLog, 1);
  snprintf(body, sizeof body, "-f/etc/hostname\n\n-w %s\n\n--help\n\n-- -v en 好", wav);
  NoticeNew nn = {.category = NOTICE_CAT_POLICY, .title = "-f/etc/passwd", .body = body, .source = "village"};
  NoticeInfo info;
  MUST(notice_add(app->db, &nn, &info, err, sizeof err) == 0);
  voice_destroy(app->reader);
  app->reader = voice_create(1, gFakeSay);
  MUST(app->reader);
  notice_reader_open(app, &info);
  app_go(app, SCR_NOTICE);
  pump(app);
  MUST(ui_find(&app->ui, "read") != NULL);
  tap(app, "read", 0);
  for (int i = 0; i < 1200 && ui_find(&app->ui, "stop"); i++) run_for(app, 50);
  CHECK(!ui_find(&app->ui, "stop"));
  static char aLine[32][1024];
  int n = read_lines(argvLog, aLine, 32);
  CHECK(n >= 6); /* the probe, the title, the date line and four paragraphs */
  int sawHelp = 0;
  for (int i = 0; i < n; i++) {
    /* exactly two arguments (this fake has no options): "--", then the text */
    const char *z = aLine[i];
    int ok = !strncmp(z, "<--><", 5) && z[strlen(z) - 1] == '>' && !strstr(z + 5, "><");
    if (!ok) { fprintf(stderr, "speech argv: %s\n", z); gFailures++; }
    sawHelp += strstr(z, "<--><help>") != NULL;
  }
  CHECK(sawHelp == 1);
  CHECK(access(wav, F_OK) != 0);
  unsetenv("KIOSK_FAKE_SAY_ARGV");
  app_destroy(app);
  unsetenv("KIOSK_FAKE_SAY_SECONDS");
  util_set_clock(-1);
}

int main(int argc, char **argv) {
  if (argc != 5) { fprintf(stderr, "usage: test_ui KIOSK_CONF OUT_DIR FAKE_SAY ROSTER_CSV\n"); return 2; }
  gConf = argv[1];
  gOut = argv[2];
  gFakeSay = argv[3];
  gRoster = argv[4];
  mkdir(gOut, 0755);
  setenv("SDL_VIDEODRIVER", "offscreen", 1);

  /* the palette: every pair the screens draw text in is ≥ 7:1 */
  const struct { Color fg, bg; const char *name; } aPair[] = {
    {COL_TEXT, COL_BG, "text/bg"},          {COL_MUTED, COL_BG, "muted/bg"},
    {COL_TEXT, COL_TILE, "text/tile"},      {COL_MUTED, COL_TILE, "muted/tile"},
    {COL_ON_BAR, COL_BAR, "bar"},           {COL_ON_PRIMARY, COL_PRIMARY, "primary"},
    {COL_ON_PRESSED, COL_PRESSED, "pressed"}, {COL_ON_SELECTED, COL_SELECTED, "selected"},
    {COL_ON_BANNER, COL_BANNER, "banner"},  {COL_OK, COL_BG, "ok/bg"},
    {COL_INFO, COL_BG, "info/bg"},          {COL_ERR, COL_BG, "err/bg"},
    {COL_ON_PRIMARY, COL_OK, "mark ok"},    {COL_ON_PRIMARY, COL_INFO, "mark info"},
    {COL_ON_PRIMARY, COL_ERR, "mark err"},
  };
  for (size_t i = 0; i < sizeof aPair / sizeof aPair[0]; i++) {
    double c = theme_contrast(aPair[i].fg, aPair[i].bg);
    if (c < 7.0) { fprintf(stderr, "contrast %s is %.2f:1, under 7:1\n", aPair[i].name, c); gFailures++; }
  }
  CHECK(theme_contrast(COL_TEXT, COL_TEXT) < 1.01); /* the check itself can fail */

  static const int aSize[][2] = {{1920, 1080}, {1366, 768}, {1080, 1920}};
  for (size_t i = 0; i < sizeof aSize / sizeof aSize[0]; i++) {
    /* the last size runs as a machine with no audio device */
    int haveAudio = i < 2;
    setenv("SDL_AUDIODRIVER", haveAudio ? "dummy" : "no-such-driver", 1);
    MUST(SDL_Init(SDL_INIT_VIDEO) == 0);
    run_size(aSize[i][0], aSize[i][1], haveAudio);
    run_services(aSize[i][0], aSize[i][1]);
    if (i != 1) run_speech(aSize[i][0], aSize[i][1]);
    run_roster(aSize[i][0], aSize[i][1]);
    SDL_Quit();
  }
  printf("%d screenshots in %s, %d failures\n", gShots, gOut, gFailures);
  return gFailures ? 1 : 0;
}
