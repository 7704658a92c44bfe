/* screen_vol_category: which kind of service — big tiles, one per category
 * (环境整治, 关爱帮扶, 政策宣传, 治安巡逻, 文明实践, 其他, from kiosk.conf or the
 * township's package). For a shift being started this is the last step. */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void enter(App *app) {
  model_refresh_categories(&app->model, app->db, app->cfg.volCategories);
}

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  Rect c = app_chrome(app, ui, str(S_VOL_PICK_CATEGORY));
  int n = app->model.volCats.n, portrait = m->h > m->w;
  int cols = portrait ? 2 : 3, rows = (n + cols - 1) / cols;
  if (rows < 1) rows = 1;
  Rect grid = {m->margin, c.y + m->gap * 3, m->w - 2 * m->margin, c.h - m->gap * 3 - m->margin};
  int tw = (grid.w - (cols - 1) * m->gap * 2) / cols, th = (grid.h - (rows - 1) * m->gap * 2) / rows;
  int maxH = (int)(300 * m->u);
  if (th > maxH) th = maxH;
  for (int i = 0; i < n; i++) {
    char id[16];
    snprintf(id, sizeof id, "vcat:%d", i);
    Rect r = {grid.x + (i % cols) * (tw + m->gap * 2), grid.y + (i / cols) * (th + m->gap * 2), tw, th};
    ui_button(ui, id, app->model.volCats.a[i], r, BTN_TILE, m->huge * 3 / 4);
  }
}

static void tap(App *app, const char *zId) {
  if (strncmp(zId, "vcat:", 5)) return;
  int i = atoi(zId + 5);
  if (i < 0 || i >= app->model.volCats.n) return;
  VolDraft *d = vol_draft();
  d->cat = i;
  if (!d->starting) { app_go(app, SCR_VOL_DAY); return; }
  char err[256];
  if (vol_shift_start(app->db, find_member()->memberNo, app->model.volCats.a[i], &d->shift, err, sizeof err)) {
    SDL_Log("shift start: %s", err);
    vol_done_show(app, VOLDONE_FAILED, 0, "");
  } else vol_done_show(app, VOLDONE_STARTED, 0, "");
}

const Screen screen_vol_category = {
    .name = "vol_category", .back = SCR_VOLUNTEER, .enter = enter, .draw = draw, .tap = tap};
