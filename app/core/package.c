/* package: see package.h. */
#include "package.h"
#include "activity.h"
#include "db_int.h"
#include "notice.h"
#include "rating.h"
#include "roster.h"
#include "sync.h"
#include "util.h"
#include "volunteer.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t package_version(Db *db) {
  char v[32];
  return sync_meta_get(db, "package_version", v, sizeof v) == 1 ? strtoll(v, NULL, 10) : 0;
}

static int manifest(Db *db, const char *zKey, char *zOut, int nOut) {
  sqlite3_stmt *s;
  zOut[0] = 0;
  if (sqlite3_prepare_v2(db->h, "SELECT value FROM p.manifest WHERE key = ?1", -1, &s, NULL) != SQLITE_OK) return -1;
  sqlite3_bind_text(s, 1, zKey, -1, SQLITE_STATIC);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW && sqlite3_column_text(s, 0)) util_strlcpy(zOut, (const char *)sqlite3_column_text(s, 0), (size_t)nOut);
  sqlite3_finalize(s);
  return rc == SQLITE_ROW ? 0 : -1;
}

static int has_table(Db *db, const char *zName) {
  sqlite3_stmt *s;
  int have = 0;
  if (sqlite3_prepare_v2(db->h, "SELECT 1 FROM p.sqlite_master WHERE type = 'table' AND name = ?1", -1, &s, NULL) ==
      SQLITE_OK) {
    sqlite3_bind_text(s, 1, zName, -1, SQLITE_STATIC);
    have = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
  }
  return have;
}

static int exec_count(Db *db, const char *zSql, const char *zTownship, int *pCount) {
  sqlite3_stmt *s;
  if (sqlite3_prepare_v2(db->h, zSql, -1, &s, NULL) != SQLITE_OK) return -1;
  if (zTownship) sqlite3_bind_text(s, 1, zTownship, -1, SQLITE_STATIC);
  int rc = sqlite3_step(s);
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) return -1;
  if (pCount) *pCount += sqlite3_changes(db->h);
  return 0;
}

/* The calendar: a new township activity is added; a changed one becomes a
 * new version of the same activity (check-ins keep pointing to it). */
static int apply_calendar(Db *db, const char *zTownship, int *pCount, char *zErr, int nErr) {
  sqlite3_stmt *s;
  if (sqlite3_prepare_v2(db->h,
        "SELECT uuid, version_uuid, seq, kind, title, day, start_hm, end_hm, location, created_at FROM p.activity"
        " WHERE kiosk_id = ?1", -1, &s, NULL) != SQLITE_OK) {
    snprintf(zErr, nErr, "malformed package: bad activity table");
    return -1;
  }
  sqlite3_bind_text(s, 1, zTownship, -1, SQLITE_STATIC);
  int rc = 0;
  while (!rc && sqlite3_step(s) == SQLITE_ROW) {
    const char *a[10];
    for (int i = 0; i < 10; i++) a[i] = (const char *)sqlite3_column_text(s, i);
    int known = 0;
    for (const char *const *k = activity_kinds(); *k; k++) known |= a[3] && !strcmp(*k, a[3]);
    if (!a[0] || !a[1] || !known || !a[5] || !util_valid_date(a[5]) || !a[6] || !util_valid_hm(a[6]) || !a[7] ||
        !util_valid_hm(a[7]) || strcmp(a[6], a[7]) >= 0 || !a[4] || !a[4][0]) {
      snprintf(zErr, nErr, "malformed package: activity \"%s\" is not valid", a[4] ? a[4] : "?");
      rc = -1;
      break;
    }
    sqlite3_stmt *u;
    const char *sql =
      "INSERT INTO activity(uuid, version_uuid, kiosk_id, seq, kind, title, day, start_hm, end_hm, location, source,"
      " created_at) VALUES(?1, ?2, ?11, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'township', ?10)"
      " ON CONFLICT(uuid) DO UPDATE SET version_uuid = ?2, kiosk_id = ?11, seq = ?3, kind = ?4, title = ?5, day = ?6,"
      " start_hm = ?7, end_hm = ?8, location = ?9, created_at = ?10 WHERE version_uuid IS NOT ?2";
    if (sqlite3_prepare_v2(db->h, sql, -1, &u, NULL) != SQLITE_OK) { rc = -1; break; }
    for (int i = 0; i < 10; i++) {
      if (i == 2 || i == 9) sqlite3_bind_int64(u, i + 1, sqlite3_column_int64(s, i));
      else sqlite3_bind_text(u, i + 1, a[i] ? a[i] : "", -1, SQLITE_TRANSIENT);
    }
    sqlite3_bind_text(u, 11, zTownship, -1, SQLITE_STATIC);
    if (sqlite3_step(u) != SQLITE_DONE) {
      snprintf(zErr, nErr, "could not apply activity \"%s\": %s", a[4], sqlite3_errmsg(db->h));
      rc = -1;
    } else *pCount += sqlite3_changes(db->h);
    sqlite3_finalize(u);
  }
  sqlite3_finalize(s);
  return rc;
}

