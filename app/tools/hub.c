/* hub: `township serve`, the LAN hub, on libmicrohttpd. Kiosks push bundles
 * and pull acknowledgements and packages (see lansync.h for the protocol).
 * Every request must come from an enrolled, unrevoked kiosk, signed by its
 * key, within five minutes of the hub's clock, with a nonce never seen
 * before (a replay is refused). Bodies over 64 MiB and connections idle
 * for 30 s are cut. One internal thread serves, so the township database
 * is used by one request at a time. */
#include "container.h"
#include "lansync.h"
#include "package.h"
#include "township.h"
#include "util.h"
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int township_serve_cmd(Township *t, const char *zListen, int maxSeconds);

typedef struct {
  unsigned char *z;
  size_t n, cap;
  int tooBig;
} Body;

static volatile sig_atomic_t gStop;
static void on_signal(int s) { (void)s; gStop = 1; }

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const void *z, size_t n, const char *zType) {
  struct MHD_Response *r = MHD_create_response_from_buffer(n, (void *)z, MHD_RESPMEM_MUST_COPY);
  if (!r) return MHD_NO;
  MHD_add_response_header(r, "Content-Type", zType);
  enum MHD_Result ret = MHD_queue_response(c, status, r);
  MHD_destroy_response(r);
  return ret;
}

static enum MHD_Result text(struct MHD_Connection *c, unsigned status, const char *z) {
  fprintf(stderr, "hub: %u %s\n", status, z);
  return reply(c, status, z, strlen(z), "text/plain; charset=utf-8");
}

/* The kiosk's signed acknowledgement, as the reply. */
static enum MHD_Result send_ack(Township *t, struct MHD_Connection *c, const char *zKiosk) {
  unsigned char *ack;
  size_t n;
  char err[512];
  if (township_ack(t, zKiosk, &ack, &n, NULL, err, sizeof err)) return text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, err);
  enum MHD_Result ret = reply(c, MHD_HTTP_OK, ack, n, "application/octet-stream");
  free(ack);
  return ret;
}

