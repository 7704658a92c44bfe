/* screen_keypad: find yourself by number, for members who cannot find or
 * read their name. Big digit keys; type the last 4 digits of your phone or
 * your member number, and the matching tiles appear as you type. Tap your
 * tile to check in.
 *
 * The match is what the member looks for, so once it is one or two people
 * it is shown big, right beside the keys, under 请点您的名字. While more
 * match than fit, the screen says how many digits are still missing
 * ("还差 2 个数字": a phone tail has 4), never a bare number that could be
 * read as a count of people. Nobody matching says so and what to do
 * instead: go back and tap the name, or find it by surname. */
#include "app.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

#define MAX_DIGITS 8
#define PHONE_DIGITS 4 /* a phone tail */
#define BIG_MATCHES 2  /* this many matches or fewer are shown big */

static char gDigits[12]; /* typed so far */

typedef struct {
  Rect display, keys, results;
  int keyW, keyH;
} Layout;

static Layout compute(const Metrics *m, Rect content) {
  Layout l;
  int portrait = m->h > m->w;
  l.keyH = m->minTap > (int)(130 * m->u) ? m->minTap : (int)(130 * m->u);
  l.keyW = m->minTap > (int)(200 * m->u) ? m->minTap : (int)(200 * m->u);
  int padW = 3 * l.keyW + 2 * m->gap, padH = 4 * l.keyH + 3 * m->gap;
  int dispH = (int)(120 * m->u);
  if (portrait) {
    int y = m->h - m->gap - padH;
    l.keys = (Rect){(m->w - padW) / 2, y, padW, padH};
    l.display = (Rect){m->margin, y - m->gap - dispH, m->w - 2 * m->margin, dispH};
    l.results = (Rect){m->margin, content.y + m->gap, m->w - 2 * m->margin, l.display.y - 2 * m->gap - content.y};
  } else {
    l.display = (Rect){m->margin, content.y + m->gap, padW, dispH};
    l.keys = (Rect){m->margin, l.display.y + dispH + m->gap, padW, padH};
    int rx = m->margin + padW + 2 * m->gap;
    l.results = (Rect){rx, content.y + m->gap, m->w - m->margin - rx, m->h - content.y - 2 * m->gap};
  }
  return l;
}

