/* fuzz_hub: libFuzzer harness for the LAN hub's request handling — the
 * decision on a request head (lanhub_decide: routing, the have= query,
 * Content-Length, the signature headers, the signature, the nonce), which
 * app/tools/hub.c runs on every head before it takes a body byte; HTTP
 * itself is parsed by libmicrohttpd.
 *
 * Input: one flag byte, then the head's fields one a line, in this order:
 * method, target, X-Kiosk, X-Time, X-Nonce, X-Body-Hash, X-Sig,
 * Content-Length, Transfer-Encoding (a missing line: header absent; a NUL
 * ends a field as it would a C string from MHD). Flags, so that the fuzzer
 * gets past checks it cannot forge: bit 0 X-Kiosk is the enrolled "k-ok",
 * bit 1 X-Time is the hub's now, bit 2 X-Sig is replaced by a valid
 * signature over the fields given. The registers are in memory, fresh for
 * each input (k-ok's key from a fixed seed; "k-revoked" revoked).
 *
 * Checked beyond ASan/UBSan: a refusal has a status and words; an
 * acceptance names k-ok, a known endpoint, a body within the limit, and
 * only ever happens with the harness's own valid signature (a forged
 * acceptance aborts).
 *
 * Build (clang): with the tree's fuzz option, or by hand:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iapp/core tests/fuzz/fuzz_hub.c \
 *     app/core/lanhub.c app/core/container.c app/core/util.c -lsodium -o fuzz_hub
 *   ./fuzz_hub tests/fuzz/corpus/hub -max_total_time=30 */
#include "lanhub.h"
#include "package.h"
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW 1800000000LL
static unsigned char gPk[32], gSk[64];
static int gNonces;

static KrCode key(void *ctx, const char *zKiosk, unsigned char pk[32]) {
  (void)ctx;
  if (!strcmp(zKiosk, "k-ok")) { memcpy(pk, gPk, 32); return KR_OK; }
  return strcmp(zKiosk, "k-revoked") ? KR_NOT_FOUND : KR_UNTRUSTED;
}
static KrCode nonce(void *ctx, const char *zKiosk, const char *zNonce, int64_t at) {
  (void)ctx, (void)zKiosk, (void)zNonce, (void)at;
  return gNonces++ ? KR_NOT_NEWER : KR_OK; /* the second use in one input is a replay */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static int ready;
  if (!ready) {
    unsigned char seed[32] = {1, 2, 3};
    if (sodium_init() < 0) abort();
    crypto_sign_seed_keypair(gPk, gSk, seed);
    ready = 1;
  }
  if (size < 1 || size > 4096) return 0;
  unsigned flags = data[0];
  char *copy = malloc(size);
  memcpy(copy, data + 1, size - 1);
  copy[size - 1] = 0;
  const char *f[9] = {0};
  char *p = copy, *end = copy + size - 1;
  for (int i = 0; i < 9 && p <= end; i++) {
    f[i] = p;
    char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) break;
    *nl = 0;
    p = nl + 1;
  }
  char t[32], sig[2 * 64 + 1];
  LanHead h = {.zMethod = f[0], .zTarget = f[1], .zKiosk = f[2], .zTime = f[3], .zNonce = f[4], .zBodyHash = f[5],
               .zSig = f[6], .zContentLength = f[7], .zTransferEncoding = f[8]};
  if (flags & 1) h.zKiosk = "k-ok";
  if (flags & 2) snprintf(t, sizeof t, "%lld", NOW), h.zTime = t;
  int signedHere = 0;
  if ((flags & 4) && h.zMethod && h.zTarget && h.zTime && h.zNonce && h.zBodyHash) {
    lan_sign(gSk, h.zMethod, h.zTarget, h.zTime, h.zNonce, h.zBodyHash, sig);
    h.zSig = sig;
    signedHere = 1;
  }
  gNonces = 0;
  LanRegisters reg = {key, nonce, NULL};
  LanDecision d;
  unsigned st = lanhub_decide(&h, &reg, NOW, &d);
  if (st != d.status) abort();
  if (st && (st < 400 || st > 599 || !d.why[0] || strnlen(d.why, sizeof d.why) == sizeof d.why)) abort();
  if (!st) {
    if (!signedHere || strcmp(d.kiosk, "k-ok") || d.endpoint == LAN_EP_NONE || d.bodyLength > PACKAGE_MAX_BYTES)
      abort(); /* accepted without the harness's signature: a forgery got through */
    if (lanhub_decide(&h, &reg, NOW, &d) != 409) abort(); /* the same head again is a replay */
  }
  free(copy);
  return 0;
}
