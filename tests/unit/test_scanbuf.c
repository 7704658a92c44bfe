/* The scanner-burst detector: a scanner's burst of a card payload is a
 * scan; a person's typing, a burst with a pause anywhere in it (so the
 * card's tail is never taken for a card), a late Enter, a short code, a code
 * with the wrong prefix, Enter alone, or an overlong code is not. The card
 * payloads are real: issued and signed by the core on the demo village. */
#include "check.h"
#include "keypair.h"
#include "qrcard.h"
#include "scanbuf.h"
#include <string.h>

/* Types z starting at t0 with gapMs between keys; returns the last time. */
static uint32_t type(ScanBuf *s, const char *z, uint32_t t0, uint32_t gapMs) {
  uint32_t t = t0;
  for (; *z; z++, t += gapMs) scanbuf_char(s, (unsigned char)*z, t);
  return t - gapMs;
}

/* A real card payload for zMemberNo (signed with a fresh key), into out. */
static int real_card(const char *zMemberNo, char out[QRCARD_PAYLOAD_MAX]) {
  static char buf[QRCARD_PAYLOAD_MAX];
  if (!buf[0]) {
    Db *db = test_demo_db();
    if (!db) return -1;
    KeyPair kp;
    char path[600], err[256];
    int created, serial;
    int rc = keypair_load_or_create(test_path("kiosk.key", path, sizeof path), &kp, &created, err, sizeof err) ||
             qrcard_issue(db, &kp, "ZMLJ-LUMIAO", zMemberNo, buf, &serial, err, sizeof err);
    keypair_wipe(&kp);
    db_close(db);
    if (rc) { buf[0] = 0; fprintf(stderr, "real_card: %s\n", err); return -1; }
  }
  memcpy(out, buf, QRCARD_PAYLOAD_MAX);
  return 0;
}

static void bursts_and_typing(void) {
  char code[QRCARD_PAYLOAD_MAX];
  REQUIRE(real_card("LM0031", code) == 0);
  REQUIRE(strlen(code) > 100 && !strncmp(code, QRCARD_PREFIX, strlen(QRCARD_PREFIX)));
  ScanBuf s;
  char out[SCANBUF_MAX];
  scanbuf_reset(&s);
  uint32_t t = type(&s, code, 1000, 5);
  CHECK(scanbuf_enter(&s, t + 5, out, sizeof out) == 1 && !strcmp(out, code));
  /* the same characters typed by a person */
  t = type(&s, code, 5000, 120);
  CHECK(scanbuf_enter(&s, t + 120, out, sizeof out) == 0);
  /* Enter long after the burst */
  t = type(&s, code, 20000, 3);
  CHECK(scanbuf_enter(&s, t + 500, out, sizeof out) == 0);
  /* too short to be a card, even with the prefix */
  t = type(&s, "K1.12345", 30000, 3);
  CHECK(scanbuf_enter(&s, t + 3, out, sizeof out) == 0);
  /* all at the same millisecond (events delivered in one batch) */
  t = type(&s, code, 50000, 0);
  CHECK(scanbuf_enter(&s, t, out, sizeof out) == 1 && !strcmp(out, code));
  /* a control character breaks it */
  t = type(&s, "K1.ZMLJ-LUMIAO", 60000, 2);
  scanbuf_char(&s, '\t', t + 2);
  t = type(&s, ".LM0031.1.abcdefgh", t + 4, 2);
  CHECK(scanbuf_enter(&s, t + 2, out, sizeof out) == 0);
  /* an out buffer too small is not overrun */
  t = type(&s, code, 90000, 2);
  CHECK(scanbuf_enter(&s, t + 2, out, 8) == 0);
  /* the clock wrapping (SDL's 32-bit ms) in the middle of a burst */
  t = type(&s, code, UINT32_MAX - 100, 3);
  CHECK(scanbuf_enter(&s, t + 3, out, sizeof out) == 1 && !strcmp(out, code));
}

/* A pause of 51 ms to 2 s before every character of a real payload: never
 * a scan, whatever part comes after it; and the next clean burst scans. */
