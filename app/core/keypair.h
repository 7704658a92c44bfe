/* keypair: the kiosk's Ed25519 key pair (libsodium crypto_sign), kept in a
 * file outside the database with 0600 permissions: it signs the kiosk's QR
 * member cards and its sync bundles and LAN requests. The file is written
 * under a temporary name, fsync'd and linked into place, so a power cut
 * leaves either no key or a whole one, and a key is never replaced. */
#ifndef KIOSK_KEYPAIR_H
#define KIOSK_KEYPAIR_H
#include "result.h"
#include <stddef.h>
#include <stdint.h>

#define KEYPAIR_PK_BYTES 32
#define KEYPAIR_SK_BYTES 64

typedef struct {
  uint8_t pk[KEYPAIR_PK_BYTES];
  uint8_t sk[KEYPAIR_SK_BYTES];
} KeyPair;

/* Loads the key pair from zPath, creating it first when the file does not
 * exist (*pCreated = 1). Returns KR_OK, KR_IO when it cannot be written,
 * or as keypair_load(). */
KrCode keypair_load_or_create(const char *zPath, KeyPair *p, int *pCreated, char *zErr, int nErr);
/* Loads an existing key pair. Returns KR_OK; KR_NOT_FOUND (no file), KR_IO,
 * KR_MALFORMED (damaged), or KR_REFUSED (readable by others) — with an
 * English message. */
KrCode keypair_load(const char *zPath, KeyPair *p, char *zErr, int nErr);
/* The key file to use: zConfigured if set, else kiosk.key in the directory
 * of the database zDbPath. */
void keypair_path(const char *zConfigured, const char *zDbPath, char *zOut, size_t nOut);
/* The public key as 64 hex digits + NUL. */
void keypair_pk_hex(const KeyPair *p, char out[65]);
/* Wipes the secret key from memory. */
void keypair_wipe(KeyPair *p);
#endif
