/* bench_sync: sync at township scale.
 *  1. township import of B bundles holding R records in total (default 600
 *     and 1,000,000: 30 villages × 20 bundles), into the township's SQLite
 *     database — target ≤ 30 s;
 *  2. importing all of them again — target ≤ 10 s, and nothing changes;
 *  3. exporting a village's year (≈ 10,000 records) to a bundle file,
 *     signed, sealed, fsynced and read back — target ≤ 200 ms.
 * The bundles are made the way a kiosk makes them (sync_export on real
 * kiosk databases, acknowledged after each), with the records written in
 * bulk beforehand; making them is not timed.
 *
 * usage: bench_sync DIR [VILLAGES BUNDLES_PER_VILLAGE RECORDS_PER_BUNDLE] */
#include "activity.h"
#include "benchutil.h"
#include "config.h"
#include "db_int.h"
#include "demo.h"
#include "keypair.h"
#include "sync.h"
#include "township.h"
#include "util.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Appends n check-in-like records (check-ins, volunteer entries, views) to
 * a kiosk database in one transaction. */
static int add_records(Db *db, const char *zActUuid, int n, int *pSerial) {
  if (sqlite3_exec(db->h, "BEGIN", NULL, NULL, NULL)) return -1;
  sqlite3_stmt *c, *v, *w;
  if (sqlite3_prepare_v2(db->h,
        "INSERT INTO checkin(uuid, kiosk_id, seq, activity_uuid, member_no, kind, status, method, at)"
        " VALUES(?1, ?2, ?3, ?4, 'LM0001', 'checkin', 'present', 'paper', ?5)", -1, &c, NULL) ||
      sqlite3_prepare_v2(db->h,
        "INSERT INTO vol_entry(uuid, kiosk_id, seq, member_no, category, day, half_hours, method, at)"
        " VALUES(?1, ?2, ?3, 'LM0002', '环境整治', '2026-11-01', 4, 'kiosk', ?4)", -1, &v, NULL) ||
      sqlite3_prepare_v2(db->h, "INSERT INTO notice_view(uuid, kiosk_id, seq, notice_id, day, at)"
                                " VALUES(?1, ?2, ?3, 'n', '2026-11-01', ?4)", -1, &w, NULL))
    return -1;
  int rc = 0;
  for (int i = 0; i < n && !rc; i++) {
    char uuid[UUID_LEN + 1];
    int64_t seq;
    util_uuid4(uuid);
    if (db_next_seq(db, &seq) != SQLITE_OK) { rc = -1; break; }
    int k = (*pSerial)++ % 10;
    sqlite3_stmt *s = k < 8 ? c : k == 8 ? v : w;
    sqlite3_reset(s);
    sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, db->kioskId, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, seq);
    if (s == c) {
      sqlite3_bind_text(s, 4, zActUuid, -1, SQLITE_STATIC);
      sqlite3_bind_int64(s, 5, 1790000000 + i);
    } else sqlite3_bind_int64(s, 4, 1790000000 + i);
    if (sqlite3_step(s) != SQLITE_DONE) rc = -1;
  }
  sqlite3_finalize(c);
  sqlite3_finalize(v);
  sqlite3_finalize(w);
  return rc || sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL) ? -1 : 0;
}

