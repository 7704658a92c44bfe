/* keypair: see keypair.h. The file holds the 64-byte libsodium secret key
 * (which contains the public key) and nothing else. */
#include "keypair.h"
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int keypair_load(const char *zPath, KeyPair *p, char *zErr, int nErr) {
  int fd = open(zPath, O_RDONLY | O_CLOEXEC);
  if (fd < 0) { snprintf(zErr, nErr, "cannot read the key %s: %s", zPath, strerror(errno)); return -1; }
  struct stat st;
  ssize_t n = fstat(fd, &st) == 0 ? read(fd, p->sk, sizeof p->sk) : -1;
  close(fd);
  if (n != (ssize_t)sizeof p->sk) { snprintf(zErr, nErr, "the key file %s is damaged", zPath); return -1; }
  if (st.st_mode & 077) { snprintf(zErr, nErr, "the key file %s is readable by others (chmod 600 it)", zPath); return -1; }
  if (sodium_init() < 0 || crypto_sign_ed25519_sk_to_pk(p->pk, p->sk)) {
    snprintf(zErr, nErr, "the key file %s is damaged", zPath);
    return -1;
  }
  return 0;
}

/* Writes the new key durably: temp file (0600), fsync, rename, fsync dir. */
static int write_key(const char *zPath, const KeyPair *p, char *zErr, int nErr) {
  char tmp[1024], dir[1024];
  snprintf(tmp, sizeof tmp, "%s.tmp", zPath);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) { snprintf(zErr, nErr, "cannot create %s: %s", tmp, strerror(errno)); return -1; }
  int ok = write(fd, p->sk, sizeof p->sk) == (ssize_t)sizeof p->sk && fsync(fd) == 0;
  ok = close(fd) == 0 && ok;
  if (!ok || rename(tmp, zPath)) {
    snprintf(zErr, nErr, "cannot write the key %s: %s", zPath, strerror(errno));
    unlink(tmp);
    return -1;
  }
  const char *slash = strrchr(zPath, '/');
  snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - zPath) : 1, slash ? zPath : ".");
  int dfd = open(dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) { fsync(dfd); close(dfd); }
  return 0;
}

int keypair_load_or_create(const char *zPath, KeyPair *p, int *pCreated, char *zErr, int nErr) {
  *pCreated = 0;
  if (access(zPath, F_OK) == 0) return keypair_load(zPath, p, zErr, nErr);
  if (sodium_init() < 0) { snprintf(zErr, nErr, "libsodium failed to start"); return -1; }
  crypto_sign_keypair(p->pk, p->sk);
  if (write_key(zPath, p, zErr, nErr)) return -1;
  *pCreated = 1;
  return 0;
}

void keypair_path(const char *zConfigured, const char *zDbPath, char *zOut, size_t nOut) {
  if (zConfigured && zConfigured[0]) { snprintf(zOut, nOut, "%s", zConfigured); return; }
  const char *slash = strrchr(zDbPath, '/');
  if (slash) snprintf(zOut, nOut, "%.*s/kiosk.key", (int)(slash - zDbPath), zDbPath);
  else snprintf(zOut, nOut, "kiosk.key");
}

void keypair_pk_hex(const KeyPair *p, char out[65]) { sodium_bin2hex(out, 65, p->pk, sizeof p->pk); }

void keypair_wipe(KeyPair *p) { sodium_memzero(p->sk, sizeof p->sk); }
