/* lansync: see lansync.h. */
#include "lansync.h"
#include "container.h"
#include "lanhub.h"
#include "package.h"
#include "sync.h"
#include "util.h"
#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile int *gAbort;
void lan_set_abort(volatile int *pFlag) { gAbort = pFlag; }

static int on_progress(void *p, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d) {
  (void)p, (void)a, (void)b, (void)c, (void)d;
  return gAbort && *gAbort; /* nonzero aborts the transfer */
}

typedef struct {
  unsigned char *z;
  size_t n, cap;
} Buf;

static size_t on_data(char *p, size_t size, size_t nmemb, void *user) {
  Buf *b = user;
  size_t n = size * nmemb;
  if (b->n + n > PACKAGE_MAX_BYTES) return 0; /* too big: abort */
  if (b->n + n > b->cap) {
    size_t cap = (b->n + n) * 2;
    unsigned char *nz = realloc(b->z, cap);
    if (!nz) return 0;
    b->z = nz;
    b->cap = cap;
  }
  memcpy(b->z + b->n, p, n);
  b->n += n;
  return n;
}

/* One signed request; *pStatus the HTTP status, reply in *pOut. Returns
 * KR_OK, KR_NOMEM or KR_IO (not reached). */
static KrCode request(Db *db, const KeyPair *kp, const char *zHub, const char *zMethod, const char *zPath,
                   const unsigned char *body, size_t nBody, long *pStatus, Buf *pOut, char *zErr, int nErr) {
  CURL *c = curl_easy_init();
  if (!c) { snprintf(zErr, nErr, "cannot start libcurl"); return KR_NOMEM; }
  char url[1200], t[32], nonce[33], sig[2 * crypto_sign_BYTES + 1];
  unsigned char r[16];
  snprintf(url, sizeof url, "%s%s", zHub, zPath);
  snprintf(t, sizeof t, "%lld", (long long)util_now());
  randombytes_buf(r, sizeof r);
  container_hex(r, sizeof r, nonce);
  /* KIOSK_LAN_NONCE: tests send the same nonce twice to see a replay refused */
  const char *fixed = getenv("KIOSK_LAN_NONCE");
  if (fixed && strlen(fixed) == 32) util_strlcpy(nonce, fixed, sizeof nonce);
  char hash[65];
  lan_body_hash(body, nBody, hash);
  /* the whole target is signed, query and all (a changed have= is refused) */
  lan_sign(kp->sk, zMethod, zPath, t, nonce, hash, sig);
  struct curl_slist *hd = NULL;
  char line[256];
  snprintf(line, sizeof line, "X-Kiosk: %s", db_kiosk_id(db));
  hd = curl_slist_append(hd, line);
  snprintf(line, sizeof line, "X-Time: %s", t);
  hd = curl_slist_append(hd, line);
  snprintf(line, sizeof line, "X-Nonce: %s", nonce);
  hd = curl_slist_append(hd, line);
  snprintf(line, sizeof line, "X-Body-Hash: %s", hash);
  hd = curl_slist_append(hd, line);
  snprintf(line, sizeof line, "X-Sig: %s", sig);
  hd = curl_slist_append(hd, line);
  hd = curl_slist_append(hd, "Content-Type: application/octet-stream");
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, hd);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, pOut);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  if (!strcmp(zMethod, "POST")) {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)nBody);
  }
  CURLcode rc = curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, pStatus);
  curl_slist_free_all(hd);
  curl_easy_cleanup(c);
  if (rc != CURLE_OK) {
    snprintf(zErr, nErr, "cannot reach the township hub %s: %s", zHub, curl_easy_strerror(rc));
    return KR_IO;
  }
  return KR_OK;
}

static void reply_text(const Buf *b, char *z, size_t n) {
  size_t m = b->n < n - 1 ? b->n : n - 1;
  memcpy(z, b->z ? (const char *)b->z : "", m);
  z[m] = 0;
  for (char *p = z; *p; p++)
    if (*p == '\n') *p = ' ';
}

/* One push and pull; lan_sync records how it went. */
static KrCode sync_once(Db *db, const KeyPair *kp, const Config *cfg, const char *zHub, LanResult *p, char *zErr,
                        int nErr) {
  memset(p, 0, sizeof *p);
  p->ackedBefore = p->acked = sync_acked(db);
  unsigned char *bundle;
  size_t n;
  SyncExport e;
  KrCode rc = sync_bundle(db, kp, cfg, 0, 0, &bundle, &n, &e, zErr, nErr);
  if (rc) return rc;
  /* nothing written since the mark: ask for the acknowledgement only */
  int idle = e.seqFrom > e.seqTo;
  Buf reply = {0};
  long status = 0;
  rc = idle ? request(db, kp, zHub, "GET", "/v2/ack", NULL, 0, &status, &reply, zErr, nErr)
            : request(db, kp, zHub, "POST", "/v2/bundle", bundle, n, &status, &reply, zErr, nErr);
  free(bundle);
  if (rc) { free(reply.z); return rc; }
  if (status != 200) {
    char text[200];
    reply_text(&reply, text, sizeof text);
    snprintf(zErr, nErr, "the hub refused the %s (HTTP %ld): %s", idle ? "acknowledgement request" : "bundle", status,
             text);
    free(reply.z);
    return KR_REFUSED;
  }
  p->records = e.records;
  SyncApplied ap;
  rc = sync_apply(db, reply.z, reply.n, &ap, zErr, nErr);
  free(reply.z);
  if (rc == KR_NOT_NEWER && ap.kind == CONTAINER_ACK) rc = KR_OK, zErr[0] = 0; /* nothing new acknowledged */
  if (!rc && ap.kind != CONTAINER_ACK) {
    snprintf(zErr, nErr, "the hub's reply is not an acknowledgement");
    rc = KR_MALFORMED;
  }
  if (rc) return rc;
  p->acked = ap.acked;
  /* then the newest package, if there is one we lack */
  char path[64];
  snprintf(path, sizeof path, "/v2/package?have=%lld", (long long)package_version(db));
  Buf pkg = {0};
  if ((rc = request(db, kp, zHub, "GET", path, NULL, 0, &status, &pkg, zErr, nErr))) { free(pkg.z); return rc; }
  if (status == 200) {
    rc = sync_apply(db, pkg.z, pkg.n, &ap, zErr, nErr);
    if (rc == KR_NOT_NEWER) rc = KR_OK, zErr[0] = 0; /* a stick brought it first */
    else if (!rc) p->package = ap.version;
    if (rc) { free(pkg.z); return rc; }
  } else if (status != 204) {
    char text[200];
    reply_text(&pkg, text, sizeof text);
    snprintf(zErr, nErr, "the hub refused the package request (HTTP %ld): %s", status, text);
    free(pkg.z);
    return KR_REFUSED;
  }
  free(pkg.z);
  char v[32];
  snprintf(v, sizeof v, "%lld", (long long)util_now());
  sync_meta_set(db, "last_sync_at", v);
  return KR_OK;
}

KrCode lan_sync(Db *db, const KeyPair *kp, const Config *cfg, const char *zHub, LanResult *p, char *zErr, int nErr) {
  KrCode rc = sync_once(db, kp, cfg, zHub, p, zErr, nErr);
  /* the admin board shows the last failure by its code, the log by its words */
  sync_meta_set(db, "last_sync_error", rc ? zErr : "");
  sync_meta_set(db, "last_sync_code", rc ? kr_name(rc) : "");
  return rc;
}
