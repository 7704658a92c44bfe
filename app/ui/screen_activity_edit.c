/* screen_activity_edit: create or correct one activity with big controls
 * only — kind tiles, a day stepper, start and end time steppers (15-minute
 * steps) — and 保存. No keyboard: a new activity is titled by its kind; a
 * corrected one keeps its title. Saving a correction writes a new version;
 * check-ins made to the activity still count. */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STEP_MIN 15

/* The activity being made or corrected. */
static struct {
  Activity a;
  int isNew;          /* creating it */
  char notice[160];   /* why it was not saved */
} gEdit;

void activity_edit_open(App *app, const Activity *a) {
  memset(&gEdit, 0, sizeof gEdit);
  if (a) gEdit.a = *a;
  else { /* a new one: today, the first kind, titled by its kind */
    gEdit.isNew = 1;
    util_strlcpy(gEdit.a.kind, activity_kinds()[0], sizeof gEdit.a.kind);
    util_strlcpy(gEdit.a.title, gEdit.a.kind, sizeof gEdit.a.title);
    util_local_date(util_now(), gEdit.a.day);
    util_strlcpy(gEdit.a.startHm, "09:00", sizeof gEdit.a.startHm);
    util_strlcpy(gEdit.a.endHm, "11:00", sizeof gEdit.a.endHm);
    util_strlcpy(gEdit.a.location, str(S_DEFAULT_PLACE), sizeof gEdit.a.location);
  }
  app_go(app, SCR_ACTIVITY_EDIT);
}

static int minutes(const char *zHm) { return atoi(zHm) * 60 + atoi(zHm + 3); }

static void set_hm(char out[6], int m) {
  if (m < 0) m = 0;
  if (m > 23 * 60 + 59) m = 23 * 60 + 59;
  snprintf(out, 6, "%02u:%02u", (unsigned)m / 60 % 24, (unsigned)m % 60);
}

/* One labelled stepper row: [minus] value [plus]. */
static void stepper(App *app, Ui *ui, Rect row, const char *zLabel, const char *zValue, const char *zMinusId,
                    const char *zMinus, const char *zPlusId, const char *zPlus) {
  const Metrics *m = &ui->m;
  int labelW = row.w / 6, bw = row.w / 4;
  ui_text_in(ui, zLabel, (Rect){row.x, row.y, labelW, row.h}, m->large, STYLE_BOLD, COL_TEXT, ALIGN_LEFT);
  ui_button(ui, zMinusId, zMinus, (Rect){row.x + labelW, row.y, bw, row.h}, BTN_TILE, m->large);
  Rect val = {row.x + labelW + bw + m->gap, row.y, row.w - labelW - 2 * bw - 2 * m->gap, row.h};
  int px = text_fit(ui->text, zValue, m->title, m->body, STYLE_BOLD, val.w);
  ui_text_in(ui, zValue, val, px ? px : m->body, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
  ui_button(ui, zPlusId, zPlus, (Rect){row.x + row.w - bw, row.y, bw, row.h}, BTN_TILE, m->large);
  (void)app;
}

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  Rect content = app_chrome(app, ui, str(gEdit.isNew ? S_NEW_ACTIVITY : S_EDIT_ACTIVITY));
  Activity *e = &gEdit.a;
  int tileH = m->minTap > (int)(100 * m->u) ? m->minTap : (int)(100 * m->u);
  int portrait = m->h > m->w, cols = portrait ? 2 : 4;
  int tileW = (m->w - 2 * m->margin - (cols - 1) * m->gap) / cols;
  int y = content.y + m->gap;
  /* the title (kept), then the kinds */
  int tpx = text_fit(ui->text, e->title, m->large, m->small, STYLE_BOLD, m->w - 2 * m->margin);
  ui_text_in(ui, e->title, (Rect){m->margin, y, m->w - 2 * m->margin, m->large * 3 / 2}, tpx ? tpx : m->small,
             STYLE_BOLD, COL_TEXT, ALIGN_LEFT);
  y += m->large * 3 / 2 + m->gap;
  const char *const *azKind = activity_kinds();
  int k = 0;
  for (; azKind[k]; k++) {
    char id[UI_ID_MAX];
    snprintf(id, sizeof id, "kind:%d", k);
    Rect r = {m->margin + (k % cols) * (tileW + m->gap), y + (k / cols) * (tileH + m->gap), tileW, tileH};
    ui_button(ui, id, azKind[k], r, strcmp(e->kind, azKind[k]) ? BTN_TAB : BTN_TAB_SELECTED, m->large);
  }
  y += ((k + cols - 1) / cols) * (tileH + m->gap) + m->gap;

  /* the day and the times */
  Rect row = {m->margin, y, m->w - 2 * m->margin, tileH};
  int yy, mo, dd;
  sscanf(e->day, "%d-%d-%d", &yy, &mo, &dd);
  struct tm tm = {.tm_year = yy - 1900, .tm_mon = mo - 1, .tm_mday = dd, .tm_hour = 12};
  mktime(&tm);
  char day[64];
  snprintf(day, sizeof day, str(S_DAY_FMT), mo, dd, str(S_WEEKDAY_0 + tm.tm_wday));
  stepper(app, ui, row, str(S_DAY_LABEL), day, "day:-", str(S_EARLIER_DAY), "day:+", str(S_LATER_DAY));
  row.y += tileH + m->gap;
  stepper(app, ui, row, str(S_STARTS), e->startHm, "start:-", str(S_EARLIER), "start:+", str(S_LATER));
  row.y += tileH + m->gap;
  stepper(app, ui, row, str(S_ENDS), e->endHm, "end:-", str(S_EARLIER), "end:+", str(S_LATER));

  /* save, or a message why not */
  int barH = m->minTap > (int)(112 * m->u) ? m->minTap : (int)(112 * m->u);
  Rect bar = {m->margin, m->h - m->gap - barH, m->w - 2 * m->margin, barH};
  int bw = bar.w / 3;
  ui_button(ui, "save", str(S_SAVE), (Rect){bar.x + bar.w - bw, bar.y, bw, bar.h}, BTN_PRIMARY, m->large);
  if (gEdit.notice[0])
    ui_text_in(ui, gEdit.notice, (Rect){bar.x, bar.y, bar.w - bw - m->gap, bar.h}, m->body, STYLE_BOLD, COL_ERR,
               ALIGN_LEFT);
}

