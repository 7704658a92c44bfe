/* screen_admin: today's attendance for the branch secretary, made for a
 * meeting of 120. The counts (应到 and one tab per list: 未到 准时 迟到
 * 请假), then how to find someone — 全部, 按组找, 按号码找 (member number or
 * phone last 4 on a pad beside the names), 按姓找 (the list's surnames,
 * most common first, with how many) — and the names of the chosen list,
 * at least 20 a page at 1080p. On the lists of who came each tile says
 * when and how: "09:32 本人" / 刷卡 / 代签 / 补录(纸质). Tap a name, then
 * the action: 代签, 请假 (with a reason), 纸上已签, or undo a mistaken one
 * (a reversal pointing to the original; nothing is deleted). Finding uses
 * the core's finder only (finder_all, finder_by_digits). */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPERATOR "admin"
#define MAX_SURNAMES 96
#define SURNAME_MAX 16

/* How the names are narrowed. */
typedef enum {
  FIND_ALL,          /* the whole list */
  FIND_GROUPS,       /* picking a group: group tiles instead of names */
  FIND_GROUP,        /* one group */
  FIND_DIGITS,       /* a pad beside the names: member number or phone last 4 */
  FIND_SURNAMES,     /* picking a surname: surname tiles instead of names */
  FIND_SURNAME       /* one surname */
} FindMode;

/* The board's own state. */
static struct {
  int list;          /* 0 lists who has not come, 1 on time, 2 late, 3 on leave */
  int reason;        /* choosing the reason for a leave */
  int sel;           /* the member chosen (roster index), -1 none */
  unsigned gen;      /* the model's rosterGen when sel was chosen */
  int group;         /* the group shown, -1 all */
  FindMode find;
  char digits[12];   /* typed on the board's pad */
  char surname[SURNAME_MAX];
  int page;
  int nPending;      /* volunteer entries waiting for review, for its button */
  char notice[160];  /* what the last action did */
} gBoard = {.sel = -1, .group = -1};

/* The surnames of a list with how many have each, most first (scratch
 * filled while drawing; no allocation per frame). */
static struct { char z[SURNAME_MAX]; int n; } gSurname[MAX_SURNAMES];

/* Reloads today's attendance into the app (after entering and each action). */
static void refresh(App *app) {
  model_refresh_attendance(&app->model, app->db);
  app->dirty = 1;
}

static void enter(App *app) {
  model_refresh_activity(&app->model, app->db);
  gBoard.list = 0;
  gBoard.reason = 0;
  gBoard.sel = -1;
  gBoard.group = -1;
  gBoard.find = FIND_ALL;
  gBoard.digits[0] = 0;
  gBoard.surname[0] = 0;
  gBoard.page = 0;
  gBoard.notice[0] = 0;
  refresh(app);
  VolEntry *a; /* how many volunteer entries wait for review, for its button */
  if (vol_entries(app->db, NULL, 1, &a, &gBoard.nPending)) gBoard.nPending = 0;
  else free(a);
}

/* The button to the volunteer-hours review, with how many wait. */
static void review_button(App *app, Ui *ui, Rect r) {
  char label[64];
  if (gBoard.nPending) snprintf(label, sizeof label, str(S_REVIEW_FMT), gBoard.nPending);
  else util_strlcpy(label, str(S_REVIEW), sizeof label);
  ui_button(ui, "vol_review", label, r, gBoard.nPending ? BTN_PRIMARY : BTN_TILE, ui->m.body);
}

/* Index in app->model.att of roster member i (the two lists share the roster's order). */
static const AttendanceRow *row_of(const App *app, int i) {
  if (i < app->model.nAtt && !strcmp(app->model.att[i].member.memberNo, app->model.aMember[i].memberNo))
    return &app->model.att[i];
  for (int k = 0; k < app->model.nAtt; k++)
    if (!strcmp(app->model.att[k].member.memberNo, app->model.aMember[i].memberNo)) return &app->model.att[k];
  return NULL;
}

/* Which list a member's row belongs in: 0 absent, 1 present, 2 late, 3 on leave. */
static int list_of(const AttendanceRow *r) {
  if (!r || r->status == CHECKIN_ABSENT) return 0;
  return r->status == CHECKIN_LEAVE ? 3 : r->status == CHECKIN_LATE ? 2 : 1;
}

