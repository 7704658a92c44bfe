/* screen_notice: reading one notice, in large type at a line spacing of
 * 1.6, in pages turned with big 上一页 / 下一页 buttons ("第 2 / 5 页"): no
 * scrolling. 大字 / 特大字 changes the size until the kiosk goes home; the
 * page layout (Chinese line breaking, from the core's pager) is computed
 * once per size and window size and kept. Images are scaled to fit.
 *
 * 朗读 reads the notice aloud through espeak-ng, a sentence at a time, the
 * sentence being read shown white on black; at the end of a page it turns
 * the page and goes on. 停止朗读 stops it, and so does leaving the page.
 * Only a sentence that was really spoken moves it on: when the speech
 * program fails (no sound device), reading stops where it is and a banner
 * says so plainly; 朗读 is not offered while the voice is failing. */
#include "app.h"
#include "pager.h"
#include "strings.h"
#include "util.h"
#include <SDL_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SIZES = 2 };

typedef struct NoticeView NoticeView;
struct NoticeView {
  NoticeInfo info;
  char *md;                     /* "# title", the date and source, then the body */
  MdDoc doc;
  SDL_Texture **aTex;           /* per block: its image, or NULL */
  int *aTexW, *aTexH;
  PgLayout lay[SIZES];
  int layW[SIZES], layH[SIZES]; /* the page box each layout was made for (0: none yet) */
  int px[SIZES][PG_STYLES];
  PgSentence *aSent;            /* every sentence, in reading order */
  int nSent;
  int size;                     /* 0 大字, 1 特大字: kept until the kiosk goes home */
  int page;
  int reading, cur;             /* reading aloud sentence cur */
  int noSound;                  /* the last 朗读 failed: the banner shows */
  Sint32 seq;                   /* the reader's number for it */
};

static int gSize;          /* the size chosen, until the kiosk goes home */
static NoticeView *gView;  /* the notice being read, NULL when none */

static void view_free(NoticeView *nv) {
  if (!nv) return;
  for (int i = 0; i < SIZES; i++) pager_free(&nv->lay[i]);
  for (int b = 0; nv->aTex && b < nv->doc.n; b++)
    if (nv->aTex[b]) SDL_DestroyTexture(nv->aTex[b]);
  free(nv->aTex);
  free(nv->aTexW);
  free(nv->aTexH);
  free(nv->aSent);
  md_free(&nv->doc);
  free(nv->md);
  free(nv);
}

static void stop_reading(App *app) {
  if (gView && gView->reading) {
    voice_stop(app->reader);
    gView->reading = 0;
    app->dirty = 1;
  }
}

void notice_reader_open(App *app, const NoticeInfo *n) {
  stop_reading(app);
  view_free(gView);
  gView = NULL;
  NoticeView *nv = calloc(1, sizeof *nv);
  char *body = NULL;
  if (!nv || notice_get(app->db, n->uuid, &nv->info, &body) != 0) { free(nv); free(body); return; }
  char date[64], meta[160];
  snprintf(date, sizeof date, str(S_NOTICE_DATE_FMT), atoi(n->published), atoi(n->published + 5),
           atoi(n->published + 8));
  snprintf(meta, sizeof meta, str(S_NOTICE_META_FMT), date,
           str(!strcmp(n->source, "township") ? S_FROM_TOWN : S_FROM_VILLAGE));
  size_t len = strlen(n->title) + strlen(meta) + strlen(body) + 16;
  nv->md = malloc(len);
  if (nv->md) snprintf(nv->md, len, "# %s\n\n%s\n\n%s", n->title, meta, body);
  free(body);
  if (!nv->md || md_parse(nv->md, &nv->doc)) { view_free(nv); return; }
  nv->aTex = calloc((size_t)nv->doc.n + 1, sizeof *nv->aTex);
  nv->aTexW = calloc((size_t)nv->doc.n + 1, sizeof(int));
  nv->aTexH = calloc((size_t)nv->doc.n + 1, sizeof(int));
  /* sentences of every block, in order */
  int cap = 0;
  for (int b = 0; b < nv->doc.n; b++) cap += pager_sentences(nv->doc.a[b].text, NULL, 0);
  nv->aSent = calloc((size_t)cap + 1, sizeof *nv->aSent);
  if (!nv->aTex || !nv->aTexW || !nv->aTexH || !nv->aSent) { view_free(nv); return; }
  for (int b = 0; b < nv->doc.n; b++) {
    int k = pager_sentences(nv->doc.a[b].text, nv->aSent + nv->nSent, cap - nv->nSent);
    for (int i = 0; i < k; i++) nv->aSent[nv->nSent + i].block = b;
    nv->nSent += k;
    if (nv->doc.a[b].kind != MD_IMAGE) continue;
    void *data;
    size_t size;
    if (notice_image(app->db, n->uuid, nv->doc.a[b].src, &data, &size) != 0) continue;
    SDL_RWops *rw = SDL_RWFromConstMem(data, (int)size);
    SDL_Surface *surf = rw ? IMG_Load_RW(rw, 1) : NULL;
    if (surf) {
      nv->aTex[b] = SDL_CreateTextureFromSurface(app->ren, surf);
      nv->aTexW[b] = surf->w;
      nv->aTexH[b] = surf->h;
      SDL_FreeSurface(surf);
    } else SDL_Log("notice image %s: %s", nv->doc.a[b].src, IMG_GetError());
    free(data);
  }
  nv->size = gSize;
  gView = nv;
  if (notice_record_view(app->db, n->noticeId)) SDL_Log("cannot count a view of %s", n->noticeId);
}

