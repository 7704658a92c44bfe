/* csv: an RFC 4180 reader over a UTF-8 buffer. It yields one record at a time
 * with the physical line it began on, so errors can name the line. Quoted
 * fields may hold commas, quotes ("") and newlines, as Excel writes them. */
#ifndef KIOSK_CSV_H
#define KIOSK_CSV_H
#include <stddef.h>

#define CSV_MAX_FIELDS 32

typedef struct {
  const char *z, *zEnd; /* the input, not owned */
  int line;             /* line of the next record */
  char *buf;            /* owned field storage */
  size_t cap;
  char *azField[CSV_MAX_FIELDS];
  int nField;
  int recordLine;       /* line on which the current record began */
} CsvReader;

void csv_init(CsvReader *r, const char *z, size_t n);
/* Reads the next record. Returns 1 with azField/nField set, 0 at the end,
 * -1 on a malformed record (unterminated quote, too many fields). Blank lines
 * are skipped. Fields are trimmed of surrounding spaces unless quoted. */
int csv_next(CsvReader *r);
void csv_free(CsvReader *r);
#endif
