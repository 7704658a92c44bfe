/* container: the signed envelope every file between a kiosk and the
 * township travels in — bundles (kiosk → township), update packages and
 * acknowledgements (township → kiosk).
 *
 *   magic    8 bytes  "KSYNC1\n\0"
 *   kind     1 byte   CONTAINER_BUNDLE, _PACKAGE or _ACK
 *   flags    1 byte   1: the payload is sealed
 *   signer  40 bytes  the signer's id (kiosk id or township id), NUL-padded
 *   length   8 bytes  big-endian length of what follows, up to the signature
 *   payload           plain; or sealed: crypto_box_seal(32-byte key) to the
 *                     recipient, a secretstream header, then chunks of
 *                     (4-byte big-endian length, XChaCha20-Poly1305 ciphertext),
 *                     the last tagged FINAL
 *   signature 64 bytes Ed25519 over BLAKE2b-512 of everything before it
 *
 * The signature covers the ciphertext, so a file is checked before anything
 * in it is decrypted or parsed. Sealing uses the recipient's Ed25519 key
 * converted to X25519, so each side has one key pair. */
#ifndef KIOSK_CONTAINER_H
#define KIOSK_CONTAINER_H
#include "result.h"
#include <sodium.h>
#include <stddef.h>
#include <stdint.h>

enum { CONTAINER_BUNDLE = 1, CONTAINER_PACKAGE = 2, CONTAINER_ACK = 3 };

#define CONTAINER_SIGNER_MAX 40
#define CONTAINER_HEADER 58   /* magic + kind + flags + signer + length */
#define CONTAINER_MAX (512u * 1024 * 1024)

/* Wraps payload: signed with sk (Ed25519 secret key) as zSigner; sealed to
 * recipientPk (an Ed25519 public key) when it is not NULL. *ppOut is freed
 * with free(). Returns KR_OK, KR_BAD_INPUT (signer id too long, bad key),
 * KR_TOO_LARGE (over CONTAINER_MAX) or KR_NOMEM. */
KrCode container_make(int kind, const char *zSigner, const unsigned char sk[crypto_sign_SECRETKEYBYTES],
                   const unsigned char *recipientPk, const void *payload, size_t n, unsigned char **ppOut,
                   size_t *pnOut);

typedef struct {
  int kind, sealed;
  char signer[CONTAINER_SIGNER_MAX + 1];
  const unsigned char *body;   /* inside the file buffer: the payload as stored */
  size_t nBody;
  unsigned char hash[32];      /* BLAKE2b-256 of the whole file: its identity */
} ContainerInfo;

/* Reads the envelope of z[0..n) without checking the signature (to learn
 * the signer). Returns KR_OK, or KR_MALFORMED (bad header, truncated, extra
 * bytes, unknown kind) with an English message. */
KrCode container_peek(const unsigned char *z, size_t n, ContainerInfo *p, char *zErr, int nErr);
/* Checks the signature against signerPk. Returns KR_OK, KR_MALFORMED (as
 * container_peek) or KR_BAD_SIGNATURE, with a message. */
KrCode container_verify(const unsigned char *z, size_t n, const unsigned char signerPk[crypto_sign_PUBLICKEYBYTES],
                     char *zErr, int nErr);
/* The payload: a copy of it, or (sealed) decrypted with the recipient's
 * Ed25519 key pair. *ppOut is freed with free(). Returns KR_OK,
 * KR_OTHER_TOWNSHIP (sealed to another recipient), KR_MALFORMED (the sealed
 * payload is damaged), KR_BAD_INPUT (sealed, no key given) or KR_NOMEM. */
KrCode container_open(const ContainerInfo *p, const unsigned char pk[crypto_sign_PUBLICKEYBYTES],
                   const unsigned char sk[crypto_sign_SECRETKEYBYTES], unsigned char **ppOut, size_t *pnOut,
                   char *zErr, int nErr);

/* Bytes as lowercase hex (out holds 2n + 1), and back: exactly 2n hex
 * digits into n bytes, returning KR_OK, or KR_MALFORMED for anything else. */
void container_hex(const unsigned char *p, size_t n, char *out);
KrCode container_unhex(const char *z, unsigned char *out, size_t n);

/* Writes n bytes to zPath so that no file under that name is ever
 * incomplete: a temporary name, fsync, rename, fsync of the directory; then
 * reads it back and compares. Returns KR_OK, or KR_IO with a message (and
 * no file under zPath from this call). */
KrCode container_write_file(const char *zPath, const void *z, size_t n, char *zErr, int nErr);
/* The same with the file's mode (container_write_file: 0644; township
 * reports: 0640). The temporary file is made with mkstemp in a private
 * directory (0700) beside zPath, removed again whatever happens. */
KrCode container_write_file_mode(const char *zPath, const void *z, size_t n, unsigned mode, char *zErr, int nErr);
/* Reads a file of at most nMax bytes (*pp freed with free()). Returns
 * KR_OK, or with a message KR_NOT_FOUND (no such file), KR_TOO_LARGE,
 * KR_BAD_INPUT (not a regular file), KR_IO or KR_NOMEM. */
KrCode container_read_file(const char *zPath, size_t nMax, unsigned char **pp, size_t *pn, char *zErr, int nErr);
#endif
