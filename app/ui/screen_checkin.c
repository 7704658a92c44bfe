/* screen_checkin: find yourself and tap your name. Big name tiles in pinyin
 * order, a 村民小组 filter, an index of the letters that have members (tap
 * Z to see only the Zhangs and Zhaos; tap it again for everyone), pages
 * turned with 上一页 / 下一页 (no scrolling, no swiping), and 按号码找 for
 * the keypad. It is also the finder: it keeps what finding someone is for
 * and who was found, for the screens after it (screens.h). */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The finder's state: what it is for, who it found, and the grid's view. */
static struct {
  Purpose purpose;
  Member who;      /* found for volunteering or my record */
  int group;       /* the group filter, -1 for all */
  char letter;     /* the index letter chosen, 0 for none */
  int page;
} gFind = {.group = -1};

void find_start(App *app, Purpose p) {
  gFind.purpose = p;
  app_go(app, SCR_CHECKIN);
}

Purpose find_purpose(void) { return gFind.purpose; }
void find_set_purpose(Purpose p) { gFind.purpose = p; }
const Member *find_member(void) { return &gFind.who; }

void find_set_member(const Member *m) {
  if (m) gFind.who = *m;
  else memset(&gFind.who, 0, sizeof gFind.who);
}

typedef struct {
  Rect tabs, letters, grid, pager;
  int cols, rows, tileW, tileH;
  int keyW, keyH, keyCols;   /* the letter index */
} Layout;

/* Letters with members (in the chosen group), as 'A'..'Z' and '#'. */
static int present_letters(const App *app, char *aOut) {
  unsigned mask = finder_letters(app->model.finder, app_group_name(app, gFind.group));
  int n = 0;
  for (int i = 0; i < 27; i++)
    if (mask & (1u << i)) aOut[n++] = i < 26 ? (char)('A' + i) : '#';
  return n;
}

static Layout compute(const Metrics *m, int top, int nLetter) {
  Layout l;
  int portrait = m->h > m->w;
  int tabH = m->minTap > (int)(100 * m->u) ? m->minTap : (int)(100 * m->u);
  int pagerH = m->minTap > (int)(112 * m->u) ? m->minTap : (int)(112 * m->u);
  l.keyW = l.keyH = m->minTap > (int)(88 * m->u) ? m->minTap : (int)(88 * m->u);
  l.tabs = (Rect){m->margin, top + m->gap, m->w - 2 * m->margin, tabH};
  l.pager = (Rect){m->margin, m->h - m->gap - pagerH, m->w - 2 * m->margin, pagerH};
  int y0 = l.tabs.y + l.tabs.h + m->gap, y1 = l.pager.y - m->gap;
  if (portrait) { /* the index runs in rows above the tiles */
    l.keyCols = (l.tabs.w + m->gap) / (l.keyW + m->gap);
    int rows = nLetter ? (nLetter + l.keyCols - 1) / l.keyCols : 0;
    l.letters = (Rect){m->margin, y0, l.tabs.w, rows ? rows * (l.keyH + m->gap) - m->gap : 0};
    if (rows) y0 += l.letters.h + m->gap;
    l.grid = (Rect){m->margin, y0, l.tabs.w, y1 - y0};
  } else { /* the index stands in columns at the right */
    int rowsFit = (y1 - y0 + m->gap) / (l.keyH + m->gap);
    if (rowsFit < 1) rowsFit = 1;
    l.keyCols = nLetter ? (nLetter + rowsFit - 1) / rowsFit : 0;
    int lw = l.keyCols ? l.keyCols * (l.keyW + m->gap) - m->gap : 0;
    l.letters = (Rect){m->w - m->margin - lw, y0, lw, y1 - y0};
    l.grid = (Rect){m->margin, y0, l.tabs.w - (lw ? lw + 2 * m->gap : 0), y1 - y0};
    l.pager.w = l.grid.w;
  }
  /* wide enough for a 25-character name on three lines at body size */
  int minW = (int)(330 * m->u), minH = (int)(150 * m->u);
  if (minW < m->minTap) minW = m->minTap;
  if (minH < m->minTap) minH = m->minTap;
  l.cols = (l.grid.w + m->gap) / (minW + m->gap);
  l.rows = (l.grid.h + m->gap) / (minH + m->gap);
  if (l.cols < 1) l.cols = 1;
  if (l.rows < 1) l.rows = 1;
  l.tileW = (l.grid.w - (l.cols - 1) * m->gap) / l.cols;
  l.tileH = (l.grid.h - (l.rows - 1) * m->gap) / l.rows;
  int maxH = (int)(190 * m->u);
  if (l.tileH > maxH) l.tileH = maxH;
  return l;
}

/* The members the filters show, in pinyin order, into app->model.aVisible. */
static int visible(App *app) {
  const char *g = app_group_name(app, gFind.group);
  return gFind.letter ? finder_by_letter(app->model.finder, gFind.letter, g, app->model.aVisible)
                      : finder_all(app->model.finder, g, app->model.aVisible);
}

