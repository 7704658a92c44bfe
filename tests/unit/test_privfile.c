/* Private files: databases and keys 0600 (made so, and tightened when an
 * older install left them looser), township reports 0640, and temporary
 * files only in a private directory beside their destination — a symlink
 * planted at the old, predictable temporary names is never followed. */
#include "check.h"
#include "config.h"
#include "db_int.h"
#include "container.h"
#include "export_xlsx.h"
#include "keypair.h"
#include "privfile.h"
#include "township.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The permission bits of zPath (not following a symlink), or -1. */
static int mode_of(const char *zPath) {
  struct stat st;
  return lstat(zPath, &st) ? -1 : (int)(st.st_mode & 07777);
}

/* Entries of zDir whose names start with zPrefix. */
static int count_named(const char *zDir, const char *zPrefix) {
  DIR *d = opendir(zDir);
  if (!d) return -1;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) n += !strncmp(e->d_name, zPrefix, strlen(zPrefix));
  closedir(d);
  return n;
}

static void write_text(const char *zPath, const char *z) {
  FILE *f = fopen(zPath, "w");
  if (f) { fputs(z, f); fclose(f); }
}

static int file_is(const char *zPath, const char *z) {
  char buf[256] = "";
  FILE *f = fopen(zPath, "r");
  if (!f) return 0;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  return !strcmp(buf, z);
}

/* Plants a symlink at zAt pointing to a new file gDir/victim.txt (its path
 * into zVictim) holding "untouched", as an attacker would at a predictable
 * temporary name. Returns 0, or -1. */
static int plant(const char *zAt, char *zVictim, size_t nVictim) {
  test_path("victim.txt", zVictim, nVictim);
  write_text(zVictim, "untouched");
  unlink(zAt);
  return symlink(zVictim, zAt);
}

/* kiosk.db and its -wal and -shm are 0600 whatever the umask. */
static void kiosk_db_private(void) {
  mode_t old = umask(022);
  char path[600], wal[620], shm[620];
  Db *db = test_db(); /* creates gDir/kiosk.db and writes to it */
  REQUIRE(db);
  test_path("kiosk.db", path, sizeof path);
  snprintf(wal, sizeof wal, "%s-wal", path);
  snprintf(shm, sizeof shm, "%s-shm", path);
  CHECK(mode_of(path) == 0600);
  CHECK(mode_of(wal) == 0600);
  CHECK(mode_of(shm) == 0600);
  db_close(db);
  /* an older install's 0644 files are tightened when opened */
  chmod(path, 0644);
  write_text(wal, "");
  chmod(wal, 0666);
  db = test_db();
  REQUIRE(db);
  CHECK(mode_of(path) == 0600 && mode_of(wal) == 0600 && mode_of(shm) == 0600);
  db_close(db);
  umask(old);
}

/* township.db (every village's roster) and township.key are 0600. */
static void township_files_private(void) {
  mode_t old = umask(022);
  char err[512], path[600];
  REQUIRE(township_init(gDir, "测试镇", err, sizeof err) == KR_OK);
  Township *t;
  REQUIRE(township_open(gDir, &t, err, sizeof err) == KR_OK);
  CHECK(mode_of(test_path("township.db", path, sizeof path)) == 0600);
  CHECK(mode_of(test_path("township.db-wal", path, sizeof path)) == 0600);
  CHECK(mode_of(test_path("township.key", path, sizeof path)) == 0600);
  township_close(t);
  chmod(test_path("township.db", path, sizeof path), 0644);
  REQUIRE(township_open(gDir, &t, err, sizeof err) == KR_OK);
  CHECK(mode_of(test_path("township.db", path, sizeof path)) == 0600);
  township_close(t);
  CHECK(count_named(gDir, PRIV_DIR_PREFIX) == 0);
  umask(old);
}

/* A new key: 0600, and a symlink planted at the name the old code used
 * (<key>.<pid>.tmp) is left alone. */
static void key_file_private(void) {
  char path[600], planted[700], victim[600], err[256];
  test_path("kiosk.key", path, sizeof path);
  snprintf(planted, sizeof planted, "%s.%ld.tmp", path, (long)getpid());
  REQUIRE(plant(planted, victim, sizeof victim) == 0);
  KeyPair kp;
  int created;
  REQUIRE(keypair_load_or_create(path, &kp, &created, err, sizeof err) == 0 && created);
  keypair_wipe(&kp);
  CHECK(mode_of(path) == 0600);
  CHECK(file_is(victim, "untouched"));
  CHECK(count_named(gDir, PRIV_DIR_PREFIX) == 0);
}

/* The export's workbook: the old /tmp/kiosk-export-<pid>.xlsx, planted as a
 * symlink, is not followed; no private directory is left behind. */
