/* qrcard: see qrcard.h. */
#include "qrcard.h"
#include "db_int.h"
#include "util.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIG_B64 86 /* 64 bytes as unpadded base64url */

static int valid_token(const char *z, size_t n, size_t max, int underscore) {
  if (n == 0 || n > max) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = z[i];
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
          (underscore && c == '_')))
      return 0;
  }
  return 1;
}

/* Splits and checks the shape. Fills the fields; returns 0 or -1. */
typedef struct {
  char issuer[17], memberNo[21];
  int serial;
  uint8_t sig[crypto_sign_BYTES];
  size_t signedLen; /* bytes covered by the signature */
} Parsed;

/* Splits a payload into *p. Returns KR_OK, or KR_MALFORMED for anything
 * that is not a card payload in form (the signature is not checked here). */
static KrCode parse(const char *z, Parsed *p) {
  size_t n = strlen(z);
  if (n < 10 || n > QRCARD_PAYLOAD_MAX) return KR_MALFORMED;
  for (size_t i = 0; i < n; i++)
    if (z[i] < 0x21 || z[i] > 0x7E) return KR_MALFORMED;
  const char *f[5];
  size_t len[5];
  const char *p0 = z;
  for (int i = 0; i < 5; i++) {
    const char *dot = i < 4 ? strchr(p0, '.') : z + n;
    if (!dot) return KR_MALFORMED;
    f[i] = p0;
    len[i] = (size_t)(dot - p0);
    p0 = dot + 1;
  }
  if (memchr(f[4], '.', len[4])) return KR_MALFORMED;
  if (len[0] != 2 || memcmp(f[0], "K1", 2)) return KR_MALFORMED;
  if (!valid_token(f[1], len[1], 16, 0) || !valid_token(f[2], len[2], 20, 1)) return KR_MALFORMED;
  if (len[3] < 1 || len[3] > 6 || f[3][0] == '0') return KR_MALFORMED;
  for (size_t i = 0; i < len[3]; i++)
    if (f[3][i] < '0' || f[3][i] > '9') return KR_MALFORMED;
  if (len[4] != SIG_B64) return KR_MALFORMED;
  memcpy(p->issuer, f[1], len[1]);
  p->issuer[len[1]] = 0;
  memcpy(p->memberNo, f[2], len[2]);
  p->memberNo[len[2]] = 0;
  p->serial = atoi(f[3]);
  size_t binLen;
  if (sodium_init() < 0 ||
      sodium_base642bin(p->sig, sizeof p->sig, f[4], len[4], NULL, &binLen, NULL,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) || binLen != sizeof p->sig)
    return KR_MALFORMED;
  p->signedLen = (size_t)(f[4] - 1 - z);
  return KR_OK;
}

/* The member's current serial (0 if none) and whether serial s was issued
 * and revoked. Returns KR_OK or an SQLite code. */
static KrCode card_state(Db *db, const char *zMemberNo, int s, int *pCurrent, int *pIssued, int *pRevoked) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db->h,
      "SELECT coalesce(max(CASE WHEN kind = 'issue' THEN serial END), 0),"
      " coalesce(max(kind = 'issue' AND serial = ?2), 0), coalesce(max(kind = 'revoke' AND serial = ?2), 0)"
      " FROM card WHERE member_no = ?1", -1, &st, NULL);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  sqlite3_bind_text(st, 1, zMemberNo, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 2, s);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *pCurrent = sqlite3_column_int(st, 0);
    *pIssued = sqlite3_column_int(st, 1);
    *pRevoked = sqlite3_column_int(st, 2);
  }
  sqlite3_finalize(st);
  return rc == SQLITE_ROW ? KR_OK : kr_sqlite(rc);
}

/* Writes a card record (issue or revoke) inside the caller's transaction.
 * Returns KR_OK or an SQLite code. */