static void pause_anywhere(void) {
  char code[QRCARD_PAYLOAD_MAX];
  REQUIRE(real_card("LM0031", code) == 0);
  static const uint32_t aPause[] = {SCANBUF_MAX_GAP_MS + 1, 120, 400, 2000};
  size_t len = strlen(code);
  ScanBuf s;
  char out[SCANBUF_MAX];
  scanbuf_reset(&s);
  uint32_t t = 100000;
  for (size_t i = 1; i < len; i++) {
    for (size_t k = 0; k < sizeof aPause / sizeof aPause[0]; k++) {
      char head[QRCARD_PAYLOAD_MAX];
      memcpy(head, code, i);
      head[i] = 0;
      t = type(&s, head, t, 4);
      t = type(&s, code + i, t + aPause[k], 4);
      int got = scanbuf_enter(&s, t + 4, out, sizeof out);
      if (got) fprintf(stderr, "a pause of %u ms before character %zu gave a scan: %s\n", aPause[k], i, out);
      CHECK(got == 0);
      t += 1000;
    }
  }
  /* the pause before Enter itself */
  t = type(&s, code, t, 4);
  CHECK(scanbuf_enter(&s, t + SCANBUF_MAX_GAP_MS + 1, out, sizeof out) == 0);
  t = type(&s, code, t + 1000, 4);
  CHECK(scanbuf_enter(&s, t + 4, out, sizeof out) == 1 && !strcmp(out, code));
}

/* A scan as SDL2 delivers it to a kiosk that reads its queue: keys that came
 * while the kiosk waited carry their own time; keys that came while it was
 * busy (drawing, committing) carry the time of the read that found them. A
 * busy spell in the middle of a scan, however long, is no pause; a pause
 * while the kiosk waited still is, at every position. */
static void stall_is_no_pause(void) {
  char code[QRCARD_PAYLOAD_MAX];
  REQUIRE(real_card("LM0031", code) == 0);
  size_t len = strlen(code);
  char out[SCANBUF_MAX];
  static const uint32_t aBusy[] = {SCANBUF_MAX_GAP_MS + 1, 200, 1500};
  for (size_t i = 1; i < len; i++) {
    for (size_t k = 0; k < sizeof aBusy / sizeof aBusy[0]; k++) {
      ScanBuf s;
      scanbuf_reset(&s);
      uint32_t t = 5000 + (uint32_t)i;
      scanbuf_read(&s, t - 700); /* the kiosk waits */
      for (size_t j = 0; j < i; j++, t += 3) {
        scanbuf_char(&s, (unsigned char)code[j], t); /* came while it waited */
        scanbuf_read(&s, t);                         /* the drain finds nothing more */
      }
      /* busy from t - 2 for aBusy[k] ms; the rest of the code came meanwhile
       * and is found by the next read, with Enter */
      uint32_t r = t - 2 + aBusy[k];
      scanbuf_read(&s, r);
      for (size_t j = i; j < len; j++) scanbuf_char(&s, (unsigned char)code[j], r + (j % 2));
      int got = scanbuf_enter(&s, r + 1, out, sizeof out);
      if (!got) fprintf(stderr, "a busy spell of %u ms before character %zu lost the scan\n", aBusy[k], i);
      CHECK(got == 1 && !strcmp(out, code));
      /* the same rest coming after a pause while the kiosk waited: no scan */
      scanbuf_reset(&s);
      t = 9000;
      scanbuf_read(&s, t - 10);
      for (size_t j = 0; j < i; j++, t += 3) { scanbuf_char(&s, (unsigned char)code[j], t); scanbuf_read(&s, t); }
      t += aBusy[k];
      for (size_t j = i; j < len; j++, t += 3) { scanbuf_char(&s, (unsigned char)code[j], t); scanbuf_read(&s, t); }
      CHECK(scanbuf_enter(&s, t, out, sizeof out) == 0);
    }
  }
}

