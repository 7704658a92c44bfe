/* unit_result: every code has a name, and KR_OK is 0 so `if (f())` means failure. */
#include "check.h"
#include "rating.h"
#include "input.h"
#include "result.h"
#include "util.h"
#include <sqlite3.h>
#include <stdlib.h>
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

/* The core's helpers that need no database say what went wrong by code. */
static void helpers_say_what(void) {
  char day[11], *p = NULL, err[128];
  size_t n;
  CHECK(util_date_add("2026-02-28", 1, day) == KR_OK && !strcmp(day, "2026-03-01"));
  CHECK(util_date_add("2026-02-30", 1, day) == KR_BAD_INPUT && util_date_add("", 1, day) == KR_BAD_INPUT);
  CHECK(util_read_file("/nonexistent/kiosk/file", &p, &n) == KR_NOT_FOUND && p == NULL);
  CHECK(util_read_file("/", &p, &n) != KR_OK && p == NULL); /* a directory is no file */
  CHECK(input_decode("\xE5\xB0\x8F", 3, &p, &n, err, sizeof err) == KR_OK && n == 3);
  free(p);
  CHECK(input_decode("\x81\x30\x81", 3, &p, &n, err, sizeof err) == KR_MALFORMED && p == NULL); /* cut GB18030 */
  RatingRules r;
  rating_defaults(&r);
  CHECK(rating_parse(&r, "attend=2;stars=1,2,3,4,5") == KR_OK && rating_parse(&r, "attend") == KR_BAD_INPUT);
  const char *z = "\xE4";
  CHECK(util_utf8_next(&z, z + 1) == UTIL_UTF8_BAD && UTIL_UTF8_BAD < 0);
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {
    {"names", names}, {"from_sqlite", from_sqlite}, {"helpers_say_what", helpers_say_what}};
  return test_main(argc, argv, aCase, 3);
}
