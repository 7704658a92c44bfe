/* screen_usb_export: the export onto the stick, after the PIN. It first
 * shows 正在导出 / 请不要拔出U盘, then writes the bundle (signed, sealed to
 * the township) and this month's workbook, each under a temporary name,
 * fsynced, renamed and read back — and only then says
 * 导出完成，可以拔出U盘. If the stick is pulled or full it says so; the data
 * stays in the kiosk, and nothing counts as sent until the township
 * acknowledges it. */
#include "app.h"
#include "export_xlsx.h"
#include "strings.h"
#include "sync.h"
#include "util.h"
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int gFrameAtEnter; /* the working frame must be on screen before the work starts */

static void enter(App *app) {
  app->exportState = 0;
  app->exportRecords = 0;
  gFrameAtEnter = app->framesPresented;
}

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  Rect c = app_chrome(app, ui, str(S_USB_EXPORT));
  if (app->exportState == 0) {
    int y = c.y + c.h / 3;
    ui_text(ui, str(S_USB_WORKING), m->w / 2, y, m->huge, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
    ui_text(ui, str(S_USB_DONT_PULL), m->w / 2, y + app_line_h(ui, m->huge, STYLE_BOLD) + m->gap * 2, m->title,
            STYLE_BOLD, COL_ERR, ALIGN_CENTER);
    return;
  }
  char line[256];
  snprintf(line, sizeof line, str(S_USB_DONE_FMT), app->exportRecords);
  if (app->exportState > 0) app_answer(app, ui, c, 1, COL_OK, str(S_USB_DONE), line, NULL);
  else app_answer(app, ui, c, 0, COL_ERR, str(S_USB_FAILED), str(S_USB_FAILED_HINT), NULL);
  app_return_note(app, ui);
}

/* once the working frame is on screen, do it */
static Uint64 deadline(App *app) {
  if (app->exportState != 0) return app_return_deadline(app);
  return app->framesPresented > gFrameAtEnter ? app->enteredAt : app_now(app) + 1; /* enteredAt: already past */
}

static void expire(App *app) {
  if (app->exportState != 0) { app_return_expire(app); return; }
  if (app->framesPresented <= gFrameAtEnter) return;
  char dir[USB_PATH_MAX + 16], err[512], xlsx[1400];
  snprintf(dir, sizeof dir, "%s/KIOSK", app->stick);
  mkdir(dir, 0755);
  SyncExport e;
  if (!app->stick[0] || sync_export(app->db, &app->kp, &app->cfg, 0, 0, dir, &e, err, sizeof err) ||
      export_xlsx(app->db, &app->cfg, dir, xlsx, sizeof xlsx, err, sizeof err)) {
    SDL_Log("export: %s", app->stick[0] ? err : "no stick");
    app->exportState = -1;
    sound_play(app->sound, TONE_REFUSED);
  } else {
    app->exportState = 1;
    app->exportRecords = e.records;
    sound_play(app->sound, TONE_OK);
  }
  app->enteredAt = app_now(app); /* the answer stays its full time */
  app->dirty = 1;
}

const Screen screen_usb_export = {
    .name = "usb_export", .back = SCR_USB, .enter = enter, .draw = draw, .deadline = deadline, .expire = expire};
