/* fuzz_qrcard: a scanned payload (what a keyboard-wedge scanner types)
 * checked against the demo village, where cards were issued with the fixed
 * kiosk key as FZ_ISSUER (LM0031's first card revoked by a second). The
 * database is only read, so one copy serves every input. A payload that
 * verifies must be one the kiosk issued.
 *
 * A fuzzer cannot forge Ed25519, so an input starting with byte 0x01 gets
 * signed: the rest is the payload before its last ".", and the harness
 * appends "." and the kiosk key's genuine signature, as a card would have
 * it. That reaches the member and serial checks behind the signature. */
#include "fuzzutil.h"
#include "qrcard.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The template: the demo village with four cards issued. 0 or -1. */
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
  int sign = n >= 1 && z[0] == 1;
  if (sign) z++, n--;
  char *payload = malloc(n + 100);
  memcpy(payload, z, n);
  payload[n] = 0;
  if (sign) {
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, (const unsigned char *)payload, n, kp.sk);
    payload[n] = '.';
    sodium_bin2base64(payload + n + 1, 99, sig, sizeof sig, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  }
  Member m;
  char no[24] = "";
  QrCardResult r = qrcard_verify(db, kp.pk, FZ_ISSUER, payload, &m, no);
  if (getenv("FUZZ_VERBOSE")) fprintf(stderr, "verify: %s: %s\n", payload, qrcard_reason_en(r));
  if (r > QRCARD_ERROR) abort();
  if (qrcard_reason_en(r) == NULL) abort();
  if (r == QRCARD_OK && strncmp(payload, QRCARD_PREFIX FZ_ISSUER ".", strlen(QRCARD_PREFIX FZ_ISSUER ".")) != 0) {
    fprintf(stderr, "a payload not of this issuer verified: %s\n", payload);
    abort();
  }
  free(payload);
  return 0;
}
