/* powerloss_vfs: see powerloss_vfs.h. The VFS and the runner; the cases
 * are in powerloss_cases.c. */
#include "powerloss_vfs.h"
#include <fcntl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- the durable image of each file ---- */

#define PL_SECTOR 512
#define PL_MAX_FILES 32

typedef struct {
  int used;
  char path[1024];
  unsigned char *durable; /* the file as of its last fsync */
  size_t nDurable;
} Track;

static Track gaTrack[PL_MAX_FILES];
static long gWrites, gCutAt;
static uint32_t gRand = 1;
static sqlite3_vfs *gReal;

/* xorshift32: the tearing's choices, repeatable from the seed. */
static uint32_t next_rand(void) {
  gRand ^= gRand << 13;
  gRand ^= gRand >> 17;
  gRand ^= gRand << 5;
  return gRand;
}

typedef struct {
  sqlite3_file base;
  sqlite3_file *pReal;
  Track *t; /* NULL: not tracked (temporary files) */
  int wal;
} PlFile;

static int (*gHook)(int op, int wal);

#define REAL(f) (((PlFile *)(f))->pReal)

/* The whole current content of f into its track's durable image. */
static int snapshot(PlFile *f) {
  sqlite3_int64 n;
  int rc = REAL(f)->pMethods->xFileSize(REAL(f), &n);
  if (rc != SQLITE_OK) return rc;
  unsigned char *z = malloc(n ? (size_t)n : 1);
  if (!z) return SQLITE_NOMEM;
  if (n && (rc = REAL(f)->pMethods->xRead(REAL(f), z, (int)n, 0)) != SQLITE_OK) { free(z); return rc; }
  free(f->t->durable);
  f->t->durable = z;
  f->t->nDurable = (size_t)n;
  return SQLITE_OK;
}

/* zPath becomes exactly the n bytes z (its durable image). */
static void put_back(const char *zPath, const unsigned char *z, size_t n) {
  int fd = open(zPath, O_WRONLY);
  if (fd < 0) return;
  if (ftruncate(fd, (off_t)n) != 0 || pwrite(fd, z, n, 0) != (ssize_t)n) _exit(98);
  close(fd);
}

/* The power goes, while the write (p, n, off) to t is being made. */
static void cut(Track *t, const unsigned char *p, int n, sqlite3_int64 off) {
  for (int i = 0; i < PL_MAX_FILES; i++)
    if (gaTrack[i].used) put_back(gaTrack[i].path, gaTrack[i].durable, gaTrack[i].nDurable);
  /* the torn write: all its sectors but the last land; of the last, the
   * first half is new and the rest garbage or what was there */
  if (t && n > 0) {
    sqlite3_int64 end = off + n, last = (end - 1) / PL_SECTOR * PL_SECTOR;
    if (last < off) last = off;
    int fd = open(t->path, O_WRONLY);
    if (fd >= 0) {
      size_t head = (size_t)(last - off), half = (size_t)(end - last) / 2;
      if (pwrite(fd, p, head + half, off) != (ssize_t)(head + half)) _exit(98);
      if (next_rand() & 1) {
        unsigned char junk[PL_SECTOR];
        size_t m = (size_t)(end - last) - half;
        for (size_t i = 0; i < m; i++) junk[i] = (unsigned char)next_rand();
        if (pwrite(fd, junk, m, last + (sqlite3_int64)half) != (ssize_t)m) _exit(98);
      }
      close(fd);
    }
  }
  /* the shared-memory index is never synced: after a reboot it is gone */
  for (int i = 0; i < PL_MAX_FILES; i++) {
    char shm[1100];
    snprintf(shm, sizeof shm, "%s-shm", gaTrack[i].path);
    if (gaTrack[i].used) unlink(shm);
  }
  _exit(PL_EXIT_CUT);
}

/* The file methods pass through to the unix VFS; writes count (and may
 * cut the power), syncs refresh the durable image. */
