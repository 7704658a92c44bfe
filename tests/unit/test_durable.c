/* Durable before acknowledged: checkin_record() may return a record only
 * once its transaction is on disk, so the screen never says 签到成功 for a
 * check-in a power cut could take back.
 *
 * Three proofs:
 *  - a counting VFS (wrapping SQLite's "unix" VFS) logs every write and
 *    fsync: the last write to the WAL before the call returns must be
 *    followed by an fsync of the WAL;
 *  - injected faults (a failing WAL write, a failing WAL fsync) must make
 *    the call fail, so nothing is acknowledged;
 *  - a child process killed the instant it has acknowledged a check-in
 *    leaves that check-in in the database. */
#include "activity.h"
#include "check.h"
#include "checkin.h"
#include "util.h"
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- the counting VFS ---- */

enum { EV_WRITE, EV_SYNC };
typedef struct { int op, wal; } Event;
static Event gaEv[4096];
static int gnEv;
static int gFailWalWrite, gFailWalSync; /* inject one fault each when set */

typedef struct {
  sqlite3_file base;
  sqlite3_file *pReal;
  int wal;
} CountFile;

static sqlite3_vfs *gReal;

static void log_ev(int op, int wal) {
  if (gnEv < (int)(sizeof gaEv / sizeof gaEv[0])) gaEv[gnEv++] = (Event){op, wal};
}

