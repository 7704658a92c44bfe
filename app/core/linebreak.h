/* linebreak: Chinese line breaking for notices, independent of any
 * renderer. The caller gives a width function; the result is where each
 * line starts. The rules (GB/T 15834 practice, "避头尾"):
 *  - no line starts with closing punctuation: 。，、；：？！）」』】》〉…—
 *    and the like — the character before it moves down with it;
 *  - no line ends with opening punctuation: （「『【《〈“‘ — it moves down;
 *  - a Latin word or a number (with its . , : % -) is never split, unless it
 *    alone is wider than a line;
 *  - spaces at a break are dropped; "\n" always breaks. */
#ifndef KIOSK_LINEBREAK_H
#define KIOSK_LINEBREAK_H
#include "result.h"
#include <stddef.h>

/* Width of the n bytes at z, in any unit (pixels, points). */
typedef double (*LbWidth)(void *ctx, const char *z, size_t n);

typedef struct {
  size_t start, len;   /* byte range of the line in the text (trailing spaces and "\n" excluded) */
} LbLine;

/* Breaks z (of any length: nothing is ever cut) into lines no wider than
 * maxWidth. Writes at most nMax lines to aLine and the number of lines
 * needed (which may exceed nMax) to *pnLine. KR_OK, or KR_NOMEM /
 * KR_TOO_LARGE (over 2^28 units) with *pnLine 0. Reentrant. */
KrCode linebreak(const char *z, double maxWidth, LbWidth width, void *ctx, LbLine *aLine, int nMax, int *pnLine);
/* 1 if code point c may not start a line / may not end one. */
int lb_no_start(unsigned c);
int lb_no_end(unsigned c);
#endif
