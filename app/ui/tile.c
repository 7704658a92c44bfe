/* tile: a member's name tile, shared by the screens that find members
 * (the grid, the keypad). Big bold name; underneath, the group — and the
 * birth year when another member has the same name — so no two tiles ever
 * look alike. Long names shrink, then wrap onto two lines (after the "·"
 * of a minority name when there is one). */
#include "app.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

static void draw_name(Ui *ui, const char *zName, Rect r, int px, Color ink) {
  const Metrics *m = &ui->m;
  int fit = text_fit(ui->text, zName, px, m->small, STYLE_BOLD, r.w);
  if (fit) { ui_text_in(ui, zName, r, fit, STYLE_BOLD, ink, ALIGN_CENTER); return; }
  char a[128], b[128];
  const char *dot = strstr(zName, "·");
  size_t cut;
  if (dot) cut = (size_t)(dot - zName) + strlen("·");
  else {
    size_t half = util_utf8_count(zName) / 2, i = 0;
    const char *p = zName, *e = zName + strlen(zName);
    while (i < half && p < e) { util_utf8_next(&p, e); i++; }
    cut = (size_t)(p - zName);
  }
  snprintf(a, sizeof a, "%.*s", (int)cut, zName);
  util_strlcpy(b, zName + cut, sizeof b);
  /* the largest size at which both lines fit the width and, stacked, the height */
  int f = m->small;
  for (int s = px; s > m->small; s -= 2) {
    int wa, wb, ha, hb;
    text_measure(ui->text, a, s, STYLE_BOLD, &wa, &ha);
    text_measure(ui->text, b, s, STYLE_BOLD, &wb, &hb);
    if (wa <= r.w && wb <= r.w && ha + hb <= r.h) { f = s; break; }
  }
  int wa, ha;
  text_measure(ui->text, a, f, STYLE_BOLD, &wa, &ha);
  int top = r.y + (r.h - 2 * ha) / 2;
  ui_text_in(ui, a, (Rect){r.x, top, r.w, ha}, f, STYLE_BOLD, ink, ALIGN_CENTER);
  ui_text_in(ui, b, (Rect){r.x, top + ha, r.w, ha}, f, STYLE_BOLD, ink, ALIGN_CENTER);
}

void app_member_tile(App *app, Ui *ui, int iMember, Rect r) {
  const Metrics *m = &ui->m;
  const Member *mem = &app->aMember[iMember];
  char id[UI_ID_MAX], sub[160], label[320];
  snprintf(id, sizeof id, "member:%s", mem->memberNo);
  if (app->dupName[iMember] && mem->birthYear) {
    char born[32];
    snprintf(born, sizeof born, str(S_BORN_FMT), mem->birthYear);
    snprintf(sub, sizeof sub, "%s · %s", mem->group, born);
  } else util_strlcpy(sub, mem->group, sizeof sub);
  Color body, ink;
  ui_button_colors(ui, id, BTN_TILE, &body, &ink);
  ui_fill(ui, r, body);
  int th = ui_is_pressed(ui, id) ? (int)(6 * m->u) : (int)(3 * m->u);
  ui_outline(ui, r, th < 2 ? 2 : th, ui_is_pressed(ui, id) ? COL_TEXT : COL_TILE_EDGE);
  int pad = m->gap / 2, subW, subH;
  text_measure(ui->text, sub, m->small, STYLE_REGULAR, &subW, &subH);
  Rect nameR = {r.x + pad, r.y + pad / 2, r.w - 2 * pad, r.h - pad - subH};
  draw_name(ui, mem->name, nameR, m->large, ink);
  int spx = text_fit(ui->text, sub, m->small, m->small, STYLE_REGULAR, r.w - 2 * pad);
  ui_text_in(ui, sub, (Rect){r.x + pad, r.y + r.h - pad / 2 - subH, r.w - 2 * pad, subH},
             spx ? spx : m->small, STYLE_REGULAR, ink, ALIGN_CENTER);
  snprintf(label, sizeof label, "%s %s", mem->name, sub);
  ui_widget(ui, id, label, r, m->large);
}
