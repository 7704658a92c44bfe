/* fuzz_township: the township office's own files, as `township package`
 * reads them, into a fresh copy of a township with one kiosk enrolled for
 * 鲁庙村. The input is NUL-separated fields (a field left out or empty is
 * not given):
 *   roster CSV (a 村 column says whose each row is), calendar CSV,
 *   notices' index.csv, one notice's Markdown (notices/a.md), --village,
 *   --categories, --rating, --expires
 * Whatever the files say, the package is built or refused with a message;
 * a package built must be one the enrolled kiosk's side can open. */
#include "container.h"
#include "fuzzutil.h"
#include "package.h"
#include "township.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { F_ROSTER, F_CALENDAR, F_INDEX, F_NOTICE, F_VILLAGE, F_CATEGORIES, F_RATING, F_EXPIRES, F_COUNT };

int LLVMFuzzerTestOneInput(const uint8_t *z, size_t n) {
  fz_init();
  const uint8_t *aF[F_COUNT] = {0}, *p = z, *end = z + n;
  size_t anF[F_COUNT] = {0};
  for (int i = 0; i < F_COUNT && p < end; i++) {
    const uint8_t *e = memchr(p, 0, (size_t)(end - p));
    if (!e) e = end;
    if (e > p) aF[i] = p, anF[i] = (size_t)(e - p);
    p = e < end ? e + 1 : end;
  }
  char dir[400], path[500], roster[400], cal[400], out[400], err[512];
  char text[3][200];
  fz_path("office", dir, sizeof dir);
  mkdir(dir, 0700);
  snprintf(path, sizeof path, "%s/notices", dir);
  mkdir(path, 0700);
  /* the notices directory: a.md, and index.csv when given */
  fz_write("office/notices/a.md", aF[F_NOTICE] ? (const char *)aF[F_NOTICE] : "", anF[F_NOTICE]);
  snprintf(path, sizeof path, "%s/notices/index.csv", dir);
  unlink(path);
  if (aF[F_INDEX]) fz_write("office/notices/index.csv", aF[F_INDEX], anF[F_INDEX]);
  if (aF[F_ROSTER]) fz_write("office/roster.csv", aF[F_ROSTER], anF[F_ROSTER]);
  if (aF[F_CALENDAR]) fz_write("office/cal.csv", aF[F_CALENDAR], anF[F_CALENDAR]);
  for (int i = 0; i < 3; i++) {
    size_t m = anF[F_VILLAGE + i] < sizeof text[i] - 1 ? anF[F_VILLAGE + i] : sizeof text[i] - 1;
    if (aF[F_VILLAGE + i]) memcpy(text[i], aF[F_VILLAGE + i], m);
    text[i][m] = 0;
  }
  char expires[40] = "";
  if (aF[F_EXPIRES]) {
    size_t m = anF[F_EXPIRES] < sizeof expires - 1 ? anF[F_EXPIRES] : sizeof expires - 1;
    memcpy(expires, aF[F_EXPIRES], m);
    expires[m] = 0;
  }
  snprintf(path, sizeof path, "%s/notices", dir);
  TownshipPackageSpec spec = {
    .zNoticesDir = aF[F_NOTICE] ? path : NULL,
    .zRosterCsv = aF[F_ROSTER] ? fz_path("office/roster.csv", roster, sizeof roster) : NULL,
    .zCalendarCsv = aF[F_CALENDAR] ? fz_path("office/cal.csv", cal, sizeof cal) : NULL,
    .zVillage = aF[F_VILLAGE] ? text[0] : NULL,
    .zCategories = aF[F_CATEGORIES] ? text[1] : NULL,
    .zRating = aF[F_RATING] ? text[2] : NULL,
    .zExpires = aF[F_EXPIRES] ? expires : NULL,
  };
  Township *t = fz_township();
  int64_t v;
  fz_path("office/pkg.bin", out, sizeof out);
  unlink(out);
  KrCode rc = township_package(t, &spec, out, &v, err, sizeof err);
  if (getenv("FUZZ_VERBOSE")) fprintf(stderr, "package: %s %s\n", kr_name(rc), rc ? err : "");
  if (rc != KR_OK && !err[0]) {
    fprintf(stderr, "township_package refused (%s) without a message\n", kr_name(rc));
    abort();
  }
  if (rc == KR_OK) {
    unsigned char *file;
    size_t nFile;
    ContainerInfo ci;
    if (container_read_file(out, PACKAGE_MAX_BYTES, &file, &nFile, err, sizeof err) ||
        container_peek(file, nFile, &ci, err, sizeof err)) {
      fprintf(stderr, "a package built cannot be read back: %s\n", err);
      abort();
    }
    free(file);
  }
  township_close(t);
  return 0;
}
