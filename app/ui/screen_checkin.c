/* screen_checkin: find yourself and tap your name. Big name tiles in pinyin
 * order, a 村民小组 filter, an index of the letters that have members (tap
 * Z to see only the Zhangs and Zhaos; tap it again for everyone) headed by
 * 按姓找 for members who know the character of their surname but not its
 * letter (screen_surname.c), pages turned with 上一页 / 下一页 (no
 * scrolling, no swiping), and 按号码找 for the keypad. It is also the
 * finder: it keeps what finding someone is for and who was found, for the
 * screens after it (screens.h).
 *
 * Real rosters name their groups at length (第一村民小组, 东风村第十二村民小组)
 * and a village may have fifteen of them: a tab shows the group's short
 * form when the full one does not fit (app_group_short), and when the tabs
 * still do not fit one row they are paged, 更多组 showing the next few. */
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
  int groupPage;   /* the page of group tabs shown, when they do not fit one row */
  char letter;     /* the index letter chosen, 0 for none */
  int page;
  int notMe;       /* came back after 不是我: the title says so until the next tap */
} gFind = {.group = -1};

void find_start(App *app, Purpose p) {
  gFind.purpose = p;
  app_go(app, SCR_CHECKIN);
}

void find_after_not_me(App *app) {
  gFind.purpose = PURPOSE_CHECKIN;
  app_go(app, SCR_CHECKIN);
  gFind.notMe = 1;
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
  int keyW, keyH, keyCols;   /* the letter index */
  int surnameCells;          /* cells of the index that 按姓找 takes, at its start */
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
  if (portrait) { /* the index runs in rows above the tiles, 按姓找 first, three keys wide */
    l.keyCols = (l.tabs.w + m->gap) / (l.keyW + m->gap);
    l.surnameCells = l.keyCols < 3 ? l.keyCols : 3;
    int cells = nLetter + l.surnameCells;
    int rows = (cells + l.keyCols - 1) / l.keyCols;
    l.letters = (Rect){m->margin, y0, l.tabs.w, rows * (l.keyH + m->gap) - m->gap};
    y0 += l.letters.h + m->gap;
    l.grid = (Rect){m->margin, y0, l.tabs.w, y1 - y0};
  } else { /* the index stands in columns at the right, under a row for 按姓找 */
    int rowsFit = (y1 - y0 + m->gap) / (l.keyH + m->gap);
    if (rowsFit < 2) rowsFit = 2;
    l.keyCols = (nLetter + rowsFit - 2) / (rowsFit - 1);
    if (l.keyCols < 2) l.keyCols = 2; /* room for the words 按姓找 */
    l.surnameCells = l.keyCols;
    int lw = l.keyCols * (l.keyW + m->gap) - m->gap;
    l.letters = (Rect){m->w - m->margin - lw, y0, lw, y1 - y0};
    l.grid = (Rect){m->margin, y0, l.tabs.w - (lw + 2 * m->gap), y1 - y0};
    l.pager.w = l.grid.w;
  }
  return l;
}

