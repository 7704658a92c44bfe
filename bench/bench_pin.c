/* bench_pin: how long the secretary's PIN costs — setting it (an Argon2id
 * hash, libsodium crypto_pwhash_str) and checking it on the PIN pad (the
 * same hash again, then the failure count written). The target (under
 * 0.5 s on a slow board) used to be asserted in unit_admin, where a loaded
 * machine could fail it; it is measured here instead.
 *
 * usage: bench_pin DIR [ROUNDS]   (DIR on the disk the kiosk would use) */
#include "admin.h"
#include "benchutil.h"
#include "db.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Prints label, n, p50 and max of a[0..n) (sorted in place). */
static void report(const char *zKey, double *a, int n) {
  qsort(a, (size_t)n, sizeof *a, bench_cmp);
  printf("%s_p50_ms=%.1f\n%s_max_ms=%.1f\n", zKey, a[n / 2], zKey, a[n - 1]);
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: bench_pin DIR [ROUNDS]\n"); return 2; }
  int rounds = argc > 2 ? atoi(argv[2]) : 10;
  if (rounds < 1 || rounds > 1000) { fprintf(stderr, "ROUNDS must be 1..1000\n"); return 2; }
  char path[600], err[512];
  snprintf(path, sizeof path, "%s/bench-pin.db", argv[1]);
  remove(path);
  Db *db;
  if (db_open(path, "bench-kiosk", &db, err, sizeof err)) { fprintf(stderr, "%s\n", err); return 1; }
  double *aSet = malloc(sizeof(double) * (size_t)rounds), *aCheck = malloc(sizeof(double) * (size_t)rounds);
  if (!aSet || !aCheck) { fprintf(stderr, "out of memory\n"); return 1; }
  for (int i = 0; i < rounds; i++) {
    double t0 = bench_now_ms();
    if (admin_set_pin(db, "240917", err, sizeof err)) { fprintf(stderr, "%s\n", err); return 1; }
    aSet[i] = bench_now_ms() - t0;
    int wait;
    t0 = bench_now_ms();
    AdminClock now;
    AdminResult r;
    admin_clock_now(&now);
    if (admin_check_pin(db, "240917", &now, &r, &wait) || r != ADMIN_OK) { fprintf(stderr, "check failed\n"); return 1; }
    aCheck[i] = bench_now_ms() - t0;
  }
  report("pin_set", aSet, rounds);
  report("pin_check", aCheck, rounds);
  free(aSet);
  free(aCheck);
  db_close(db);
  return 0;
}
