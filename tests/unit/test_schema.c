/* Schema and migrations: the pragmas that make data durable, versioning by
 * user_version, a newer database refused, history that cannot be deleted or
 * rewritten, and the (uuid, kiosk_id, seq) every record carries. */
#include "activity.h"
#include "check.h"
#include "checkin.h"
#include "config.h"
#include "db_int.h"
#include "util.h"
#include <sqlite3.h>
#include <string.h>

static int64_t q(Db *db, const char *zSql) {
  sqlite3_stmt *st;
  int64_t v = -1;
  if (sqlite3_prepare_v2(db->h, zSql, -1, &st, NULL) == SQLITE_OK) {
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  return v;
}

static int exec_ok(Db *db, const char *zSql) { return sqlite3_exec(db->h, zSql, NULL, NULL, NULL) == SQLITE_OK; }

static void new_database_pragmas(void) {
  Db *db = test_db();
  REQUIRE(db);
  CHECK(db_schema_version(db) == DB_SCHEMA_VERSION);
  CHECK(q(db, "PRAGMA synchronous") == 2); /* FULL */
  CHECK(q(db, "PRAGMA foreign_keys") == 1);
  sqlite3_stmt *st;
  REQUIRE(sqlite3_prepare_v2(db->h, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(!strcmp((const char *)sqlite3_column_text(st, 0), "wal"));
  sqlite3_finalize(st);
  CHECK(!strcmp(db_kiosk_id(db), "test-kiosk"));
  CHECK(db_last_seq(db) == 0);
  db_close(db);
}

static void reopen_keeps_identity(void) {
  char path[600], err[256];
  test_path("kiosk.db", path, sizeof path);
  Db *db;
  REQUIRE(db_open(path, NULL, &db, err, sizeof err) == 0);
  char id[40];
  util_strlcpy(id, db_kiosk_id(db), sizeof id);
  CHECK(strlen(id) == 36); /* made once, a UUID */
  db_close(db);
  REQUIRE(db_open(path, NULL, &db, err, sizeof err) == 0);
  CHECK(!strcmp(db_kiosk_id(db), id));
  CHECK(db_schema_version(db) == DB_SCHEMA_VERSION);
  db_close(db);
  /* a database belongs to one kiosk */
  CHECK(db_open(path, "another-kiosk", &db, err, sizeof err) == KR_WRONG_KIOSK && db == NULL);
  CHECK(strstr(err, "belongs to kiosk") != NULL);
}

static void migrates_an_empty_file(void) {
  char path[600], err[256];
  test_path("kiosk.db", path, sizeof path);
  sqlite3 *h;
  REQUIRE(sqlite3_open(path, &h) == SQLITE_OK);
  CHECK(sqlite3_exec(h, "PRAGMA user_version", NULL, NULL, NULL) == SQLITE_OK);
  sqlite3_close(h);
  Db *db;
  REQUIRE(db_open(path, NULL, &db, err, sizeof err) == 0);
  CHECK(db_schema_version(db) == DB_SCHEMA_VERSION);
  CHECK(q(db, "SELECT count(*) FROM sqlite_master WHERE name IN ('member','activity','checkin','meta')") == 4);
  db_close(db);
}

/* A kiosk in the field at schema 1, with data, updated to this program. */
static void upgrades_version_1_with_data(void) {
  char path[600], err[256];
  test_path("kiosk.db", path, sizeof path);
  sqlite3 *h;
  REQUIRE(sqlite3_open(path, &h) == SQLITE_OK);
  CHECK(sqlite3_exec(h, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) == SQLITE_OK);
  CHECK(sqlite3_exec(h, db_migration_sql(0), NULL, NULL, NULL) == SQLITE_OK);
  CHECK(sqlite3_exec(h,
    "PRAGMA user_version = 1;"
    "INSERT INTO meta VALUES('kiosk_id', 'old-kiosk'), ('seq', 3), ('created_at', 0);"
    "INSERT INTO member VALUES('LM0031', '张中立', '第一组', '', '', 1956, 1, 'm-uuid', 'old-kiosk', 1, 0);"
    "INSERT INTO activity(id, uuid, kiosk_id, seq, kind, title, day, start_hm, end_hm, location, source, created_at)"
    "  VALUES(1, 'a-uuid', 'old-kiosk', 2, '党课', '党课', '2026-11-01', '09:00', '10:00', '', 'local', 0);"
    "INSERT INTO checkin(uuid, kiosk_id, seq, activity_uuid, member_no, kind, status, method, at)"
    "  VALUES('c-uuid', 'old-kiosk', 3, 'a-uuid', 'LM0031', 'checkin', 'present', 'tap', 0);",
    NULL, NULL, NULL) == SQLITE_OK);
  sqlite3_close(h);
  Db *db;
  REQUIRE(db_open(path, NULL, &db, err, sizeof err) == 0);
  CHECK(db_schema_version(db) == DB_SCHEMA_VERSION);
  CHECK(!strcmp(db_kiosk_id(db), "old-kiosk"));
  CHECK(db_last_seq(db) == 3);
  CHECK(q(db, "SELECT count(*) FROM checkin WHERE uuid = 'c-uuid' AND reason = ''") == 1);
  CHECK(q(db, "SELECT count(*) FROM activity WHERE version_uuid = uuid") == 1);
  CHECK(q(db, "SELECT count(*) FROM card") == 0);
  /* and the upgraded activity can be corrected, its check-in kept */
  Activity a;
  REQUIRE(activity_get(db, 1, &a) == 0);
  util_strlcpy(a.startHm, "08:30", sizeof a.startHm);
  CHECK(activity_update(db, &a, NULL, err, sizeof err) == 0);
  CHECK(q(db, "SELECT count(*) FROM activity_history WHERE uuid = 'a-uuid' AND start_hm = '09:00'") == 1);
  CHECK(q(db, "SELECT count(*) FROM checkin c JOIN activity a ON a.uuid = c.activity_uuid") == 1);
  db_close(db);
}

static void refuses_a_newer_schema(void) {
  char path[600], err[256];
  test_path("kiosk.db", path, sizeof path);
  sqlite3 *h;
  REQUIRE(sqlite3_open(path, &h) == SQLITE_OK);
  char sql[64];
  snprintf(sql, sizeof sql, "PRAGMA user_version = %d", DB_SCHEMA_VERSION + 1);
  CHECK(sqlite3_exec(h, sql, NULL, NULL, NULL) == SQLITE_OK);
  sqlite3_close(h);
  Db *db;
  CHECK(db_open(path, NULL, &db, err, sizeof err) == KR_MALFORMED);
  CHECK(strstr(err, "newer than this program") != NULL);
  CHECK(test_sql_int(path, "PRAGMA user_version") == DB_SCHEMA_VERSION + 1); /* left as it was */
}

static void history_is_never_deleted(void) {
  Activity act;
  Db *db = test_demo_today(&act);
  REQUIRE(db);
  CheckinRecord r;
  char err[256];
  REQUIRE(checkin_record(db, act.id, "LM0031", CHECKIN_METHOD_CLI, NULL, &r, err, sizeof err) == 0);
  int64_t members = q(db, "SELECT count(*) FROM member"), checkins = q(db, "SELECT count(*) FROM checkin");
  CHECK(!exec_ok(db, "DELETE FROM member WHERE member_no = 'LM0001'"));
  /* notices, views and volunteer records (the demo has all of them) are history too */
  CHECK(exec_ok(db, "INSERT INTO notice_view(uuid, kiosk_id, seq, notice_id, day, at) VALUES('v', 'k', -1, 'n', 'd', 0)"));
  static const char *const azTable[] = {"notice", "notice_image", "notice_view", "vol_entry", "vol_review"};
  for (int i = 0; i < 5; i++) {
    char sql[128];
    snprintf(sql, sizeof sql, "DELETE FROM %s", azTable[i]);
    CHECK(!exec_ok(db, sql));
    snprintf(sql, sizeof sql, "UPDATE %s SET uuid = uuid || 'x'", azTable[i]);
    CHECK(!exec_ok(db, sql));
  }
  CHECK(q(db, "SELECT count(*) FROM notice") == 4 && q(db, "SELECT count(*) FROM vol_entry") > 0);
  CHECK(!exec_ok(db, "DELETE FROM activity"));
  CHECK(!exec_ok(db, "DELETE FROM checkin"));
  CHECK(!exec_ok(db, "UPDATE checkin SET status = 'late'"));
  CHECK(q(db, "SELECT count(*) FROM member") == members);
  CHECK(q(db, "SELECT count(*) FROM checkin") == checkins && checkins > 1);
  /* a change to a member is a new version; the old one is kept */
  CHECK(exec_ok(db, "UPDATE member SET grp = '第二组', uuid = 'new-version-uuid', seq = 99999 WHERE member_no = 'LM0001'"));
  CHECK(q(db, "SELECT count(*) FROM member_history WHERE member_no = 'LM0001' AND replaced_by = 'new-version-uuid'") == 1);
  /* an update that keeps the uuid would rewrite history: refused */
  CHECK(!exec_ok(db, "UPDATE member SET grp = '第三组' WHERE member_no = 'LM0002'"));
  CHECK(!exec_ok(db, "DELETE FROM member_history"));
  CHECK(!exec_ok(db, "UPDATE member_history SET grp = 'x'"));
  db_close(db);
}

static void every_record_has_identity(void) {
  Activity act;
  Db *db = test_demo_today(&act);
  REQUIRE(db);
  CheckinRecord r;
  char err[256];
  const char *azNo[] = {"LM0001", "LM0002", "LM0054"};
  int64_t lastSeq = 0;
  for (int i = 0; i < 3; i++) {
    REQUIRE(checkin_record(db, act.id, azNo[i], CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err) == 0);
    CHECK(strlen(r.uuid) == 36 && r.uuid[14] == '4'); /* a v4 UUID */
    CHECK(!strcmp(r.kioskId, "test-kiosk"));
    CHECK(r.seq > lastSeq);
    lastSeq = r.seq;
  }
  CHECK(db_last_seq(db) == lastSeq);
  const char *azTable[] = {"member", "activity", "checkin"};
  for (int i = 0; i < 3; i++) {
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE length(uuid) <> 36 OR kiosk_id = '' OR seq <= 0", azTable[i]);
    CHECK(q(db, sql) == 0);
  }
  /* one seq counter over every table: no two records share (kiosk_id, seq) */
  CHECK(q(db, "SELECT count(*) FROM (SELECT kiosk_id, seq FROM (SELECT kiosk_id, seq FROM member UNION ALL"
              " SELECT kiosk_id, seq FROM activity UNION ALL SELECT kiosk_id, seq FROM checkin)"
              " GROUP BY 1, 2 HAVING count(*) > 1)") == 0);
  CHECK(q(db, "SELECT count(DISTINCT seq) FROM (SELECT seq FROM member UNION ALL SELECT seq FROM activity"
              " UNION ALL SELECT seq FROM checkin)") ==
        q(db, "SELECT (SELECT count(*) FROM member) + (SELECT count(*) FROM activity) + (SELECT count(*) FROM checkin)"));
  db_close(db);
}

static void config_defaults_and_errors(void) {
  char path[600], err[256];
  Config c;
  config_defaults(&c);
  CHECK(config_load(&c, test_path("missing.conf", path, sizeof path), 1, err, sizeof err) == 0);
  CHECK(c.idleResetSeconds == 60 && c.countdownSeconds == 10);
  CHECK(config_load(&c, path, 0, err, sizeof err) == KR_NOT_FOUND); /* required but missing */
  FILE *f = fopen(test_path("kiosk.conf", path, sizeof path), "w");
  REQUIRE(f);
  fputs("[kiosk]\nvillage = 西村\ndb = data/k.db\n[behaviour]\nidle_reset_seconds = 90\n", f);
  fclose(f);
  config_defaults(&c);
  CHECK(config_load(&c, path, 0, err, sizeof err) == 0);
  CHECK(!strcmp(c.village, "西村"));
  CHECK(c.idleResetSeconds == 90);
  char want[700];
  snprintf(want, sizeof want, "%s/data/k.db", gDir);
  CHECK(!strcmp(c.dbPath, want)); /* relative to the config file */
  f = fopen(path, "w");
  REQUIRE(f);
  fputs("[kiosk]\nvillage = 西村\nthis line is broken\n", f);
  fclose(f);
  config_defaults(&c);
  CHECK(config_load(&c, path, 0, err, sizeof err) == KR_BAD_INPUT);
  CHECK(strstr(err, "line 3") != NULL);
  f = fopen(path, "w");
  REQUIRE(f);
  fputs("[screen]\nwidth = 99999999999999999999\n", f); /* overflows a long: a bad value, not a wrap */
  fclose(f);
  CHECK(config_load(&c, path, 0, err, sizeof err) == KR_BAD_INPUT && strstr(err, "line 2"));
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {
    {"new_database_pragmas", new_database_pragmas},
    {"reopen_keeps_identity", reopen_keeps_identity},
    {"migrates_an_empty_file", migrates_an_empty_file},
    {"upgrades_version_1_with_data", upgrades_version_1_with_data},
    {"refuses_a_newer_schema", refuses_a_newer_schema},
    {"history_is_never_deleted", history_is_never_deleted},
    {"every_record_has_identity", every_record_has_identity},
    {"config_defaults_and_errors", config_defaults_and_errors},
  };
  return test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
