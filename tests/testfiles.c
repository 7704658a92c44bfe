/* testfiles: see testfiles.h. */
#include "testfiles.h"
#include "util.h"
#include <stdio.h>
#include <unistd.h>

void tf_unlink_db(const char *zPath) {
  char p[1200];
  unlink(zPath);
  snprintf(p, sizeof p, "%s-wal", zPath);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", zPath);
  unlink(p);
}

int tf_put_db(const char *zPath, const void *z, size_t n) {
  tf_unlink_db(zPath);
  FILE *f = fopen(zPath, "wb");
  int ok = f && fwrite(z, 1, n, f) == n;
  if (f && fclose(f)) ok = 0;
  return ok ? 0 : -1;
}

unsigned char *tf_slurp(const char *zPath, size_t *pn) {
  char *z;
  return util_read_file(zPath, &z, pn) ? NULL : (unsigned char *)z;
}