typedef struct {
  Ui *ui;
  const int *px;
  char buf[4096];
} Measure;

static TextStyle style_of(PgStyle st) { return st == PG_BODY ? STYLE_REGULAR : STYLE_BOLD; }

static double measure(void *ctx, PgStyle st, const char *z, size_t n) {
  Measure *me = ctx;
  if (n >= sizeof me->buf) n = sizeof me->buf - 1;
  memcpy(me->buf, z, n);
  me->buf[n] = 0;
  int w, h;
  text_measure(me->ui->text, me->buf, me->px[st], style_of(st), &w, &h);
  return w;
}

/* The page box under the title bar and above the controls. */
static Rect page_box(const Metrics *m, int barsH) {
  int top = m->topBar + m->gap * 2;
  return (Rect){m->margin, top, m->w - 2 * m->margin, m->h - barsH - m->gap * 2 - top};
}

static int bar_h(const Metrics *m) { return m->minTap > (int)(112 * m->u) ? m->minTap : (int)(112 * m->u); }
static int bars_h(const Metrics *m) { return (m->h > m->w ? 2 * bar_h(m) + m->gap : bar_h(m)) + m->gap; }

typedef struct {
  Measure me;
  NoticeView *nv;
} LayCtx;

static double lay_measure(void *ctx, PgStyle st, const char *z, size_t n) { return measure(&((LayCtx *)ctx)->me, st, z, n); }

static int lay_image(void *ctx, const char *src, double *pw, double *ph) {
  NoticeView *nv = ((LayCtx *)ctx)->nv;
  for (int b = 0; b < nv->doc.n; b++)
    if (nv->doc.a[b].kind == MD_IMAGE && nv->aTex[b] && !strcmp(nv->doc.a[b].src, src)) {
      *pw = nv->aTexW[b];
      *ph = nv->aTexH[b];
      return 0;
    }
  return -1;
}

/* The layout for the current size and window, made once and kept. */
static const PgLayout *layout(App *app, Ui *ui) {
  NoticeView *nv = gView;
  const Metrics *m = &ui->m;
  Rect box = page_box(m, bars_h(m));
  int s = nv->size;
  if (nv->layW[s] == box.w && nv->layH[s] == box.h) return &nv->lay[s];
  pager_free(&nv->lay[s]);
  int body = s == 0 ? m->large : (int)(66 * m->u);
  int *px = nv->px[s];
  px[PG_BODY] = body;
  px[PG_H1] = body * 5 / 4;
  px[PG_H2] = body * 9 / 8;
  px[PG_H3] = body * 21 / 20;
  LayCtx lc = {{ui, px, {0}}, nv};
  PgSpec sp = {.width = box.w * 0.97, /* a little room for bold spans, measured as regular */
               .height = box.h,
               .lineH = {body * 1.6, px[PG_H1] * 1.5, px[PG_H2] * 1.5, px[PG_H3] * 1.5},
               .blockGap = body * 0.6,
               .indent = body * 1.6,
               .measure = lay_measure,
               .imageSize = lay_image,
               .ctx = &lc};
  if (pager_layout(&nv->doc, &sp, &nv->lay[s])) return NULL;
  nv->layW[s] = box.w;
  nv->layH[s] = box.h;
  return &nv->lay[s];
}