static void enter(App *app) {
  gFind.page = 0;
  gFind.group = -1;
  gFind.letter = 0;
}

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  char title[96];
  if (gFind.letter) snprintf(title, sizeof title, str(S_LETTER_TITLE_FMT), gFind.letter);
  else util_strlcpy(title, str(gFind.purpose == PURPOSE_VOLUNTEER ? S_FIND_FOR_VOLUNTEER
                               : gFind.purpose == PURPOSE_RECORD  ? S_FIND_FOR_RECORD
                                                                  : S_FIND_YOURSELF), sizeof title);
  Rect content = app_chrome(app, ui, title);
  char aLetter[27];
  int nLetter = present_letters(app, aLetter);
  Layout l = compute(m, content.y, nLetter);

  /* group filter, then 按号码找 */
  int nTab = app->model.nGroup + 2;
  int tabW = (l.tabs.w - (nTab - 1) * m->gap) / nTab;
  for (int t = 0; t < nTab; t++) {
    Rect r = {l.tabs.x + t * (tabW + m->gap), l.tabs.y, tabW, l.tabs.h};
    if (t == nTab - 1) { ui_button(ui, "keypad", str(S_BY_NUMBER), r, BTN_PRIMARY, m->body); break; }
    char id[UI_ID_MAX];
    snprintf(id, sizeof id, "group:%d", t - 1);
    ui_button(ui, id, t == 0 ? str(S_ALL_GROUPS) : app->model.azGroup[t - 1], r,
              gFind.group == t - 1 ? BTN_TAB_SELECTED : BTN_TAB, m->body);
  }

  /* the letter index */
  for (int i = 0; i < nLetter; i++) {
    int col = l.keyCols ? i % l.keyCols : 0, row = l.keyCols ? i / l.keyCols : 0;
    Rect r = {l.letters.x + col * (l.keyW + m->gap), l.letters.y + row * (l.keyH + m->gap), l.keyW, l.keyH};
    char id[UI_ID_MAX], label[2] = {aLetter[i], 0};
    snprintf(id, sizeof id, "letter:%c", aLetter[i]);
    ui_button(ui, id, label, r, gFind.letter == aLetter[i] ? BTN_TAB_SELECTED : BTN_TAB, m->large);
  }

  /* the page of name tiles */
  int n = visible(app);
  int perPage = l.cols * l.rows;
  int pages = (n + perPage - 1) / perPage;
  if (pages < 1) pages = 1;
  if (gFind.page >= pages) gFind.page = pages - 1;
  for (int k = 0; k < perPage; k++) {
    int i = gFind.page * perPage + k;
    if (i >= n) break;
    Rect r = {l.grid.x + (k % l.cols) * (l.tileW + m->gap), l.grid.y + (k / l.cols) * (l.tileH + m->gap), l.tileW,
              l.tileH};
    app_member_tile(app, ui, app->model.aVisible[i], r);
  }

  /* pager */
  int bw = l.pager.w / 4;
  char pageText[64];
  snprintf(pageText, sizeof pageText, str(S_PAGE_FMT), gFind.page + 1, pages);
  ui_text_in(ui, pageText, l.pager, m->body, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
  if (gFind.page > 0)
    ui_button(ui, "page:prev", str(S_PREV_PAGE), (Rect){l.pager.x, l.pager.y, bw, l.pager.h}, BTN_TILE, m->title);
  if (gFind.page < pages - 1)
    ui_button(ui, "page:next", str(S_NEXT_PAGE), (Rect){l.pager.x + l.pager.w - bw, l.pager.y, bw, l.pager.h},
              BTN_TILE, m->title);
}

static void tap(App *app, const char *zId) {
  app->dirty = 1;
  if (!strncmp(zId, "member:", 7)) app_member_chosen(app, zId + 7, CHECKIN_METHOD_TAP);
  else if (!strcmp(zId, "keypad")) app_go(app, SCR_KEYPAD);
  else if (!strcmp(zId, "page:next")) gFind.page++;
  else if (!strcmp(zId, "page:prev")) { if (gFind.page > 0) gFind.page--; }
  else if (!strncmp(zId, "letter:", 7)) {
    gFind.letter = gFind.letter == zId[7] ? 0 : zId[7]; /* the same letter again: everyone */
    gFind.page = 0;
  } else if (!strncmp(zId, "group:", 6)) {
    gFind.group = atoi(zId + 6);
    if (gFind.group < -1 || gFind.group >= app->model.nGroup) gFind.group = -1;
    gFind.page = 0;
    /* keep the letter only if the group has it */
    if (gFind.letter &&
        !finder_by_letter(app->model.finder, gFind.letter, app_group_name(app, gFind.group), app->model.aVisible))
      gFind.letter = 0;
  }
}

const Screen screen_checkin = {.name = "checkin", .back = SCR_HOME, .enter = enter, .draw = draw, .tap = tap};
