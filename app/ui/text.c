/* text: see text.h.
 *
 * Faces: slot 0 is the primary regular face, slot 1 the primary bold face,
 * slots 2.. the fallbacks in the order kiosk.conf gives. A fallback is opened
 * only when a string first needs it, which keeps start-up fast and memory low
 * (BabelStone Han alone is 51 MB on disk).
 *
 * Cache: an open-addressed table of CACHE_SLOTS entries, each owning a
 * texture. When the table is 3/4 full, or the textures exceed CACHE_BYTES, the
 * least recently used half is dropped. Lookups compare the full key, so a
 * hash collision costs a miss, never a wrong picture. */
#include "text.h"
#include "fontfind.h"
#include "util.h"
#include <SDL_ttf.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FACES (2 + CONFIG_MAX_FALLBACK)
#define CACHE_SLOTS 2048
#define CACHE_BYTES (24 * 1024 * 1024)
#define MAX_RUNS 64
#define FIT_SLOTS 512

typedef struct {
  uint64_t hash;
  char *z;
  int px, style;
  Color c;
  SDL_Texture *tex;
  int w, h;
  uint64_t used;
} Entry;

struct Text {
  SDL_Renderer *r;
  TTF_Font *aFace[MAX_FACES];
  int faceTried[MAX_FACES];
  int facePx[MAX_FACES];
  char azPath[MAX_FACES][CONFIG_PATH_MAX];
  int nFace;
  Entry aEntry[CACHE_SLOTS];
  int nEntry;
  size_t bytes;
  uint64_t clock;
  int hits, misses;
  struct { uint64_t key; int px; } aFit[FIT_SLOTS]; /* memo of text_fit: layouts re-ask every frame */
};

static uint64_t fnv(const char *z, int px, int style, Color c) {
  uint64_t h = 1469598103934665603ull;
  for (; *z; z++) h = (h ^ (unsigned char)*z) * 1099511628211ull;
  uint32_t tail[3] = {(uint32_t)px, (uint32_t)style, (uint32_t)c.r << 24 | c.g << 16 | c.b << 8 | c.a};
  for (int i = 0; i < 3; i++) h = (h ^ tail[i]) * 1099511628211ull;
  return h ? h : 1;
}

int text_open(Text **pp, SDL_Renderer *r, const Config *cfg, char *zErr, int nErr) {
  *pp = NULL;
  if (!TTF_WasInit() && TTF_Init()) { SDL_snprintf(zErr, nErr, "SDL_ttf: %s", TTF_GetError()); return -1; }
  Text *t = calloc(1, sizeof *t);
  if (!t) { SDL_snprintf(zErr, nErr, "out of memory"); return -1; }
  t->r = r;
  char path[CONFIG_PATH_MAX];
  int index;
  fontfind_slot(cfg, FONT_REGULAR, path, sizeof path, &index);
  t->aFace[0] = path[0] ? TTF_OpenFontIndex(path, 32, index) : NULL;
  if (!t->aFace[0]) {
    SDL_snprintf(zErr, nErr, "cannot open the primary font %s (install fonts-noto-cjk): %s",
                 path[0] ? path : fontfind_family(FONT_REGULAR), path[0] ? TTF_GetError() : "not found by fontconfig");
    free(t);
    return -1;
  }
  char bold[CONFIG_PATH_MAX];
  int boldIndex;
  fontfind_slot(cfg, FONT_BOLD, bold, sizeof bold, &boldIndex);
  t->aFace[1] = bold[0] ? TTF_OpenFontIndex(bold, 32, boldIndex) : NULL;
  if (!t->aFace[1]) { /* a missing bold face is survivable: use the regular face, emboldened */
    t->aFace[1] = TTF_OpenFontIndex(path, 32, index);
    if (t->aFace[1]) TTF_SetFontStyle(t->aFace[1], TTF_STYLE_BOLD);
  }
  t->faceTried[0] = t->faceTried[1] = 1;
  t->facePx[0] = t->facePx[1] = 32;
  t->nFace = 2;
  for (int i = 0; i < cfg->nFontFallback && t->nFace < MAX_FACES; i++) /* found now, opened when first needed */
    fontfind_slot(cfg, FONT_FALLBACK + i, t->azPath[t->nFace++], CONFIG_PATH_MAX, &index);
  *pp = t;
  return 0;
}

void text_close(Text *t) {
  if (!t) return;
  for (int i = 0; i < CACHE_SLOTS; i++) {
    if (t->aEntry[i].tex) SDL_DestroyTexture(t->aEntry[i].tex);
    free(t->aEntry[i].z);
  }
  for (int i = 0; i < t->nFace; i++)
    if (t->aFace[i]) TTF_CloseFont(t->aFace[i]);
  free(t);
}

