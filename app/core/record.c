/* record: see record.h. */
#include "record.h"
#include "db_int.h"
#include "util.h"
#include "volunteer.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

KrCode record_member(Db *db, const char *zMemberNo, const RatingRules *rules, int64_t now, MemberRecord *p) {
  memset(p, 0, sizeof *p);
  char today[11], hm[6], from[11], to[11];
  util_local_date(now, today);
  util_local_hm(now, hm);
  p->year = (int)strtol(today, NULL, 10);
  snprintf(from, sizeof from, "%.4s-01-01", today);
  snprintf(to, sizeof to, "%.4s-12-31", today);
  /* each activity held so far this year, with the member's standing record */
  sqlite3_stmt *s;
  /* held: begun by now, or already checked in to (check-in opens before the start) */
  int rc = sqlite3_prepare_v2(db->h,
        "SELECT status FROM (SELECT a.day, a.start_hm,"
        "   (SELECT c.status FROM checkin_standing c WHERE c.activity_uuid = a.uuid AND c.member_no = ?1"
        "     ORDER BY c.id DESC LIMIT 1) AS status"
        "   FROM activity a WHERE a.day BETWEEN ?2 AND ?3)"
        " WHERE day < ?3 OR start_hm <= ?4 OR status IN ('present', 'late')",
        -1, &s, NULL);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  sqlite3_bind_text(s, 1, zMemberNo, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 2, from, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 3, today, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 4, hm, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    p->held++;
    const char *st = (const char *)sqlite3_column_text(s, 0);
    if (!st) continue;
    if (!strcmp(st, "present")) p->attended++;
    else if (!strcmp(st, "late")) { p->attended++; p->late++; }
    else if (!strcmp(st, "leave")) p->leave++;
  }
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) return kr_sqlite(rc);
  p->ratePct = p->held ? (p->attended * 100 + p->held / 2) / p->held : 0;
  KrCode kr = vol_member_totals(db, zMemberNo, from, to, &p->approvedHalf, &p->pendingHalf);
  if (kr) return kr;
  p->points = rating_points(rules, p->attended - p->late, p->late, p->leave, p->approvedHalf);
  p->stars = rating_stars(rules, p->points);
  return KR_OK;
}
