/* digits: the big 3×4 digit pad shared by the member keypad and the admin
 * PIN screen — 1-9, then 清空 0 删除 — and what a key does to the typed
 * digits in app->digits. */
#include "app.h"
#include "strings.h"
#include <stdio.h>
#include <string.h>

void app_digit_pad(App *app, Ui *ui, Rect pad, int keyW, int keyH) {
  const Metrics *m = &ui->m;
  static const char *const azKey[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "del"};
  for (int k = 0; k < 12; k++) {
    Rect r = {pad.x + (k % 3) * (keyW + m->gap), pad.y + (k / 3) * (keyH + m->gap), keyW, keyH};
    char id[UI_ID_MAX];
    snprintf(id, sizeof id, "key:%s", azKey[k]);
    const char *label = k == 9 ? str(S_KEYPAD_CLEAR) : k == 11 ? str(S_KEYPAD_DELETE) : azKey[k];
    ui_button(ui, id, label, r, BTN_TILE, k == 9 || k == 11 ? m->large : m->huge * 3 / 4);
  }
  (void)app;
}

int app_digit_key(App *app, const char *zId, int maxLen) {
  if (strncmp(zId, "key:", 4)) return 0;
  size_t len = strlen(app->digits);
  if (!strcmp(zId, "key:clear")) app->digits[0] = 0;
  else if (!strcmp(zId, "key:del")) { if (len) app->digits[len - 1] = 0; }
  else if (zId[4] >= '0' && zId[4] <= '9' && !zId[5] && (int)len < maxLen && len + 1 < sizeof app->digits) {
    app->digits[len] = zId[4];
    app->digits[len + 1] = 0;
  }
  app->dirty = 1;
  return 1;
}
