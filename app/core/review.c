/* review: see review.h. The counting is set-based: a few statements
 * materialise the period once into temp tables with indexes, then one join
 * yields every (village, activity, expected member) cell with its standing
 * status, and C adds each cell to its village, kind, member and activity —
 * so the sheets cannot disagree, whatever the data.
 *
 *   rv_village  the enrolled kiosks, each with the last moment its records
 *               count (its revocation, else asOf) and its last day
 *   rv_act      the latest version of each activity whose day is in the period
 *   rv_va       (village, activity) held: own or township's, started by asOf
 *   rv_mv       every roster version with the days it is in force,
 *               [from_day, to_day): a version is in force on day D when it is
 *               the latest (by seq) whose created_at local date is ≤ D
 *   rv_mem      the members listed: on the roster some day of the period
 *   rv_st       per (village activity, member) the standing record that
 *               decides, as the kiosk decides it: present/late before leave,
 *               then the earliest
 *
 * All of it runs inside one savepoint that is rolled back at the end, so
 * the temp tables vanish and the township's file is never written. Every
 * statement goes through run(), where a test can look at its query plan
 * (review_set_plan_hook). */
#include "review.h"
#include "activity.h"
#include "db_int.h"
#include "util.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void (*gPlanHook)(void *, struct sqlite3 *, const char *);
static void *gPlanCtx;

void review_set_plan_hook(void (*xHook)(void *pCtx, struct sqlite3 *h, const char *zSql), void *pCtx) {
  gPlanHook = xHook;
  gPlanCtx = pCtx;
}

double review_score(double rate, double hoursPerMember) {
  double h = hoursPerMember / 4;
  return rate * 80 + (h > 1 ? 1 : h < 0 ? 0 : h) * 20;
}

KrCode review_period(const char *zMonth, const char *zQuarter, char zFrom[11], char zTo[11], char *zLabel,
                     int nLabel, char *zErr, int nErr) {
  static const int aDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int y, m, q;
  char tail;
  if ((zMonth == NULL) == (zQuarter == NULL)) {
    snprintf(zErr, nErr, "give exactly one of --month YYYY-MM and --quarter YYYY-Qn");
    return KR_BAD_INPUT;
  }
  if (zMonth) {
    if (strlen(zMonth) != 7 || sscanf(zMonth, "%4d-%2d%c", &y, &m, &tail) != 2 || zMonth[4] != '-' || y < 1900 ||
        y > 2200 || m < 1 || m > 12) {
      snprintf(zErr, nErr, "the month must be YYYY-MM, e.g. 2026-11");
      return KR_BAD_INPUT;
    }
    int d = aDays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0));
    snprintf(zFrom, 11, "%04u-%02u-01", (unsigned)y % 10000, (unsigned)m % 100);
    snprintf(zTo, 11, "%04u-%02u-%02u", (unsigned)y % 10000, (unsigned)m % 100, (unsigned)d % 100);
    snprintf(zLabel, (size_t)nLabel, "%d年%d月", y, m);
    return KR_OK;
  }
  if (strlen(zQuarter) != 7 || sscanf(zQuarter, "%4d-Q%1d%c", &y, &q, &tail) != 2 || zQuarter[4] != '-' ||
      y < 1900 || y > 2200 || q < 1 || q > 4) {
    snprintf(zErr, nErr, "the quarter must be YYYY-Qn with n = 1..4, e.g. 2026-Q4");
    return KR_BAD_INPUT;
  }
  snprintf(zFrom, 11, "%04u-%02u-01", (unsigned)y % 10000, (unsigned)(q * 3 - 2) % 100);
  snprintf(zTo, 11, "%04u-%02u-%02u", (unsigned)y % 10000, (unsigned)(q * 3) % 100, (unsigned)aDays[q * 3 - 1] % 100);
  snprintf(zLabel, (size_t)nLabel, "%d年第%d季度", y, q);
  return KR_OK;
}

/* The parameters every statement may use: ?1 from, ?2 to, ?3 the township's
 * id, ?4 asOf (unix time). */
typedef struct {
  sqlite3 *h;
  const char *zFrom, *zTo, *zTown;
  int64_t asOf;
  char *zErr;
  int nErr;
} Ctx;

