/* screen_vol_done: the answer, shown only after the record committed —
 * hours logged (waiting for the secretary), a shift started, a shift ended
 * with its hours (or too short to count), or that nothing was saved — then
 * home by itself after a few seconds. */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

/* The news shown. */
static struct {
  VolDone what;
  int half;
  char flag[16];
} gDone;

void vol_done_show(App *app, VolDone what, int half, const char *zFlag) {
  gDone.what = what;
  gDone.half = half;
  util_strlcpy(gDone.flag, zFlag ? zFlag : "", sizeof gDone.flag);
  app_go(app, SCR_VOL_DONE);
}

static void draw(App *app, Ui *ui) {
  Rect c = app_chrome(app, ui, str(S_VOL_TITLE));
  char hours[8], line1[256] = "", line2[256] = "", name[32], date[32];
  vol_half_text(gDone.half, hours);
  const char *cat = vol_draft()->cat < app->model.volCats.n ? app->model.volCats.a[vol_draft()->cat] : "";
  const char *title = "";
  int ok = 1;
  Color mark = COL_OK;
  switch (gDone.what) {
  case VOLDONE_LOGGED:
    title = str(S_VOL_LOGGED);
    app_vol_day_text(vol_draft()->day, name, sizeof name, date, sizeof date);
    snprintf(line1, sizeof line1, str(S_VOL_LOGGED_FMT), name, cat, hours);
    util_strlcpy(line2, str(S_VOL_WAIT_REVIEW), sizeof line2);
    break;
  case VOLDONE_STARTED: {
    char hm[6];
    util_local_hm(vol_draft()->shift.startAt, hm);
    title = str(S_VOL_STARTED);
    snprintf(line1, sizeof line1, str(S_VOL_STARTED_FMT), hm, vol_draft()->shift.category);
    break;
  }
  case VOLDONE_ENDED:
    title = str(S_VOL_ENDED);
    snprintf(line1, sizeof line1, str(S_VOL_ENDED_FMT), vol_draft()->shift.category, hours);
    util_strlcpy(line2, str(gDone.flag[0] ? S_VOL_AUTO_FLAG : S_VOL_WAIT_REVIEW), sizeof line2);
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
  snprintf(who, sizeof who, "%s  %s", find_member()->name, title);
  app_answer(app, ui, c, ok, mark, who, line1, line2);
  app_return_note(app, ui);
}

const Screen screen_vol_done = {
    .name = "vol_done", .back = SCR_HOME, .draw = draw, .deadline = app_return_deadline, .expire = app_return_expire};