static int x_close(sqlite3_file *f) {
  int rc = REAL(f)->pMethods->xClose(REAL(f));
  sqlite3_free(REAL(f));
  return rc;
}
static int x_read(sqlite3_file *f, void *p, int n, sqlite3_int64 o) { return REAL(f)->pMethods->xRead(REAL(f), p, n, o); }
static int x_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 o) {
  PlFile *pf = (PlFile *)f;
  int rc = pf->t && gHook ? gHook(PL_OP_WRITE, pf->wal) : 0;
  if (rc) return rc;
  if (gCutAt >= 0) {
    gWrites++;
    if (gCutAt > 0 && gWrites == gCutAt) cut(pf->t, p, n, o);
  }
  return REAL(f)->pMethods->xWrite(REAL(f), p, n, o);
}
static int x_truncate(sqlite3_file *f, sqlite3_int64 n) { return REAL(f)->pMethods->xTruncate(REAL(f), n); }
static int x_sync(sqlite3_file *f, int flags) {
  PlFile *pf = (PlFile *)f;
  int rc = pf->t && gHook ? gHook(PL_OP_SYNC, pf->wal) : 0;
  if (rc) return rc;
  rc = REAL(f)->pMethods->xSync(REAL(f), flags);
  if (rc == SQLITE_OK && ((PlFile *)f)->t) rc = snapshot((PlFile *)f);
  return rc;
}
static int x_size(sqlite3_file *f, sqlite3_int64 *p) { return REAL(f)->pMethods->xFileSize(REAL(f), p); }
static int x_lock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xLock(REAL(f), l); }
static int x_unlock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xUnlock(REAL(f), l); }
static int x_check(sqlite3_file *f, int *p) { return REAL(f)->pMethods->xCheckReservedLock(REAL(f), p); }
static int x_fcntl(sqlite3_file *f, int op, void *p) { return REAL(f)->pMethods->xFileControl(REAL(f), op, p); }
static int x_sector(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int x_dev(sqlite3_file *f) { return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }
static int x_shmmap(sqlite3_file *f, int i, int sz, int ext, void volatile **pp) {
  return REAL(f)->pMethods->xShmMap(REAL(f), i, sz, ext, pp);
}
static int x_shmlock(sqlite3_file *f, int o, int n, int fl) { return REAL(f)->pMethods->xShmLock(REAL(f), o, n, fl); }
static void x_shmbarrier(sqlite3_file *f) { REAL(f)->pMethods->xShmBarrier(REAL(f)); }
static int x_shmunmap(sqlite3_file *f, int del) { return REAL(f)->pMethods->xShmUnmap(REAL(f), del); }
static int x_fetch(sqlite3_file *f, sqlite3_int64 o, int n, void **pp) { return REAL(f)->pMethods->xFetch(REAL(f), o, n, pp); }
static int x_unfetch(sqlite3_file *f, sqlite3_int64 o, void *p) { return REAL(f)->pMethods->xUnfetch(REAL(f), o, p); }

static const sqlite3_io_methods gMethods = {
  3, x_close, x_read, x_write, x_truncate, x_sync, x_size, x_lock, x_unlock, x_check, x_fcntl, x_sector, x_dev,
  x_shmmap, x_shmlock, x_shmbarrier, x_shmunmap, x_fetch, x_unfetch,
};

/* The track of zPath, made (*pNew = 1) if it has none; NULL when full. */
static Track *track_for(const char *zPath, int *pNew) {
  Track *free_ = NULL;
  *pNew = 0;
  for (int i = 0; i < PL_MAX_FILES; i++) {
    if (gaTrack[i].used && !strcmp(gaTrack[i].path, zPath)) return &gaTrack[i];
    if (!gaTrack[i].used && !free_) free_ = &gaTrack[i];
  }
  if (!free_ || strlen(zPath) >= sizeof free_->path) return NULL;
  memset(free_, 0, sizeof *free_);
  free_->used = 1;
  strcpy(free_->path, zPath);
  *pNew = 1;
  return free_;
}

static int x_open(sqlite3_vfs *v, const char *zName, sqlite3_file *f, int flags, int *pOut) {
  PlFile *pf = (PlFile *)f;
  pf->pReal = sqlite3_malloc(gReal->szOsFile);
  if (!pf->pReal) return SQLITE_NOMEM;
  memset(pf->pReal, 0, (size_t)gReal->szOsFile);
  int rc = gReal->xOpen(gReal, zName, pf->pReal, flags, pOut);
  if (rc != SQLITE_OK) {
    sqlite3_free(pf->pReal);
    pf->base.pMethods = NULL;
    return rc;
  }
  pf->base.pMethods = &gMethods;
  pf->t = NULL;
  pf->wal = (flags & SQLITE_OPEN_WAL) != 0;
  if (zName && (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL))) {
    int isNew;
    pf->t = track_for(zName, &isNew);
    if (!pf->t) return SQLITE_CANTOPEN; /* more files than the shim can follow: a bug of the test */
    if (isNew && (rc = snapshot(pf)) != SQLITE_OK) return rc; /* what is there before we start counts as durable */
  }
  return SQLITE_OK;
}

