/* checkin: see checkin.h. One BEGIN IMMEDIATE transaction looks for an
 * earlier check-in and writes the new one, so two kiosks' processes (or the
 * kiosk and kioskctl) can never both insert. */
#include "checkin.h"
#include "db_int.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const azStatus[CHECKIN_STATUS_COUNT] = {
  [CHECKIN_ABSENT] = "absent", [CHECKIN_PRESENT] = "present", [CHECKIN_LATE] = "late", [CHECKIN_LEAVE] = "leave"};

const char *checkin_status_text(CheckinStatus s) {
  return (int)s >= 0 && s < CHECKIN_STATUS_COUNT ? azStatus[s] : NULL;
}

KrCode checkin_status_parse(const char *z, CheckinStatus *pOut) {
  for (int i = 0; z && i < CHECKIN_STATUS_COUNT; i++)
    if (!strcmp(z, azStatus[i])) { *pOut = (CheckinStatus)i; return KR_OK; }
  return KR_BAD_INPUT;
}

/* The standing check-in of zMemberNo at the activity into *r. Returns KR_OK
 * found, KR_NOT_FOUND none, KR_DB for a status the schema forbids, or an
 * SQLite code. */
static KrCode find_existing(Db *db, const char *zActivityUuid, const char *zMemberNo, CheckinRecord *r) {
  sqlite3_stmt *s = db_stmt(db, STMT_CHECKIN_FIND);
  if (!s) return KR_DB;
  sqlite3_bind_text(s, 1, zActivityUuid, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 2, zMemberNo, -1, SQLITE_STATIC);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) {
    util_strlcpy(r->uuid, (const char *)sqlite3_column_text(s, 0), sizeof r->uuid);
    r->seq = sqlite3_column_int64(s, 1);
    r->at = sqlite3_column_int64(s, 2);
    /* the schema's CHECK allows only these three: anything else is a broken database */
    CheckinStatus st;
    if (checkin_status_parse((const char *)sqlite3_column_text(s, 3), &st) || st == CHECKIN_ABSENT) {
      sqlite3_reset(s);
      return KR_DB;
    }
    r->status = st;
    util_strlcpy(r->method, (const char *)sqlite3_column_text(s, 4), sizeof r->method);
    util_strlcpy(r->reason, (const char *)sqlite3_column_text(s, 5), sizeof r->reason);
  }
  sqlite3_reset(s);
  return rc == SQLITE_ROW ? KR_OK : rc == SQLITE_DONE ? KR_NOT_FOUND : kr_sqlite(rc);
}

