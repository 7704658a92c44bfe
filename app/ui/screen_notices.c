/* screen_notices: the four kinds of notice as big tiles — 通知公告, 党务公开,
 * 村务公开, 政策宣传 — each saying how many there are and how many nobody has
 * opened yet. A tile leads to that kind's list. */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

static int aCount[NOTICE_CAT_COUNT], aUnread[NOTICE_CAT_COUNT];

static const StringId aName[NOTICE_CAT_COUNT] = {S_CAT_NOTICE, S_CAT_PARTY, S_CAT_VILLAGE, S_CAT_POLICY};

static void enter(App *app) {
  char today[11];
  util_local_date(util_now(), today);
  if (notice_counts(app->db, today, aCount, aUnread)) {
    memset(aCount, 0, sizeof aCount);
    memset(aUnread, 0, sizeof aUnread);
  }
}

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  Rect c = app_chrome(app, ui, str(S_NOTICES));
  int hintH = app_line_h(ui, m->large, STYLE_REGULAR) + m->gap * 2;
  ui_text_in(ui, str(S_NOTICE_PICK), (Rect){c.x, c.y, c.w, hintH}, m->large, STYLE_REGULAR, COL_MUTED, ALIGN_CENTER);
  Rect grid = {m->margin, c.y + hintH, m->w - 2 * m->margin, c.h - hintH - m->margin};
  int tw = (grid.w - m->gap * 2) / 2, th = (grid.h - m->gap * 2) / 2;
  for (int i = 0; i < NOTICE_CAT_COUNT; i++) {
    Rect r = {grid.x + (i % 2) * (tw + m->gap * 2), grid.y + (i / 2) * (th + m->gap * 2), tw, th};
    char id[16], line[96];
    snprintf(id, sizeof id, "cat:%d", i);
    if (!aCount[i]) util_strlcpy(line, str(S_CAT_NONE), sizeof line);
    else {
      snprintf(line, sizeof line, str(S_CAT_COUNT_FMT), aCount[i]);
      if (aUnread[i]) {
        size_t n = strlen(line);
        snprintf(line + n, sizeof line - n, " · ");
        n = strlen(line);
        snprintf(line + n, sizeof line - n, str(S_CAT_UNREAD_FMT), aUnread[i]);
      }
    }
    ui_button2(ui, id, str(aName[i]), line, r, BTN_TILE, m->huge, m->large);
  }
}

static void tap(App *app, const char *zId) {
  if (strncmp(zId, "cat:", 4)) return;
  int c = zId[4] - '0';
  if (c < 0 || c >= NOTICE_CAT_COUNT) return;
  notice_list_open(app, c);
}

const Screen screen_notices = {.name = "notices", .back = SCR_HOME, .enter = enter, .draw = draw, .tap = tap};