static int x_delete(sqlite3_vfs *v, const char *z, int s) {
  for (int i = 0; i < PL_MAX_FILES; i++)
    if (gaTrack[i].used && !strcmp(gaTrack[i].path, z)) {
      free(gaTrack[i].durable);
      memset(&gaTrack[i], 0, sizeof gaTrack[i]);
    }
  return gReal->xDelete(gReal, z, s);
}
static int x_access(sqlite3_vfs *v, const char *z, int fl, int *p) { return gReal->xAccess(gReal, z, fl, p); }
static int x_full(sqlite3_vfs *v, const char *z, int n, char *out) { return gReal->xFullPathname(gReal, z, n, out); }
static int x_rand(sqlite3_vfs *v, int n, char *z) { return gReal->xRandomness(gReal, n, z); }
static int x_sleep(sqlite3_vfs *v, int us) { return gReal->xSleep(gReal, us); }
static int x_time(sqlite3_vfs *v, double *p) { return gReal->xCurrentTime(gReal, p); }
static int x_err(sqlite3_vfs *v, int n, char *z) { return gReal->xGetLastError(gReal, n, z); }
static int x_time64(sqlite3_vfs *v, sqlite3_int64 *p) { return gReal->xCurrentTimeInt64(gReal, p); }

static sqlite3_vfs gVfs = {
  .iVersion = 2, .zName = "powerloss", .xOpen = x_open, .xDelete = x_delete, .xAccess = x_access,
  .xFullPathname = x_full, .xRandomness = x_rand, .xSleep = x_sleep, .xCurrentTime = x_time,
  .xGetLastError = x_err, .xCurrentTimeInt64 = x_time64,
};

void pl_vfs_install(void) {
  if (gReal) return;
  gReal = sqlite3_vfs_find("unix");
  gVfs.szOsFile = (int)sizeof(PlFile);
  gVfs.mxPathname = gReal->mxPathname;
  gCutAt = -1;
  sqlite3_vfs_register(&gVfs, 1);
}

void pl_vfs_arm(long cutAt, uint32_t seed) {
  gWrites = 0;
  gCutAt = cutAt;
  gRand = seed ? seed : 1;
}

long pl_vfs_writes(void) { return gWrites; }

void pl_vfs_hook(int (*xHook)(int op, int wal)) { gHook = xHook; }

/* ---- the runner ---- */

static int gAckFd = -1;

void pl_ack(const char *zFmt, ...) {
  char line[300];
  va_list ap;
  va_start(ap, zFmt);
  int n = vsnprintf(line, sizeof line - 1, zFmt, ap);
  va_end(ap);
  if (n < 0 || n > (int)sizeof line - 2) n = (int)sizeof line - 2;
  line[n++] = '\n';
  if (gAckFd >= 0 && write(gAckFd, line, (size_t)n) != n) _exit(97);
}

