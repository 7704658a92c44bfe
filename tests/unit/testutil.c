/* testutil: see check.h. */
#include "check.h"
#include "checkin.h"
#include "config.h"
#include "demo.h"
#include "util.h"
#include <iconv.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int gFailures;
char gDir[512];

static void remove_tree(const char *zDir) {
  char cmd[700];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", zDir);
  if (system(cmd)) fprintf(stderr, "cannot remove %s\n", zDir);
}

int test_main(int argc, char **argv, const TestCase *aCase, int nCase) {
  setenv("TZ", "CST-8", 1);
  tzset();
  const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  int ran = 0;
  for (int i = 0; i < nCase; i++) {
    int want = argc < 2;
    for (int a = 1; a < argc; a++) want |= !strcmp(argv[a], aCase[i].name);
    if (!want) continue;
    snprintf(gDir, sizeof gDir, "%s/kiosk-test-XXXXXX", tmp);
    if (!mkdtemp(gDir)) { perror("mkdtemp"); return 2; }
    int before = gFailures;
    util_set_clock(-1);
    aCase[i].run();
    util_set_clock(-1);
    printf("%-40s %s\n", aCase[i].name, gFailures == before ? "ok" : "FAILED");
    if (gFailures == before) remove_tree(gDir);
    else fprintf(stderr, "  (files kept in %s)\n", gDir);
    ran++;
  }
  printf("%d cases, %d failures\n", ran, gFailures);
  return gFailures ? 1 : ran ? 0 : 2;
}

const char *test_path(const char *zName, char *buf, size_t n) {
  snprintf(buf, n, "%s/%s", gDir, zName);
  return buf;
}

Db *test_db(void) {
  char path[600], err[256];
  Db *db;
  if (db_open(test_path("kiosk.db", path, sizeof path), "test-kiosk", &db, err, sizeof err)) {
    fprintf(stderr, "db_open: %s\n", err);
    return NULL;
  }
  return db;
}

Db *test_demo_db(void) {
  Db *db = test_db();
  if (!db) return NULL;
  Config cfg;
  config_defaults(&cfg);
  DemoStats st;
  char err[256];
  if (demo_load(db, &cfg, &st, err, sizeof err)) {
    fprintf(stderr, "demo_load: %s\n", err);
    db_close(db);
    return NULL;
  }
  return db;
}

Db *test_demo_today(Activity *pAct) {
  util_set_clock(test_today_at(8, 0)); /* the demo's 主题党日 then runs 08:30-11:30 */
  Db *db = test_demo_db();
  if (db && checkin_default_activity(db, pAct) != 0) {
    fprintf(stderr, "the demo village has no activity today\n");
    db_close(db);
    return NULL;
  }
  return db;
}

int64_t test_today_at(int hh, int mm) {
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  tm.tm_hour = hh;
  tm.tm_min = mm;
  tm.tm_sec = 0;
  return (int64_t)mktime(&tm);
}

int64_t test_sql_int(const char *zDbPath, const char *zSql) {
  sqlite3 *h;
  sqlite3_stmt *st;
  int64_t v = -1;
  if (sqlite3_open_v2(zDbPath, &h, SQLITE_OPEN_READONLY, "unix") != SQLITE_OK) { sqlite3_close(h); return -1; }
  if (sqlite3_prepare_v2(h, zSql, -1, &st, NULL) == SQLITE_OK) {
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  } else fprintf(stderr, "sql: %s\n", sqlite3_errmsg(h));
  sqlite3_close(h);
  return v;
}

const char *test_gbk(const char *zUtf8, size_t *pn) {
  static char out[8192];
  iconv_t cd = iconv_open("GBK", "UTF-8");
  char *in = (char *)zUtf8, *o = out;
  size_t nIn = strlen(zUtf8), nOut = sizeof out;
  size_t rc = iconv(cd, &in, &nIn, &o, &nOut);
  iconv_close(cd);
  if (rc == (size_t)-1) { fprintf(stderr, "cannot encode fixture as GBK\n"); *pn = 0; return ""; }
  *pn = (size_t)(o - out);
  return out;
}