static void export_not_via_tmp(void) {
  Db *db = test_demo_db();
  REQUIRE(db);
  char planted[64], victim[600], out[700], err[256], stick[600];
  snprintf(planted, sizeof planted, "/tmp/kiosk-export-%d.xlsx", (int)getpid());
  REQUIRE(plant(planted, victim, sizeof victim) == 0);
  test_path("stick", stick, sizeof stick);
  REQUIRE(mkdir(stick, 0755) == 0);
  Config cfg;
  memset(&cfg, 0, sizeof cfg);
  snprintf(cfg.village, sizeof cfg.village, "鲁庙村");
  snprintf(cfg.branch, sizeof cfg.branch, "鲁庙村党支部");
  int rc = export_xlsx(db, &cfg, stick, out, sizeof out, err, sizeof err);
  unlink(planted);
  REQUIRE(rc == 0);
  CHECK(file_is(victim, "untouched"));
  struct stat st;
  CHECK(stat(out, &st) == 0 && st.st_size > 1000);
  CHECK(count_named(stick, PRIV_DIR_PREFIX) == 0 && count_named(stick, "attendance-") == 1);
  db_close(db);
}

/* container_write_file_mode: the mode asked for (0640 for reports), the old
 * "<file>.part" planted as a symlink left alone, nothing left beside. */
static void write_file_mode(void) {
  char path[600], planted[700], victim[600], err[256];
  test_path("report.png", path, sizeof path);
  snprintf(planted, sizeof planted, "%s.part", path);
  REQUIRE(plant(planted, victim, sizeof victim) == 0);
  REQUIRE(container_write_file_mode(path, "PNG bytes", 9, PRIV_MODE_REPORT, err, sizeof err) == KR_OK);
  CHECK(mode_of(path) == 0640);
  CHECK(file_is(path, "PNG bytes") && file_is(victim, "untouched"));
  CHECK(count_named(gDir, PRIV_DIR_PREFIX) == 0);
  /* a private directory is 0700 while it lives */
  char dir[700];
  REQUIRE(priv_dir_beside(path, dir, sizeof dir, err, sizeof err) == KR_OK);
  CHECK(mode_of(dir) == 0700 && !strncmp(dir, gDir, strlen(gDir)));
  int fd;
  char tmp[800];
  REQUIRE(priv_temp(dir, "x", 0600, tmp, sizeof tmp, &fd, err, sizeof err) == KR_OK);
  CHECK(mode_of(tmp) == 0600);
  close(fd);
  priv_dir_remove(dir);
  CHECK(mode_of(dir) == -1);
  /* a symlink is refused, not tightened through */
  chmod(victim, 0644);
  CHECK(priv_tighten(planted, 0600, err, sizeof err) == KR_IO && strstr(err, "symbolic link"));
  CHECK(mode_of(victim) == 0644);
}

/* In another program (the sqlite3 shell: a fork of this one would share
 * SQLite's in-memory lock table and prove nothing): 1 if BEGIN IMMEDIATE on
 * zPath is refused as locked at once, 0 if it gets the write lock, -1 on
 * failure to run it. */
static int busy_from_another_process(const char *zPath) {
  char *azArg[] = {"sqlite3", (char *)zPath, "BEGIN IMMEDIATE; ROLLBACK;", NULL};
  pid_t pid;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0); /* "database is locked" is the expected answer */
  int bad = posix_spawnp(&pid, "sqlite3", &fa, NULL, azArg, environ);
  posix_spawn_file_actions_destroy(&fa);
  if (bad) return -1;
  int st;
  if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st)) return -1;
  return WEXITSTATUS(st) ? 1 : 0;
}

/* Making a database private must not open and close its files: closing any
 * descriptor drops every POSIX lock the process holds on the file, so a
 * second connection (the UI's worker) opening the database used to strip
 * the first one's write lock, and another process could then write at the
 * same time. */
static void second_open_keeps_locks(void) {
  char path[600];
  test_path("kiosk.db", path, sizeof path);
  Db *a = test_db();
  REQUIRE(a);
  REQUIRE(db_begin(a) == SQLITE_OK);
  CHECK(busy_from_another_process(path) == 1);
  Db *b = test_db(); /* a second connection in this process, as the worker opens one */
  REQUIRE(b);
  CHECK(busy_from_another_process(path) == 1); /* a's write lock still holds */
  db_rollback(a);
  CHECK(busy_from_another_process(path) == 0);
  db_close(b);
  db_close(a);
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {
    {"kiosk_db_private", kiosk_db_private},       {"township_files_private", township_files_private},
    {"key_file_private", key_file_private},       {"export_not_via_tmp", export_not_via_tmp},
    {"write_file_mode", write_file_mode},         {"second_open_keeps_locks", second_open_keeps_locks},
  };
  return test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