static KrCode insert_card(Db *db, const char *zMemberNo, int serial, const char *zIssuer, const char *zKind) {
  int64_t seq;
  int rc = db_next_seq(db, &seq);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  char uuid[UUID_LEN + 1];
  util_uuid4(uuid);
  sqlite3_stmt *st;
  rc = sqlite3_prepare_v2(db->h,
      "INSERT INTO card(uuid, kiosk_id, seq, member_no, serial, issuer, kind, at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)",
      -1, &st, NULL);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, db->kioskId, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 3, seq);
  sqlite3_bind_text(st, 4, zMemberNo, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 5, serial);
  sqlite3_bind_text(st, 6, zIssuer, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 7, zKind, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 8, util_now());
  rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? KR_OK : kr_sqlite(rc);
}

/* Signs "K1.issuer.member.serial" into the full payload. */
static void sign_payload(const KeyPair *kp, const char *zIssuer, const char *zMemberNo, int serial, char *zPayload) {
  char head[64];
  snprintf(head, sizeof head, "K1.%s.%s.%d", zIssuer, zMemberNo, serial);
  uint8_t sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, NULL, (const uint8_t *)head, strlen(head), kp->sk);
  char b64[SIG_B64 + 1];
  sodium_bin2base64(b64, sizeof b64, sig, sizeof sig, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  snprintf(zPayload, QRCARD_PAYLOAD_MAX, "%s.%s", head, b64);
}

KrCode qrcard_current(Db *db, const KeyPair *kp, const char *zIssuer, const char *zMemberNo, char *zPayload,
                      int *pIssued, char *zErr, int nErr) {
  int current = 0, issued, revoked;
  *pIssued = 0;
  KrCode kr = card_state(db, zMemberNo, 0, &current, &issued, &revoked);
  if (kr) { snprintf(zErr, nErr, "database error: %s", sqlite3_errmsg(db->h)); return kr; }
  if (current) {
    sign_payload(kp, zIssuer, zMemberNo, current, zPayload);
    return KR_OK;
  }
  int serial;
  *pIssued = 1;
  return qrcard_issue(db, kp, zIssuer, zMemberNo, zPayload, &serial, zErr, nErr);
}

KrCode qrcard_issue(Db *db, const KeyPair *kp, const char *zIssuer, const char *zMemberNo, char *zPayload,
                    int *pSerial, char *zErr, int nErr) {
  if (!valid_token(zIssuer, strlen(zIssuer), 16, 0)) {
    snprintf(zErr, nErr, "the card issuer \"%s\" must be 1-16 letters, digits or -", zIssuer);
    return KR_BAD_INPUT;
  }
  Member m;
  KrCode kr = roster_get(db, zMemberNo, &m);
  if (kr == KR_OK && (!m.active || !valid_token(zMemberNo, strlen(zMemberNo), 20, 1))) kr = KR_NOT_FOUND;
  if (kr) {
    if (kr == KR_NOT_FOUND) snprintf(zErr, nErr, "no active member with number %s", zMemberNo);
    else snprintf(zErr, nErr, "database error: %s", sqlite3_errmsg(db->h));
    return kr;
  }
  int rc = db_begin(db);
  if (rc != SQLITE_OK) { snprintf(zErr, nErr, "the database is busy"); return kr_sqlite(rc); }
  int current = 0, issued, revoked;
  kr = card_state(db, zMemberNo, 0, &current, &issued, &revoked);
  int serial = current + 1;
  if (kr == KR_OK && current >= 999999) {
    snprintf(zErr, nErr, "member %s has had 999999 cards; no serial is left", zMemberNo);
    db_rollback(db);
    return KR_TOO_LARGE;
  }
  if (kr == KR_OK && current) kr = insert_card(db, zMemberNo, current, zIssuer, "revoke");
  if (kr == KR_OK) kr = insert_card(db, zMemberNo, serial, zIssuer, "issue");
  if (kr == KR_OK && (rc = db_commit(db)) != SQLITE_OK) kr = kr_sqlite(rc);
  if (kr) {
    snprintf(zErr, nErr, "the card could not be saved: %s", sqlite3_errmsg(db->h));
    db_rollback(db);
    return kr;
  }
  sign_payload(kp, zIssuer, zMemberNo, serial, zPayload);
  *pSerial = serial;
  return KR_OK;
}

