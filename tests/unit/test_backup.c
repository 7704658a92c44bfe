/* Backups and upgrades: a database made by the previous release's schema
 * (DB_SCHEMA_VERSION - 1, with records in it) is copied before it is
 * migrated, and both the copy and the upgrade keep every record; a failed
 * copy stops the migration; the daily copies are pruned to the newest 7;
 * restore brings a copy back, keeps the replaced database, and refuses a
 * bad file (garbage, truncated, another kiosk's, a newer schema) changing
 * nothing. */
#include "backup.h"
#include "check.h"
#include "checkin.h"
#include "db_int.h"
#include "util.h"
#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A database as the previous release left it: schema DB_SCHEMA_VERSION - 1,
 * a member with a long minority name, an activity and three check-ins. */
static void make_previous_release(const char *zPath, const char *zKiosk) {
  sqlite3 *h;
  REQUIRE(sqlite3_open(zPath, &h) == SQLITE_OK);
  CHECK(sqlite3_exec(h, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) == SQLITE_OK);
  for (int v = 0; v < DB_SCHEMA_VERSION - 1; v++) CHECK(sqlite3_exec(h, db_migration_sql(v), NULL, NULL, NULL) == SQLITE_OK);
  char sql[2048];
  snprintf(sql, sizeof sql,
    "PRAGMA user_version = %d;"
    "INSERT INTO meta VALUES('kiosk_id', '%s'), ('seq', 5), ('created_at', 0);"
    "INSERT INTO member(member_no, name, grp, branch, phone4, birth_year, active, uuid, kiosk_id, seq, created_at)"
    "  VALUES('LM0031', '阿卜杜热合曼·买买提依明·阿卜杜克热木·艾则孜', '第一组', '', '1234', 1946, 1, 'm-uuid', '%s', 1, 0);"
    "INSERT INTO activity(id, uuid, version_uuid, kiosk_id, seq, kind, title, day, start_hm, end_hm, location, source, created_at)"
    "  VALUES(1, 'a-uuid', 'a-uuid', '%s', 2, '党课', '党课', '2026-11-01', '09:00', '10:00', '', 'local', 0);"
    "INSERT INTO checkin(uuid, kiosk_id, seq, activity_uuid, member_no, kind, status, method, reverses_uuid, at)"
    "  VALUES('c1', '%s', 3, 'a-uuid', 'LM0031', 'checkin', 'present', 'tap', NULL, 0),"
    "        ('c2', '%s', 4, 'a-uuid', 'LM0031', 'reversal', 'present', 'cli', 'c1', 1),"
    "        ('c3', '%s', 5, 'a-uuid', 'LM0031', 'checkin', 'late', 'scan', NULL, 2);",
    DB_SCHEMA_VERSION - 1, zKiosk, zKiosk, zKiosk, zKiosk, zKiosk, zKiosk);
  CHECK(sqlite3_exec(h, sql, NULL, NULL, NULL) == SQLITE_OK);
  sqlite3_close(h);
}

/* How many files in zDir start with zPrefix; the last one's path into zPath. */
static int count_files(const char *zDir, const char *zPrefix, char *zPath, size_t nPath) {
  DIR *d = opendir(zDir);
  int n = 0;
  if (!d) return 0;
  struct dirent *e;
  while ((e = readdir(d)))
    if (!strncmp(e->d_name, zPrefix, strlen(zPrefix))) {
      n++;
      if (zPath) snprintf(zPath, nPath, "%s/%s", zDir, e->d_name);
    }
  closedir(d);
  return n;
}

