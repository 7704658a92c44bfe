/* fuzz_qrcard: a scanned payload (what a keyboard-wedge scanner types)
 * checked against the demo village, where cards were issued with the fixed
 * kiosk key as FZ_ISSUER (LM0031's first card revoked by a second). The
 * database is only read, so one copy serves every input. A payload that
 * verifies must be one the kiosk issued. */
#include "fuzzutil.h"
#include "qrcard.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int build(Db *db) {
  fz_build_demo(db);
  KeyPair kp;
  fz_keypair(FZ_KEY_KIOSK, &kp);
  const char *azNo[] = {"LM0031", "LM0031", "LM0001", "LM0097"};
  for (int i = 0; i < 4; i++) {
    char payload[QRCARD_PAYLOAD_MAX], err[256];
    int serial;
    if (qrcard_issue(db, &kp, FZ_ISSUER, azNo[i], payload, &serial, err, sizeof err)) {
      fprintf(stderr, "qrcard_issue: %s\n", err);
      return -1;
    }
  }
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *z, size_t n) {
  static Db *db;
  static KeyPair kp;
  if (!db) {
    db = fz_kiosk_db("cards", build);
    fz_keypair(FZ_KEY_KIOSK, &kp);
  }
  char *payload = malloc(n + 1);
  memcpy(payload, z, n);
  payload[n] = 0;
  Member m;
  char no[24] = "";
  QrCardResult r = qrcard_verify(db, kp.pk, FZ_ISSUER, payload, &m, no);
  if (r > QRCARD_ERROR) abort();
  if (qrcard_reason_en(r) == NULL) abort();
  if (r == QRCARD_OK && strncmp(payload, QRCARD_PREFIX FZ_ISSUER ".", strlen(QRCARD_PREFIX FZ_ISSUER ".")) != 0) {
    fprintf(stderr, "a payload not of this issuer verified: %s\n", payload);
    abort();
  }
  free(payload);
  return 0;
}