#define REAL(f) (((CountFile *)(f))->pReal)
static int c_close(sqlite3_file *f) {
  int rc = REAL(f)->pMethods->xClose(REAL(f));
  sqlite3_free(REAL(f));
  return rc;
}
static int c_read(sqlite3_file *f, void *p, int n, sqlite3_int64 o) { return REAL(f)->pMethods->xRead(REAL(f), p, n, o); }
static int c_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 o) {
  CountFile *c = (CountFile *)f;
  if (c->wal && gFailWalWrite) { gFailWalWrite = 0; return SQLITE_IOERR_WRITE; }
  log_ev(EV_WRITE, c->wal);
  return REAL(f)->pMethods->xWrite(REAL(f), p, n, o);
}
static int c_truncate(sqlite3_file *f, sqlite3_int64 n) { return REAL(f)->pMethods->xTruncate(REAL(f), n); }
static int c_sync(sqlite3_file *f, int flags) {
  CountFile *c = (CountFile *)f;
  if (c->wal && gFailWalSync) { gFailWalSync = 0; return SQLITE_IOERR_FSYNC; }
  log_ev(EV_SYNC, c->wal);
  return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int c_size(sqlite3_file *f, sqlite3_int64 *p) { return REAL(f)->pMethods->xFileSize(REAL(f), p); }
static int c_lock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xLock(REAL(f), l); }
static int c_unlock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xUnlock(REAL(f), l); }
static int c_check(sqlite3_file *f, int *p) { return REAL(f)->pMethods->xCheckReservedLock(REAL(f), p); }
static int c_fcntl(sqlite3_file *f, int op, void *p) { return REAL(f)->pMethods->xFileControl(REAL(f), op, p); }
static int c_sector(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int c_dev(sqlite3_file *f) { return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }
static int c_shmmap(sqlite3_file *f, int i, int sz, int ext, void volatile **pp) {
  return REAL(f)->pMethods->xShmMap(REAL(f), i, sz, ext, pp);
}
static int c_shmlock(sqlite3_file *f, int o, int n, int fl) { return REAL(f)->pMethods->xShmLock(REAL(f), o, n, fl); }
static void c_shmbarrier(sqlite3_file *f) { REAL(f)->pMethods->xShmBarrier(REAL(f)); }
static int c_shmunmap(sqlite3_file *f, int del) { return REAL(f)->pMethods->xShmUnmap(REAL(f), del); }
static int c_fetch(sqlite3_file *f, sqlite3_int64 o, int n, void **pp) { return REAL(f)->pMethods->xFetch(REAL(f), o, n, pp); }
static int c_unfetch(sqlite3_file *f, sqlite3_int64 o, void *p) { return REAL(f)->pMethods->xUnfetch(REAL(f), o, p); }

static const sqlite3_io_methods gMethods = {
  3, c_close, c_read, c_write, c_truncate, c_sync, c_size, c_lock, c_unlock, c_check, c_fcntl, c_sector, c_dev,
  c_shmmap, c_shmlock, c_shmbarrier, c_shmunmap, c_fetch, c_unfetch,
};

static int c_open(sqlite3_vfs *v, const char *zName, sqlite3_file *f, int flags, int *pOut) {
  CountFile *c = (CountFile *)f;
  c->pReal = sqlite3_malloc(gReal->szOsFile);
  if (!c->pReal) return SQLITE_NOMEM;
  memset(c->pReal, 0, (size_t)gReal->szOsFile);
  int rc = gReal->xOpen(gReal, zName, c->pReal, flags, pOut);
  if (rc != SQLITE_OK) { sqlite3_free(c->pReal); c->base.pMethods = NULL; return rc; }
  c->wal = (flags & SQLITE_OPEN_WAL) != 0;
  c->base.pMethods = &gMethods;
  return SQLITE_OK;
}

static int c_delete(sqlite3_vfs *v, const char *z, int s) { return gReal->xDelete(gReal, z, s); }
static int c_access(sqlite3_vfs *v, const char *z, int fl, int *p) { return gReal->xAccess(gReal, z, fl, p); }
static int c_full(sqlite3_vfs *v, const char *z, int n, char *out) { return gReal->xFullPathname(gReal, z, n, out); }
static int c_rand(sqlite3_vfs *v, int n, char *z) { return gReal->xRandomness(gReal, n, z); }
static int c_sleep(sqlite3_vfs *v, int us) { return gReal->xSleep(gReal, us); }
static int c_time(sqlite3_vfs *v, double *p) { return gReal->xCurrentTime(gReal, p); }
static int c_err(sqlite3_vfs *v, int n, char *z) { return gReal->xGetLastError(gReal, n, z); }
static int c_time64(sqlite3_vfs *v, sqlite3_int64 *p) { return gReal->xCurrentTimeInt64(gReal, p); }

static sqlite3_vfs gVfs = {
  .iVersion = 2, .mxPathname = 1024, .zName = "counting", .xOpen = c_open, .xDelete = c_delete,
  .xAccess = c_access, .xFullPathname = c_full, .xRandomness = c_rand, .xSleep = c_sleep,
  .xCurrentTime = c_time, .xGetLastError = c_err, .xCurrentTimeInt64 = c_time64,
};

static void install_vfs(void) {
  if (gReal) return;
  gReal = sqlite3_vfs_find("unix");
  gVfs.szOsFile = (int)sizeof(CountFile);
  gVfs.mxPathname = gReal->mxPathname;
  sqlite3_vfs_register(&gVfs, 1); /* the default: db_open() uses it */
}

/* ---- the cases ---- */

static Db *setup(Activity *act, char *zPath) {
  install_vfs();
  test_path("kiosk.db", zPath, 600);
  return test_demo_today(act);
}

static void wal_synced_before_return(void) {
  Activity act;
  char path[600], err[256], sql[200];
  Db *db = setup(&act, path);
  REQUIRE(db);
  const char *azNo[] = {"LM0031", "LM0097", "LM0054", "LM0001", "LM0120"};
  for (int k = 0; k < 5; k++) {
    gnEv = 0;
    CheckinRecord r;
    REQUIRE(checkin_record(db, act.id, azNo[k], CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err) == 0);
    int lastWalWrite = -1, syncAfter = 0;
    for (int i = 0; i < gnEv; i++)
      if (gaEv[i].wal && gaEv[i].op == EV_WRITE) lastWalWrite = i;
    for (int i = lastWalWrite + 1; i < gnEv; i++) syncAfter |= gaEv[i].wal && gaEv[i].op == EV_SYNC;
    CHECK(lastWalWrite >= 0);  /* the record went to the WAL in this call */
    CHECK(syncAfter);          /* and the WAL was fsync'd before the call returned */
    /* a fresh connection, through the plain unix VFS, sees it */
    snprintf(sql, sizeof sql, "SELECT count(*) FROM checkin WHERE uuid = '%s'", r.uuid);
    CHECK(test_sql_int(path, sql) == 1);
  }
  /* the shim really sees syncs: a second tap writes nothing and syncs nothing */
  gnEv = 0;
  CheckinRecord r;
  REQUIRE(checkin_record(db, act.id, "LM0031", CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err) == 0);
  CHECK(r.outcome == CHECKIN_ALREADY);
  int writes = 0;
  for (int i = 0; i < gnEv; i++) writes += gaEv[i].op == EV_WRITE;
  CHECK(writes == 0);
  db_close(db);
}

static void failed_write_is_not_acknowledged(void) {
  Activity act;
  char path[600], err[256];
  Db *db = setup(&act, path);
  REQUIRE(db);
  CheckinRecord r;
  gFailWalWrite = 1;
  CHECK(checkin_record(db, act.id, "LM0031", CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err) == KR_IO); /* a disk fault */
  CHECK(strstr(err, "could not be saved") != NULL);
  gFailWalWrite = 0;
  db_close(db);
  CHECK(test_sql_int(path, "SELECT count(*) FROM checkin WHERE operator <> 'demo'") == 0);
  /* the kiosk goes on: the next try saves it */
  db = test_db();
  REQUIRE(db);
  CHECK(checkin_record(db, act.id, "LM0031", CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err) == 0);
  CHECK(r.outcome == CHECKIN_NEW);
  db_close(db);
  CHECK(test_sql_int(path, "SELECT count(*) FROM checkin WHERE operator <> 'demo'") == 1);
}

static void failed_fsync_is_not_acknowledged(void) {
  Activity act;
  char path[600], err[256];
  Db *db = setup(&act, path);
  REQUIRE(db);
  CheckinRecord r;
  gFailWalSync = 1;
  CHECK(checkin_record(db, act.id, "LM0031", CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err) == KR_IO);
  CHECK(!gFailWalSync); /* the fault was hit: the commit did try to fsync */
  db_close(db);
  /* The frames reached the OS even though fsync failed, so SQLite's recovery
   * may or may not find the record. Either way it was never acknowledged;
   * what matters is that a retry ends with exactly one record. */
  db = test_db();
  REQUIRE(db);
  CHECK(checkin_record(db, act.id, "LM0031", CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err) == 0);
  db_close(db);
  CHECK(test_sql_int(path, "SELECT count(*) FROM checkin WHERE operator <> 'demo' AND member_no = 'LM0031'") == 1);
}

static void killed_after_ack_keeps_record(void) {
  Activity act;
  char path[600], err[256];
  Db *db = setup(&act, path);
  REQUIRE(db);
  db_close(db);
  for (int k = 1; k <= 20; k++) {
    char no[16];
    snprintf(no, sizeof no, "LM%04d", k);
    int fd[2];
    REQUIRE(pipe(fd) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      close(fd[0]);
      Db *c = test_db();
      CheckinRecord r;
      if (!c || checkin_record(c, act.id, no, CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err)) _exit(3);
      /* acknowledged: from here on the parent may kill us at any moment */
      if (write(fd[1], r.uuid, 36) != 36) _exit(4);
      for (;;) pause();
    }
    close(fd[1]);
    char uuid[37] = "";
    ssize_t n = read(fd[0], uuid, 36);
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    close(fd[0]);
    REQUIRE(n == 36);
    CHECK(WIFSIGNALED(status)); /* it died holding the database open */
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM checkin WHERE uuid = '%s' AND member_no = '%s'", uuid, no);
    CHECK(test_sql_int(path, sql) == 1);
  }
  CHECK(test_sql_int(path, "SELECT count(*) FROM checkin WHERE operator <> 'demo'") == 20);
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {
    {"wal_synced_before_return", wal_synced_before_return},
    {"failed_write_is_not_acknowledged", failed_write_is_not_acknowledged},
    {"failed_fsync_is_not_acknowledged", failed_fsync_is_not_acknowledged},
    {"killed_after_ack_keeps_record", killed_after_ack_keeps_record},
  };
  return test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
