/* app: see app.h. */
#include "app.h"
#include "screens.h"
#include "demo.h"
#include "container.h"
#include "result.h"
#include "package.h"
#include "sync.h"
#include "strings.h"
#include "util.h"
#include "setup.h"
#include <SDL_image.h>
#include <systemd/sd-daemon.h>
#include <SDL_ttf.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Presses within this long of a screen change are ignored: a shaky second
 * tap must not land on the new screen. */
#define TAP_GUARD_MS 350

/* indexed by ScreenId, made from screens.def (tests/ui/test_screens.c
 * checks every entry is there and whole) */
static const Screen *const aScreen[SCR_COUNT] = {
#define SCREEN(ID, name) [SCR_##ID] = &screen_##name,
#include "screens.def"
#undef SCREEN
};

const Screen *app_screen(ScreenId s) { return s >= 0 && s < SCR_COUNT ? aScreen[s] : NULL; }

Uint64 app_now(const App *app) {
  return (app->clockStopped ? app->clockStopped : SDL_GetTicks64()) + app->clockOffset;
}

AdminClock app_admin_clock(const App *app) {
  AdminClock now;
  admin_clock_now(&now);
  if (app->clockStopped) now.monoMs = (int64_t)app_now(app);
  return now;
}

static Uint64 mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (Uint64)ts.tv_sec * 1000000000ull + (Uint64)ts.tv_nsec;
}

/* With KIOSK_T0_NS set (bench/launch), start-up phases are reported on
 * stderr as "phase NAME ms-since-exec", for the start-up benchmark. */
static void trace(const App *app, const char *zPhase) {
  if (app->t0ns) fprintf(stderr, "phase %s %.2f\n", zPhase, (mono_ns() - app->t0ns) / 1e6);
}

void app_go(App *app, ScreenId s) {
  if (s == SCR_HOME && event_locked()) s = SCR_EVENT; /* the scan station is left only through the PIN */
  /* someone is using the kiosk: have the speaker ready before they tap a
   * name; at rest on the home screen, let it sleep */
  if (s == SCR_HOME) sound_rest(app->sound);
  else sound_wake(app->sound);
  if (s != app->cur) {
    voice_stop(app->reader); /* whatever was being read aloud belongs to the screen being left */
    if (aScreen[app->cur]->leave) aScreen[app->cur]->leave(app);
  }
  app->cur = s;
  app->enteredAt = app->lastInput = app_now(app);
  app->ui.pressed[0] = 0;
  if (aScreen[s]->enter) aScreen[s]->enter(app);
  app->screenDue = aScreen[s]->deadline ? aScreen[s]->deadline(app) : 0;
  app->dirty = 1;
  /* a stick that came while someone was busy shows once they are done */
  if (s == SCR_HOME && app->model.usbPending && app->model.stick[0]) {
    app->model.usbPending = 0;
    app_go(app, SCR_USB);
  }
}

/* Why a township file was not used, in words: by the core's code, never
 * by its English message. */
static StringId refusal(int rc) {
  switch (rc) {
  case KR_BAD_SIGNATURE:
  case KR_UNTRUSTED:
  case KR_OTHER_TOWNSHIP: return S_REFUSE_SIGNATURE;
  case KR_NOT_NEWER: return S_REFUSE_OLD;
  case KR_EXPIRED: return S_REFUSE_EXPIRED;
  case KR_MALFORMED:
  case KR_TOO_LARGE: return S_REFUSE_BROKEN;
  default: return S_REFUSE_OTHER;
  }
}

/* The stick screen's lines for what the worker did with a stick's files. */
static void stick_lines(Model *m, const StickReport *r) {
  m->nUsbLines = 0;
  for (int i = 0; i < r->nFile && m->nUsbLines < MODEL_USB_LINES; i++) {
    const StickFile *f = &r->aFile[i];
    char *line = m->usbLines[m->nUsbLines];
    if (f->rc) {
      if (f->rc == KR_NOT_NEWER) continue; /* an old package still on the stick: nothing to say */
      snprintf(line, sizeof m->usbLines[0], str(S_USB_REFUSED_FMT), f->name, str(refusal(f->rc)));
    } else if (f->applied.kind == CONTAINER_PACKAGE) {
      snprintf(line, sizeof m->usbLines[0], str(S_USB_APPLIED_PKG_FMT), (long long)f->applied.version,
               f->applied.notices, f->applied.members, f->applied.activities);
    } else if (f->applied.acked > f->applied.ackedBefore) {
      snprintf(line, sizeof m->usbLines[0], str(S_USB_APPLIED_ACK_FMT), (long long)f->applied.acked);
    } else continue;
    m->nUsbLines++;
  }
}

/* The stick screen now, or once whoever is using the kiosk is done. */
static void show_stick(App *app) {
  if (app->cur == SCR_SETUP) return; /* the setup screen reads the stick itself */
  if (app->cur == SCR_HOME || app->cur == SCR_ADMIN || app->cur == SCR_USB) app_go(app, SCR_USB);
  else app->model.usbPending = 1;
}

