/* util: see util.h. The clock can be pinned so that tests and the demo's
 * "today" agree; everything else asks util_now(). */
#include "util.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

static int64_t pinned_clock = -1;

void util_uuid4(char out[UUID_LEN + 1]) {
  unsigned char b[16];
  static const char hex[] = "0123456789abcdef";
  randombytes_buf(b, sizeof b);
  b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
  b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
  int o = 0;
  for (int i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out[o++] = '-';
    out[o++] = hex[b[i] >> 4];
    out[o++] = hex[b[i] & 15];
  }
  out[o] = 0;
}

int64_t util_now(void) { return pinned_clock >= 0 ? pinned_clock : (int64_t)time(NULL); }
void util_set_clock(int64_t t) { pinned_clock = t; }
int64_t util_pinned_clock(void) { return pinned_clock; }

void util_local_date(int64_t t, char out[11]) {
  time_t tt = (time_t)t;
  struct tm tm;
  localtime_r(&tt, &tm);
  strftime(out, 11, "%Y-%m-%d", &tm);
}

void util_local_hm(int64_t t, char out[6]) {
  time_t tt = (time_t)t;
  struct tm tm;
  localtime_r(&tt, &tm);
  strftime(out, 6, "%H:%M", &tm);
}

int util_valid_date(const char *z) {
  int y, m, d;
  char tail;
  if (!z || strlen(z) != 10 || sscanf(z, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return 0;
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return 0;
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= mdays[m - 1] + (m == 2 && leap);
}

int util_valid_hm(const char *z) {
  int h, m;
  char tail;
  if (!z || strlen(z) != 5 || z[2] != ':' || sscanf(z, "%2d:%2d%c", &h, &m, &tail) != 2) return 0;
  return h >= 0 && h < 24 && m >= 0 && m < 60;
}

KrCode util_date_add(const char *zDate, int nDays, char out[11]) {
  if (!util_valid_date(zDate)) return KR_BAD_INPUT;
  struct tm tm = {0};
  sscanf(zDate, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  tm.tm_mday += nDays;
  tm.tm_hour = 12; /* noon: immune to DST edges */
  tm.tm_isdst = -1;
  if (mktime(&tm) == (time_t)-1) return KR_BAD_INPUT;
  strftime(out, 11, "%Y-%m-%d", &tm);
  return KR_OK;
}

int32_t util_utf8_next(const char **pz, const char *zEnd) {
  const unsigned char *s = (const unsigned char *)*pz;
  const unsigned char *e = (const unsigned char *)zEnd;
  if (s >= e) return UTIL_UTF8_BAD;
  int32_t c = s[0];
  int n;
  int32_t min;
  if (c < 0x80) { *pz += 1; return c; }
  /* from here a bad sequence still moves *pz one byte on, so that no
   * "while (p < e)" loop over hostile bytes can spin in place */
  if ((c & 0xe0) == 0xc0) { n = 1; c &= 0x1f; min = 0x80; }
  else if ((c & 0xf0) == 0xe0) { n = 2; c &= 0x0f; min = 0x800; }
  else if ((c & 0xf8) == 0xf0) { n = 3; c &= 0x07; min = 0x10000; }
  else { *pz += 1; return -1; }
  if (e - s < n + 1) { *pz += 1; return -1; }
  for (int i = 1; i <= n; i++) {
    if ((s[i] & 0xc0) != 0x80) { *pz += 1; return -1; }
    c = (c << 6) | (s[i] & 0x3f);
  }
  if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) { *pz += 1; return -1; }
  *pz += n + 1;
  return c;
}

int util_utf8_valid(const char *z, size_t n) {
  const char *e = z + n;
  while (z < e)
    if (util_utf8_next(&z, e) < 0) return 0;
  return 1;
}

size_t util_utf8_count(const char *z) {
  size_t n = 0;
  for (; *z; z++)
    if (((unsigned char)*z & 0xc0) != 0x80) n++;
  return n;
}

KrCode util_read_file(const char *zPath, char **ppBuf, size_t *pn) {
  *ppBuf = NULL;
  FILE *f = fopen(zPath, "rb");
  if (!f) return errno == ENOENT ? KR_NOT_FOUND : KR_IO;
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap + 1);
  while (buf) {
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (n < cap) break;
    cap *= 2;
    char *nb = realloc(buf, cap + 1);
    if (!nb) { free(buf); buf = NULL; }
    else buf = nb;
  }
  int err = ferror(f);
  fclose(f);
  if (!buf || err) { free(buf); return buf ? KR_IO : KR_NOMEM; }
  buf[n] = 0;
  *ppBuf = buf;
  if (pn) *pn = n;
  return KR_OK;
}

void util_strlcpy(char *dst, const char *src, size_t n) {
  if (!n) return;
  size_t l = strlen(src);
  if (l >= n) l = n - 1;
  memcpy(dst, src, l);
  dst[l] = 0;
}
