/* demo: the embedded demo village (鲁庙村, 刘集镇, 中牟县), built from the
 * text under data/demo. Activities are stored relative to today, so loading
 * again on a later day adds that day's 主题党日: it always exists. The
 * village's past is filled in once: attendance at the earlier activities (as
 * entered from paper sheets), this month's volunteer hours (some approved,
 * some waiting for the secretary) and four notices. Most of its members get a
 * photo: a drawn head-and-shoulders portrait (no face), its colours fixed
 * by the member number; about one in seven has none. */
#ifndef KIOSK_DEMO_H
#define KIOSK_DEMO_H
#include "config.h"
#include "db.h"
#include "result.h"
#include <stddef.h>

typedef struct {
  int membersAdded, membersUpdated, activitiesAdded;
  int noticesAdded;
} DemoStats;

/* A file compiled in from data/demo/notices (see cmake/embed.cmake). */
typedef struct {
  const char *name;
  const unsigned char *data;
  size_t len;
} DemoFile;

#define DEMO_PORTRAIT_SIDE 256

/* Draws member zMemberNo's demo portrait into rgb (DEMO_PORTRAIT_SIDE
 * square, 3 bytes a pixel, the caller's): a head-and-shoulders silhouette
 * on a soft background; background, clothes, skin and hair tone and hair
 * length follow from the member number, the same on every machine. */
void demo_portrait(const char *zMemberNo, unsigned char *rgb);

/* Loads (or tops up) the demo village. Idempotent. Returns KR_OK, or the
 * failing step's KrCode (the roster import's, KR_MALFORMED for bad embedded
 * data, an SQLite code) with an English message and nothing changed by the
 * failing step. */
KrCode demo_load(Db *db, const Config *cfg, DemoStats *pStats, char *zErr, int nErr);
#endif