static int import_all(Township *t, char **az, int n, int *pFresh, int *pDup) {
  *pFresh = *pDup = 0;
  char err[512];
  for (int i = 0; i < n; i++) {
    TownshipImport r;
    if (township_import_file(t, az[i], &r, err, sizeof err)) { fprintf(stderr, "import %s: %s\n", az[i], err); return -1; }
    *pFresh += r.fresh;
    *pDup += r.duplicate;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: bench_sync DIR [VILLAGES BUNDLES RECORDS_PER_BUNDLE]\n"); return 2; }
  const char *dir = argv[1];
  int villages = argc > 2 ? atoi(argv[2]) : 30, per = argc > 3 ? atoi(argv[3]) : 20;
  int records = argc > 4 ? atoi(argv[4]) : 1667;
  char err[512], path[1400], town[1100];
  mkdir(dir, 0755);
  snprintf(town, sizeof town, "%s/town", dir);
  setenv("TZ", "CST-8", 1);
  tzset();
  if (township_init(town, "刘集镇", err, sizeof err)) { fprintf(stderr, "%s\n", err); return 1; }
  Township *t;
  if (township_open(town, &t, err, sizeof err)) { fprintf(stderr, "%s\n", err); return 1; }
  Config cfg;
  config_defaults(&cfg);
  char **azBundle = calloc((size_t)(villages * per + 1), sizeof *azBundle);
  int nBundle = 0, serial = 0;
  long long total = 0;
  double exportMs = 0;
  for (int v = 0; v < villages; v++) {
    char vdir[1200], db[1300];
    snprintf(vdir, sizeof vdir, "%s/v%02d", dir, v);
    mkdir(vdir, 0755);
    snprintf(db, sizeof db, "%s/kiosk.db", vdir);
    Db *k;
    DemoStats st;
    if (db_open(db, NULL, &k, err, sizeof err) || demo_load(k, &cfg, &st, err, sizeof err)) { fprintf(stderr, "%s\n", err); return 1; }
    sqlite3_exec(k->h, "PRAGMA synchronous=OFF", NULL, NULL, NULL); /* making the data, not measuring it */
    KeyPair kp;
    int created;
    snprintf(path, sizeof path, "%s/kiosk.key", vdir);
    keypair_load_or_create(path, &kp, &created, err, sizeof err);
    snprintf(path, sizeof path, "%s/kiosk.pub", vdir);
    snprintf(cfg.village, sizeof cfg.village, "村%02d", v);
    if (sync_write_pubkey(k, &kp, &cfg, path, err, sizeof err) ||
        township_enroll(t, path, cfg.village, "", NULL, err, sizeof err)) { fprintf(stderr, "%s\n", err); return 1; }
    snprintf(path, sizeof path, "%s/township.pub", town);
    if (sync_trust(k, path, 0, err, sizeof err)) { fprintf(stderr, "%s\n", err); return 1; }
    Activity *acts;
    int nActs;
    activity_list(k, NULL, 0, &acts, &nActs);
    for (int b = 0; b < per; b++) {
      int n = b == 0 ? records - (int)db_last_seq(k) : records; /* the first holds the demo's own records too */
      if (n > 0 && add_records(k, acts[0].uuid, n, &serial)) { fprintf(stderr, "add: %s\n", sqlite3_errmsg(k->h)); return 1; }
      SyncExport e;
      if (sync_export(k, &kp, &cfg, 0, 0, vdir, &e, err, sizeof err)) { fprintf(stderr, "%s\n", err); return 1; }
      char seq[32];
      snprintf(seq, sizeof seq, "%lld", (long long)e.seqTo);
      sync_meta_set(k, "acked_seq", seq); /* as if acknowledged */
      azBundle[nBundle++] = strdup(e.path);
      total += e.records;
    }
    free(acts);
    if (v == 0) {
      /* a village's year: about 10,000 records since the last acknowledgement */
      sync_meta_set(k, "acked_seq", "0");
      double best = 1e9;
      for (int r = 0; r < 5; r++) {
        char edir[1300];
        snprintf(edir, sizeof edir, "%s/year%d", vdir, r);
        mkdir(edir, 0755);
        int64_t keep = db_last_seq(k);
        (void)keep;
        SyncExport e;
        sqlite3_exec(k->h, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
        /* the year: the newest 10,000 records */
        char seq[32];
        snprintf(seq, sizeof seq, "%lld", (long long)(db_last_seq(k) - 10000));
        sync_meta_set(k, "acked_seq", seq);
        double t0 = bench_now_ms();
        if (sync_export(k, &kp, &cfg, 0, 0, edir, &e, err, sizeof err)) { fprintf(stderr, "%s\n", err); return 1; }
        double ms = bench_now_ms() - t0;
        if (ms < best) best = ms;
        if (r == 0) printf("year_export_records=%d bytes=%zu\n", e.records, e.bytes);
      }
      exportMs = best;
      char seq[32];
      snprintf(seq, sizeof seq, "%lld", (long long)db_last_seq(k));
      sync_meta_set(k, "acked_seq", seq);
    }
    keypair_wipe(&kp);
    db_close(k);
  }
  printf("bundles=%d records=%lld villages=%d\n", nBundle, total, villages);
  fflush(stdout);
  int fresh, dup;
  double t0 = bench_now_ms();
  if (import_all(t, azBundle, nBundle, &fresh, &dup)) return 1;
  double importMs = bench_now_ms() - t0;
  t0 = bench_now_ms();
  int fresh2, dup2;
  if (import_all(t, azBundle, nBundle, &fresh2, &dup2)) return 1;
  double reMs = bench_now_ms() - t0;
  printf("import_ms=%.0f new=%d duplicate=%d\n", importMs, fresh, dup);
  printf("reimport_ms=%.0f new=%d duplicate=%d\n", reMs, fresh2, dup2);
  printf("year_export_ms=%.1f\n", exportMs);
  township_close(t);
  for (int i = 0; i < nBundle; i++) free(azBundle[i]);
  free(azBundle);
  return 0;
}
