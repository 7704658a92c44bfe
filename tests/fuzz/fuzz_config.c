/* fuzz_config: kiosk.conf bytes loaded over the defaults (config.c on
 * inih). Whatever the file says, a loaded config's strings are terminated
 * and the fallback font count stays within its array. */
#include "config.h"
#include "fuzzutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *z, size_t n) {
  fz_init();
  char path[400], err[512];
  fz_write("kiosk.conf", z, n);
  static Config c; /* large: not on the stack */
  config_defaults(&c);
  if (config_load(&c, fz_path("kiosk.conf", path, sizeof path), 0, err, sizeof err) == 0) {
    if (c.nFontFallback < 0 || c.nFontFallback > CONFIG_MAX_FALLBACK) abort();
    if (!memchr(c.kioskId, 0, sizeof c.kioskId) || !memchr(c.dbPath, 0, sizeof c.dbPath) ||
        !memchr(c.volCategories, 0, sizeof c.volCategories) || !memchr(c.hubUrl, 0, sizeof c.hubUrl) ||
        !memchr(c.voiceCommand, 0, sizeof c.voiceCommand))
      abort();
  } else if (!err[0]) {
    fprintf(stderr, "config_load failed without a message\n");
    abort();
  }
  return 0;
}
