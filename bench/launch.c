/* launch: execs the kiosk with KIOSK_T0_NS set to the monotonic clock just
 * before exec, so the kiosk can report the time from exec to its first
 * presented frame (it prints first_frame_ms= and, with
 * KIOSK_EXIT_AFTER_FIRST_FRAME set, exits).
 * usage: launch KIOSK ARGS... */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: launch KIOSK ARGS...\n"); return 2; }
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  char buf[32];
  snprintf(buf, sizeof buf, "%llu", (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec);
  setenv("KIOSK_T0_NS", buf, 1);
  execv(argv[1], argv + 1);
  perror("execv");
  return 127;
}