/* This kiosk's roster from the package, if the package names this kiosk:
 * the rows of its own village only. */
static KrCode apply_roster(Db *db, SyncApplied *pOut, char *zErr, int nErr) {
  if (has_table(db, "roster")) {
    snprintf(zErr, nErr, "malformed package: its roster names no village (an older township program made it); "
                         "build the package again");
    return KR_MALFORMED;
  }
  if (!has_table(db, "roster_village")) return KR_OK;
  if (!has_table(db, "kiosk_village")) {
    snprintf(zErr, nErr, "malformed package: a roster without the kiosks' villages");
    return KR_MALFORMED;
  }
  /* rows without a 支部 column keep the branch the village's members have */
  char branch[96] = "";
  sqlite3_stmt *s;
  if (sqlite3_prepare_v2(db->h, "SELECT branch FROM member WHERE active GROUP BY branch ORDER BY count(*) DESC LIMIT 1",
                         -1, &s, NULL) == SQLITE_OK) {
    if (sqlite3_step(s) == SQLITE_ROW) util_strlcpy(branch, (const char *)sqlite3_column_text(s, 0), sizeof branch);
    sqlite3_finalize(s);
  }
  /* the village names are compared whole, in SQL: never cut to a buffer */
  if (sqlite3_prepare_v2(db->h, "SELECT r.csv FROM p.roster_village r JOIN p.kiosk_village k ON k.village = r.village"
                                " WHERE k.kiosk_id = ?1", -1, &s, NULL) != SQLITE_OK) {
    snprintf(zErr, nErr, "malformed package: bad roster_village or kiosk_village table");
    return KR_MALFORMED;
  }
  sqlite3_bind_text(s, 1, db->kioskId, -1, SQLITE_STATIC);
  KrCode rc = KR_OK;
  while (!rc && sqlite3_step(s) == SQLITE_ROW) { /* none: the package does not name this kiosk, or its village has no rows */
    RosterImportStats st;
    char err[400];
    const char *csv = (const char *)sqlite3_column_blob(s, 0);
    if (roster_import_in_txn(db, csv ? csv : "", (size_t)sqlite3_column_bytes(s, 0), branch, &st, err, sizeof err)) {
      snprintf(zErr, nErr, "malformed package: this village's roster: %s", err);
      rc = KR_MALFORMED;
    } else pOut->members += st.added + st.updated;
  }
  sqlite3_finalize(s);
  return rc;
}

/* KR_NOT_NEWER (with the message) unless version v is newer than the one
 * applied; the answer holds only inside the write transaction. */
static KrCode check_newer(Db *db, long long v, char *zErr, int nErr) {
  int64_t have = package_version(db);
  if (v > have) return KR_OK;
  snprintf(zErr, nErr, "package version %lld is not newer than the one already applied (%lld): old or replayed", v,
           (long long)have);
  return KR_NOT_NEWER;
}

/* Stages the notices' images into the kiosk's database before the
 * package's own transaction, one image per short transaction. They are
 * nearly all of a package's bytes (up to 64 MiB); written inside the final
 * merge they would hold the write lock for as long as writing and fsyncing
 * them takes, and a check-in tapped meanwhile would wait behind them. Only
 * a package already verified and checked gets here. An image refers to its
 * notice, which lands in the final merge: foreign keys are off while
 * staging, and nothing shows an image without its notice. If the final
 * merge then fails, the staged rows stay (records are append-only); the
 * package's version does not move, so it is applied again later, and the
 * merge's INSERT OR IGNORE skips what is staged. */