static void upgrades_previous_release_after_a_copy(void) {
  char path[600], dir[700], copy[1200], err[512];
  test_path("kiosk.db", path, sizeof path);
  make_previous_release(path, "old-kiosk");
  Db *db;
  REQUIRE(db_open(path, NULL, &db, err, sizeof err) == 0);
  CHECK(db_schema_version(db) == DB_SCHEMA_VERSION);
  CHECK(!strcmp(db_kiosk_id(db), "old-kiosk"));
  CHECK(db_last_seq(db) == 5);
  CHECK(test_sql_int(path, "SELECT count(*) FROM checkin_standing") == 1); /* c1 reversed, c3 stands */
  CHECK(test_sql_int(path, "SELECT count(*) FROM member WHERE name LIKE '阿卜杜热合曼·%艾则孜'") == 1);
  db_close(db);
  backup_dir_for(path, dir, sizeof dir);
  char prefix[32];
  snprintf(prefix, sizeof prefix, "pre-schema%d-", DB_SCHEMA_VERSION);
  REQUIRE(count_files(dir, prefix, copy, sizeof copy) == 1);
  CHECK(count_files(dir, "daily-", NULL, 0) == 0);
  struct stat st;
  CHECK(stat(copy, &st) == 0 && (st.st_mode & 0777) == 0600);
  CHECK(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700);
  /* the copy is the old database, whole, in one file */
  CHECK(test_sql_int(copy, "PRAGMA user_version") == DB_SCHEMA_VERSION - 1);
  CHECK(test_sql_int(copy, "SELECT count(*) FROM checkin") == 3);
  CHECK(test_sql_int(copy, "SELECT value FROM meta WHERE key = 'seq'") == 5);
  /* opening the upgraded database again copies nothing more */
  REQUIRE(db_open(path, NULL, &db, err, sizeof err) == 0);
  db_close(db);
  CHECK(count_files(dir, "pre-schema", NULL, 0) == 1);
  /* a new database has nothing to copy */
  test_path("fresh.db", path, sizeof path);
  REQUIRE(db_open(path, NULL, &db, err, sizeof err) == 0);
  db_close(db);
  CHECK(count_files(dir, "pre-schema", NULL, 0) == 1);
}

static void no_copy_no_migration(void) {
  char path[600], dir[700], err[512];
  test_path("kiosk.db", path, sizeof path);
  make_previous_release(path, "old-kiosk");
  backup_dir_for(path, dir, sizeof dir);
  FILE *f = fopen(dir, "w"); /* a file where the backup directory should be */
  REQUIRE(f);
  fclose(f);
  Db *db;
  CHECK(db_open(path, NULL, &db, err, sizeof err) != 0);
  CHECK(strstr(err, "backup") != NULL);
  CHECK(test_sql_int(path, "PRAGMA user_version") == DB_SCHEMA_VERSION - 1);
}

static void daily_copies_keep_seven(void) {
  char path[600], dir[700], copy[1200], err[512];
  Db *db = test_db();
  REQUIRE(db);
  test_path("kiosk.db", path, sizeof path);
  backup_dir_for(path, dir, sizeof dir);
  for (int day = 0; day < 10; day++) {
    util_set_clock(1790000000 + day * 86400);
    CHECK(backup_make(db->h, dir, "daily", copy, sizeof copy, err, sizeof err) == KR_OK);
    int removed;
    CHECK(backup_prune(dir, "daily", 7, &removed, err, sizeof err) == KR_OK);
    CHECK(removed == (day >= 7 ? 1 : 0));
  }
  /* two in the same second are both kept */
  CHECK(backup_make(db->h, dir, "daily", copy, sizeof copy, err, sizeof err) == KR_OK);
  CHECK(strstr(copy, "-2.db") != NULL);
  CHECK(backup_make(db->h, dir, "pre-restore", copy, sizeof copy, err, sizeof err) == KR_OK);
  int removed;
  CHECK(backup_prune(dir, "daily", 7, &removed, err, sizeof err) == KR_OK && removed == 1);
  CHECK(count_files(dir, "daily-", NULL, 0) == 7);
  CHECK(count_files(dir, "pre-restore-", NULL, 0) == 1); /* never pruned */
  CHECK(count_files(dir, "daily-20260923", NULL, 0) == 0); /* the oldest went */
  CHECK(backup_prune(dir, "daily", 0, &removed, err, sizeof err) == KR_BAD_INPUT);
  CHECK(count_files(dir, "", NULL, 0) == 2 + 7 + 1); /* . .. 7 daily 1 pre-restore: no .part left */
  util_set_clock(0);
  db_close(db);
}

static void restore_brings_a_copy_back(void) {
  char path[600], dir[700], copy[1200], saved[1200], err[512];
  Activity act;
  Db *db = test_demo_today(&act);
  REQUIRE(db);
  test_path("kiosk.db", path, sizeof path);
  backup_dir_for(path, dir, sizeof dir);
  REQUIRE(backup_make(db->h, dir, "daily", copy, sizeof copy, err, sizeof err) == KR_OK);
  int64_t seq = db_last_seq(db);
  CheckinRecord rec;
  REQUIRE(checkin_record(db, act.id, "LM0031", "tap", NULL, &rec, err, sizeof err) == 0);
  CHECK(db_last_seq(db) == seq + 1);
  CHECK(backup_restore(db, copy, dir, saved, sizeof saved, err, sizeof err) == KR_OK);
  db_close(db);
  REQUIRE(db_open(path, NULL, &db, err, sizeof err) == 0);
  CHECK(db_last_seq(db) == seq); /* as the copy was */
  CHECK(!strcmp(db_kiosk_id(db), "test-kiosk"));
  CHECK(test_sql_int(saved, "SELECT value FROM meta WHERE key = 'seq'") == seq + 1); /* the replaced one kept */
  db_close(db);
}

