/* benchutil: what the C benchmarks share — a monotonic clock in ms and
 * comparing samples for sorting. Header-only. */
#ifndef KIOSK_BENCHUTIL_H
#define KIOSK_BENCHUTIL_H
#include <stdlib.h>
#include <time.h>

static inline double bench_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static inline int bench_cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

#endif
