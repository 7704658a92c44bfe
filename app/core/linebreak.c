/* linebreak: see linebreak.h. The text is cut into units — one CJK
 * character, a Latin word or number, a run of spaces, a newline — and the
 * units are laid greedily onto lines; when a unit does not fit, the break
 * moves back past any unit that may not start a line and any that may not
 * end one. The unit array grows with the text: there is no fixed limit, so
 * a paragraph of any length is laid out whole (an 8,192-unit array used to
 * drop the rest of a long paragraph without a word). Every step of the
 * scanner moves at least one byte, whatever the bytes. */
#include "linebreak.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

int lb_no_start(unsigned c) {
  static const unsigned a[] = {
    0x3002, 0xFF0C, 0x3001, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF09, 0x300D, 0x300F, 0x3011, 0x300B, 0x3009,
    0x2026, 0x2014, 0x201D, 0x2019, 0xFF05, 0x3015, 0xFF3D, 0xFF5D, 0x30FB, 0x00B7, 0xFF0E,
    ',', '.', ';', ':', '?', '!', ')', ']', '}', '%',
  };
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
    if (a[i] == c) return 1;
  return 0;
}

int lb_no_end(unsigned c) {
  static const unsigned a[] = {0xFF08, 0x300C, 0x300E, 0x3010, 0x300A, 0x3008, 0x201C, 0x2018, 0x3014, 0xFF3B,
                               0xFF5B, '(', '[', '{'};
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
    if (a[i] == c) return 1;
  return 0;
}

typedef struct {
  size_t start, len;
  unsigned first, last; /* first and last code point */
  int space, newline;
} Unit;

static int is_word_char(int32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '\'';
}

/* Inside a word or number, these join (3.5, 10:30, 60%, e-mail). */
static int joins(int32_t c) { return c == '.' || c == ',' || c == ':' || c == '-' || c == '%' || c == '/'; }

/* Cuts z into units: *paOut is a new array (freed by the caller with
 * free()) and *pn its length. KR_OK or KR_NOMEM. */
static KrCode units(const char *z, Unit **paOut, int *pn) {
  int n = 0, cap = 0;
  Unit *a = NULL;
  const char *p = z, *e = z + strlen(z);
  *paOut = NULL;
  *pn = 0;
  while (p < e) {
    if (n == cap) {
      if (cap > (1 << 28)) { free(a); return KR_TOO_LARGE; }
      cap = cap ? cap * 2 : 256;
      Unit *na = realloc(a, sizeof *na * (size_t)cap);
      if (!na) { free(a); return KR_NOMEM; }
      a = na;
    }
    const char *start = p;
    int32_t c = util_utf8_next(&p, e);
    Unit u = {(size_t)(start - z), 0, (unsigned)(c < 0 ? 0xFFFD : c), 0, c == ' ' || c == '\t', c == '\n'};
    if (c < 0) p = start + 1;
    if (is_word_char(c)) {
      for (;;) { /* the whole word, with joiners between word characters */
        const char *q = p;
        int32_t d = q < e ? util_utf8_next(&q, e) : -1;
        if (is_word_char(d)) { p = q; continue; }
        if (d >= 0 && joins(d) && q < e) {
          const char *r = q;
          int32_t f = util_utf8_next(&r, e);
          if (is_word_char(f)) { p = q; continue; }
        }
        break;
      }
    } else if (u.space) {
      while (p < e && (*p == ' ' || *p == '\t')) p++;
    }
    u.len = (size_t)(p - start);
    /* the last code point of the unit */
    const char *q = start, *last = start;
    while (q < p) { last = q; if (util_utf8_next(&q, p) < 0) break; }
    const char *l = last;
    int32_t lc = util_utf8_next(&l, p);
    u.last = (unsigned)(lc < 0 ? 0xFFFD : lc);
    a[n++] = u;
  }
  *paOut = a;
  *pn = n;
  return KR_OK;
}

KrCode linebreak(const char *z, double maxWidth, LbWidth width, void *ctx, LbLine *aLine, int nMax, int *pnLine) {
  Unit *a;
  int n, nLine = 0, i = 0;
  *pnLine = 0;
  KrCode rc = units(z, &a, &n);
  if (rc) return rc;
  while (i < n) {
    while (i < n && a[i].space) i++; /* no line starts with spaces */
    if (i >= n) break;
    int first = i, end = i; /* the line is units [first, end) */
    double w = 0;
    while (end < n && !a[end].newline) {
      double uw = a[end].space ? width(ctx, " ", 1) : width(ctx, z + a[end].start, a[end].len);
      if (w + uw > maxWidth && end > first) break;
      w += uw;
      end++;
    }
    int next = end;
    if (end < n && !a[end].newline) {
      /* a unit that may not start a line takes the one before it along;
       * a unit that may not end a line goes down too */
      int b = end;
      while (b > first + 1 && (lb_no_start(a[b].first) || lb_no_end(a[b - 1].last) || a[b].space)) {
        if (a[b].space) break;
        b--;
      }
      if (b > first) next = end = b;
    }
    int last = end; /* drop trailing spaces */
    while (last > first && a[last - 1].space) last--;
    if (nLine < nMax) {
      aLine[nLine].start = a[first].start;
      aLine[nLine].len = last > first ? a[last - 1].start + a[last - 1].len - a[first].start : 0;
    }
    nLine++;
    i = next;
    if (i < n && a[i].newline) i++; /* a newline ends the line; two in a row leave an empty one */
  }
  free(a);
  *pnLine = nLine;
  return KR_OK;
}
