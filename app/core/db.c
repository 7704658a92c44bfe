/* db: see db.h. Migrations are an array of SQL scripts; script i takes
 * user_version from i to i+1 inside one transaction, so a power cut during a
 * migration leaves the old schema intact. */
#include "db_int.h"
#include "backup.h"
#include "privfile.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const azMigration[] = {
  /* 0 -> 1: the foundation schema */
  "CREATE TABLE meta(key TEXT PRIMARY KEY, value);"
  "CREATE TABLE member("
  "  member_no TEXT PRIMARY KEY, name TEXT NOT NULL, grp TEXT NOT NULL,"
  "  branch TEXT NOT NULL DEFAULT '', phone4 TEXT NOT NULL DEFAULT '',"
  "  birth_year INTEGER, active INTEGER NOT NULL DEFAULT 1,"
  "  uuid TEXT NOT NULL UNIQUE, kiosk_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL, UNIQUE(kiosk_id, seq));"
  "CREATE TABLE member_history("
  "  member_no TEXT NOT NULL, name TEXT NOT NULL, grp TEXT NOT NULL, branch TEXT NOT NULL,"
  "  phone4 TEXT NOT NULL, birth_year INTEGER, active INTEGER NOT NULL,"
  "  uuid TEXT NOT NULL UNIQUE, kiosk_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL, replaced_by TEXT NOT NULL);"
  "CREATE TRIGGER member_never_deleted BEFORE DELETE ON member"
  "  BEGIN SELECT RAISE(ABORT, 'records are never deleted'); END;"
  "CREATE TRIGGER member_history_never_deleted BEFORE DELETE ON member_history"
  "  BEGIN SELECT RAISE(ABORT, 'records are never deleted'); END;"
  "CREATE TRIGGER member_history_frozen BEFORE UPDATE ON member_history"
  "  BEGIN SELECT RAISE(ABORT, 'history is never changed'); END;"
  "CREATE TRIGGER member_versioned BEFORE UPDATE ON member BEGIN"
  "  SELECT RAISE(ABORT, 'a change must be a new record') WHERE NEW.uuid = OLD.uuid OR NEW.member_no <> OLD.member_no;"
  "  INSERT INTO member_history VALUES(OLD.member_no, OLD.name, OLD.grp, OLD.branch, OLD.phone4,"
  "    OLD.birth_year, OLD.active, OLD.uuid, OLD.kiosk_id, OLD.seq, OLD.created_at, NEW.uuid);"
  "  END;"
  "CREATE TABLE activity("
  "  id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, kiosk_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  kind TEXT NOT NULL, title TEXT NOT NULL, day TEXT NOT NULL,"
  "  start_hm TEXT NOT NULL, end_hm TEXT NOT NULL, location TEXT NOT NULL DEFAULT '',"
  "  source TEXT NOT NULL DEFAULT 'local' CHECK(source IN ('local','township')),"
  "  created_at INTEGER NOT NULL, UNIQUE(kiosk_id, seq));"
  "CREATE INDEX activity_by_day ON activity(day, start_hm);"
  "CREATE TABLE activity_history("
  "  id INTEGER NOT NULL, uuid TEXT NOT NULL UNIQUE, kiosk_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  kind TEXT NOT NULL, title TEXT NOT NULL, day TEXT NOT NULL, start_hm TEXT NOT NULL,"
  "  end_hm TEXT NOT NULL, location TEXT NOT NULL, source TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL, replaced_by TEXT NOT NULL);"
  "CREATE TRIGGER activity_never_deleted BEFORE DELETE ON activity"
  "  BEGIN SELECT RAISE(ABORT, 'records are never deleted'); END;"
  "CREATE TRIGGER activity_history_never_deleted BEFORE DELETE ON activity_history"
  "  BEGIN SELECT RAISE(ABORT, 'records are never deleted'); END;"
  "CREATE TRIGGER activity_history_frozen BEFORE UPDATE ON activity_history"
  "  BEGIN SELECT RAISE(ABORT, 'history is never changed'); END;"
  "CREATE TRIGGER activity_versioned BEFORE UPDATE ON activity BEGIN"
  "  SELECT RAISE(ABORT, 'a change must be a new record') WHERE NEW.uuid = OLD.uuid OR NEW.id <> OLD.id;"
  "  INSERT INTO activity_history VALUES(OLD.id, OLD.uuid, OLD.kiosk_id, OLD.seq, OLD.kind, OLD.title,"
  "    OLD.day, OLD.start_hm, OLD.end_hm, OLD.location, OLD.source, OLD.created_at, NEW.uuid);"
  "  END;"
  /* A check-in row is never changed; a correction is a 'reversal' row that
   * names the row it cancels. */
  "CREATE TABLE checkin("
  "  id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, kiosk_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  activity_uuid TEXT NOT NULL REFERENCES activity(uuid),"
  "  member_no TEXT NOT NULL REFERENCES member(member_no),"
  "  kind TEXT NOT NULL CHECK(kind IN ('checkin','reversal')),"
  "  status TEXT NOT NULL CHECK(status IN ('present','late','leave')),"
  "  method TEXT NOT NULL CHECK(method IN ('tap','keypad','scan','proxy','paper','cli')),"
  "  operator TEXT NOT NULL DEFAULT '',"
  "  reverses_uuid TEXT REFERENCES checkin(uuid),"
  "  at INTEGER NOT NULL, UNIQUE(kiosk_id, seq),"
  "  CHECK((kind = 'reversal') = (reverses_uuid IS NOT NULL)));"
  "CREATE INDEX checkin_by_activity ON checkin(activity_uuid, member_no);"
  "CREATE TRIGGER checkin_never_deleted BEFORE DELETE ON checkin"
  "  BEGIN SELECT RAISE(ABORT, 'records are never deleted'); END;"
  "CREATE TRIGGER checkin_never_changed BEFORE UPDATE ON checkin"
  "  BEGIN SELECT RAISE(ABORT, 'a correction must be a new record'); END;",

  /* 1 -> 2: QR member cards (issue and revoke records), refused scans, and
   * the reason a member is on leave */
  "ALTER TABLE checkin ADD COLUMN reason TEXT NOT NULL DEFAULT '';"
  "CREATE TABLE card("
  "  id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, kiosk_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  member_no TEXT NOT NULL REFERENCES member(member_no), serial INTEGER NOT NULL, issuer TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK(kind IN ('issue','revoke')), at INTEGER NOT NULL, UNIQUE(kiosk_id, seq));"
  "CREATE INDEX card_by_member ON card(member_no, serial);"
  "CREATE TRIGGER card_never_deleted BEFORE DELETE ON card"
  "  BEGIN SELECT RAISE(ABORT, 'records are never deleted'); END;"
  "CREATE TRIGGER card_never_changed BEFORE UPDATE ON card"
  "  BEGIN SELECT RAISE(ABORT, 'a correction must be a new record'); END;"
  "CREATE TABLE scan_refusal("
  "  id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, kiosk_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  at INTEGER NOT NULL, reason TEXT NOT NULL, member_no TEXT NOT NULL DEFAULT '', payload TEXT NOT NULL,"
  "  UNIQUE(kiosk_id, seq));"
  "CREATE TRIGGER scan_refusal_never_deleted BEFORE DELETE ON scan_refusal"
  "  BEGIN SELECT RAISE(ABORT, 'records are never deleted'); END;"
  "CREATE TRIGGER scan_refusal_never_changed BEFORE UPDATE ON scan_refusal"
  "  BEGIN SELECT RAISE(ABORT, 'a correction must be a new record'); END;",

  /* 2 -> 3: an activity keeps one lasting uuid (check-ins point to it) and
   * each of its versions has a version_uuid of its own, so an activity can
   * be corrected after people have checked in to it */
  "DROP TRIGGER activity_versioned;"
  "ALTER TABLE activity ADD COLUMN version_uuid TEXT;"
  "UPDATE activity SET version_uuid = uuid;"
  "CREATE UNIQUE INDEX activity_by_version ON activity(version_uuid);"
  "CREATE TABLE activity_history3("
  "  id INTEGER NOT NULL, uuid TEXT NOT NULL, version_uuid TEXT NOT NULL UNIQUE, kiosk_id TEXT NOT NULL,"
  "  seq INTEGER NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, day TEXT NOT NULL, start_hm TEXT NOT NULL,"
  "  end_hm TEXT NOT NULL, location TEXT NOT NULL, source TEXT NOT NULL, created_at INTEGER NOT NULL,"
  "  replaced_by TEXT NOT NULL);"
  "INSERT INTO activity_history3 SELECT id, uuid, uuid, kiosk_id, seq, kind, title, day, start_hm, end_hm,"
  "  location, source, created_at, replaced_by FROM activity_history;"
  "DROP TABLE activity_history;"
  "ALTER TABLE activity_history3 RENAME TO activity_history;"
  "CREATE TRIGGER activity_history_never_deleted BEFORE DELETE ON activity_history"
  "  BEGIN SELECT RAISE(ABORT, 'records are never deleted'); END;"
  "CREATE TRIGGER activity_history_frozen BEFORE UPDATE ON activity_history"
  "  BEGIN SELECT RAISE(ABORT, 'history is never changed'); END;"
  "CREATE TRIGGER activity_versioned BEFORE UPDATE ON activity BEGIN"
  "  SELECT RAISE(ABORT, 'a change must be a new version') WHERE NEW.version_uuid IS OLD.version_uuid"
  "    OR NEW.version_uuid IS NULL OR NEW.uuid <> OLD.uuid OR NEW.id <> OLD.id OR NEW.seq = OLD.seq;"
  "  INSERT INTO activity_history VALUES(OLD.id, OLD.uuid, OLD.version_uuid, OLD.kiosk_id, OLD.seq, OLD.kind,"
  "    OLD.title, OLD.day, OLD.start_hm, OLD.end_hm, OLD.location, OLD.source, OLD.created_at, NEW.version_uuid);"
  "  END;",

  /* 3 -> 4: notices (each version a row; notice_id is the lasting
   * identity), their images, anonymous view counts; volunteer hours
   * (entries, shifts signed in and out, the secretary's reviews); and the
   * member's choice to stay off the honour board */
  "ALTER TABLE member ADD COLUMN honour INTEGER NOT NULL DEFAULT 1;"
  "ALTER TABLE member_history ADD COLUMN honour INTEGER NOT NULL DEFAULT 1;"
  "DROP TRIGGER member_versioned;"
  "CREATE TRIGGER member_versioned BEFORE UPDATE ON member BEGIN"
  "  SELECT RAISE(ABORT, 'a change must be a new record') WHERE NEW.uuid = OLD.uuid OR NEW.member_no <> OLD.member_no;"
  "  INSERT INTO member_history VALUES(OLD.member_no, OLD.name, OLD.grp, OLD.branch, OLD.phone4,"
  "    OLD.birth_year, OLD.active, OLD.uuid, OLD.kiosk_id, OLD.seq, OLD.created_at, NEW.uuid, OLD.honour);"
  "  END;"
  "CREATE TABLE notice("
  "  id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, kiosk_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  notice_id TEXT NOT NULL, category TEXT NOT NULL CHECK(category IN ('notice','party','village','policy')),"
  "  title TEXT NOT NULL, body TEXT NOT NULL,"
  "  source TEXT NOT NULL CHECK(source IN ('village','township')), pinned INTEGER NOT NULL DEFAULT 0,"
  "  published TEXT NOT NULL, expires TEXT, withdrawn INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL, UNIQUE(kiosk_id, seq));"
  "CREATE INDEX notice_by_id ON notice(notice_id, id);"
  "CREATE TABLE notice_image("
  "  uuid TEXT NOT NULL UNIQUE, kiosk_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  notice_uuid TEXT NOT NULL REFERENCES notice(uuid), name TEXT NOT NULL, data BLOB NOT NULL,"
  "  UNIQUE(notice_uuid, name), UNIQUE(kiosk_id, seq));"
  "CREATE TABLE notice_view("
  "  uuid TEXT NOT NULL UNIQUE, kiosk_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  notice_id TEXT NOT NULL, day TEXT NOT NULL, at INTEGER NOT NULL, UNIQUE(kiosk_id, seq));"
  "CREATE INDEX notice_view_by_notice ON notice_view(notice_id);"
  "CREATE TABLE vol_shift("
  "  id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, kiosk_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  member_no TEXT NOT NULL REFERENCES member(member_no), category TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK(kind IN ('start','end')), start_uuid TEXT REFERENCES vol_shift(uuid),"
  "  auto INTEGER NOT NULL DEFAULT 0, at INTEGER NOT NULL, UNIQUE(kiosk_id, seq),"
  "  CHECK((kind = 'end') = (start_uuid IS NOT NULL)));"
  "CREATE INDEX vol_shift_by_member ON vol_shift(member_no, kind);"
  "CREATE TABLE vol_entry("
  "  id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, kiosk_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  member_no TEXT NOT NULL REFERENCES member(member_no), category TEXT NOT NULL, day TEXT NOT NULL,"
  "  half_hours INTEGER NOT NULL CHECK(half_hours BETWEEN 1 AND 24),"
  "  method TEXT NOT NULL CHECK(method IN ('kiosk','shift','cli')),"
  "  shift_uuid TEXT REFERENCES vol_shift(uuid), flag TEXT NOT NULL DEFAULT '',"
  "  at INTEGER NOT NULL, UNIQUE(kiosk_id, seq));"
  "CREATE INDEX vol_entry_by_member ON vol_entry(member_no, day);"
  "CREATE TABLE vol_review("
  "  id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, kiosk_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  entry_uuid TEXT NOT NULL REFERENCES vol_entry(uuid),"
  "  decision TEXT NOT NULL CHECK(decision IN ('approved','rejected')), reason TEXT NOT NULL DEFAULT '',"
  "  operator TEXT NOT NULL DEFAULT '', at INTEGER NOT NULL, UNIQUE(kiosk_id, seq));"
  "CREATE INDEX vol_review_by_entry ON vol_review(entry_uuid, id);"
  "CREATE TRIGGER notice_never_deleted BEFORE DELETE ON notice"
  "  BEGIN SELECT RAISE(ABORT, 'records are never deleted'); END;"
  "CREATE TRIGGER notice_never_changed BEFORE UPDATE ON notice"
  "  BEGIN SELECT RAISE(ABORT, 'a correction must be a new record'); END;"
  "CREATE TRIGGER notice_image_never_deleted BEFORE DELETE ON notice_image"
  "  BEGIN SELECT RAISE(ABORT, 'records are never deleted'); END;"
  "CREATE TRIGGER notice_image_never_changed BEFORE UPDATE ON notice_image"
  "  BEGIN SELECT RAISE(ABORT, 'a correction must be a new record'); END;"
  "CREATE TRIGGER notice_view_never_deleted BEFORE DELETE ON notice_view"
  "  BEGIN SELECT RAISE(ABORT, 'records are never deleted'); END;"
  "CREATE TRIGGER notice_view_never_changed BEFORE UPDATE ON notice_view"
  "  BEGIN SELECT RAISE(ABORT, 'a correction must be a new record'); END;"
  "CREATE TRIGGER vol_shift_never_deleted BEFORE DELETE ON vol_shift"
  "  BEGIN SELECT RAISE(ABORT, 'records are never deleted'); END;"
  "CREATE TRIGGER vol_shift_never_changed BEFORE UPDATE ON vol_shift"
  "  BEGIN SELECT RAISE(ABORT, 'a correction must be a new record'); END;"
  "CREATE TRIGGER vol_entry_never_deleted BEFORE DELETE ON vol_entry"
  "  BEGIN SELECT RAISE(ABORT, 'records are never deleted'); END;"
  "CREATE TRIGGER vol_entry_never_changed BEFORE UPDATE ON vol_entry"
  "  BEGIN SELECT RAISE(ABORT, 'a correction must be a new record'); END;"
  "CREATE TRIGGER vol_review_never_deleted BEFORE DELETE ON vol_review"
  "  BEGIN SELECT RAISE(ABORT, 'records are never deleted'); END;"
  "CREATE TRIGGER vol_review_never_changed BEFORE UPDATE ON vol_review"
  "  BEGIN SELECT RAISE(ABORT, 'a correction must be a new record'); END;",

  /* 4 -> 5: which check-ins stand, defined once for every query that counts them */
  CHECKIN_STANDING_VIEW ";",

  /* 5 -> 6: checkin_standing asks of every check-in whether a reversal
   * points to it; without this index that is a scan per check-in, and a
   * year's 10,000 records took the export's workbook 8 s instead of 0.15 s */
  "CREATE INDEX checkin_by_reverses ON checkin(reverses_uuid);",

  /* 6 -> 7: members' photos, scaled on import (photo.c); the latest stands */
  "CREATE TABLE member_photo("
  "  id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, kiosk_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  member_no TEXT NOT NULL REFERENCES member(member_no),"
  "  jpeg BLOB NOT NULL CHECK(length(jpeg) BETWEEN 1 AND 1048576),"
  "  at INTEGER NOT NULL, UNIQUE(kiosk_id, seq));"
  "CREATE INDEX member_photo_by_member ON member_photo(member_no, seq);"
  "CREATE TRIGGER member_photo_never_deleted BEFORE DELETE ON member_photo"
  "  BEGIN SELECT RAISE(ABORT, 'records are never deleted'); END;"
  "CREATE TRIGGER member_photo_never_changed BEFORE UPDATE ON member_photo"
  "  BEGIN SELECT RAISE(ABORT, 'a correction must be a new record'); END;",
};
#define N_MIGRATION ((int)(sizeof azMigration / sizeof azMigration[0]))