/* The surname of zName into zOut: a known two-character surname, else the
 * first character. */
static void surname_of(const char *zName, char zOut[SURNAME_MAX]) {
  static const char *const azTwo[] = {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容",
                                      "令狐", "司徒", "夏侯", "长孙", "宇文", "轩辕", "端木", "呼延", "独孤", NULL};
  for (int i = 0; azTwo[i]; i++)
    if (!strncmp(zName, azTwo[i], strlen(azTwo[i]))) { util_strlcpy(zOut, azTwo[i], SURNAME_MAX); return; }
  const char *p = zName, *e = zName + strlen(zName);
  if (p < e) util_utf8_next(&p, e);
  snprintf(zOut, SURNAME_MAX, "%.*s", (int)(p - zName), zName);
}

/* How a check-in was made, in the secretary's words. */
static const char *method_words(const char *zMethod) {
  if (!strcmp(zMethod, "scan")) return str(S_METHOD_CARD);
  if (!strcmp(zMethod, CHECKIN_METHOD_PROXY)) return str(S_METHOD_PROXY);
  if (!strcmp(zMethod, "paper")) return str(S_METHOD_PAPER);
  if (!strcmp(zMethod, CHECKIN_METHOD_CLI)) return str(S_METHOD_LATER);
  return str(S_METHOD_SELF); /* tap, keypad: the member did it */
}

/* Members of the chosen list, group, digits and surname, in pinyin order,
 * into aVisible. */
static int listed(App *app) {
  int *a = app->model.aVisible, n, k = 0;
  const char *zGroup = gBoard.find == FIND_GROUP ? app_group_name(app, gBoard.group) : NULL;
  if (gBoard.find == FIND_DIGITS && gBoard.digits[0]) n = finder_by_digits(app->model.finder, gBoard.digits, NULL, a);
  else n = finder_all(app->model.finder, zGroup, a);
  for (int i = 0; i < n; i++) {
    const AttendanceRow *r = row_of(app, a[i]);
    if (list_of(r) != gBoard.list) continue;
    if (gBoard.find == FIND_SURNAME) {
      char s[SURNAME_MAX];
      surname_of(app->model.aMember[a[i]].name, s);
      if (strcmp(s, gBoard.surname)) continue;
    }
    a[k++] = a[i];
  }
  return k;
}

/* The surnames among the chosen list, most common first, into gSurname. */
static int surnames(App *app) {
  int *a = app->model.aVisible, n = finder_all(app->model.finder, NULL, a), k = 0;
  for (int i = 0; i < n; i++) {
    if (list_of(row_of(app, a[i])) != gBoard.list) continue;
    char s[SURNAME_MAX];
    surname_of(app->model.aMember[a[i]].name, s);
    int j = 0;
    while (j < k && strcmp(gSurname[j].z, s)) j++;
    if (j == k) {
      if (k == MAX_SURNAMES) continue;
      util_strlcpy(gSurname[k].z, s, SURNAME_MAX);
      gSurname[k++].n = 0;
    }
    gSurname[j].n++;
  }
  for (int i = 1; i < k; i++) /* most first; ties keep pinyin order (a stable insertion sort) */
    for (int j = i; j > 0 && gSurname[j].n > gSurname[j - 1].n; j--) {
      char t[SURNAME_MAX];
      int c = gSurname[j].n;
      util_strlcpy(t, gSurname[j].z, SURNAME_MAX);
      gSurname[j] = gSurname[j - 1];
      util_strlcpy(gSurname[j - 1].z, t, SURNAME_MAX);
      gSurname[j - 1].n = c;
    }
  return k;
}

/* One name on the board: the name big, under it what the list needs —
 * when and how on the lists of who came, the reason on leave, the group
 * (and the birth year for a shared name) on the list of who has not come. */
