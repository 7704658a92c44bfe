/* screen_admin: today's attendance for the branch secretary. The counts
 * (应到 实到 迟到 请假 未到) for the whole village or one group, the list of
 * who has not come (to call them, or to 代签 for them) or who has (to undo a
 * mistaken check-in — recorded as a reversal that points to the original;
 * nothing is deleted). Tap a name, then the action. */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPERATOR "admin"

/* The board's own state. */
static struct {
  int list;          /* 0 lists who has not come, 1 on time, 2 late, 3 on leave */
  int reason;        /* choosing the reason for a leave */
  int sel;           /* the member chosen (roster index), -1 none */
  unsigned gen;      /* the model's rosterGen when sel was chosen */
  int group;         /* the group shown, -1 all */
  int page;
  int nPending;      /* volunteer entries waiting for review, for its button */
  char notice[160];  /* what the last action did */
} gBoard = {.sel = -1, .group = -1};

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

/* Members of the chosen list and group, in pinyin order, into aVisible. */
static int listed(App *app) {
  int n = finder_all(app->model.finder, app_group_name(app, gBoard.group), app->model.aVisible), k = 0;
  for (int i = 0; i < n; i++) {
    const AttendanceRow *r = row_of(app, app->model.aVisible[i]);
    if (r && list_of(r) == gBoard.list) app->model.aVisible[k++] = app->model.aVisible[i];
  }
  return k;
}

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  if (gBoard.gen != app->model.rosterGen) gBoard.sel = -1; /* the roster was read again: an index means someone else */
  if (gBoard.group >= app->model.nGroup) gBoard.group = -1;
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
  /* the activity, and the counts for the chosen group */
  int actW = m->minTap * 3 > (int)(260 * m->u) ? m->minTap * 3 : (int)(260 * m->u);
  int rowH = m->minTap > m->large * 3 / 2 ? m->minTap : m->large * 3 / 2;
  int titleW = m->w - 2 * m->margin - 3 * (actW + m->gap);
  int tpx = text_fit(ui->text, app->model.act.title, m->large, m->small, STYLE_BOLD, titleW);
  if (!tpx) { /* a narrow screen: the title on a row of its own, above the three buttons */
    titleW = m->w - 2 * m->margin;
    tpx = text_fit(ui->text, app->model.act.title, m->large, m->small, STYLE_BOLD, titleW);
    ui_text_in(ui, app->model.act.title, (Rect){m->margin, y, titleW, rowH}, tpx ? tpx : m->small, STYLE_BOLD, COL_TEXT,
               ALIGN_LEFT);
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
  int expected = 0, present = 0, late = 0, leave = 0, absent = 0;
  for (int i = 0; i < app->model.nMember; i++) {
    if (gBoard.group >= 0 && strcmp(app->model.aMember[i].group, app->model.azGroup[gBoard.group])) continue;
    const AttendanceRow *r = row_of(app, i);
    expected++;
    if (!r || r->status == CHECKIN_ABSENT) absent++;
    else if (r->status == CHECKIN_LATE) late++;
    else if (r->status == CHECKIN_LEAVE) leave++;
    else present++;
  }
  const int aCount[5] = {expected, present + late, late, leave, absent};
  const StringId aLabel[5] = {S_COUNT_EXPECTED, S_COUNT_PRESENT, S_COUNT_LATE, S_COUNT_LEAVE, S_COUNT_ABSENT};
  int boxW = (m->w - 2 * m->margin - 4 * m->gap) / 5, boxH = m->body * 3 / 2 + m->title * 3 / 2 + m->gap;
  for (int i = 0; i < 5; i++) {
    Rect r = {m->margin + i * (boxW + m->gap), y, boxW, boxH};
    ui_fill(ui, r, COL_TILE);
    ui_outline(ui, r, 2, COL_TILE_EDGE);
    char num[16];
    snprintf(num, sizeof num, "%d", aCount[i]);
    ui_text(ui, str(aLabel[i]), r.x + r.w / 2, r.y + m->gap / 2, m->body, STYLE_REGULAR, COL_MUTED, ALIGN_CENTER);
    ui_text(ui, num, r.x + r.w / 2, r.y + m->gap / 2 + m->body * 3 / 2, m->title, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
  }
  y += boxH + m->gap;

  /* which list, then which group, in two rows of tabs */
  int tabH = m->minTap > (int)(96 * m->u) ? m->minTap : (int)(96 * m->u);
  int tabW = (m->w - 2 * m->margin - 3 * m->gap) / 4;
  static const char *const azList[4] = {"absent", "present", "late", "leave"};
  static const StringId aListFmt[4] = {S_LIST_ABSENT_FMT, S_LIST_PRESENT_FMT, S_LIST_LATE_FMT, S_LIST_LEAVE_FMT};
  const int aListN[4] = {absent, present, late, leave};
  for (int t = 0; t < 4; t++) {
    char id[UI_ID_MAX], label[64];
    snprintf(id, sizeof id, "list:%s", azList[t]);
    snprintf(label, sizeof label, str(aListFmt[t]), aListN[t]);
    ui_button(ui, id, label, (Rect){m->margin + t * (tabW + m->gap), y, tabW, tabH},
              gBoard.list == t ? BTN_TAB_SELECTED : BTN_TAB, m->large);
  }
  y += tabH + m->gap;
  int nTab = app->model.nGroup + 1;
  tabW = (m->w - 2 * m->margin - (nTab - 1) * m->gap) / nTab;
  for (int t = 0; t < nTab; t++) {
    char id[UI_ID_MAX];
    snprintf(id, sizeof id, "group:%d", t - 1);
    ui_button(ui, id, t == 0 ? str(S_ALL_GROUPS) : app->model.azGroup[t - 1], (Rect){m->margin + t * (tabW + m->gap), y, tabW, tabH},
              gBoard.group == t - 1 ? BTN_TAB_SELECTED : BTN_TAB, m->body);
  }
  y += tabH + m->gap;

  /* the action bar at the bottom, then the names between */
  int barH = m->minTap > (int)(112 * m->u) ? m->minTap : (int)(112 * m->u);
  Rect bar = {m->margin, m->h - m->gap - barH, m->w - 2 * m->margin, barH};
  int bw = bar.w / 6;
  if (gBoard.sel >= 0 && gBoard.reason) {
    /* the reason for a leave: four big choices */
    char ask[200];
    snprintf(ask, sizeof ask, str(S_PICK_REASON_FMT), app->model.aMember[gBoard.sel].name);
    int bw5 = (bar.w - 5 * m->gap) / 6;
    Rect left = {bar.x, bar.y, bw5 * 2, bar.h};
    int px = text_fit(ui->text, ask, m->body, m->small, STYLE_BOLD, left.w);
    if (!px) util_strlcpy(ask, str(S_PICK_REASON), sizeof ask); /* a long name: the tile shows who */
    ui_text_in(ui, ask, left, px ? px : m->small, STYLE_BOLD, COL_TEXT, ALIGN_LEFT);
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
    int px = text_fit(ui->text, chosen, m->large, m->small, STYLE_BOLD, left.w);
    if (!px) { /* a long name: the blue frame on its tile shows who */
      util_strlcpy(chosen, str(S_CHOSEN_FRAME), sizeof chosen);
      px = text_fit(ui->text, chosen, m->large, m->small, STYLE_BOLD, left.w);
    }
    ui_text_in(ui, chosen, left, px ? px : m->small, STYLE_BOLD, COL_TEXT, ALIGN_LEFT);
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
    char status[256], err[256], cut[300];
    model_sync_status(app->db, status, sizeof status, err, sizeof err);
    const char *line2 = err[0] ? err : status;
    int half = bar.h / 2;
    int px = app_fit_or_cut(ui, str(S_ADMIN_PICK), m->body, m->small, STYLE_BOLD, bar.w, cut, sizeof cut);
    ui_text_in(ui, cut, (Rect){bar.x, bar.y, bar.w, half}, px, STYLE_BOLD, COL_MUTED, ALIGN_CENTER);
    px = app_fit_or_cut(ui, line2, m->body, m->small, STYLE_REGULAR, bar.w, cut, sizeof cut);
    ui_text_in(ui, cut, (Rect){bar.x, bar.y + half, bar.w, bar.h - half}, px, STYLE_REGULAR, err[0] ? COL_ERR : COL_TEXT,
               ALIGN_CENTER);
  }
  Rect grid = {m->margin, y, m->w - 2 * m->margin, bar.y - m->gap - y};
  int pagerW = m->minTap > (int)(150 * m->u) ? m->minTap : (int)(150 * m->u);
  grid.w -= pagerW + m->gap;
  int minW = (int)(260 * m->u), tileH = m->minTap > (int)(150 * m->u) ? m->minTap : (int)(150 * m->u);
  int cols = (grid.w + m->gap) / (minW + m->gap), rows = (grid.h + m->gap) / (tileH + m->gap);
  if (cols < 1) cols = 1;
  if (rows < 1) rows = 1;
  int tileW = (grid.w - (cols - 1) * m->gap) / cols, per = cols * rows;
  int n = listed(app), pages = n ? (n + per - 1) / per : 1;
  if (gBoard.page >= pages) gBoard.page = pages - 1;
  for (int k = 0; k < per && gBoard.page * per + k < n; k++) {
    int i = app->model.aVisible[gBoard.page * per + k];
    Rect r = {grid.x + (k % cols) * (tileW + m->gap), grid.y + (k / cols) * (tileH + m->gap), tileW, tileH};
    app_member_tile(app, ui, i, r);
    if (i == gBoard.sel) ui_outline(ui, r, (int)(8 * m->u) > 4 ? (int)(8 * m->u) : 4, COL_PRESSED);
  }
  /* pages turn with two buttons at the right, 上一页 above 下一页 */
  int ph = (grid.h - m->gap) / 2;
  Rect prev = {grid.x + grid.w + m->gap, grid.y, pagerW, ph}, next = {prev.x, grid.y + ph + m->gap, pagerW, ph};
  if (gBoard.page > 0) ui_button(ui, "page:prev", str(S_PREV_PAGE), prev, BTN_TILE, m->body);
  if (gBoard.page < pages - 1) ui_button(ui, "page:next", str(S_NEXT_PAGE), next, BTN_TILE, m->body);
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
  } else if (!strncmp(zId, "group:", 6)) {
    gBoard.group = atoi(zId + 6);
    if (gBoard.group < -1 || gBoard.group >= app->model.nGroup) gBoard.group = -1;
    gBoard.sel = -1;
    gBoard.page = 0;
  } else if (!strcmp(zId, "page:next")) gBoard.page++;
  else if (!strcmp(zId, "page:prev") && gBoard.page > 0) gBoard.page--;
}

const Screen screen_admin = {.name = "admin", .back = SCR_HOME, .enter = enter, .draw = draw, .tap = tap};
