/* csv: see csv.h. The reader copies each record's fields into one growing
 * buffer, so a record costs no allocation once the buffer is warm. */
#include "csv.h"
#include <stdlib.h>
#include <string.h>

void csv_init(CsvReader *r, const char *z, size_t n) {
  memset(r, 0, sizeof *r);
  r->z = z;
  r->zEnd = z + n;
  r->line = 1;
}

void csv_free(CsvReader *r) {
  free(r->buf);
  r->buf = NULL;
}

static int ensure(CsvReader *r, size_t need) {
  if (need <= r->cap) return 0;
  size_t cap = r->cap ? r->cap : 256;
  while (cap < need) cap *= 2;
  char *nb = realloc(r->buf, cap);
  if (!nb) return -1;
  r->buf = nb;
  r->cap = cap;
  return 0;
}

static int is_blank_line(const char *p, const char *e) {
  while (p < e && (*p == ' ' || *p == '\t' || *p == '\r')) p++;
  return p >= e || *p == '\n';
}

/* csv_next's reader: 1, 0, or -1 with r->zWhy set. */
static int next(CsvReader *r) {
  const char *p = r->z, *e = r->zEnd;
  while (p < e && is_blank_line(p, e)) {
    while (p < e && *p != '\n') p++;
    if (p < e) { p++; r->line++; }
  }
  if (p >= e) { r->z = p; return 0; }
  r->recordLine = r->line;
  /* the record can never be longer than the rest of the input */
  if (ensure(r, (size_t)(e - p) + CSV_MAX_FIELDS + 1)) { r->zWhy = "out of memory"; return -1; }
  size_t o = 0;
  r->nField = 0;
  for (;;) {
    if (r->nField == CSV_MAX_FIELDS) { r->zWhy = "more than " CSV_MAX_FIELDS_TEXT " columns"; return -1; }
    while (p < e && (*p == ' ' || *p == '\t')) p++;
    size_t start = o;
    if (p < e && *p == '"') {
      p++;
      for (;;) {
        if (p >= e) { r->zWhy = "a quote (\") that is never closed"; return -1; }
        if (*p == '"') {
          if (p + 1 < e && p[1] == '"') { r->buf[o++] = '"'; p += 2; continue; }
          p++;
          break;
        }
        if (*p == '\n') r->line++;
        r->buf[o++] = *p++;
      }
      while (p < e && (*p == ' ' || *p == '\t' || *p == '\r')) p++;
      if (p < e && *p != ',' && *p != '\n') { r->zWhy = "text after a closing quote"; return -1; }
    } else {
      while (p < e && *p != ',' && *p != '\n') r->buf[o++] = *p++;
      while (o > start && (r->buf[o - 1] == ' ' || r->buf[o - 1] == '\t' || r->buf[o - 1] == '\r')) o--;
    }
    r->buf[o++] = 0;
    r->azField[r->nField++] = r->buf + start;
    if (p < e && *p == ',') { p++; continue; }
    if (p < e && *p == '\n') { p++; r->line++; }
    break;
  }
  r->z = p;
  return 1;
}

KrCode csv_next(CsvReader *r, int *pGot) {
  r->zWhy = NULL;
  *pGot = next(r);
  if (*pGot >= 0) return KR_OK;
  return r->zWhy && !strcmp(r->zWhy, "out of memory") ? KR_NOMEM : KR_MALFORMED;
}
