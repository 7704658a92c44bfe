/* township: the township Party office's side — its keys, the kiosks it has
 * enrolled, the records merged from their bundles, acknowledgements, and
 * update packages. One directory holds township.db (SQLite), township.key
 * (Ed25519, 0600) and township.pub (for the kiosks to trust).
 *
 * Merging is idempotent: a record is identified by (kiosk_id, seq), so the
 * same bundle twice, overlapping bundles or bundles out of order never make
 * a duplicate; a bundle seen before (by its hash) is skipped whole. */
#ifndef KIOSK_TOWNSHIP_H
#define KIOSK_TOWNSHIP_H
#include <stddef.h>
#include <stdint.h>

typedef struct Township Township;

/* Creates zDir/township.db, .key and .pub for a township named zName.
 * Refuses to overwrite an existing one. */
int township_init(const char *zDir, const char *zName, char *zErr, int nErr);
int township_open(const char *zDir, Township **pp, char *zErr, int nErr);
void township_close(Township *t);
const char *township_id(const Township *t);

/* Enrols the kiosk whose public key file is zPubFile, for a village and
 * branch. Enrolling the same kiosk again updates its village and branch; a
 * different key under a known id is refused. */
int township_enroll(Township *t, const char *zPubFile, const char *zVillage, const char *zBranch, char *zKioskId,
                    char *zErr, int nErr);
/* Revokes a kiosk: its bundles are refused from now on. */
int township_revoke(Township *t, const char *zKioskId, char *zErr, int nErr);

typedef struct {
  char kioskId[41], village[96];
  int64_t seqFrom, seqTo;
  int fresh, duplicate, rejected; /* records new to the township, already held, refused */
  int skipped;                    /* 1: this very bundle was imported before */
} TownshipImport;

/* Imports a bundle (a file's bytes): checked (known, not revoked kiosk;
 * signature; seal; manifest) before anything is merged; merged in one
 * transaction. Returns 0, or -1 with an English reason and nothing changed. */
int township_import(Township *t, const unsigned char *z, size_t n, TownshipImport *pOut, char *zErr, int nErr);
int township_import_file(Township *t, const char *zPath, TownshipImport *pOut, char *zErr, int nErr);

/* The highest seq up to which the township holds all of a kiosk's records. */
int64_t township_acked(Township *t, const char *zKioskId);
/* A signed acknowledgement for a kiosk, in memory (*pp freed with free())
 * or written into zDir (the path into zPath). */
int township_ack(Township *t, const char *zKioskId, unsigned char **pp, size_t *pn, int64_t *pSeq, char *zErr, int nErr);
int township_ack_file(Township *t, const char *zKioskId, const char *zDir, char *zPath, size_t nPath, int64_t *pSeq,
                      char *zErr, int nErr);

typedef struct {
  const char *zNoticesDir;   /* *.md (and an optional index.csv: 文件,类别,置顶,到期) */
  const char *zRosterCsv;
  const char *zCalendarCsv;  /* 日期,类型,标题,开始,结束,地点 */
  const char *zCategories;   /* "环境整治,关爱帮扶,..." */
  const char *zRating;       /* "attend=2;late=1;..." */
  const char *zExpires;      /* YYYY-MM-DD; NULL: 30 days from today */
} TownshipPackageSpec;

/* Builds the next signed update package into zOut. *pVersion gets its
 * version. Returns 0, or -1 with a message. */
int township_package(Township *t, const TownshipPackageSpec *spec, const char *zOut, int64_t *pVersion, char *zErr,
                     int nErr);
/* The newest package built (for the LAN hub): its bytes and version; 0, 1
 * when none, -1 on error. */
int township_latest_package(Township *t, unsigned char **pp, size_t *pn, int64_t *pVersion);

/* The kiosk's public key, if enrolled and not revoked: 0, 1 unknown, 2 revoked. */
int township_kiosk_key(Township *t, const char *zKioskId, unsigned char pk[32]);
/* Remembers a request nonce; -1 if it was seen before (a replay). */
int township_nonce(Township *t, const char *zKioskId, const char *zNonce, int64_t at);

/* The database handle, for reports (report.c). */
struct sqlite3 *township_db(Township *t);
#endif
