/* app: the kiosk's state, its screens and its event loop.
 *
 * The loop waits (SDL_WaitEventTimeout) until the earliest deadline — the
 * clock's next minute on the home screen, the next second of a countdown, the
 * idle reset, the confirmation's return home — drains the events, and draws
 * a frame only when something changed. Idle costs nothing.
 *
 * Input has one path: mouse buttons and fingers both become press / release
 * at window coordinates (touch-generated mouse events are dropped so one tap
 * is never handled twice). A press paints the widget pressed at once; the
 * release on the same widget activates it. */
#ifndef KIOSK_APP_H
#define KIOSK_APP_H
#include "activity.h"
#include "admin.h"
#include "checkin.h"
#include "config.h"
#include "finder.h"
#include "keypair.h"
#include "notice.h"
#include "record.h"
#include "volunteer.h"
#include "qrcard.h"
#include "scanbuf.h"
#include "db.h"
#include "roster.h"
#include "sound.h"
#include "ui.h"
#include "voice.h"
#include "model.h"
#include "worker.h"
#include "waiter.h"
#include <SDL.h>
#include <stdio.h>

/* SCR_HOME, SCR_CHOOSE ... in the order of screens.def */
typedef enum {
#define SCREEN(ID, name) SCR_##ID,
#include "screens.def"
#undef SCREEN
  SCR_COUNT
} ScreenId;

/* What finding yourself (the name grid, the keypad, a scanned card) is for. */
typedef enum { PURPOSE_CHECKIN, PURPOSE_VOLUNTEER, PURPOSE_RECORD } Purpose;

/* How a volunteer action ended, for the answer screen. */
typedef enum { VOLDONE_LOGGED, VOLDONE_STARTED, VOLDONE_ENDED, VOLDONE_TOO_SHORT, VOLDONE_FAILED } VolDone;

typedef struct App App;

/* A screen is a module with one job, and its own state (static in its
 * file). Every screen has a name, draw and back; the rest may be NULL. */
typedef struct {
  const char *name;             /* as in --ui-dump */
  ScreenId back;                /* where 返回 leads */
  void (*enter)(App *app);
  void (*draw)(App *app, Ui *ui);
  void (*tap)(App *app, const char *zId);
  /* ms (app clock) of the screen's own next deadline, or 0 for none */
  Uint64 (*deadline)(App *app);
  /* called when that deadline passes */
  void (*expire)(App *app);
  /* called when the kiosk leaves the screen (may be NULL) */
  void (*leave)(App *app);
  /* called when a sentence read aloud ends (voice_say's number; may be NULL) */
  void (*spoken)(App *app, Sint32 seq);
} Screen;

#define SCREEN(ID, name) extern const Screen screen_##name;
#include "screens.def"
#undef SCREEN

/* The screen s (never NULL for s in [0, SCR_COUNT)), for tests. */
const Screen *app_screen(ScreenId s);

/* The widget held for ADMIN_HOLD_MS to open the admin PIN screen. */
#define ADMIN_CORNER_ID "admin:corner"
#define ADMIN_HOLD_MS 3000

struct App {
  Config cfg;
  Db *db;
  SDL_Window *win;
  SDL_Renderer *ren;
  Ui ui;
  int screenW, screenH;         /* full display resolution, for millimetres */
  ScreenId cur;
  int dirty, quit, windowed;
  int wantFullscreen;           /* go fullscreen after the first frame */
  Uint64 enteredAt, lastInput;  /* app clock, ms */
  Uint64 screenDue;             /* the screen's deadline as it stood after the last pass (0: none) */
  int idleShown;                /* the idle countdown's number on screen, 0 when it is not shown */
  Uint64 clockOffset;           /* tests move time forward */
  Uint64 clockStopped;          /* tests: when nonzero, the SDL ticks the app clock stands at (it moves by clockOffset only) */
  int fingerDown;               /* a finger is down: other fingers are ignored */
  SDL_FingerID finger;
  Uint64 pressedAt;             /* app clock when the widget now pressed was pressed */
  char dumpPath[512];
  KeyPair kp;                   /* verifies (and signs) QR member cards */
  ScanBuf scan;                 /* a keyboard-wedge scanner's keystrokes */
  Sound *sound;                 /* tones; silent without a device */
  Voice *voice;                 /* speech through espeak-ng, when enabled */
  Voice *reader;                /* reads notices and summaries aloud (朗读), when enabled */
  FILE *latencyLog;             /* KIOSK_LATENCY_LOG: "input_ms present_ms" per input frame */
  Uint32 pendingInputTs;        /* SDL timestamp of the input the next frame answers */
  Uint64 t0ns;                  /* KIOSK_T0_NS: exec time, for the start-up benchmark */
  int exitAfterFirstFrame, framesPresented;

