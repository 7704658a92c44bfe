/* fuzz_bundle: what lies behind the crypto of a kiosk's bundle. The input
 * describes the sealed payload's chunks; the harness encrypts each one
 * genuinely (a fresh key sealed to the township, XChaCha20-Poly1305
 * secretstream) and signs the whole with the enrolled kiosk's key, so the
 * township's import (township_import) gets past the signature and the
 * seal, and its chunk parser and the bundle's SQLite payload and records
 * take the fuzzed bytes. The township is a fresh copy for each input.
 *
 * Input: one flags byte, then chunks of [length lo, length hi, tag, bytes].
 *   flags 1: corrupt one chunk's length field (the next two bytes say which
 *            and how), after encryption
 *   flags 2: one byte of garbage after the last chunk
 *   flags 4: no FINAL tag forced onto the last chunk
 *   flags 8: not sealed: the plaintext is the payload as is
 * A chunk's tag byte & 3 is MESSAGE, PUSH, REKEY or FINAL. */
#include "container.h"
#include "fuzzutil.h"
#include "township.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef crypto_secretstream_xchacha20poly1305_state Stream;
#define ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
static const unsigned char kTags[4] = {
  crypto_secretstream_xchacha20poly1305_TAG_MESSAGE, crypto_secretstream_xchacha20poly1305_TAG_PUSH,
  crypto_secretstream_xchacha20poly1305_TAG_REKEY, crypto_secretstream_xchacha20poly1305_TAG_FINAL};

static void put(unsigned char *p, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; i--, v >>= 8) p[i] = (unsigned char)v;
}

int LLVMFuzzerTestOneInput(const uint8_t *z, size_t n) {
  static KeyPair kiosk;
  static unsigned char townPk[32];
  static int ready;
  if (!ready) {
    fz_init();
    fz_keypair(FZ_KEY_KIOSK, &kiosk);
    fz_township_pk(townPk);
    ready = 1;
  }
  if (n < 1) return 0;
  int flags = z[0];
  const uint8_t *p = z + 1, *end = z + n;
  int corruptAt = -1, corruptXor = 0;
  if (flags & 1 && end - p >= 2) corruptAt = p[0], corruptXor = p[1] | 1, p += 2;
  /* at most as many chunks as 3-byte heads fit; each grows by ABYTES + 4 */
  size_t cap = CONTAINER_HEADER + crypto_box_SEALBYTES + crypto_secretstream_xchacha20poly1305_KEYBYTES +
               crypto_secretstream_xchacha20poly1305_HEADERBYTES + (size_t)(end - p) * (4 + ABYTES + 1) + 64 + 64;
  unsigned char *out = malloc(cap), *o = out + CONTAINER_HEADER;
  memcpy(out, "KSYNC1\n\0", 8);
  out[8] = CONTAINER_BUNDLE;
  out[9] = flags & 8 ? 0 : 1;
  memset(out + 10, 0, CONTAINER_SIGNER_MAX);
  memcpy(out + 10, FZ_KIOSK_ID, strlen(FZ_KIOSK_ID));
  Stream st;
  if (!(flags & 8)) {
    unsigned char xpk[crypto_box_PUBLICKEYBYTES], key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
    if (crypto_sign_ed25519_pk_to_curve25519(xpk, townPk)) abort();
    memset(key, 0x21, sizeof key); /* fixed, so a crash replays */
    crypto_box_seal(o, key, sizeof key, xpk);
    o += crypto_box_SEALBYTES + sizeof key;
    crypto_secretstream_xchacha20poly1305_init_push(&st, o, key);
    o += crypto_secretstream_xchacha20poly1305_HEADERBYTES;
  }
  for (int k = 0; p < end; k++) {
    size_t len = end - p >= 2 ? (size_t)(p[0] | p[1] << 8) : 0;
    p += end - p >= 2 ? 2 : end - p;
    int tag = p < end ? *p++ & 3 : 0;
    if (len > (size_t)(end - p)) len = (size_t)(end - p);
    int last = p + len == end;
    if (last && !(flags & 4)) tag = 3;
    if (flags & 8) {
      memcpy(o, p, len);
      o += len;
    } else {
      unsigned long long clen;
      crypto_secretstream_xchacha20poly1305_push(&st, o + 4, &clen, p, len, NULL, 0, kTags[tag]);
      put(o, clen, 4);
      if (k == corruptAt) o[corruptXor & 3] ^= (unsigned char)corruptXor;
      o += 4 + clen;
    }
    p += len;
  }
  if (flags & 2) *o++ = 0x5a;
  put(out + 50, (uint64_t)(o - (out + CONTAINER_HEADER)), 8);
  unsigned char h[crypto_generichash_BYTES_MAX];
  crypto_generichash(h, sizeof h, out, (size_t)(o - out), NULL, 0);
  crypto_sign_detached(o, NULL, h, sizeof h, kiosk.sk);
  o += crypto_sign_BYTES;

  Township *t = fz_township();
  TownshipImport imp;
  char err[512];
  KrCode rc = township_import(t, out, (size_t)(o - out), &imp, err, sizeof err);
  if (rc == KR_BAD_SIGNATURE || rc == KR_NOT_FOUND || rc == KR_UNTRUSTED) {
    fprintf(stderr, "the harness's bundle was refused before its payload: %s\n", err);
    abort();
  }
  if (getenv("FUZZ_VERBOSE")) fprintf(stderr, "import: %s %s (fresh %d)\n", kr_name(rc), rc ? err : "", imp.fresh);
  township_close(t);
  free(out);
  return 0;
}