const char *db_migration_sql(int iFrom) { return iFrom >= 0 && iFrom < N_MIGRATION ? azMigration[iFrom] : NULL; }

static const char *const azStmtSql[STMT_COUNT] = {
  [STMT_NEXT_SEQ] = "UPDATE meta SET value = value + 1 WHERE key = 'seq' RETURNING value",
  [STMT_CHECKIN_FIND] =
    "SELECT c.uuid, c.seq, c.at, c.status, c.method, c.reason FROM checkin_standing c"
    " WHERE c.activity_uuid = ?1 AND c.member_no = ?2 ORDER BY c.at LIMIT 1",
  [STMT_CHECKIN_INSERT] =
    "INSERT INTO checkin(uuid, kiosk_id, seq, activity_uuid, member_no, kind, status, method, operator, reverses_uuid,"
    " at, reason) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
  [STMT_ACTIVITY_GET] =
    "SELECT id, uuid, kind, title, day, start_hm, end_hm, location, source FROM activity WHERE id = ?1",
  [STMT_MEMBER_GET] =
    "SELECT member_no, name, grp, branch, phone4, birth_year, active, honour FROM member WHERE member_no = ?1",
};

static int exec(Db *db, const char *sql, char *zErr, int nErr) {
  char *msg = NULL;
  int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
  if (rc != SQLITE_OK && zErr) snprintf(zErr, nErr, "database error: %s", msg ? msg : sqlite3_errstr(rc));
  sqlite3_free(msg);
  return rc;
}

