/* fuzz_container: any bytes as a sync file (container.c): the envelope
 * read, the signature checked against the fixed kiosk key, and the payload
 * opened with the fixed township key whether or not the signature held
 * (so the sealed-payload parser sees damaged files too). Short inputs are
 * also read as hex. Signatures and seals cannot be forged by a fuzzer: see
 * fuzz_bundle for what lies behind them. */
#include "container.h"
#include "fuzzutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *z, size_t n) {
  static KeyPair kiosk, town;
  static int ready;
  if (!ready) {
    fz_init();
    fz_keypair(FZ_KEY_KIOSK, &kiosk);
    fz_keypair(FZ_KEY_TOWN, &town);
    ready = 1;
  }
  char err[512];
  ContainerInfo ci;
  if (container_peek(z, n, &ci, err, sizeof err) == KR_OK) {
    if (ci.body < z || ci.body + ci.nBody > z + n) abort();
    container_verify(z, n, kiosk.pk, err, sizeof err);
    unsigned char *out;
    size_t nOut;
    if (container_open(&ci, town.pk, town.sk, &out, &nOut, err, sizeof err) == KR_OK) {
      if (nOut > ci.nBody) abort();
      free(out);
    }
  }
  if (n <= 128) {
    char hex[129];
    unsigned char bin[64];
    memcpy(hex, z, n);
    hex[n] = 0;
    container_unhex(hex, bin, n / 2);
  }
  return 0;
}
