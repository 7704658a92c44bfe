/* volunteer: see volunteer.h. */
#include "volunteer.h"
#include "db_int.h"
#include "roster.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int vol_half_valid(int half) { return half >= VOL_MIN_HALF && half <= VOL_MAX_HALF; }

int vol_half_step(int half, int delta) {
  int h = half + delta;
  return h < VOL_MIN_HALF ? VOL_MIN_HALF : h > VOL_MAX_HALF ? VOL_MAX_HALF : h;
}

int vol_shift_half(int64_t startAt, int64_t endAt, int maxHours) {
  if (endAt <= startAt) return 0;
  int64_t half = (endAt - startAt + 900) / 1800; /* nearest half hour; 15 min rounds up */
  int64_t cap = (int64_t)maxHours * 2;
  if (cap > VOL_MAX_HALF) cap = VOL_MAX_HALF;
  return (int)(half > cap ? cap : half);
}

void vol_half_text(int half, char out[8]) {
  if (half < 0 || half > 99999) half = 0;
  if (half % 2) snprintf(out, 8, "%d.5", half / 2);
  else snprintf(out, 8, "%d", half / 2);
}

KrCode vol_categories_parse(const char *z, VolCategories *p) {
  memset(p, 0, sizeof *p);
  if (!z) return KR_BAD_INPUT;
  const char *s = z;
  while (*s) {
    const char *e = strchr(s, ',');
    if (!e) e = s + strlen(s);
    while (s < e && *s == ' ') s++;
    const char *t = e;
    while (t > s && t[-1] == ' ') t--;
    size_t n = (size_t)(t - s);
    if (!n || n >= VOL_CATEGORY_MAX || p->n == VOL_MAX_CATEGORIES || !util_utf8_valid(s, n)) return KR_BAD_INPUT;
    memcpy(p->a[p->n], s, n);
    p->a[p->n][n] = 0;
    for (int i = 0; i < p->n; i++)
      if (!strcmp(p->a[i], p->a[p->n])) return KR_BAD_INPUT;
    p->n++;
    s = *e ? e + 1 : e;
  }
  return p->n ? KR_OK : KR_BAD_INPUT;
}

KrCode vol_categories(Db *db, const char *zConfig, VolCategories *p) {
  sqlite3_stmt *s;
  KrCode rc = KR_NOT_FOUND;
  if (sqlite3_prepare_v2(db->h, "SELECT value FROM meta WHERE key = 'vol_categories'", -1, &s, NULL) == SQLITE_OK) {
    if (sqlite3_step(s) == SQLITE_ROW) rc = vol_categories_parse((const char *)sqlite3_column_text(s, 0), p);
    sqlite3_finalize(s);
  }
  return rc == KR_OK ? KR_OK : vol_categories_parse(zConfig, p);
}

KrCode vol_categories_store(Db *db, const char *z) {
  VolCategories c;
  KrCode kr = vol_categories_parse(z, &c);
  if (kr) return kr;
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(db->h, "INSERT OR REPLACE INTO meta(key, value) VALUES('vol_categories', ?1)", -1, &s, NULL);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  sqlite3_bind_text(s, 1, z, -1, SQLITE_STATIC);
  rc = sqlite3_step(s);
  sqlite3_finalize(s);
  return rc == SQLITE_DONE ? KR_OK : kr_sqlite(rc);
}

/* Prepares an INSERT of a new record whose ?1, ?2, ?3 are its uuid (made
 * here, into uuid), kiosk_id and seq (allocated here: inside the
 * transaction). Returns KR_OK with *ps to finalize, or an SQLite code. */
