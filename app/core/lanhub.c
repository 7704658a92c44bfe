/* lanhub: see lanhub.h. */
#include "lanhub.h"
#include "container.h"
#include "package.h"
#include "util.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

void lan_request_string(const char *zMethod, const char *zTarget, const char *zTime, const char *zNonce,
                        const char *zBodyHash, char *out, size_t nOut) {
  snprintf(out, nOut, "kiosk-lan/2\n%s\n%s\n%s\n%s\n%s", zMethod, zTarget, zTime, zNonce, zBodyHash);
}

void lan_sign(const unsigned char sk[64], const char *zMethod, const char *zTarget, const char *zTime,
              const char *zNonce, const char *zBodyHash, char zSig[129]) {
  char msg[LAN_SIGNED_MAX];
  unsigned char s[crypto_sign_BYTES];
  lan_request_string(zMethod, zTarget, zTime, zNonce, zBodyHash, msg, sizeof msg);
  crypto_sign_detached(s, NULL, (const unsigned char *)msg, strlen(msg), sk);
  container_hex(s, sizeof s, zSig);
}

void lan_body_hash(const unsigned char *body, size_t nBody, char out[65]) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, nBody ? body : (const unsigned char *)"", nBody, NULL, 0);
  container_hex(h, sizeof h, out);
}

/* 1 if a kiosk id has no control bytes and no spaces (a UUID, or an id
 * pinned in kiosk.conf, UTF-8 allowed), so it can go into the log as is. */
static int printable_id(const char *z) {
  for (; *z; z++)
    if ((unsigned char)*z <= 0x20 || (unsigned char)*z == 0x7f) return 0;
  return 1;
}

static unsigned refuse(LanDecision *d, unsigned status, const char *zWhy) {
  d->status = status;
  util_strlcpy(d->why, zWhy, sizeof d->why);
  return status;
}

/* 1 if z is exactly n lowercase or uppercase hex digits. */
static int is_hex(const char *z, size_t n) {
  if (!z || strnlen(z, n + 1) != n) return 0;
  for (size_t i = 0; i < n; i++)
    if (!strchr("0123456789abcdefABCDEF", z[i]) || !z[i]) return 0;
  return 1;
}

/* A decimal of 1 to nMax digits into *p; 0 ok, -1 not one. */
static int parse_digits(const char *z, size_t nMax, int64_t *p) {
  size_t n = strnlen(z, nMax + 1);
  if (n == 0 || n > nMax) return -1;
  int64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    if (z[i] < '0' || z[i] > '9') return -1;
    v = v * 10 + (z[i] - '0'); /* nMax <= 18: cannot overflow */
  }
  *p = v;
  return 0;
}

/* The endpoint of a method and target, its query checked; 0 or a refusal. */
static unsigned route(const LanHead *h, LanDecision *d) {
  const char *m = h->zMethod, *t = h->zTarget;
  if (!m || !t) return refuse(d, 400, "no request line");
  if (strnlen(t, LAN_TARGET_MAX + 1) > LAN_TARGET_MAX) return refuse(d, 414, "request target too long");
  if (!strncmp(t, "/v1/", 4))
    return refuse(d, 426, "this hub speaks LAN protocol 2 (signed query and body hash); "
                          "update the kiosk's software to sync with it");
  if (!strcmp(t, "/v2/bundle")) d->endpoint = LAN_EP_BUNDLE;
  else if (!strcmp(t, "/v2/ack")) d->endpoint = LAN_EP_ACK;
  else if (!strncmp(t, "/v2/package?have=", 17)) {
    if (parse_digits(t + 17, 18, &d->have)) return refuse(d, 400, "the query must be have=N (a version number)");
    d->endpoint = LAN_EP_PACKAGE;
  } else return refuse(d, 404, "no such endpoint");
  const char *want = d->endpoint == LAN_EP_BUNDLE ? "POST" : "GET";
  if (strcmp(m, want)) return refuse(d, 405, "wrong method for this endpoint");
  return 0;
}

/* The body's declared length; 0 or a refusal. */
static unsigned body_length(const LanHead *h, LanDecision *d) {
  if (h->zTransferEncoding) return refuse(d, 411, "a chunked body is refused: send Content-Length");
  int64_t n = 0;
  if (h->zContentLength && parse_digits(h->zContentLength, 18, &n)) return refuse(d, 400, "bad Content-Length");
  if (d->endpoint == LAN_EP_BUNDLE && !h->zContentLength) return refuse(d, 411, "a bundle needs Content-Length");
  if (d->endpoint != LAN_EP_BUNDLE && n) return refuse(d, 400, "this request takes no body");
  if ((uint64_t)n > PACKAGE_MAX_BYTES) return refuse(d, 413, "request body over 64 MiB");
  d->bodyLength = (uint64_t)n;
  return 0;
}

unsigned lanhub_decide(const LanHead *h, const LanRegisters *r, int64_t now, LanDecision *d) {
  memset(d, 0, sizeof *d);
  unsigned st = route(h, d);
  if (st || (st = body_length(h, d))) return st;
  if (!h->zKiosk || !h->zTime || !h->zNonce || !h->zBodyHash || !h->zSig) return refuse(d, 401, "unsigned request");
  size_t nKiosk = strnlen(h->zKiosk, 41);
  if (nKiosk == 0 || nKiosk > 40 || !printable_id(h->zKiosk) || !is_hex(h->zNonce, 32) || !is_hex(h->zBodyHash, 64) ||
      !is_hex(h->zSig, 2 * crypto_sign_BYTES))
    return refuse(d, 401, "malformed signature headers");
  int64_t when;
  if (parse_digits(h->zTime, 12, &when)) return refuse(d, 401, "bad X-Time");
  unsigned char pk[32], sig[crypto_sign_BYTES];
  KrCode kr = r->kiosk_key(r->ctx, h->zKiosk, pk);
  char why[120];
  if (kr == KR_NOT_FOUND) {
    snprintf(why, sizeof why, "unknown kiosk %.40s", h->zKiosk);
    return refuse(d, 403, why);
  }
  if (kr == KR_UNTRUSTED) {
    snprintf(why, sizeof why, "kiosk %.40s is revoked", h->zKiosk);
    return refuse(d, 403, why);
  }
  if (kr) return refuse(d, 500, "township database error");
  if (when < now - 300 || when > now + 300) return refuse(d, 401, "the request's time is off by more than 5 minutes");
  if (container_unhex(h->zSig, sig, sizeof sig) || container_unhex(h->zBodyHash, d->bodyHash, sizeof d->bodyHash))
    return refuse(d, 401, "bad signature");
  char msg[LAN_SIGNED_MAX];
  lan_request_string(h->zMethod, h->zTarget, h->zTime, h->zNonce, h->zBodyHash, msg, sizeof msg);
  if (crypto_sign_verify_detached(sig, (const unsigned char *)msg, strlen(msg), pk))
    return refuse(d, 401, "wrong signature");
  kr = r->use_nonce(r->ctx, h->zKiosk, h->zNonce, when);
  if (kr == KR_NOT_NEWER) return refuse(d, 409, "replayed request refused");
  if (kr) return refuse(d, 500, "township database error");
  util_strlcpy(d->kiosk, h->zKiosk, sizeof d->kiosk);
  return 0;
}