static int user_version(Db *db) {
  sqlite3_stmt *st;
  int v = -1;
  if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
  }
  return v;
}

/* A copy of a database with data in it before its schema changes
 * (backup.h): an upgrade that goes wrong can be undone with kioskctl
 * restore. No copy, no migration. */
static int backup_before_migration(Db *db, int v, char *zErr, int nErr) {
  const char *zPath = sqlite3_db_filename(db->h, "main");
  if (!zPath || !zPath[0]) return 0; /* in memory */
  char dir[1024], prefix[32], saved[1200], why[512];
  backup_dir_for(zPath, dir, sizeof dir);
  snprintf(prefix, sizeof prefix, "pre-schema%d", N_MIGRATION);
  if (backup_make(db->h, dir, prefix, saved, sizeof saved, why, sizeof why)) {
    snprintf(zErr, nErr, "not upgrading the database from schema %d: the backup before it failed: %s", v, why);
    return -1;
  }
  return 0;
}

/* Brings the schema up to N_MIGRATION, one transaction a step. Returns
 * KR_OK; KR_MALFORMED for a schema newer than this program; or an SQLite
 * code — with an English message. */
static KrCode migrate(Db *db, char *zErr, int nErr) {
  int v = user_version(db);
  if (v < 0) { snprintf(zErr, nErr, "cannot read the schema version: %s", sqlite3_errmsg(db->h)); return KR_DB; }
  if (v > N_MIGRATION) {
    snprintf(zErr, nErr, "the database has schema version %d, newer than this program (%d)", v, N_MIGRATION);
    return KR_MALFORMED;
  }
  if (v > 0 && v < N_MIGRATION && backup_before_migration(db, v, zErr, nErr)) return KR_IO;
  for (; v < N_MIGRATION; v++) {
    char sql[64];
    int rc = exec(db, "BEGIN IMMEDIATE", zErr, nErr);
    if (rc) return kr_sqlite(rc);
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
    if ((rc = exec(db, azMigration[v], zErr, nErr)) || (rc = exec(db, sql, zErr, nErr)) ||
        (rc = exec(db, "COMMIT", zErr, nErr))) {
      exec(db, "ROLLBACK", NULL, 0);
      return kr_sqlite(rc);
    }
  }
  return KR_OK;
}

