/* db_int: what the core's modules share about Db. Not for the UI or tools. */
#ifndef KIOSK_DB_INT_H
#define KIOSK_DB_INT_H
#include "db.h"
#include "result.h"
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

enum {
  STMT_NEXT_SEQ,
  STMT_CHECKIN_FIND,
  STMT_CHECKIN_INSERT,
  STMT_ACTIVITY_GET,
  STMT_MEMBER_GET,
  STMT_COUNT
};

struct Db {
  sqlite3 *h;
  char kioskId[40];
  sqlite3_stmt *aStmt[STMT_COUNT];
  int openBeforeMin, closeAfterMin; /* the check-in window around an activity */
};

/* Returns a cached prepared statement (reset, bindings cleared). The Db owns it. */
sqlite3_stmt *db_stmt(Db *db, int which);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Return SQLITE_OK or an error code. */
int db_begin(Db *db);
int db_commit(Db *db);
void db_rollback(Db *db);
/* The SQL that migrates the schema from version iFrom to iFrom + 1, or NULL
 * (for tests that build an old database). */
const char *db_migration_sql(int iFrom);
/* meta(key, value) of any of our SQLite files (a kiosk's or the
 * township's): get returns KR_OK found (value into zOut), KR_NOT_FOUND not
 * (zOut ""), or an SQLite code; set returns KR_OK or an SQLite code. */
KrCode db_kv_get(sqlite3 *h, const char *zKey, char *zOut, size_t nOut);
KrCode db_kv_set(sqlite3 *h, const char *zKey, const char *zValue);
/* The check-ins that stand: not cancelled by a reversal. One definition
 * for the kiosk's schema (migration 4 -> 5) and the township's. */
#define CHECKIN_STANDING_VIEW                                                                                     \
  "CREATE VIEW IF NOT EXISTS checkin_standing AS SELECT * FROM checkin c WHERE c.kind = 'checkin'"                 \
  " AND NOT EXISTS (SELECT 1 FROM checkin r WHERE r.reverses_uuid = c.uuid)"

/* The first column of the first row of zSql (with ?1 bound to zArg when
 * it is not NULL): a value, so failure (or no row) is signalled as -1. */
int64_t db_int64(sqlite3 *h, const char *zSql, const char *zArg);
/* Allocates the next seq; must run inside a transaction. */
int db_next_seq(Db *db, int64_t *pSeq);
#endif
