/* pager: see pager.h. */
#include "pager.h"
#include "linebreak.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

typedef struct {
  const PgSpec *sp;
  PgStyle st;
} WidthCtx;

static double width_cb(void *ctx, const char *z, size_t n) {
  const WidthCtx *w = ctx;
  return w->sp->measure(w->sp->ctx, w->st, z, n);
}

typedef struct {
  PgItem *a;
  int n, cap;
  int *aFirst;
  int nPage, capPage;
} Out;

/* Appends an item: KR_OK or KR_NOMEM. */
static KrCode push(Out *o, PgItem it) {
  if (o->n == o->cap) {
    int cap = o->cap ? o->cap * 2 : 64;
    PgItem *na = realloc(o->a, sizeof *na * (size_t)cap);
    if (!na) return KR_NOMEM;
    o->a = na;
    o->cap = cap;
  }
  o->a[o->n++] = it;
  return KR_OK;
}

/* Starts a page at the next item: KR_OK or KR_NOMEM. */
static KrCode new_page(Out *o) {
  if (o->nPage + 2 > o->capPage) {
    int cap = o->capPage ? o->capPage * 2 : 8;
    int *na = realloc(o->aFirst, sizeof *na * (size_t)cap);
    if (!na) return KR_NOMEM;
    o->aFirst = na;
    o->capPage = cap;
  }
  o->aFirst[o->nPage++] = o->n;
  return KR_OK;
}

static PgStyle style_of(const MdBlock *b) {
  if (b->kind != MD_HEADING) return PG_BODY;
  return b->level <= 1 ? PG_H1 : b->level == 2 ? PG_H2 : PG_H3;
}

KrCode pager_layout(const MdDoc *doc, const PgSpec *sp, PgLayout *out) {
  memset(out, 0, sizeof *out);
  Out o = {0};
  double y = 0;
  int cap = 256;
  LbLine *aLine = malloc(sizeof *aLine * (size_t)cap);
  if (!aLine || new_page(&o)) goto oom;
  for (int b = 0; b < doc->n; b++) {
    const MdBlock *blk = &doc->a[b];
    PgStyle st = style_of(blk);
    double x = blk->kind == MD_ITEM ? sp->indent : 0, w = sp->width - x;
    double lh = sp->lineH[st], gap = y > 0 ? sp->blockGap : 0;
    double imgW = 0, imgH = 0;
    int haveImg = 0;
    if (blk->kind == MD_IMAGE && sp->imageSize && sp->imageSize(sp->ctx, blk->src, &imgW, &imgH) == 0 && imgW > 0 &&
        imgH > 0) {
      /* fit the width and at most 60 % of the page, never more than 2x */
      double k = sp->width / imgW;
      if (imgH * k > sp->height * 0.6) k = sp->height * 0.6 / imgH;
      if (k > 2) k = 2;
      imgW *= k;
      imgH *= k;
      haveImg = 1;
    }
    WidthCtx wc = {sp, st};
    int n = 0;
    if (blk->text[0] && linebreak(blk->text, w, width_cb, &wc, aLine, cap, &n)) goto oom;
    if (n > cap) {
      LbLine *na = realloc(aLine, sizeof *na * (size_t)n);
      if (!na) goto oom;
      aLine = na;
      cap = n;
      if (linebreak(blk->text, w, width_cb, &wc, aLine, cap, &n)) goto oom;
    }
    /* what must stay together at the top of this block: a heading with the
     * first line after it; an image with its caption's first line */
    double keep = (haveImg ? imgH + (n ? sp->lineH[PG_BODY] * 0.3 : 0) : 0) + (n ? lh : 0);
    if (blk->kind == MD_HEADING && b + 1 < doc->n) keep += sp->blockGap + sp->lineH[style_of(&doc->a[b + 1])];
    if (y > 0 && y + gap + keep > sp->height) {
      if (new_page(&o)) goto oom;
      y = 0;
      gap = 0;
    }
    y += gap;
    if (haveImg) {
      PgItem it = {.block = b, .style = PG_BODY, .image = 1, .x = (sp->width - imgW) / 2, .y = y, .w = imgW, .h = imgH};
      if (push(&o, it)) goto oom;
      y += imgH + (n ? sp->lineH[PG_BODY] * 0.3 : 0);
    }
    for (int i = 0; i < n; i++) {
      if (y > 0 && y + lh > sp->height) {
        if (new_page(&o)) goto oom;
        y = 0;
      }
      double lw = sp->measure(sp->ctx, st, blk->text + aLine[i].start, aLine[i].len);
      double lx = blk->kind == MD_IMAGE ? (sp->width - lw) / 2 : x; /* captions centred */
      PgItem it = {.block = b, .style = st, .bullet = blk->kind == MD_ITEM && i == 0, .start = aLine[i].start,
                   .len = aLine[i].len, .x = lx, .y = y, .w = lw, .h = lh};
      if (push(&o, it)) goto oom;
      y += lh;
    }
  }
  /* a last page left empty by a page break is dropped */
  if (o.nPage > 1 && o.aFirst[o.nPage - 1] == o.n) o.nPage--;
  o.aFirst[o.nPage] = o.n;
  free(aLine);
  out->a = o.a;
  out->n = o.n;
  out->aFirst = o.aFirst;
  out->nPage = o.nPage;
  return KR_OK;
oom:
  free(aLine);
  free(o.a);
  free(o.aFirst);
  return KR_NOMEM;
}

void pager_free(PgLayout *l) {
  free(l->a);
  free(l->aFirst);
  memset(l, 0, sizeof *l);
}

static int ends_sentence(int32_t c) {
  return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B || c == '!' || c == '?' || c == ';' || c == '\n';
}

static int closes(int32_t c) { return c == 0x201D || c == 0x2019 || c == 0x300D || c == 0x300F || c == 0xFF09 || c == ')'; }

int pager_sentences(const char *z, PgSentence *a, int nMax) {
  int n = 0;
  const char *p = z, *e = z + strlen(z), *start = z;
  while (p < e) {
    int32_t c = util_utf8_next(&p, e);
    if (c < 0) continue; /* a bad byte: util_utf8_next stepped over it */
    int end = ends_sentence(c) || p == e;
    if (!end) continue;
    const char *q = p;
    while (q < e) { /* closing quotes and brackets belong to the sentence they end */
      const char *r = q;
      int32_t d = util_utf8_next(&r, e);
      if (!closes(d)) break;
      q = p = r;
    }
    /* trim spaces and line ends at both sides */
    const char *s0 = start, *s1 = p;
    while (s0 < s1 && (*s0 == ' ' || *s0 == '\n' || *s0 == '\r')) s0++;
    while (s1 > s0 && (s1[-1] == ' ' || s1[-1] == '\n' || s1[-1] == '\r')) s1--;
    if (s1 > s0) {
      if (n < nMax) a[n] = (PgSentence){0, (size_t)(s0 - z), (size_t)(s1 - s0)};
      n++;
    }
    start = p;
  }
  return n;
}
