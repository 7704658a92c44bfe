/* markdown: see markdown.h. One pass over the lines; inline bold is found
 * in each block's joined text. */
#include "markdown.h"
#include <stdlib.h>
#include <string.h>

static int add(MdDoc *d, MdKind kind, int level, const char *z, size_t n, const char *src, size_t nSrc) {
  MdBlock *na = realloc(d->a, sizeof *na * (size_t)(d->n + 1));
  if (!na) return -1;
  d->a = na;
  MdBlock *b = &d->a[d->n];
  memset(b, 0, sizeof *b);
  b->kind = kind;
  b->level = level;
  b->text = malloc(n + 1);
  b->src = src ? malloc(nSrc + 1) : NULL;
  if (!b->text || (src && !b->src)) { free(b->text); free(b->src); return -1; }
  /* copy, turning **bold** into spans */
  size_t k = 0;
  long open = -1;
  for (size_t i = 0; i < n; i++) {
    if (i + 1 < n && z[i] == '*' && z[i + 1] == '*') {
      if (open < 0) open = (long)k;
      else if (b->nBold < MD_MAX_SPANS && (size_t)open < k) {
        b->aBold[b->nBold].start = (size_t)open;
        b->aBold[b->nBold++].len = k - (size_t)open;
        open = -1;
      } else open = -1;
      i++;
      continue;
    }
    b->text[k++] = z[i];
  }
  b->text[k] = 0;
  if (src) { memcpy(b->src, src, nSrc); b->src[nSrc] = 0; }
  d->n++;
  return 0;
}

static const char *skip_spaces(const char *p, const char *e) {
  while (p < e && (*p == ' ' || *p == '\t')) p++;
  return p;
}

KrCode md_parse(const char *z, MdDoc *d) {
  memset(d, 0, sizeof *d);
  size_t len = strlen(z);
  if (len > (size_t)1 << 30) return KR_TOO_LARGE;
  size_t cap = len + len / 2 + 1; /* joined lines: one added space per line at most */
  char *para = malloc(cap); /* the paragraph being joined */
  size_t nPara = 0;
  if (!para) return KR_NOMEM;
  int rc = 0;
  const char *p = z;
  while (*p && rc == 0) {
    const char *e = strchr(p, '\n');
    if (!e) e = p + strlen(p);
    const char *next = *e ? e + 1 : e;
    const char *end = e;
    if (end > p && end[-1] == '\r') end--;
    const char *s = skip_spaces(p, end);
    int blank = s == end;
    int level = 0, item = 0, num = 0;
    const char *body = s;
    while (body < end && *body == '#' && level < 4) { level++; body++; }
    if (level && level <= 3 && body < end && *body == ' ') body = skip_spaces(body, end);
    else { level = 0; body = s; }
    if (!level && end - s >= 2 && (s[0] == '-' || s[0] == '*') && s[1] == ' ') { item = 1; body = skip_spaces(s + 2, end); }
    if (!level && !item) {
      const char *q = s;
      /* at most 9 digits make a list number (as in CommonMark), so it fits
       * an int; a longer run ("13812345678. 张") is plain text */
      for (; q < end && *q >= '0' && *q <= '9'; q++)
        if (q - s < 9) num = num * 10 + (*q - '0');
      if (q > s && q - s <= 9 && q + 1 < end && *q == '.' && q[1] == ' ') { item = 1; body = skip_spaces(q + 2, end); }
      else num = 0;
    }
    int image = 0;
    const char *alt = NULL, *altEnd = NULL, *src = NULL, *srcEnd = NULL;
    if (!level && !item && end - s > 4 && s[0] == '!' && s[1] == '[') {
      altEnd = memchr(s + 2, ']', (size_t)(end - s - 2));
      if (altEnd && altEnd + 1 < end && altEnd[1] == '(') {
        srcEnd = memchr(altEnd + 2, ')', (size_t)(end - altEnd - 2));
        if (srcEnd && skip_spaces(srcEnd + 1, end) == end) { image = 1; alt = s + 2; src = altEnd + 2; }
      }
    }
    /* a paragraph ends at a blank line or any other kind of block */
    if ((blank || level || item || image) && nPara) {
      rc = add(d, MD_PARAGRAPH, 0, para, nPara, NULL, 0);
      nPara = 0;
    }
    if (rc) break;
    if (level) rc = add(d, MD_HEADING, level, body, (size_t)(end - body), NULL, 0);
    else if (item) rc = add(d, MD_ITEM, num, body, (size_t)(end - body), NULL, 0);
    else if (image) rc = add(d, MD_IMAGE, 0, alt, (size_t)(altEnd - alt), src, (size_t)(srcEnd - src));
    else if (!blank) {
      /* Chinese lines join without a space; Latin ones with one */
      if (nPara && (unsigned char)para[nPara - 1] < 0x80 && (unsigned char)*s < 0x80) para[nPara++] = ' ';
      memcpy(para + nPara, s, (size_t)(end - s));
      nPara += (size_t)(end - s);
    }
    p = next;
  }
  if (rc == 0 && nPara) rc = add(d, MD_PARAGRAPH, 0, para, nPara, NULL, 0);
  free(para);
  if (rc) md_free(d);
  return rc ? KR_NOMEM : KR_OK;
}

void md_free(MdDoc *d) {
  for (int i = 0; i < d->n; i++) {
    free(d->a[i].text);
    free(d->a[i].src);
  }
  free(d->a);
  memset(d, 0, sizeof *d);
}
