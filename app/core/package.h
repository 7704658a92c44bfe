/* package: update packages from the township — notices (with images),
 * roster changes, the activity calendar, volunteer categories and rating
 * rules. The payload is an SQLite database:
 *
 *   manifest(key, value)   format, version, expires (YYYY-MM-DD), created_at, township_id
 *   notice(...)            notice versions as the kiosk stores them, with the township's ids
 *   notice_image(...)      their images
 *   activity(uuid, version_uuid, kiosk_id, seq, kind, title, day, start_hm, end_hm, location, created_at)
 *   roster_village(village, csv)  a roster CSV as `kioskctl roster import` reads
 *                          it, one row per village
 *   kiosk_village(kiosk_id, village)  each enrolled kiosk's village, as
 *                          `township enroll --village` recorded it
 *   setting(key, value)    vol_categories, rating_rules
 *
 * The kiosk applies a package only when it is signed by the trusted
 * township, its version is greater than the last one applied (kept in the
 * database, so it survives a power cut) and it has not expired; everything
 * in it is applied in one transaction, or nothing is; the version check runs
 * inside that transaction (BEGIN IMMEDIATE), so of two appliers racing (a
 * stick and the LAN) the older package is refused, never applied after the
 * newer one.
 *
 * Rosters are per village. A kiosk knows its village by its own kiosk id in
 * kiosk_village: the village the township enrolled it for, the same name the
 * township's 村 column is checked against when the package is built. So
 * kiosk.conf's spelling of the village never decides whose members a kiosk
 * takes; a kiosk the package does not name (enrolled later, or revoked)
 * applies no roster from it, and the rest of the package still applies. A
 * package with the old one-roster-for-all table (roster) is refused. */
#ifndef KIOSK_PACKAGE_H
#define KIOSK_PACKAGE_H
#include "db.h"
#include "result.h"
#include <stddef.h>
#include <stdint.h>

#define PACKAGE_MAX_BYTES (64u * 1024 * 1024)

/* Applies a verified package payload signed by township zTownship.
 * pOut is a SyncApplied (sync.h). Returns KR_OK, or with an English message
 * and nothing changed KR_TOO_LARGE, KR_MALFORMED, KR_OTHER_TOWNSHIP,
 * KR_EXPIRED, KR_NOT_NEWER, KR_BUSY, KR_DB or KR_NOMEM. */
KrCode package_apply(Db *db, const char *zTownship, const unsigned char *z, size_t n, void *pOut, char *zErr, int nErr);

/* The version of the last package applied (0: none). */
int64_t package_version(Db *db);
#endif
