/* screen_vol_day: which day the service was — 今天, 昨天 or 前天, each with
 * its date. Nothing older can be logged at the kiosk. */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>

/* "今天" and "11月25日" for days back. */
void app_vol_day_text(int back, char *zName, size_t nName, char *zDate, size_t nDate) {
  static const StringId aName[3] = {S_VOL_TODAY, S_VOL_YESTERDAY, S_VOL_DAY_BEFORE};
  char today[11], day[11];
  util_local_date(util_now(), today);
  util_date_add(today, -back, day);
  snprintf(zName, nName, "%s", str(aName[back >= 0 && back < 3 ? back : 0]));
  snprintf(zDate, nDate, str(S_VOL_MD_FMT), atoi(day + 5), atoi(day + 8));
}

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  Rect c = app_chrome(app, ui, str(S_VOL_PICK_DAY));
  int portrait = m->h > m->w;
  Rect area = {m->margin, c.y + m->gap * 3, m->w - 2 * m->margin, c.h - m->gap * 3 - m->margin};
  for (int i = 0; i <= VOL_DAYS_BACK; i++) {
    Rect r;
    if (portrait) {
      int h = (area.h - 2 * m->gap * 2) / 3;
      if (h > (int)(360 * m->u)) h = (int)(360 * m->u);
      r = (Rect){area.x, area.y + i * (h + m->gap * 2), area.w, h};
    } else {
      int w = (area.w - 2 * m->gap * 2) / 3, h = area.h < (int)(460 * m->u) ? area.h : (int)(460 * m->u);
      r = (Rect){area.x + i * (w + m->gap * 2), area.y, w, h};
    }
    char id[16], name[32], date[32];
    snprintf(id, sizeof id, "day:%d", i);
    app_vol_day_text(i, name, sizeof name, date, sizeof date);
    ui_button2(ui, id, name, date, r, i == 0 ? BTN_PRIMARY : BTN_TILE, m->huge, m->title);
  }
}

static void tap(App *app, const char *zId) {
  if (zId[0] != 'd' || zId[3] != ':') return;
  int d = atoi(zId + 4);
  if (d < 0 || d > VOL_DAYS_BACK) return;
  vol_draft()->day = d;
  app_go(app, SCR_VOL_HOURS);
}

const Screen screen_vol_day = {.name = "vol_day", .back = SCR_VOL_CATEGORY, .draw = draw, .tap = tap};
