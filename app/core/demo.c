/* demo: see demo.h. The CSV files are compiled in by cmake/embed.cmake. */
#include "demo.h"
#include "activity.h"
#include "csv.h"
#include "db_int.h"
#include "roster.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char demo_members[], demo_activities[];
extern const size_t demo_members_len, demo_activities_len;

static int has_activity(Db *db, const char *zDay, const char *zTitle) {
  sqlite3_stmt *s;
  if (sqlite3_prepare_v2(db->h, "SELECT 1 FROM activity WHERE day = ?1 AND title = ?2", -1, &s, NULL)) return -1;
  sqlite3_bind_text(s, 1, zDay, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 2, zTitle, -1, SQLITE_STATIC);
  int rc = sqlite3_step(s);
  sqlite3_finalize(s);
  return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Today's demo activity starts at the next half hour after the demo is
 * loaded ("next" in the CSV) and lasts "+N" minutes, so whoever tries the
 * demo, at whatever hour, finds a 主题党日 open for check-in. */
static void relative_times(const char *zStart, const char *zEnd, char start[6], char end[6]) {
  util_strlcpy(start, zStart, 6);
  util_strlcpy(end, zEnd, 6);
  if (strcmp(zStart, "next")) return;
  char hm[6];
  util_local_hm(util_now(), hm);
  int m = atoi(hm) * 60 + atoi(hm + 3);
  m = (m / 30 + 1) * 30;
  if (m > 23 * 60 + 30 || m < 0) m = 23 * 60 + 30;
  int e = m + (zEnd[0] == '+' ? atoi(zEnd + 1) : 180);
  if (e > 23 * 60 + 59 || e < m) e = 23 * 60 + 59;
  snprintf(start, 6, "%02u:%02u", (unsigned)m / 60 % 24, (unsigned)m % 60);
  snprintf(end, 6, "%02u:%02u", (unsigned)e / 60 % 24, (unsigned)e % 60);
}

int demo_load(Db *db, const Config *cfg, DemoStats *pStats, char *zErr, int nErr) {
  DemoStats st = {0};
  RosterImportStats rs;
  if (roster_import_bytes(db, demo_members, demo_members_len, cfg->branch, &rs, zErr, nErr)) return -1;
  st.membersAdded = rs.added;
  st.membersUpdated = rs.updated;

  char today[11];
  util_local_date(util_now(), today);
  CsvReader r;
  csv_init(&r, demo_activities, demo_activities_len);
  int rc = 0, got = csv_next(&r); /* header */
  while (rc == 0 && (got = csv_next(&r)) > 0) {
    if (r.nField != 6) { snprintf(zErr, nErr, "demo activities line %d: expected 6 fields", r.recordLine); rc = -1; break; }
    Activity a;
    memset(&a, 0, sizeof a);
    if (util_date_add(today, atoi(r.azField[0]), a.day)) { snprintf(zErr, nErr, "bad demo date"); rc = -1; break; }
    util_strlcpy(a.kind, r.azField[1], sizeof a.kind);
    util_strlcpy(a.title, r.azField[2], sizeof a.title);
    relative_times(r.azField[3], r.azField[4], a.startHm, a.endHm);
    util_strlcpy(a.location, r.azField[5], sizeof a.location);
    util_strlcpy(a.source, !strcmp(a.kind, "培训") ? "township" : "local", sizeof a.source);
    int have = has_activity(db, a.day, a.title);
    if (have < 0) { snprintf(zErr, nErr, "database error"); rc = -1; }
    else if (!have) {
      if (activity_add(db, &a, NULL, zErr, nErr)) rc = -1;
      else st.activitiesAdded++;
    }
  }
  csv_free(&r);
  if (rc == 0 && got < 0) { snprintf(zErr, nErr, "malformed demo activities"); rc = -1; }
  if (pStats) *pStats = st;
  return rc;
}
