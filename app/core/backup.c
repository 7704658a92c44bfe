/* backup: see backup.h. */
#include "backup.h"
#include "db_int.h"
#include "util.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void backup_dir_for(const char *zDbPath, char *zDir, size_t nDir) {
  const char *slash = strrchr(zDbPath, '/');
  if (!slash) snprintf(zDir, nDir, "backup");
  else if (slash == zDbPath) snprintf(zDir, nDir, "/backup");
  else snprintf(zDir, nDir, "%.*s/backup", (int)(slash - zDbPath), zDbPath);
}

/* Copies database zSchema of hFrom into database "main" of hTo, all at once. */
static KrCode copy_pages(sqlite3 *hTo, sqlite3 *hFrom, char *zErr, int nErr) {
  sqlite3_backup *b = sqlite3_backup_init(hTo, "main", hFrom, "main");
  if (!b) {
    snprintf(zErr, nErr, "cannot start the copy: %s", sqlite3_errmsg(hTo));
    return kr_sqlite(sqlite3_errcode(hTo));
  }
  int rc;
  while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
  int fin = sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE || fin != SQLITE_OK) {
    snprintf(zErr, nErr, "the copy failed: %s", sqlite3_errstr(rc != SQLITE_DONE ? rc : fin));
    return kr_sqlite(rc != SQLITE_DONE ? rc : fin);
  }
  return KR_OK;
}

/* fsyncs a file or directory; 0 or -1. */
static int sync_path(const char *zPath, int dir) {
  int fd = open(zPath, dir ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) return -1;
  int rc = fsync(fd);
  close(fd);
  return rc;
}

