/* bench_powerloss: the power-loss soak (tests/powerloss_vfs.h). N simulated
 * power cuts at random writes (default 1,000: 400 in check-ins, 300 in
 * package applies, 300 in the township's imports), each followed by the
 * checks: every acknowledged step there, integrity_check ok.
 *   bench_powerloss [N] [SEED]     (SEED default: the time)
 * Prints the counts per case; exits 1 if anything acknowledged was lost. */
#include "powerloss_vfs.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  uint32_t seed = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 10) : (uint32_t)time(NULL);
  char dir[] = "/tmp/kiosk-powerloss-XXXXXX";
  if (n < 3 || !mkdtemp(dir)) { fprintf(stderr, "usage: %s [N >= 3] [SEED]\n", argv[0]); return 2; }
  const PlCase *ac[] = {&pl_case_checkin, &pl_case_package, &pl_case_import};
  int an[] = {n - 2 * (3 * n / 10), 3 * n / 10, 3 * n / 10};
  int bad = 0, cuts = 0, acked = 0, lost = 0;
  printf("power-loss soak: %d cuts, seed %u\n", n, seed);
  for (int i = 0; i < 3; i++) {
    char sub[100];
    snprintf(sub, sizeof sub, "%s/%s", dir, ac[i]->name);
    PlStats st;
    time_t t0 = time(NULL);
    bad |= pl_run(ac[i], sub, an[i], seed + (uint32_t)i, &st, stdout) != 0;
    printf("%-8s %5d runs %5d cuts %6d acknowledged steps checked %3d lost  (%ld writes per run, %ld s)\n",
           ac[i]->name, st.runs, st.cuts, st.acked, st.lost, st.writesMax, (long)(time(NULL) - t0));
    cuts += st.cuts, acked += st.acked, lost += st.lost;
  }
  printf("total    %d cuts, %d acknowledged steps checked, %d lost: %s\n", cuts, acked, lost, bad ? "FAILED" : "ok");
  char cmd[200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd)) fprintf(stderr, "cannot remove %s\n", dir);
  return bad;
}