void app_model_event(App *app, const SDL_Event *e) {
  Model *m = &app->model;
  const char *z = e->user.data1;
  switch (e->user.code) {
  case MODEL_ROSTER_CHANGED:
    model_reload_roster(m, app->db);
    break;
  case MODEL_PACKAGE_APPLIED: /* notices, the calendar, categories, rules: read what shows again */
    /* today's activity only at rest: a member in the middle of checking in
     * keeps the one they chose (the home screen reads it again on entry) */
    if (app->cur == SCR_HOME) model_refresh_activity(m, app->db);
    model_refresh_attendance(m, app->db);
    model_refresh_categories(m, app->db, app->cfg.volCategories);
    break;
  case MODEL_ACK_APPLIED:
  case MODEL_SYNC_DONE: break; /* the admin board's sync line is read as it is drawn */
  case MODEL_STICK_IN:
    util_strlcpy(m->stick, z ? z : "", sizeof m->stick);
    m->stickState = STICK_READING;
    m->nUsbLines = 0;
    show_stick(app);
    break;
  case MODEL_STICK_OUT:
    if (z && !strcmp(z, m->stick)) {
      m->stick[0] = 0;
      m->stickState = STICK_NONE;
      m->usbPending = 0;
    }
    break;
  case MODEL_STICK_READ:
    if (z && !strcmp(((const StickReport *)z)->stick, m->stick)) {
      stick_lines(m, (const StickReport *)z);
      m->stickState = STICK_READ;
    }
    break;
  case MODEL_EXPORT_DONE: {
    const ExportReport *r = (const ExportReport *)z;
    if (!r || r->seq != m->exportSeq || m->exportState != EXPORT_WORKING) break; /* an abandoned one's */
    m->exportState = r->ok ? EXPORT_DONE : EXPORT_FAILED;
    m->exportRecords = r->records;
    m->exportEjected = r->ejected;
    m->exportThread = r->thread;
    sound_play(app->sound, r->ok ? TONE_OK : TONE_REFUSED);
    if (app->cur == SCR_USB_EXPORT) app->enteredAt = app_now(app); /* the answer stays its full time */
    break;
  }
  default: break;
  }
  app->dirty = 1;
  model_event_free(e);
}

void app_checkin(App *app, const char *zMemberNo, const char *zMethod) {
  Confirmation c = {.card = QRCARD_OK, .code = -1};
  if (!app->model.haveAct) {
    util_strlcpy(c.err, "no activity today", sizeof c.err);
  } else if ((c.code = checkin_record(app->db, app->model.act.id, zMemberNo, zMethod, NULL, &c.rec, c.err,
                                      sizeof c.err)) == 0) {
    c.ok = 1; /* committed: only now may the screen say so */
  } else {
    SDL_Log("check-in failed: %s", c.err);
  }
  sound_play(app->sound, c.ok ? TONE_OK : TONE_REFUSED);
  char say[256], name[160];
  speech_name(c.rec.member.name, name, sizeof name); /* 单 read as Shàn */
  if (!c.ok) util_strlcpy(say, str(S_SAY_FAILED), sizeof say);
  else snprintf(say, sizeof say, str(c.rec.outcome == CHECKIN_ALREADY ? S_SAY_ALREADY_FMT : S_SAY_OK_FMT), name);
  voice_say(app->voice, say);
  confirm_show(app, &c);
}

void app_member_chosen(App *app, const char *zMemberNo, const char *zMethod) {
  Purpose p = find_purpose();
  if (p == PURPOSE_CHECKIN) { app_checkin(app, zMemberNo, zMethod); return; }
  Member who;
  if (roster_get(app->db, zMemberNo, &who) != 0) return;
  if (p == PURPOSE_RECORD && app->cfg.recordCheck && strcmp(zMethod, "scan")) {
    record_verify_ask(app, &who); /* a record is its member's: a card, or the phone's last 4, first */
    return;
  }
  if (p == PURPOSE_RECORD && !strcmp(zMethod, "scan")) { /* their card: wrong phone digits before no longer count */
    AdminClock now = app_admin_clock(app);
    admin_phone_clear(app->db, who.memberNo, &now);
  }
  find_set_member(&who);
  app_go(app, p == PURPOSE_VOLUNTEER ? SCR_VOLUNTEER : SCR_RECORD);
}