/* The kiosk's identity lives in the database; it is made once. Returns
 * KR_OK; KR_WRONG_KIOSK when the database has another id than zKioskId; or
 * an SQLite code — with an English message. */
static KrCode ensure_identity(Db *db, const char *zKioskId, char *zErr, int nErr) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db->h, "SELECT value FROM meta WHERE key = 'kiosk_id'", -1, &st, NULL);
  if (rc != SQLITE_OK) goto fail;
  int have = sqlite3_step(st) == SQLITE_ROW;
  if (have) util_strlcpy(db->kioskId, (const char *)sqlite3_column_text(st, 0), sizeof db->kioskId);
  sqlite3_finalize(st);
  if (have) {
    if (zKioskId && zKioskId[0] && strcmp(zKioskId, db->kioskId)) {
      snprintf(zErr, nErr, "this database belongs to kiosk %s, not %s", db->kioskId, zKioskId);
      return KR_WRONG_KIOSK;
    }
    return KR_OK;
  }
  if (zKioskId && zKioskId[0]) util_strlcpy(db->kioskId, zKioskId, sizeof db->kioskId);
  else util_uuid4(db->kioskId);
  if ((rc = sqlite3_prepare_v2(db->h,
         "INSERT INTO meta(key, value) VALUES('kiosk_id', ?1), ('seq', 0), ('created_at', ?2)", -1, &st, NULL)))
    goto fail;
  sqlite3_bind_text(st, 1, db->kioskId, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, util_now());
  rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc == SQLITE_DONE) return KR_OK;
