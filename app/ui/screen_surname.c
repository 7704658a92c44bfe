/* screen_surname: find yourself by the character of your surname, for
 * members who cannot turn 张 into Z. Opened by 按姓找 beside the letters on
 * the name grid.
 *
 * First the village's surnames as big character tiles, most common first,
 * each with how many members have it ("14人"); compound surnames (欧阳,
 * 司马 ...) are one tile (finder_surnames). Tapping one shows those
 * members' name tiles on the same screen (the name grid's drawing,
 * find_draw_names), where a tap on a name goes on as it does from the grid
 * (check-in and its confirmation, or volunteering, or my record);
 * 换一个姓 goes back to the surnames, 返回 to the grid.
 *
 * The surnames are counted once per roster (on entering, and again when the
 * roster changed under the screen), not per frame. */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct {
  FinderSurname *aSur;  /* the surnames, most common first */
  int nSur;
  unsigned gen;         /* the roster they were counted from (model.rosterGen) */
  char chosen[16];      /* the surname tapped, "" while choosing */
  int page, namePage;
} gSur;

/* Counts the surnames again when the roster is not the one counted. */
static void refresh(App *app) {
  if (gSur.aSur && gSur.gen == app->model.rosterGen) return;
  free(gSur.aSur);
  gSur.aSur = NULL;
  gSur.nSur = 0;
  gSur.gen = app->model.rosterGen;
  if (!app->model.finder) return;
  int n = finder_surname_count(app->model.finder);
  gSur.aSur = malloc(sizeof *gSur.aSur * (size_t)(n ? n : 1));
  if (gSur.aSur) gSur.nSur = finder_surnames(app->model.finder, NULL, gSur.aSur);
}

static void enter(App *app) {
  gSur.chosen[0] = 0;
  gSur.page = gSur.namePage = 0;
  refresh(app);
}

static void leave(App *app) {
  (void)app;
  free(gSur.aSur); /* counted again on the next visit: the roster may change meanwhile */
  gSur.aSur = NULL;
  gSur.nSur = 0;
}

static Rect pager_rect(const Metrics *m) {
  int h = m->minTap > (int)(112 * m->u) ? m->minTap : (int)(112 * m->u);
  return (Rect){m->margin, m->h - m->gap - h, m->w - 2 * m->margin, h};
}

/* One surname tile: the character(s) big, the count under them. */
static void surname_tile(Ui *ui, const FinderSurname *s, Rect r) {
  const Metrics *m = &ui->m;
  char id[UI_ID_MAX], count[32], label[64];
  snprintf(id, sizeof id, "surname:%s", s->surname);
  snprintf(count, sizeof count, str(S_SURNAME_COUNT_FMT), s->count);
  Color body, ink;
  ui_button_colors(ui, id, BTN_TILE, &body, &ink);
  ui_fill(ui, r, body);
  int th = (int)(ui_is_pressed(ui, id) ? 6 * m->u : 3 * m->u);
  ui_outline(ui, r, th < 2 ? 2 : th, ui_is_pressed(ui, id) ? COL_TEXT : COL_TILE_EDGE);
  int cw, ch, pad = m->gap / 2;
  text_measure(ui->text, count, m->small, STYLE_REGULAR, &cw, &ch);
  /* the character as big as the room above the count allows (a line box is
   * ~1.4x the pixel size) */
  int room = r.h - ch - pad, px = room * 10 / 14 < m->huge ? room * 10 / 14 : m->huge;
  int fit = text_fit(ui->text, s->surname, px, m->body, STYLE_BOLD, r.w - 2 * pad);
  ui_text_in(ui, s->surname, (Rect){r.x + pad, r.y + pad / 2, r.w - 2 * pad, room}, fit ? fit : m->body, STYLE_BOLD,
             ink, ALIGN_CENTER);
  ui_text_in(ui, count, (Rect){r.x + pad, r.y + r.h - pad / 2 - ch, r.w - 2 * pad, ch}, m->small, STYLE_REGULAR, ink,
             ALIGN_CENTER);
  snprintf(label, sizeof label, "%s %s", s->surname, count);
  ui_widget(ui, id, label, r, fit ? fit : m->body);
}