/* Who is asking, checked: 0 ok (zKiosk set), else an HTTP status with zWhy. */
static unsigned authenticate(Township *t, struct MHD_Connection *c, const char *zMethod, const char *zUrl,
                             const Body *b, char zKiosk[41], char *zWhy, size_t nWhy) {
  const char *k = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Kiosk");
  const char *tm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Time");
  const char *nonce = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Nonce");
  const char *sig = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Sig");
  if (!k || !tm || !nonce || !sig || strlen(k) > 40 || strlen(nonce) != 32 || strlen(sig) != 2 * crypto_sign_BYTES) {
    snprintf(zWhy, nWhy, "unsigned request");
    return MHD_HTTP_UNAUTHORIZED;
  }
  unsigned char pk[32], s[crypto_sign_BYTES];
  KrCode kk = township_kiosk_key(t, k, pk);
  if (kk == KR_NOT_FOUND) { snprintf(zWhy, nWhy, "unknown kiosk %s", k); return MHD_HTTP_FORBIDDEN; }
  if (kk == KR_UNTRUSTED) { snprintf(zWhy, nWhy, "kiosk %s is revoked", k); return MHD_HTTP_FORBIDDEN; }
  if (kk) { snprintf(zWhy, nWhy, "township database error"); return MHD_HTTP_INTERNAL_SERVER_ERROR; }
  long long when = strtoll(tm, NULL, 10), now = (long long)util_now();
  if (when < now - 300 || when > now + 300) { snprintf(zWhy, nWhy, "the request's time is off by more than 5 minutes"); return MHD_HTTP_UNAUTHORIZED; }
  if (container_unhex(sig, s, sizeof s)) { snprintf(zWhy, nWhy, "bad signature"); return MHD_HTTP_UNAUTHORIZED; }
  char msg[512];
  lan_request_string(zMethod, zUrl, tm, nonce, b->z ? b->z : (const unsigned char *)"", b->n, msg, sizeof msg);
  if (crypto_sign_verify_detached(s, (const unsigned char *)msg, strlen(msg), pk)) {
    snprintf(zWhy, nWhy, "wrong signature");
    return MHD_HTTP_UNAUTHORIZED;
  }
  if (township_nonce(t, k, nonce, when)) { snprintf(zWhy, nWhy, "replayed request refused"); return MHD_HTTP_CONFLICT; }
  util_strlcpy(zKiosk, k, 41);
  return 0;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *pUpload, void **pState) {
  (void)version;
  Township *t = cls;
  Body *b = *pState;
  if (!b) { /* first call: headers only */
    b = calloc(1, sizeof *b);
    if (!b) return MHD_NO;
    *pState = b;
    return MHD_YES;
  }
  if (*pUpload) { /* a piece of the body */
    if (b->n + *pUpload > PACKAGE_MAX_BYTES) b->tooBig = 1;
    else {
      if (b->n + *pUpload > b->cap) {
        size_t cap = (b->n + *pUpload) * 2;
        unsigned char *nz = realloc(b->z, cap);
        if (!nz) return MHD_NO;
        b->z = nz;
        b->cap = cap;
      }
      memcpy(b->z + b->n, upload, *pUpload);
      b->n += *pUpload;
    }
    *pUpload = 0;
    return MHD_YES;
  }
  if (b->tooBig) return text(c, MHD_HTTP_CONTENT_TOO_LARGE, "request body over 64 MiB");
  char kiosk[41], why[256], err[512];
  unsigned st = authenticate(t, c, method, url, b, kiosk, why, sizeof why);
  if (st) return text(c, st, why);
  if (!strcmp(method, "POST") && !strcmp(url, "/v1/bundle")) {
    TownshipImport r;
    if (township_import(t, b->z, b->n, &r, err, sizeof err)) return text(c, MHD_HTTP_UNPROCESSABLE_CONTENT, err);
    if (strcmp(r.kioskId, kiosk)) return text(c, MHD_HTTP_FORBIDDEN, "the bundle is another kiosk's");
    fprintf(stderr, "hub: %s %s seq %lld-%lld: %d new, %d duplicate, %d rejected\n", kiosk, r.village,
            (long long)r.seqFrom, (long long)r.seqTo, r.fresh, r.duplicate, r.rejected);
    return send_ack(t, c, kiosk);
  }
  if (!strcmp(method, "GET") && !strcmp(url, "/v1/ack")) return send_ack(t, c, kiosk);
  if (!strcmp(method, "GET") && !strcmp(url, "/v1/package")) {
    const char *have = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "have");
    unsigned char *z;
    size_t n;
    int64_t v;
    KrCode rc = township_latest_package(t, &z, &n, &v);
    if (rc && rc != KR_NOT_FOUND) return text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot read packages");
    if (rc == KR_NOT_FOUND || v <= (have ? strtoll(have, NULL, 10) : 0)) {
      free(z);
      return reply(c, MHD_HTTP_NO_CONTENT, "", 0, "text/plain");
    }
    enum MHD_Result ret = reply(c, MHD_HTTP_OK, z, n, "application/octet-stream");
    free(z);
    return ret;
  }
  return text(c, MHD_HTTP_NOT_FOUND, "no such endpoint");
}

static void done(void *cls, struct MHD_Connection *c, void **pState, enum MHD_RequestTerminationCode code) {
  (void)cls;
  (void)c;
  (void)code;
  Body *b = *pState;
  if (b) {
    free(b->z);
    free(b);
  }
  *pState = NULL;
}

int township_serve_cmd(Township *t, const char *zListen, int maxSeconds) {
  char host[64] = "127.0.0.1";
  int port = 8080;
  const char *colon = strrchr(zListen, ':');
  if (colon) {
    snprintf(host, sizeof host, "%.*s", (int)(colon - zListen), zListen);
    port = atoi(colon + 1);
  } else port = atoi(zListen);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  if (port <= 0 || port > 65535 || inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
    fprintf(stderr, "error: --listen must be IPv4:PORT, e.g. 127.0.0.1:8080\n");
    return 2;
  }
  struct MHD_Daemon *d = MHD_start_daemon(
    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, (uint16_t)port, NULL, NULL, handle, t,
    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
    MHD_OPTION_CONNECTION_LIMIT, (unsigned)64, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(256 * 1024),
    MHD_OPTION_NOTIFY_COMPLETED, done, NULL, MHD_OPTION_END);
  if (!d) { fprintf(stderr, "error: cannot listen on %s:%d\n", host, port); return 1; }
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  printf("township hub listening on http://%s:%d\n", host, port);
  fflush(stdout);
  time_t start = time(NULL);
  while (!gStop && (maxSeconds <= 0 || time(NULL) - start < maxSeconds)) sleep(1); /* a signal cuts it short */
  MHD_stop_daemon(d);
  return 0;
}
