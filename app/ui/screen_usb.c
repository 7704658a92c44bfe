/* screen_usb: a stick was plugged in. What the township sent on it has
 * already been checked and applied (or refused, with the reason in words);
 * the screen says so, and offers 导出数据 for the secretary (PIN first). */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  Rect c = app_chrome(app, ui, str(S_USB_TITLE));
  int y = c.y + m->gap * 3, w = c.w - 2 * m->margin;
  if (!app->stick[0]) {
    ui_text_in(ui, str(S_USB_GONE), (Rect){m->margin, y, w, c.h / 2}, m->title, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
    return;
  }
  ui_text(ui, str(S_USB_FOUND), m->w / 2, y, m->title, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
  y += app_line_h(ui, m->title, STYLE_BOLD) + m->gap * 2;
  if (!app->nUsbLines) {
    ui_text(ui, str(S_USB_NOTHING_TO_APPLY), m->w / 2, y, m->large, STYLE_REGULAR, COL_MUTED, ALIGN_CENTER);
    y += app_line_h(ui, m->large, STYLE_REGULAR) + m->gap;
  }
  for (int i = 0; i < app->nUsbLines; i++) {
    char cut[300];
    int px = app_fit_or_cut(ui, app->usbLines[i], m->large, m->body, STYLE_REGULAR, w, cut, sizeof cut);
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
  if (strcmp(zId, "export") || !app->stick[0]) return;
  pin_ask(app, SCR_USB_EXPORT);
}

const Screen screen_usb = {.name = "usb", .back = SCR_HOME, .draw = draw, .tap = tap};
