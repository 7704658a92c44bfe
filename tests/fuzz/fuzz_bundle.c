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
 *   flags 16: SQL: the chunks' bytes are SQL run on the demo village's own
 *            bundle database (sync_bundle, made once), whose bytes then
 *            become the payload — records the kiosk never wrote, reaching
 *            the import's checks and merge (ATTACH and VACUUM refused; a
 *            statement is stopped after a bounded number of steps)
 * A chunk's tag byte & 3 is MESSAGE, PUSH, REKEY or FINAL. */
#define _GNU_SOURCE /* strcasestr */
#include "container.h"
#include "config.h"
#include "fuzzutil.h"
#include "sync.h"
#include "township.h"
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef crypto_secretstream_xchacha20poly1305_state Stream;
#define ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
static const unsigned char kTags[4] = {
  crypto_secretstream_xchacha20poly1305_TAG_MESSAGE, crypto_secretstream_xchacha20poly1305_TAG_PUSH,
  crypto_secretstream_xchacha20poly1305_TAG_REKEY, crypto_secretstream_xchacha20poly1305_TAG_FINAL};

/* v big-endian into bytes bytes at p. */
static void put(unsigned char *p, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; i--, v >>= 8) p[i] = (unsigned char)v;
}

static unsigned char *gBase; /* the demo village's bundle payload (plain SQLite) */
static size_t gnBase;

/* The demo village's own bundle, whose payload the SQL mode starts from. */
static void make_base(void) {
  unsigned char *file;
  size_t nFile;
  ContainerInfo ci;
  char err[256];
  fz_bundle("demo", fz_build_demo, 1, &file, &nFile);
  if (container_peek(file, nFile, &ci, err, sizeof err)) abort();
  gBase = malloc(ci.nBody);
  memcpy(gBase, ci.body, ci.nBody);
  gnBase = ci.nBody;
  free(file);
}

/* The SQL mode's authorizer (no ATTACH, no DETACH) and progress limit. */
static int deny(void *ctx, int op, const char *a, const char *b, const char *c, const char *d) {
  return op == SQLITE_ATTACH || op == SQLITE_DETACH ? SQLITE_DENY : SQLITE_OK;
}
static int stop(void *ctx) { return ++*(int *)ctx > 2000; } /* x 1000 VM steps */

/* SQL mode: the SQL (NUL-terminated) run on a copy of the base bundle;
 * the result's bytes into *pp (sqlite3_free), or NULL. */
static unsigned char *run_sql(const char *zSql, size_t *pn) {
  sqlite3 *h;
  *pn = 0;
  if (sqlite3_open(":memory:", &h) != SQLITE_OK) { sqlite3_close(h); return NULL; }
  unsigned char *copy = sqlite3_malloc64(gnBase);
  memcpy(copy, gBase, gnBase);
  sqlite3_deserialize(h, "main", copy, (sqlite3_int64)gnBase, (sqlite3_int64)gnBase,
                      SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
  sqlite3_limit(h, SQLITE_LIMIT_LENGTH, 1 << 20);
  sqlite3_set_authorizer(h, deny, NULL);
  int steps = 0;
  sqlite3_progress_handler(h, 1000, stop, &steps);
  if (!strcasestr(zSql, "vacuum")) sqlite3_exec(h, zSql, NULL, NULL, NULL); /* errors are fine: what is done is done */
  sqlite3_progress_handler(h, 0, NULL, NULL);
  sqlite3_int64 size = 0;
  unsigned char *out = sqlite3_serialize(h, "main", &size, 0);
  sqlite3_close(h);
  *pn = (size_t)size;
  return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *z, size_t n) {
  static KeyPair kiosk;
  static unsigned char townPk[32];
  static int ready;
  if (!ready) {
    fz_init();
    fz_keypair(FZ_KEY_KIOSK, &kiosk);
    fz_township_pk(townPk);
    make_base();
    ready = 1;
  }
  if (n < 1) return 0;
  int flags = z[0];
  unsigned char *sqlOut = NULL, *sqlIn = NULL;
  if (flags & 16) {
    /* the chunks' bytes are SQL; the payload becomes one chunk of the result */
    sqlIn = malloc(n + 1);
    size_t m = 0;
    for (const uint8_t *q = z + 1; q < z + n;) {
      size_t len = z + n - q >= 2 ? (size_t)(q[0] | q[1] << 8) : 0;
      q += z + n - q >= 2 ? 2 : z + n - q;
      if (q < z + n) q++;
      if (len > (size_t)(z + n - q)) len = (size_t)(z + n - q);
      memcpy(sqlIn + m, q, len);
      m += len;
      q += len;
    }
    sqlIn[m] = 0;
    size_t nOut;
    sqlOut = run_sql((const char *)sqlIn, &nOut);
    free(sqlIn);
    if (!sqlOut || nOut > 0xffff * 64) { sqlite3_free(sqlOut); return 0; }
    /* re-frame: flags without SQL, the result in 64 KiB - 1 chunks */
    size_t nFramed = 1 + nOut + 3 * (nOut / 0xffff + 1);
    sqlIn = malloc(nFramed);
    sqlIn[0] = (unsigned char)(flags & ~16 & ~1);
    m = 1;
    for (size_t off = 0; off < nOut || off == 0; off += 0xffff) {
      size_t len = nOut - off < 0xffff ? nOut - off : 0xffff;
      sqlIn[m++] = (unsigned char)len, sqlIn[m++] = (unsigned char)(len >> 8), sqlIn[m++] = 0;
      memcpy(sqlIn + m, sqlOut + off, len);
      m += len;
      if (len == 0) break;
    }
    sqlite3_free(sqlOut);
    z = sqlIn, n = m, flags = z[0];
  }
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
  /* a kiosk's bundle never lands records in another kiosk's name */
  static const char *const azTab[] = {"checkin", "card", "scan_refusal", "vol_entry", "member"};
  for (int i = 0; rc == KR_OK && i < 5; i++) {
    char sql[200];
    sqlite3_stmt *s;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE kiosk_id IS NOT '" FZ_KIOSK_ID "'", azTab[i]);
    if (sqlite3_prepare_v2(township_db(t), sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW &&
        sqlite3_column_int(s, 0) != 0) {
      fprintf(stderr, "the bundle of %s put %d %s records in another kiosk's name\n", FZ_KIOSK_ID, sqlite3_column_int(s, 0),
              azTab[i]);
      abort();
    }
    sqlite3_finalize(s);
  }
  if (getenv("FUZZ_VERBOSE")) fprintf(stderr, "import: %s %s (fresh %d)\n", kr_name(rc), rc ? err : "", imp.fresh);
  township_close(t);
  free(out);
  free(sqlIn);
  return 0;
}