static KrCode record_stmt(Db *db, const char *zSql, char uuid[40], sqlite3_stmt **ps) {
  int64_t seq;
  util_uuid4(uuid);
  int rc = db_next_seq(db, &seq);
  if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(db->h, zSql, -1, ps, NULL);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  sqlite3_bind_text(*ps, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(*ps, 2, db->kioskId, -1, SQLITE_STATIC);
  sqlite3_bind_int64(*ps, 3, seq);
  return KR_OK;
}

/* Steps and finalizes an INSERT. Returns KR_OK or an SQLite code. */
static KrCode insert_done(sqlite3_stmt *s) {
  int rc = sqlite3_step(s);
  sqlite3_finalize(s);
  return rc == SQLITE_DONE ? KR_OK : kr_sqlite(rc);
}

/* Writes a volunteer entry inside the caller's transaction (uuid gets its
 * uuid). Returns KR_OK or an SQLite code. */
static KrCode insert_entry(Db *db, const char *zMemberNo, const char *zCategory, const char *zDay, int half,
                           const char *zMethod, const char *zShift, const char *zFlag, int64_t at, char uuid[40]) {
  sqlite3_stmt *s;
  KrCode kr = record_stmt(db,
        "INSERT INTO vol_entry(uuid, kiosk_id, seq, member_no, category, day, half_hours, method, shift_uuid, flag, at)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", uuid, &s);
  if (kr) return kr;
  sqlite3_bind_text(s, 4, zMemberNo, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 5, zCategory, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 6, zDay, -1, SQLITE_STATIC);
  sqlite3_bind_int(s, 7, half);
  sqlite3_bind_text(s, 8, zMethod, -1, SQLITE_STATIC);
  if (zShift) sqlite3_bind_text(s, 9, zShift, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 10, zFlag, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 11, at);
  return insert_done(s);
}

#define ENTRY_COLS                                                                                                  \
  "SELECT e.id, e.uuid, e.member_no, m.name, e.category, e.day, e.half_hours, e.method, e.flag, e.at,"              \
  " coalesce((SELECT decision FROM vol_review r WHERE r.entry_uuid = e.uuid ORDER BY r.id DESC LIMIT 1), ''),"      \
  " coalesce((SELECT reason FROM vol_review r WHERE r.entry_uuid = e.uuid ORDER BY r.id DESC LIMIT 1), '')"         \
  " FROM vol_entry e JOIN member m ON m.member_no = e.member_no"

static void row_to_entry(sqlite3_stmt *s, VolEntry *e) {
  memset(e, 0, sizeof *e);
  e->id = sqlite3_column_int64(s, 0);
  util_strlcpy(e->uuid, (const char *)sqlite3_column_text(s, 1), sizeof e->uuid);
  util_strlcpy(e->memberNo, (const char *)sqlite3_column_text(s, 2), sizeof e->memberNo);
  util_strlcpy(e->name, (const char *)sqlite3_column_text(s, 3), sizeof e->name);
  util_strlcpy(e->category, (const char *)sqlite3_column_text(s, 4), sizeof e->category);
  util_strlcpy(e->day, (const char *)sqlite3_column_text(s, 5), sizeof e->day);
  e->half = sqlite3_column_int(s, 6);
  util_strlcpy(e->method, (const char *)sqlite3_column_text(s, 7), sizeof e->method);
  util_strlcpy(e->flag, (const char *)sqlite3_column_text(s, 8), sizeof e->flag);
  e->at = sqlite3_column_int64(s, 9);
  const char *d = (const char *)sqlite3_column_text(s, 10);
  e->status = !strcmp(d, "approved") ? VOL_APPROVED : !strcmp(d, "rejected") ? VOL_REJECTED : VOL_PENDING;
  util_strlcpy(e->reason, (const char *)sqlite3_column_text(s, 11), sizeof e->reason);
}

/* Entry zUuid into *p. Returns KR_OK, KR_NOT_FOUND or an SQLite code. */
static KrCode entry_by_uuid(Db *db, const char *zUuid, VolEntry *p) {
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(db->h, ENTRY_COLS " WHERE e.uuid = ?1", -1, &s, NULL);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  sqlite3_bind_text(s, 1, zUuid, -1, SQLITE_STATIC);
  rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) row_to_entry(s, p);
  sqlite3_finalize(s);
  return rc == SQLITE_ROW ? KR_OK : rc == SQLITE_DONE ? KR_NOT_FOUND : kr_sqlite(rc);
}

/* The member must exist and be active: KR_OK, KR_NOT_FOUND or an SQLite
 * code, with an English message. */
