/* fuzz_markdown: a notice's text through the Markdown parser, the pager
 * (with a fixed fake font metric: ASCII 10 units, anything else 20) and
 * the line breaker, at a page width the first byte picks (down to narrower
 * than one character). Checks what the pager promises: every text item is
 * a byte range inside its block's text, and pages index the items. */
#include "fuzzutil.h"
#include "linebreak.h"
#include "markdown.h"
#include "pager.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The fake font: ASCII 10 units, a multibyte character 20; headings 1.5x;
 * an image's size from its name's length, a third of them unreadable. */
static double width_of(const char *z, size_t n) {
  double w = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)z[i];
    if (c < 0x80) w += 10;
    else if (c >= 0xc0) w += 20; /* one per lead byte */
  }
  return w;
}
static double measure(void *ctx, PgStyle st, const char *z, size_t n) { return width_of(z, n) * (st == PG_BODY ? 1 : 1.5); }
static double lb_width(void *ctx, const char *z, size_t n) { return width_of(z, n); }
static int image_size(void *ctx, const char *src, double *pw, double *ph) {
  size_t len = strlen(src);
  if (len % 3 == 0) return -1; /* unreadable */
  *pw = 40.0 * (double)(len % 50 + 1);
  *ph = 30.0 * (double)(len % 7 + 1);
  return 0;
}

#define FAIL(...) do { fprintf(stderr, __VA_ARGS__); abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *z, size_t n) {
  if (n < 1) return 0;
  double width = 5 + 4.0 * z[0]; /* 5 .. 1025 */
  char *text = malloc(n);
  memcpy(text, z + 1, n - 1);
  text[n - 1] = 0;
  MdDoc doc;
  if (md_parse(text, &doc)) { free(text); return 0; }
  PgSpec sp = {.width = width, .height = 3 * width / 2, .lineH = {30, 60, 50, 40}, .blockGap = 12, .indent = 30,
               .measure = measure, .imageSize = image_size};
  PgLayout l;
  if (pager_layout(&doc, &sp, &l) == 0) {
    if (l.nPage < 0 || (l.n > 0 && l.nPage < 1) || l.aFirst[l.nPage] != l.n) FAIL("bad page index\n");
    for (int p = 0; p < l.nPage; p++)
      if (l.aFirst[p] > l.aFirst[p + 1]) FAIL("pages out of order\n");
    for (int i = 0; i < l.n; i++) {
      const PgItem *it = &l.a[i];
      if (it->block < 0 || it->block >= doc.n) FAIL("item %d names block %d of %d\n", i, it->block, doc.n);
      if (!it->image && it->start + it->len > strlen(doc.a[it->block].text)) FAIL("item %d outside its text\n", i);
    }
    /* nothing is cut: each text block's lines reach the end of its text
     * (trailing spaces and line ends aside), however long, whatever bytes */
    for (int b = 0; b < doc.n; b++) {
      const char *t = doc.a[b].text;
      size_t len = strlen(t), reach = 0;
      while (len > 0 && (t[len - 1] == ' ' || t[len - 1] == '\t' || t[len - 1] == '\n' || t[len - 1] == '\r')) len--;
      if (doc.a[b].kind == MD_IMAGE || len == 0) continue;
      for (int i = 0; i < l.n; i++)
        if (l.a[i].block == b && !l.a[i].image && l.a[i].start + l.a[i].len > reach) reach = l.a[i].start + l.a[i].len;
      if (reach < len) FAIL("block %d is cut: its lines reach byte %zu of %zu\n", b, reach, len);
    }
    pager_free(&l);
  }
  for (int b = 0; b < doc.n; b++) {
    const MdBlock *bl = &doc.a[b];
    size_t len = strlen(bl->text);
    for (int k = 0; k < bl->nBold; k++)
      if (bl->aBold[k].start + bl->aBold[k].len > len) FAIL("bold span outside block %d\n", b);
    PgSentence as[32];
    int ns = pager_sentences(bl->text, as, 32);
    for (int k = 0; k < ns && k < 32; k++)
      if (as[k].start + as[k].len > len) FAIL("sentence outside block %d\n", b);
  }
  md_free(&doc);
  /* the line breaker straight on the raw text, with few slots */
  LbLine al[16];
  int nl = 0;
  if (linebreak(text, width, lb_width, NULL, al, 16, &nl)) nl = 0;
  size_t len = strlen(text);
  for (int k = 0; k < nl && k < 16; k++)
    if (al[k].start + al[k].len > len) FAIL("line %d outside the text\n", k);
  free(text);
  return 0;
}
