/* screen_event: 活动现场签到, a scan station for one activity (a township
 * training, a big meeting). No touch is needed: each scan checks a member
 * in and the station answers in place — the name big, the time, the
 * running count "已签到 57 / 120", the last five scans — and is ready for
 * the next card at once. A second scan is noted gently; a refused card
 * says why and what to do next, under a big drawn ✗ (no emoji font), with
 * the member's name when the card told it. Every record is committed before
 * its name shows. The idle reset does not apply here.
 *
 * The station is locked while it runs: its top bar has no 返回 and no 首页,
 * only the title and, invisible at the left, the same corner the home
 * screen has. Holding it 3 s asks for the PIN; until the right PIN, every
 * way home leads back here (event_locked, app_go). The lock is kept in the
 * database (admin_station_lock), committed as the station opens, so a power
 * cut during a training brings the kiosk back up on the station, locked;
 * only the PIN clears it. Kept from another day, it is let go at start. */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct {
  EventScan aRecent[5]; /* the last scans, newest first */
  int nRecent;
  int count;            /* members checked in so far */
  int locked;           /* opened and not yet left through the PIN */
} gEvent;

int event_locked(void) { return gEvent.locked; }

/* 1 when the database holds a lock (whatever this App thinks). */
static int event_kept(App *app) {
  int locked;
  char day[11], act[40];
  return admin_station_locked(app->db, &locked, day, act) == KR_OK && locked;
}

void event_unlock(App *app) {
  if (gEvent.locked || event_kept(app)) admin_station_unlock(app->db);
  gEvent.locked = 0;
}

int event_restore(App *app) {
  memset(&gEvent, 0, sizeof gEvent);
  int locked;
  char day[11], act[40], today[11];
  if (admin_station_locked(app->db, &locked, day, act) || !locked) return 0;
  util_local_date(util_now(), today);
  if (!strcmp(day, today)) {
    model_refresh_activity(&app->model, app->db);
    if (app->model.haveAct) return 1;
  }
  admin_station_unlock(app->db); /* left locked overnight: the next day starts free */
  return 0;
}

int event_recent(const EventScan **pa) {
  *pa = gEvent.aRecent;
  return gEvent.nRecent;
}

int event_count(void) { return gEvent.count; }

static void enter(App *app) {
  if (gEvent.locked) return; /* back from the PIN screen or a way home: the station goes on as it was */
  gEvent.locked = 1;
  char today[11]; /* kept, committed, so that a power cut does not unlock it */
  util_local_date(util_now(), today);
  if (admin_station_lock(app->db, today, app->model.haveAct ? app->model.act.uuid : "") != KR_OK)
    SDL_Log("cannot keep the station's lock in the database");
  gEvent.nRecent = 0;
  gEvent.count = 0;
  AttendanceRow *rows;
  int n;
  AttendanceCounts c;
  if (app->model.haveAct && checkin_attendance(app->db, app->model.act.id, &rows, &n, &c) == 0) {
    gEvent.count = c.present + c.late;
    free(rows);
  }
}

/* Puts an answer at the top of the recent list. */
static void push(App *app, const char *zName, const char *zHm, int kind, const char *zNote) {
  memmove(&gEvent.aRecent[1], &gEvent.aRecent[0], sizeof gEvent.aRecent[0] * 4);
  util_strlcpy(gEvent.aRecent[0].name, zName, sizeof gEvent.aRecent[0].name);
  util_strlcpy(gEvent.aRecent[0].hm, zHm, sizeof gEvent.aRecent[0].hm);
  util_strlcpy(gEvent.aRecent[0].note, zNote, sizeof gEvent.aRecent[0].note);
  gEvent.aRecent[0].kind = kind;
  gEvent.aRecent[0].next[0] = 0;
  if (gEvent.nRecent < 5) gEvent.nRecent++;
  app->dirty = 1;
}

