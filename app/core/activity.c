/* activity: see activity.h. */
#include "activity.h"
#include "db_int.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const azKind[] = {"主题党日", "支部党员大会", "支委会", "党小组会",
                                     "党课", "培训", "志愿服务", "走访", NULL};

const char *const *activity_kinds(void) { return azKind; }

static void row_to_activity(sqlite3_stmt *s, Activity *a) {
  memset(a, 0, sizeof *a);
  a->id = sqlite3_column_int64(s, 0);
  util_strlcpy(a->uuid, (const char *)sqlite3_column_text(s, 1), sizeof a->uuid);
  util_strlcpy(a->kind, (const char *)sqlite3_column_text(s, 2), sizeof a->kind);
  util_strlcpy(a->title, (const char *)sqlite3_column_text(s, 3), sizeof a->title);
  util_strlcpy(a->day, (const char *)sqlite3_column_text(s, 4), sizeof a->day);
  util_strlcpy(a->startHm, (const char *)sqlite3_column_text(s, 5), sizeof a->startHm);
  util_strlcpy(a->endHm, (const char *)sqlite3_column_text(s, 6), sizeof a->endHm);
  util_strlcpy(a->location, (const char *)sqlite3_column_text(s, 7), sizeof a->location);
  util_strlcpy(a->source, (const char *)sqlite3_column_text(s, 8), sizeof a->source);
}

/* Checks an activity's fields. Returns KR_OK, or KR_BAD_INPUT with an
 * English message. */
static KrCode validate(const Activity *a, char *zErr, int nErr) {
  int kindOk = 0;
  for (int i = 0; azKind[i]; i++) kindOk |= !strcmp(azKind[i], a->kind);
  if (!kindOk) { snprintf(zErr, nErr, "unknown activity kind \"%s\" (see: kioskctl activity kinds)", a->kind); return KR_BAD_INPUT; }
  size_t nTitle = util_utf8_count(a->title);
  if (!util_utf8_valid(a->title, strlen(a->title)) || nTitle < 1 || nTitle > 60) {
    snprintf(zErr, nErr, "the title must be 1-60 characters");
    return KR_BAD_INPUT;
  }
  if (!util_valid_date(a->day)) { snprintf(zErr, nErr, "date \"%s\" is not a YYYY-MM-DD date", a->day); return KR_BAD_INPUT; }
  if (!util_valid_hm(a->startHm) || !util_valid_hm(a->endHm)) {
    snprintf(zErr, nErr, "times must be HH:MM");
    return KR_BAD_INPUT;
  }
  if (strcmp(a->startHm, a->endHm) >= 0) { snprintf(zErr, nErr, "the activity must end after it starts"); return KR_BAD_INPUT; }
  const char *source = a->source[0] ? a->source : "local";
  if (strcmp(source, "local") && strcmp(source, "township")) { snprintf(zErr, nErr, "source must be local or township"); return KR_BAD_INPUT; }
  return KR_OK;
}

/* Writes a (a new activity, or a new version of activity a.id) in one
 * transaction: a fresh version_uuid and seq every time. */
static KrCode store(Db *db, Activity *a, int isNew, char *zErr, int nErr) {
  char version[UUID_LEN + 1];
  util_uuid4(version);
  int rcBegin = db_begin(db);
  if (rcBegin != SQLITE_OK) { snprintf(zErr, nErr, "database is busy"); return kr_sqlite(rcBegin); }
  int64_t seq;
  sqlite3_stmt *s = NULL;
  int rc = db_next_seq(db, &seq);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db->h, isNew
           ? "INSERT INTO activity(uuid, kiosk_id, seq, kind, title, day, start_hm, end_hm, location, source,"
             " created_at, version_uuid) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
           : "UPDATE activity SET kiosk_id = ?2, seq = ?3, kind = ?4, title = ?5, day = ?6, start_hm = ?7,"
             " end_hm = ?8, location = ?9, source = ?10, created_at = ?11, version_uuid = ?12"
             " WHERE id = ?13 AND uuid = ?1", -1, &s, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text(s, 1, a->uuid, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, db->kioskId, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, seq);
    sqlite3_bind_text(s, 4, a->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, a->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, a->day, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 7, a->startHm, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 8, a->endHm, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 9, a->location, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 10, a->source, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 11, util_now());
    sqlite3_bind_text(s, 12, version, -1, SQLITE_STATIC);
    if (!isNew) sqlite3_bind_int64(s, 13, a->id);
    rc = sqlite3_step(s);
    rc = rc == SQLITE_DONE ? (sqlite3_changes(db->h) == 1 ? SQLITE_OK : SQLITE_ERROR) : rc;
    if (isNew) a->id = sqlite3_last_insert_rowid(db->h);
  }
  sqlite3_finalize(s);
  if (rc == SQLITE_OK) rc = db_commit(db);
  if (rc != SQLITE_OK) {
    snprintf(zErr, nErr, "could not save the activity: %s", sqlite3_errmsg(db->h));
    db_rollback(db);
    return kr_sqlite(rc);
  }
  return KR_OK;
}

