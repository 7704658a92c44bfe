/* unit_lanhub: the hub's decision on a request head (lanhub.h), one row a
 * head: what is signed, what is sent, and the status that must come back.
 * The registers are in memory: kiosk "k-ok" enrolled, "k-revoked" revoked,
 * anything else unknown; the nonce register remembers what it was given. */
#include "check.h"
#include "container.h"
#include "lanhub.h"
#include "package.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char gPk[32], gSk[64];
static char gNonces[64][33];
static int gNonceCount;

static KrCode key(void *ctx, const char *zKiosk, unsigned char pk[32]) {
  (void)ctx;
  if (!strcmp(zKiosk, "k-ok")) { memcpy(pk, gPk, 32); return KR_OK; }
  if (!strcmp(zKiosk, "k-revoked")) return KR_UNTRUSTED;
  return KR_NOT_FOUND;
}
static KrCode nonce(void *ctx, const char *zKiosk, const char *zNonce, int64_t at) {
  (void)ctx, (void)zKiosk, (void)at;
  for (int i = 0; i < gNonceCount; i++)
    if (!strcmp(gNonces[i], zNonce)) return KR_NOT_NEWER;
  if (gNonceCount < 64) snprintf(gNonces[gNonceCount++], 33, "%s", zNonce);
  return KR_OK;
}

#define NOW 1800000000LL
#define NONCE_A "00112233445566778899aabbccddeeff"
typedef struct {
  const char *name, *method, *target;
  const char *signTarget;      /* NULL: the target */
  const char *kiosk;           /* NULL: k-ok */
  const char *contentLength, *transferEncoding;
  long long timeOffset;        /* from NOW */
  const char *nonce;           /* NULL: a fresh random one */
  int bodyHashTampered, sigGarbled, unsigned_;
  unsigned expect;
  int endpoint;
  long long have;
} Row;

static const Row aRow[] = {
  {"ack", "GET", "/v2/ack", .expect = 0, .endpoint = LAN_EP_ACK},
  {"package", "GET", "/v2/package?have=42", .expect = 0, .endpoint = LAN_EP_PACKAGE, .have = 42},
  {"package 18 digits", "GET", "/v2/package?have=999999999999999999", .expect = 0, .endpoint = LAN_EP_PACKAGE,
   .have = 999999999999999999LL},
  {"bundle", "POST", "/v2/bundle", .contentLength = "1000", .expect = 0, .endpoint = LAN_EP_BUNDLE},
  {"bundle at the limit", "POST", "/v2/bundle", .contentLength = "67108864", .expect = 0, .endpoint = LAN_EP_BUNDLE},
  {"time 299 s ahead", "GET", "/v2/ack", .timeOffset = 299, .expect = 0, .endpoint = LAN_EP_ACK},
  {"first use of a nonce", "GET", "/v2/ack", .nonce = NONCE_A, .expect = 0, .endpoint = LAN_EP_ACK},
  {"replayed nonce", "GET", "/v2/ack", .nonce = NONCE_A, .expect = 409},
  {"have= changed after signing", "GET", "/v2/package?have=999", .signTarget = "/v2/package?have=0", .expect = 401},
  {"path changed after signing", "GET", "/v2/ack", .signTarget = "/v2/package?have=0", .expect = 401},
  {"body hash changed after signing", "POST", "/v2/bundle", .contentLength = "10", .bodyHashTampered = 1, .expect = 401},
  {"garbled signature", "GET", "/v2/ack", .sigGarbled = 1, .expect = 401},
  {"unsigned", "POST", "/v2/bundle", .contentLength = "62914560", .unsigned_ = 1, .expect = 401},
  {"unknown kiosk", "GET", "/v2/ack", .kiosk = "k-nobody", .expect = 403},
  {"revoked kiosk", "GET", "/v2/ack", .kiosk = "k-revoked", .expect = 403},
  {"kiosk id of 41 bytes", "GET", "/v2/ack", .kiosk = "k-okxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", .expect = 401},
  {"kiosk id with an escape", "GET", "/v2/ack", .kiosk = "k-ok\x1b[2J", .expect = 401},
  {"kiosk id with a space", "GET", "/v2/ack", .kiosk = "k ok", .expect = 401},
  {"pinned kiosk id in Chinese (unknown here)", "GET", "/v2/ack", .kiosk = "鲁庙村一号", .expect = 403},
  {"time 301 s behind", "GET", "/v2/ack", .timeOffset = -301, .expect = 401},
  {"protocol 1", "GET", "/v1/ack", .expect = 426},
  {"protocol 1 bundle", "POST", "/v1/bundle", .contentLength = "5", .expect = 426},
  {"second query parameter", "GET", "/v2/package?have=1&have=2", .expect = 400},
  {"negative have", "GET", "/v2/package?have=-1", .expect = 400},
  {"19-digit have", "GET", "/v2/package?have=1000000000000000000", .expect = 400},
  {"empty have", "GET", "/v2/package?have=", .expect = 400},
  {"escaped have", "GET", "/v2/package?have=%31", .expect = 400},
  {"query on ack", "GET", "/v2/ack?x=1", .expect = 404},
  {"chunked bundle", "POST", "/v2/bundle", .transferEncoding = "chunked", .expect = 411},
  {"bundle without length", "POST", "/v2/bundle", .expect = 411},
  {"bundle over 64 MiB", "POST", "/v2/bundle", .contentLength = "67108865", .expect = 413},
  {"bundle of 10^18 bytes", "POST", "/v2/bundle", .contentLength = "999999999999999999", .expect = 413},
  {"length with letters", "POST", "/v2/bundle", .contentLength = "12a", .expect = 400},
  {"length with a sign", "POST", "/v2/bundle", .contentLength = "-1", .expect = 400},
  {"a GET with a body", "GET", "/v2/ack", .contentLength = "5", .expect = 400},
  {"wrong method", "GET", "/v2/bundle", .expect = 405},
  {"unknown path", "GET", "/v2/secret", .expect = 404},
  {"dot segments", "GET", "/v2/../v2/ack", .expect = 404},
};

