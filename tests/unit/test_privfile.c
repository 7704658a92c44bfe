/* Private files: databases and keys 0600 (made so, and tightened when an
 * older install left them looser), township reports 0640, and temporary
 * files only in a private directory beside their destination — a symlink
 * planted at the old, predictable temporary names is never followed. */
#include "check.h"
#include "config.h"
#include "container.h"
#include "export_xlsx.h"
#include "keypair.h"
#include "privfile.h"
#include "township.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
  test_path("victim.txt", victim, sizeof victim);
  write_text(victim, "untouched");
  snprintf(planted, sizeof planted, "%s.%ld.tmp", path, (long)getpid());
  REQUIRE(symlink(victim, planted) == 0);
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
  test_path("victim.txt", victim, sizeof victim);
  write_text(victim, "untouched");
  snprintf(planted, sizeof planted, "/tmp/kiosk-export-%d.xlsx", (int)getpid());
  unlink(planted);
  REQUIRE(symlink(victim, planted) == 0);
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
  test_path("victim.txt", victim, sizeof victim);
  write_text(victim, "untouched");
  snprintf(planted, sizeof planted, "%s.part", path);
  REQUIRE(symlink(victim, planted) == 0);
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

int main(int argc, char **argv) {
  static const TestCase aCase[] = {
    {"kiosk_db_private", kiosk_db_private},       {"township_files_private", township_files_private},
    {"key_file_private", key_file_private},       {"export_not_via_tmp", export_not_via_tmp},
    {"write_file_mode", write_file_mode},
  };
  return test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
