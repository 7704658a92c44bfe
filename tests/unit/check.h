/* check: the unit tests' tiny harness. A test file is a table of cases; each
 * case gets a fresh temporary directory. CHECK records a failure and goes
 * on; REQUIRE stops the case. */
#ifndef KIOSK_TEST_CHECK_H
#define KIOSK_TEST_CHECK_H
#include "db.h"
#include <stdint.h>
#include <stdio.h>

extern int gFailures;
extern char gDir[512];        /* the current case's temporary directory */

#define CHECK(c)                                                                       \
  do {                                                                                 \
    if (!(c)) { fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); gFailures++; } \
  } while (0)
#define REQUIRE(c)                                                                     \
  do {                                                                                 \
    if (!(c)) { fprintf(stderr, "%s:%d: REQUIRE failed: %s\n", __FILE__, __LINE__, #c); gFailures++; return; } \
  } while (0)

typedef struct {
  const char *name;
  void (*run)(void);
} TestCase;

/* Runs every case (or those named in argv) and returns the exit status. */
int test_main(int argc, char **argv, const TestCase *aCase, int nCase);

/* gDir/zName into buf. */
const char *test_path(const char *zName, char *buf, size_t n);
/* Opens a new database in gDir (kiosk id "test-kiosk"); NULL on failure. */
Db *test_db(void);
/* Opens a new database and loads the demo village into it. */
Db *test_demo_db(void);
/* The demo village loaded at 08:00 today (the clock stays pinned there),
 * with *pAct its 主题党日 (today's only activity, 08:30-11:30); NULL on
 * failure. */
#include "activity.h"
Db *test_demo_today(Activity *pAct);
/* Local unix time today (in CST-8) at hh:mm. */
int64_t test_today_at(int hh, int mm);
/* One integer from SQL on a separate, fresh connection to gDir/zDbName. */
int64_t test_sql_int(const char *zDbPath, const char *zSql);
/* Converts UTF-8 text to GBK bytes (as Excel writes). *pn gets the length;
 * the result is static. */
const char *test_gbk(const char *zUtf8, size_t *pn);
#endif
