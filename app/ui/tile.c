/* tile: a member's name tile, shared by the screens that find members
 * (the grid, the keypad, the admin board). Big bold name; underneath, the
 * group — and the birth year when another member has the same name — so
 * no two tiles ever look alike. A long name shrinks (never below the body
 * size), then wraps onto two or three lines, breaking after the "·" of a
 * minority name when it can; a three-line name may take the group line's
 * room. A name is never cut off. The group line holds for real rosters'
 * long group names: full when it fits, else the short form (第一村民小组 ->
 * 第一组), else the group and the birth year on two lines, else the group
 * cut with "…" before the year — never wider than its tile.
 *
 * A member with a photo (photo.h) has it at the tile's left (at most 30 %
 * of the width, at least 15 mm), the words to its right. Photos become textures of the size drawn (not the stored
 * 256 px) in a small cache, so a page of photos costs a few hundred KB, and
 * nothing is decoded in a frame that has drawn it before. */
#include "app.h"
#include "photo.h"
#include "strings.h"
#include "util.h"
#include <SDL_image.h>
#include <stdio.h>
#include <string.h>

#define MAX_LINES 3

/* Splits zName into n lines (n = 1..3) of about equal length, breaking
 * after a "·" when one falls near a break. Lines go to az (each 128). */
static void split(const char *zName, int n, char az[MAX_LINES][128]) {
  size_t total = util_utf8_count(zName);
  const char *p = zName, *e = zName + strlen(zName);
  for (int line = 0; line < n; line++) {
    size_t left = (size_t)(n - line), want = (total + left - 1) / left, k = 0; /* an even share of what is left */
    const char *start = p;
    while (p < e && k < want) {
      const char *q = p;
      util_utf8_next(&q, e);
      int dot = (size_t)(q - p) == strlen("·") && !strncmp(p, "·", strlen("·"));
      p = q;
      k++;
      if (dot && k + 2 >= want) break; /* a natural break close enough */
    }
    /* a "·" right after the break stays with the line before it */
    if (line < n - 1 && !strncmp(p, "·", strlen("·"))) { p += strlen("·"); k++; }
    total -= k;
    snprintf(az[line], 128, "%.*s", (int)(p - start), start);
  }
}

/* Draws zName in r on the fewest lines at the largest size (≤ px, ≥ the
 * body size) that fit. Returns 0 when even three lines at body size do not
 * fit r (the caller may give more room), else 1. With force, draws anyway. */
static int draw_name(Ui *ui, const char *zName, Rect r, int px, Color ink, int force) {
  const Metrics *m = &ui->m;
  char az[MAX_LINES][128];
  for (int n = 1; n <= MAX_LINES; n++) {
    memset(az, 0, sizeof az);
    split(zName, n, az);
    for (int s = px; s >= m->small; s -= 2) {
      int ok = 1, hTotal = 0, lh = 0;
      for (int i = 0; i < n && ok; i++) {
        int w, h;
        if (!az[i][0]) continue;
        text_measure(ui->text, az[i], s, STYLE_BOLD, &w, &h);
        ok = w <= r.w;
        hTotal += h;
        lh = h;
      }
      if (!ok || hTotal > r.h) continue;
      int y = r.y + (r.h - hTotal) / 2;
      for (int i = 0; i < n; i++)
        if (az[i][0]) { ui_text_in(ui, az[i], (Rect){r.x, y, r.w, lh}, s, STYLE_BOLD, ink, ALIGN_CENTER); y += lh; }
      return 1;
    }
  }
  if (!force) return 0;
  split(zName, MAX_LINES, az); /* no room even so: three lines at body size */
  int lh = r.h / MAX_LINES;
  for (int i = 0; i < MAX_LINES; i++)
    ui_text_in(ui, az[i], (Rect){r.x, r.y + i * lh, r.w, lh}, m->small, STYLE_BOLD, ink, ALIGN_CENTER);
  return 1;
}

/* The suffix rule alone: "村民小组" / "居民小组" / "小组" at the end -> "组". */
static void short_suffix(const char *zGroup, char *z, size_t n) {
  static const char *const aSuffix[] = {"村民小组", "居民小组", "小组"};
  util_strlcpy(z, zGroup, n);
  size_t len = strlen(z);
  for (size_t i = 0; i < sizeof aSuffix / sizeof aSuffix[0]; i++) {
    size_t k = strlen(aSuffix[i]);
    if (len > k && !strcmp(z + len - k, aSuffix[i])) { snprintf(z + len - k, n - (len - k), "组"); return; }
  }
}

/* The suffix rule, then whatever stands before "第" goes (东风村第十二组 ->
 * 第十二组). */