KrCode activity_add(Db *db, const Activity *pIn, Activity *pOut, char *zErr, int nErr) {
  KrCode rc = validate(pIn, zErr, nErr);
  if (rc) return rc;
  Activity a = *pIn;
  if (!a.source[0]) util_strlcpy(a.source, "local", sizeof a.source);
  if (!a.uuid[0]) util_uuid4(a.uuid);
  if ((rc = store(db, &a, 1, zErr, nErr))) return rc;
  if (pOut) *pOut = a;
  return KR_OK;
}

KrCode activity_update(Db *db, const Activity *pIn, Activity *pOut, char *zErr, int nErr) {
  Activity old;
  KrCode rc = activity_get(db, pIn->id, &old);
  if (rc) {
    if (rc == KR_NOT_FOUND) snprintf(zErr, nErr, "no activity with id %lld", (long long)pIn->id);
    else snprintf(zErr, nErr, "cannot read activity %lld: %s", (long long)pIn->id, sqlite3_errmsg(db->h));
    return rc;
  }
  if (!strcmp(old.source, "township")) {
    snprintf(zErr, nErr, "activity %lld comes from the township; only the township changes it", (long long)pIn->id);
    return KR_REFUSED;
  }
  Activity a = *pIn;
  util_strlcpy(a.uuid, old.uuid, sizeof a.uuid); /* the lasting identity check-ins point to */
  util_strlcpy(a.source, old.source, sizeof a.source);
  if ((rc = validate(&a, zErr, nErr)) || (rc = store(db, &a, 0, zErr, nErr))) return rc;
  if (pOut) *pOut = a;
  return KR_OK;
}

KrCode activity_list(Db *db, const char *zDay, int allAfter, Activity **pp, int *pn) {
  *pp = NULL;
  *pn = 0;
  const char *sql = !zDay ? "SELECT id, uuid, kind, title, day, start_hm, end_hm, location, source FROM activity"
                            " ORDER BY day, start_hm, id"
                  : allAfter ? "SELECT id, uuid, kind, title, day, start_hm, end_hm, location, source FROM activity"
                               " WHERE day >= ?1 ORDER BY day, start_hm, id"
                             : "SELECT id, uuid, kind, title, day, start_hm, end_hm, location, source FROM activity"
                               " WHERE day = ?1 ORDER BY start_hm, id";
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(db->h, sql, -1, &s, NULL);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  if (zDay) sqlite3_bind_text(s, 1, zDay, -1, SQLITE_STATIC);
  int n = 0, cap = 0;
  Activity *a = NULL;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    if (n == cap) {
      cap = cap ? cap * 2 : 16;
      Activity *na = realloc(a, sizeof *a * (size_t)cap);
      if (!na) { rc = SQLITE_NOMEM; break; }
      a = na;
    }
    row_to_activity(s, &a[n++]);
  }
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) { free(a); return kr_sqlite(rc); }
  *pp = a;
  *pn = n;
  return KR_OK;
}

KrCode activity_get(Db *db, int64_t id, Activity *pOut) {
  sqlite3_stmt *s = db_stmt(db, STMT_ACTIVITY_GET);
  if (!s) return KR_DB;
  sqlite3_bind_int64(s, 1, id);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) row_to_activity(s, pOut);
  sqlite3_reset(s);
  return rc == SQLITE_ROW ? KR_OK : rc == SQLITE_DONE ? KR_NOT_FOUND : kr_sqlite(rc);
}
