/* bench_commit: how long a check-in takes from the tap's handler calling
 * checkin_record() to the committed, fsynced record coming back — the time
 * before the screen may say 签到成功. Side by side in one run, on the same
 * disk: the kiosk's setting (WAL + synchronous=FULL) and, for scale only,
 * synchronous=NORMAL, which the kiosk never uses (a power cut could take
 * back an acknowledged check-in).
 *
 * usage: bench_commit DIR [ROUNDS]   (DIR on the disk the kiosk would use) */
#include "activity.h"
#include "checkin.h"
#include "config.h"
#include "db_int.h"
#include "demo.h"
#include "benchutil.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


/* Runs nRounds activities x all members of check-ins; fills aMs. */
static int run(const char *zDir, const char *zSync, int nRounds, double *aMs, int *pn) {
  char path[600], err[512];
  snprintf(path, sizeof path, "%s/bench-%s.db", zDir, zSync);
  static const char *const aSuffix[] = {"", "-wal", "-shm"};
  for (int i = 0; i < 3; i++) {
    char p[640];
    snprintf(p, sizeof p, "%s%s", path, aSuffix[i]);
    remove(p);
  }
  Db *db;
  if (db_open(path, "bench-kiosk", &db, err, sizeof err)) { fprintf(stderr, "%s\n", err); return -1; }
  char sql[64];
  snprintf(sql, sizeof sql, "PRAGMA synchronous=%s", zSync);
  sqlite3_exec(db->h, sql, 0, 0, 0);
  Config cfg;
  config_defaults(&cfg);
  DemoStats st;
  if (demo_load(db, &cfg, &st, err, sizeof err)) { fprintf(stderr, "%s\n", err); return -1; }
  Member *aMem;
  int nMem;
  roster_list(db, &aMem, &nMem);
  char today[11];
  util_local_date(util_now(), today);
  int n = 0;
  for (int r = 0; r < nRounds; r++) {
    Activity a = {0}, out;
    util_strlcpy(a.kind, "党小组会", sizeof a.kind);
    snprintf(a.title, sizeof a.title, "测试活动 %d", r);
    util_strlcpy(a.day, today, sizeof a.day);
    util_strlcpy(a.startHm, "00:00", sizeof a.startHm);
    util_strlcpy(a.endHm, "23:59", sizeof a.endHm);
    if (activity_add(db, &a, &out, err, sizeof err)) { fprintf(stderr, "%s\n", err); return -1; }
    for (int i = 0; i < nMem; i++) {
      CheckinRecord rec;
      double t0 = bench_now_ms();
      if (checkin_record(db, out.id, aMem[i].memberNo, CHECKIN_METHOD_TAP, NULL, &rec, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return -1;
      }
      aMs[n++] = bench_now_ms() - t0;
    }
  }
  free(aMem);
  db_close(db);
  *pn = n;
  return 0;
}

static void report(const char *zLabel, double *a, int n) {
  qsort(a, (size_t)n, sizeof *a, bench_cmp);
  double sum = 0;
  for (int i = 0; i < n; i++) sum += a[i];
  printf("%-28s n=%d  p50=%.2f ms  p99=%.2f ms  max=%.2f ms  mean=%.2f ms\n", zLabel, n, a[n / 2],
         a[(int)(n * 0.99)], a[n - 1], sum / n);
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: bench_commit DIR [ROUNDS]\n"); return 2; }
  int rounds = argc > 2 ? atoi(argv[2]) : 10;
  setenv("TZ", "CST-8", 1);
  tzset();
  double *aFull = malloc(sizeof(double) * 200 * (size_t)rounds), *aNormal = malloc(sizeof(double) * 200 * (size_t)rounds);
  int nFull = 0, nNormal = 0;
  /* interleave halves so both see the same disk weather */
  int half = rounds / 2 > 0 ? rounds / 2 : 1, k;
  double *tmp = malloc(sizeof(double) * 200 * (size_t)rounds);
  for (int pass = 0; pass < 2; pass++) {
    if (run(argv[1], "FULL", half, tmp, &k)) return 1;
    memcpy(aFull + nFull, tmp, sizeof(double) * (size_t)k);
    nFull += k;
    if (run(argv[1], "NORMAL", half, tmp, &k)) return 1;
    memcpy(aNormal + nNormal, tmp, sizeof(double) * (size_t)k);
    nNormal += k;
  }
  report("commit, synchronous=FULL", aFull, nFull);
  report("(for scale) synchronous=NORMAL", aNormal, nNormal);
  printf("checkin_commit_p50_ms=%.2f\ncheckin_commit_p99_ms=%.2f\n", aFull[nFull / 2], aFull[(int)(nFull * 0.99)]);
  free(aFull); free(aNormal); free(tmp);
  return 0;
}
