/* screen_activity_edit: create or correct one activity with big choices
 * only, no keyboard. Each row is a label and a flow of tiles that wraps on
 * a narrow screen:
 *
 *   类别  the kinds                      名称  只用类别名 / this month's themes
 *   日期  前一天 · the day · 后一天        开始  common times (08:30 … 19:30)
 *         早1小时 晚1小时 早15分 晚15分    时长  1 / 1.5 / 2 / 3 小时
 *   地点  kiosk.conf's [activity] places
 *
 * and at the foot what will be saved, in one line, beside 保存. A 19:30
 * meeting tonight is 新建活动, its kind, 19:30, a theme, a place, 保存.
 * The title is the kind, or the kind and a theme ("主题党日：冬季防火安全");
 * a corrected activity keeps its own title until a kind or theme is picked.
 * Saving a correction writes a new version; check-ins made to the activity
 * still count. */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STEP_MIN 15
#define MAX_CHOICES 12
#define LAST_MINUTE (23 * 60 + 59)
#define TITLE_MAX_CHARS 60  /* activity_add's limit */
#define PLACE_MAX_CHARS 60

/* The activity being made or corrected. */
static struct {
  Activity a;
  int isNew;          /* creating it */
  int theme;          /* the theme picked (index in themes()), -1 none, -2 the title is the activity's own */
  char notice[160];   /* why it was not saved */
} gEdit;

/* One tile in a row of choices. */
typedef struct {
  char id[UI_ID_MAX];
  char label[160];
  int selected;
} Choice;

static const int aCommonTime[] = {8 * 60 + 30, 9 * 60, 14 * 60, 15 * 60, 19 * 60, 19 * 60 + 30};
static const int aLength[] = {60, 90, 120, 180};

static int minutes(const char *zHm) { return atoi(zHm) * 60 + atoi(zHm + 3); }

static void set_hm(char out[6], int m) {
  if (m < 0) m = 0;
  if (m > LAST_MINUTE) m = LAST_MINUTE;
  snprintf(out, 6, "%02u:%02u", (unsigned)m / 60 % 24, (unsigned)m % 60);
}

/* Theme i offered for the activity's month (that month's first, then any
 * month's) into zOut; 0 when there is no such theme. */
static int theme_at(const App *app, int i, char *zOut, size_t nOut) {
  int mo = atoi(gEdit.a.day + 5);
  const char *zMonth = mo >= 1 && mo <= 12 ? app->cfg.monthThemes[mo - 1] : "";
  int nMonth = 0;
  char tmp[8];
  while (config_list_item(zMonth, nMonth, tmp, sizeof tmp)) nMonth++;
  if (i < nMonth) return config_list_item(zMonth, i, zOut, nOut);
  return config_list_item(app->cfg.themes, i - nMonth, zOut, nOut);
}

/* Ends z after n characters (at a character boundary). */
static void cut_chars(char *z, size_t n) {
  const char *p = z, *e = z + strlen(z);
  for (size_t k = 0; k < n && p < e; k++) util_utf8_next(&p, e);
  z[p - z] = 0;
}

/* The title from the kind and the theme picked (the activity's own when
 * none was picked on a correction). */
static void compose_title(const App *app) {
  Activity *e = &gEdit.a;
  char theme[256];
  if (gEdit.theme == -2) return;
  if (gEdit.theme >= 0 && theme_at(app, gEdit.theme, theme, sizeof theme)) {
    snprintf(e->title, sizeof e->title, str(S_TITLE_THEME_FMT), e->kind, theme);
    if (util_utf8_count(e->title) > TITLE_MAX_CHARS) util_strlcpy(e->title, theme, sizeof e->title);
    cut_chars(e->title, TITLE_MAX_CHARS); /* a long theme from kiosk.conf: the core takes 60 characters */
  } else util_strlcpy(e->title, e->kind, sizeof e->title);
}