static int insert_row(Db *db, const char *zUuid, int64_t seq, const char *zActivityUuid, const char *zMemberNo,
                      const char *zKind, const char *zStatus, const char *zMethod, const char *zOperator,
                      const char *zReverses, int64_t at, const char *zReason) {
  sqlite3_stmt *s = db_stmt(db, STMT_CHECKIN_INSERT);
  if (!s) return SQLITE_ERROR;
  sqlite3_bind_text(s, 1, zUuid, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 2, db->kioskId, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 3, seq);
  sqlite3_bind_text(s, 4, zActivityUuid, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 5, zMemberNo, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 6, zKind, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 7, zStatus, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 8, zMethod, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 9, zOperator ? zOperator : "", -1, SQLITE_STATIC);
  if (zReverses) sqlite3_bind_text(s, 10, zReverses, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 11, at);
  sqlite3_bind_text(s, 12, zReason ? zReason : "", -1, SQLITE_STATIC);
  int rc = sqlite3_step(s);
  sqlite3_reset(s);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

void checkin_set_window(Db *db, int openBeforeMin, int closeAfterMin) {
  db->openBeforeMin = openBeforeMin;
  db->closeAfterMin = closeAfterMin;
}

static int minutes(const char *zHm) { return atoi(zHm) * 60 + atoi(zHm + 3); }

CheckinWindow checkin_window(Db *db, const Activity *a, int64_t now, char pOpensAt[6]) {
  char today[11], hm[6];
  util_local_date(now, today);
  util_local_hm(now, hm);
  int open = minutes(a->startHm) - db->openBeforeMin, close = minutes(a->endHm) + db->closeAfterMin;
  if (open < 0) open = 0;
  if (pOpensAt) snprintf(pOpensAt, 6, "%02d:%02d", (open / 60) % 24, open % 60);
  int day = strcmp(today, a->day), m = minutes(hm);
  if (day < 0 || (day == 0 && m < open)) return CHECKIN_NOT_YET;
  if (day > 0 || m > close) return CHECKIN_CLOSED;
  return CHECKIN_OPEN;
}

KrCode checkin_open_activities(Db *db, Activity **pp, int *pn) {
  char today[11];
  int64_t now = util_now();
  util_local_date(now, today);
  Activity *a;
  int n;
  *pp = NULL;
  *pn = 0;
  KrCode rc = activity_list(db, today, 0, &a, &n);
  if (rc) return rc;
  int k = 0;
  for (int i = 0; i < n; i++)
    if (checkin_window(db, &a[i], now, NULL) == CHECKIN_OPEN) a[k++] = a[i];
  *pp = a;
  *pn = k;
  return KR_OK;
}

/* Reads the active member zMemberNo and activity id into r. Returns KR_OK,
 * KR_NOT_FOUND (no such active member or activity) or an SQLite code, with
 * an English message. */
static KrCode who_and_what(Db *db, const char *zMemberNo, int64_t activityId, CheckinRecord *r, char *zErr, int nErr) {
  KrCode rc = roster_get(db, zMemberNo, &r->member);
  if (rc == KR_OK && !r->member.active) rc = KR_NOT_FOUND;
  if (rc) {
    if (rc == KR_NOT_FOUND) snprintf(zErr, nErr, "no active member with number %s", zMemberNo);
    else snprintf(zErr, nErr, "cannot read the roster: %s", sqlite3_errmsg(db->h));
    return rc;
  }
  if ((rc = activity_get(db, activityId, &r->activity))) {
    if (rc == KR_NOT_FOUND) snprintf(zErr, nErr, "no activity with id %lld", (long long)activityId);
    else snprintf(zErr, nErr, "cannot read activity %lld: %s", (long long)activityId, sqlite3_errmsg(db->h));
  }
  return rc;
}

KrCode checkin_record(Db *db, int64_t activityId, const char *zMemberNo, const char *zMethod,
                      const char *zOperator, CheckinRecord *pOut, char *zErr, int nErr) {
  CheckinRecord r;
  memset(&r, 0, sizeof r);
  KrCode kr = who_and_what(db, zMemberNo, activityId, &r, zErr, nErr);
  if (kr) return kr;
  int64_t now = util_now();
  char today[11], hm[6];
  util_local_date(now, today);
  util_local_hm(now, hm);
  if (strcmp(r.activity.day, today)) {
    snprintf(zErr, nErr, "activity %lld is on %s, not today (%s)", (long long)activityId, r.activity.day, today);
    return KR_REFUSED;
  }
  char opensAt[6];
  CheckinWindow w = checkin_window(db, &r.activity, now, opensAt);
  if (w == CHECKIN_NOT_YET) {
    snprintf(zErr, nErr, "check-in for activity %lld opens at %s", (long long)activityId, opensAt);
    return KR_REFUSED;
  }
  if (w == CHECKIN_CLOSED) {
    snprintf(zErr, nErr, "check-in for activity %lld closed at %s", (long long)activityId, r.activity.endHm);
    return KR_REFUSED;
  }
  util_strlcpy(r.kioskId, db->kioskId, sizeof r.kioskId);
  int rc = db_begin(db);
  if (rc != SQLITE_OK) { snprintf(zErr, nErr, "the database is busy: %s", sqlite3_errmsg(db->h)); return kr_sqlite(rc); }
  kr = find_existing(db, r.activity.uuid, zMemberNo, &r);
  char leaveUuid[40] = "";
  if (kr == KR_OK && r.status == CHECKIN_LEAVE) { /* on leave, but came after all: the leave is reversed below */
    util_strlcpy(leaveUuid, r.uuid, sizeof leaveUuid);
    kr = KR_NOT_FOUND;
  }
  if (kr == KR_OK) {
    r.outcome = CHECKIN_ALREADY;
    db_rollback(db); /* nothing was written */
    *pOut = r;
    return KR_OK;
  }
  if (kr == KR_NOT_FOUND) {
    r.outcome = CHECKIN_NEW;
    r.at = now;
    r.status = strcmp(hm, r.activity.startHm) > 0 ? CHECKIN_LATE : CHECKIN_PRESENT;
    util_strlcpy(r.method, zMethod, sizeof r.method);
    r.reason[0] = 0;
    rc = SQLITE_OK;
    if (leaveUuid[0]) {
      char uuid[UUID_LEN + 1];
      int64_t seq;
      util_uuid4(uuid);
      rc = db_next_seq(db, &seq);
      if (rc == SQLITE_OK)
        rc = insert_row(db, uuid, seq, r.activity.uuid, zMemberNo, "reversal", checkin_status_text(CHECKIN_LEAVE), CHECKIN_METHOD_PROXY,
                        zOperator, leaveUuid, now, NULL);
    }
    util_uuid4(r.uuid);
    if (rc == SQLITE_OK) rc = db_next_seq(db, &r.seq);
    if (rc == SQLITE_OK)
      rc = insert_row(db, r.uuid, r.seq, r.activity.uuid, zMemberNo, "checkin", checkin_status_text(r.status), zMethod,
                      zOperator, NULL, now, NULL);
    /* The commit is the acknowledgement: with WAL and synchronous=FULL the
     * WAL has been fsync'd when COMMIT returns. */
    if (rc == SQLITE_OK) rc = db_commit(db);
  } else rc = SQLITE_ERROR;
  if (rc != SQLITE_OK) {
    snprintf(zErr, nErr, "the check-in could not be saved: %s", sqlite3_errmsg(db->h));
    db_rollback(db);
    return kr != KR_NOT_FOUND ? kr : kr_sqlite(rc);
  }
  *pOut = r;
  return KR_OK;
}

KrCode checkin_leave(Db *db, int64_t activityId, const char *zMemberNo, const char *zReason, const char *zOperator,
                     CheckinRecord *pOut, char *zErr, int nErr) {
  CheckinRecord r;
  memset(&r, 0, sizeof r);
  if (!zReason || !zReason[0] || !util_utf8_valid(zReason, strlen(zReason)) || util_utf8_count(zReason) > 20) {
    snprintf(zErr, nErr, "a leave needs a reason of 1-20 characters");
    return KR_BAD_INPUT;
  }
  KrCode kr = who_and_what(db, zMemberNo, activityId, &r, zErr, nErr);
  if (kr) return kr;
  util_strlcpy(r.kioskId, db->kioskId, sizeof r.kioskId);
  int rc = db_begin(db);
  if (rc != SQLITE_OK) { snprintf(zErr, nErr, "the database is busy"); return kr_sqlite(rc); }
  kr = find_existing(db, r.activity.uuid, zMemberNo, &r);
  if (kr == KR_OK) {
    db_rollback(db);
    if (r.status != CHECKIN_LEAVE) {
      snprintf(zErr, nErr, "%s has already checked in; undo that first", zMemberNo);
      return KR_REFUSED;
    }
    r.outcome = CHECKIN_ALREADY;
    *pOut = r;
    return KR_OK;
  }
  if (kr == KR_NOT_FOUND) {
    r.outcome = CHECKIN_NEW;
    r.at = util_now();
    r.status = CHECKIN_LEAVE;
    util_strlcpy(r.method, CHECKIN_METHOD_PROXY, sizeof r.method);
    util_strlcpy(r.reason, zReason, sizeof r.reason);
    util_uuid4(r.uuid);
    rc = db_next_seq(db, &r.seq);
    if (rc == SQLITE_OK)
      rc = insert_row(db, r.uuid, r.seq, r.activity.uuid, zMemberNo, "checkin", checkin_status_text(CHECKIN_LEAVE), CHECKIN_METHOD_PROXY,
                      zOperator, NULL, r.at, zReason);
    if (rc == SQLITE_OK) rc = db_commit(db);
  } else rc = SQLITE_ERROR;
  if (rc != SQLITE_OK) {
    snprintf(zErr, nErr, "the leave could not be saved: %s", sqlite3_errmsg(db->h));
    db_rollback(db);
    return kr != KR_NOT_FOUND ? kr : kr_sqlite(rc);
  }
  *pOut = r;
  return KR_OK;
}

KrCode checkin_reverse(Db *db, const char *zUuid, const char *zOperator, char *zErr, int nErr) {
  int rc = db_begin(db);
  if (rc != SQLITE_OK) { snprintf(zErr, nErr, "the database is busy"); return kr_sqlite(rc); }
  sqlite3_stmt *s;
  rc = sqlite3_prepare_v2(db->h,
      "SELECT activity_uuid, member_no, status, method, kind,"
      " EXISTS(SELECT 1 FROM checkin r WHERE r.reverses_uuid = c.uuid) FROM checkin c WHERE uuid = ?1",
      -1, &s, NULL);
  if (rc != SQLITE_OK) {
    snprintf(zErr, nErr, "database error: %s", sqlite3_errmsg(db->h));
    db_rollback(db);
    return kr_sqlite(rc);
  }
  sqlite3_bind_text(s, 1, zUuid, -1, SQLITE_STATIC);
  char act[40] = "", member[24] = "", status[12] = "", method[12] = "";
  KrCode kr = KR_OK;
  if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    if (strcmp((const char *)sqlite3_column_text(s, 4), "checkin")) {
      snprintf(zErr, nErr, "record %s is itself a reversal", zUuid);
      kr = KR_REFUSED;
    } else if (sqlite3_column_int(s, 5)) {
      snprintf(zErr, nErr, "check-in %s was already undone", zUuid);
      kr = KR_REFUSED;
    } else {
      util_strlcpy(act, (const char *)sqlite3_column_text(s, 0), sizeof act);
      util_strlcpy(member, (const char *)sqlite3_column_text(s, 1), sizeof member);
      util_strlcpy(status, (const char *)sqlite3_column_text(s, 2), sizeof status);
      util_strlcpy(method, (const char *)sqlite3_column_text(s, 3), sizeof method);
    }
  } else if (rc == SQLITE_DONE) {
    snprintf(zErr, nErr, "no check-in %s", zUuid);
    kr = KR_NOT_FOUND;
  } else {
    snprintf(zErr, nErr, "database error: %s", sqlite3_errmsg(db->h));
    kr = kr_sqlite(rc);
  }
  sqlite3_finalize(s);
  if (kr) { db_rollback(db); return kr; }
  char uuid[UUID_LEN + 1];
  util_uuid4(uuid);
  int64_t seq;
  rc = db_next_seq(db, &seq);
  if (rc == SQLITE_OK)
    rc = insert_row(db, uuid, seq, act, member, "reversal", status, method, zOperator, zUuid, util_now(), NULL);
  if (rc == SQLITE_OK) rc = db_commit(db);
  if (rc != SQLITE_OK) {
    snprintf(zErr, nErr, "the correction could not be saved: %s", sqlite3_errmsg(db->h));
    db_rollback(db);
    return kr_sqlite(rc);
  }
  return KR_OK;
}

