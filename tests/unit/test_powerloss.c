/* Power cuts, simulated (tests/powerloss_vfs.h): 100 cuts at random writes
 * (fixed seeds, so every run cuts at the same places) — 40 in check-ins,
 * 30 in package applies, 30 in the township's imports. After each, every
 * acknowledged step must be there and integrity_check ok. The soak run of
 * 1,000 and more is bench/bench_powerloss. */
#include "check.h"
#include "powerloss_vfs.h"
#include <stdio.h>

static void run(const PlCase *c, int nCuts, uint32_t seed) {
  char dir[600];
  PlStats st;
  int rc = pl_run(c, test_path(c->name, dir, sizeof dir), nCuts, seed, &st, stderr);
  printf("  %s: %d runs, %d power cuts, %d acknowledged steps checked, %d lost (writes per run: %ld)\n", c->name,
         st.runs, st.cuts, st.acked, st.lost, st.writesMax);
  CHECK(rc == 0);
  CHECK(st.cuts == nCuts);
  CHECK(st.lost == 0);
  CHECK(st.writesMax > 10); /* the shim sees the work's writes */
  CHECK(st.acked > 0);      /* and cuts fell after acknowledged steps, not only before */
}

static void checkin_cuts(void) { run(&pl_case_checkin, 40, 20261130); }
static void package_cuts(void) { run(&pl_case_package, 30, 13); }
static void import_cuts(void) { run(&pl_case_import, 30, 7); }

int main(int argc, char **argv) {
  static const TestCase aCase[] = {
    {"checkin_cuts", checkin_cuts},
    {"package_cuts", package_cuts},
    {"import_cuts", import_cuts},
  };
  return test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