void activity_edit_open(App *app, const Activity *a) {
  memset(&gEdit, 0, sizeof gEdit);
  if (a) {
    gEdit.a = *a;
    gEdit.theme = -2;
  } else { /* a new one: today, the first kind, titled by its kind, the first place */
    gEdit.isNew = 1;
    gEdit.theme = -1;
    util_strlcpy(gEdit.a.kind, activity_kinds()[0], sizeof gEdit.a.kind);
    util_strlcpy(gEdit.a.title, gEdit.a.kind, sizeof gEdit.a.title);
    util_local_date(util_now(), gEdit.a.day);
    util_strlcpy(gEdit.a.startHm, "09:00", sizeof gEdit.a.startHm);
    util_strlcpy(gEdit.a.endHm, "11:00", sizeof gEdit.a.endHm);
    char place[256];
    if (config_list_item(app->cfg.places, 0, place, sizeof place)) {
      cut_chars(place, PLACE_MAX_CHARS);
      util_strlcpy(gEdit.a.location, place, sizeof gEdit.a.location);
    } else
      util_strlcpy(gEdit.a.location, str(S_DEFAULT_PLACE), sizeof gEdit.a.location);
  }
  app_go(app, SCR_ACTIVITY_EDIT);
}

/* Draws zLabel at the left of a row starting at y and the choices flowing
 * right of it, wrapping under themselves; returns the y below the row. */
static int choice_row(Ui *ui, int y, const char *zLabel, const Choice *a, int n, int tileH) {
  const Metrics *m = &ui->m;
  int lw, lh;
  text_measure(ui->text, "类别类", m->large, STYLE_BOLD, &lw, &lh);
  ui_text_in(ui, zLabel, (Rect){m->margin, y, lw, tileH}, m->large, STYLE_BOLD, COL_TEXT, ALIGN_LEFT);
  int x0 = m->margin + lw + m->gap, right = m->w - m->margin, x = x0;
  int minW = m->minTap * 2 > (int)(150 * m->u) ? m->minTap * 2 : (int)(150 * m->u);
  for (int i = 0; i < n; i++) {
    int tw, th;
    text_measure(ui->text, a[i].label, m->body, STYLE_BOLD, &tw, &th);
    int w = tw + 2 * m->margin;
    if (w < minW) w = minW;
    if (w > right - x0) w = right - x0;
    if (x > x0 && x + w > right) { x = x0; y += tileH + m->gap; } /* wrap */
    ui_button(ui, a[i].id, a[i].label, (Rect){x, y, w, tileH}, a[i].selected ? BTN_TAB_SELECTED : BTN_TAB, m->body);
    x += w + m->gap;
  }
  return y + tileH + m->gap;
}

