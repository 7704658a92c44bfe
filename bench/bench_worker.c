/* bench_worker: does a check-in still go through while the kiosk's worker
 * does its slow work? Two connections to one kiosk database, as in the
 * kiosk: a worker thread applies a 64 MiB township package (sync_apply_file,
 * the worker's own call) or exports 10,000 records onto a "stick"
 * (sync_export + export_xlsx), while the main thread — the UI's connection,
 * with its busy timeout — records a check-in every 20 ms and times each
 * from call to committed, fsynced return. Target: every one within 1 s.
 *
 * "prepare" also leaves the data for the kiosk-in-Xvfb part of bench/run.sh:
 * DIR/kiosk.db (demo village, township trusted, 10,000 records not yet
 * acknowledged, PIN 240917) and DIR/big1.ksp .. DIR/big7.ksp (64 MiB packages
 * of notices with images, versions 1 to 7).
 *
 * usage: bench_worker DIR prepare | DIR apply | DIR export
 *   (apply and export work on DIR/work.db, a copy the caller makes) */
#include "activity.h"
#include "admin.h"
#include "benchutil.h"
#include "checkin.h"
#include "config.h"
#include "db_int.h"
#include "demo.h"
#include "export_xlsx.h"
#include "keypair.h"
#include "package.h"
#include "roster.h"
#include "sync.h"
#include "township.h"
#include "util.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define IMAGE_BYTES 4120000 /* 16 of them, with the rest of the package: just under 64 MiB */
#define N_IMAGES 16

static char gDir[600];

static void die(const char *z) {
  fprintf(stderr, "bench_worker: %s\n", z);
  exit(1);
}

/* A package of N_IMAGES notices, each with one incompressible "PNG". */
static void make_package(Township *t, const char *zName, int salt) {
  char dir[700], path[800], err[512];
  snprintf(dir, sizeof dir, "%s/notices%d", gDir, salt);
  mkdir(dir, 0755);
  unsigned char *img = malloc(IMAGE_BYTES);
  if (!img) die("out of memory");
  for (int i = 0; i < N_IMAGES; i++) {
    memcpy(img, "\x89PNG\r\n\x1a\n", 8);
    unsigned x = 2463534242u + (unsigned)(i * 977 + salt * 131);
    for (size_t k = 8; k < IMAGE_BYTES; k++) { x ^= x << 13; x ^= x >> 17; x ^= x << 5; img[k] = (unsigned char)x; }
    snprintf(path, sizeof path, "%s/img%02d.png", dir, i);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(img, 1, IMAGE_BYTES, f) != IMAGE_BYTES || fclose(f)) die("cannot write an image");
    snprintf(path, sizeof path, "%s/n%02d.md", dir, i);
    f = fopen(path, "w");
    if (!f) die("cannot write a notice");
    fprintf(f, "# 第%d批宣传图片 %d\n\n请各村张贴。\n\n![宣传图](img%02d.png)\n", salt, i, i);
    fclose(f);
  }
  free(img);
  TownshipPackageSpec spec = {.zNoticesDir = dir};
  int64_t v;
  snprintf(path, sizeof path, "%s/%s", gDir, zName);
  if (township_package(t, &spec, path, &v, err, sizeof err)) die(err);
  struct stat st;
  stat(path, &st);
  printf("package %s version %lld: %.1f MiB\n", zName, (long long)v, st.st_size / 1048576.0);
}

