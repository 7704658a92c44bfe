/* digits: the big 3×4 digit pad shared by the member keypad and the admin
 * PIN screen — 1-9, then 清空 0 删除 — and what a key does to the digits
 * typed so far (each screen keeps its own). A disabled pad (the PIN's
 * lockout) is drawn greyed and offers nothing to press. */
#include "app.h"
#include "strings.h"
#include <stdio.h>
#include <string.h>

void app_digit_pad(App *app, Ui *ui, Rect pad, int keyW, int keyH, int enabled) {
  const Metrics *m = &ui->m;
  static const char *const azKey[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "del"};
  for (int k = 0; k < 12; k++) {
    Rect r = {pad.x + (k % 3) * (keyW + m->gap), pad.y + (k / 3) * (keyH + m->gap), keyW, keyH};
    char id[UI_ID_MAX];
    snprintf(id, sizeof id, "key:%s", azKey[k]);
    const char *label = k == 9 ? str(S_KEYPAD_CLEAR) : k == 11 ? str(S_KEYPAD_DELETE) : azKey[k];
    int px = k == 9 || k == 11 ? m->large : m->huge * 3 / 4;
    if (px > keyH * 2 / 3) px = keyH * 2 / 3; /* a short key (the admin board's pad): the digit stays inside */
    if (enabled) { ui_button(ui, id, label, r, BTN_TILE, px); continue; }
    /* greyed, and no widget: a press finds nothing, so not even a highlight */
    ui_fill(ui, r, COL_DISABLED);
    ui_text_in(ui, label, r, px, STYLE_REGULAR, COL_MUTED, ALIGN_CENTER);
  }
  (void)app;
}

void app_pin_boxes(App *app, Ui *ui, int y, int box, int nFilled) {
  const Metrics *m = &ui->m;
  int bx = (m->w - (6 * box + 5 * m->gap)) / 2;
  for (int i = 0; i < 6; i++) {
    Rect r = {bx + i * (box + m->gap), y, box, box};
    ui_fill(ui, r, COL_TILE);
    ui_outline(ui, r, (int)(3 * m->u) > 2 ? (int)(3 * m->u) : 2, COL_TEXT);
    if (i < nFilled) ui_disc(ui, r.x + box / 2, r.y + box / 2, box / 5, COL_TEXT);
  }
  (void)app;
}

int app_digit_key(App *app, const char *zId, char *zDigits, size_t nDigits, int maxLen) {
  if (strncmp(zId, "key:", 4)) return 0;
  size_t len = strlen(zDigits);
  if (!strcmp(zId, "key:clear")) zDigits[0] = 0;
  else if (!strcmp(zId, "key:del")) { if (len) zDigits[len - 1] = 0; }
  else if (zId[4] >= '0' && zId[4] <= '9' && !zId[5] && (int)len < maxLen && len + 1 < nDigits) {
    zDigits[len] = zId[4];
    zDigits[len + 1] = 0;
  }
  app->dirty = 1;
  return 1;
}
