/* container: see container.h. */
#include "container.h"
#include "privfile.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const unsigned char kMagic[8] = {'K', 'S', 'Y', 'N', 'C', '1', '\n', 0};
#define CHUNK 65536

static void put64(unsigned char *p, uint64_t v) {
  for (int i = 7; i >= 0; i--, v >>= 8) p[i] = (unsigned char)v;
}
static uint64_t get64(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; i++) v = v << 8 | p[i];
  return v;
}
static void put32(unsigned char *p, uint32_t v) {
  for (int i = 3; i >= 0; i--, v >>= 8) p[i] = (unsigned char)v;
}
static uint32_t get32(const unsigned char *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

void container_hex(const unsigned char *p, size_t n, char *out) { sodium_bin2hex(out, 2 * n + 1, p, n); }

KrCode container_unhex(const char *z, unsigned char *out, size_t n) {
  size_t got;
  const char *end;
  if (!z || strlen(z) != 2 * n) return KR_MALFORMED;
  return sodium_hex2bin(out, n, z, 2 * n, NULL, &got, &end) == 0 && got == n && !*end ? KR_OK : KR_MALFORMED;
}

KrCode container_make(int kind, const char *zSigner, const unsigned char sk[crypto_sign_SECRETKEYBYTES],
                   const unsigned char *recipientPk, const void *payload, size_t n, unsigned char **ppOut,
                   size_t *pnOut) {
  *ppOut = NULL;
  *pnOut = 0;
  if (sodium_init() < 0 || strlen(zSigner) > CONTAINER_SIGNER_MAX) return KR_BAD_INPUT;
  size_t nChunks = n / CHUNK + 1;
  size_t body = recipientPk ? crypto_box_SEALBYTES + crypto_secretstream_xchacha20poly1305_KEYBYTES +
                                  crypto_secretstream_xchacha20poly1305_HEADERBYTES +
                                  nChunks * (4 + crypto_secretstream_xchacha20poly1305_ABYTES) + n
                            : n;
  size_t total = CONTAINER_HEADER + body + crypto_sign_BYTES;
  if (total > CONTAINER_MAX) return KR_TOO_LARGE;
  unsigned char *out = malloc(total);
  if (!out) return KR_NOMEM;
  memcpy(out, kMagic, 8);
  out[8] = (unsigned char)kind;
  out[9] = recipientPk ? 1 : 0;
  memset(out + 10, 0, CONTAINER_SIGNER_MAX);
  memcpy(out + 10, zSigner, strlen(zSigner));
  unsigned char *p = out + CONTAINER_HEADER;
  if (!recipientPk) {
    memcpy(p, payload, n);
    p += n;
  } else {
    unsigned char xpk[crypto_box_PUBLICKEYBYTES], key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
    if (crypto_sign_ed25519_pk_to_curve25519(xpk, recipientPk)) { free(out); return KR_BAD_INPUT; }
    crypto_secretstream_xchacha20poly1305_keygen(key);
    crypto_box_seal(p, key, sizeof key, xpk);
    p += crypto_box_SEALBYTES + sizeof key;
    crypto_secretstream_xchacha20poly1305_state st;
    crypto_secretstream_xchacha20poly1305_init_push(&st, p, key);
    p += crypto_secretstream_xchacha20poly1305_HEADERBYTES;
    const unsigned char *in = payload;
    size_t left = n;
    do {
      size_t m = left < CHUNK ? left : CHUNK;
      unsigned char tag = m == left ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0;
      unsigned long long clen;
      crypto_secretstream_xchacha20poly1305_push(&st, p + 4, &clen, in, m, NULL, 0, tag);
      put32(p, (uint32_t)clen);
      p += 4 + clen;
      in += m;
      left -= m;
    } while (left > 0);
    sodium_memzero(key, sizeof key);
  }
  put64(out + 50, (uint64_t)(p - (out + CONTAINER_HEADER)));
  unsigned char h[crypto_generichash_BYTES_MAX];
  crypto_generichash(h, sizeof h, out, (size_t)(p - out), NULL, 0);
  crypto_sign_detached(p, NULL, h, sizeof h, sk);
  p += crypto_sign_BYTES;
  *ppOut = out;
  *pnOut = (size_t)(p - out);
  return KR_OK;
}

KrCode container_peek(const unsigned char *z, size_t n, ContainerInfo *p, char *zErr, int nErr) {
  memset(p, 0, sizeof *p);
  if (sodium_init() < 0) { snprintf(zErr, nErr, "cannot start libsodium"); return KR_MALFORMED; }
  if (n < CONTAINER_HEADER + crypto_sign_BYTES || memcmp(z, kMagic, 8)) {
    snprintf(zErr, nErr, "not a kiosk sync file (bad header)");
    return KR_MALFORMED;
  }
  uint64_t len = get64(z + 50);
  if (len != n - CONTAINER_HEADER - crypto_sign_BYTES) {
    snprintf(zErr, nErr, "the file is truncated or has extra bytes (%zu bytes, header says %llu)", n,
             (unsigned long long)(len + CONTAINER_HEADER + crypto_sign_BYTES));
    return KR_MALFORMED;
  }
  if (z[8] < CONTAINER_BUNDLE || z[8] > CONTAINER_ACK || z[9] > 1) { snprintf(zErr, nErr, "unknown file kind"); return KR_MALFORMED; }
  p->kind = z[8];
  p->sealed = z[9];
  memcpy(p->signer, z + 10, CONTAINER_SIGNER_MAX);
  p->signer[CONTAINER_SIGNER_MAX] = 0;
  for (const char *c = p->signer; *c; c++)
    if ((unsigned char)*c < 0x21 || (unsigned char)*c > 0x7e) { snprintf(zErr, nErr, "bad signer id"); return KR_MALFORMED; }
  p->body = z + CONTAINER_HEADER;
  p->nBody = (size_t)len;
  crypto_generichash(p->hash, sizeof p->hash, z, n, NULL, 0);
  return KR_OK;
}

KrCode container_verify(const unsigned char *z, size_t n, const unsigned char signerPk[crypto_sign_PUBLICKEYBYTES],
                        char *zErr, int nErr) {
  ContainerInfo ci;
  KrCode rc = container_peek(z, n, &ci, zErr, nErr);
  if (rc) return rc;
  unsigned char h[crypto_generichash_BYTES_MAX];
  crypto_generichash(h, sizeof h, z, n - crypto_sign_BYTES, NULL, 0);
  if (crypto_sign_verify_detached(z + n - crypto_sign_BYTES, h, sizeof h, signerPk)) {
    snprintf(zErr, nErr, "wrong signature: the file was altered, or not signed by %s", ci.signer);
    return KR_BAD_SIGNATURE;
  }
  return KR_OK;
}

KrCode container_open(const ContainerInfo *p, const unsigned char pk[crypto_sign_PUBLICKEYBYTES],
                   const unsigned char sk[crypto_sign_SECRETKEYBYTES], unsigned char **ppOut, size_t *pnOut,
                   char *zErr, int nErr) {
  *ppOut = NULL;
  *pnOut = 0;
  if (!p->sealed) {
    unsigned char *out = malloc(p->nBody ? p->nBody : 1);
    if (!out) { snprintf(zErr, nErr, "out of memory"); return KR_NOMEM; }
    memcpy(out, p->body, p->nBody);
    *ppOut = out;
    *pnOut = p->nBody;
    return KR_OK;
  }
  if (!sk) { snprintf(zErr, nErr, "the file is sealed and no key to open it was given"); return KR_BAD_INPUT; }
  const size_t head = crypto_box_SEALBYTES + crypto_secretstream_xchacha20poly1305_KEYBYTES +
                      crypto_secretstream_xchacha20poly1305_HEADERBYTES;
  if (p->nBody < head) { snprintf(zErr, nErr, "sealed payload too short"); return KR_MALFORMED; }
  unsigned char xpk[crypto_box_PUBLICKEYBYTES], xsk[crypto_box_SECRETKEYBYTES];
  unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
  if (crypto_sign_ed25519_pk_to_curve25519(xpk, pk) || crypto_sign_ed25519_sk_to_curve25519(xsk, sk)) {
    snprintf(zErr, nErr, "bad key");
    return KR_BAD_INPUT;
  }
  int bad = crypto_box_seal_open(key, p->body, crypto_box_SEALBYTES + sizeof key, xpk, xsk);
  sodium_memzero(xsk, sizeof xsk);
  if (bad) { snprintf(zErr, nErr, "the file is sealed to another recipient"); return KR_OTHER_TOWNSHIP; }
  crypto_secretstream_xchacha20poly1305_state st;
  const unsigned char *c = p->body + crypto_box_SEALBYTES + sizeof key, *end = p->body + p->nBody;
  if (crypto_secretstream_xchacha20poly1305_init_pull(&st, c, key)) {
    sodium_memzero(key, sizeof key);
    snprintf(zErr, nErr, "bad sealed header");
    return KR_MALFORMED;
  }
  sodium_memzero(key, sizeof key);
  c += crypto_secretstream_xchacha20poly1305_HEADERBYTES;
  unsigned char *out = malloc(p->nBody), *o = out;
  if (!out) { snprintf(zErr, nErr, "out of memory"); return KR_NOMEM; }
  unsigned char tag = 0;
  while (tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
    if (end - c < 4) goto corrupt;
    uint32_t clen = get32(c);
    c += 4;
    if ((size_t)(end - c) < clen || clen < crypto_secretstream_xchacha20poly1305_ABYTES) goto corrupt;
    unsigned long long mlen;
    if (crypto_secretstream_xchacha20poly1305_pull(&st, o, &mlen, &tag, c, clen, NULL, 0)) goto corrupt;
    o += mlen;
    c += clen;
  }
  if (c != end) goto corrupt;
  *ppOut = out;
  *pnOut = (size_t)(o - out);
  return KR_OK;
corrupt:
  free(out);
  snprintf(zErr, nErr, "the sealed payload is damaged");
  return KR_MALFORMED;
}

KrCode container_write_file(const char *zPath, const void *z, size_t n, char *zErr, int nErr) {
  return container_write_file_mode(zPath, z, n, 0644, zErr, nErr);
}

KrCode container_write_file_mode(const char *zPath, const void *z, size_t n, unsigned mode, char *zErr, int nErr) {
  char tmp[1200], dir[1100], priv[1100];
  util_strlcpy(dir, zPath, sizeof dir);
  char *slash = strrchr(dir, '/');
  if (slash) *slash = 0;
  else util_strlcpy(dir, ".", sizeof dir);
  if (!dir[0]) util_strlcpy(dir, "/", sizeof dir);
  /* the temporary file: mkstemp in a private directory beside zPath, never a
   * predictable name in a shared place that a planted symlink could redirect */
  int fd;
  if (priv_dir_beside(zPath, priv, sizeof priv, zErr, nErr)) return KR_IO;
  if (priv_temp(priv, "part", (mode_t)mode, tmp, sizeof tmp, &fd, zErr, nErr)) { priv_dir_remove(priv); return KR_IO; }
  const unsigned char *p = z;
  size_t left = n;
  while (left) {
    ssize_t w = write(fd, p, left);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      snprintf(zErr, nErr, "cannot write %s: %s", zPath, w < 0 ? strerror(errno) : "disk full");
      close(fd);
      priv_dir_remove(priv);
      return KR_IO;
    }
    p += w;
    left -= (size_t)w;
  }
  if (fsync(fd) || close(fd)) {
    snprintf(zErr, nErr, "cannot flush %s: %s", zPath, strerror(errno));
    priv_dir_remove(priv);
    return KR_IO;
  }
  if (rename(tmp, zPath)) {
    snprintf(zErr, nErr, "cannot rename into %s: %s", zPath, strerror(errno));
    priv_dir_remove(priv);
    return KR_IO;
  }
  priv_dir_remove(priv);
  int dfd = open(dir, O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    fsync(dfd); /* FAT over FUSE may refuse a directory fsync; the file itself is synced */
    close(dfd);
  }
  /* read it back: what is on the stick must be what we meant */
  unsigned char *back;
  size_t nBack;
  if (container_read_file(zPath, n + 1, &back, &nBack, zErr, nErr)) return KR_IO;
  int same = nBack == n && !memcmp(back, z, n);
  free(back);
  if (!same) {
    snprintf(zErr, nErr, "%s reads back different from what was written", zPath);
    unlink(zPath);
    return KR_IO;
  }
  return KR_OK;
}