/* The page on which sentence i starts. */
static int sentence_page(const PgLayout *l, const PgSentence *se) {
  int page = 0;
  for (int p = 0; p < l->nPage; p++)
    for (int i = l->aFirst[p]; i < l->aFirst[p + 1]; i++)
      if (l->a[i].block == se->block && !l->a[i].image && l->a[i].start <= se->start) page = p;
  return page;
}

/* Draws a line item, split wherever bold starts or ends and wherever the
 * sentence being read starts or ends. */
static void draw_line(App *app, Ui *ui, const PgItem *it, Rect box, const int *px) {
  NoticeView *nv = gView;
  const MdBlock *b = &nv->doc.a[it->block];
  size_t cut[2 * MD_MAX_SPANS + 4];
  int nCut = 0;
  size_t s0 = it->start, s1 = it->start + it->len;
  cut[nCut++] = s0;
  for (int k = 0; k < b->nBold; k++) {
    cut[nCut++] = b->aBold[k].start;
    cut[nCut++] = b->aBold[k].start + b->aBold[k].len;
  }
  const PgSentence *se = nv->reading && nv->cur < nv->nSent ? &nv->aSent[nv->cur] : NULL;
  if (se && se->block == it->block) {
    cut[nCut++] = se->start;
    cut[nCut++] = se->start + se->len;
  }
  cut[nCut++] = s1;
  /* sort the cuts, keep those inside the line */
  for (int i = 1; i < nCut; i++)
    for (int j = i; j > 0 && cut[j] < cut[j - 1]; j--) { size_t t = cut[j]; cut[j] = cut[j - 1]; cut[j - 1] = t; }
  int p = px[it->style];
  int lineH = (int)it->h, glyphH = app_line_h(ui, p, STYLE_REGULAR);
  int y = box.y + (int)it->y + (lineH - glyphH) / 2;
  int x = box.x + (int)it->x;
  char buf[1024];
  for (int i = 0; i + 1 < nCut; i++) {
    size_t a = cut[i] < s0 ? s0 : cut[i], e = cut[i + 1] > s1 ? s1 : cut[i + 1];
    if (e <= a) continue;
    int bold = it->style != PG_BODY;
    for (int k = 0; k < b->nBold && !bold; k++) bold = a >= b->aBold[k].start && a < b->aBold[k].start + b->aBold[k].len;
    int lit = se && se->block == it->block && a >= se->start && a < se->start + se->len;
    size_t n = e - a < sizeof buf - 1 ? e - a : sizeof buf - 1;
    memcpy(buf, b->text + a, n);
    buf[n] = 0;
    int w, h;
    text_measure(ui->text, buf, p, bold ? STYLE_BOLD : STYLE_REGULAR, &w, &h);
    if (lit) ui_fill(ui, (Rect){x, box.y + (int)it->y, w, lineH - (int)(4 * ui->m.u)}, COL_SELECTED);
    ui_text(ui, buf, x, y, p, bold ? STYLE_BOLD : STYLE_REGULAR, lit ? COL_ON_SELECTED : COL_TEXT, ALIGN_LEFT);
    x += w;
  }
  if (it->bullet) {
    char mark[16];
    if (b->level > 0) snprintf(mark, sizeof mark, "%d.", b->level);
    else util_strlcpy(mark, "•", sizeof mark);
    ui_text(ui, mark, box.x + (int)it->x - (int)(p * 0.4), y, p, STYLE_BOLD, COL_TEXT, ALIGN_RIGHT);
  }
}

/* The controls: 大字 / 特大字 and 朗读 (when a speech program is there), and
 * the pager. Landscape: one row, 上一页 | 大字 特大字 朗读 | 第 p / n 页 |
 * 下一页. Portrait: the tools in a row above the pager. */
