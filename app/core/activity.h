/* activity: the days members check in to — 主题党日, 三会一课 meetings,
 * training rounds, volunteer days. Local, or sent by the township. */
#ifndef KIOSK_ACTIVITY_H
#define KIOSK_ACTIVITY_H
#include "db.h"
#include "result.h"

typedef struct {
  int64_t id;          /* local id, for the command line */
  char uuid[40];
  char kind[32];       /* one of activity_kinds() */
  char title[256];
  char day[11];        /* YYYY-MM-DD, local */
  char startHm[6], endHm[6];
  char location[192];
  char source[12];     /* "local" or "township" */
} Activity;

/* The kinds, as a NULL-terminated array of static strings. */
const char *const *activity_kinds(void);
/* Validates and stores a new activity (id, uuid and source may be empty in
 * *pIn; source defaults to local). *pOut gets the stored record. Returns
 * KR_OK; KR_BAD_INPUT for a bad field (kind, title, date, times); an SQLite
 * code (kr_sqlite) — always with an English message and nothing stored. */
KrCode activity_add(Db *db, const Activity *pIn, Activity *pOut, char *zErr, int nErr);
/* Corrects activity pIn->id (a local one; the township's are changed only by
 * the township): a new version with a new version_uuid and seq, the old one
 * kept in activity_history; its uuid, which check-ins point to, stays.
 * Returns KR_OK; KR_NOT_FOUND (no such id), KR_REFUSED (a township
 * activity), KR_BAD_INPUT, or an SQLite code — with an English message
 * and nothing changed. */
KrCode activity_update(Db *db, const Activity *pIn, Activity *pOut, char *zErr, int nErr);
/* Activities on zDay, or from zDay onwards when allAfter, or all when zDay is
 * NULL; ordered by day and start. *pp is freed by the caller with free().
 * Returns KR_OK, or an SQLite code (*pp NULL, *pn 0). */
KrCode activity_list(Db *db, const char *zDay, int allAfter, Activity **pp, int *pn);
/* Activity id into *pOut. Returns KR_OK, KR_NOT_FOUND, or an SQLite code. */
KrCode activity_get(Db *db, int64_t id, Activity *pOut);
#endif
