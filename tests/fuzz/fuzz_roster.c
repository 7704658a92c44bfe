/* fuzz_roster: CSV bytes (UTF-8, BOM, GBK, or anything) imported as the
 * roster into a fresh copy of the demo village's database, so both new
 * members and changes to existing ones are reached. An import is
 * all-or-nothing: when it fails, the member count must not have moved. */
#include "fuzzutil.h"
#include "roster.h"
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *z, size_t n) {
  Db *db = fz_kiosk_db("demo", fz_build_demo);
  int before = db_member_count(db);
  RosterImportStats st;
  char err[512];
  if (roster_import_bytes(db, (const char *)z, n, "鲁庙村党支部", &st, err, sizeof err)) {
    if (db_member_count(db) != before) {
      fprintf(stderr, "a refused import changed the roster (%d -> %d): %s\n", before, db_member_count(db), err);
      abort();
    }
  } else {
    Member *a;
    int m;
    if (roster_list(db, &a, &m) == 0) free(a);
  }
  db_close(db);
  return 0;
}