/* Runs the work once in a child, the power going at write cutAt (0:
 * never). The acknowledged lines into *pazAck (each and the array freed by
 * the caller), the writes made into *pWrites (uncut runs). Returns the
 * child's exit status (PL_EXIT_CUT, 0) or -1. */
static int run_child(const PlCase *c, void *st, long cutAt, uint32_t seed, char ***pazAck, int *pnAck, long *pWrites) {
  int fd[2];
  *pazAck = NULL;
  *pnAck = 0;
  if (pipe(fd)) return -1;
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    close(fd[0]);
    gAckFd = fd[1];
    pl_vfs_install();
    pl_vfs_arm(cutAt, seed);
    c->work(st);
    pl_ack("W %ld", pl_vfs_writes());
    _exit(0); /* as the cut does: no atexit handlers, no leak report of abandoned state */
  }
  close(fd[1]);
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  for (;;) {
    if (n + 1024 > cap) buf = realloc(buf, cap *= 2);
    ssize_t r = read(fd[0], buf + n, cap - n - 1);
    if (r < 0) continue;
    if (r == 0) break;
    n += (size_t)r;
  }
  close(fd[0]);
  buf[n] = 0;
  int status;
  waitpid(pid, &status, 0);
  int nLine = 0;
  for (size_t i = 0; i < n; i++) nLine += buf[i] == '\n';
  char **az = calloc((size_t)nLine + 1, sizeof *az);
  int k = 0;
  for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
    if (!strncmp(line, "W ", 2)) *pWrites = atol(line + 2);
    else az[k++] = strdup(line);
  }
  free(buf);
  *pazAck = az;
  *pnAck = k;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Frees run_child's lines. */
static void free_acks(char **az, int n) {
  for (int i = 0; i < n; i++) free(az[i]);
  free(az);
}

int pl_run(const PlCase *c, const char *zDir, int nCuts, uint32_t seed, PlStats *pOut, FILE *fLog) {
  memset(pOut, 0, sizeof *pOut);
  void *st = c->prepare(zDir);
  if (!st) return -1;
  uint32_t r = seed ? seed : 1;
  int bad = 0;
  /* an uncut run: how many writes the work makes, and that it works */
  char **az = NULL;
  int nAck = 0;
  long writes = 0;
  char why[600];
  if (c->reset(st) || run_child(c, st, 0, r, &az, &nAck, &writes) != 0 || writes <= 0 ||
      c->check(st, az, nAck, why, sizeof why)) {
    if (fLog) fprintf(fLog, "%s: the work fails without any power cut\n", c->name);
    free_acks(az, nAck);
    c->finish(st);
    pOut->lost = 1;
    return -1;
  }
  free_acks(az, nAck);
  pOut->writesMax = writes;
  while (pOut->cuts < nCuts && pOut->runs < 2 * nCuts + 10) {
    r ^= r << 13, r ^= r >> 17, r ^= r << 5;
    long cutAt = 1 + (long)(r % (uint32_t)writes);
    long w = 0;
    if (c->reset(st)) { bad = 1; break; }
    int rc = run_child(c, st, cutAt, r, &az, &nAck, &w);
    pOut->runs++;
    if (rc == PL_EXIT_CUT) pOut->cuts++, pOut->acked += nAck;
    if ((rc != PL_EXIT_CUT && rc != 0) || c->check(st, az, nAck, why, sizeof why)) {
      if (rc != PL_EXIT_CUT && rc != 0) snprintf(why, sizeof why, "the work failed (exit %d)", rc);
      pOut->lost++;
      bad = 1;
      if (fLog) fprintf(fLog, "%s: cut at write %ld of %ld (seed %u): %s\n", c->name, cutAt, writes, r, why);
    }
    free_acks(az, nAck);
  }
  c->finish(st);
  return bad || pOut->cuts < nCuts ? -1 : 0;
}