/* What a person at a keyboard left plugged in does. */
static void typing_like_a_burst(void) {
  char code[QRCARD_PAYLOAD_MAX];
  REQUIRE(real_card("LM0031", code) == 0);
  ScanBuf s;
  char out[SCANBUF_MAX];
  scanbuf_reset(&s);
  /* a fast typist's roll of keys: a few quick, then the usual gaps */
  uint32_t t = type(&s, "K1.", 1000, 30);
  t = type(&s, "ZMLJ-LUMIAO.LM0031", t + 90, 90);
  CHECK(scanbuf_enter(&s, t + 40, out, sizeof out) == 0);
  /* a key held down: auto-repeat at 30 ms, long enough, but not a card */
  t = type(&s, "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk", 5000, 30);
  CHECK(scanbuf_enter(&s, t + 30, out, sizeof out) == 0);
  /* a person typed without Enter, paused, then a scan came: the pause
   * breaks everything until Enter, so that one scan is lost... */
  t = type(&s, "hello", 8000, 150);
  t = type(&s, code, t + 800, 6);
  CHECK(scanbuf_enter(&s, t + 6, out, sizeof out) == 0);
  /* ...and the next scan works */
  t = type(&s, code, t + 2000, 6);
  CHECK(scanbuf_enter(&s, t + 6, out, sizeof out) == 1 && !strcmp(out, code));
}

/* A burst that is not a card of ours: another format, a card with its
 * prefix cut, a lower-case prefix, a prefix that comes later. */
static void wrong_prefix(void) {
  char code[QRCARD_PAYLOAD_MAX];
  REQUIRE(real_card("LM0031", code) == 0);
  char other[QRCARD_PAYLOAD_MAX + 8];
  const char *az[5];
  az[0] = "6901234567892-EAN13-BARCODE";
  az[1] = code + 1;
  snprintf(other, sizeof other, "k1.%s", code + 3);
  az[2] = other;
  static char later[QRCARD_PAYLOAD_MAX + 8];
  snprintf(later, sizeof later, "X%s", code);
  az[3] = later;
  az[4] = "https://example.org/K1.ZMLJ-LUMIAO.LM0031";
  ScanBuf s;
  char out[SCANBUF_MAX];
  scanbuf_reset(&s);
  uint32_t t = 1000;
  for (int i = 0; i < 5; i++) {
    t = type(&s, az[i], t + 1000, 3);
    CHECK(scanbuf_enter(&s, t + 3, out, sizeof out) == 0);
  }
}

static void enter_alone(void) {
  ScanBuf s;
  char out[SCANBUF_MAX] = "untouched";
  scanbuf_reset(&s);
  CHECK(scanbuf_enter(&s, 0, out, sizeof out) == 0);
  CHECK(scanbuf_enter(&s, 5, out, sizeof out) == 0);
  CHECK(scanbuf_enter(&s, 100000, out, sizeof out) == 0);
  CHECK(!strcmp(out, "untouched"));
  /* the prefix alone */
  uint32_t t = type(&s, QRCARD_PREFIX, 200000, 2);
  CHECK(scanbuf_enter(&s, t + 2, out, sizeof out) == 0);
}

/* An overlong burst is refused, not cut, however long; then a card works. */
static void very_long(void) {
  char code[QRCARD_PAYLOAD_MAX];
  REQUIRE(real_card("LM0031", code) == 0);
  static const size_t aLen[] = {QRCARD_PAYLOAD_MAX, SCANBUF_MAX - 1, SCANBUF_MAX, SCANBUF_MAX + 50, 100000};
  static char big[100000 + 1];
  ScanBuf s;
  char out[SCANBUF_MAX];
  scanbuf_reset(&s);
  uint32_t t = 1000;
  for (size_t k = 0; k < sizeof aLen / sizeof aLen[0]; k++) {
    memcpy(big, code, strlen(code));
    memset(big + strlen(code), 'A', aLen[k] - strlen(code));
    big[aLen[k]] = 0;
    t = type(&s, big, t + 1000, 0);
    int got = scanbuf_enter(&s, t, out, sizeof out);
    CHECK(got == 0);
  }
  t = type(&s, code, t + 1000, 2);
  CHECK(scanbuf_enter(&s, t + 2, out, sizeof out) == 1 && !strcmp(out, code));
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {{"bursts_and_typing", bursts_and_typing}, {"pause_anywhere", pause_anywhere}, {"stall_is_no_pause", stall_is_no_pause},
                                   {"typing_like_a_burst", typing_like_a_burst}, {"wrong_prefix", wrong_prefix},
                                   {"enter_alone", enter_alone}, {"very_long", very_long}};
  return test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
