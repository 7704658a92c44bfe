/* screen_usb_export: the export onto the stick, after the PIN. It shows
 * 正在导出 / 请不要拔出U盘 and hands the work to the worker thread, which
 * writes the bundle (signed, sealed to the township) and this month's
 * workbook, each under a temporary name, fsynced, renamed and read back;
 * only its MODEL_EXPORT_DONE event turns the screen to
 * 导出完成，可以拔出U盘. If the stick is pulled or full it says so; the data
 * stays in the kiosk, and nothing counts as sent until the township
 * acknowledges it. The screen itself touches no file. */
#include "app.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

static void enter(App *app) {
  app->model.exportState = EXPORT_WORKING;
  app->model.exportRecords = 0;
  app->model.exportSeq++;
  if (!app->model.stick[0] || worker_export(app->worker, app->model.stick, app->model.exportSeq)) {
    app->model.exportState = EXPORT_FAILED;
    sound_play(app->sound, TONE_REFUSED);
  }
}

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  Rect c = app_chrome(app, ui, str(S_USB_EXPORT));
  if (app->model.exportState == EXPORT_WORKING) {
    int y = c.y + c.h / 3;
    ui_text(ui, str(S_USB_WORKING), m->w / 2, y, m->huge, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
    ui_text(ui, str(S_USB_DONT_PULL), m->w / 2, y + app_line_h(ui, m->huge, STYLE_BOLD) + m->gap * 2, m->title,
            STYLE_BOLD, COL_ERR, ALIGN_CENTER);
    return;
  }
  char line[256];
  snprintf(line, sizeof line, str(S_USB_DONE_FMT), app->model.exportRecords);
  if (app->model.exportState == EXPORT_DONE && app->model.exportEjected < 0) /* asked to unmount, and it did not */
    app_answer(app, ui, c, 1, COL_OK, str(S_USB_DONE_STILL_IN), line, str(S_USB_STILL_IN_HINT));
  else if (app->model.exportState == EXPORT_DONE) app_answer(app, ui, c, 1, COL_OK, str(S_USB_DONE), line, NULL);
  else app_answer(app, ui, c, 0, COL_ERR, str(S_USB_FAILED), str(S_USB_FAILED_HINT), NULL);
  app_return_note(app, ui);
}

/* while working, none: the worker's event ends it */
static Uint64 deadline(App *app) {
  return app->model.exportState == EXPORT_WORKING ? 0 : app_return_deadline(app);
}

static void expire(App *app) {
  if (app->model.exportState != EXPORT_WORKING) app_return_expire(app);
}

const Screen screen_usb_export = {
    .name = "usb_export", .back = SCR_USB, .enter = enter, .draw = draw, .deadline = deadline, .expire = expire};
