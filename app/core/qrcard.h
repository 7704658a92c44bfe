/* qrcard: the QR member card's payload, and its check at the kiosk.
 *
 * The payload is printable ASCII, because a keyboard-wedge scanner "types"
 * the code and only ASCII survives every keyboard layout:
 *
 *     K1.<issuer>.<member_no>.<serial>.<signature>
 *
 *   K1         the format and its version
 *   issuer     who issued the card: [A-Za-z0-9-], 1-16 chars (kiosk.conf
 *              [cards] issuer, e.g. ZMLJ-LUMIAO)
 *   member_no  the member number: [A-Za-z0-9_-], 1-20 chars
 *   serial     the card's serial for that member, 1-999999; a reissued
 *              card gets the next serial and the old one is revoked
 *   signature  Ed25519 (libsodium crypto_sign_detached) by the issuer's key
 *              over everything before the last ".", base64url without
 *              padding (86 chars)
 *
 * e.g. K1.ZMLJ-LUMIAO.LM0031.1.3q2-7w... (about 110 characters; a version 7
 * QR code at ECC level M).
 *
 * Cards are records: issuing writes an 'issue' record (and a 'revoke'
 * record for the member's previous card) in one transaction; nothing is
 * deleted. A refused scan is itself recorded. */
#ifndef KIOSK_QRCARD_H
#define KIOSK_QRCARD_H
#include "db.h"
#include "keypair.h"
#include "result.h"
#include "roster.h"
#include <stddef.h>

#define QRCARD_PAYLOAD_MAX 160
/* Every card payload starts with this (the format and its version). */
#define QRCARD_PREFIX "K1."

typedef enum {
  QRCARD_OK = 0,
  QRCARD_MALFORMED,      /* not a card payload: mistyped, truncated, bad characters */
  QRCARD_WRONG_ISSUER,   /* a card from another issuer (another village) */
  QRCARD_FORGED,         /* the signature does not match */
  QRCARD_UNKNOWN_MEMBER, /* a genuine card for someone not (or no longer) on the roster */
  QRCARD_UNKNOWN_CARD,   /* a genuine card this kiosk has no record of issuing */
  QRCARD_REVOKED,        /* an old card, replaced by a newer one */
  QRCARD_ERROR           /* the database failed */
} QrCardResult;

/* Issues a new card for zMemberNo signed with kp, revoking the member's
 * current card if any. zPayload (QRCARD_PAYLOAD_MAX) gets the payload and
 * *pSerial the serial. Returns KR_OK; KR_BAD_INPUT (a bad issuer),
 * KR_NOT_FOUND (no such active member), KR_TOO_LARGE (no serial left) or an
 * SQLite code, with an English message and nothing written. */
KrCode qrcard_issue(Db *db, const KeyPair *kp, const char *zIssuer, const char *zMemberNo, char *zPayload,
                    int *pSerial, char *zErr, int nErr);
/* The payload of zMemberNo's current card (signatures are deterministic,
 * so it is the same as when it was issued), issuing a first card when the
 * member has none (*pIssued = 1). Returns KR_OK, or as qrcard_issue(). */
KrCode qrcard_current(Db *db, const KeyPair *kp, const char *zIssuer, const char *zMemberNo, char *zPayload,
                      int *pIssued, char *zErr, int nErr);
/* Checks a scanned payload against the issuer's public key and the card
 * records. On QRCARD_OK *pMember is the member. On a genuine but refused
 * card (UNKNOWN_*, REVOKED), zMemberNo (24 bytes, may be NULL) gets the
 * member number the card names. */
QrCardResult qrcard_verify(Db *db, const uint8_t pk[KEYPAIR_PK_BYTES], const char *zIssuer, const char *zPayload,
                           Member *pMember, char *zMemberNo);
/* Records a refused scan (reason, the member number if the card was
 * genuine, the payload cut to 200 chars) in its own transaction.
 * Returns KR_OK or an SQLite code. */
KrCode qrcard_record_refusal(Db *db, const char *zPayload, QrCardResult r, const char *zMemberNo);
/* The reason in English, for the command line. */
const char *qrcard_reason_en(QrCardResult r);
#endif
