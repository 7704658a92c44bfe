/* backup: copies of a kiosk's (or the township's) SQLite file, made with
 * SQLite's online backup API, so a copy is consistent even while the kiosk
 * writes; and bringing one back.
 *
 * Copies live in a directory beside the database (backup_dir_for: DIR/backup
 * for DIR/kiosk.db), mode 0700, each file 0600, named PREFIX-YYYYmmdd-HHMMSS.db
 * (local time): "daily" for the timer's copies (kioskctl backup keeps the
 * newest 7), "pre-schemaN" before a migration to schema N (db.c), and
 * "pre-restore" for the database a restore replaced. Only "daily" copies are
 * ever pruned. A copy is written under a temporary name, fsynced and renamed:
 * a power cut leaves either the whole copy or none. */
#ifndef KIOSK_BACKUP_H
#define KIOSK_BACKUP_H
#include "db.h"
#include "result.h"
#include <stddef.h>

struct sqlite3;

/* The backup directory for the database at zDbPath: its directory + "/backup". */
void backup_dir_for(const char *zDbPath, char *zDir, size_t nDir);
/* Writes a copy of h's main database as zDir/zPrefix-<local time>.db
 * (creating zDir 0700 if needed); its path into zPath. KR_OK, or KR_IO /
 * KR_DB / KR_BUSY with a message. */
KrCode backup_make(struct sqlite3 *h, const char *zDir, const char *zPrefix, char *zPath, size_t nPath, char *zErr,
                   int nErr);
/* Removes all but the newest nKeep (>= 1) zDir/zPrefix-*.db; *pRemoved gets
 * how many went. KR_OK, KR_BAD_INPUT (nKeep < 1), KR_IO. */
KrCode backup_prune(const char *zDir, const char *zPrefix, int nKeep, int *pRemoved, char *zErr, int nErr);
/* Checks that zFile is a good copy of this kiosk's database (SQLite,
 * integrity_check ok, a schema this program knows, the same kiosk id), keeps
 * the current database as a "pre-restore" copy in zDir (its path into
 * zSaved) and copies zFile over the current one. A refused file changes
 * nothing: KR_NOT_FOUND, KR_MALFORMED (not a good copy), KR_WRONG_KIOSK;
 * KR_IO / KR_DB / KR_BUSY. The caller closes and reopens db
 * afterwards (an older copy is then migrated). */
KrCode backup_restore(Db *db, const char *zFile, const char *zDir, char *zSaved, size_t nSaved, char *zErr, int nErr);
#endif