static void draw_surnames(App *app, Ui *ui, Rect content) {
  const Metrics *m = &ui->m;
  Rect pager = pager_rect(m);
  Rect grid = {m->margin, content.y + m->gap, m->w - 2 * m->margin, pager.y - m->gap - content.y - m->gap};
  int minW = m->minTap > (int)(200 * m->u) ? m->minTap : (int)(200 * m->u);
  int minH = m->minTap > (int)(170 * m->u) ? m->minTap : (int)(170 * m->u);
  int cols = (grid.w + m->gap) / (minW + m->gap), rows = (grid.h + m->gap) / (minH + m->gap);
  if (cols < 1) cols = 1;
  if (rows < 1) rows = 1;
  int tileW = (grid.w - (cols - 1) * m->gap) / cols, tileH = (grid.h - (rows - 1) * m->gap) / rows;
  if (tileH > (int)(220 * m->u)) tileH = (int)(220 * m->u);
  int perPage = cols * rows, pages = (gSur.nSur + perPage - 1) / perPage;
  if (pages < 1) pages = 1;
  if (gSur.page >= pages) gSur.page = pages - 1;
  for (int k = 0; k < perPage; k++) {
    int i = gSur.page * perPage + k;
    if (i >= gSur.nSur) break;
    if (!gSur.aSur[i].surname[0]) continue; /* a member with no name: no tile to tap */
    Rect r = {grid.x + (k % cols) * (tileW + m->gap), grid.y + (k / cols) * (tileH + m->gap), tileW, tileH};
    surname_tile(ui, &gSur.aSur[i], r);
  }
  if (pages > 1) app_pager(app, ui, pager, gSur.page, pages);
}

static void draw_names(App *app, Ui *ui, Rect content) {
  const Metrics *m = &ui->m;
  Rect pager = pager_rect(m);
  int rowH = m->minTap > (int)(100 * m->u) ? m->minTap : (int)(100 * m->u);
  int tw, th;
  text_measure(ui->text, str(S_OTHER_SURNAME), m->large, STYLE_BOLD, &tw, &th);
  ui_button(ui, "surname:other", str(S_OTHER_SURNAME), (Rect){m->margin, content.y + m->gap, tw + 2 * m->margin, rowH},
            BTN_TAB, m->large);
  int y = content.y + 2 * m->gap + rowH;
  Rect grid = {m->margin, y, m->w - 2 * m->margin, pager.y - m->gap - y};
  int n = finder_by_surname(app->model.finder, gSur.chosen, NULL, app->model.aVisible);
  find_draw_names(app, ui, grid, pager, n, &gSur.namePage);
}

static void draw(App *app, Ui *ui) {
  refresh(app);
  char title[96];
  if (gSur.chosen[0]) snprintf(title, sizeof title, str(S_SURNAME_NAMES_FMT), gSur.chosen);
  else util_strlcpy(title, str(S_SURNAME_TITLE), sizeof title);
  Rect content = app_chrome(app, ui, title);
  if (!app->model.finder || !app->model.nMember) {
    ui_text_in(ui, str(S_NO_MEMBERS), content, ui->m.large, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
    return;
  }
  if (gSur.chosen[0]) draw_names(app, ui, content);
  else draw_surnames(app, ui, content);
}

static void tap(App *app, const char *zId) {
  app->dirty = 1;
  if (!strncmp(zId, "member:", 7)) app_member_chosen(app, zId + 7, CHECKIN_METHOD_TAP);
  else if (!strcmp(zId, "surname:other")) gSur.chosen[0] = 0;
  else if (!strncmp(zId, "surname:", 8)) {
    util_strlcpy(gSur.chosen, zId + 8, sizeof gSur.chosen);
    gSur.namePage = 0;
  } else if (!strcmp(zId, "page:next")) {
    if (gSur.chosen[0]) gSur.namePage++;
    else gSur.page++;
  } else if (!strcmp(zId, "page:prev")) {
    int *p = gSur.chosen[0] ? &gSur.namePage : &gSur.page;
    if (*p > 0) (*p)--;
  }
}

const Screen screen_surname = {
    .name = "surname", .back = SCR_CHECKIN, .enter = enter, .leave = leave, .draw = draw, .tap = tap};
