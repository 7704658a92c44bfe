/* The scanner-burst detector: a scanner's burst is a scan; a person's
 * typing, a burst with a pause in it, a late Enter, a short code, or an
 * overlong one is not. */
#include "check.h"
#include "scanbuf.h"
#include <string.h>

/* Types z starting at t0 with gapMs between keys; returns the last time. */
static uint32_t type(ScanBuf *s, const char *z, uint32_t t0, uint32_t gapMs) {
  uint32_t t = t0;
  for (; *z; z++, t += gapMs) scanbuf_char(s, (unsigned char)*z, t);
  return t - gapMs;
}

static void bursts_and_typing(void) {
  static const char *code = "K1.ZMLJ-LUMIAO.LM0031.1.abcdefghijk";
  ScanBuf s;
  char out[SCANBUF_MAX];
  scanbuf_reset(&s);
  uint32_t t = type(&s, code, 1000, 5);
  CHECK(scanbuf_enter(&s, t + 5, out, sizeof out) == 1 && !strcmp(out, code));
  /* the same characters typed by a person */
  t = type(&s, code, 5000, 120);
  CHECK(scanbuf_enter(&s, t + 120, out, sizeof out) == 0);
  /* a burst with one pause in the middle: only the tail could count, and it is too short */
  t = type(&s, "K1.ZMLJ-LUMIAO.LM00", 9000, 4);
  t = type(&s, "31.1.ab", t + 400, 4);
  CHECK(scanbuf_enter(&s, t + 4, out, sizeof out) == 0);
  /* Enter long after the burst */
  t = type(&s, code, 20000, 3);
  CHECK(scanbuf_enter(&s, t + 500, out, sizeof out) == 0);
  /* too short to be a card */
  t = type(&s, "12345", 30000, 3);
  CHECK(scanbuf_enter(&s, t + 3, out, sizeof out) == 0);
  /* a person typed, paused, then the scanner burst: only the burst */
  t = type(&s, "hello", 40000, 150);
  t = type(&s, code, t + 800, 6);
  CHECK(scanbuf_enter(&s, t + 6, out, sizeof out) == 1 && !strcmp(out, code));
  /* all at the same millisecond (events delivered in one batch) */
  t = type(&s, code, 50000, 0);
  CHECK(scanbuf_enter(&s, t, out, sizeof out) == 1 && !strcmp(out, code));
  /* a control character breaks it */
  t = type(&s, "K1.ZMLJ-LUMIAO", 60000, 2);
  scanbuf_char(&s, '\t', t + 2);
  t = type(&s, ".LM0031.1", t + 4, 2);
  CHECK(scanbuf_enter(&s, t + 2, out, sizeof out) == 0);
  /* an overlong burst is refused, not cut */
  char longCode[SCANBUF_MAX + 50];
  memset(longCode, 'A', sizeof longCode - 1);
  longCode[sizeof longCode - 1] = 0;
  t = type(&s, longCode, 70000, 1);
  CHECK(scanbuf_enter(&s, t + 1, out, sizeof out) == 0);
  /* and the next good burst works again */
  t = type(&s, code, 80000, 2);
  CHECK(scanbuf_enter(&s, t + 2, out, sizeof out) == 1);
  /* an out buffer too small is not overrun */
  t = type(&s, code, 90000, 2);
  CHECK(scanbuf_enter(&s, t + 2, out, 8) == 0);
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {{"bursts_and_typing", bursts_and_typing}};
  return test_main(argc, argv, aCase, 1);
}