void app_scan(App *app, const char *zPayload) {
  if (app->cur == SCR_EVENT || event_locked()) { /* the station answers in place */
    if (app->cur != SCR_EVENT) app_go(app, SCR_EVENT);
    event_scan(app, zPayload);
    return;
  }
  Member m;
  char no[24];
  QrCardResult r = qrcard_verify(app->db, app->kp.pk, app->cfg.cardIssuer, zPayload, &m, no);
  int finding = app->cur == SCR_CHECKIN || app->cur == SCR_KEYPAD || app->cur == SCR_SURNAME || app->cur == SCR_RECORD_VERIFY;
  if (r == QRCARD_OK && finding && find_purpose() != PURPOSE_CHECKIN) {
    /* the card says who is volunteering or wants their record */
    sound_play(app->sound, TONE_OK);
    app_member_chosen(app, m.memberNo, "scan");
    return;
  }
  if (r != QRCARD_OK) {
    qrcard_record_refusal(app->db, zPayload, r, no);
    SDL_Log("card refused: %s", qrcard_reason_en(r));
    Confirmation c = {.card = r, .code = -1};
    util_strlcpy(c.err, qrcard_reason_en(r), sizeof c.err);
    sound_play(app->sound, TONE_REFUSED);
    confirm_show(app, &c);
    return;
  }
  /* the activity under way now; with several open, the one the member chose
   * if they are on its grid, else the one under way */
  int chosen = finding;
  find_set_purpose(PURPOSE_CHECKIN);
  Activity keep = app->model.act;
  model_refresh_activity(&app->model, app->db);
  if (chosen && app->model.actState == ACT_CHOOSE) app->model.act = keep;
  else if (app->model.actState == ACT_CHOOSE) checkin_default_activity(app->db, &app->model.act);
  app_checkin(app, m.memberNo, "scan");
}

const char *app_card_reason(QrCardResult r) {
  static const StringId aCard[] = {
    [QRCARD_OK] = S_CHECKIN_OK, [QRCARD_MALFORMED] = S_CARD_MALFORMED, [QRCARD_WRONG_ISSUER] = S_CARD_WRONG_ISSUER,
    [QRCARD_FORGED] = S_CARD_FORGED, [QRCARD_UNKNOWN_MEMBER] = S_CARD_UNKNOWN_MEMBER,
    [QRCARD_UNKNOWN_CARD] = S_CARD_UNKNOWN_CARD, [QRCARD_REVOKED] = S_CARD_REVOKED, [QRCARD_ERROR] = S_SAVE_FAILED_HINT,
  };
  return str(r >= QRCARD_OK && r <= QRCARD_ERROR ? aCard[r] : S_SAVE_FAILED_HINT);
}

const char *app_card_next(QrCardResult r) {
  switch (r) {
  case QRCARD_MALFORMED: return str(S_NEXT_SCAN_AGAIN);
  case QRCARD_REVOKED: return str(S_NEXT_NEW_CARD);
  case QRCARD_UNKNOWN_MEMBER: return str(S_NEXT_ASK_ROSTER);
  case QRCARD_WRONG_ISSUER: return str(S_NEXT_BY_NAME);
  default: return str(S_NEXT_CARD_ERROR);
  }
}

const char *app_group_name(const App *app, int g) {
  return g >= 0 && g < app->model.nGroup ? app->model.azGroup[g] : NULL;
}

int app_fit_or_cut(Ui *ui, const char *z, int px, int minPx, TextStyle st, int maxW, char *zOut, size_t nOut) {
  util_strlcpy(zOut, z, nOut);
  int fit = text_fit(ui->text, zOut, px, minPx, st, maxW);
  while (!fit && util_utf8_count(zOut) > 2) { /* too long even at minPx: end it with "…" */
    char *end = zOut + strlen(zOut);
    if (strlen(zOut) >= 3 && !strcmp(end - 3, "…")) end -= 3;
    do end--; while (end > zOut && (*end & 0xC0) == 0x80);
    if ((size_t)(end - zOut) + 4 > nOut) break;
    strcpy(end, "…");
    fit = text_fit(ui->text, zOut, minPx, minPx, st, maxW);
  }
  return fit ? fit : minPx;
}

Rect app_chrome(App *app, Ui *ui, const char *zTitle) {
  const Metrics *m = &ui->m;
  ui_fill(ui, (Rect){0, 0, m->w, m->topBar}, COL_BAR);
  int bh = m->topBar - m->gap;
  Rect back = {m->margin / 2, (m->topBar - bh) / 2, m->navW, bh};
  Rect home = {m->w - m->margin / 2 - m->navW, back.y, m->navW, bh};
  ui_button(ui, "nav:back", str(S_BACK), back, BTN_NAV, m->title);
  ui_button(ui, "nav:home", str(S_HOME), home, BTN_NAV, m->title);
  Rect title = {back.x + back.w + m->gap, 0, home.x - back.x - back.w - 2 * m->gap, m->topBar};
  char cut[256];
  int px = app_fit_or_cut(ui, zTitle, m->title, m->body, STYLE_BOLD, title.w, cut, sizeof cut);
  ui_text_in(ui, cut, title, px, STYLE_BOLD, COL_ON_BAR, ALIGN_CENTER);
  ui->titlePx = px;
  return (Rect){0, m->topBar, m->w, m->h - m->topBar};
}

