/* keypair: see keypair.h. The file holds the 64-byte libsodium secret key
 * (which contains the public key) and nothing else. */
#include "keypair.h"
#include "privfile.h"
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

KrCode keypair_load(const char *zPath, KeyPair *p, char *zErr, int nErr) {
  int fd = open(zPath, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    snprintf(zErr, nErr, "cannot read the key %s: %s", zPath, strerror(e));
    return e == ENOENT ? KR_NOT_FOUND : KR_IO;
  }
  struct stat st;
  uint8_t extra;
  ssize_t n = fstat(fd, &st) == 0 ? read(fd, p->sk, sizeof p->sk) : -1;
  int longer = n == (ssize_t)sizeof p->sk && read(fd, &extra, 1) != 0;
  close(fd);
  if (n < 0) { snprintf(zErr, nErr, "cannot read the key %s: %s", zPath, strerror(errno)); return KR_IO; }
  if (n != (ssize_t)sizeof p->sk || longer) { snprintf(zErr, nErr, "the key file %s is damaged", zPath); return KR_MALFORMED; }
  if (st.st_mode & 077) { snprintf(zErr, nErr, "the key file %s is readable by others (chmod 600 it)", zPath); return KR_REFUSED; }
  /* The file is seed || public key: recompute the pair from the seed, so a
   * damaged byte is found now rather than as cards that never verify. */
  uint8_t seed[crypto_sign_SEEDBYTES], sk[KEYPAIR_SK_BYTES];
  int bad = sodium_init() < 0 || crypto_sign_ed25519_sk_to_seed(seed, p->sk) ||
            crypto_sign_seed_keypair(p->pk, sk, seed) || sodium_memcmp(sk, p->sk, sizeof sk);
  sodium_memzero(seed, sizeof seed);
  sodium_memzero(sk, sizeof sk);
  if (bad) {
    keypair_wipe(p);
    snprintf(zErr, nErr, "the key file %s is damaged", zPath);
    return KR_MALFORMED;
  }
  return KR_OK;
}

/* Writes the new key durably: a file made with mkstemp (0600) in a private
 * directory beside zPath (never a predictable name a planted symlink could
 * redirect), fsync, link to zPath, fsync the directory. link() never
 * replaces a file, so when two processes create the key at once one wins
 * and the other loads its key. Returns KR_OK (*pExisted = 1 when zPath
 * appeared meanwhile and nothing was written), or KR_IO with an English
 * message. */
static KrCode write_key(const char *zPath, const KeyPair *p, int *pExisted, char *zErr, int nErr) {
  *pExisted = 0;
  char tmp[1200], dir[1100], priv[1100];
  int fd;
  KrCode prc = priv_dir_beside(zPath, priv, sizeof priv, zErr, nErr);
  if (prc) return prc;
  if ((prc = priv_temp(priv, "key", PRIV_MODE_KEY, tmp, sizeof tmp, &fd, zErr, nErr))) { priv_dir_remove(priv); return prc; }
  int ok = write(fd, p->sk, sizeof p->sk) == (ssize_t)sizeof p->sk && fsync(fd) == 0;
  ok = close(fd) == 0 && ok;
  int exists = 0;
  if (ok && link(tmp, zPath)) {
    exists = errno == EEXIST;
    ok = exists;
  }
  int e = errno;
  priv_dir_remove(priv);
  if (!ok) {
    snprintf(zErr, nErr, "cannot write the key %s: %s", zPath, strerror(e));
    return KR_IO;
  }
  if (exists) { *pExisted = 1; return KR_OK; }
  const char *slash = strrchr(zPath, '/');
  snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - zPath) : 1, slash ? zPath : ".");
  int dfd = open(dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) { fsync(dfd); close(dfd); }
  return KR_OK;
}

KrCode keypair_load_or_create(const char *zPath, KeyPair *p, int *pCreated, char *zErr, int nErr) {
  *pCreated = 0;
  if (access(zPath, F_OK) == 0) return keypair_load(zPath, p, zErr, nErr);
  if (sodium_init() < 0) { snprintf(zErr, nErr, "libsodium failed to start"); return KR_NOMEM; }
  crypto_sign_keypair(p->pk, p->sk);
  int existed;
  KrCode rc = write_key(zPath, p, &existed, zErr, nErr);
  if (rc || existed) {
    keypair_wipe(p);
    return rc ? rc : keypair_load(zPath, p, zErr, nErr); /* another process made it first */
  }
  *pCreated = 1;
  return KR_OK;
}

void keypair_path(const char *zConfigured, const char *zDbPath, char *zOut, size_t nOut) {
  if (zConfigured && zConfigured[0]) { snprintf(zOut, nOut, "%s", zConfigured); return; }
  const char *slash = strrchr(zDbPath, '/');
  if (slash) snprintf(zOut, nOut, "%.*s/kiosk.key", (int)(slash - zDbPath), zDbPath);
  else snprintf(zOut, nOut, "kiosk.key");
}

void keypair_pk_hex(const KeyPair *p, char out[65]) { sodium_bin2hex(out, 65, p->pk, sizeof p->pk); }

void keypair_wipe(KeyPair *p) { sodium_memzero(p->sk, sizeof p->sk); }