static void short_both(const char *zGroup, char *z, size_t n) {
  char t[128];
  short_suffix(zGroup, t, sizeof t);
  const char *di = strstr(t, "第");
  util_strlcpy(z, di && di > t && strstr(di, "组") ? di : t, n);
}

void app_group_short(const App *app, const char *zGroup, char *zOut, size_t n) {
  char want[128], other[128];
  short_both(zGroup, want, sizeof want);
  /* the prefix may go only if no other group would then read the same */
  for (int g = 0; g < app->model.nGroup; g++) {
    if (!strcmp(app->model.azGroup[g], zGroup)) continue;
    short_both(app->model.azGroup[g], other, sizeof other);
    if (!strcmp(other, want) || !strcmp(app->model.azGroup[g], want)) { short_suffix(zGroup, zOut, n); return; }
  }
  util_strlcpy(zOut, want, n);
}

/* The line(s) under a name: the group, and the birth year when it tells two
 * members of the same name apart. One line if it fits width w at the body
 * size — in full, or with the group's short form; else, with room for two
 * (maxLines 2), the group (short, cut with "…" only if even that is too
 * wide) over the year; else one line with the group cut so that the year
 * still shows. Returns the number of lines in az. */
static int sub_lines(App *app, Ui *ui, const Member *mem, int withYear, int w, int maxLines, char az[2][160]) {
  char born[32] = "", shortG[64], z[160];
  int px = ui->m.small;
  if (withYear) snprintf(born, sizeof born, str(S_BORN_FMT), mem->birthYear);
  app_group_short(app, mem->group, shortG, sizeof shortG);
  const char *azGroup[2] = {mem->group, shortG};
  for (int i = 0; i < 2; i++) {
    if (born[0]) snprintf(z, sizeof z, "%s · %s", azGroup[i], born);
    else util_strlcpy(z, azGroup[i], sizeof z);
    if (text_fit(ui->text, z, px, px, STYLE_REGULAR, w)) { util_strlcpy(az[0], z, 160); return 1; }
  }
  if (!born[0]) { app_fit_or_cut(ui, shortG, px, px, STYLE_REGULAR, w, az[0], 160); return 1; }
  if (maxLines >= 2) {
    app_fit_or_cut(ui, shortG, px, px, STYLE_REGULAR, w, az[0], 160);
    util_strlcpy(az[1], born, 160);
    return 2;
  }
  /* one line: cut the group, never the year */
  int bw, bh, dw, dh;
  text_measure(ui->text, born, px, STYLE_REGULAR, &bw, &bh);
  text_measure(ui->text, " · ", px, STYLE_REGULAR, &dw, &dh);
  char cut[96];
  app_fit_or_cut(ui, shortG, px, px, STYLE_REGULAR, w - bw - dw, cut, sizeof cut);
  snprintf(az[0], 160, "%s · %s", cut, born);
  if (!text_fit(ui->text, az[0], px, px, STYLE_REGULAR, w)) util_strlcpy(az[0], born, 160); /* the year alone */
  return 1;
}

/* The photo cache: textures of members' photos at the size they are drawn,
 * for the roster they were made from; the least recently used goes. */
#define PHOTO_CACHE 48
static struct {
  char no[24];
  int side;
  unsigned gen;
  SDL_Texture *tex;
  int w, h;
  unsigned used;
} aPhoto[PHOTO_CACHE];
static unsigned gPhotoClock;

void app_photo_clear(void) {
  for (int i = 0; i < PHOTO_CACHE; i++) {
    if (aPhoto[i].tex) SDL_DestroyTexture(aPhoto[i].tex);
    memset(&aPhoto[i], 0, sizeof aPhoto[i]);
  }
}

/* Decodes member iMember's stored photo and shrinks it to fit side x side. */
static SDL_Texture *make_photo(App *app, int iMember, int side, int *pW, int *pH) {
  unsigned char *p;
  size_t n;
  if (photo_get(app->db, app->model.aMember[iMember].memberNo, &p, &n) || !p) return NULL;
  SDL_RWops *rw = SDL_RWFromConstMem(p, (int)n);
  SDL_Surface *raw = rw ? IMG_Load_RW(rw, 1) : NULL;
  free(p);
  SDL_Surface *argb = raw ? SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0) : NULL;
  SDL_FreeSurface(raw);
  if (!argb) return NULL;
  int w = argb->w, h = argb->h;
  if (w >= h && w > side) h = h * side / w, w = side;
  else if (h > w && h > side) w = w * side / h, h = side;
  if (w < 1) w = 1;
  if (h < 1) h = 1;
  SDL_Surface *fit = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
  SDL_Texture *tex = NULL;
  if (fit && SDL_SoftStretchLinear(argb, NULL, fit, NULL) == 0) tex = SDL_CreateTextureFromSurface(app->ren, fit);
  SDL_FreeSurface(fit);
  SDL_FreeSurface(argb);
  *pW = w, *pH = h;
  return tex;
}

