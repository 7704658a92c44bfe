/* sync: the kiosk's side of moving data to and from the township.
 *
 * Trust is set up once, in person: the kiosk's public key file goes to the
 * township (township enroll), the township's public key file comes to the
 * kiosk (sync_trust). After that:
 *  - a bundle is an SQLite database (an application file format) holding
 *    every record this kiosk wrote since the township's last acknowledged
 *    seq (or all of them), and a manifest; signed by the kiosk, and sealed to
 *    the township, in a container (container.h);
 *  - the township answers with a signed acknowledgement of the highest seq
 *    it holds; only that advances the kiosk's high-water mark, never an
 *    export, so a bundle lost on the way costs nothing;
 *  - the township sends signed update packages (package.h). */
#ifndef KIOSK_SYNC_H
#define KIOSK_SYNC_H
#include "config.h"
#include "db.h"
#include "keypair.h"
#include "result.h"
#include <stdint.h>

/* The tables a bundle carries: every record table of the kiosk. */
extern const char *const sync_tables[];

/* Writes this kiosk's public key file: "KIOSK-PUB1 <kiosk id> <key hex> <village>".
 * Returns KR_OK or KR_IO (with a message). */
KrCode sync_write_pubkey(Db *db, const KeyPair *kp, const Config *cfg, const char *zPath, char *zErr, int nErr);

/* Reads a public key file of the given tag ("KIOSK-PUB1" or "TOWN-PUB1"):
 * id, key and name. Returns KR_OK, or with a message KR_MALFORMED (not such
 * a key file) or a code of container_read_file. */
KrCode sync_read_pubkey(const char *zPath, const char *zTag, char zId[41], unsigned char pk[32], char *zName,
                     int nName, char *zErr, int nErr);

/* Trusts the township whose key file is zPath (once; another township's key
 * is refused with KR_OTHER_TOWNSHIP unless replace is set). */
KrCode sync_trust(Db *db, const char *zPath, int replace, char *zErr, int nErr);
/* The trusted township: KR_OK with id and key, KR_UNTRUSTED when none,
 * KR_DB when it cannot be read. */
KrCode sync_township(Db *db, char zId[41], unsigned char pk[32]);

typedef struct {
  char path[1200];
  int64_t seqFrom, seqTo;     /* the records' seq range (from > to: nothing new) */
  int records;
  size_t bytes;
  int sealed;
} SyncExport;

/* Builds a bundle of the records after the acknowledged seq (all of them
 * when all is set) and writes it into zDir safely (container_write_file).
 * Sealed to the trusted township; refused when none is trusted unless
 * plain is set (KR_UNTRUSTED). Returns KR_OK, or a code with a message. */
KrCode sync_export(Db *db, const KeyPair *kp, const Config *cfg, int all, int plain, const char *zDir, SyncExport *pOut,
                char *zErr, int nErr);
/* The same into memory (for the LAN): *pp freed with free(). */
KrCode sync_bundle(Db *db, const KeyPair *kp, const Config *cfg, int all, int plain, unsigned char **pp, size_t *pn,
                SyncExport *pOut, char *zErr, int nErr);

/* The township's last acknowledged seq for this kiosk (0: none). */
int64_t sync_acked(Db *db);

typedef struct {
  int kind;                   /* CONTAINER_ACK or CONTAINER_PACKAGE */
  int64_t ackedBefore, acked; /* an acknowledgement */
  int64_t version;            /* a package */
  int notices, members, activities, categories, rating;
} SyncApplied;

/* Applies an acknowledgement or an update package from memory (a file read
 * from a stick, or a LAN reply): checked against the trusted township's key
 * first, then applied in one transaction (BEGIN IMMEDIATE), inside which the
 * anti-rollback checks run, so two appliers racing (a stick and the LAN)
 * cannot let an older file win. Returns KR_OK, or with an English message
 * and nothing changed:
 *   KR_MALFORMED       damaged, truncated, bad header, not a kiosk's file
 *   KR_TOO_LARGE       over PACKAGE_MAX_BYTES
 *   KR_UNTRUSTED       no township trusted yet
 *   KR_OTHER_TOWNSHIP  signed by, or naming, another township
 *   KR_BAD_SIGNATURE   the signature does not verify (altered)
 *   KR_NOT_NEWER       a package or acknowledgement no newer than the one
 *                      held (old or replayed); pOut still tells the kind and,
 *                      for an acknowledgement, the mark held
 *   KR_EXPIRED         a package past its expiry date
 *   KR_WRONG_KIOSK     an acknowledgement for another kiosk
 *   KR_AHEAD           an acknowledgement beyond this kiosk's last seq
 *   KR_BUSY, KR_IO, KR_DB, KR_NOMEM  the machine
 * sync_apply_file adds the codes of container_read_file (KR_NOT_FOUND, ...). */
KrCode sync_apply(Db *db, const unsigned char *z, size_t n, SyncApplied *pOut, char *zErr, int nErr);
KrCode sync_apply_file(Db *db, const char *zPath, SyncApplied *pOut, char *zErr, int nErr);

/* meta values for the admin screen: last export/sync time, last error. */
int sync_meta_get(Db *db, const char *zKey, char *zOut, int nOut);
int sync_meta_set(Db *db, const char *zKey, const char *zValue);

/* Acknowledgement payload (township side makes it, kiosk side reads it). */
#define ACK_MAGIC "KIOSK-ACK1"
#endif