static void rows(void) {
  crypto_sign_keypair(gPk, gSk);
  gNonceCount = 0;
  LanRegisters reg = {key, nonce, NULL};
  for (size_t i = 0; i < sizeof aRow / sizeof aRow[0]; i++) {
    const Row *r = &aRow[i];
    char t[32], n[33], hash[65], sig[2 * crypto_sign_BYTES + 1];
    unsigned char rnd[16];
    snprintf(t, sizeof t, "%lld", NOW + r->timeOffset);
    randombytes_buf(rnd, sizeof rnd);
    container_hex(rnd, sizeof rnd, n);
    if (r->nonce) snprintf(n, sizeof n, "%s", r->nonce);
    lan_body_hash((const unsigned char *)"0123456789", 10, hash);
    lan_sign(gSk, r->method, r->signTarget ? r->signTarget : r->target, t, n, hash, sig);
    if (r->bodyHashTampered) hash[0] = hash[0] == 'a' ? 'b' : 'a';
    if (r->sigGarbled) sig[5] = 'z';
    LanHead h = {.zMethod = r->method, .zTarget = r->target, .zContentLength = r->contentLength,
                 .zTransferEncoding = r->transferEncoding};
    if (!r->unsigned_) {
      h.zKiosk = r->kiosk ? r->kiosk : "k-ok";
      h.zTime = t, h.zNonce = n, h.zBodyHash = hash, h.zSig = sig;
    }
    LanDecision d;
    unsigned st = lanhub_decide(&h, &reg, NOW, &d);
    if (st != r->expect) fprintf(stderr, "row \"%s\": status %u (%s), expected %u\n", r->name, st, d.why, r->expect);
    CHECK(st == r->expect && st == d.status);
    CHECK(st == 0 || d.why[0]);
    if (st) continue;
    CHECK(d.endpoint == r->endpoint && !strcmp(d.kiosk, "k-ok"));
    CHECK(d.have == r->have);
    CHECK(d.bodyLength == (r->contentLength ? strtoull(r->contentLength, NULL, 10) : 0));
    char back[65];
    container_hex(d.bodyHash, sizeof d.bodyHash, back);
    CHECK(!strcmp(back, hash));
  }
}

/* A refused head spends no nonce: the same nonce then works when signed. */
static void nonce_spent_last(void) {
  crypto_sign_keypair(gPk, gSk);
  gNonceCount = 0;
  LanRegisters reg = {key, nonce, NULL};
  char hash[65], sig[2 * crypto_sign_BYTES + 1];
  lan_body_hash(NULL, 0, hash);
  lan_sign(gSk, "GET", "/v2/ack", "1800000000", NONCE_A, hash, sig);
  char bad[sizeof sig];
  memcpy(bad, sig, sizeof sig);
  bad[0] = bad[0] == '0' ? '1' : '0';
  LanHead h = {.zMethod = "GET", .zTarget = "/v2/ack", .zKiosk = "k-ok", .zTime = "1800000000", .zNonce = NONCE_A,
               .zBodyHash = hash, .zSig = bad};
  LanDecision d;
  CHECK(lanhub_decide(&h, &reg, NOW, &d) == 401 && gNonceCount == 0);
  h.zSig = sig;
  CHECK(lanhub_decide(&h, &reg, NOW, &d) == 0 && gNonceCount == 1);
  CHECK(lanhub_decide(&h, &reg, NOW, &d) == 409);
  /* a target as long as the limit allows is routed, one byte more is 414 */
  char longT[LAN_TARGET_MAX + 2];
  memset(longT, 'a', sizeof longT);
  longT[0] = '/';
  longT[LAN_TARGET_MAX + 1] = 0;
  h.zTarget = longT;
  CHECK(lanhub_decide(&h, &reg, NOW, &d) == 414);
  longT[LAN_TARGET_MAX] = 0;
  CHECK(lanhub_decide(&h, &reg, NOW, &d) == 404);
  /* no request line at all */
  LanHead empty = {0};
  CHECK(lanhub_decide(&empty, &reg, NOW, &d) == 400);
}

int main(int argc, char **argv) {
  if (sodium_init() < 0) return 1;
  static const TestCase aCase[] = {{"rows", rows}, {"nonce_spent_last", nonce_spent_last}};
  return test_main(argc, argv, aCase, 2);
}