KrCode container_read_file(const char *zPath, size_t nMax, unsigned char **pp, size_t *pn, char *zErr, int nErr) {
  *pp = NULL;
  *pn = 0;
  int fd = open(zPath, O_RDONLY);
  if (fd < 0) {
    int e = errno;
    snprintf(zErr, nErr, "cannot open %s: %s", zPath, strerror(e));
    return e == ENOENT || e == ENOTDIR ? KR_NOT_FOUND : KR_IO;
  }
  struct stat sb;
  if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
    snprintf(zErr, nErr, "%s is not a regular file", zPath);
    close(fd);
    return KR_BAD_INPUT;
  }
  if ((uint64_t)sb.st_size > nMax) {
    snprintf(zErr, nErr, "%s is too large (%lld bytes; the limit is %zu)", zPath, (long long)sb.st_size, nMax);
    close(fd);
    return KR_TOO_LARGE;
  }
  size_t n = (size_t)sb.st_size;
  unsigned char *buf = malloc(n ? n : 1);
  size_t got = 0;
  while (buf && got < n) {
    ssize_t r = read(fd, buf + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += (size_t)r;
  }
  close(fd);
  if (!buf || got != n) {
    KrCode rc = buf ? KR_IO : KR_NOMEM;
    free(buf);
    snprintf(zErr, nErr, "cannot read %s", zPath);
    return rc;
  }
  *pp = buf;
  *pn = n;
  return KR_OK;
}