void event_scan(App *app, const char *zPayload) {
  Member m;
  char no[24], err[256];
  QrCardResult r = qrcard_verify(app->db, app->kp.pk, app->cfg.cardIssuer, zPayload, &m, no);
  if (r != QRCARD_OK) {
    qrcard_record_refusal(app->db, zPayload, r, no);
    Member who; /* a genuine card names its member even when it is refused */
    const char *zWho = no[0] && roster_get(app->db, no, &who) == 0 ? who.name : "";
    char note[96];
    snprintf(note, sizeof note, "%s", app_card_reason(r));
    push(app, zWho, "", EVENT_REFUSED, note);
    util_strlcpy(gEvent.aRecent[0].next, app_card_next(r), sizeof gEvent.aRecent[0].next);
    sound_play(app->sound, TONE_REFUSED);
    return;
  }
  CheckinRecord rec;
  int rc = app->model.haveAct
             ? (int)checkin_record(app->db, app->model.act.id, m.memberNo, "scan", NULL, &rec, err, sizeof err)
             : -1;
  if (rc) {
    char opens[6] = "", why[128];
    StringId id = !app->model.haveAct ? S_EVENT_NO_ACTIVITY
                                      : str_checkin_refused((KrCode)rc, checkin_window(app->db, &app->model.act, util_now(), opens));
    snprintf(why, sizeof why, str(id), opens); /* only S_NOT_OPEN_FMT has a %s */
    push(app, m.name, "", EVENT_REFUSED, why);
    if (id == S_CLOSED) util_strlcpy(gEvent.aRecent[0].next, str(S_NEXT_LATE_PROXY), sizeof gEvent.aRecent[0].next);
    sound_play(app->sound, TONE_REFUSED);
    return;
  }
  char hm[6];
  util_local_hm(rec.at, hm);
  if (rec.outcome == CHECKIN_NEW) gEvent.count++; /* committed: only now is it shown */
  push(app, m.name, hm, rec.outcome == CHECKIN_NEW ? EVENT_NEW : EVENT_ALREADY, "");
  sound_play(app->sound, rec.outcome == CHECKIN_NEW ? TONE_OK : TONE_REFUSED);
}

/* The locked top bar: the title, how the secretary leaves, and the corner
 * (no 返回, no 首页). Returns the content below it. */
