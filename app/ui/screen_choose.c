/* screen_choose: when several activities are open for check-in at once (a
 * 主题党日 and a 党小组会, say), the member picks one from big tiles: its
 * kind, its title, its time and place. Then the name grid. */
#include "app.h"
#include "strings.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  Rect content = app_chrome(app, ui, str(S_CHOOSE_TITLE));
  int n = app->model.nOpen < 6 ? app->model.nOpen : 6;
  if (!n) return;
  int avail = content.h - 2 * m->gap;
  int tileH = (avail - (n - 1) * m->gap) / n, maxH = (int)(240 * m->u);
  if (tileH > maxH) tileH = maxH;
  int y = content.y + m->gap;
  for (int i = 0; i < n; i++, y += tileH + m->gap) {
    const Activity *a = &app->model.aOpen[i];
    Rect r = {m->margin, y, m->w - 2 * m->margin, tileH};
    char id[UI_ID_MAX], when[320];
    snprintf(id, sizeof id, "activity:%lld", (long long)a->id);
    Color body, ink;
    ui_button_colors(ui, id, BTN_TILE, &body, &ink);
    ui_fill(ui, r, body);
    ui_outline(ui, r, ui_is_pressed(ui, id) ? (int)(6 * m->u) + 1 : (int)(3 * m->u) + 1, COL_TILE_EDGE);
    int px = text_fit(ui->text, a->title, m->title, m->body, STYLE_BOLD, r.w - 2 * m->margin);
    Rect top = {r.x + m->margin, r.y, r.w - 2 * m->margin, r.h * 3 / 5};
    ui_text_in(ui, a->title, top, px ? px : m->body, STYLE_BOLD, ink, ALIGN_LEFT);
    snprintf(when, sizeof when, "%s  %s–%s  %s", a->kind, a->startHm, a->endHm, a->location);
    int wpx = text_fit(ui->text, when, m->body, m->small, STYLE_REGULAR, r.w - 2 * m->margin);
    Rect bottom = {r.x + m->margin, r.y + r.h * 3 / 5, r.w - 2 * m->margin, r.h * 2 / 5};
    ui_text_in(ui, when, bottom, wpx ? wpx : m->small, STYLE_REGULAR, ink, ALIGN_LEFT);
    ui_widget(ui, id, a->title, r, px ? px : m->body);
  }
}

static void tap(App *app, const char *zId) {
  if (strncmp(zId, "activity:", 9)) return;
  long long id = atoll(zId + 9);
  for (int i = 0; i < app->model.nOpen; i++)
    if (app->model.aOpen[i].id == id) {
      app->model.act = app->model.aOpen[i];
      app->model.haveAct = 1;
      app_go(app, SCR_CHECKIN);
    }
}

const Screen screen_choose = {.name = "choose", .back = SCR_HOME, .draw = draw, .tap = tap};
