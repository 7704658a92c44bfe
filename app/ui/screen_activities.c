/* screen_activities: the secretary's list of today's and upcoming
 * activities, to correct one or create a new one. The township's own
 * activities are shown but say they are the township's to change. */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SHOWN 12

static char gNotice[160]; /* what the last save did, or why an activity cannot be changed */

void activities_notice(const char *z) { util_strlcpy(gNotice, z, sizeof gNotice); }

static void enter(App *app) { gNotice[0] = 0; }

/* Today's and later activities (caller frees), or NULL. */
static Activity *upcoming(int *pn, Db *db) {
  char today[11];
  util_local_date(util_now(), today);
  Activity *a = NULL;
  if (activity_list(db, today, 1, &a, pn)) *pn = 0;
  return a;
}

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  Rect content = app_chrome(app, ui, str(S_ACTIVITIES));
  int barH = m->minTap > (int)(112 * m->u) ? m->minTap : (int)(112 * m->u);
  Rect bar = {m->margin, m->h - m->gap - barH, m->w - 2 * m->margin, barH};
  int bw = bar.w / 3;
  ui_button(ui, "activity:new", str(S_NEW_ACTIVITY), (Rect){bar.x + bar.w - bw, bar.y, bw, bar.h}, BTN_PRIMARY, m->large);
  if (gNotice[0]) {
    Rect note = {bar.x, bar.y, bar.w - bw - m->gap, bar.h};
    int px = text_fit(ui->text, gNotice, m->large, m->small, STYLE_BOLD, note.w);
    ui_text_in(ui, gNotice, note, px ? px : m->small, STYLE_BOLD, COL_OK, ALIGN_LEFT);
  }
  int n;
  Activity *a = upcoming(&n, app->db);
  if (!n) {
    ui_text_in(ui, str(S_NO_ACTIVITIES), content, m->large, STYLE_BOLD, COL_MUTED, ALIGN_CENTER);
    free(a);
    return;
  }
  int portrait = m->h > m->w, cols = portrait ? 1 : 2;
  int rowH = m->minTap > (int)(150 * m->u) ? m->minTap : (int)(150 * m->u);
  int top = content.y + m->gap, rows = (bar.y - m->gap - top + m->gap) / (rowH + m->gap);
  if (rows < 1) rows = 1;
  int tileW = (m->w - 2 * m->margin - (cols - 1) * m->gap) / cols;
  int shown = n < rows * cols ? n : rows * cols;
  if (shown > MAX_SHOWN) shown = MAX_SHOWN;
  for (int i = 0; i < shown; i++) {
    Rect r = {m->margin + (i % cols) * (tileW + m->gap), top + (i / cols) * (rowH + m->gap), tileW, rowH};
    char id[UI_ID_MAX], line[320], day[64];
    snprintf(id, sizeof id, "activity:%lld", (long long)a[i].id);
    Color body, ink;
    ui_button_colors(ui, id, BTN_TILE, &body, &ink);
    ui_fill(ui, r, body);
    ui_outline(ui, r, (int)(3 * m->u) + 1, COL_TILE_EDGE);
    int pad = m->gap;
    int px = text_fit(ui->text, a[i].title, m->large, m->small, STYLE_BOLD, r.w - 2 * pad);
    ui_text_in(ui, a[i].title, (Rect){r.x + pad, r.y, r.w - 2 * pad, r.h / 2}, px ? px : m->small, STYLE_BOLD, ink,
               ALIGN_LEFT);
    util_strlcpy(day, a[i].day + 5, sizeof day);
    snprintf(line, sizeof line, "%s %s–%s  %s%s%s", day, a[i].startHm, a[i].endHm, a[i].kind,
             strcmp(a[i].source, "township") ? "" : " · ", strcmp(a[i].source, "township") ? "" : str(S_FROM_TOWNSHIP));
    int lpx = text_fit(ui->text, line, m->body, m->small, STYLE_REGULAR, r.w - 2 * pad);
    ui_text_in(ui, line, (Rect){r.x + pad, r.y + r.h / 2, r.w - 2 * pad, r.h / 2}, lpx ? lpx : m->small,
               STYLE_REGULAR, ink, ALIGN_LEFT);
    ui_widget(ui, id, a[i].title, r, px ? px : m->small);
  }
  free(a);
}

static void tap(App *app, const char *zId) {
  app->dirty = 1;
  if (!strcmp(zId, "activity:new")) {
    activity_edit_open(app, NULL);
  } else if (!strncmp(zId, "activity:", 9)) {
    Activity a;
    if (activity_get(app->db, atoll(zId + 9), &a) != 0) return;
    if (!strcmp(a.source, "township")) { activities_notice(str(S_TOWNSHIP_ONLY)); return; }
    activity_edit_open(app, &a);
  }
}

const Screen screen_activities = {.name = "activities", .back = SCR_ADMIN, .enter = enter, .draw = draw, .tap = tap};