static KrCode check_member(Db *db, const char *zMemberNo, char *zErr, int nErr) {
  Member m;
  KrCode kr = roster_get(db, zMemberNo, &m);
  if (kr == KR_OK && !m.active) kr = KR_NOT_FOUND;
  if (kr == KR_NOT_FOUND) snprintf(zErr, nErr, "no active member with number %s", zMemberNo);
  else if (kr) snprintf(zErr, nErr, "database error: %s", sqlite3_errmsg(db->h));
  return kr;
}

/* Commits, or rolls back with "could not save" and the SQLite code when kr
 * (the work in the transaction) or the commit failed. */
static KrCode finish(Db *db, KrCode kr, char *zErr, int nErr) {
  if (kr == KR_OK) {
    int rc = db_commit(db);
    if (rc != SQLITE_OK) kr = kr_sqlite(rc);
  }
  if (kr) {
    snprintf(zErr, nErr, "could not save: %s", sqlite3_errmsg(db->h));
    db_rollback(db);
  }
  return kr;
}

/* BEGIN IMMEDIATE, with "database busy" and the SQLite code on failure. */
static KrCode begin(Db *db, char *zErr, int nErr) {
  int rc = db_begin(db);
  if (rc == SQLITE_OK) return KR_OK;
  snprintf(zErr, nErr, "database busy: %s", sqlite3_errmsg(db->h));
  return kr_sqlite(rc);
}

KrCode vol_log(Db *db, const char *zMemberNo, const char *zCategory, const char *zDay, int half, const char *zMethod,
               VolEntry *pOut, char *zErr, int nErr) {
  if (!vol_half_valid(half)) {
    snprintf(zErr, nErr, "hours must be 0.5 to 12 in steps of 0.5");
    return KR_BAD_INPUT;
  }
  if (strcmp(zMethod, "kiosk") && strcmp(zMethod, "cli")) { snprintf(zErr, nErr, "unknown method %s", zMethod); return KR_BAD_INPUT; }
  char today[11], oldest[11];
  util_local_date(util_now(), today);
  util_date_add(today, -VOL_DAYS_BACK, oldest);
  if (!zDay || !util_valid_date(zDay) || strcmp(zDay, today) > 0 || strcmp(zDay, oldest) < 0) {
    snprintf(zErr, nErr, "the day must be today or up to %d days before (%s to %s)", VOL_DAYS_BACK, oldest, today);
    return KR_BAD_INPUT;
  }
  if (!zCategory || !zCategory[0] || strlen(zCategory) >= VOL_CATEGORY_MAX) {
    snprintf(zErr, nErr, "a category is required");
    return KR_BAD_INPUT;
  }
  char uuid[40];
  KrCode kr;
  if ((kr = check_member(db, zMemberNo, zErr, nErr)) || (kr = begin(db, zErr, nErr))) return kr;
  kr = insert_entry(db, zMemberNo, zCategory, zDay, half, zMethod, NULL, "", util_now(), uuid);
  if ((kr = finish(db, kr, zErr, nErr))) return kr;
  if (pOut && entry_by_uuid(db, uuid, pOut)) memset(pOut, 0, sizeof *pOut);
  return KR_OK;
}

KrCode vol_open_shift(Db *db, const char *zMemberNo, VolShift *p) {
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(db->h,
      "SELECT uuid, category, at FROM vol_shift s WHERE member_no = ?1 AND kind = 'start'"
      " AND NOT EXISTS (SELECT 1 FROM vol_shift e WHERE e.start_uuid = s.uuid) ORDER BY id DESC LIMIT 1", -1, &s,
      NULL);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  sqlite3_bind_text(s, 1, zMemberNo, -1, SQLITE_STATIC);
  rc = sqlite3_step(s);
  if (rc == SQLITE_ROW && p) {
    util_strlcpy(p->uuid, (const char *)sqlite3_column_text(s, 0), sizeof p->uuid);
    util_strlcpy(p->category, (const char *)sqlite3_column_text(s, 1), sizeof p->category);
    p->startAt = sqlite3_column_int64(s, 2);
  }
  sqlite3_finalize(s);
  return rc == SQLITE_ROW ? KR_OK : rc == SQLITE_DONE ? KR_NOT_FOUND : kr_sqlite(rc);
}