static const char *const kSetup[] = {
  "CREATE TEMP TABLE rv_village AS"
  " SELECT row_number() OVER (ORDER BY village, kiosk_id) - 1 AS vi, kiosk_id, village, branch, revoked,"
  "  lim_at, date(lim_at, 'unixepoch', 'localtime') AS lim_day, strftime('%H:%M', lim_at, 'unixepoch', 'localtime')"
  "  AS lim_hm, min(?2, date(lim_at, 'unixepoch', 'localtime')) AS end_day,"
  "  CASE WHEN revoked THEN coalesce(revoked_at, lim_at) ELSE 9000000000000000000 END AS rec_at"
  " FROM (SELECT *, CASE WHEN revoked AND revoked_at < ?4 THEN revoked_at ELSE ?4 END AS lim_at FROM kiosk)",
  "CREATE UNIQUE INDEX temp.rv_village_by_kiosk ON rv_village(kiosk_id)",
  "CREATE UNIQUE INDEX temp.rv_village_by_vi ON rv_village(vi)",

  "CREATE TEMP TABLE rv_act AS"
  " WITH cand AS (SELECT uuid FROM activity WHERE day BETWEEN ?1 AND ?2"
  "   UNION SELECT uuid FROM activity_history WHERE day BETWEEN ?1 AND ?2),"
  " vers AS (SELECT a.uuid, a.kiosk_id, a.seq, a.kind, a.title, a.day, a.start_hm FROM cand"
  "   JOIN activity a ON a.uuid = cand.uuid"
  "   UNION ALL SELECT a.uuid, a.kiosk_id, a.seq, a.kind, a.title, a.day, a.start_hm FROM cand"
  "   JOIN activity_history a ON a.uuid = cand.uuid),"
  " ranked AS (SELECT *, row_number() OVER (PARTITION BY uuid ORDER BY seq DESC) AS rn FROM vers)"
  " SELECT uuid, kiosk_id, kind, title, day, start_hm FROM ranked WHERE rn = 1 AND day BETWEEN ?1 AND ?2",
  "CREATE INDEX temp.rv_act_by_kiosk ON rv_act(kiosk_id)",
  "CREATE UNIQUE INDEX temp.rv_act_by_uuid ON rv_act(uuid)",

  /* own activities, then the township's at every village; held when they
   * started by the village's limit (asOf, or its revocation) */
  "CREATE TEMP TABLE rv_va AS"
  " SELECT row_number() OVER (ORDER BY vi, day, start_hm, uuid) - 1 AS ai, * FROM ("
  "  SELECT v.vi, v.kiosk_id, a.uuid, a.kind, a.title, a.day, a.start_hm, v.lim_day, v.lim_hm, v.rec_at"
  "   FROM rv_village v JOIN rv_act a ON a.kiosk_id = v.kiosk_id"
  "  UNION ALL SELECT v.vi, v.kiosk_id, a.uuid, a.kind, a.title, a.day, a.start_hm, v.lim_day, v.lim_hm, v.rec_at"
  "   FROM rv_act a JOIN rv_village v WHERE a.kiosk_id = ?3)"
  " WHERE day < lim_day OR (day = lim_day AND start_hm <= lim_hm)",
  "CREATE UNIQUE INDEX temp.rv_va_by_uuid ON rv_va(uuid, kiosk_id)",
  "CREATE UNIQUE INDEX temp.rv_va_by_ai ON rv_va(ai)",

  /* a version is in force from its date until the earliest date of any later
   * version (by seq); a version followed by one of the same date never is.
   * UNION drops a version held both in member and member_history. */
  "CREATE TEMP TABLE rv_mv AS"
  " WITH vers AS (SELECT kiosk_id, member_no, name, grp, active, seq, created_at FROM member"
  "   UNION SELECT kiosk_id, member_no, name, grp, active, seq, created_at FROM member_history),"
  " d AS (SELECT *, date(created_at, 'unixepoch', 'localtime') AS from_day FROM vers),"
  " w AS (SELECT *, min(from_day) OVER (PARTITION BY kiosk_id, member_no ORDER BY seq DESC"
  "   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS to_day FROM d)"
  " SELECT v.vi, member_no, name, grp, active, seq, from_day, to_day FROM w"
  " JOIN rv_village v ON v.kiosk_id = w.kiosk_id"
  " WHERE (to_day IS NULL OR to_day > from_day) AND w.created_at <= v.rec_at",
  "CREATE INDEX temp.rv_mv_by_day ON rv_mv(vi, from_day)",
  "CREATE INDEX temp.rv_mv_by_member ON rv_mv(vi, member_no, from_day)",

  /* listed: on the roster some day in [from, end_day]; name and group of
   * the version in force on end_day */
  "CREATE TEMP TABLE rv_mem AS"
  " WITH listed AS (SELECT DISTINCT m.vi, m.member_no FROM rv_mv m JOIN rv_village v ON v.vi = m.vi"
  "   WHERE m.active AND m.from_day <= v.end_day AND (m.to_day IS NULL OR m.to_day > ?1))"
  " SELECT row_number() OVER (ORDER BY v.vi, l.member_no) - 1 AS mi, v.vi, l.member_no, e.name, e.grp,"
  "  e.active AS on_at_end"
  " FROM listed l CROSS JOIN rv_village v ON v.vi = l.vi"
  " CROSS JOIN rv_mv e ON e.vi = l.vi AND e.member_no = l.member_no AND e.from_day <= v.end_day"
  "  AND (e.to_day IS NULL OR e.to_day > v.end_day)",
  "CREATE UNIQUE INDEX temp.rv_mem_by_member ON rv_mem(vi, member_no)",

  /* the standing records (no reversal names them) of the activities a
   * village held, made by its kiosk up to its revocation; the one that
   * decides comes first */
  "CREATE TEMP TABLE rv_st AS"
  " SELECT ai, member_no, status FROM ("
  "  SELECT va.ai, c.member_no, c.status, row_number() OVER (PARTITION BY va.ai, c.member_no"
  "   ORDER BY c.status = 'leave', c.at, c.seq) AS rn"
  "  FROM rv_act a CROSS JOIN checkin c ON c.activity_uuid = a.uuid" /* CROSS: in this order, the few lead */
  "  CROSS JOIN rv_va va ON va.uuid = c.activity_uuid AND va.kiosk_id = c.kiosk_id"
  "  LEFT JOIN checkin r ON r.reverses_uuid = c.uuid AND r.at <= va.rec_at"
  "  WHERE c.kind = 'checkin' AND c.at <= va.rec_at AND r.uuid IS NULL)"
  " WHERE rn = 1",
  "CREATE UNIQUE INDEX temp.rv_st_by_key ON rv_st(ai, member_no)",
};