KrCode backup_make(sqlite3 *h, const char *zDir, const char *zPrefix, char *zPath, size_t nPath, char *zErr,
                   int nErr) {
  if (mkdir(zDir, 0700) && errno != EEXIST) {
    snprintf(zErr, nErr, "cannot create the backup directory %s: %s", zDir, strerror(errno));
    return KR_IO;
  }
  char stamp[32], tmp[1100];
  time_t now = (time_t)util_now();
  struct tm tm;
  localtime_r(&now, &tm);
  strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  struct stat st;
  snprintf(zPath, nPath, "%s/%s-%s.db", zDir, zPrefix, stamp);
  for (int i = 2; stat(zPath, &st) == 0 && i < 100; i++) /* two in one second: keep both */
    snprintf(zPath, nPath, "%s/%s-%s-%d.db", zDir, zPrefix, stamp, i);
  snprintf(tmp, sizeof tmp, "%s.part", zPath);
  unlink(tmp);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600); /* the mode before a single byte is in it */
  if (fd < 0) {
    snprintf(zErr, nErr, "cannot write %s: %s", tmp, strerror(errno));
    return KR_IO;
  }
  close(fd);
  sqlite3 *hTo = NULL;
  KrCode rc = KR_OK;
  if (sqlite3_open_v2(tmp, &hTo, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
    snprintf(zErr, nErr, "cannot open %s: %s", tmp, hTo ? sqlite3_errmsg(hTo) : "out of memory");
    rc = KR_IO;
  } else if ((rc = copy_pages(hTo, h, zErr, nErr)) == KR_OK &&
             sqlite3_exec(hTo, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) {
    /* one self-contained file, no -wal beside it */
    snprintf(zErr, nErr, "cannot finish %s: %s", tmp, sqlite3_errmsg(hTo));
    rc = KR_IO;
  }
  sqlite3_close(hTo);
  if (!rc && (sync_path(tmp, 0) || rename(tmp, zPath) || sync_path(zDir, 1))) {
    snprintf(zErr, nErr, "cannot write %s: %s", zPath, strerror(errno));
    rc = KR_IO;
  }
  if (rc) {
    unlink(tmp);
    zPath[0] = 0;
  }
  return rc;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

KrCode backup_prune(const char *zDir, const char *zPrefix, int nKeep, int *pRemoved, char *zErr, int nErr) {
  *pRemoved = 0;
  if (nKeep < 1) {
    snprintf(zErr, nErr, "keep at least one backup");
    return KR_BAD_INPUT;
  }
  DIR *d = opendir(zDir);
  if (!d) {
    if (errno == ENOENT) return KR_OK;
    snprintf(zErr, nErr, "cannot read %s: %s", zDir, strerror(errno));
    return KR_IO;
  }
  char **az = NULL;
  int n = 0, cap = 0;
  size_t lp = strlen(zPrefix);
  KrCode rc = KR_OK;
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t l = strlen(e->d_name);
    /* PREFIX-YYYYmmdd-HHMMSS[-N].db: names sort by time */
    if (l < lp + 19 || strncmp(e->d_name, zPrefix, lp) || e->d_name[lp] != '-' || strcmp(e->d_name + l - 3, ".db"))
      continue;
    if (n == cap) {
      char **p = realloc(az, (size_t)(cap = cap ? cap * 2 : 16) * sizeof *az);
      if (!p) { rc = KR_NOMEM; break; }
      az = p;
    }
    if (!(az[n] = strdup(e->d_name))) { rc = KR_NOMEM; break; }
    n++;
  }
  closedir(d);
  if (rc) snprintf(zErr, nErr, "out of memory");
  if (!rc && n > nKeep) qsort(az, (size_t)n, sizeof *az, by_name);
  for (int i = 0; !rc && i < n - nKeep; i++) {
    char path[1100];
    snprintf(path, sizeof path, "%s/%s", zDir, az[i]);
    if (unlink(path)) {
      snprintf(zErr, nErr, "cannot remove %s: %s", path, strerror(errno));
      rc = KR_IO;
    } else (*pRemoved)++;
  }
  for (int i = 0; i < n; i++) free(az[i]);
  free(az);
  return rc;
}

/* Is zFile a good copy of db? KR_OK, or a refusal with the reason. */
static KrCode check_copy(Db *db, sqlite3 *hFrom, const char *zFile, char *zErr, int nErr) {
  char ok[64] = "", id[64] = "";
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(hFrom, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK) {
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
      util_strlcpy(ok, (const char *)sqlite3_column_text(st, 0), sizeof ok);
    sqlite3_finalize(st);
  }
  if (strcmp(ok, "ok")) {
    snprintf(zErr, nErr, "%s is not a sound kiosk database (%s)", zFile, ok[0] ? ok : sqlite3_errmsg(hFrom));
    return KR_MALFORMED;
  }
  int64_t v = db_int64(hFrom, "PRAGMA user_version", NULL);
  if (v < 1 || v > DB_SCHEMA_VERSION || db_kv_get(hFrom, "kiosk_id", id, sizeof id) != KR_OK) {
    snprintf(zErr, nErr, "%s is not a kiosk database this program knows (schema %lld)", zFile, (long long)v);
    return KR_MALFORMED;
  }
  if (strcmp(id, db_kiosk_id(db))) {
    snprintf(zErr, nErr, "%s belongs to kiosk %s, not this one (%s)", zFile, id, db_kiosk_id(db));
    return KR_WRONG_KIOSK;
  }
  return KR_OK;
}

KrCode backup_restore(Db *db, const char *zFile, const char *zDir, char *zSaved, size_t nSaved, char *zErr, int nErr) {
  zSaved[0] = 0;
  struct stat st;
  if (stat(zFile, &st) || !S_ISREG(st.st_mode)) {
    snprintf(zErr, nErr, "%s: no such file", zFile);
    return KR_NOT_FOUND;
  }
  sqlite3 *hFrom = NULL;
  KrCode rc;
  /* read-only, and immutable: a copy in the backup directory gets no -wal or -shm made beside it */
  char uri[1200];
  snprintf(uri, sizeof uri, "file:%s?immutable=1", zFile);
  if (strchr(zFile, '?') || strchr(zFile, '#') || strchr(zFile, '%')) {
    snprintf(zErr, nErr, "%s: rename the file without ?, # or %%", zFile);
    return KR_BAD_INPUT;
  }
  if (sqlite3_open_v2(uri, &hFrom, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK) {
    snprintf(zErr, nErr, "%s cannot be opened: %s", zFile, hFrom ? sqlite3_errmsg(hFrom) : "out of memory");
    rc = KR_MALFORMED;
  } else if (!(rc = check_copy(db, hFrom, zFile, zErr, nErr)) &&
             !(rc = backup_make(db->h, zDir, "pre-restore", zSaved, nSaved, zErr, nErr))) {
    for (int i = 0; i < STMT_COUNT; i++) { /* the schema may change under them */
      sqlite3_finalize(db->aStmt[i]);
      db->aStmt[i] = NULL;
    }
    rc = copy_pages(db->h, hFrom, zErr, nErr);
  }
  sqlite3_close(hFrom);
  return rc;
}