static TTF_Font *face(Text *t, int i) {
  if (!t->faceTried[i]) {
    t->faceTried[i] = 1;
    t->aFace[i] = TTF_OpenFont(t->azPath[i], 32);
    t->facePx[i] = 32;
    if (!t->aFace[i]) SDL_Log("fallback font %s not available: %s", t->azPath[i], TTF_GetError());
  }
  return t->aFace[i];
}

static TTF_Font *face_at(Text *t, int i, int px) {
  TTF_Font *f = face(t, i);
  if (f && t->facePx[i] != px) {
    TTF_SetFontSize(f, px);
    t->facePx[i] = px;
  }
  return f;
}

int text_face_for(Text *t, Uint32 c) {
  if (TTF_GlyphIsProvided32(t->aFace[0], c)) return 0;
  for (int i = 2; i < t->nFace; i++) {
    TTF_Font *f = face(t, i);
    if (f && TTF_GlyphIsProvided32(f, c)) return i;
  }
  return -1;
}

typedef struct {
  int face;
  char z[256];
} Run;

/* Splits z into runs of one face each. The bold style only changes the
 * primary face: fallbacks have no bold. Returns the run count. */
static int split_runs(Text *t, const char *z, TextStyle style, Run *aRun) {
  int n = 0;
  const char *p = z, *e = z + strlen(z);
  while (p < e) {
    const char *start = p;
    int32_t c = util_utf8_next(&p, e);
    if (c < 0) { p = start + 1; continue; } /* skip a bad byte rather than fail the whole string */
    int f = c < 0x80 ? 0 : text_face_for(t, (Uint32)c);
    if (f <= 0) f = style == STYLE_BOLD ? 1 : 0;
    size_t len = (size_t)(p - start);
    if (n == 0 || aRun[n - 1].face != f || strlen(aRun[n - 1].z) + len >= sizeof aRun[0].z) {
      if (n == MAX_RUNS) break;
      aRun[n].face = f;
      aRun[n].z[0] = 0;
      n++;
    }
    strncat(aRun[n - 1].z, start, len);
  }
  return n;
}

/* The font for a run. Fallback faces have no bold of their own, so a bold
 * run in one is emboldened by SDL_ttf, to sit evenly among its neighbours. */
static TTF_Font *run_font(Text *t, const Run *r, int px, TextStyle style) {
  TTF_Font *f = face_at(t, r->face, px);
  if (f && r->face > 1) {
    int want = style == STYLE_BOLD ? TTF_STYLE_BOLD : TTF_STYLE_NORMAL;
    if (TTF_GetFontStyle(f) != want) TTF_SetFontStyle(f, want);
  }
  return f;
}

/* Measures runs; returns the width and the common ascent/descent. */
static int layout_runs(Text *t, Run *aRun, int n, int px, TextStyle style, int *pAsc, int *pDesc, int *aW) {
  int w = 0, asc = 0, desc = 0;
  for (int i = 0; i < n; i++) {
    TTF_Font *f = run_font(t, &aRun[i], px, style);
    int rw = 0, rh = 0;
    if (f) TTF_SizeUTF8(f, aRun[i].z, &rw, &rh);
    aW[i] = rw;
    w += rw;
    if (f) {
      if (TTF_FontAscent(f) > asc) asc = TTF_FontAscent(f);
      if (-TTF_FontDescent(f) > desc) desc = -TTF_FontDescent(f);
    }
  }
  *pAsc = asc;
  *pDesc = desc;
  return w;
}

void text_measure(Text *t, const char *z, int px, TextStyle style, int *pw, int *ph) {
  Run aRun[MAX_RUNS];
  int aW[MAX_RUNS], asc, desc;
  int n = split_runs(t, z, style, aRun);
  *pw = layout_runs(t, aRun, n, px, style, &asc, &desc, aW);
  *ph = asc + desc;
}

int text_fit(Text *t, const char *z, int px, int minPx, TextStyle style, int maxW) {
  uint64_t key = fnv(z, px, style, (Color){(uint8_t)minPx, (uint8_t)(minPx >> 8), (uint8_t)maxW, (uint8_t)(maxW >> 8)});
  key ^= (uint64_t)maxW << 40;
  int slot = (int)(key % FIT_SLOTS);
  if (t->aFit[slot].key == key) return t->aFit[slot].px;
  int fit = 0;
  for (int s = px; s >= minPx; s -= (s > 40 ? 2 : 1)) {
    int w, h;
    text_measure(t, z, s, style, &w, &h);
    if (w <= maxW) { fit = s; break; }
  }
  t->aFit[slot].key = key;
  t->aFit[slot].px = fit;
  return fit;
}

int text_missing(Text *t, const char *z) {
  int missing = 0;
  const char *p = z, *e = z + strlen(z);
  while (p < e) {
    int32_t c = util_utf8_next(&p, e);
    if (c < 0) return -1;
    if (c >= 0x20 && text_face_for(t, (Uint32)c) < 0) missing++;
  }
  return missing;
}