/* Writes a shift's start (zStart NULL) or its end, inside the caller's
 * transaction. Returns KR_OK or an SQLite code. */
static KrCode insert_shift(Db *db, const char *zMemberNo, const char *zCategory, const char *zStart, int isAuto,
                           int64_t at, char uuid[40]) {
  sqlite3_stmt *s;
  KrCode kr = record_stmt(db,
        "INSERT INTO vol_shift(uuid, kiosk_id, seq, member_no, category, kind, start_uuid, auto, at)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", uuid, &s);
  if (kr) return kr;
  sqlite3_bind_text(s, 4, zMemberNo, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 5, zCategory, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 6, zStart ? "end" : "start", -1, SQLITE_STATIC);
  if (zStart) sqlite3_bind_text(s, 7, zStart, -1, SQLITE_STATIC);
  sqlite3_bind_int(s, 8, isAuto);
  sqlite3_bind_int64(s, 9, at);
  return insert_done(s);
}

KrCode vol_shift_start(Db *db, const char *zMemberNo, const char *zCategory, VolShift *pOut, char *zErr, int nErr) {
  if (!zCategory || !zCategory[0] || strlen(zCategory) >= VOL_CATEGORY_MAX) {
    snprintf(zErr, nErr, "a category is required");
    return KR_BAD_INPUT;
  }
  KrCode kr;
  if ((kr = check_member(db, zMemberNo, zErr, nErr)) || (kr = begin(db, zErr, nErr))) return kr;
  VolShift open;
  kr = vol_open_shift(db, zMemberNo, &open);
  char uuid[40];
  int64_t now = util_now();
  if (kr != KR_NOT_FOUND) {
    if (kr == KR_OK) snprintf(zErr, nErr, "member %s is already signed in for a shift", zMemberNo);
    else snprintf(zErr, nErr, "database error: %s", sqlite3_errmsg(db->h));
    db_rollback(db);
    return kr == KR_OK ? KR_REFUSED : kr;
  }
  if ((kr = finish(db, insert_shift(db, zMemberNo, zCategory, NULL, 0, now, uuid), zErr, nErr))) return kr;
  if (pOut) {
    util_strlcpy(pOut->uuid, uuid, sizeof pOut->uuid);
    util_strlcpy(pOut->category, zCategory, sizeof pOut->category);
    pOut->startAt = now;
  }
  return KR_OK;
}

/* Ends shift sh at endAt inside the open transaction; writes its entry when
 * it counts. Returns KR_OK or an SQLite code. */
static KrCode close_shift(Db *db, const char *zMemberNo, const VolShift *sh, int64_t endAt, int isAuto, int maxHours,
                          int *pHalf, char entryUuid[40]) {
  char uuid[40], day[11];
  entryUuid[0] = 0;
  KrCode kr = insert_shift(db, zMemberNo, sh->category, sh->uuid, isAuto, endAt, uuid);
  if (kr) return kr;
  int half = vol_shift_half(sh->startAt, endAt, maxHours);
  *pHalf = half;
  if (!half) return KR_OK;
  util_local_date(sh->startAt, day);
  return insert_entry(db, zMemberNo, sh->category, day, half, "shift", sh->uuid, isAuto ? "auto_closed" : "",
                      endAt, entryUuid);
}

KrCode vol_shift_end(Db *db, const char *zMemberNo, int maxHours, int *pHalf, VolEntry *pOut, char *zErr, int nErr) {
  *pHalf = 0;
  KrCode kr = begin(db, zErr, nErr);
  if (kr) return kr;
  VolShift sh;
  if ((kr = vol_open_shift(db, zMemberNo, &sh))) {
    if (kr == KR_NOT_FOUND) snprintf(zErr, nErr, "member %s has no shift to sign out of", zMemberNo);
    else snprintf(zErr, nErr, "database error: %s", sqlite3_errmsg(db->h));
    db_rollback(db);
    return kr;
  }
  int64_t now = util_now(), cap = sh.startAt + (int64_t)maxHours * 3600;
  char entry[40];
  /* signing out after the maximum counts the maximum, flagged */
  kr = close_shift(db, zMemberNo, &sh, now < cap ? now : cap, now >= cap, maxHours, pHalf, entry);
  if ((kr = finish(db, kr, zErr, nErr))) return kr;
  if (pOut) {
    memset(pOut, 0, sizeof *pOut);
    if (entry[0]) entry_by_uuid(db, entry, pOut);
  }
  return KR_OK;
}