static void board_tile(App *app, Ui *ui, int i, Rect r) {
  const Metrics *m = &ui->m;
  const Member *mem = &app->model.aMember[i];
  const AttendanceRow *row = row_of(app, i);
  char id[UI_ID_MAX], sub[200], label[400], cut[200];
  snprintf(id, sizeof id, "member:%s", mem->memberNo);
  if (row && (row->status == CHECKIN_PRESENT || row->status == CHECKIN_LATE) && row->at) {
    char hm[6];
    util_local_hm(row->at, hm);
    snprintf(sub, sizeof sub, str(S_ATT_WHEN_FMT), hm, method_words(row->method));
  } else if (row && row->status == CHECKIN_LEAVE) util_strlcpy(sub, row->reason, sizeof sub);
  else if (app->model.dupName[i] && mem->birthYear) {
    char born[32];
    snprintf(born, sizeof born, str(S_BORN_FMT), mem->birthYear);
    snprintf(sub, sizeof sub, "%s · %s", mem->group, born);
  } else util_strlcpy(sub, mem->group, sizeof sub);
  if (app->model.dupName[i] && mem->birthYear && strstr(sub, "年生") == NULL) /* two alike never look alike */
    snprintf(sub + strlen(sub), sizeof sub - strlen(sub), " · %d", mem->birthYear);
  Color body, ink;
  ui_button_colors(ui, id, BTN_TILE, &body, &ink);
  ui_fill(ui, r, body);
  ui_outline(ui, r, (int)(3 * m->u) > 1 ? (int)(3 * m->u) : 2, ui_is_pressed(ui, id) ? COL_TEXT : COL_TILE_EDGE);
  int pad = m->gap / 2, w = r.w - 2 * pad;
  int h1 = app_line_h(ui, m->body, STYLE_BOLD), h2 = app_line_h(ui, m->small, STYLE_REGULAR);
  int y = r.y + (r.h - h1 - h2) / 2;
  int px = app_fit_or_cut(ui, mem->name, m->large, m->small, STYLE_BOLD, w, cut, sizeof cut);
  ui_text_in(ui, cut, (Rect){r.x + pad, y, w, h1}, px < m->body ? px : m->body, STYLE_BOLD, ink, ALIGN_CENTER);
  px = app_fit_or_cut(ui, sub, m->small, m->small, STYLE_REGULAR, w, cut, sizeof cut);
  ui_text_in(ui, cut, (Rect){r.x + pad, y + h1, w, h2}, px, STYLE_REGULAR, ink, ALIGN_CENTER);
  snprintf(label, sizeof label, "%s %s", mem->name, sub);
  ui_widget(ui, id, label, r, m->body);
}