static KrCode stage_images(Db *db, const char *zTownship, char *zErr, int nErr) {
  if (!has_table(db, "notice_image")) return KR_OK;
  sqlite3_stmt *s;
  int64_t *aId = NULL;
  int n = 0, cap = 0, rc = SQLITE_OK;
  if (sqlite3_prepare_v2(db->h, "SELECT rowid FROM p.notice_image WHERE kiosk_id = ?1", -1, &s, NULL) != SQLITE_OK) {
    snprintf(zErr, nErr, "malformed package: bad notice_image table");
    return KR_MALFORMED;
  }
  sqlite3_bind_text(s, 1, zTownship, -1, SQLITE_STATIC);
  while (!rc && sqlite3_step(s) == SQLITE_ROW) {
    if (n == cap) {
      int64_t *a = realloc(aId, sizeof *aId * (size_t)(cap = cap ? cap * 2 : 32));
      if (!a) { rc = SQLITE_NOMEM; break; }
      aId = a;
    }
    aId[n++] = sqlite3_column_int64(s, 0);
  }
  sqlite3_finalize(s);
  if (!rc && n) rc = sqlite3_exec(db->h, "PRAGMA foreign_keys=OFF", NULL, NULL, NULL);
  for (int i = 0; !rc && i < n; i++) {
    if ((rc = db_begin(db)) != SQLITE_OK) break;
    if ((rc = sqlite3_prepare_v2(db->h,
          "INSERT OR IGNORE INTO main.notice_image(uuid, kiosk_id, seq, notice_uuid, name, data)"
          " SELECT uuid, kiosk_id, seq, notice_uuid, name, data FROM p.notice_image WHERE rowid = ?1",
          -1, &s, NULL)) != SQLITE_OK) {
      db_rollback(db);
      break;
    }
    sqlite3_bind_int64(s, 1, aId[i]);
    int step = sqlite3_step(s);
    sqlite3_finalize(s);
    rc = step != SQLITE_DONE ? step : db_commit(db);
    if (rc != SQLITE_OK) db_rollback(db);
  }
  if (n) sqlite3_exec(db->h, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
  free(aId);
  if (rc != SQLITE_OK) {
    snprintf(zErr, nErr, "could not stage the notices' images: %s", sqlite3_errstr(rc));
    return kr_sqlite(rc);
  }
  return KR_OK;
}

KrCode package_apply(Db *db, const char *zTownship, const unsigned char *z, size_t n, void *pOutV, char *zErr,
                     int nErr) {
  SyncApplied *pOut = pOutV;
  if (n > PACKAGE_MAX_BYTES) {
    snprintf(zErr, nErr, "the package is over %u MiB", PACKAGE_MAX_BYTES >> 20);
    return KR_TOO_LARGE;
  }
  unsigned char *copy = sqlite3_malloc64(n ? n : 1);
  if (!copy) { snprintf(zErr, nErr, "out of memory"); return KR_NOMEM; }
  memcpy(copy, z, n);
  int r = sqlite3_exec(db->h, "ATTACH ':memory:' AS p", NULL, NULL, NULL);
  if (r != SQLITE_OK) {
    sqlite3_free(copy);
    snprintf(zErr, nErr, "database error: %s", sqlite3_errmsg(db->h));
    return kr_sqlite(r);
  }
  KrCode rc = KR_MALFORMED;
  int inTxn = 0;
  if (sqlite3_deserialize(db->h, "p", copy, (sqlite3_int64)n, (sqlite3_int64)n,
                          SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK) {
    snprintf(zErr, nErr, "malformed package: not an SQLite payload");
    goto done;
  }
  char format[64], version[32], expires[16], township[64], today[11];
  sqlite3_stmt *chk;
  if (sqlite3_prepare_v2(db->h, "PRAGMA p.quick_check", -1, &chk, NULL) != SQLITE_OK) {
    snprintf(zErr, nErr, "malformed package: %s", sqlite3_errmsg(db->h));
    goto done;
  }
  int ok = sqlite3_step(chk) == SQLITE_ROW && sqlite3_column_text(chk, 0) &&
           !strcmp((const char *)sqlite3_column_text(chk, 0), "ok");
  sqlite3_finalize(chk);
  if (!ok || manifest(db, "format", format, sizeof format) || strcmp(format, "kiosk-package-1") ||
      manifest(db, "version", version, sizeof version) || manifest(db, "expires", expires, sizeof expires) ||
      manifest(db, "township_id", township, sizeof township)) {
    snprintf(zErr, nErr, "malformed package: the manifest is missing or damaged");
    goto done;
  }
  char *end;
  long long v = strtoll(version, &end, 10);
  if (*end || v <= 0) { snprintf(zErr, nErr, "malformed package: bad version \"%s\"", version); goto done; }
  if (strcmp(township, zTownship)) {
    snprintf(zErr, nErr, "the package names another township (%s)", township);
    rc = KR_OTHER_TOWNSHIP;
    goto done;
  }
  util_local_date(util_now(), today);
  if (!util_valid_date(expires) || strcmp(expires, today) < 0) {
    snprintf(zErr, nErr, "the package expired on %s; ask the township for a new one", expires);
    rc = KR_EXPIRED;
    goto done;
  }
  /* a first look at the version, so a replayed package stages nothing; the
   * check that counts is the one inside the transaction below */
  if ((rc = check_newer(db, v, zErr, nErr))) goto done;
  if ((rc = stage_images(db, zTownship, zErr, nErr))) goto done; /* the bulk, before the short final merge */
  rc = KR_MALFORMED;
  /* from here on one write transaction: the anti-rollback check reads the
   * version another applier may be about to write, so it runs inside it */
  if ((r = db_begin(db)) != SQLITE_OK) {
    snprintf(zErr, nErr, "database busy: %s", sqlite3_errmsg(db->h));
    rc = kr_sqlite(r);
    goto done;
  }
  inTxn = 1;
  if ((rc = check_newer(db, v, zErr, nErr))) goto done;
  pOut->version = v;
  rc = KR_DB;
  if (has_table(db, "notice") &&
      (exec_count(db,
         "INSERT OR IGNORE INTO main.notice(uuid, kiosk_id, seq, notice_id, category, title, body, source, pinned,"
         " published, expires, withdrawn, created_at) SELECT uuid, kiosk_id, seq, notice_id, category, title, body,"
         " 'township', pinned, published, expires, withdrawn, created_at FROM p.notice WHERE kiosk_id = ?1",
         zTownship, &pOut->notices) ||
       (has_table(db, "notice_image") &&
        exec_count(db,
          "INSERT OR IGNORE INTO main.notice_image(uuid, kiosk_id, seq, notice_uuid, name, data)"
          " SELECT uuid, kiosk_id, seq, notice_uuid, name, data FROM p.notice_image WHERE kiosk_id = ?1",
          zTownship, NULL)))) {
    snprintf(zErr, nErr, "could not apply the notices: %s", sqlite3_errmsg(db->h));
    goto done;
  }
  if (has_table(db, "activity") && apply_calendar(db, zTownship, &pOut->activities, zErr, nErr)) {
    rc = KR_MALFORMED;
    goto done;
  }
  if ((rc = apply_roster(db, pOut, zErr, nErr))) goto done;
  rc = KR_MALFORMED;
  if (has_table(db, "setting")) {
    char value[1024];
    sqlite3_stmt *s;
    int bad = 0;
    if (sqlite3_prepare_v2(db->h, "SELECT key, value FROM p.setting", -1, &s, NULL) == SQLITE_OK) {
      while (!bad && sqlite3_step(s) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(s, 0);
        util_strlcpy(value, (const char *)sqlite3_column_text(s, 1) ? (const char *)sqlite3_column_text(s, 1) : "",
                     sizeof value);
        if (k && !strcmp(k, "vol_categories")) bad = vol_categories_store(db, value), pOut->categories = !bad;
        else if (k && !strcmp(k, "rating_rules")) bad = rating_store(db, value), pOut->rating = !bad;
        else bad = -1;
        if (bad) snprintf(zErr, nErr, "malformed package: bad setting %s", k ? k : "?");
      }
      sqlite3_finalize(s);
    }
    if (bad) goto done;
  }
  /* the anti-rollback counter moves in the same transaction */
  r = sync_meta_set(db, "package_version", version) ? SQLITE_ERROR : db_commit(db);
  if (r != SQLITE_OK) {
    snprintf(zErr, nErr, "could not save: %s", sqlite3_errmsg(db->h));
    rc = kr_sqlite(r);
    goto done;
  }
  inTxn = 0;
  rc = KR_OK;
done:
  if (inTxn) db_rollback(db);
  sqlite3_exec(db->h, "DETACH p", NULL, NULL, NULL);
  return rc;
}