KrCode checkin_default_activity(Db *db, Activity *pOut) {
  char today[11], hm[6];
  int64_t now = util_now();
  util_local_date(now, today);
  util_local_hm(now, hm);
  Activity *a;
  int n;
  KrCode rc = activity_list(db, today, 0, &a, &n);
  if (rc) return rc;
  rc = n == 0 ? KR_NOT_FOUND : KR_REFUSED;
  if (n == 1) { *pOut = a[0]; rc = KR_OK; }
  for (int i = 0; n > 1 && i < n; i++)
    if (strcmp(hm, a[i].startHm) >= 0 && strcmp(hm, a[i].endHm) < 0) { *pOut = a[i]; rc = KR_OK; break; }
  free(a);
  return rc;
}

KrCode checkin_attendance(Db *db, int64_t activityId, AttendanceRow **pp, int *pn, AttendanceCounts *pCounts) {
  *pp = NULL;
  *pn = 0;
  Activity act;
  KrCode kr = activity_get(db, activityId, &act);
  if (kr) return kr;
  Member *m;
  int n;
  if ((kr = roster_list(db, &m, &n))) return kr;
  AttendanceRow *rows = calloc((size_t)(n ? n : 1), sizeof *rows);
  if (!rows) { free(m); return KR_NOMEM; }
  AttendanceCounts c = {.expected = n};
  for (int i = 0; i < n; i++) {
    CheckinRecord r;
    rows[i].member = m[i];
    kr = find_existing(db, act.uuid, m[i].memberNo, &r);
    if (kr && kr != KR_NOT_FOUND) { free(m); free(rows); return kr; }
    if (kr == KR_OK) {
      rows[i].status = r.status;
      util_strlcpy(rows[i].uuid, r.uuid, sizeof rows[i].uuid);
      util_strlcpy(rows[i].method, r.method, sizeof rows[i].method);
      util_strlcpy(rows[i].reason, r.reason, sizeof rows[i].reason);
      rows[i].at = r.at;
      if (r.status == CHECKIN_LATE) c.late++;
      else if (r.status == CHECKIN_LEAVE) c.leave++;
      else c.present++;
    } else {
      rows[i].status = CHECKIN_ABSENT;
      c.absent++;
    }
  }
  free(m);
  *pp = rows;
  *pn = n;
  if (pCounts) *pCounts = c;
  return KR_OK;
}