fail:
  snprintf(zErr, nErr, "database error: %s", sqlite3_errmsg(db->h));
  return kr_sqlite(rc);
}

KrCode db_open(const char *zPath, const char *zKioskId, Db **pp, char *zErr, int nErr) {
  *pp = NULL;
  Db *db = calloc(1, sizeof *db);
  if (!db) { snprintf(zErr, nErr, "out of memory"); return KR_NOMEM; }
  KrCode prc = priv_db_files(zPath, zErr, nErr); /* 0600: the PIN's hash and the roster are inside */
  if (prc) { free(db); return prc; }
  int rc = sqlite3_open_v2(zPath, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK) {
    snprintf(zErr, nErr, "cannot open database %s: %s", zPath, db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
    db_close(db);
    return kr_sqlite(rc);
  }
  sqlite3_busy_timeout(db->h, 5000);
  db->openBeforeMin = 60;
  db->closeAfterMin = 0;
  sqlite3_stmt *st;
  char mode[16] = "";
  if (sqlite3_prepare_v2(db->h, "PRAGMA journal_mode=WAL", -1, &st, NULL) == SQLITE_OK) {
    if (sqlite3_step(st) == SQLITE_ROW) util_strlcpy(mode, (const char *)sqlite3_column_text(st, 0), sizeof mode);
    sqlite3_finalize(st);
  }
  if (strcmp(mode, "wal")) {
    snprintf(zErr, nErr, "cannot switch %s to WAL mode (%s)", zPath, sqlite3_errmsg(db->h));
    KrCode kr = mode[0] ? KR_IO : kr_sqlite(sqlite3_errcode(db->h));
    db_close(db);
    return kr;
  }
  KrCode kr = KR_OK;
  if ((rc = exec(db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", zErr, nErr))) kr = kr_sqlite(rc);
  if (kr || (kr = migrate(db, zErr, nErr)) || (kr = ensure_identity(db, zKioskId, zErr, nErr))) {
    db_close(db);
    return kr;
  }
  *pp = db;
  return KR_OK;
}

void db_close(Db *db) {
  if (!db) return;
  for (int i = 0; i < STMT_COUNT; i++) sqlite3_finalize(db->aStmt[i]);
  sqlite3_close(db->h);
  free(db);
}

sqlite3_stmt *db_stmt(Db *db, int which) {
  sqlite3_stmt *st = db->aStmt[which];
  if (!st) {
    if (sqlite3_prepare_v3(db->h, azStmtSql[which], -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
      return NULL;
    db->aStmt[which] = st;
  } else {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
  }
  return st;
}

KrCode db_kv_get(sqlite3 *h, const char *zKey, char *zOut, size_t nOut) {
  sqlite3_stmt *s;
  zOut[0] = 0;
  int rc = sqlite3_prepare_v2(h, "SELECT value FROM meta WHERE key = ?1", -1, &s, NULL);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  sqlite3_bind_text(s, 1, zKey, -1, SQLITE_STATIC);
  rc = sqlite3_step(s);
  if (rc == SQLITE_ROW && sqlite3_column_text(s, 0)) util_strlcpy(zOut, (const char *)sqlite3_column_text(s, 0), nOut);
  sqlite3_finalize(s);
  return rc == SQLITE_ROW ? KR_OK : rc == SQLITE_DONE ? KR_NOT_FOUND : kr_sqlite(rc);
}

KrCode db_kv_set(sqlite3 *h, const char *zKey, const char *zValue) {
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(h, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)", -1, &s, NULL);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  sqlite3_bind_text(s, 1, zKey, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 2, zValue, -1, SQLITE_STATIC);
  rc = sqlite3_step(s);
  sqlite3_finalize(s);
  return rc == SQLITE_DONE ? KR_OK : kr_sqlite(rc);
}

int db_begin(Db *db) { return sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL); }
int db_commit(Db *db) { return sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL); }
void db_rollback(Db *db) {
  if (!sqlite3_get_autocommit(db->h)) sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

int db_next_seq(Db *db, int64_t *pSeq) {
  sqlite3_stmt *st = db_stmt(db, STMT_NEXT_SEQ);
  if (!st) return SQLITE_ERROR;
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) return rc == SQLITE_DONE ? SQLITE_CORRUPT : rc;
  *pSeq = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  return SQLITE_OK;
}

const char *db_kiosk_id(const Db *db) { return db->kioskId; }
int db_schema_version(Db *db) { return user_version(db); }

int64_t db_int64(sqlite3 *h, const char *zSql, const char *zArg) {
  sqlite3_stmt *st;
  int64_t v = -1;
  if (sqlite3_prepare_v2(h, zSql, -1, &st, NULL) == SQLITE_OK) {
    if (zArg) sqlite3_bind_text(st, 1, zArg, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  return v;
}

int db_member_count(Db *db) { return (int)db_int64(db->h, "SELECT count(*) FROM member WHERE active", NULL); }
int64_t db_last_seq(Db *db) { return db_int64(db->h, "SELECT value FROM meta WHERE key = 'seq'", NULL); }
struct sqlite3 *db_handle(Db *db) { return db->h; }
