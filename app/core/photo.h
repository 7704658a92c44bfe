/* photo: a member's face on their tile, for members who cannot read their
 * name. Photos come in a folder of files named by member number
 * (LM0031.jpg, LM0032.png) beside the roster CSV; each is decoded, scaled
 * so its longer side is at most PHOTO_SIDE pixels, and stored as a small
 * JPEG in the database (table member_photo: append-only, uuid + (kiosk_id,
 * seq); a new photo is a new record, the latest one stands). Decoding and
 * scaling use libjpeg and libpng here in the core, so the core stays
 * without SDL; the UI decodes the stored JPEG for display. */
#ifndef KIOSK_PHOTO_H
#define KIOSK_PHOTO_H
#include "db.h"
#include "result.h"
#include <stddef.h>

#define PHOTO_SIDE 256                     /* the longer side of a stored photo, at most */
#define PHOTO_MAX_FILE (16 * 1024 * 1024)  /* a camera's file, at most */
#define PHOTO_MAX_PIXELS (64 * 1024 * 1024) /* decoded, at most (a bomb is refused, not decoded) */

/* Decodes a JPEG or PNG in memory and re-encodes it as a JPEG whose longer
 * side is at most PHOTO_SIDE (smaller images keep their size). *ppOut is
 * malloc'ed and freed by the caller; *pW, *pH (may be NULL) get its size.
 * Returns KR_OK, KR_MALFORMED (not a JPEG or PNG, or damaged), KR_TOO_LARGE
 * or KR_NOMEM, with an English message. */
KrCode photo_scale(const unsigned char *p, size_t n, unsigned char **ppOut, size_t *pnOut, int *pW, int *pH,
                   char *zErr, int nErr);

typedef struct {
  int stored;      /* new or changed photos stored */
  int unchanged;   /* the same as the one held */
  int ignored;     /* files that are not .jpg, .jpeg or .png */
} PhotoStats;

/* Imports every <member number>.jpg / .jpeg / .png in zDir (in one
 * transaction: a file that is damaged, too large or names no member on the
 * roster refuses the whole folder with a message naming it, and nothing is
 * stored). Importing the same folder again stores nothing. */
KrCode photo_import_dir(Db *db, const char *zDir, PhotoStats *pStats, char *zErr, int nErr);

/* Stores rgb (w x h, 3 bytes a pixel, each side 1..PHOTO_SIDE) as member
 * zMemberNo's photo, encoded as an imported photo is: a new record unless
 * it equals the one held (pStats counts which). For photos drawn by the
 * program (the demo's portraits); the caller keeps rgb and holds the
 * transaction. Returns KR_OK, KR_TOO_LARGE, KR_NOT_FOUND (not on the
 * roster), KR_NOMEM or an SQLite code, with an English message. */
KrCode photo_store_rgb(Db *db, const char *zMemberNo, const unsigned char *rgb, int w, int h, PhotoStats *pStats,
                       char *zErr, int nErr);

/* The photo of zMemberNo (the latest stored): *pp malloc'ed JPEG bytes,
 * freed by the caller, or NULL with *pn 0 when the member has none.
 * Returns KR_OK or KR_DB / KR_NOMEM. */
KrCode photo_get(Db *db, const char *zMemberNo, unsigned char **pp, size_t *pn);

/* Calls fn(zMemberNo, ctx) for each member that has a photo. */
KrCode photo_each_member(Db *db, void (*fn)(const char *zMemberNo, void *ctx), void *ctx);
#endif
