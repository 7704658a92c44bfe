/* fuzz_roster: CSV bytes (UTF-8, BOM, GBK, or anything) imported as the
 * roster into the demo village's database, so both new members and changes
 * to existing ones are reached. For speed one database serves every input:
 * each import runs inside a transaction the harness holds
 * (roster_import_in_txn, as a township package's roster is applied) and
 * rolls back, so the next input sees the demo village again. An import
 * that succeeds must leave a roster that lists, with every name at most
 * MEMBER_NAME_MAX_CHARS characters of valid UTF-8. */
#include "db_int.h"
#include "fuzzutil.h"
#include "roster.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *z, size_t n) {
  static Db *db;
  if (!db) db = fz_kiosk_db("demo", fz_build_demo);
  if (db_begin(db) != SQLITE_OK) abort();
  RosterImportStats st;
  char err[512];
  if (roster_import_in_txn(db, (const char *)z, n, "鲁庙村党支部", &st, err, sizeof err) == 0) {
    Member *a;
    int m;
    if (roster_list(db, &a, &m)) abort();
    for (int i = 0; i < m; i++) {
      size_t len = strlen(a[i].name);
      if (!util_utf8_valid(a[i].name, len) || util_utf8_count(a[i].name) > MEMBER_NAME_MAX_CHARS) {
        fprintf(stderr, "member %s imported with a bad name (%zu bytes)\n", a[i].memberNo, len);
        abort();
      }
    }
    free(a);
  } else if (!err[0]) {
    fprintf(stderr, "an import refused without a message\n");
    abort();
  }
  db_rollback(db);
  return 0;
}