static void restore_refuses_bad_files(void) {
  char path[600], dir[700], copy[1200], saved[1200], err[512], bad[700];
  Db *db = test_demo_db();
  REQUIRE(db);
  test_path("kiosk.db", path, sizeof path);
  backup_dir_for(path, dir, sizeof dir);
  REQUIRE(backup_make(db->h, dir, "daily", copy, sizeof copy, err, sizeof err) == KR_OK);
  int64_t seq = db_last_seq(db);
  /* garbage, NUL bytes, a name starting with '-' */
  test_path("-garbage.db", bad, sizeof bad);
  FILE *f = fopen(bad, "wb");
  REQUIRE(f);
  fwrite("SQLite format 3\0\0\0\0garbage", 1, 26, f);
  for (int i = 0; i < 5000; i++) fputc(i * 7, f);
  fclose(f);
  CHECK(backup_restore(db, bad, dir, saved, sizeof saved, err, sizeof err) == KR_MALFORMED);
  /* a truncated copy */
  char *z;
  size_t n;
  REQUIRE(util_read_file(copy, &z, &n) == 0);
  test_path("truncated.db", bad, sizeof bad);
  f = fopen(bad, "wb");
  REQUIRE(f);
  fwrite(z, 1, n / 2, f);
  fclose(f);
  free(z);
  CHECK(backup_restore(db, bad, dir, saved, sizeof saved, err, sizeof err) == KR_MALFORMED);
  /* another kiosk's database */
  test_path("other.db", bad, sizeof bad);
  make_previous_release(bad, "other-kiosk");
  CHECK(backup_restore(db, bad, dir, saved, sizeof saved, err, sizeof err) == KR_WRONG_KIOSK);
  CHECK(strstr(err, "other-kiosk") != NULL);
  /* a newer schema than this program's */
  test_path("newer.db", bad, sizeof bad);
  make_previous_release(bad, "test-kiosk");
  char sql[64];
  snprintf(sql, sizeof sql, "PRAGMA user_version = %d", DB_SCHEMA_VERSION + 1);
  sqlite3 *h;
  REQUIRE(sqlite3_open(bad, &h) == SQLITE_OK);
  CHECK(sqlite3_exec(h, sql, NULL, NULL, NULL) == SQLITE_OK);
  sqlite3_close(h);
  CHECK(backup_restore(db, bad, dir, saved, sizeof saved, err, sizeof err) == KR_MALFORMED);
  /* none there */
  CHECK(backup_restore(db, "/nonexistent/x.db", dir, saved, sizeof saved, err, sizeof err) == KR_NOT_FOUND);
  CHECK(backup_restore(db, gDir, dir, saved, sizeof saved, err, sizeof err) == KR_NOT_FOUND); /* a directory */
  /* nothing changed, and no pre-restore copy was made for a refusal */
  CHECK(db_last_seq(db) == seq);
  CHECK(count_files(dir, "pre-restore-", NULL, 0) == 0);
  /* the previous release's copy of this kiosk is taken, and upgraded on reopening */
  test_path("previous.db", bad, sizeof bad);
  make_previous_release(bad, "test-kiosk");
  CHECK(backup_restore(db, bad, dir, saved, sizeof saved, err, sizeof err) == KR_OK);
  db_close(db);
  REQUIRE(db_open(path, NULL, &db, err, sizeof err) == 0);
  CHECK(db_schema_version(db) == DB_SCHEMA_VERSION);
  CHECK(db_last_seq(db) == 5);
  db_close(db);
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {
    {"upgrades_previous_release_after_a_copy", upgrades_previous_release_after_a_copy},
    {"no_copy_no_migration", no_copy_no_migration},
    {"daily_copies_keep_seven", daily_copies_keep_seven},
    {"restore_brings_a_copy_back", restore_brings_a_copy_back},
    {"restore_refuses_bad_files", restore_refuses_bad_files},
  };
  return test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