void find_draw_names(App *app, Ui *ui, Rect grid, Rect pager, int n, int *pPage) {
  const Metrics *m = &ui->m;
  /* wide enough for a 25-character name on three lines at body size */
  int minW = (int)(330 * m->u), minH = (int)(150 * m->u);
  if (minW < m->minTap) minW = m->minTap;
  if (minH < m->minTap) minH = m->minTap;
  int cols = (grid.w + m->gap) / (minW + m->gap), rows = (grid.h + m->gap) / (minH + m->gap);
  if (cols < 1) cols = 1;
  if (rows < 1) rows = 1;
  int tileW = (grid.w - (cols - 1) * m->gap) / cols, tileH = (grid.h - (rows - 1) * m->gap) / rows;
  int maxH = (int)(190 * m->u);
  if (tileH > maxH) tileH = maxH;
  int perPage = cols * rows;
  int pages = (n + perPage - 1) / perPage;
  if (pages < 1) pages = 1;
  if (*pPage >= pages) *pPage = pages - 1;
  if (*pPage < 0) *pPage = 0;
  for (int k = 0; k < perPage; k++) {
    int i = *pPage * perPage + k;
    if (i >= n) break;
    Rect r = {grid.x + (k % cols) * (tileW + m->gap), grid.y + (k / cols) * (tileH + m->gap), tileW, tileH};
    app_member_tile(app, ui, app->model.aVisible[i], r);
  }
  int bw = pager.w / 4;
  char pageText[64];
  snprintf(pageText, sizeof pageText, str(S_PAGE_FMT), *pPage + 1, pages);
  ui_text_in(ui, pageText, pager, m->body, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
  if (*pPage > 0)
    ui_button(ui, "page:prev", str(S_PREV_PAGE), (Rect){pager.x, pager.y, bw, pager.h}, BTN_TILE, m->title);
  if (*pPage < pages - 1)
    ui_button(ui, "page:next", str(S_NEXT_PAGE), (Rect){pager.x + pager.w - bw, pager.y, bw, pager.h}, BTN_TILE,
              m->title);
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
  gFind.groupPage = 0;
  gFind.letter = 0;
  gFind.notMe = 0;
}

/* A tab's label: the group's name, or its short form when the name is
 * wider than w at body size. */
static void tab_label(const App *app, Ui *ui, const char *zGroup, int w, char *zOut, size_t n) {
  int tw, th;
  text_measure(ui->text, zGroup, ui->m.body, STYLE_BOLD, &tw, &th);
  if (tw + ui->m.margin <= w) util_strlcpy(zOut, zGroup, n);
  else app_group_short(app, zGroup, zOut, n);
}

/* The width a tab needs to show zGroup (short form allowed) at body size. */
static int tab_need(const App *app, Ui *ui, const char *zGroup) {
  char z[64];
  int tw, th;
  app_group_short(app, zGroup, z, sizeof z);
  text_measure(ui->text, z, ui->m.body, STYLE_BOLD, &tw, &th);
  return tw + ui->m.margin > ui->m.minTap ? tw + ui->m.margin : ui->m.minTap;
}

/* The group filter, then 按号码找: one row, paged by 更多组 when the
 * groups do not all fit it. */
static void draw_tabs(App *app, Ui *ui, Rect row) {
  const Metrics *m = &ui->m;
  int nGroup = app->model.nGroup, need = 0;
  for (int g = 0; g < nGroup; g++) {
    int w = tab_need(app, ui, app->model.azGroup[g]);
    if (w > need) need = w;
  }
  int nTab = nGroup + 2, tabW = (row.w - (nTab - 1) * m->gap) / nTab;
  int perPage = nGroup, first = 0, more = 0;
  int keyW = tabW, x = row.x;
  if (tabW < need) { /* paged: 全部, some groups, 更多组, 按号码找 */
    int tw, th;
    text_measure(ui->text, str(S_BY_NUMBER), m->body, STYLE_BOLD, &tw, &th);
    keyW = tw + 2 * m->margin;
    tabW = need;
    perPage = (row.w - keyW - 2 * tabW - 3 * m->gap + m->gap) / (tabW + m->gap);
    if (perPage < 1) perPage = 1;
    more = 1;
    int pages = (nGroup + perPage - 1) / perPage;
    if (gFind.groupPage >= pages || gFind.groupPage < 0) gFind.groupPage = 0;
    first = gFind.groupPage * perPage;
    /* the tabs share out what is left, so the row ends flush */
    tabW = (row.w - keyW - (perPage + 2) * m->gap) / (perPage + 2);
  }
  ui_button(ui, "group:-1", str(S_ALL_GROUPS), (Rect){x, row.y, tabW, row.h},
            gFind.group == -1 ? BTN_TAB_SELECTED : BTN_TAB, m->body);
  x += tabW + m->gap;
  for (int g = first; g < first + perPage && g < nGroup; g++, x += tabW + m->gap) {
    char id[UI_ID_MAX], label[64];
    snprintf(id, sizeof id, "group:%d", g);
    tab_label(app, ui, app->model.azGroup[g], tabW, label, sizeof label);
    ui_button(ui, id, label, (Rect){x, row.y, tabW, row.h}, gFind.group == g ? BTN_TAB_SELECTED : BTN_TAB, m->body);
  }
  if (more) {
    x = row.x + (perPage + 1) * (tabW + m->gap);
    ui_button(ui, "group:more", str(S_MORE_GROUPS), (Rect){x, row.y, tabW, row.h}, BTN_TAB, m->body);
  }
  ui_button(ui, "keypad", str(S_BY_NUMBER), (Rect){row.x + row.w - keyW, row.y, keyW, row.h}, BTN_PRIMARY, m->body);
}

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  char title[96];
  if (gFind.letter) snprintf(title, sizeof title, str(S_LETTER_TITLE_FMT), gFind.letter);
  else if (gFind.notMe) util_strlcpy(title, str(S_NOT_ME_DONE), sizeof title);
  else util_strlcpy(title, str(gFind.purpose == PURPOSE_VOLUNTEER ? S_FIND_FOR_VOLUNTEER
                               : gFind.purpose == PURPOSE_RECORD  ? S_FIND_FOR_RECORD
                                                                  : S_FIND_YOURSELF), sizeof title);
  Rect content = app_chrome(app, ui, title);
  char aLetter[27];
  int nLetter = present_letters(app, aLetter);
  Layout l = compute(m, content.y, nLetter);
  draw_tabs(app, ui, l.tabs);

  /* 按姓找, then the letter index */
  int span = l.surnameCells;
  ui_button(ui, "surname", str(S_BY_SURNAME), (Rect){l.letters.x, l.letters.y, span * (l.keyW + m->gap) - m->gap, l.keyH},
            BTN_PRIMARY, m->large);
  for (int i = 0; i < nLetter; i++) {
    int cell = i + span, col = cell % l.keyCols, row = cell / l.keyCols;
    Rect r = {l.letters.x + col * (l.keyW + m->gap), l.letters.y + row * (l.keyH + m->gap), l.keyW, l.keyH};
    char id[UI_ID_MAX], label[2] = {aLetter[i], 0};
    snprintf(id, sizeof id, "letter:%c", aLetter[i]);
    ui_button(ui, id, label, r, gFind.letter == aLetter[i] ? BTN_TAB_SELECTED : BTN_TAB, m->large);
  }

  find_draw_names(app, ui, l.grid, l.pager, visible(app), &gFind.page);
}

static void tap(App *app, const char *zId) {
  app->dirty = 1;
  gFind.notMe = 0;
  if (!strncmp(zId, "member:", 7)) app_member_chosen(app, zId + 7, CHECKIN_METHOD_TAP);
  else if (!strcmp(zId, "keypad")) app_go(app, SCR_KEYPAD);
  else if (!strcmp(zId, "surname")) app_go(app, SCR_SURNAME);
  else if (!strcmp(zId, "page:next")) gFind.page++;
  else if (!strcmp(zId, "page:prev")) { if (gFind.page > 0) gFind.page--; }
  else if (!strcmp(zId, "group:more")) gFind.groupPage++; /* draw_tabs wraps it round */
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