static const char *const kVillages =
  "SELECT vi, kiosk_id, village, branch, revoked FROM rv_village ORDER BY vi";
static const char *const kActivities =
  "SELECT ai, vi, uuid, day, start_hm, kind, title FROM rv_va ORDER BY ai";
static const char *const kMembers =
  "SELECT mi, vi, member_no, name, grp, on_at_end FROM rv_mem ORDER BY mi";
/* every expected cell: the member's version in force on the activity's day
 * is active; its standing status, '' when none */
static const char *const kCells =
  "SELECT va.vi, va.ai, mm.mi, coalesce(s.status, '')"
  " FROM rv_va va JOIN rv_mv m ON m.vi = va.vi AND m.from_day <= va.day"
  "  AND (m.to_day IS NULL OR m.to_day > va.day)"
  " JOIN rv_mem mm ON mm.vi = m.vi AND mm.member_no = m.member_no"
  " LEFT JOIN rv_st s ON s.ai = va.ai AND s.member_no = m.member_no"
  " WHERE m.active";
static const char *const kOffRoster =
  "SELECT va.vi, count(*) FROM rv_st s JOIN rv_va va ON va.ai = s.ai"
  " WHERE s.status <> 'leave' AND NOT EXISTS (SELECT 1 FROM rv_mv m WHERE m.vi = va.vi"
  "  AND m.member_no = s.member_no AND m.active AND m.from_day <= va.day AND (m.to_day IS NULL OR m.to_day > va.day))"
  " GROUP BY va.vi";