  /* what the screens show (the roster, today's activities, the stick ...):
   * read it, and refresh it only through model_* (model.h) */
  Model model;
  Worker *worker;               /* the one thread for slow work: sticks, export, LAN */
  Waiter *waiter;               /* the idle sleep, also on drivers without a blocking wait */
  Uint64 watchdogMs;            /* systemd's WatchdogSec (0: none): fed every half of it */
  Uint64 watchdogFed;           /* app clock when it was last fed */
};

typedef struct {
  const char *zConfig;          /* kiosk.conf path */
  const char *zDb;              /* overrides the config's database, or NULL */
  const char *zDump;            /* --ui-dump path, or NULL */
  int windowed;                 /* --windowed */
  int width, height;            /* window size override (0: config) */
} AppOptions;

/* Creates the window and renderer, opens the database (loading the demo
 * village into an empty one when kiosk.conf says demo = true) and shows the
 * home screen. Returns 0, or -1 with an English message. *pp is destroyed
 * with app_destroy(). */
int app_create(App **pp, const AppOptions *o, char *zErr, int nErr);
void app_destroy(App *app);
/* Runs until quit. */
int app_run(App *app);
/* Handles pending events, passes deadlines and draws if needed, waiting at
 * most waitMs for a first event. For tests and the run loop. */
void app_pump(App *app, int waitMs);
/* Handles one event. */
void app_event(App *app, const SDL_Event *e);

/* Navigation and services the screens use. */
Uint64 app_now(const App *app);
/* The lockouts' clocks now (the PIN's, the record check's). A test that
 * stops the app's clock (and moves it by hand) moves their monotonic clock
 * with it. */
AdminClock app_admin_clock(const App *app);
void app_go(App *app, ScreenId s);
/* Checks zMemberNo in (zMethod: CHECKIN_METHOD_TAP, _KEYPAD ...) and shows
 * the confirmation (or the failure). */
void app_checkin(App *app, const char *zMemberNo, const char *zMethod);
/* A member was found (tapped, typed, or scanned) for the finder's purpose:
 * checks them in, or opens their volunteering or their record. */
void app_member_chosen(App *app, const char *zMemberNo, const char *zMethod);
/* Draws a pager bar in r: 上一页 (page:prev) at the left, "第 p / n 页" in
 * the middle, 下一页 (page:next) at the right, each only when it leads
 * somewhere. */
void app_pager(App *app, Ui *ui, Rect r, int page, int pages);
/* The largest size in [minPx, px] at which z fits maxW; if none does, z is
 * shortened with "…" to fit at minPx. The text to draw goes to zOut. */
int app_fit_or_cut(Ui *ui, const char *z, int px, int minPx, TextStyle st, int maxW, char *zOut, size_t nOut);
/* The height of one rendered line of text at px. */
int app_line_h(Ui *ui, int px, TextStyle st);
/* Draws the one big mark (check or exclamation) and up to three centred
 * lines below it, for answer screens; returns the y after the last line. */
int app_answer(App *app, Ui *ui, Rect content, int ok, Color mark, const char *zTitle, const char *zLine1,
               const char *zLine2);
/* Draws "N 秒后回到首页" at the foot, for screens that go home by themselves
 * (N counts down each second: app_return_deadline). */