QrCardResult qrcard_verify(Db *db, const uint8_t pk[KEYPAIR_PK_BYTES], const char *zIssuer, const char *zPayload,
                           Member *pMember, char *zMemberNo) {
  Parsed p;
  if (zMemberNo) zMemberNo[0] = 0;
  if (parse(zPayload, &p)) return QRCARD_MALFORMED;
  if (strcmp(p.issuer, zIssuer)) return QRCARD_WRONG_ISSUER;
  if (crypto_sign_verify_detached(p.sig, (const uint8_t *)zPayload, p.signedLen, pk)) return QRCARD_FORGED;
  if (zMemberNo) util_strlcpy(zMemberNo, p.memberNo, 24);
  KrCode found = roster_get(db, p.memberNo, pMember);
  if (found && found != KR_NOT_FOUND) return QRCARD_ERROR;
  if (found || !pMember->active) return QRCARD_UNKNOWN_MEMBER;
  int current = 0, issued = 0, revoked = 0;
  if (card_state(db, p.memberNo, p.serial, &current, &issued, &revoked)) return QRCARD_ERROR;
  if (!issued) return QRCARD_UNKNOWN_CARD;
  if (revoked || p.serial != current) return QRCARD_REVOKED;
  return QRCARD_OK;
}

const char *qrcard_reason_en(QrCardResult r) {
  switch (r) {
  case QRCARD_OK: return "valid card";
  case QRCARD_MALFORMED: return "not a member card (mistyped or cut short)";
  case QRCARD_WRONG_ISSUER: return "a card from another issuer";
  case QRCARD_FORGED: return "the card's signature does not match: forged or altered";
  case QRCARD_UNKNOWN_MEMBER: return "the card's member is not on the roster";
  case QRCARD_UNKNOWN_CARD: return "this kiosk has no record of issuing the card";
  case QRCARD_REVOKED: return "the card was replaced by a newer one (revoked)";
  default: return "database error";
  }
}

KrCode qrcard_record_refusal(Db *db, const char *zPayload, QrCardResult r, const char *zMemberNo) {
  static const char *const azReason[] = {"ok", "malformed", "wrong_issuer", "forged", "unknown_member",
                                         "unknown_card", "revoked", "error"};
  char cut[201];
  size_t k = 0;
  for (const char *p = zPayload; *p && k < sizeof cut - 1; p++) cut[k++] = (*p >= 0x20 && *p < 0x7F) ? *p : '?';
  cut[k] = 0;
  int rc = db_begin(db);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  int64_t seq;
  char uuid[UUID_LEN + 1];
  util_uuid4(uuid);
  sqlite3_stmt *st = NULL;
  if ((rc = db_next_seq(db, &seq)) == SQLITE_OK)
    rc = sqlite3_prepare_v2(db->h,
           "INSERT INTO scan_refusal(uuid, kiosk_id, seq, at, reason, member_no, payload) VALUES(?1,?2,?3,?4,?5,?6,?7)",
           -1, &st, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, db->kioskId, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, seq);
    sqlite3_bind_int64(st, 4, util_now());
    sqlite3_bind_text(st, 5, azReason[r <= QRCARD_ERROR ? r : QRCARD_ERROR], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, zMemberNo ? zMemberNo : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, cut, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
  }
  sqlite3_finalize(st);
  if (rc == SQLITE_OK) rc = db_commit(db);
  if (rc == SQLITE_OK) return KR_OK;
  db_rollback(db);
  return kr_sqlite(rc);
}