/* hours by the entry's day; the latest review decides */
static const char *const kHours =
  "SELECT v.vi, mm.mi, coalesce(sum(CASE WHEN x.d = 'approved' THEN x.half END), 0) / 2.0,"
  "  coalesce(sum(CASE WHEN x.d IS NULL THEN x.half END), 0) / 2.0"
  " FROM (SELECT e.kiosk_id, e.member_no, e.half_hours AS half, e.at,"
  "   (SELECT r.decision FROM vol_review r WHERE r.entry_uuid = e.uuid ORDER BY r.seq DESC LIMIT 1) AS d"
  "   FROM vol_entry e WHERE e.day BETWEEN ?1 AND ?2) x"
  " JOIN rv_village v ON v.kiosk_id = x.kiosk_id AND x.at <= v.rec_at"
  " LEFT JOIN rv_mem mm ON mm.vi = v.vi AND mm.member_no = x.member_no"
  " GROUP BY v.vi, mm.mi";

/* Prepares zSql with the review's parameters bound; *pp is the caller's to
 * finalize. Shows the statement to the plan hook first. */
static KrCode prepare(Ctx *c, const char *zSql, sqlite3_stmt **pp) {
  if (gPlanHook) gPlanHook(gPlanCtx, c->h, zSql);
  int rc = sqlite3_prepare_v2(c->h, zSql, -1, pp, NULL);
  if (rc != SQLITE_OK) {
    snprintf(c->zErr, c->nErr, "review query: %s", sqlite3_errmsg(c->h));
    return rc == SQLITE_BUSY ? KR_BUSY : KR_DB;
  }
  int n = sqlite3_bind_parameter_count(*pp);
  if (n >= 1) sqlite3_bind_text(*pp, 1, c->zFrom, -1, SQLITE_STATIC);
  if (n >= 2) sqlite3_bind_text(*pp, 2, c->zTo, -1, SQLITE_STATIC);
  if (n >= 3) sqlite3_bind_text(*pp, 3, c->zTown, -1, SQLITE_STATIC);
  if (n >= 4) sqlite3_bind_int64(*pp, 4, c->asOf);
  return KR_OK;
}

/* Runs a statement that returns no rows. */
static KrCode run(Ctx *c, const char *zSql) {
  sqlite3_stmt *s;
  KrCode kr = prepare(c, zSql, &s);
  if (kr) return kr;
  int rc = sqlite3_step(s);
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) {
    snprintf(c->zErr, c->nErr, "review query: %s", sqlite3_errmsg(c->h));
    return rc == SQLITE_BUSY ? KR_BUSY : KR_DB;
  }
  return KR_OK;
}

static KrCode step_error(Ctx *c, sqlite3_stmt *s, int rc) {
  if (rc == SQLITE_NOMEM) snprintf(c->zErr, c->nErr, "out of memory");
  else snprintf(c->zErr, c->nErr, "review query: %s", sqlite3_errmsg(c->h));
  sqlite3_finalize(s);
  return rc == SQLITE_BUSY ? KR_BUSY : KR_DB;
}

/* Grows *pa (of element size sz) so index i fits; capacity in *pCap. */
static int grow(void **pa, int *pCap, int i, size_t sz) {
  if (i < *pCap) return 0;
  int cap = *pCap ? *pCap * 2 : 64;
  while (cap <= i) cap *= 2;
  void *p = realloc(*pa, (size_t)cap * sz);
  if (!p) return -1;
  memset((char *)p + (size_t)*pCap * sz, 0, (size_t)(cap - *pCap) * sz);
  *pa = p;
  *pCap = cap;
  return 0;
}

static char *dup_col(sqlite3_stmt *s, int i) {
  const char *z = (const char *)sqlite3_column_text(s, i);
  return strdup(z ? z : "");
}

static const char *col(sqlite3_stmt *s, int i) {
  const char *z = (const char *)sqlite3_column_text(s, i);
  return z ? z : "";
}

