/* screen_vol_done: the answer, shown only after the record committed —
 * hours logged (waiting for the secretary), a shift started, a shift ended
 * with its hours (or too short to count), or that nothing was saved — then
 * home by itself after a few seconds. */
#include "app.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

static void draw(App *app, Ui *ui) {
  Rect c = app_chrome(app, ui, str(S_VOL_TITLE));
  char hours[8], line1[256] = "", line2[256] = "", name[32], date[32];
  vol_half_text(app->volDoneHalf, hours);
  const char *cat = app->volCat < app->model.volCats.n ? app->model.volCats.a[app->volCat] : "";
  const char *title = "";
  int ok = 1;
  Color mark = COL_OK;
  switch (app->volDone) {
  case VOLDONE_LOGGED:
    title = str(S_VOL_LOGGED);
    app_vol_day_text(app->volDay, name, sizeof name, date, sizeof date);
    snprintf(line1, sizeof line1, str(S_VOL_LOGGED_FMT), name, cat, hours);
    util_strlcpy(line2, str(S_VOL_WAIT_REVIEW), sizeof line2);
    break;
  case VOLDONE_STARTED: {
    char hm[6];
    util_local_hm(app->volShift.startAt, hm);
    title = str(S_VOL_STARTED);
    snprintf(line1, sizeof line1, str(S_VOL_STARTED_FMT), hm, app->volShift.category);
    break;
  }
  case VOLDONE_ENDED:
    title = str(S_VOL_ENDED);
    snprintf(line1, sizeof line1, str(S_VOL_ENDED_FMT), app->volShift.category, hours);
    util_strlcpy(line2, str(app->volDoneFlag[0] ? S_VOL_AUTO_FLAG : S_VOL_WAIT_REVIEW), sizeof line2);
    break;
  case VOLDONE_TOO_SHORT:
    title = str(S_VOL_ENDED);
    mark = COL_INFO;
    util_strlcpy(line1, str(S_VOL_TOO_SHORT), sizeof line1);
    break;
  case VOLDONE_FAILED:
    ok = 0;
    mark = COL_ERR;
    title = str(S_VOL_FAILED);
    util_strlcpy(line1, str(S_SAVE_FAILED_HINT), sizeof line1);
    break;
  }
  char who[200];
  snprintf(who, sizeof who, "%s  %s", app->who.name, title);
  app_answer(app, ui, c, ok, mark, who, line1, line2);
  app_return_note(app, ui);
}

const Screen screen_vol_done = {"vol_done", SCR_HOME, NULL, draw, NULL, app_return_deadline, app_return_expire, NULL,
                                NULL};
