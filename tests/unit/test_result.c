/* unit_result: every code has a name, and KR_OK is 0 so `if (f())` means failure. */
#include "check.h"
#include "result.h"
#include <sqlite3.h>
#include <string.h>

static void names(void) {
  CHECK(KR_OK == 0);
  for (int i = 0; i < KR_COUNT; i++) {
    const char *z = kr_name((KrCode)i);
    CHECK(strncmp(z, "KR_", 3) == 0 && strcmp(z, "KR_?") != 0);
  }
  CHECK(strcmp(kr_name(KR_COUNT), "KR_?") == 0);
  CHECK(strcmp(kr_name((KrCode)-1), "KR_?") == 0);
}

/* SQLite's failures, extended codes included, as codes; never KR_OK. */
static void from_sqlite(void) {
  CHECK(kr_sqlite(SQLITE_BUSY) == KR_BUSY && kr_sqlite(SQLITE_BUSY_SNAPSHOT) == KR_BUSY);
  CHECK(kr_sqlite(SQLITE_LOCKED) == KR_BUSY && kr_sqlite(SQLITE_NOMEM) == KR_NOMEM);
  CHECK(kr_sqlite(SQLITE_IOERR_FSYNC) == KR_IO && kr_sqlite(SQLITE_FULL) == KR_IO && kr_sqlite(SQLITE_CANTOPEN) == KR_IO);
  CHECK(kr_sqlite(SQLITE_CONSTRAINT_UNIQUE) == KR_DB && kr_sqlite(SQLITE_CORRUPT) == KR_DB);
  CHECK(kr_sqlite(SQLITE_OK) == KR_DB && kr_sqlite(SQLITE_DONE) == KR_DB); /* a call that failed all the same */
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {{"names", names}, {"from_sqlite", from_sqlite}};
  return test_main(argc, argv, aCase, 2);
}
