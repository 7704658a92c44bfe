/* screen_record: 我的记录 — one member's year on one screen, no scrolling:
 * activities attended of those held (with the rate, late and leave counts),
 * volunteer hours approved and waiting, and the points and stars the
 * township's rules give. 朗读 reads it all out. */
#include "screens.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

static MemberRecord gRecord; /* the member's year */

static void enter(App *app) {
  RatingRules rules;
  rating_rules(app->db, &app->cfg.rating, &rules);
  if (record_member(app->db, find_member()->memberNo, &rules, util_now(), &gRecord))
    memset(&gRecord, 0, sizeof gRecord);
}

/* One panel: its heading, a big figure, and up to two lines under it. */
static void panel(Ui *ui, Rect r, const char *zHead, const char *zBig, const char *zLine1, const char *zLine2,
                  int nStars) {
  const Metrics *m = &ui->m;
  ui_fill(ui, r, COL_TILE);
  ui_outline(ui, r, (int)(3 * m->u) > 1 ? (int)(3 * m->u) : 2, COL_TILE_EDGE);
  int x = r.x + r.w / 2, y = r.y + m->gap * 2, w = r.w - m->margin;
  ui_text(ui, zHead, x, y, m->large, STYLE_BOLD, COL_MUTED, ALIGN_CENTER);
  y += app_line_h(ui, m->large, STYLE_BOLD) + m->gap;
  int px = text_fit(ui->text, zBig, m->huge, m->title, STYLE_BOLD, w);
  ui_text(ui, zBig, x, y, px ? px : m->title, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
  y += app_line_h(ui, px ? px : m->title, STYLE_BOLD) + m->gap;
  if (nStars >= 0) { /* five stars, the earned ones filled (a shape, not only a colour), and the word */
    char stars[32] = "";
    for (int i = 0; i < RATING_STARS; i++) strcat(stars, i < nStars ? "★" : "☆");
    int sw, sh, lw, lh;
    text_measure(ui->text, stars, m->title, STYLE_BOLD, &sw, &sh);
    text_measure(ui->text, zLine1, m->large, STYLE_REGULAR, &lw, &lh);
    int x0 = x - (sw + m->gap * 2 + lw) / 2;
    ui_text(ui, stars, x0, y, m->title, STYLE_BOLD, COL_PRIMARY, ALIGN_LEFT);
    ui_text(ui, zLine1, x0 + sw + m->gap * 2, y + (sh - lh) / 2, m->large, STYLE_REGULAR, COL_TEXT, ALIGN_LEFT);
    return;
  }
  const char *az[2] = {zLine1, zLine2};
  for (int i = 0; i < 2; i++) {
    if (!az[i] || !az[i][0]) continue;
    int lpx = text_fit(ui->text, az[i], i ? m->body : m->large, m->small, STYLE_REGULAR, w);
    ui_text(ui, az[i], x, y, lpx ? lpx : m->small, STYLE_REGULAR, COL_TEXT, ALIGN_CENTER);
    y += app_line_h(ui, lpx ? lpx : m->small, STYLE_REGULAR) + m->gap;
  }
}

static const StringId aStars[RATING_STARS + 1] = {S_REC_STARS_0, S_REC_STARS_1, S_REC_STARS_2,
                                                  S_REC_STARS_3, S_REC_STARS_4, S_REC_STARS_5};

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  const MemberRecord *r = &gRecord;
  Rect c = app_chrome(app, ui, str(S_REC_TITLE));
  int portrait = m->h > m->w;
  char head[256], year[32];
  snprintf(year, sizeof year, str(S_REC_YEAR_FMT), r->year);
  snprintf(head, sizeof head, "%s  %s  %s", find_member()->name, find_member()->group, year);
  int y = c.y + m->gap * 2;
  int hpx = text_fit(ui->text, head, m->title, m->body, STYLE_BOLD, c.w - 2 * m->margin);
  ui_text(ui, head, m->w / 2, y, hpx ? hpx : m->body, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
  y += app_line_h(ui, hpx ? hpx : m->body, STYLE_BOLD) + m->gap * 2;
  int readH = voice_available(app->reader) ? (m->minTap > (int)(120 * m->u) ? m->minTap : (int)(120 * m->u)) : 0;
  Rect area = {m->margin, y, m->w - 2 * m->margin, m->h - y - m->margin - (readH ? readH + m->gap * 2 : 0)};

  char att[64], rate[64], lateLeave[96], ap[8], pe[8], hours[32], pending[96], points[32];
  snprintf(att, sizeof att, str(S_REC_ATTENDED_FMT), r->attended, r->held);
  if (r->held) snprintf(rate, sizeof rate, str(S_REC_RATE_FMT), r->ratePct);
  else util_strlcpy(rate, str(S_REC_NONE_HELD), sizeof rate);
  snprintf(lateLeave, sizeof lateLeave, str(S_REC_LATE_LEAVE_FMT), r->late, r->leave);
  vol_half_text(r->approvedHalf, ap);
  vol_half_text(r->pendingHalf, pe);
  snprintf(hours, sizeof hours, str(S_REC_APPROVED_FMT), ap);
  if (r->pendingHalf) snprintf(pending, sizeof pending, str(S_REC_PENDING_FMT), pe);
  else pending[0] = 0;
  snprintf(points, sizeof points, str(S_REC_POINTS_FMT), r->points);
  Rect p[3];
  for (int i = 0; i < 3; i++) {
    if (portrait) {
      int h = (area.h - 2 * m->gap * 2) / 3;
      p[i] = (Rect){area.x, area.y + i * (h + m->gap * 2), area.w, h};
    } else {
      int w = (area.w - 2 * m->gap * 2) / 3;
      p[i] = (Rect){area.x + i * (w + m->gap * 2), area.y, w, area.h};
    }
  }
  panel(ui, p[0], str(S_REC_ACTIVITIES), att, rate, lateLeave, -1);
  panel(ui, p[1], str(S_REC_VOLUNTEER), hours, pending, NULL, -1);
  panel(ui, p[2], str(S_REC_POINTS), points, str(aStars[r->stars]), NULL, r->stars);
  if (readH) {
    int bw = portrait ? area.w : (int)(520 * m->u);
    ui_button(ui, "read", str(S_READ_ALOUD), (Rect){(m->w - bw) / 2, m->h - m->margin - readH, bw, readH},
              BTN_PRIMARY, m->title);
  }
}

static void tap(App *app, const char *zId) {
  if (strcmp(zId, "read")) return;
  const MemberRecord *r = &gRecord;
  char ap[8], pe[8], say[768];
  vol_half_text(r->approvedHalf, ap);
  vol_half_text(r->pendingHalf, pe);
  char name[160];
  speech_name(find_member()->name, name, sizeof name);
  snprintf(say, sizeof say, str(S_REC_SAY_FMT), name, r->year, r->held, r->attended, r->ratePct, r->late,
           r->leave, ap, pe, r->points, str(aStars[r->stars]));
  voice_say(app->reader, say);
}

const Screen screen_record = {.name = "record", .back = SCR_CHECKIN, .enter = enter, .draw = draw, .tap = tap};
