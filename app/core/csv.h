/* csv: an RFC 4180 reader over a UTF-8 buffer. It yields one record at a time
 * with the physical line it began on, so errors can name the line. Quoted
 * fields may hold commas, quotes ("") and newlines, as Excel writes them. */
#ifndef KIOSK_CSV_H
#define KIOSK_CSV_H
#include "result.h"
#include <stddef.h>

#define CSV_MAX_FIELDS 32
#define CSV_MAX_FIELDS_TEXT "32" /* the same, for messages */

typedef struct {
  const char *z, *zEnd; /* the input, not owned */
  int line;             /* line of the next record */
  char *buf;            /* owned field storage */
  size_t cap;
  char *azField[CSV_MAX_FIELDS];
  int nField;
  int recordLine;       /* line on which the current record began */
  const char *zWhy;     /* after a failure: what was wrong, in English */
} CsvReader;

void csv_init(CsvReader *r, const char *z, size_t n);
/* Reads the next record. KR_OK with *pGot 1 and azField/nField set, or
 * *pGot 0 at the end; otherwise *pGot is -1 and the code is KR_MALFORMED
 * (an unterminated quote, more than CSV_MAX_FIELDS fields: r->zWhy says
 * which, r->recordLine where) or KR_NOMEM. Blank lines are skipped. Fields
 * are trimmed of surrounding spaces unless quoted. */
KrCode csv_next(CsvReader *r, int *pGot);
void csv_free(CsvReader *r);
#endif