/* The tiles of the names, or of the groups or surnames being picked, in grid. */
static void draw_grid(App *app, Ui *ui, Rect grid, Rect pagerCol) {
  const Metrics *m = &ui->m;
  int picking = gBoard.find == FIND_GROUPS || gBoard.find == FIND_SURNAMES;
  int minW = (int)((picking ? 200 : 250) * m->u), tileH = (int)((picking ? 140 : 108) * m->u);
  if (tileH < m->minTap) tileH = m->minTap;
  int cols = (grid.w + m->gap) / (minW + m->gap), rows = (grid.h + m->gap) / (tileH + m->gap);
  if (cols < 1) cols = 1;
  if (rows < 1) rows = 1;
  int tileW = (grid.w - (cols - 1) * m->gap) / cols;
  int n = gBoard.find == FIND_GROUPS ? app->model.nGroup : gBoard.find == FIND_SURNAMES ? surnames(app) : listed(app);
  /* Cells, flowing row by row: a name too long for one tile takes two or
   * more side by side (never cut at a size a member could not read), so a
   * page holds as many as fit and the pages are found by laying them out. */
  static struct { int at, col, row, span; } aCell[UI_MAX_WIDGETS / 2];
  int nCell = 0, pages = 1;
  for (int pass = 0; pass < 2; pass++) {
    int page = 0, row = 0, col = 0;
    nCell = 0;
    for (int k = 0; k < n; k++) {
      int span = 1;
      if (!picking) {
        const char *zName = app->model.aMember[app->model.aVisible[k]].name;
        int w = 0, h;
        if (util_utf8_count(zName) > 5) text_measure(ui->text, zName, m->small, STYLE_BOLD, &w, &h);
        while (span < cols && span * tileW + (span - 1) * m->gap < w + m->gap) span++;
      }
      if (col + span > cols) { col = 0; row++; }
      if (row >= rows) { row = 0; col = 0; page++; }
      if (page == gBoard.page && nCell < (int)(sizeof aCell / sizeof aCell[0])) {
        aCell[nCell].at = k, aCell[nCell].col = col, aCell[nCell].row = row;
        aCell[nCell++].span = span;
      }
      col += span;
    }
    pages = page + 1;
    if (gBoard.page < pages) break;
    gBoard.page = pages - 1; /* fewer pages than before: the last one, laid out again */
  }
  if (!n) {
    char cut[200];
    int px = app_fit_or_cut(ui, str(S_ADMIN_NONE_FOUND), m->large, m->small, STYLE_BOLD, grid.w, cut, sizeof cut);
    ui_text_in(ui, cut, grid, px, STYLE_BOLD, COL_MUTED, ALIGN_CENTER);
  }
  for (int c = 0; c < nCell; c++) {
    int at = aCell[c].at;
    Rect r = {grid.x + aCell[c].col * (tileW + m->gap), grid.y + aCell[c].row * (tileH + m->gap),
              aCell[c].span * tileW + (aCell[c].span - 1) * m->gap, tileH};
    char id[UI_ID_MAX], count[32];
    if (gBoard.find == FIND_GROUPS) {
      int cnt = 0;
      for (int i = 0; i < app->model.nMember; i++)
        cnt += !strcmp(app->model.aMember[i].group, app->model.azGroup[at]) && list_of(row_of(app, i)) == gBoard.list;
      snprintf(id, sizeof id, "pickgroup:%d", at);
      snprintf(count, sizeof count, str(S_ADMIN_PEOPLE_FMT), cnt);
      ui_button2(ui, id, app->model.azGroup[at], count, r, BTN_TILE, m->large, m->small);
    } else if (gBoard.find == FIND_SURNAMES) {
      snprintf(id, sizeof id, "surname:%s", gSurname[at].z);
      snprintf(count, sizeof count, str(S_ADMIN_PEOPLE_FMT), gSurname[at].n);
      ui_button2(ui, id, gSurname[at].z, count, r, BTN_TILE, m->large, m->small);
    } else {
      int i = app->model.aVisible[at];
      board_tile(app, ui, i, r);
      if (i == gBoard.sel) ui_outline(ui, r, (int)(8 * m->u) > 4 ? (int)(8 * m->u) : 4, COL_PRESSED);
    }
  }
  /* pages turn with two buttons beside the names, 上一页 above 下一页 */
  int ph = (pagerCol.h - m->gap) / 2;
  Rect prev = {pagerCol.x, pagerCol.y, pagerCol.w, ph}, next = {pagerCol.x, pagerCol.y + ph + m->gap, pagerCol.w, ph};
  if (gBoard.page > 0) ui_button(ui, "page:prev", str(S_PREV_PAGE), prev, BTN_TILE, m->body);
  if (gBoard.page < pages - 1) ui_button(ui, "page:next", str(S_NEXT_PAGE), next, BTN_TILE, m->body);
}