/* The known kinds in activity_kinds() order, then others by name. */
static int kind_rank(const char *z) {
  int i = 0;
  for (const char *const *k = activity_kinds(); *k; k++, i++)
    if (!strcmp(*k, z)) return i;
  return i;
}

static int cmp_kind(const void *a, const void *b) {
  const ReviewKind *x = a, *y = b;
  int rx = kind_rank(x->zKind), ry = kind_rank(y->zKind);
  return rx != ry ? rx - ry : strcmp(x->zKind, y->zKind);
}

static void add_cell(ReviewCounts *p, const char *zStatus) {
  p->nExpected++;
  if (!strcmp(zStatus, "present")) p->nCame++;
  else if (!strcmp(zStatus, "late")) p->nCame++, p->nLate++;
  else if (!strcmp(zStatus, "leave")) p->nLeave++;
  else p->nAbsent++;
}

static double rate_of(const ReviewCounts *p) { return p->nExpected ? (double)p->nCame / p->nExpected : 0; }

static KrCode read_rows(Ctx *c, ReviewResult *r) {
  sqlite3_stmt *s;
  KrCode kr;
  int rc, cap = 0;
  if ((kr = prepare(c, kVillages, &s))) return kr;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    int i = sqlite3_column_int(s, 0);
    if (i != r->nVillage || grow((void **)&r->aVillage, &cap, i, sizeof *r->aVillage)) return step_error(c, s, SQLITE_NOMEM);
    ReviewVillage *v = &r->aVillage[r->nVillage++];
    util_strlcpy(v->zKioskId, col(s, 1), sizeof v->zKioskId);
    v->zVillage = dup_col(s, 2);
    v->zBranch = dup_col(s, 3);
    v->revoked = sqlite3_column_int(s, 4) != 0;
  }
  if (rc != SQLITE_DONE) return step_error(c, s, rc);
  sqlite3_finalize(s);

  cap = 0;
  int capKind = 0;
  if ((kr = prepare(c, kActivities, &s))) return kr;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    int i = sqlite3_column_int(s, 0);
    if (i != r->nActivity || grow((void **)&r->aActivity, &cap, i, sizeof *r->aActivity))
      return step_error(c, s, SQLITE_NOMEM);
    ReviewActivity *a = &r->aActivity[r->nActivity++];
    a->iVillage = sqlite3_column_int(s, 1);
    util_strlcpy(a->zUuid, col(s, 2), sizeof a->zUuid);
    util_strlcpy(a->zDay, col(s, 3), sizeof a->zDay);
    util_strlcpy(a->zStart, col(s, 4), sizeof a->zStart);
    util_strlcpy(a->zKind, col(s, 5), sizeof a->zKind);
    a->zTitle = dup_col(s, 6);
    r->aVillage[a->iVillage].nActivities++;
    int k = 0;
    while (k < r->nKind && strcmp(r->aKind[k].zKind, a->zKind)) k++;
    if (k == r->nKind) {
      if (grow((void **)&r->aKind, &capKind, k, sizeof *r->aKind)) return step_error(c, s, SQLITE_NOMEM);
      util_strlcpy(r->aKind[r->nKind++].zKind, a->zKind, sizeof r->aKind[k].zKind);
    }
    r->aKind[k].nActivities++;
  }
  if (rc != SQLITE_DONE) return step_error(c, s, rc);
  sqlite3_finalize(s);
  if (r->nKind) qsort(r->aKind, (size_t)r->nKind, sizeof *r->aKind, cmp_kind);

  cap = 0;
  if ((kr = prepare(c, kMembers, &s))) return kr;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    int i = sqlite3_column_int(s, 0);
    if (i != r->nMember || grow((void **)&r->aMember, &cap, i, sizeof *r->aMember)) return step_error(c, s, SQLITE_NOMEM);
    ReviewMember *m = &r->aMember[r->nMember++];
    m->iVillage = sqlite3_column_int(s, 1);
    util_strlcpy(m->zMemberNo, col(s, 2), sizeof m->zMemberNo);
    m->zName = dup_col(s, 3);
    m->zGroup = dup_col(s, 4);
    m->onRosterAtEnd = sqlite3_column_int(s, 5) != 0;
    if (m->onRosterAtEnd) r->aVillage[m->iVillage].nMembers++;
  }
  if (rc != SQLITE_DONE) return step_error(c, s, rc);
  sqlite3_finalize(s);
  return KR_OK;
}