static void add(Choice *a, int *pn, const char *zId, const char *zLabel, int selected) {
  if (*pn >= MAX_CHOICES) return;
  util_strlcpy(a[*pn].id, zId, sizeof a[0].id);
  util_strlcpy(a[*pn].label, zLabel, sizeof a[0].label);
  a[(*pn)++].selected = selected;
}

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  Rect content = app_chrome(app, ui, str(gEdit.isNew ? S_NEW_ACTIVITY : S_EDIT_ACTIVITY));
  Activity *e = &gEdit.a;
  int tileH = m->minTap > (int)(84 * m->u) ? m->minTap : (int)(84 * m->u);
  int y = content.y + m->gap;
  Choice a[MAX_CHOICES];
  int n = 0;
  char id[UI_ID_MAX], label[256];

  const char *const *azKind = activity_kinds();
  for (int k = 0; azKind[k]; k++) {
    snprintf(id, sizeof id, "kind:%d", k);
    add(a, &n, id, azKind[k], !strcmp(e->kind, azKind[k]));
  }
  y = choice_row(ui, y, str(S_KIND_LABEL), a, n, tileH);

  n = 0;
  add(a, &n, "theme:-1", str(S_THEME_NONE), gEdit.theme == -1);
  for (int i = 0; n < 5 && theme_at(app, i, label, sizeof label); i++) {
    snprintf(id, sizeof id, "theme:%d", i);
    add(a, &n, id, label, gEdit.theme == i);
  }
  y = choice_row(ui, y, str(S_TITLE_LABEL), a, n, tileH);

  /* the day: a stepper, today at the earliest */
  int yy = 0, mo = 0, dd = 0;
  sscanf(e->day, "%d-%d-%d", &yy, &mo, &dd);
  struct tm tm = {.tm_year = yy - 1900, .tm_mon = mo - 1, .tm_mday = dd, .tm_hour = 12};
  mktime(&tm);
  char day[64];
  snprintf(day, sizeof day, str(S_DAY_FMT), mo, dd, str(S_WEEKDAY_0 + tm.tm_wday));
  n = 0;
  add(a, &n, "day:-", str(S_EARLIER_DAY), 0);
  add(a, &n, "day:+", str(S_LATER_DAY), 0);
  int yDay = y;
  y = choice_row(ui, y, str(S_DAY_LABEL), a, n, tileH);
  const Widget *plus = ui_find(ui, "day:+");
  if (plus && plus->r.y == yDay) /* the day beside its stepper */
    ui_text_in(ui, day, (Rect){plus->r.x + plus->r.w + m->gap, yDay, m->w - m->margin - plus->r.x - plus->r.w - m->gap, tileH},
               m->large, STYLE_BOLD, COL_TEXT, ALIGN_LEFT);

  /* the start: common times, then steps of an hour and of 15 minutes */
  n = 0;
  int start = minutes(e->startHm);
  for (size_t i = 0; i < sizeof aCommonTime / sizeof aCommonTime[0]; i++) {
    char hm[6];
    set_hm(hm, aCommonTime[i]);
    snprintf(id, sizeof id, "time:%s", hm);
    add(a, &n, id, hm, start == aCommonTime[i]);
  }
  y = choice_row(ui, y, str(S_TIME_LABEL), a, n, tileH);
  n = 0;
  add(a, &n, "hour:-", str(S_HOUR_EARLIER), 0);
  add(a, &n, "hour:+", str(S_HOUR_LATER), 0);
  add(a, &n, "min:-", str(S_MIN_EARLIER), 0);
  add(a, &n, "min:+", str(S_MIN_LATER), 0);
  y = choice_row(ui, y, e->startHm, a, n, tileH);

  n = 0;
  int len = minutes(e->endHm) - start;
  for (size_t i = 0; i < sizeof aLength / sizeof aLength[0]; i++) {
    char h[16];
    if (aLength[i] % 60) snprintf(h, sizeof h, "%d.5", aLength[i] / 60);
    else snprintf(h, sizeof h, "%d", aLength[i] / 60);
    snprintf(label, sizeof label, str(S_LENGTH_FMT), h);
    snprintf(id, sizeof id, "len:%d", aLength[i]);
    add(a, &n, id, label, len == aLength[i]);
  }
  y = choice_row(ui, y, str(S_LENGTH_LABEL), a, n, tileH);

  n = 0;
  int have = 0;
  for (int i = 0; n < 6 && config_list_item(app->cfg.places, i, label, sizeof label); i++) {
    snprintf(id, sizeof id, "place:%d", i);
    add(a, &n, id, label, !strcmp(label, e->location));
    have |= !strcmp(label, e->location);
  }
  if (!have && e->location[0]) add(a, &n, "place:own", e->location, 1); /* a corrected one's own place */
  choice_row(ui, y, str(S_PLACE_LABEL), a, n, tileH);

  /* what will be saved, or why it was not, beside 保存 */
  int barH = m->minTap > (int)(112 * m->u) ? m->minTap : (int)(112 * m->u);
  Rect bar = {m->margin, m->h - m->gap - barH, m->w - 2 * m->margin, barH};
  int bw = bar.w / 4 > m->minTap * 2 ? bar.w / 4 : m->minTap * 2;
  ui_button(ui, "save", str(S_SAVE), (Rect){bar.x + bar.w - bw, bar.y, bw, bar.h}, BTN_PRIMARY, m->large);
  char sum[600], cut[600];
  if (gEdit.notice[0]) util_strlcpy(sum, gEdit.notice, sizeof sum);
  else snprintf(sum, sizeof sum, "%s · %s %s–%s · %s", e->title, day, e->startHm, e->endHm, e->location);
  Rect line = {bar.x, bar.y, bar.w - bw - m->gap, bar.h};
  if (!text_fit(ui->text, sum, m->large, m->small, STYLE_BOLD, line.w)) /* a narrow screen: a line of its own above */
    line = (Rect){bar.x, bar.y - m->gap - app_line_h(ui, m->large, STYLE_BOLD), bar.w, app_line_h(ui, m->large, STYLE_BOLD)};
  int px = app_fit_or_cut(ui, sum, m->large, m->small, STYLE_BOLD, line.w, cut, sizeof cut);
  ui_text_in(ui, cut, line, px, STYLE_BOLD, gEdit.notice[0] ? COL_ERR : COL_TEXT, ALIGN_LEFT);
}