static void prepare(void) {
  char town[700], db[700], path[800], err[512];
  snprintf(town, sizeof town, "%s/town", gDir);
  snprintf(db, sizeof db, "%s/kiosk.db", gDir);
  if (township_init(town, "刘集镇", err, sizeof err)) die(err);
  Township *t;
  if (township_open(town, &t, err, sizeof err)) die(err);
  Config cfg;
  config_defaults(&cfg);
  Db *k;
  DemoStats st;
  if (db_open(db, NULL, &k, err, sizeof err) || demo_load(k, &cfg, &st, err, sizeof err)) die(err);
  KeyPair kp;
  int created;
  char key[800];
  keypair_path(cfg.keyPath, db, key, sizeof key);
  if (keypair_load_or_create(key, &kp, &created, err, sizeof err)) die(err);
  snprintf(path, sizeof path, "%s/kiosk.pub", gDir);
  if (sync_write_pubkey(k, &kp, &cfg, path, err, sizeof err) ||
      township_enroll(t, path, "鲁庙村", "", NULL, err, sizeof err))
    die(err);
  snprintf(path, sizeof path, "%s/township.pub", town);
  if (sync_trust(k, path, 0, err, sizeof err) || admin_set_pin(k, "240917", err, sizeof err)) die(err);
  /* 10,000 records to export: check-ins at 80 activities (making the data,
   * not measuring it, so without fsync) */
  sqlite3_exec(k->h, "PRAGMA synchronous=OFF", NULL, NULL, NULL);
  Member *aMem;
  int nMem, made = 0;
  if (roster_list(k, &aMem, &nMem) || nMem < 1) die("no roster");
  for (int r = 0; made < 10000; r++) {
    Activity a = {0}, out;
    util_strlcpy(a.kind, "党小组会", sizeof a.kind);
    snprintf(a.title, sizeof a.title, "往期活动 %d", r);
    util_local_date(util_now() - 86400LL * (r + 1), a.day);
    util_strlcpy(a.startHm, "00:00", sizeof a.startHm);
    util_strlcpy(a.endHm, "23:59", sizeof a.endHm);
    if (activity_add(k, &a, &out, err, sizeof err)) die(err);
    for (int i = 0; i < nMem && made < 10000; i++, made++) {
      char sql[512];
      char uuid[UUID_LEN + 1];
      int64_t seq;
      util_uuid4(uuid);
      sqlite3_exec(k->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      if (db_next_seq(k, &seq) != SQLITE_OK) die("seq");
      snprintf(sql, sizeof sql,
               "INSERT INTO checkin(uuid, kiosk_id, seq, activity_uuid, member_no, kind, status, method, at)"
               " VALUES('%s', '%s', %lld, '%s', '%s', 'checkin', 'present', 'paper', %lld)",
               uuid, k->kioskId, (long long)seq, out.uuid, aMem[i].memberNo, (long long)util_now() - 86400LL * (r + 1));
      if (sqlite3_exec(k->h, sql, NULL, NULL, NULL)) die(sqlite3_errmsg(k->h));
      sqlite3_exec(k->h, "COMMIT", NULL, NULL, NULL);
    }
  }
  free(aMem);
  printf("records not yet acknowledged: %lld\n", (long long)(db_last_seq(k) - sync_acked(k)));
  db_close(k);
  /* bench/worker.sh: big1..big6 on one stick (six applies back to back, so
   * page turns have a long window), big7 on another (a tap during it) */
  for (int v = 1; v <= 7; v++) {
    char name[32];
    snprintf(name, sizeof name, "big%d.ksp", v);
    make_package(t, name, v);
  }
  township_close(t);
}

typedef struct {
  int export;             /* 0: apply big1.ksp; 1: export */
  volatile int done;
  double ms;
  int rc;
  char err[512];
} Job;

/* The worker's side, on its own connection. */
static void *work(void *p) {
  Job *j = p;
  char db[700], path[800];
  snprintf(db, sizeof db, "%s/work.db", gDir);
  Db *w;
  if (db_open(db, NULL, &w, j->err, sizeof j->err)) { j->rc = -1; j->done = 1; return NULL; }
  double t0 = bench_now_ms();
  if (!j->export) {
    SyncApplied r;
    snprintf(path, sizeof path, "%s/big1.ksp", gDir);
    j->rc = sync_apply_file(w, path, &r, j->err, sizeof j->err);
  } else {
    Config cfg;
    config_defaults(&cfg);
    KeyPair kp;
    int created;
    char key[800], xlsx[1400];
    keypair_path(cfg.keyPath, db, key, sizeof key);
    SyncExport e;
    snprintf(path, sizeof path, "%s/stick", gDir);
    mkdir(path, 0755);
    j->rc = keypair_load_or_create(key, &kp, &created, j->err, sizeof j->err) ||
            sync_export(w, &kp, &cfg, 0, 0, path, &e, j->err, sizeof j->err) ||
            export_xlsx(w, &cfg, path, xlsx, sizeof xlsx, j->err, sizeof j->err);
    if (!j->rc) printf("exported %d records\n", e.records);
  }
  j->ms = bench_now_ms() - t0;
  db_close(w);
  j->done = 1;
  return NULL;
}

/* Check-ins on the UI's connection every 20 ms while the job runs. */
static void measure(int isExport) {
  char db[700], err[512];
  snprintf(db, sizeof db, "%s/work.db", gDir);
  Db *ui;
  if (db_open(db, NULL, &ui, err, sizeof err)) die(err);
  Activity a = {0}, act;
  util_strlcpy(a.kind, "党小组会", sizeof a.kind);
  util_strlcpy(a.title, "今天的活动", sizeof a.title);
  util_local_date(util_now(), a.day);
  util_strlcpy(a.startHm, "00:00", sizeof a.startHm);
  util_strlcpy(a.endHm, "23:59", sizeof a.endHm);
  Member *aMem;
  int nMem;
  if (activity_add(ui, &a, &act, err, sizeof err) || roster_list(ui, &aMem, &nMem)) die(err);
  Job j = {.export = isExport};
  pthread_t th;
  double aMs[4096];
  int n = 0, failed = 0;
  pthread_create(&th, NULL, work, &j);
  for (int i = 0; !j.done && n < 4096; i++) {
    CheckinRecord rec;
    double t0 = bench_now_ms();
    if (checkin_record(ui, act.id, aMem[i % nMem].memberNo, CHECKIN_METHOD_TAP, NULL, &rec, err, sizeof err)) {
      fprintf(stderr, "check-in failed: %s\n", err);
      failed++;
    }
    aMs[n++] = bench_now_ms() - t0;
    struct timespec ts = {0, 20 * 1000000};
    nanosleep(&ts, NULL);
  }
  pthread_join(th, NULL);
  if (j.rc) die(j.err);
  qsort(aMs, (size_t)n, sizeof *aMs, bench_cmp);
  const char *what = isExport ? "export" : "apply";
  printf("%s_ms=%.0f\n", what, j.ms);
  printf("%s_checkins=%d failed=%d p50_ms=%.1f max_ms=%.1f\n", what, n, failed, n ? aMs[n / 2] : 0,
         n ? aMs[n - 1] : 0);
  free(aMem);
  db_close(ui);
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: bench_worker DIR prepare|apply|export\n"); return 2; }
  util_strlcpy(gDir, argv[1], sizeof gDir);
  mkdir(gDir, 0755);
  setenv("TZ", "CST-8", 1);
  tzset();
  if (!strcmp(argv[2], "prepare")) prepare();
  else if (!strcmp(argv[2], "apply")) measure(0);
  else if (!strcmp(argv[2], "export")) measure(1);
  else die("unknown step");
  return 0;
}
