/* screen_usb: a stick was plugged in. The worker thread checks and applies
 * what the township sent on it; meanwhile the screen says 正在读取U盘, then
 * what was applied (or refused, with the reason in words), and offers
 * 导出数据 for the secretary (PIN first). */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  Rect c = app_chrome(app, ui, str(S_USB_TITLE));
  int y = c.y + m->gap * 3, w = c.w - 2 * m->margin;
  if (!app->model.stick[0]) {
    ui_text_in(ui, str(S_USB_GONE), (Rect){m->margin, y, w, c.h / 2}, m->title, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
    return;
  }
  ui_text(ui, str(S_USB_FOUND), m->w / 2, y, m->title, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
  y += app_line_h(ui, m->title, STYLE_BOLD) + m->gap * 2;
  if (app->model.stickState == STICK_READING) {
    ui_text(ui, str(S_USB_READING), m->w / 2, y, m->large, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
    y += app_line_h(ui, m->large, STYLE_BOLD) + m->gap;
    ui_text(ui, str(S_USB_DONT_PULL), m->w / 2, y, m->large, STYLE_BOLD, COL_ERR, ALIGN_CENTER);
    return;
  }
  if (!app->model.nUsbLines) {
    ui_text(ui, str(S_USB_NOTHING_TO_APPLY), m->w / 2, y, m->large, STYLE_REGULAR, COL_MUTED, ALIGN_CENTER);
    y += app_line_h(ui, m->large, STYLE_REGULAR) + m->gap;
  }
  for (int i = 0; i < app->model.nUsbLines; i++) {
    char cut[300];
    int px = app_fit_or_cut(ui, app->model.usbLines[i], m->large, m->body, STYLE_REGULAR, w, cut, sizeof cut);
    ui_text(ui, cut, m->w / 2, y, px, STYLE_REGULAR, COL_TEXT, ALIGN_CENTER);
    y += app_line_h(ui, px, STYLE_REGULAR) + m->gap;
  }
  y += m->gap * 2;
  int bw = m->h > m->w ? w : w / 2, bh = m->h - m->margin - y;
  if (bh > (int)(300 * m->u)) bh = (int)(300 * m->u);
  ui_button2(ui, "export", str(S_USB_EXPORT), str(S_USB_EXPORT_HINT), (Rect){(m->w - bw) / 2, y, bw, bh}, BTN_PRIMARY,
             m->huge, m->body);
}

static void tap(App *app, const char *zId) {
  if (strcmp(zId, "export") || !app->model.stick[0] || app->model.stickState != STICK_READ) return;
  pin_ask(app, SCR_USB_EXPORT);
}

const Screen screen_usb = {.name = "usb", .back = SCR_HOME, .draw = draw, .tap = tap};
