/* pager: lays a notice out into pages, with no renderer of its own. The
 * caller gives the page box, the line advance of each text style (≥ 1.5 ×
 * the font size, for old eyes), a width function and an image-size function;
 * the result is a list of placed items (lines of text and images) and where
 * each page starts. A heading is never left alone at the foot of a page,
 * and an image keeps its caption. The UI computes this once per notice,
 * page size and text size, and keeps it. */
#ifndef KIOSK_PAGER_H
#define KIOSK_PAGER_H
#include "markdown.h"
#include "result.h"
#include <stddef.h>

typedef enum { PG_BODY, PG_H1, PG_H2, PG_H3, PG_STYLES } PgStyle;

typedef struct {
  double width, height;           /* the page box */
  double lineH[PG_STYLES];        /* line advance per style */
  double blockGap;                /* extra space between blocks */
  double indent;                  /* list items' text indent */
  double (*measure)(void *ctx, PgStyle st, const char *z, size_t n);
  /* An image's natural size; returns 0, or nonzero if it cannot be read (it is then
   * left out and only its caption shows). */
  int (*imageSize)(void *ctx, const char *src, double *pw, double *ph);
  void *ctx;
} PgSpec;

typedef struct {
  int block;                      /* index in the MdDoc */
  PgStyle style;
  int image;                      /* 1: the block's image, scaled to w × h */
  int bullet;                     /* 1: the first line of a list item (draw its marker) */
  size_t start, len;              /* text: byte range in the block's text */
  double x, y, w, h;              /* place on the page */
} PgItem;

typedef struct {
  PgItem *a;
  int n;
  int *aFirst;                    /* aFirst[p]: index of page p's first item; aFirst[nPage] = n */
  int nPage;
} PgLayout;

/* Lays out doc. Returns KR_OK, or KR_NOMEM. Freed with pager_free. */
KrCode pager_layout(const MdDoc *doc, const PgSpec *sp, PgLayout *out);
void pager_free(PgLayout *l);

typedef struct {
  int block;
  size_t start, len;              /* byte range in the block's text */
} PgSentence;

/* Splits text into sentences at 。！？；!? (with any closing quotes after
 * them) and line ends. Writes at most nMax; returns how many there are (a
 * count: it cannot fail). */
int pager_sentences(const char *z, PgSentence *a, int nMax);
#endif