static KrCode count_cells(Ctx *c, ReviewResult *r) {
  /* the kind of each activity, once */
  int *aKindOf = malloc(sizeof(int) * (size_t)(r->nActivity ? r->nActivity : 1));
  if (!aKindOf) { snprintf(c->zErr, c->nErr, "out of memory"); return KR_NOMEM; }
  for (int i = 0; i < r->nActivity; i++) {
    int k = 0;
    while (strcmp(r->aKind[k].zKind, r->aActivity[i].zKind)) k++;
    aKindOf[i] = k;
  }
  sqlite3_stmt *s;
  KrCode kr = prepare(c, kCells, &s);
  int rc;
  while (!kr && (rc = sqlite3_step(s)) == SQLITE_ROW) {
    int vi = sqlite3_column_int(s, 0), ai = sqlite3_column_int(s, 1), mi = sqlite3_column_int(s, 2);
    const char *st = col(s, 3);
    add_cell(&r->aVillage[vi].c, st);
    add_cell(&r->aActivity[ai].c, st);
    add_cell(&r->aKind[aKindOf[ai]].c, st);
    add_cell(&r->aMember[mi].c, st);
    add_cell(&r->total, st);
  }
  free(aKindOf);
  if (kr) return kr;
  if (rc != SQLITE_DONE) return step_error(c, s, rc);
  sqlite3_finalize(s);

  if ((kr = prepare(c, kOffRoster, &s))) return kr;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) r->aVillage[sqlite3_column_int(s, 0)].nOffRoster = sqlite3_column_int(s, 1);
  if (rc != SQLITE_DONE) return step_error(c, s, rc);
  sqlite3_finalize(s);

  if ((kr = prepare(c, kHours, &s))) return kr;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    ReviewVillage *v = &r->aVillage[sqlite3_column_int(s, 0)];
    double approved = sqlite3_column_double(s, 2), pending = sqlite3_column_double(s, 3);
    v->approvedHours += approved;
    v->pendingHours += pending;
    r->totalApprovedHours += approved;
    r->totalPendingHours += pending;
    if (sqlite3_column_type(s, 1) != SQLITE_NULL) {
      ReviewMember *m = &r->aMember[sqlite3_column_int(s, 1)];
      m->approvedHours += approved;
      m->pendingHours += pending;
    }
  }
  if (rc != SQLITE_DONE) return step_error(c, s, rc);
  sqlite3_finalize(s);
  return KR_OK;
}

static void finish(ReviewResult *r) {
  for (int i = 0; i < r->nVillage; i++) {
    ReviewVillage *v = &r->aVillage[i];
    v->rate = rate_of(&v->c);
    v->hoursPerMember = v->nMembers ? v->approvedHours / v->nMembers : 0;
    v->score = review_score(v->rate, v->hoursPerMember);
  }
  for (int i = 0; i < r->nKind; i++) r->aKind[i].rate = rate_of(&r->aKind[i].c);
  for (int i = 0; i < r->nMember; i++) r->aMember[i].rate = rate_of(&r->aMember[i].c);
}

/* Puts back the connection's mmap_size and (when tempWas ≥ 0) temp_store. */
static void restore(sqlite3 *h, int64_t mmapWas, int64_t tempWas) {
  char sql[96];
  snprintf(sql, sizeof sql, "PRAGMA mmap_size = %lld", (long long)(mmapWas < 0 ? 0 : mmapWas));
  sqlite3_exec(h, sql, NULL, NULL, NULL);
  if (tempWas >= 0) {
    snprintf(sql, sizeof sql, "PRAGMA temp_store = %lld", (long long)tempWas);
    sqlite3_exec(h, sql, NULL, NULL, NULL);
  }
}