static Rect top_bar(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  ui_fill(ui, (Rect){0, 0, m->w, m->topBar}, COL_BAR);
  int hw = m->w / 3;
  char cut[256];
  int px = app_fit_or_cut(ui, str(S_EVENT_MODE), m->title, m->body, STYLE_BOLD, m->w - 2 * hw, cut, sizeof cut);
  ui_text_in(ui, cut, (Rect){hw, 0, m->w - 2 * hw, m->topBar}, px, STYLE_BOLD, COL_ON_BAR, ALIGN_CENTER);
  ui->titlePx = px;
  if (text_fit(ui->text, str(S_EVENT_EXIT_HINT), m->small, m->small, STYLE_REGULAR, hw - m->margin))
    ui_text_in(ui, str(S_EVENT_EXIT_HINT), (Rect){m->w - hw, 0, hw - m->margin, m->topBar}, m->small, STYLE_REGULAR,
               COL_ON_BAR, ALIGN_RIGHT);
  /* (else a narrow screen: draw() puts it at the foot) */
  Rect corner = {0, 0, m->minTap * 3 / 2, m->topBar};
  ui_widget(ui, ADMIN_CORNER_ID, "", corner, 0);
  if (ui_is_pressed(ui, ADMIN_CORNER_ID)) { /* while held, a bar fills the header */
    Uint64 held = app_now(app) - app->pressedAt;
    int w = (int)((Uint64)m->w * (held < ADMIN_HOLD_MS ? held : ADMIN_HOLD_MS) / ADMIN_HOLD_MS);
    ui_fill(ui, (Rect){0, m->topBar - m->gap / 2, w, m->gap / 2}, COL_ON_BAR);
  }
  return (Rect){0, m->topBar, m->w, m->h - m->topBar};
}

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  Rect content = top_bar(app, ui);
  int portrait = m->h > m->w;
  Rect main = content, side = content;
  if (portrait) {
    main.h = content.h * 11 / 20;
    side.y = main.y + main.h;
    side.h = content.h - main.h;
  } else {
    main.w = content.w * 3 / 5;
    side.x = main.w;
    side.w = content.w - main.w;
  }
  /* the running count, then the latest answer, big */
  char count[64];
  snprintf(count, sizeof count, str(S_EVENT_COUNT_FMT), gEvent.count, app->model.nMember);
  if (app->model.haveAct) {
    int apx = text_fit(ui->text, app->model.act.title, m->large, m->small, STYLE_BOLD, main.w - 2 * m->margin);
    ui_text(ui, app->model.act.title, main.x + main.w / 2, main.y + m->gap, apx ? apx : m->small, STYLE_BOLD, COL_MUTED,
            ALIGN_CENTER);
  }
  ui_text(ui, count, main.x + main.w / 2, main.y + m->gap * 2 + m->large * 3 / 2, m->title, STYLE_BOLD, COL_TEXT,
          ALIGN_CENTER);
  int cy = main.y + main.h / 2 + m->large;
  if (!gEvent.nRecent) {
    ui_text_in(ui, str(S_EVENT_READY), (Rect){main.x, cy - m->title, main.w, m->title * 2}, m->title, STYLE_BOLD,
               COL_MUTED, ALIGN_CENTER);
  } else {
    int k = gEvent.aRecent[0].kind;
    Color c = k == EVENT_NEW ? COL_OK : k == EVENT_ALREADY ? COL_INFO : COL_ERR;
    /* the mark, a shape and not only a colour: ✓ in, ! again, ✗ refused */
    int radius = (int)(80 * m->u), mx = main.x + main.w / 2;
    int my = gEvent.aRecent[0].name[0] ? cy - m->huge - m->gap - radius : cy; /* no name: the mark takes its place */
    ui_disc(ui, mx, my, radius, c);
    if (k == EVENT_NEW) ui_check(ui, mx, my, radius * 2, COL_ON_PRIMARY);
    else if (k == EVENT_ALREADY) ui_bang(ui, mx, my, radius * 2, COL_ON_PRIMARY);
    else ui_cross(ui, mx, my, radius * 2, COL_ON_PRIMARY);
    const char *name = gEvent.aRecent[0].name;
    if (name[0]) {
      int px = text_fit(ui->text, name, m->huge * 3 / 2, m->title, STYLE_BOLD, main.w - 2 * m->margin);
      ui_text_in(ui, name, (Rect){main.x, cy - m->huge, main.w, m->huge * 2}, px ? px : m->title, STYLE_BOLD,
                 COL_TEXT, ALIGN_CENTER);
    }
    char line[160];
    if (k == EVENT_NEW) snprintf(line, sizeof line, str(S_EVENT_OK_FMT), gEvent.aRecent[0].hm);
    else if (k == EVENT_ALREADY) snprintf(line, sizeof line, str(S_EVENT_AGAIN_FMT), gEvent.aRecent[0].hm);
    else util_strlcpy(line, gEvent.aRecent[0].note, sizeof line);
    int lpx = text_fit(ui->text, line, m->title, m->body, STYLE_BOLD, main.w - 2 * m->margin);
    ui_text_in(ui, line, (Rect){main.x, cy + m->huge, main.w, m->title * 2}, lpx ? lpx : m->body, STYLE_BOLD, c,
               ALIGN_CENTER);
    if (gEvent.aRecent[0].next[0]) { /* what to do now */
      char cut[160];
      int npx = app_fit_or_cut(ui, gEvent.aRecent[0].next, m->large, m->body, STYLE_BOLD, main.w - 2 * m->margin, cut,
                               sizeof cut);
      ui_text_in(ui, cut, (Rect){main.x, cy + m->huge + m->title * 2, main.w, m->large * 2}, npx, STYLE_BOLD, COL_TEXT,
                 ALIGN_CENTER);
    }
  }
  /* the last five */
  ui_fill(ui, side, COL_TILE);
  int y = side.y + m->gap;
  (void)app;
  ui_text(ui, str(S_EVENT_RECENT), side.x + m->margin, y, m->body, STYLE_BOLD, COL_MUTED, ALIGN_LEFT);
  y += m->body * 2;
  int footH = text_fit(ui->text, str(S_EVENT_EXIT_HINT), m->small, m->small, STYLE_REGULAR, m->w / 3 - m->margin)
                ? 0 : app_line_h(ui, m->small, STYLE_REGULAR) + m->gap; /* the exit hint's room at the foot */
  int rowH = (side.y + side.h - y - m->gap - footH) / 5;
  for (int i = 0; i < gEvent.nRecent; i++, y += rowH) {
    char row[256];
    const char *who = gEvent.aRecent[i].name[0] ? gEvent.aRecent[i].name : "—";
    if (gEvent.aRecent[i].kind == EVENT_REFUSED) snprintf(row, sizeof row, "%s  %s", who, gEvent.aRecent[i].note);
    else snprintf(row, sizeof row, "%s  %s%s", gEvent.aRecent[i].hm, who,
                  gEvent.aRecent[i].kind == EVENT_ALREADY ? str(S_EVENT_DUP) : "");
    int px = text_fit(ui->text, row, m->large, m->small, STYLE_REGULAR, side.w - 2 * m->margin);
    ui_text_in(ui, row, (Rect){side.x + m->margin, y, side.w - 2 * m->margin, rowH}, px ? px : m->small,
               STYLE_REGULAR, gEvent.aRecent[i].kind == EVENT_REFUSED ? COL_ERR : COL_TEXT, ALIGN_LEFT);
  }
  if (footH) {
    char cut[160]; /* a narrow screen: how the secretary leaves, at the foot */
    int lh = app_line_h(ui, m->small, STYLE_REGULAR);
    int px = app_fit_or_cut(ui, str(S_EVENT_EXIT_HINT), m->small, m->small, STYLE_REGULAR, m->w - 2 * m->margin, cut,
                            sizeof cut);
    ui_text_in(ui, cut, (Rect){m->margin, m->h - m->gap - lh, m->w - 2 * m->margin, lh}, px, STYLE_REGULAR, COL_MUTED,
               ALIGN_RIGHT);
  }
}

const Screen screen_event = {.name = "event", .back = SCR_ADMIN, .enter = enter, .draw = draw};
