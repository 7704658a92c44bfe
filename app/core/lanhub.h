/* lanhub: the LAN hub's decision on a request head, as a pure function —
 * the head's fields in, a verdict out; no sockets, no database (the kiosk
 * keys and the nonce register come in as callbacks). app/tools/hub.c calls
 * it once a request's headers are complete and before it accepts one byte
 * of the body; tests/fuzz/fuzz_hub.c feeds it arbitrary bytes.
 *
 * LAN protocol 2 (lansync.h): a request's target is one of
 *   POST /v2/bundle            (a body: the kiosk's bundle)
 *   GET  /v2/ack
 *   GET  /v2/package?have=N    (N: 0 to 18 digits; no other query)
 * and it carries X-Kiosk, X-Time, X-Nonce (32 hex), X-Body-Hash (BLAKE2b-256
 * of the body, 64 hex; of nothing for a GET) and X-Sig: an Ed25519
 * signature by the kiosk over lan_request_string() — method, the whole
 * target as sent (path and query), time, nonce and body hash. The body's
 * length is Content-Length (at most PACKAGE_MAX_BYTES; no chunked bodies).
 * A protocol 1 target (/v1/...) gets 426 and words saying to update the
 * kiosk.
 *
 * The checks run cheapest first, and the nonce is spent last, only for a
 * request whose signature verifies, so nobody without a kiosk key can fill
 * the nonce register. */
#ifndef KIOSK_LANHUB_H
#define KIOSK_LANHUB_H
#include "result.h"
#include <stddef.h>
#include <stdint.h>

/* The longest request target (path and query) the protocol uses, and room
 * for the string a signature covers. */
#define LAN_TARGET_MAX 256
#define LAN_SIGNED_MAX 512
/* The string a request signature covers: "kiosk-lan/2", method, target
 * (path and query, as sent), time, nonce and the body hash (64 hex), one a
 * line. Cut to nOut - 1 bytes (LAN_SIGNED_MAX holds any valid request). */
void lan_request_string(const char *zMethod, const char *zTarget, const char *zTime, const char *zNonce,
                        const char *zBodyHash, char *out, size_t nOut);
/* The kiosk's signature (128 hex digits into zSig) over lan_request_string
 * of the fields, with its secret key sk. */
void lan_sign(const unsigned char sk[64], const char *zMethod, const char *zTarget, const char *zTime,
              const char *zNonce, const char *zBodyHash, char zSig[129]);
/* BLAKE2b-256 of a body, as 64 lowercase hex digits. */
void lan_body_hash(const unsigned char *body, size_t nBody, char out[65]);

enum { LAN_EP_NONE, LAN_EP_BUNDLE, LAN_EP_ACK, LAN_EP_PACKAGE };

/* A request head; every string NUL-terminated, a header NULL when absent. */
typedef struct {
  const char *zMethod;
  const char *zTarget;           /* the request target as sent: path and query, not unescaped */
  const char *zKiosk, *zTime, *zNonce, *zBodyHash, *zSig;
  const char *zContentLength;    /* NULL: no body */
  const char *zTransferEncoding; /* anything here is refused */
} LanHead;

/* The hub's registers: the enrolled key of a kiosk (KR_OK, KR_NOT_FOUND
 * unknown, KR_UNTRUSTED revoked, else a database failure), and the nonce
 * register (KR_OK, KR_NOT_NEWER: seen before; else a failure). */
typedef struct {
  KrCode (*kiosk_key)(void *ctx, const char *zKiosk, unsigned char pk[32]);
  KrCode (*use_nonce)(void *ctx, const char *zKiosk, const char *zNonce, int64_t at);
  void *ctx;
} LanRegisters;

typedef struct {
  unsigned status;            /* 0: accepted; else the HTTP status of the refusal */
  int endpoint;               /* LAN_EP_* */
  int64_t have;               /* LAN_EP_PACKAGE: the version the kiosk holds */
  uint64_t bodyLength;        /* the body to expect (0 for a GET) */
  unsigned char bodyHash[32]; /* the signed hash the body must have */
  char kiosk[41];             /* who asks, once accepted */
  char why[200];              /* the refusal, in English, for the reply and the log */
} LanDecision;

/* Decides on a head at time now (Unix seconds): fills *d and returns
 * d->status (0 accepted). Never reads beyond the strings given; every
 * header's length is bounded before use. */
unsigned lanhub_decide(const LanHead *h, const LanRegisters *r, int64_t now, LanDecision *d);
#endif