KrCode vol_autoclose(Db *db, int64_t now, int maxHours, int *pnClosed) {
  if (pnClosed) *pnClosed = 0;
  int rc = db_begin(db);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  sqlite3_stmt *s;
  if ((rc = sqlite3_prepare_v2(db->h,
        "SELECT member_no, uuid, category, at FROM vol_shift s WHERE kind = 'start' AND at <= ?1"
        " AND NOT EXISTS (SELECT 1 FROM vol_shift e WHERE e.start_uuid = s.uuid)", -1, &s, NULL)) != SQLITE_OK) {
    db_rollback(db);
    return kr_sqlite(rc);
  }
  sqlite3_bind_int64(s, 1, now - (int64_t)maxHours * 3600);
  int n = 0;
  struct { char member[24]; VolShift sh; } *a = NULL;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    void *na = realloc(a, sizeof *a * (size_t)(n + 1));
    if (!na) { rc = SQLITE_NOMEM; break; }
    a = na;
    util_strlcpy(a[n].member, (const char *)sqlite3_column_text(s, 0), sizeof a[n].member);
    util_strlcpy(a[n].sh.uuid, (const char *)sqlite3_column_text(s, 1), sizeof a[n].sh.uuid);
    util_strlcpy(a[n].sh.category, (const char *)sqlite3_column_text(s, 2), sizeof a[n].sh.category);
    a[n].sh.startAt = sqlite3_column_int64(s, 3);
    n++;
  }
  sqlite3_finalize(s);
  KrCode kr = rc == SQLITE_DONE ? KR_OK : kr_sqlite(rc);
  for (int i = 0; kr == KR_OK && i < n; i++) {
    int half;
    char entry[40];
    kr = close_shift(db, a[i].member, &a[i].sh, a[i].sh.startAt + (int64_t)maxHours * 3600, 1, maxHours, &half, entry);
  }
  free(a);
  if (kr == KR_OK && n && (rc = db_commit(db)) != SQLITE_OK) kr = kr_sqlite(rc);
  if (kr || !n) { /* failed, or nothing written */
    db_rollback(db);
    return kr;
  }
  if (pnClosed) *pnClosed = n;
  return KR_OK;
}

KrCode vol_review(Db *db, int64_t entryId, VolStatus decision, const char *zReason, const char *zOperator, char *zErr,
                  int nErr) {
  if (decision != VOL_APPROVED && decision != VOL_REJECTED) { snprintf(zErr, nErr, "approve or reject"); return KR_BAD_INPUT; }
  if (decision == VOL_REJECTED && (!zReason || !zReason[0])) {
    snprintf(zErr, nErr, "a rejection needs a reason");
    return KR_BAD_INPUT;
  }
  KrCode kr = begin(db, zErr, nErr);
  if (kr) return kr;
  sqlite3_stmt *s;
  char entry[40] = "";
  int rc = sqlite3_prepare_v2(db->h, "SELECT uuid FROM vol_entry WHERE id = ?1", -1, &s, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_int64(s, 1, entryId);
    if ((rc = sqlite3_step(s)) == SQLITE_ROW) util_strlcpy(entry, (const char *)sqlite3_column_text(s, 0), sizeof entry);
    sqlite3_finalize(s);
  }
  if (!entry[0]) {
    if (rc == SQLITE_DONE) snprintf(zErr, nErr, "no volunteer entry %lld", (long long)entryId);
    else snprintf(zErr, nErr, "database error: %s", sqlite3_errmsg(db->h));
    db_rollback(db);
    return rc == SQLITE_DONE ? KR_NOT_FOUND : kr_sqlite(rc);
  }
  char uuid[40];
  kr = record_stmt(db,
        "INSERT INTO vol_review(uuid, kiosk_id, seq, entry_uuid, decision, reason, operator, at)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", uuid, &s);
  if (kr == KR_OK) {
    sqlite3_bind_text(s, 4, entry, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, decision == VOL_APPROVED ? "approved" : "rejected", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, zReason ? zReason : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 7, zOperator ? zOperator : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 8, util_now());
    kr = insert_done(s);
  }
  return finish(db, kr, zErr, nErr);
}