SDL_Texture *app_photo(App *app, int iMember, int side, int *pW, int *pH) {
  if (!app->model.hasPhoto || !app->model.hasPhoto[iMember]) return NULL;
  const char *no = app->model.aMember[iMember].memberNo;
  int oldest = 0;
  for (int i = 0; i < PHOTO_CACHE; i++) {
    if (aPhoto[i].used && aPhoto[i].side == side && aPhoto[i].gen == app->model.rosterGen && !strcmp(aPhoto[i].no, no)) {
      aPhoto[i].used = ++gPhotoClock;
      *pW = aPhoto[i].w, *pH = aPhoto[i].h;
      return aPhoto[i].tex; /* NULL for a photo that could not be shown: not decoded again each frame */
    }
    if (aPhoto[i].used < aPhoto[oldest].used) oldest = i;
  }
  if (aPhoto[oldest].tex) SDL_DestroyTexture(aPhoto[oldest].tex);
  memset(&aPhoto[oldest], 0, sizeof aPhoto[oldest]);
  SDL_Texture *tex = make_photo(app, iMember, side, &aPhoto[oldest].w, &aPhoto[oldest].h);
  if (!tex) SDL_Log("the photo of %s cannot be shown: %s", no, SDL_GetError());
  util_strlcpy(aPhoto[oldest].no, no, sizeof aPhoto[oldest].no);
  aPhoto[oldest].side = side;
  aPhoto[oldest].gen = app->model.rosterGen;
  aPhoto[oldest].tex = tex;
  aPhoto[oldest].used = ++gPhotoClock;
  *pW = aPhoto[oldest].w, *pH = aPhoto[oldest].h;
  return tex;
}

void app_member_tile_px(App *app, Ui *ui, int iMember, Rect r, int namePx) {
  const Metrics *m = &ui->m;
  const Member *mem = &app->model.aMember[iMember];
  char id[UI_ID_MAX], sub[160], label[320], az[2][160];
  snprintf(id, sizeof id, "member:%s", mem->memberNo);
  int dup = app->model.dupName[iMember], withYear = dup && mem->birthYear;
  if (withYear) {
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
  /* a photo at the left, as tall as the tile allows; the words beside it */
  int pw, ph, side = r.h - 2 * pad < r.w * 3 / 10 ? r.h - 2 * pad : r.w * 3 / 10; /* the words keep 70 % */
  SDL_Texture *face = side >= m->minTap ? app_photo(app, iMember, side, &pw, &ph) : NULL;
  if (face) {
    SDL_Rect dst = {r.x + pad + (side - pw) / 2, r.y + pad + (side - ph) / 2, pw, ph};
    SDL_RenderCopy(ui->r, face, NULL, &dst);
    r.x += side + pad;
    r.w -= side + pad;
  }
  int nSub = sub_lines(app, ui, mem, withYear, r.w - 2 * pad, 2, az);
  text_measure(ui->text, az[0], m->small, STYLE_REGULAR, &subW, &subH);
  Rect nameR = {r.x + pad, r.y + pad / 2, r.w - 2 * pad, r.h - pad - nSub * subH};
  int drawn = draw_name(ui, mem->name, nameR, namePx, ink, 0);
  if (!drawn && nSub == 2) { /* the name needs the second line's room: group and year share one */
    nSub = sub_lines(app, ui, mem, withYear, r.w - 2 * pad, 1, az);
    nameR.h += subH;
    drawn = draw_name(ui, mem->name, nameR, namePx, ink, dup);
  } else if (!drawn && dup) drawn = draw_name(ui, mem->name, nameR, namePx, ink, 1);
  /* the group line gives its room to a very long name, unless it is what
   * tells two members of the same name apart */
  if (drawn) {
    for (int i = 0; i < nSub; i++)
      ui_text_in(ui, az[i], (Rect){r.x + pad, r.y + r.h - pad / 2 - (nSub - i) * subH, r.w - 2 * pad, subH},
                 m->small, STYLE_REGULAR, ink, ALIGN_CENTER);
  } else {
    draw_name(ui, mem->name, (Rect){r.x + pad, r.y + pad / 2, r.w - 2 * pad, r.h - pad}, namePx, ink, 1);
  }
  snprintf(label, sizeof label, "%s %s", mem->name, sub);
  if (face) r.x -= side + pad, r.w += side + pad; /* the whole tile is the target */
  ui_widget(ui, id, label, r, namePx);
}

void app_member_tile(App *app, Ui *ui, int iMember, Rect r) { app_member_tile_px(app, ui, iMember, r, ui->m.large); }
