/* db: the kiosk's one SQLite file. WAL, synchronous=FULL, foreign keys on,
 * schema versioned by PRAGMA user_version. Records are append-only: triggers
 * refuse DELETE everywhere and turn an UPDATE of a roster or activity row into
 * a new version, keeping the old one in a *_history table.
 * Every record carries a UUID and (kiosk_id, seq); seq is one counter for the
 * whole kiosk, allocated inside the transaction that writes the record. */
#ifndef KIOSK_DB_H
#define KIOSK_DB_H
#include "result.h"
#include <stdint.h>

typedef struct Db Db;

#define DB_SCHEMA_VERSION 7

/* Opens (creating and migrating if needed) the database at zPath. zKioskId
 * may be NULL/empty to use (or create) the database's own id. On success *pp
 * is owned by the caller and closed with db_close(). Returns KR_OK;
 * KR_WRONG_KIOSK (the database is another kiosk's), KR_MALFORMED (a schema
 * newer than this program), KR_IO (no WAL), KR_NOMEM or an SQLite code —
 * with an English message in zErr. */
KrCode db_open(const char *zPath, const char *zKioskId, Db **pp, char *zErr, int nErr);
void db_close(Db *db);

const char *db_kiosk_id(const Db *db);
/* Values, not KrCodes: each signals failure as -1 (never a valid value). */
/* The schema version (PRAGMA user_version), or -1 when it cannot be read. */
int db_schema_version(Db *db);
/* Number of active members, or -1 when it cannot be counted. */
int db_member_count(Db *db);
/* Highest seq written so far (0 when none; -1 when it cannot be read). */
int64_t db_last_seq(Db *db);
/* The SQLite handle, for backups (backup.h); the Db owns it. */
struct sqlite3 *db_handle(Db *db);
#endif