static void tap(App *app, const char *zId) {
  Activity *e = &gEdit.a;
  app->dirty = 1;
  gEdit.notice[0] = 0;
  char today[11];
  util_local_date(util_now(), today);
  if (!strncmp(zId, "kind:", 5)) {
    const char *const *azKind = activity_kinds();
    int k = atoi(zId + 5), n = 0;
    while (azKind[n]) n++;
    if (k < 0 || k >= n) return;
    if (gEdit.isNew && !strcmp(e->title, e->kind)) util_strlcpy(e->title, azKind[k], sizeof e->title);
    util_strlcpy(e->kind, azKind[k], sizeof e->kind);
  } else if (!strcmp(zId, "day:-") || !strcmp(zId, "day:+")) {
    char d[11];
    if (util_date_add(e->day, zId[4] == '+' ? 1 : -1, d) == 0 && strcmp(d, today) >= 0) util_strlcpy(e->day, d, sizeof e->day);
  } else if (!strncmp(zId, "start:", 6)) {
    int s = minutes(e->startHm) + (zId[6] == '+' ? STEP_MIN : -STEP_MIN), len = minutes(e->endHm) - minutes(e->startHm);
    if (s < 0 || s + len > 23 * 60 + 59) return;
    set_hm(e->startHm, s); /* the end moves with the start, keeping the length */
    set_hm(e->endHm, s + len);
  } else if (!strncmp(zId, "end:", 4)) {
    int t = minutes(e->endHm) + (zId[4] == '+' ? STEP_MIN : -STEP_MIN);
    if (t > minutes(e->startHm) && t <= 23 * 60 + 59) set_hm(e->endHm, t);
  } else if (!strcmp(zId, "save")) {
    char err[256];
    Activity out;
    int rc = gEdit.isNew ? activity_add(app->db, e, &out, err, sizeof err)
                          : activity_update(app->db, e, &out, err, sizeof err);
    if (rc) {
      SDL_Log("activity not saved: %s", err);
      util_strlcpy(gEdit.notice, str(S_ACTION_FAILED), sizeof gEdit.notice);
      sound_play(app->sound, TONE_REFUSED);
      return;
    }
    char saved[160];
    snprintf(saved, sizeof saved, str(S_SAVED_FMT), out.title);
    sound_play(app->sound, TONE_OK);
    app_go(app, SCR_ACTIVITIES);
    activities_notice(saved); /* after its enter, which starts it clean */
  }
}

const Screen screen_activity_edit = {.name = "activity_edit", .back = SCR_ACTIVITIES, .draw = draw, .tap = tap};