static void draw_controls(App *app, Ui *ui, int pages) {
  const Metrics *m = &ui->m;
  NoticeView *nv = gView;
  int bh = bar_h(m), portrait = m->h > m->w, g = m->gap * 2;
  Rect pager = {m->margin, m->h - m->gap - bh, m->w - 2 * m->margin, bh};
  int nTool = voice_available(app->reader) ? 3 : 2;
  int tx, ty, tw;
  if (portrait) {
    ty = pager.y - bh - m->gap;
    tx = pager.x;
    tw = (pager.w - (nTool - 1) * g) / nTool;
    app_pager(app, ui, pager, nv->page, pages);
  } else {
    int bw = pager.w * 16 / 100, pw = pager.w * 14 / 100;
    ty = pager.y;
    tx = pager.x + bw + g;
    tw = (pager.w - 2 * bw - pw - (nTool + 2) * g) / nTool;
    char text[64];
    snprintf(text, sizeof text, str(S_PAGE_FMT), nv->page + 1, pages);
    Rect t = {pager.x + pager.w - bw - g - pw, pager.y, pw, bh};
    int px = text_fit(ui->text, text, m->body, m->small, STYLE_BOLD, pw);
    ui_text_in(ui, text, t, px ? px : m->small, STYLE_BOLD, COL_TEXT, ALIGN_CENTER);
    if (nv->page > 0)
      ui_button(ui, "page:prev", str(S_PREV_PAGE), (Rect){pager.x, pager.y, bw, bh}, BTN_TILE, m->title);
    if (nv->page < pages - 1)
      ui_button(ui, "page:next", str(S_NEXT_PAGE), (Rect){pager.x + pager.w - bw, pager.y, bw, bh}, BTN_TILE,
                m->title);
  }
  ui_button(ui, "size:0", str(S_SIZE_BIG), (Rect){tx, ty, tw, bh}, nv->size == 0 ? BTN_TAB_SELECTED : BTN_TAB,
            m->large);
  ui_button(ui, "size:1", str(S_SIZE_HUGE), (Rect){tx + tw + g, ty, tw, bh}, nv->size == 1 ? BTN_TAB_SELECTED : BTN_TAB,
            m->large);
  if (nTool == 3)
    ui_button(ui, nv->reading ? "stop" : "read", str(nv->reading ? S_READ_STOP : S_READ_ALOUD),
              (Rect){tx + 2 * (tw + g), ty, tw, bh}, nv->reading ? BTN_TAB_SELECTED : BTN_PRIMARY, m->large);
}

static void draw(App *app, Ui *ui) {
  const Metrics *m = &ui->m;
  NoticeView *nv = gView;
  static const StringId aName[NOTICE_CAT_COUNT] = {S_CAT_NOTICE, S_CAT_PARTY, S_CAT_VILLAGE, S_CAT_POLICY};
  app_chrome(app, ui, str(nv ? aName[nv->info.category] : S_NOTICES));
  const PgLayout *l = nv ? layout(app, ui) : NULL;
  if (!l) {
    ui_text_in(ui, str(S_NOTICE_GONE), page_box(m, bars_h(m)), m->large, STYLE_BOLD, COL_MUTED, ALIGN_CENTER);
    return;
  }
  if (nv->page >= l->nPage) nv->page = l->nPage - 1;
  Rect box = page_box(m, bars_h(m));
  const int *px = nv->px[nv->size];
  const PgItem *last = NULL;
  for (int i = l->aFirst[nv->page]; i < l->aFirst[nv->page + 1]; i++) {
    const PgItem *it = &l->a[i];
    last = it;
    if (it->image) {
      SDL_Rect d = {box.x + (int)it->x, box.y + (int)it->y, (int)it->w, (int)it->h};
      SDL_RenderCopy(app->ren, nv->aTex[it->block], NULL, &d);
      ui_outline(ui, (Rect){d.x, d.y, d.w, d.h}, 2, COL_TILE_EDGE);
    } else draw_line(app, ui, it, box, px);
  }
  /* the end, said in words, when there is room for it */
  if (nv->page == l->nPage - 1 && last) {
    int y = box.y + (int)(last->y + last->h) + m->gap * 2;
    if (y + app_line_h(ui, m->body, STYLE_REGULAR) <= box.y + box.h)
      ui_text(ui, str(S_NOTICE_END), m->w / 2, y, m->body, STYLE_REGULAR, COL_MUTED, ALIGN_CENTER);
  }
  if (nv->noSound) { /* over the foot of the page, until the next tap */
    int bh = app_line_h(ui, m->large, STYLE_BOLD) + 2 * m->gap;
    Rect r = {box.x, box.y + box.h - bh, box.w, bh};
    ui_fill(ui, r, COL_BANNER);
    int fit = text_fit(ui->text, str(S_READ_NO_SOUND), m->large, m->small, STYLE_BOLD, r.w - 2 * m->gap);
    ui_text_in(ui, str(S_READ_NO_SOUND), r, fit ? fit : m->small, STYLE_BOLD, COL_ON_BANNER, ALIGN_CENTER);
  }
  draw_controls(app, ui, l->nPage);
}