static SDL_Surface *render_runs(Text *t, const char *z, int px, TextStyle style, Color c) {
  Run aRun[MAX_RUNS];
  int aW[MAX_RUNS], asc, desc;
  int n = split_runs(t, z, style, aRun);
  int w = layout_runs(t, aRun, n, px, style, &asc, &desc, aW);
  if (w <= 0) return NULL;
  SDL_Surface *out = SDL_CreateRGBSurfaceWithFormat(0, w, asc + desc, 32, SDL_PIXELFORMAT_ARGB8888);
  if (!out) return NULL;
  SDL_FillRect(out, NULL, SDL_MapRGBA(out->format, c.r, c.g, c.b, 0));
  SDL_Color sc = {c.r, c.g, c.b, 255};
  int x = 0;
  for (int i = 0; i < n; i++) {
    TTF_Font *f = run_font(t, &aRun[i], px, style);
    SDL_Surface *s = f ? TTF_RenderUTF8_Blended(f, aRun[i].z, sc) : NULL;
    if (s) {
      /* runs never overlap, so copying (not blending) keeps each run's alpha */
      SDL_SetSurfaceBlendMode(s, SDL_BLENDMODE_NONE);
      SDL_Rect dst = {x, asc - TTF_FontAscent(f), s->w, s->h};
      SDL_BlitSurface(s, NULL, out, &dst);
      SDL_FreeSurface(s);
    }
    x += aW[i];
  }
  return out;
}

static void evict_half(Text *t) {
  /* drop every entry used before the median use time */
  uint64_t lo = UINT64_MAX, hi = 0;
  for (int i = 0; i < CACHE_SLOTS; i++)
    if (t->aEntry[i].tex) {
      if (t->aEntry[i].used < lo) lo = t->aEntry[i].used;
      if (t->aEntry[i].used > hi) hi = t->aEntry[i].used;
    }
  uint64_t cut = lo + (hi - lo) / 2;
  Entry *old = malloc(sizeof t->aEntry);
  if (!old) return;
  memcpy(old, t->aEntry, sizeof t->aEntry);
  memset(t->aEntry, 0, sizeof t->aEntry);
  t->nEntry = 0;
  t->bytes = 0;
  for (int i = 0; i < CACHE_SLOTS; i++) {
    Entry *e = &old[i];
    if (!e->tex) continue;
    if (e->used <= cut) {
      SDL_DestroyTexture(e->tex);
      free(e->z);
      continue;
    }
    int j = (int)(e->hash % CACHE_SLOTS);
    while (t->aEntry[j].tex) j = (j + 1) % CACHE_SLOTS;
    t->aEntry[j] = *e;
    t->nEntry++;
    t->bytes += (size_t)e->w * (size_t)e->h * 4;
  }
  free(old);
}

SDL_Texture *text_get(Text *t, const char *z, int px, TextStyle style, Color c, int *pw, int *ph) {
  *pw = *ph = 0;
  if (!z || !*z) return NULL;
  uint64_t h = fnv(z, px, style, c);
  int j = (int)(h % CACHE_SLOTS);
  for (; t->aEntry[j].tex; j = (j + 1) % CACHE_SLOTS) {
    Entry *e = &t->aEntry[j];
    if (e->hash == h && e->px == px && e->style == (int)style && !memcmp(&e->c, &c, sizeof c) && !strcmp(e->z, z)) {
      e->used = ++t->clock;
      t->hits++;
      *pw = e->w;
      *ph = e->h;
      return e->tex;
    }
  }
  t->misses++;
  SDL_Surface *s = render_runs(t, z, px, style, c);
  if (!s) return NULL;
  SDL_Texture *tex = SDL_CreateTextureFromSurface(t->r, s);
  int w = s->w, hh = s->h;
  SDL_FreeSurface(s);
  if (!tex) return NULL;
  SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
  if (t->nEntry >= CACHE_SLOTS * 3 / 4 || t->bytes > CACHE_BYTES) {
    evict_half(t);
    for (j = (int)(h % CACHE_SLOTS); t->aEntry[j].tex; j = (j + 1) % CACHE_SLOTS) {}
  }
  Entry *e = &t->aEntry[j];
  e->hash = h;
  e->z = strdup(z);
  e->px = px;
  e->style = style;
  e->c = c;
  e->tex = tex;
  e->w = w;
  e->h = hh;
  e->used = ++t->clock;
  t->nEntry++;
  t->bytes += (size_t)w * (size_t)hh * 4;
  *pw = w;
  *ph = hh;
  return tex;
}

void text_stats(Text *t, int *pEntries, int *pHits, int *pMisses) {
  *pEntries = t->nEntry;
  *pHits = t->hits;
  *pMisses = t->misses;
}
