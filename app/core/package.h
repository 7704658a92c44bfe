/* package: update packages from the township — notices (with images),
 * roster changes, the activity calendar, volunteer categories and rating
 * rules. The payload is an SQLite database:
 *
 *   manifest(key, value)   format, version, expires (YYYY-MM-DD), created_at, township_id
 *   notice(...)            notice versions as the kiosk stores them, with the township's ids
 *   notice_image(...)      their images
 *   activity(uuid, version_uuid, kiosk_id, seq, kind, title, day, start_hm, end_hm, location, created_at)
 *   roster(csv)            one row: a roster CSV as `kioskctl roster import` reads it
 *   setting(key, value)    vol_categories, rating_rules
 *
 * The kiosk applies a package only when it is signed by the trusted
 * township, its version is greater than the last one applied (kept in the
 * database, so it survives a power cut) and it has not expired; everything
 * in it is applied in one transaction, or nothing is. */
#ifndef KIOSK_PACKAGE_H
#define KIOSK_PACKAGE_H
#include "db.h"
#include <stddef.h>
#include <stdint.h>

#define PACKAGE_MAX_BYTES (64u * 1024 * 1024)

/* Applies a verified package payload signed by township zTownship.
 * pOut is a SyncApplied (sync.h). Returns 0, or -1 with an English message
 * and nothing changed. */
int package_apply(Db *db, const char *zTownship, const unsigned char *z, size_t n, void *pOut, char *zErr, int nErr);

/* The version of the last package applied (0: none). */
int64_t package_version(Db *db);
#endif