void app_pager(App *app, Ui *ui, Rect r, int page, int pages) {
  (void)app;
  const Metrics *m = &ui->m;
  int bw = r.w / 4 > m->minTap * 2 ? r.w / 4 : m->minTap * 2;
  char text[64];
  snprintf(text, sizeof text, str(S_PAGE_FMT), page + 1, pages < 1 ? 1 : pages);
  ui_text_in(ui, text, r, m->body, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
  if (page > 0) ui_button(ui, "page:prev", str(S_PREV_PAGE), (Rect){r.x, r.y, bw, r.h}, BTN_TILE, m->title);
  if (page < pages - 1)
    ui_button(ui, "page:next", str(S_NEXT_PAGE), (Rect){r.x + r.w - bw, r.y, bw, r.h}, BTN_TILE, m->title);
}

int app_line_h(Ui *ui, int px, TextStyle st) {
  int w, h;
  text_measure(ui->text, "国", px, st, &w, &h);
  return h;
}

int app_answer(App *app, Ui *ui, Rect content, int ok, Color mark, const char *zTitle, const char *zLine1,
               const char *zLine2) {
  (void)app;
  const Metrics *m = &ui->m;
  int portrait = m->h > m->w;
  int radius = (int)((portrait ? 200 : 150) * m->u);
  int cy = content.y + m->gap * 2 + radius;
  ui_disc(ui, m->w / 2, cy, radius, mark);
  if (ok) ui_check(ui, m->w / 2, cy, radius * 2, COL_ON_PRIMARY);
  else ui_bang(ui, m->w / 2, cy, radius * 2, COL_ON_PRIMARY);
  int y = cy + radius + m->gap * 2, maxW = m->w - 2 * m->margin;
  const char *az[3] = {zTitle, zLine1, zLine2};
  const int aPx[3] = {m->title, m->large, m->body};
  for (int i = 0; i < 3; i++) {
    if (!az[i] || !az[i][0]) continue;
    int px = text_fit(ui->text, az[i], aPx[i], m->small, i ? STYLE_REGULAR : STYLE_BOLD, maxW);
    ui_text(ui, az[i], m->w / 2, y, px ? px : m->small, i ? STYLE_REGULAR : STYLE_BOLD, i ? COL_TEXT : mark,
            ALIGN_CENTER);
    y += app_line_h(ui, px ? px : m->small, STYLE_BOLD) + m->gap;
  }
  return y;
}

Uint64 app_countdown_deadline(const App *app, Uint64 end) {
  Uint64 now = app_now(app);
  if (now >= end) return end; /* due: a time already past, never "now", which moves on while it is compared */
  Uint64 next = now + (end - now) % 1000;
  return next > now ? next : now + 1000;
}

int app_countdown_left(const App *app, Uint64 end) {
  Uint64 now = app_now(app);
  return end > now ? (int)((end - now + 999) / 1000) : 0;
}

void app_return_note(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  char back[64];
  snprintf(back, sizeof back, str(S_RETURN_HOME_FMT),
           app_countdown_left(app, app->enteredAt + (Uint64)app->cfg.confirmSeconds * 1000));
  ui_text(ui, back, m->w / 2, m->h - m->margin - m->body, m->body, STYLE_REGULAR, COL_MUTED, ALIGN_CENTER);
}

/* redraw each second for the countdown, and go home at the end */
Uint64 app_return_deadline(App *app) {
  return app_countdown_deadline(app, app->enteredAt + (Uint64)app->cfg.confirmSeconds * 1000);
}

void app_return_expire(App *app) {
  if (app_now(app) >= app->enteredAt + (Uint64)app->cfg.confirmSeconds * 1000) app_go(app, SCR_HOME);
  else app->dirty = 1;
}

/* ms left before the idle reset (0 once it is due, even if the wake-up came
 * late), or -1 when no reset applies. */
static Sint64 idle_left(const App *app) {
  if (app->cur == SCR_HOME || app->cur == SCR_EVENT || app->cur == SCR_SETUP) return -1; /* a scan station stays up */
  if (app->cur == SCR_USB_EXPORT && app->model.exportState == EXPORT_WORKING) return -1; /* until the stick may go */
  Sint64 left = (Sint64)(app->lastInput + (Uint64)app->cfg.idleResetSeconds * 1000) - (Sint64)app_now(app);
  return left > 0 ? left : 0;
}

/* The idle countdown's number at left ms, or 0 when it is not shown. */
static int idle_number(const App *app, Sint64 left) {
  return left < 0 || left > (Sint64)app->cfg.countdownSeconds * 1000 ? 0 : (int)((left + 999) / 1000);
}

static void draw_idle_banner(App *app, Ui *ui) {
  Sint64 left = idle_left(app);
  app->idleShown = idle_number(app, left);
  if (!app->idleShown) return;
  const Metrics *m = &ui->m;
  int h = m->title + m->body + 3 * m->gap;
  Rect r = {0, m->h - h, m->w, h};
  ui_fill(ui, r, COL_BANNER);
  char buf[96];
  snprintf(buf, sizeof buf, str(S_IDLE_FMT), app->idleShown);
  ui_text(ui, buf, m->w / 2, r.y + m->gap, m->title, STYLE_BOLD, COL_ON_BANNER, ALIGN_CENTER);
  ui_text(ui, str(S_IDLE_TOUCH), m->w / 2, r.y + m->gap * 2 + m->title, m->body, STYLE_REGULAR, COL_ON_BANNER,
          ALIGN_CENTER);
}

static void layout(App *app) {
  int w, h;
  SDL_GetRendererOutputSize(app->ren, &w, &h);
  int sw = app->screenW > 0 ? app->screenW : w, sh = app->screenH > 0 ? app->screenH : h;
  theme_metrics(&app->ui.m, w, h, sw, sh, app->cfg.diagonalInch);
  app->dirty = 1;
}

static void render(App *app) {
  Ui *ui = &app->ui;
  const Screen *s = aScreen[app->cur];
  ui_begin(ui, s->name);
  SDL_SetRenderDrawColor(app->ren, COL_BG.r, COL_BG.g, COL_BG.b, 255);
  SDL_RenderClear(app->ren);
  s->draw(app, ui);
  draw_idle_banner(app, ui);
  SDL_RenderPresent(app->ren);
  app->framesPresented++;
  app->dirty = 0;
  if (app->latencyLog && app->pendingInputTs) {
    /* input, present and (when this input sounded a tone) tone times, ms */
    Uint64 toneAt;
    int tone = sound_last(app->sound, &toneAt);
    long long t = tone >= 0 && toneAt >= app->pendingInputTs ? (long long)toneAt : -1;
    fprintf(app->latencyLog, "%u %u %lld\n", app->pendingInputTs, SDL_GetTicks(), t);
    fflush(app->latencyLog);
  }
  app->pendingInputTs = 0;
  if (app->framesPresented == 1 && app->t0ns) fprintf(stderr, "first_frame_ms=%.2f\n", (mono_ns() - app->t0ns) / 1e6);
  if (app->framesPresented == 1) sd_notify(0, "READY=1"); /* systemd: up (a no-op outside a notify unit) */
  if (app->wantFullscreen && !app->exitAfterFirstFrame) {
    app->wantFullscreen = 0;
    SDL_SetWindowFullscreen(app->win, SDL_WINDOW_FULLSCREEN_DESKTOP);
  }
  if (app->dumpPath[0] && ui_dump(ui, app->dumpPath)) SDL_Log("cannot write %s", app->dumpPath);
  if (app->exitAfterFirstFrame) app->quit = 1;
}

/* The next moment anything on screen changes by itself (app clock, ms). */
static Uint64 next_deadline(App *app) {
  Uint64 now = app_now(app), next = now + 3600 * 1000;
  if (app->screenDue && app->screenDue < next) next = app->screenDue;
  if (!strcmp(app->ui.pressed, ADMIN_CORNER_ID)) {
    Uint64 d = app->pressedAt + ADMIN_HOLD_MS;
    if (d < next) next = d;
    if (now + 100 < next) next = now + 100; /* the hold indicator grows */
  }
  if (app->watchdogMs && app->watchdogFed + app->watchdogMs / 2 < next) next = app->watchdogFed + app->watchdogMs / 2;
  Sint64 left = idle_left(app);
  if (left >= 0) {
    Sint64 cd = (Sint64)app->cfg.countdownSeconds * 1000;
    /* before the countdown: wake when it starts; during it: every second */
    Sint64 wake = left > cd ? left - cd : (left % 1000 ? left % 1000 : 1000);
    if (left == 0) wake = 0;
    if (now + (Uint64)wake < next) next = now + (Uint64)wake;
  }
  return next;
}

static void pass_deadlines(App *app) {
  Uint64 now = app_now(app);
  if (!strcmp(app->ui.pressed, ADMIN_CORNER_ID)) {
    if (now >= app->pressedAt + ADMIN_HOLD_MS) { app_go(app, SCR_PIN); return; } /* held long enough */
    app->dirty = 1;
  }
  Sint64 left = idle_left(app);
  if (left == 0) { app_go(app, SCR_HOME); return; }
  if (idle_number(app, left) != app->idleShown) app->dirty = 1; /* the banner comes, goes, or counts */
  /* Due: the deadline the loop waited for, as computed before the wait
   * (asked again now, a countdown names its next second, never due), or
   * the deadline as it stands now (a screen whose state made it due). */
  const Screen *s = aScreen[app->cur];
  ScreenId cur = app->cur;
  Uint64 fresh = s->deadline ? s->deadline(app) : 0;
  if (((app->screenDue && app->screenDue <= now) || (fresh && fresh <= now)) && s->expire) s->expire(app);
  if (app->cur == cur) app->screenDue = s->deadline ? s->deadline(app) : 0; /* (app_go sets a new screen's) */
}

static void press(App *app, int x, int y, Uint32 ts) {
  Uint64 now = app_now(app);
  app->lastInput = now;
  if (app->idleShown) app->dirty = 1; /* the banner goes away */
  if (now - app->enteredAt < TAP_GUARD_MS) return;
  const Widget *w = ui_hit(&app->ui, x, y, 0);
  if (w) {
    util_strlcpy(app->ui.pressed, w->id, sizeof app->ui.pressed);
    app->pressedAt = now;
    app->dirty = 1;
    if (!app->pendingInputTs) app->pendingInputTs = ts; /* the earliest input the frame answers */
  }
}

static void motion(App *app, int x, int y) {
  if (!app->ui.pressed[0]) return;
  const Widget *w = ui_hit(&app->ui, x, y, (int)(app->ui.m.pxPerMm * 4));
  if (!w || strcmp(w->id, app->ui.pressed)) {
    app->ui.pressed[0] = 0; /* slid off: no activation, and show it */
    app->dirty = 1;
  }
}

static void release(App *app, int x, int y, Uint32 ts) {
  app->lastInput = app_now(app);
  if (!app->ui.pressed[0]) return;
  char id[UI_ID_MAX];
  util_strlcpy(id, app->ui.pressed, sizeof id);
  app->ui.pressed[0] = 0;
  app->ui.taps++;
  app->dirty = 1;
  if (!app->pendingInputTs) app->pendingInputTs = ts;
  /* shaky fingers: a release a few millimetres outside still counts */
  const Widget *w = ui_hit(&app->ui, x, y, (int)(app->ui.m.pxPerMm * 4));
  if (!w || strcmp(w->id, id)) return;
  if (!strcmp(id, "nav:back")) app_go(app, aScreen[app->cur]->back);
  else if (!strcmp(id, "nav:home")) app_go(app, SCR_HOME);
  else if (aScreen[app->cur]->tap) aScreen[app->cur]->tap(app, id);
}

static void finger_xy(App *app, const SDL_TouchFingerEvent *f, int *px, int *py) {
  int w = app->ui.m.w, h = app->ui.m.h;
  int x = (int)(f->x * w), y = (int)(f->y * h);
  *px = x < 0 ? 0 : x >= w ? w - 1 : x;
  *py = y < 0 ? 0 : y >= h ? h - 1 : y;
}

void app_event(App *app, const SDL_Event *e) {
  int x, y;
  switch (e->type) {
  case SDL_QUIT: app->quit = 1; break;
  case SDL_TEXTINPUT: /* a scanner types; so might a keyboard left plugged in */
    for (const unsigned char *p = (const unsigned char *)e->text.text; *p; p++)
      scanbuf_char(&app->scan, *p, e->text.timestamp);
    break;
  case SDL_KEYDOWN:
    if (app->windowed && e->key.keysym.sym == SDLK_ESCAPE) app->quit = 1;
    else if (e->key.keysym.sym == SDLK_RETURN || e->key.keysym.sym == SDLK_KP_ENTER) {
      char code[SCANBUF_MAX];
      if (scanbuf_enter(&app->scan, e->key.timestamp, code, sizeof code)) {
        app->lastInput = app_now(app);
        if (!app->pendingInputTs) app->pendingInputTs = e->key.timestamp;
        app_scan(app, code);
      }
    }
    break;
  case SDL_MOUSEBUTTONDOWN:
    if (e->button.which != SDL_TOUCH_MOUSEID && e->button.button == SDL_BUTTON_LEFT)
      press(app, e->button.x, e->button.y, e->button.timestamp);
    break;
  case SDL_MOUSEMOTION:
    if (e->motion.which != SDL_TOUCH_MOUSEID && (e->motion.state & SDL_BUTTON_LMASK)) motion(app, e->motion.x, e->motion.y);
    break;
  case SDL_MOUSEBUTTONUP:
    if (e->button.which != SDL_TOUCH_MOUSEID && e->button.button == SDL_BUTTON_LEFT)
      release(app, e->button.x, e->button.y, e->button.timestamp);
    break;
  case SDL_FINGERDOWN:
    if (app->fingerDown) break; /* single touch only */
    app->fingerDown = 1;
    app->finger = e->tfinger.fingerId;
    finger_xy(app, &e->tfinger, &x, &y);
    press(app, x, y, e->tfinger.timestamp);
    break;
  case SDL_FINGERMOTION:
    if (app->fingerDown && e->tfinger.fingerId == app->finger) {
      finger_xy(app, &e->tfinger, &x, &y);
      motion(app, x, y);
    }
    break;
  case SDL_FINGERUP:
    if (!app->fingerDown || e->tfinger.fingerId != app->finger) break;
    app->fingerDown = 0;
    finger_xy(app, &e->tfinger, &x, &y);
    release(app, x, y, e->tfinger.timestamp);
    break;
  case SDL_WINDOWEVENT:
    if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) layout(app);
    else if (e->window.event == SDL_WINDOWEVENT_EXPOSED) app->dirty = 1;
    break;
  default:
    if (e->type == voice_event_type() && aScreen[app->cur]->spoken) aScreen[app->cur]->spoken(app, e->user.code);
    else if (e->type == model_event_type()) app_model_event(app, e);
    break;
  case SDL_RENDER_TARGETS_RESET:
  case SDL_RENDER_DEVICE_RESET: app->dirty = 1; break;
  }
}