/* "2026年11月" or "2026年第4季度" when [zFrom, zTo] is one, else the two dates. */
static void label(const char *zFrom, const char *zTo, char *zOut, int nOut) {
  char spec[32], from[11], to[11], err[8];
  snprintf(zOut, (size_t)nOut, "%s至%s", zFrom, zTo);
  snprintf(spec, sizeof spec, "%.7s", zFrom);
  if (!review_period(spec, NULL, from, to, zOut, nOut, err, sizeof err) && !strcmp(from, zFrom) && !strcmp(to, zTo))
    return;
  int m = atoi(zFrom + 5);
  snprintf(spec, sizeof spec, "%.4s-Q%d", zFrom, (m + 2) / 3);
  if (!review_period(NULL, spec, from, to, zOut, nOut, err, sizeof err) && !strcmp(from, zFrom) && !strcmp(to, zTo))
    return;
  snprintf(zOut, (size_t)nOut, "%s至%s", zFrom, zTo);
}

KrCode review_compute(struct sqlite3 *h, const char *zTownshipId, const char *zFrom, const char *zTo, int64_t asOf,
                      ReviewResult **ppOut, char *zErr, int nErr) {
  *ppOut = NULL;
  if (!util_valid_date(zFrom) || !util_valid_date(zTo) || strcmp(zFrom, zTo) > 0) {
    snprintf(zErr, nErr, "the period must be two dates YYYY-MM-DD, the first not after the second");
    return KR_BAD_INPUT;
  }
  ReviewResult *r = calloc(1, sizeof *r);
  if (!r) { snprintf(zErr, nErr, "out of memory"); return KR_NOMEM; }
  util_strlcpy(r->zFrom, zFrom, sizeof r->zFrom);
  util_strlcpy(r->zTo, zTo, sizeof r->zTo);
  label(zFrom, zTo, r->zLabel, sizeof r->zLabel);
  r->asOf = asOf;
  Ctx c = {.h = h, .zFrom = zFrom, .zTo = zTo, .zTown = zTownshipId ? zTownshipId : "", .asOf = asOf,
           .zErr = zErr, .nErr = nErr};
  /* Reads through a memory map and temp tables in memory: the review reads
   * a month's check-ins scattered over a large file. Both are put back after;
   * the temp store only when the connection has no temp objects of its own
   * (changing it drops them). */
  int64_t mmapWas = db_int64(h, "PRAGMA mmap_size", NULL), tempWas = db_int64(h, "PRAGMA temp_store", NULL);
  int tempOwn = db_int64(h, "SELECT count(*) FROM temp.sqlite_master", NULL) == 0 && tempWas != 2;
  sqlite3_exec(h, "PRAGMA mmap_size = 2147418112", NULL, NULL, NULL);
  if (tempOwn) sqlite3_exec(h, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
  /* one read snapshot; rolled back, so the temp tables go with it */
  if (sqlite3_exec(h, "SAVEPOINT review", NULL, NULL, NULL) != SQLITE_OK) {
    snprintf(zErr, nErr, "review: %s", sqlite3_errmsg(h));
    restore(h, mmapWas, tempOwn ? tempWas : -1);
    free(r);
    return KR_DB;
  }
  KrCode kr = KR_OK;
  for (size_t i = 0; !kr && i < sizeof kSetup / sizeof kSetup[0]; i++) kr = run(&c, kSetup[i]);
  if (!kr) kr = read_rows(&c, r);
  if (!kr) kr = count_cells(&c, r);
  sqlite3_exec(h, "ROLLBACK TO review; RELEASE review", NULL, NULL, NULL);
  restore(h, mmapWas, tempOwn ? tempWas : -1);
  if (kr) {
    review_free(r);
    return kr;
  }
  finish(r);
  *ppOut = r;
  return KR_OK;
}

void review_free(ReviewResult *p) {
  if (!p) return;
  for (int i = 0; i < p->nVillage; i++) free(p->aVillage[i].zVillage), free(p->aVillage[i].zBranch);
  for (int i = 0; i < p->nMember; i++) free(p->aMember[i].zName), free(p->aMember[i].zGroup);
  for (int i = 0; i < p->nActivity; i++) free(p->aActivity[i].zTitle);
  free(p->aVillage);
  free(p->aKind);
  free(p->aMember);
  free(p->aActivity);
  free(p);
}
