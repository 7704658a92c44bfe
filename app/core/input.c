/* input: see input.h. The decoder makes at most three passes over the
 * bytes (controls, UTF-8, then GB18030 through iconv); each pass moves
 * forward at least one byte per step, so no input can make it loop. */
#include "input.h"
#include "util.h"
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The line (1-based) of byte offset off in z. '\n' is never part of a
 * multi-byte character in UTF-8, GBK or GB18030, so counting bytes is right
 * in every encoding we accept. */
static int line_of(const char *z, size_t off) {
  int line = 1;
  for (size_t i = 0; i < off; i++) line += z[i] == '\n';
  return line;
}

/* Offset of the first control byte other than tab, CR and LF, or n. */
static size_t first_control(const char *z, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)z[i];
    if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f) return i;
  }
  return n;
}

/* Scans z as UTF-8, stepping one byte over anything invalid. *pGood gets the
 * non-ASCII bytes inside valid sequences, *pAll all non-ASCII bytes; the
 * return value is the offset of the first invalid byte, or n. */
static size_t utf8_scan(const char *z, size_t n, size_t *pGood, size_t *pAll) {
  const char *p = z, *e = z + n;
  size_t good = 0, all = 0, firstBad = n;
  while (p < e) {
    const char *s = p;
    int32_t c = util_utf8_next(&p, e);
    if (c < 0) {
      if (firstBad == n) firstBad = (size_t)(s - z);
      p = s + 1;
      all++;
    } else if (c >= 0x80) {
      good += (size_t)(p - s);
      all += (size_t)(p - s);
    }
  }
  *pGood = good;
  *pAll = all;
  return firstBad;
}

/* The first line of z (a GBK file) that is by itself valid UTF-8 holding at
 * least two characters from U+0800 up (Chinese is 3 bytes each), as its
 * offset; n when there is none. */
static size_t first_utf8_line(const char *z, size_t n) {
  size_t start = 0;
  while (start < n) {
    const char *nl = memchr(z + start, '\n', n - start);
    size_t end = nl ? (size_t)(nl - z) : n;
    const char *p = z + start, *e = z + end;
    int wide = 0, ok = 1;
    while (p < e && ok) {
      int32_t c = util_utf8_next(&p, e);
      if (c < 0) ok = 0;
      else wide += c >= 0x800;
    }
    if (ok && wide >= 2) return start;
    start = end + 1;
  }
  return n;
}

/* A new NUL-terminated copy of n bytes; NULL when out of memory. */
static char *copy(const char *z, size_t n) {
  char *out = malloc(n + 1);
  if (!out) return NULL;
  memcpy(out, z, n);
  out[n] = 0;
  return out;
}

KrCode input_decode(const char *z, size_t n, char **ppOut, size_t *pnOut, char *zErr, int nErr) {
  *ppOut = NULL;
  int bom = n >= 3 && memcmp(z, "\xEF\xBB\xBF", 3) == 0;
  if (bom) { z += 3; n -= 3; }
  size_t bad = first_control(z, n);
  if (bad < n) {
    unsigned char c = (unsigned char)z[bad];
    if (c == 0)
      snprintf(zErr, (size_t)nErr, "line %d: the file holds a NUL byte (is it UTF-16? save it as UTF-8 or GBK text)",
               line_of(z, bad));
    else snprintf(zErr, (size_t)nErr, "line %d: the file holds a control character (byte 0x%02X)", line_of(z, bad), c);
    return KR_MALFORMED;
  }
  size_t good, all;
  bad = utf8_scan(z, n, &good, &all);
  if (bad == n) {
    char *out = copy(z, n);
    if (!out) { snprintf(zErr, (size_t)nErr, "out of memory"); return KR_NOMEM; }
    *ppOut = out;
    if (pnOut) *pnOut = n;
    return KR_OK;
  }
  if (bom || good * 4 >= all * 3) {
    snprintf(zErr, (size_t)nErr,
             "line %d: not valid UTF-8 (a damaged or cut-off character); fix that line or save the file again",
             line_of(z, bad));
    return KR_MALFORMED;
  }
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == (iconv_t)-1) { snprintf(zErr, (size_t)nErr, "the GB18030 converter is not available"); return KR_IO; }
  size_t cap = n * 2 + 4; /* GB18030 never grows more than 3/2 (2 -> 3 bytes) or 4/4 */
  char *out = malloc(cap + 1);
  char *in = (char *)z, *o = out;
  size_t inLeft = n, outLeft = cap;
  KrCode rc = KR_OK;
  if (!out) { snprintf(zErr, (size_t)nErr, "out of memory"); rc = KR_NOMEM; }
  else if (iconv(cd, &in, &inLeft, &o, &outLeft) == (size_t)-1) {
    snprintf(zErr, (size_t)nErr, "line %d: the file is neither UTF-8 nor GBK text", line_of(z, (size_t)(in - z)));
    rc = KR_MALFORMED;
  } else if ((bad = first_utf8_line(z, n)) < n) {
    snprintf(zErr, (size_t)nErr,
             "line %d: this line is UTF-8 but the rest of the file is GBK; save the whole file in one encoding",
             line_of(z, bad));
    rc = KR_MALFORMED;
  }
  iconv_close(cd);
  if (rc) { free(out); return rc; }
  *o = 0;
  *ppOut = out;
  if (pnOut) *pnOut = (size_t)(o - out);
  return KR_OK;
}

const char *input_quote(const char *z, char zBuf[INPUT_QUOTE_SIZE]) {
  size_t n = 0;
  const char *p = z;
  while (*p) {
    const char *s = p;
    const char *e = p + strnlen(p, 4);
    if (util_utf8_next(&p, e) < 0) p = s + 1; /* a stray byte counts as one */
    if ((size_t)(p - z) > INPUT_QUOTE_BYTES) { p = s; break; }
  }
  n = (size_t)(p - z);
  for (size_t i = 0; i < n; i++) zBuf[i] = (unsigned char)z[i] < 0x20 ? ' ' : z[i];
  if (z[n]) { memcpy(zBuf + n, "\xE2\x80\xA6", 3); n += 3; }
  zBuf[n] = 0;
  return zBuf;
}

KrCode input_int(const char *z, int64_t lo, int64_t hi, int64_t *pOut) {
  int neg = *z == '-';
  const char *p = z + neg;
  size_t nDigit = 0;
  int64_t v = 0;
  for (; *p; p++, nDigit++) {
    if (*p < '0' || *p > '9' || nDigit == 18) return KR_BAD_INPUT; /* 18 digits always fit in int64 */
    v = v * 10 + (*p - '0');
  }
  if (!nDigit) return KR_BAD_INPUT;
  if (neg) v = -v;
  if (v < lo || v > hi) return KR_BAD_INPUT;
  *pOut = v;
  return KR_OK;
}