/* The pad of FIND_DIGITS in r: what is typed, then the keys. */
static void draw_pad(App *app, Ui *ui, Rect r) {
  const Metrics *m = &ui->m;
  char shown[64], cut[128];
  if (gBoard.digits[0]) snprintf(shown, sizeof shown, str(S_ADMIN_DIGITS_FMT), gBoard.digits);
  else util_strlcpy(shown, str(S_ADMIN_DIGITS_HINT), sizeof shown);
  int lh = app_line_h(ui, m->large, STYLE_BOLD);
  int px = app_fit_or_cut(ui, shown, m->large, m->small, STYLE_BOLD, r.w, cut, sizeof cut);
  ui_text_in(ui, cut, (Rect){r.x, r.y, r.w, lh}, px, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
  int keyW = (r.w - 2 * m->gap) / 3, keyH = (r.h - lh - m->gap - 3 * m->gap) / 4;
  if (keyH > keyW) keyH = keyW;
  app_digit_pad(app, ui, (Rect){r.x, r.y + lh + m->gap, r.w, 4 * keyH + 3 * m->gap}, keyW, keyH, 1);
}

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  if (gBoard.gen != app->model.rosterGen) gBoard.sel = -1; /* the roster was read again: an index means someone else */
  if (gBoard.group >= app->model.nGroup) { gBoard.group = -1; if (gBoard.find == FIND_GROUP) gBoard.find = FIND_ALL; }
  Rect content = app_chrome(app, ui, str(S_ADMIN_TITLE));
  if (!app->model.haveAct) {
    ui_text_in(ui, str(S_ADMIN_NO_ACTIVITY), content, m->large, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
    int bw = m->minTap * 4;
    Rect r = {m->w / 2 - bw - m->gap, content.y + content.h * 2 / 3, bw, m->minTap * 3 / 2};
    ui_button(ui, "activities", str(S_ACTIVITIES), r, BTN_PRIMARY, m->large);
    r.x = m->w / 2 + m->gap;
    review_button(app, ui, r);
    return;
  }
  int y = content.y + m->gap;
  /* the activity, and the way to the activities, the scan station and the review */
  int rowH = m->minTap > (int)(80 * m->u) ? m->minTap : (int)(80 * m->u);
  int actW = m->minTap * 3 > (int)(260 * m->u) ? m->minTap * 3 : (int)(260 * m->u);
  int titleW = m->w - 2 * m->margin - 3 * (actW + m->gap);
  int tpx = text_fit(ui->text, app->model.act.title, m->large, m->small, STYLE_BOLD, titleW);
  if (!tpx) { /* a narrow screen: the title on a row of its own, above the three buttons */
    char cut[300];
    titleW = m->w - 2 * m->margin;
    tpx = app_fit_or_cut(ui, app->model.act.title, m->large, m->small, STYLE_BOLD, titleW, cut, sizeof cut);
    ui_text_in(ui, cut, (Rect){m->margin, y, titleW, rowH}, tpx, STYLE_BOLD, COL_TEXT, ALIGN_LEFT);
    y += rowH + m->gap;
    titleW = 0;
    actW = (m->w - 2 * m->margin - 2 * m->gap) / 3;
  }
  ui_button(ui, "activities", str(S_ACTIVITIES), (Rect){m->w - m->margin - actW, y, actW, rowH}, BTN_TILE, m->body);
  ui_button(ui, "event", str(S_EVENT_MODE), (Rect){m->w - m->margin - 2 * actW - m->gap, y, actW, rowH}, BTN_TILE,
            m->body);
  review_button(app, ui, (Rect){m->w - m->margin - 3 * actW - 2 * m->gap, y, actW, rowH});
  if (titleW)
    ui_text_in(ui, app->model.act.title, (Rect){m->margin, y, titleW, rowH}, tpx, STYLE_BOLD, COL_TEXT, ALIGN_LEFT);
  y += rowH + m->gap;

  /* 应到, then one tab per list with its count */
  int aN[4] = {0, 0, 0, 0}, expected = 0;
  for (int i = 0; i < app->model.nMember; i++) {
    aN[list_of(row_of(app, i))]++;
    expected++;
  }
  static const char *const azList[4] = {"absent", "present", "late", "leave"};
  static const StringId aListFmt[4] = {S_LIST_ABSENT_FMT, S_LIST_PRESENT_FMT, S_LIST_LATE_FMT, S_LIST_LEAVE_FMT};
  int cellW = (m->w - 2 * m->margin - 4 * m->gap) * 2 / 11, tabW = (m->w - 2 * m->margin - 4 * m->gap - cellW) / 4;
  char label[96], cut[160];
  snprintf(label, sizeof label, str(S_ADMIN_EXPECTED_FMT), expected);
  int px = app_fit_or_cut(ui, label, m->large, m->small, STYLE_BOLD, cellW, cut, sizeof cut);
  ui_text_in(ui, cut, (Rect){m->margin, y, cellW, rowH}, px, STYLE_BOLD, COL_TEXT, ALIGN_LEFT);
  for (int t = 0; t < 4; t++) {
    char id[UI_ID_MAX];
    snprintf(id, sizeof id, "list:%s", azList[t]);
    snprintf(label, sizeof label, str(aListFmt[t]), aN[t]);
    ui_button(ui, id, label, (Rect){m->margin + cellW + m->gap + t * (tabW + m->gap), y, tabW, rowH},
              gBoard.list == t ? BTN_TAB_SELECTED : BTN_TAB, m->large);
  }
  y += rowH + m->gap;

  /* how to find someone: 全部, 按组找 (or the group), 按号码找, 按姓找 (or the surname) */
  int fw = (m->w - 2 * m->margin - 3 * m->gap) / 4;
  char groupLabel[96], surLabel[64];
  util_strlcpy(groupLabel, gBoard.find == FIND_GROUP && app_group_name(app, gBoard.group) ? app_group_name(app, gBoard.group)
                                                                                          : str(S_ADMIN_BY_GROUP),
               sizeof groupLabel);
  if (gBoard.find == FIND_SURNAME) snprintf(surLabel, sizeof surLabel, str(S_ADMIN_SURNAME_FMT), gBoard.surname);
  else util_strlcpy(surLabel, str(S_ADMIN_BY_SURNAME), sizeof surLabel);
  const struct { const char *id, *label; int on; } aFind[4] = {
    {"find:all", str(S_ALL_GROUPS), gBoard.find == FIND_ALL},
    {"find:group", groupLabel, gBoard.find == FIND_GROUPS || gBoard.find == FIND_GROUP},
    {"find:digits", str(S_ADMIN_BY_DIGITS), gBoard.find == FIND_DIGITS},
    {"find:surname", surLabel, gBoard.find == FIND_SURNAMES || gBoard.find == FIND_SURNAME}};
  for (int t = 0; t < 4; t++)
    ui_button(ui, aFind[t].id, aFind[t].label, (Rect){m->margin + t * (fw + m->gap), y, fw, rowH},
              aFind[t].on ? BTN_TAB_SELECTED : BTN_TAB, m->body);
  y += rowH + m->gap;

  /* the action bar at the bottom, then the names between */
  int barH = m->minTap > (int)(100 * m->u) ? m->minTap : (int)(100 * m->u);
  Rect bar = {m->margin, m->h - m->gap - barH, m->w - 2 * m->margin, barH};
  int bw = bar.w / 6;
  if (gBoard.sel >= 0 && gBoard.reason) {
    /* the reason for a leave: four big choices */
    char ask[200];
    snprintf(ask, sizeof ask, str(S_PICK_REASON_FMT), app->model.aMember[gBoard.sel].name);
    int bw5 = (bar.w - 5 * m->gap) / 6;
    Rect left = {bar.x, bar.y, bw5 * 2, bar.h};
    int apx = text_fit(ui->text, ask, m->body, m->small, STYLE_BOLD, left.w);
    if (!apx) util_strlcpy(ask, str(S_PICK_REASON), sizeof ask); /* a long name: the tile shows who */
    ui_text_in(ui, ask, left, apx ? apx : m->small, STYLE_BOLD, COL_TEXT, ALIGN_LEFT);
    for (int i = 0; i < 4; i++) {
      char id[UI_ID_MAX];
      snprintf(id, sizeof id, "reason:%d", i);
      ui_button(ui, id, str(S_REASON_0 + i), (Rect){bar.x + (2 + i) * (bw5 + m->gap), bar.y, bw5, bar.h}, BTN_TILE,
                m->body);
    }
  } else if (gBoard.sel >= 0) {
    char chosen[200];
    snprintf(chosen, sizeof chosen, str(S_CHOSEN_FMT), app->model.aMember[gBoard.sel].name);
    int nAct = gBoard.list == 0 ? 3 : 1;
    Rect left = {bar.x, bar.y, bar.w - (nAct + 1) * (bw + m->gap), bar.h};
    int cpx = text_fit(ui->text, chosen, m->large, m->small, STYLE_BOLD, left.w);
    if (!cpx) { /* a long name: the blue frame on its tile shows who */
      util_strlcpy(chosen, str(S_CHOSEN_FRAME), sizeof chosen);
      cpx = text_fit(ui->text, chosen, m->large, m->small, STYLE_BOLD, left.w);
    }
    ui_text_in(ui, chosen, left, cpx ? cpx : m->small, STYLE_BOLD, COL_TEXT, ALIGN_LEFT);
    int x = bar.x + bar.w - (nAct + 1) * bw - nAct * m->gap;
    if (gBoard.list == 0) {
      ui_button(ui, "action:proxy", str(S_PROXY), (Rect){x, bar.y, bw, bar.h}, BTN_PRIMARY, m->large);
      x += bw + m->gap;
      ui_button(ui, "action:leave", str(S_LEAVE), (Rect){x, bar.y, bw, bar.h}, BTN_TILE, m->large);
      x += bw + m->gap;
      ui_button(ui, "action:paper", str(S_PAPER), (Rect){x, bar.y, bw, bar.h}, BTN_TILE, m->body);
    } else {
      ui_button(ui, "action:undo", str(gBoard.list == 3 ? S_UNDO_LEAVE : S_UNDO), (Rect){x, bar.y, bw, bar.h},
                BTN_PRIMARY, m->large);
    }
    ui_button(ui, "action:cancel", str(S_CANCEL), (Rect){bar.x + bar.w - bw, bar.y, bw, bar.h}, BTN_TILE, m->large);
  } else if (gBoard.notice[0]) {
    ui_text_in(ui, gBoard.notice, bar, m->large, STYLE_BOLD, COL_OK, ALIGN_CENTER);
  } else { /* how to use the board, and how the data is getting to the township */
    char status[256], err[256];
    model_sync_status(app->db, status, sizeof status, err, sizeof err);
    const char *line2 = err[0] ? err : status;
    int half = bar.h / 2;
    px = app_fit_or_cut(ui, str(S_ADMIN_PICK), m->body, m->small, STYLE_BOLD, bar.w, cut, sizeof cut);
    ui_text_in(ui, cut, (Rect){bar.x, bar.y, bar.w, half}, px, STYLE_BOLD, COL_MUTED, ALIGN_CENTER);
    px = app_fit_or_cut(ui, line2, m->body, m->small, STYLE_REGULAR, bar.w, cut, sizeof cut);
    ui_text_in(ui, cut, (Rect){bar.x, bar.y + half, bar.w, bar.h - half}, px, STYLE_REGULAR, err[0] ? COL_ERR : COL_TEXT,
               ALIGN_CENTER);
  }
  Rect grid = {m->margin, y, m->w - 2 * m->margin, bar.y - m->gap - y};
  int pagerW = m->minTap > (int)(130 * m->u) ? m->minTap : (int)(130 * m->u);
  grid.w -= pagerW + m->gap;
  if (gBoard.find == FIND_DIGITS) { /* the pad beside the names, or under them on a tall screen */
    int portrait = m->h > m->w;
    int padW = portrait ? grid.w : (int)(330 * m->u) > 3 * m->minTap + 2 * m->gap ? (int)(330 * m->u)
                                                                                   : 3 * m->minTap + 2 * m->gap;
    Rect pad;
    if (portrait) {
      int padH = (int)(560 * m->u);
      pad = (Rect){grid.x, grid.y + grid.h - padH, grid.w, padH};
      grid.h -= padH + m->gap;
    } else {
      pad = (Rect){grid.x + grid.w - padW, grid.y, padW, grid.h};
      grid.w -= padW + m->gap;
    }
    draw_pad(app, ui, pad);
  }
  draw_grid(app, ui, grid, (Rect){m->w - m->margin - pagerW, grid.y, pagerW, grid.h});
}

/* what: 0 proxy, 1 undo, 2 leave (with zReason), 3 from the paper sheet */
static void act(App *app, int what, const char *zReason) {
  if (gBoard.sel < 0 || gBoard.gen != app->model.rosterGen || gBoard.sel >= app->model.nMember) return; /* the roster changed under the choice */
  const Member *mem = &app->model.aMember[gBoard.sel];
  char err[256];
  int ok;
  CheckinRecord rec;
  if (what == 2) {
    ok = checkin_leave(app->db, app->model.act.id, mem->memberNo, zReason, OPERATOR, &rec, err, sizeof err) == 0;
  } else if (what == 1) {
    const AttendanceRow *r = row_of(app, gBoard.sel);
    ok = r && r->uuid[0] && checkin_reverse(app->db, r->uuid, OPERATOR, err, sizeof err) == 0;
  } else {
    ok = checkin_record(app->db, app->model.act.id, mem->memberNo, what == 3 ? "paper" : CHECKIN_METHOD_PROXY, OPERATOR,
                        &rec, err, sizeof err) == 0;
  }
  static const StringId aDone[4] = {S_PROXY_DONE_FMT, S_UNDO_DONE_FMT, S_LEAVE_DONE_FMT, S_PAPER_DONE_FMT};
  if (ok) gBoard.digits[0] = 0; /* the pad is ready for the next one */
  if (ok) snprintf(gBoard.notice, sizeof gBoard.notice, str(aDone[what]), mem->name);
  else util_strlcpy(gBoard.notice, str(S_ACTION_FAILED), sizeof gBoard.notice);
  sound_play(app->sound, ok ? TONE_OK : TONE_REFUSED);
  gBoard.sel = -1;
  gBoard.reason = 0;
  refresh(app);
}

static void tap(App *app, const char *zId) {
  app->dirty = 1;
  if (!strcmp(zId, "activities")) { app_go(app, SCR_ACTIVITIES); return; }
  if (!strcmp(zId, "event")) { app_go(app, SCR_EVENT); return; }
  if (!strcmp(zId, "vol_review")) { app_go(app, SCR_VOL_REVIEW); return; }
  if (!strncmp(zId, "member:", 7)) {
    for (int i = 0; i < app->model.nMember; i++)
      if (!strcmp(app->model.aMember[i].memberNo, zId + 7)) gBoard.sel = i, gBoard.gen = app->model.rosterGen;
    gBoard.notice[0] = 0;
    gBoard.reason = 0;
  } else if (!strcmp(zId, "action:proxy")) act(app, 0, NULL);
  else if (!strcmp(zId, "action:undo")) act(app, 1, NULL);
  else if (!strcmp(zId, "action:paper")) act(app, 3, NULL);
  else if (!strcmp(zId, "action:leave")) gBoard.reason = 1;
  else if (!strncmp(zId, "reason:", 7) && gBoard.sel >= 0) {
    int i = atoi(zId + 7);
    if (i >= 0 && i < 4) act(app, 2, str(S_REASON_0 + i));
  } else if (!strcmp(zId, "action:cancel")) { gBoard.sel = -1; gBoard.reason = 0; }
  else if (!strncmp(zId, "list:", 5)) {
    gBoard.list = !strcmp(zId + 5, "present") ? 1 : !strcmp(zId + 5, "late") ? 2 : !strcmp(zId + 5, "leave") ? 3 : 0;
    gBoard.reason = 0;
    gBoard.sel = -1;
    gBoard.page = 0;
  } else if (!strncmp(zId, "find:", 5)) {
    const char *w = zId + 5;
    gBoard.find = !strcmp(w, "group") ? FIND_GROUPS : !strcmp(w, "digits") ? FIND_DIGITS
                  : !strcmp(w, "surname") ? FIND_SURNAMES : FIND_ALL;
    gBoard.digits[0] = 0;
    gBoard.sel = -1;
    gBoard.reason = 0;
    gBoard.page = 0;
  } else if (!strncmp(zId, "pickgroup:", 10)) {
    int g = atoi(zId + 10);
    if (g < 0 || g >= app->model.nGroup) return;
    gBoard.group = g;
    gBoard.find = FIND_GROUP;
    gBoard.page = 0;
  } else if (!strncmp(zId, "surname:", 8) && strlen(zId + 8) < SURNAME_MAX) {
    util_strlcpy(gBoard.surname, zId + 8, sizeof gBoard.surname);
    gBoard.find = FIND_SURNAME;
    gBoard.page = 0;
  } else if (gBoard.find == FIND_DIGITS && app_digit_key(app, zId, gBoard.digits, sizeof gBoard.digits, 10)) {
    gBoard.sel = -1;
    gBoard.reason = 0;
    gBoard.page = 0;
  } else if (!strcmp(zId, "page:next")) gBoard.page++;
  else if (!strcmp(zId, "page:prev") && gBoard.page > 0) gBoard.page--;
}

const Screen screen_admin = {.name = "admin", .back = SCR_HOME, .enter = enter, .draw = draw, .tap = tap};
