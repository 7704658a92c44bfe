/* unit_result: every code has a name, and KR_OK is 0 so `if (f())` means failure. */
#include "check.h"
#include "result.h"
#include <string.h>

static void names(void) {
  CHECK(KR_OK == 0);
  for (int i = 0; i < KR_COUNT; i++) {
    const char *z = kr_name((KrCode)i);
    CHECK(strncmp(z, "KR_", 3) == 0 && strcmp(z, "KR_?") != 0);
  }
  CHECK(strcmp(kr_name(KR_COUNT), "KR_?") == 0);
  CHECK(strcmp(kr_name((KrCode)-1), "KR_?") == 0);
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {{"names", names}};
  return test_main(argc, argv, aCase, 1);
}
