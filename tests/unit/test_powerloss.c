/* Power cuts, simulated (tests/powerloss_vfs.h): 100 cuts at random writes
 * (fixed seeds, so every run cuts at the same places) — 40 in check-ins,
 * 30 in package applies, 30 in the township's imports. After each, every
 * acknowledged step must be there and integrity_check ok. First, that the
 * simulation bites: with synchronous=OFF acknowledged rows must be lost.
 * The soak run of 1,000 and more is bench/bench_powerloss. */
#include "check.h"
#include "powerloss_vfs.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void run(const PlCase *c, int nCuts, uint32_t seed) {
  char dir[600];
  PlStats st;
  int rc = pl_run(c, test_path(c->name, dir, sizeof dir), nCuts, seed, &st, stderr);
  printf("  %s: %d runs, %d power cuts, %d acknowledged steps checked, %d lost (writes per run: %ld)\n", c->name,
         st.runs, st.cuts, st.acked, st.lost, st.writesMax);
  CHECK(rc == 0);
  CHECK(st.cuts == nCuts);
  CHECK(st.lost == 0);
  CHECK(st.writesMax > 10); /* the shim sees the work's writes */
  CHECK(st.acked > 0);      /* and cuts fell after acknowledged steps, not only before */
}

/* ---- the simulation bites: SQLite with synchronous=OFF never fsyncs the
 * WAL, so cuts must lose acknowledged rows (else the VFS drops nothing) ---- */

typedef struct {
  char path[700];
} Loose;

static void *loose_prepare(const char *zDir) {
  static Loose l;
  snprintf(l.path, sizeof l.path, "%s.db", zDir);
  return &l;
}
static int loose_reset(void *p) {
  Loose *l = p;
  char x[800];
  unlink(l->path);
  snprintf(x, sizeof x, "%s-wal", l->path);
  unlink(x);
  snprintf(x, sizeof x, "%s-shm", l->path);
  unlink(x);
  return 0;
}
static void loose_work(void *p) {
  Loose *l = p;
  sqlite3 *h;
  if (sqlite3_open(l->path, &h) != SQLITE_OK ||
      sqlite3_exec(h, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; CREATE TABLE t(x)", NULL, NULL, NULL))
    _exit(3);
  for (int i = 1; i <= 40; i++) {
    char sql[80];
    snprintf(sql, sizeof sql, "INSERT INTO t VALUES(%d)", i);
    if (sqlite3_exec(h, sql, NULL, NULL, NULL)) _exit(4);
    pl_ack("R %d", i);
  }
  /* no close: the checkpoint at close would fsync (the runner _exits) */
}
static int loose_check(void *p, char **az, int n, char *zWhy, int nWhy) {
  Loose *l = p;
  int last = 0;
  for (int i = 0; i < n; i++) last = atoi(az[i] + 2);
  if (last == 0) return 0;
  char sql[80];
  snprintf(sql, sizeof sql, "SELECT count(*) FROM t WHERE x <= %d", last);
  sqlite3 *h;
  sqlite3_open_v2(l->path, &h, SQLITE_OPEN_READWRITE, "unix");
  sqlite3_stmt *s;
  int have = -1;
  if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) have = sqlite3_column_int(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(h);
  if (have == last) return 0;
  snprintf(zWhy, nWhy, "%d rows acknowledged, %d survived", last, have);
  return -1;
}
static void loose_finish(void *p) {}

static void unsynced_writes_are_lost(void) {
  static const PlCase loose = {"loose", loose_prepare, loose_reset, loose_work, loose_check, loose_finish};
  char dir[600];
  PlStats st;
  int rc = pl_run(&loose, test_path("loose", dir, sizeof dir), 20, 99, &st, NULL);
  printf("  synchronous=OFF: %d cuts, %d of them lost acknowledged rows\n", st.cuts, st.lost);
  CHECK(rc != 0);
  CHECK(st.lost > 0);
}

static void checkin_cuts(void) { run(&pl_case_checkin, 40, 20261130); }
static void package_cuts(void) { run(&pl_case_package, 30, 13); }
static void import_cuts(void) { run(&pl_case_import, 30, 7); }

int main(int argc, char **argv) {
  static const TestCase aCase[] = {
    {"unsynced_writes_are_lost", unsynced_writes_are_lost},
    {"checkin_cuts", checkin_cuts},
    {"package_cuts", package_cuts},
    {"import_cuts", import_cuts},
  };
  return test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