void app_return_note(App *app, Ui *ui);
/* The next moment (app clock) a countdown to end shows a new number: the
 * next whole second before end, or end itself once it has passed (a due
 * deadline is a time already past). */
Uint64 app_countdown_deadline(const App *app, Uint64 end);
/* Seconds left to end, rounded up, as a countdown shows them (0 at end). */
int app_countdown_left(const App *app, Uint64 end);
/* The deadline and expiry of such screens: every second, then home. */
Uint64 app_return_deadline(App *app);
void app_return_expire(App *app);
/* The name of group g (an index in the model's groups), or NULL for g < 0
 * (all) or out of range. */
const char *app_group_name(const App *app, int g);
/* Draws a member's name tile (name, and group / birth year to tell two
 * alike apart) as widget "member:<number>". */
void app_member_tile(App *app, Ui *ui, int iMember, Rect r);
/* Member iMember's photo as a texture that fits side x side (its size in
 * *pW, *pH), or NULL when they have none or it cannot be shown. The texture
 * belongs to a cache: do not free it; it lives until app_photo_clear(). */
SDL_Texture *app_photo(App *app, int iMember, int side, int *pW, int *pH);
/* Frees the cached photo textures (app_destroy, before the renderer goes). */
void app_photo_clear(void);
/* The same with the name up to namePx (the keypad's big match). */
void app_member_tile_px(App *app, Ui *ui, int iMember, Rect r, int namePx);
/* A group's short form for a narrow place: "村民小组" / "居民小组" / "小组"
 * at the end become "组", and what stands before "第" goes
 * (东风村第十二村民小组 -> 第十二组) unless another of the roster's groups
 * would then read the same. Other names are copied as they are. */
void app_group_short(const App *app, const char *zGroup, char *zOut, size_t n);
/* A scanned card payload: checks the member in to the activity under way
 * (method scan), or refuses the card, and shows the answer. */
void app_scan(App *app, const char *zPayload);
/* Why a card was refused, in words for the screen. */
const char *app_card_reason(QrCardResult r);
/* What a member whose card was refused can do now, in words. */
const char *app_card_next(QrCardResult r);
enum { EVENT_NEW, EVENT_ALREADY, EVENT_REFUSED };
/* Event mode's answer to one scan (see screen_event.c). */
void event_scan(App *app, const char *zPayload);
/* "今天" / "昨天" / "前天" and the date ("11月25日") of the day back days ago. */
void app_vol_day_text(int back, char *zName, size_t nName, char *zDate, size_t nDate);
/* Opens notice n for reading on screen_notice (counts a view). */
void notice_reader_open(App *app, const NoticeInfo *n);
/* The reader's text size goes back to 大字 (when the kiosk goes home). */
void notice_reset_size(void);
/* Draws the 3×4 digit pad (ids key:0..key:9, key:clear, key:del) in pad,
 * keys of keyW×keyH. A pad that is not enabled is drawn greyed and
 * registers no widgets: nothing on it can be pressed or tapped. */
void app_digit_pad(App *app, Ui *ui, Rect pad, int keyW, int keyH, int enabled);
/* Applies digit key zId to the digits typed so far in zDigits (nDigits
 * bytes; at most maxLen digits); returns 1 if zId was a digit key. */
int app_digit_key(App *app, const char *zId, char *zDigits, size_t nDigits, int maxLen);
/* Six boxes of side box centred on the screen at y, the first nFilled with
 * a dot: a PIN as it is typed (the digits are never shown). */
void app_pin_boxes(App *app, Ui *ui, int y, int box, int nFilled);
/* Handles a model event (model.h) from the worker: refreshes what the
 * change touched, and shows the stick screen when a stick came and nobody
 * is in the middle of something. Frees the event's payload. */
void app_model_event(App *app, const SDL_Event *e);
/* Draws the shared top bar: 返回 left, title centred, 首页 right. Returns
 * the content rectangle below it. */
Rect app_chrome(App *app, Ui *ui, const char *zTitle);
/* Saves the current frame as PNG (for tests). Returns 0 or -1. */
int app_screenshot(App *app, const char *zPath);
#endif