/* Reads the next event (waiting up to waitMs when > 0), telling the scan
 * buffer when the read began: SDL stamps keys when it reads them. */
static int next_event(App *app, SDL_Event *e, int waitMs) {
  scanbuf_read(&app->scan, SDL_GetTicks());
  return waitMs > 0 ? waiter_wait(app->waiter, e, waitMs) : SDL_PollEvent(e);
}

void app_pump(App *app, int waitMs) {
  SDL_Event e;
  if (app->dirty) render(app); /* the frame answers the input before we sleep */
  int got = next_event(app, &e, waitMs);
  while (got) {
    app_event(app, &e);
    got = next_event(app, &e, 0);
  }
  if (app->watchdogMs && app_now(app) >= app->watchdogFed + app->watchdogMs / 2) {
    sd_notify(0, "WATCHDOG=1"); /* the loop is alive: a hung one is restarted by systemd */
    app->watchdogFed = app_now(app);
  }
  pass_deadlines(app);
  if (app->dirty) render(app);
}

int app_run(App *app) {
  while (!app->quit) {
    Uint64 now = app_now(app), next = next_deadline(app);
    int wait = next > now ? (int)(next - now) : 0;
    app_pump(app, wait > 0 ? wait : 1);
  }
  return 0;
}

int app_screenshot(App *app, const char *zPath) {
  int w = app->ui.m.w, h = app->ui.m.h;
  SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
  if (!s) return -1;
  int rc = SDL_RenderReadPixels(app->ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch);
  if (rc == 0) rc = IMG_SavePNG(s, zPath);
  SDL_FreeSurface(s);
  return rc;
}

