/* db: the kiosk's one SQLite file. WAL, synchronous=FULL, foreign keys on,
 * schema versioned by PRAGMA user_version. Records are append-only: triggers
 * refuse DELETE everywhere and turn an UPDATE of a roster or activity row into
 * a new version, keeping the old one in a *_history table.
 * Every record carries a UUID and (kiosk_id, seq); seq is one counter for the
 * whole kiosk, allocated inside the transaction that writes the record. */
#ifndef KIOSK_DB_H
#define KIOSK_DB_H
#include <stdint.h>

typedef struct Db Db;

#define DB_SCHEMA_VERSION 6

/* Opens (creating and migrating if needed) the database at zPath. zKioskId
 * may be NULL/empty to use (or create) the database's own id. On success *pp
 * is owned by the caller and closed with db_close(). Returns 0, or -1 with an
 * English message in zErr. */
int db_open(const char *zPath, const char *zKioskId, Db **pp, char *zErr, int nErr);
void db_close(Db *db);

const char *db_kiosk_id(const Db *db);
int db_schema_version(Db *db);
/* Number of active members; -1 on error. */
int db_member_count(Db *db);
/* Highest seq written so far (0 when none). */
int64_t db_last_seq(Db *db);
/* The SQLite handle, for backups (backup.h); the Db owns it. */
struct sqlite3 *db_handle(Db *db);
#endif