/* Moves the start to s minutes, keeping the length; 0 when it would not fit the day. */
static int move_start(int s) {
  Activity *e = &gEdit.a;
  int len = minutes(e->endHm) - minutes(e->startHm);
  if (s < 0 || s + len > LAST_MINUTE) return 0;
  set_hm(e->startHm, s);
  set_hm(e->endHm, s + len);
  return 1;
}

static void save(App *app) {
  Activity *e = &gEdit.a;
  char err[256];
  Activity out;
  int rc = gEdit.isNew ? activity_add(app->db, e, &out, err, sizeof err) : activity_update(app->db, e, &out, err, sizeof err);
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

static void tap(App *app, const char *zId) {
  Activity *e = &gEdit.a;
  app->dirty = 1;
  gEdit.notice[0] = 0;
  char today[11], buf[256];
  util_local_date(util_now(), today);
  if (!strncmp(zId, "kind:", 5)) {
    const char *const *azKind = activity_kinds();
    int k = atoi(zId + 5), n = 0;
    while (azKind[n]) n++;
    if (k < 0 || k >= n) return;
    util_strlcpy(e->kind, azKind[k], sizeof e->kind);
    if (gEdit.theme == -2 && !strcmp(e->title, e->kind)) gEdit.theme = -1;
    if (gEdit.isNew && gEdit.theme == -2) gEdit.theme = -1;
    compose_title(app);
  } else if (!strncmp(zId, "theme:", 6)) {
    int t = atoi(zId + 6);
    if (t >= 0 && !theme_at(app, t, buf, sizeof buf)) return;
    gEdit.theme = t < 0 ? -1 : t;
    compose_title(app);
  } else if (!strcmp(zId, "day:-") || !strcmp(zId, "day:+")) {
    char d[11];
    if (util_date_add(e->day, zId[4] == '+' ? 1 : -1, d) == 0 && strcmp(d, today) >= 0) util_strlcpy(e->day, d, sizeof e->day);
  } else if (!strncmp(zId, "time:", 5) && util_valid_hm(zId + 5)) {
    if (!move_start(minutes(zId + 5))) { /* too late for its length: shorten it to end at midnight */
      set_hm(e->startHm, minutes(zId + 5));
      set_hm(e->endHm, LAST_MINUTE);
    }
  } else if (!strncmp(zId, "hour:", 5)) move_start(minutes(e->startHm) + (zId[5] == '+' ? 60 : -60));
  else if (!strncmp(zId, "min:", 4)) move_start(minutes(e->startHm) + (zId[4] == '+' ? STEP_MIN : -STEP_MIN));
  else if (!strncmp(zId, "len:", 4)) {
    int len = atoi(zId + 4), s = minutes(e->startHm);
    if (len > 0 && len <= 12 * 60) set_hm(e->endHm, s + len > LAST_MINUTE ? LAST_MINUTE : s + len);
  } else if (!strncmp(zId, "place:", 6) && strcmp(zId + 6, "own")) {
    if (config_list_item(app->cfg.places, atoi(zId + 6), buf, sizeof buf)) {
      cut_chars(buf, PLACE_MAX_CHARS); /* fits location[], whole characters */
      util_strlcpy(e->location, buf, sizeof e->location);
    }
  } else if (!strcmp(zId, "save")) save(app);
}

const Screen screen_activity_edit = {.name = "activity_edit", .back = SCR_ACTIVITIES, .draw = draw, .tap = tap};