/* Reads sentence nv->cur aloud, turning to its page. */
static void say_current(App *app) {
  NoticeView *nv = gView;
  const PgLayout *l = &nv->lay[nv->size];
  if (nv->cur >= nv->nSent) { stop_reading(app); return; }
  const PgSentence *se = &nv->aSent[nv->cur];
  if (l->nPage) nv->page = sentence_page(l, se);
  char buf[2048];
  size_t n = se->len < sizeof buf - 1 ? se->len : sizeof buf - 1;
  memcpy(buf, nv->doc.a[se->block].text + se->start, n);
  buf[n] = 0;
  nv->seq = voice_say(app->reader, buf);
  nv->reading = nv->seq != 0;
  if (!nv->reading) nv->noSound = 1; /* failing or gone: say so rather than nothing */
  app->dirty = 1;
}

/* The first sentence that starts on page p (or after it). */
static int first_sentence_on(NoticeView *nv, int p) {
  const PgLayout *l = &nv->lay[nv->size];
  for (int i = 0; i < nv->nSent; i++)
    if (sentence_page(l, &nv->aSent[i]) >= p) return i;
  return nv->nSent;
}

static void spoken(App *app, Sint32 seq) {
  NoticeView *nv = gView;
  if (!nv || !nv->reading || seq != nv->seq) return; /* an old sentence, already stopped */
  if (voice_failed(app->reader, seq)) { /* not spoken: stay on this sentence and page */
    nv->reading = 0;
    nv->noSound = 1;
    app->dirty = 1;
    return;
  }
  nv->cur++;
  app->lastInput = app_now(app); /* listening is using the kiosk: no idle reset while it reads */
  say_current(app);
}

static void tap(App *app, const char *zId) {
  NoticeView *nv = gView;
  if (!nv) return;
  app->dirty = 1;
  nv->noSound = 0;
  int pages = nv->lay[nv->size].nPage;
  if (!strcmp(zId, "page:next")) {
    stop_reading(app);
    if (nv->page < pages - 1) nv->page++;
  } else if (!strcmp(zId, "page:prev")) {
    stop_reading(app);
    if (nv->page > 0) nv->page--;
  } else if (!strncmp(zId, "size:", 5)) {
    int s = zId[5] == '1';
    if (s == nv->size) return;
    stop_reading(app);
    /* keep the reader where they were: the page that holds the old page's first line */
    const PgLayout *old = &nv->lay[nv->size];
    PgItem first = old->nPage ? old->a[old->aFirst[nv->page]] : (PgItem){0};
    nv->size = gSize = s;
    const PgLayout *l = layout(app, &app->ui);
    nv->page = 0;
    for (int p = 0; l && p < l->nPage; p++)
      for (int i = l->aFirst[p]; i < l->aFirst[p + 1]; i++)
        if (l->a[i].block < first.block || (l->a[i].block == first.block && l->a[i].start <= first.start)) nv->page = p;
  } else if (!strcmp(zId, "read")) {
    nv->cur = first_sentence_on(nv, nv->page);
    say_current(app);
  } else if (!strcmp(zId, "stop")) stop_reading(app);
}

static void enter(App *app) {
  if (gView) gView->page = 0;
}

static void leave(App *app) {
  stop_reading(app);
  view_free(gView);
  gView = NULL;
}

/* Called by the home screen's reset: the size holds until the kiosk goes home. */
void notice_reset_size(void) { gSize = 0; }

const Screen screen_notice = {
    .name = "notice", .back = SCR_NOTICE_LIST, .enter = enter, .draw = draw, .tap = tap, .leave = leave,
    .spoken = spoken};