/* SDL fell back to a driver that draws to nowhere (offscreen, dummy)
 * without being asked to: say so and stop, rather than run with a black
 * screen. Tests ask for offscreen with SDL_VIDEODRIVER. Returns 0 or -1. */
static int no_display(char *zErr, int nErr) {
  const char *drv = SDL_GetCurrentVideoDriver(), *asked = SDL_getenv("SDL_VIDEODRIVER");
  if (!drv || (strcmp(drv, "offscreen") && strcmp(drv, "dummy"))) return 0;
  if (asked && strstr(asked, drv)) return 0;
  snprintf(zErr, nErr, "no display: SDL found neither an X display nor a console it may draw on, only its %s driver, "
           "which shows nothing. Start the kiosk from X, or as the village-kiosk service on the console "
           "(SDL_VIDEODRIVER=kmsdrm, in the video and input groups); SDL_VIDEODRIVER=offscreen runs it without a "
           "screen on purpose", drv);
  return -1;
}

int app_create(App **pp, const AppOptions *o, char *zErr, int nErr) {
  *pp = NULL;
  App *app = calloc(1, sizeof *app);
  if (!app) { snprintf(zErr, nErr, "out of memory"); return -1; }
  const char *t0 = getenv("KIOSK_T0_NS");
  if (t0) app->t0ns = strtoull(t0, NULL, 10);
  trace(app, "main");
  config_defaults(&app->cfg);
  if (config_load(&app->cfg, o->zConfig ? o->zConfig : "kiosk.conf", o->zConfig == NULL, zErr, nErr)) goto fail;
  config_apply_timezone(&app->cfg);
  const char *zDbPath = o->zDb ? o->zDb : app->cfg.dbPath;
  if (setup_load_identity(&app->cfg, zDbPath, zErr, nErr)) goto fail; /* the village, from a setup stick */
  if (db_open(zDbPath, app->cfg.kioskId, &app->db, zErr, nErr)) goto fail;
  checkin_set_window(app->db, app->cfg.openBeforeMinutes, app->cfg.closeAfterMinutes);
  if (app->cfg.demo) {
    DemoStats st;
    if (demo_load(app->db, &app->cfg, &st, zErr, nErr)) goto fail;
  }
  trace(app, "database");
  model_event_type(); /* registered on this thread, before the worker posts */
  if (model_reload_roster(&app->model, app->db)) { snprintf(zErr, nErr, "cannot read the roster"); goto fail; }

  app->exitAfterFirstFrame = getenv("KIOSK_EXIT_AFTER_FIRST_FRAME") != NULL;
  const char *lat = getenv("KIOSK_LATENCY_LOG");
  if (lat && !(app->latencyLog = fopen(lat, "a"))) SDL_Log("cannot open %s", lat);
  const char *dump = o->zDump ? o->zDump : getenv("KIOSK_UI_DUMP");
  if (dump) util_strlcpy(app->dumpPath, dump, sizeof app->dumpPath);

  /* Only video: joysticks and sensors would force polling. One tap is one
   * event: touches do not also arrive as mouse clicks. */
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
  SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
  SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
  if (strcmp(app->cfg.renderer, "auto")) SDL_SetHint(SDL_HINT_RENDER_DRIVER, app->cfg.renderer);
  /* The software renderer draws into the window's own surface. Left alone,
   * SDL would push that surface through OpenGL (on a kiosk without a GPU
   * driver: Mesa's llvmpipe), which costs start-up time, memory and a copy
   * per frame. Blit it straight to X instead. */
  if (!strcmp(app->cfg.renderer, "software")) SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
  if (SDL_InitSubSystem(SDL_INIT_VIDEO)) {
    snprintf(zErr, nErr, "cannot start video: %s (no X display and no usable console: check DISPLAY, or that this "
             "user may open /dev/dri/card0 with SDL_VIDEODRIVER=kmsdrm)", SDL_GetError());
    goto fail;
  }
  if (no_display(zErr, nErr)) goto fail;
  trace(app, "video");
  SDL_DisableScreenSaver();
  SDL_DisplayMode dm;
  if (SDL_GetDesktopDisplayMode(0, &dm) == 0) { app->screenW = dm.w; app->screenH = dm.h; }
  app->windowed = o->windowed || !app->cfg.fullscreen;
  int w = o->width ? o->width : app->cfg.width, h = o->height ? o->height : app->cfg.height;
  if (app->windowed) {
    app->win = SDL_CreateWindow("村党群服务中心", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, 0);
  } else {
    /* Fullscreen starts as a borderless window covering the display, which
     * shows at once; the window manager's fullscreen state (which SDL waits
     * ~100 ms for, and which never comes on a kiosk with no window manager)
     * is asked for after the first frame. */
    app->win = SDL_CreateWindow("村党群服务中心", 0, 0, app->screenW > 0 ? app->screenW : w,
                                app->screenH > 0 ? app->screenH : h, SDL_WINDOW_BORDERLESS);
    app->wantFullscreen = 1;
  }
  if (!app->win) { snprintf(zErr, nErr, "cannot open a window: %s", SDL_GetError()); goto fail; }
  if (app->windowed) { app->screenW = w; app->screenH = h; } /* a desk window stands in for the kiosk screen */
  app->ren = SDL_CreateRenderer(app->win, -1, 0);
  if (!app->ren) app->ren = SDL_CreateRenderer(app->win, -1, SDL_RENDERER_SOFTWARE);
  if (!app->ren) { snprintf(zErr, nErr, "cannot create a renderer: %s", SDL_GetError()); goto fail; }
  trace(app, "window");
  SDL_ShowCursor(app->windowed ? SDL_ENABLE : SDL_DISABLE);
  if (text_open(&app->ui.text, app->ren, &app->cfg, zErr, nErr)) goto fail;
  char keyPath[CONFIG_PATH_MAX + 16];
  int created;
  keypair_path(app->cfg.keyPath, o->zDb ? o->zDb : app->cfg.dbPath, keyPath, sizeof keyPath);
  if (keypair_load_or_create(keyPath, &app->kp, &created, zErr, nErr)) goto fail;
  scanbuf_reset(&app->scan);
  SDL_StartTextInput(); /* scanners arrive as text */
  app->sound = sound_create(app->cfg.tones);
  app->voice = voice_create(app->cfg.voice, app->cfg.voiceCommand);
  app->reader = voice_create(app->cfg.readAloud, app->cfg.voiceCommand);
  model_refresh_categories(&app->model, app->db, app->cfg.volCategories);
  if (!app->sound || !app->voice || !app->reader) { snprintf(zErr, nErr, "out of memory"); goto fail; }
  trace(app, "fonts");
  app->ui.r = app->ren;
  layout(app);
  app->waiter = waiter_create();
  uint64_t wdUs = 0;
  if (sd_watchdog_enabled(0, &wdUs) > 0 && wdUs >= 2000) {
    app->watchdogMs = wdUs / 1000;
    app->watchdogFed = app_now(app);
  }
  app->worker = worker_start(&app->cfg, zDbPath, &app->kp, !getenv("KIOSK_NO_WATCH"));
  if (!app->worker) { snprintf(zErr, nErr, "cannot start the worker thread"); goto fail; }
  /* a new kiosk: the setup stick first; a station left locked (a power cut
   * during a training) opens locked again; else home */
  if (setup_needed(app->db, &app->cfg)) {
    event_restore(app); /* forgets a station of an App before this one (tests) */
    app_go(app, SCR_SETUP);
  } else {
    app_go(app, event_restore(app) ? SCR_EVENT : SCR_HOME);
  }
  *pp = app;
  return 0;
fail:
  app_destroy(app);
  return -1;
}

void app_destroy(App *app) {
  if (!app) return;
  text_close(app->ui.text);
  keypair_wipe(&app->kp);
  worker_stop(app->worker); /* first: it may still post events */
  SDL_Event e; /* events nobody will handle now: free their payloads */
  while (SDL_WasInit(SDL_INIT_EVENTS) &&
         SDL_PeepEvents(&e, 1, SDL_GETEVENT, model_event_type(), model_event_type()) == 1)
    model_event_free(&e);
  if (app->cur >= 0 && app->cur < SCR_COUNT && aScreen[app->cur]->leave) aScreen[app->cur]->leave(app);
  voice_destroy(app->voice);
  voice_destroy(app->reader);
  sound_destroy(app->sound);
  app_photo_clear();
  waiter_destroy(app->waiter); /* after every thread that pushes events has stopped */
  if (app->ren) SDL_DestroyRenderer(app->ren);
  if (app->win) SDL_DestroyWindow(app->win);
  if (app->latencyLog) fclose(app->latencyLog);
  model_free(&app->model);
  db_close(app->db);
  free(app);
}