KrCode vol_entries(Db *db, const char *zMemberNo, int pendingOnly, VolEntry **pp, int *pn) {
  *pp = NULL;
  *pn = 0;
  char sql[1024];
  snprintf(sql, sizeof sql, "%s WHERE (?1 IS NULL OR e.member_no = ?1)%s ORDER BY e.day DESC, e.id DESC", ENTRY_COLS,
           pendingOnly ? " AND NOT EXISTS (SELECT 1 FROM vol_review r WHERE r.entry_uuid = e.uuid)" : "");
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(db->h, sql, -1, &s, NULL);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  if (zMemberNo) sqlite3_bind_text(s, 1, zMemberNo, -1, SQLITE_STATIC);
  int n = 0, cap = 0;
  VolEntry *a = NULL;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    if (n == cap) {
      cap = cap ? cap * 2 : 32;
      VolEntry *na = realloc(a, sizeof *a * (size_t)cap);
      if (!na) { rc = SQLITE_NOMEM; break; }
      a = na;
    }
    row_to_entry(s, &a[n++]);
  }
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) { free(a); return kr_sqlite(rc); }
  *pp = a;
  *pn = n;
  return KR_OK;
}

KrCode vol_member_totals(Db *db, const char *zMemberNo, const char *zFrom, const char *zTo, int *pApproved,
                         int *pPending) {
  *pApproved = *pPending = 0;
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(db->h,
      "SELECT coalesce((SELECT decision FROM vol_review r WHERE r.entry_uuid = e.uuid ORDER BY r.id DESC LIMIT 1),"
      " 'pending') AS d, sum(half_hours) FROM vol_entry e WHERE member_no = ?1 AND day BETWEEN ?2 AND ?3 GROUP BY d",
      -1, &s, NULL);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  sqlite3_bind_text(s, 1, zMemberNo, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 2, zFrom, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 3, zTo, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    const char *d = (const char *)sqlite3_column_text(s, 0);
    if (!strcmp(d, "approved")) *pApproved = sqlite3_column_int(s, 1);
    else if (!strcmp(d, "pending")) *pPending = sqlite3_column_int(s, 1);
  }
  sqlite3_finalize(s);
  return rc == SQLITE_DONE ? KR_OK : kr_sqlite(rc);
}

KrCode vol_honour_board(Db *db, const char *zMonth, VolHonour *a, int nMax, int *pn) {
  *pn = 0;
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(db->h,
      "SELECT m.member_no, m.name, m.grp, sum(e.half_hours) AS h FROM vol_entry e"
      " JOIN member m ON m.member_no = e.member_no"
      " WHERE substr(e.day, 1, 7) = ?1 AND m.active AND m.honour"
      "   AND (SELECT decision FROM vol_review r WHERE r.entry_uuid = e.uuid ORDER BY r.id DESC LIMIT 1) = 'approved'"
      " GROUP BY m.member_no ORDER BY h DESC, m.member_no LIMIT ?2", -1, &s, NULL);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  sqlite3_bind_text(s, 1, zMonth, -1, SQLITE_STATIC);
  sqlite3_bind_int(s, 2, nMax);
  int n = 0;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW && n < nMax) {
    util_strlcpy(a[n].memberNo, (const char *)sqlite3_column_text(s, 0), sizeof a[n].memberNo);
    util_strlcpy(a[n].name, (const char *)sqlite3_column_text(s, 1), sizeof a[n].name);
    util_strlcpy(a[n].group, (const char *)sqlite3_column_text(s, 2), sizeof a[n].group);
    a[n].half = sqlite3_column_int(s, 3);
    n++;
  }
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return kr_sqlite(rc);
  *pn = n;
  return KR_OK;
}