static void enter(App *app) { gDigits[0] = 0; }

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  Rect content = app_chrome(app, ui, str(S_BY_NUMBER));
  Layout l = compute(m, content);

  /* what has been typed, big, in a box */
  ui_fill(ui, l.display, COL_TILE);
  ui_outline(ui, l.display, (int)(3 * m->u) > 2 ? (int)(3 * m->u) : 2, COL_TEXT);
  if (gDigits[0]) ui_text_in(ui, gDigits, l.display, m->huge * 3 / 4, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
  else {
    int px = text_fit(ui->text, str(S_KEYPAD_TITLE), m->large, m->small, STYLE_REGULAR, l.display.w - m->gap);
    ui_text_in(ui, str(S_KEYPAD_TITLE), l.display, px ? px : m->small, STYLE_REGULAR, COL_MUTED, ALIGN_CENTER);
  }

  app_digit_pad(app, ui, l.keys, l.keyW, l.keyH, 1);

  /* the members who match, as tiles */
  if (!gDigits[0]) {
    /* two lines, centred in the results area */
    char hint[256];
    util_strlcpy(hint, str(S_KEYPAD_HINT), sizeof hint);
    char *nl = strchr(hint, '\n');
    if (nl) *nl = 0;
    Rect top = l.results, bottom = l.results;
    top.h = bottom.h = m->large * 2;
    top.y = l.results.y + l.results.h / 2 - top.h;
    bottom.y = top.y + top.h;
    ui_text_in(ui, hint, top, m->large, STYLE_REGULAR, COL_MUTED, ALIGN_CENTER);
    if (nl) ui_text_in(ui, nl + 1, bottom, m->large, STYLE_REGULAR, COL_MUTED, ALIGN_CENTER);
    return;
  }
  int n = finder_by_digits(app->model.finder, gDigits, NULL, app->model.aVisible);
  if (n == 0) { /* what is wrong, then what to do instead */
    int lh = app_line_h(ui, m->large, STYLE_BOLD);
    Rect top = {l.results.x, l.results.y + l.results.h / 2 - lh, l.results.w, lh};
    Rect next = {l.results.x, top.y + lh + m->gap, l.results.w, lh};
    char cut[256];
    int px = app_fit_or_cut(ui, str(S_KEYPAD_NONE), m->large, m->small, STYLE_BOLD, l.results.w, cut, sizeof cut);
    ui_text_in(ui, cut, top, px, STYLE_BOLD, COL_ERR, ALIGN_CENTER);
    px = app_fit_or_cut(ui, str(S_KEYPAD_NONE_NEXT), m->large, m->small, STYLE_BOLD, l.results.w, cut, sizeof cut);
    ui_text_in(ui, cut, next, px, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
    return;
  }
  int portrait = m->h > m->w, promptH = app_line_h(ui, m->title, STYLE_BOLD);
  int noteH = (int)(m->body * 1.6);
  Rect area = l.results;
  if (n <= BIG_MATCHES) {
    /* big, next to the keys: beside the pad on a wide screen (its top at
     * the keys' top), just above the typed digits on a tall one */
    int tileH = m->minTap > (int)(240 * m->u) ? m->minTap : (int)(240 * m->u);
    int tileW = area.w < (int)(760 * m->u) ? area.w : (int)(760 * m->u);
    int x = portrait ? (m->w - tileW) / 2 : area.x;
    int y = portrait ? area.y + area.h - n * tileH - (n - 1) * m->gap : l.keys.y;
    ui_text(ui, str(S_KEYPAD_PICK), x, y - m->gap - promptH, m->title, STYLE_BOLD, COL_TEXT, ALIGN_LEFT);
    for (int k = 0; k < n; k++)
      app_member_tile_px(app, ui, app->model.aVisible[k], (Rect){x, y + k * (tileH + m->gap), tileW, tileH}, m->huge);
    return;
  }
  ui_text(ui, str(S_KEYPAD_PICK), area.x, area.y, m->title, STYLE_BOLD, COL_TEXT, ALIGN_LEFT);
  area.y += promptH + m->gap;
  area.h -= promptH + m->gap;
  int minW = m->minTap > (int)(280 * m->u) ? m->minTap : (int)(280 * m->u);
  int tileH = m->minTap > (int)(150 * m->u) ? m->minTap : (int)(150 * m->u);
  int cols = (area.w + m->gap) / (minW + m->gap), rows = (area.h - noteH + m->gap) / (tileH + m->gap);
  if (cols < 1) cols = 1;
  if (rows < 1) rows = 1;
  int tileW = (area.w - (cols - 1) * m->gap) / cols;
  int shown = n < cols * rows ? n : cols * rows;
  for (int k = 0; k < shown; k++) {
    Rect r = {area.x + (k % cols) * (tileW + m->gap), area.y + (k / cols) * (tileH + m->gap), tileW, tileH};
    app_member_tile(app, ui, app->model.aVisible[k], r);
  }
  if (shown < n) {
    char more[96];
    int typed = (int)strlen(gDigits);
    if (typed < PHONE_DIGITS) snprintf(more, sizeof more, str(S_KEYPAD_MORE_FMT), PHONE_DIGITS - typed);
    else snprintf(more, sizeof more, str(S_KEYPAD_MORE_PEOPLE_FMT), n - shown);
    ui_text_in(ui, more, (Rect){area.x, area.y + area.h - noteH, area.w, noteH}, m->large, STYLE_BOLD, COL_TEXT,
               ALIGN_CENTER);
  }
}

static void tap(App *app, const char *zId) {
  app->dirty = 1;
  if (!strncmp(zId, "member:", 7)) app_member_chosen(app, zId + 7, CHECKIN_METHOD_KEYPAD);
  else app_digit_key(app, zId, gDigits, sizeof gDigits, MAX_DIGITS);
}

const Screen screen_keypad = {.name = "keypad", .back = SCR_CHECKIN, .enter = enter, .draw = draw, .tap = tap};
