/* township: the township Party office's side — its keys, the kiosks it has
 * enrolled, the records merged from their bundles, acknowledgements, and
 * update packages. One directory holds township.db (SQLite), township.key
 * (Ed25519, 0600) and township.pub (for the kiosks to trust).
 *
 * Merging is idempotent: a record is identified by (kiosk_id, seq), so the
 * same bundle twice, overlapping bundles or bundles out of order never make
 * a duplicate; a bundle seen before (by its hash) is skipped whole.
 *
 * The acknowledgement: each kiosk's contiguous high-water mark (the highest
 * seq up to which the township holds every record) is kept in kiosk_mark and
 * advanced in the import's transaction, so an acknowledgement is one row
 * read however many times the kiosk has synced. A bundle is remembered (a
 * row in bundle) only when it brought records, or when it arrived ahead of a
 * gap (out of order) and must be absorbed into the mark once the gap is
 * filled; an empty bundle leaves no row. Every function that can fail
 * returns a KrCode (result.h) with an English message in zErr. */
#ifndef KIOSK_TOWNSHIP_H
#define KIOSK_TOWNSHIP_H
#include "result.h"
#include <stddef.h>
#include <stdint.h>

typedef struct Township Township;

/* Creates zDir/township.db, .key and .pub for a township named zName.
 * Refuses to overwrite an existing one (KR_BAD_INPUT). */
KrCode township_init(const char *zDir, const char *zName, char *zErr, int nErr);
/* Opens the township in zDir (KR_NOT_FOUND when there is none); *pp is
 * closed with township_close. */
KrCode township_open(const char *zDir, Township **pp, char *zErr, int nErr);
void township_close(Township *t);
const char *township_id(const Township *t);

/* Enrols the kiosk whose public key file is zPubFile, for a village and
 * branch. Enrolling the same kiosk again updates its village and branch; a
 * different key under a known id is refused (KR_UNTRUSTED). The village is
 * what the kiosk's rosters are matched by (package.h). */
KrCode township_enroll(Township *t, const char *zPubFile, const char *zVillage, const char *zBranch, char *zKioskId,
                    char *zErr, int nErr);
/* Revokes a kiosk: its bundles are refused from now on (KR_NOT_FOUND: no such kiosk). */
KrCode township_revoke(Township *t, const char *zKioskId, char *zErr, int nErr);

typedef struct {
  char kioskId[41], village[96];
  int64_t seqFrom, seqTo;
  int fresh, duplicate, rejected; /* records new to the township, already held, refused */
  int skipped;                    /* 1: this very bundle was imported before */
} TownshipImport;

/* Imports a bundle (a file's bytes): checked (known, not revoked kiosk;
 * signature; seal; manifest) before anything is merged; merged in one
 * transaction. Returns KR_OK, or with an English reason and nothing changed
 * KR_MALFORMED, KR_NOT_FOUND (unknown kiosk), KR_UNTRUSTED (revoked),
 * KR_BAD_SIGNATURE, KR_OTHER_TOWNSHIP (sealed to another), KR_BUSY, KR_DB. */
KrCode township_import(Township *t, const unsigned char *z, size_t n, TownshipImport *pOut, char *zErr, int nErr);
KrCode township_import_file(Township *t, const char *zPath, TownshipImport *pOut, char *zErr, int nErr);

/* The highest seq up to which the township holds all of a kiosk's records
 * (0: none, -1: error). One row read. */
int64_t township_acked(Township *t, const char *zKioskId);
/* A signed acknowledgement for a kiosk, in memory (*pp freed with free())
 * or written into zDir (the path into zPath). KR_NOT_FOUND: unknown kiosk;
 * KR_UNTRUSTED: revoked. */
KrCode township_ack(Township *t, const char *zKioskId, unsigned char **pp, size_t *pn, int64_t *pSeq, char *zErr, int nErr);
KrCode township_ack_file(Township *t, const char *zKioskId, const char *zDir, char *zPath, size_t nPath, int64_t *pSeq,
                      char *zErr, int nErr);

typedef struct {
  const char *zNoticesDir;   /* *.md (and an optional index.csv: 文件,类别,置顶,到期) */
  const char *zRosterCsv;    /* the township's roster: a 村 column says whose each row is */
  const char *zVillage;      /* the village of a roster without a 村 column (or: only its rows) */
  const char *zCalendarCsv;  /* 日期,类型,标题,开始,结束,地点 */
  const char *zCategories;   /* "环境整治,关爱帮扶,..." */
  const char *zRating;       /* "attend=2;late=1;..." */
  const char *zExpires;      /* YYYY-MM-DD; NULL: 30 days from today */
} TownshipPackageSpec;

/* Builds the next signed update package into zOut. *pVersion gets its
 * version. Every row of the roster must name an enrolled village (in its 村
 * column, or by zVillage); a row that does not is refused with its line,
 * and nothing is built. Returns KR_OK, or a code with a message
 * (KR_BAD_INPUT for the office's files and options). */
KrCode township_package(Township *t, const TownshipPackageSpec *spec, const char *zOut, int64_t *pVersion, char *zErr,
                     int nErr);
/* The newest package built (for the LAN hub): its bytes (*pp freed with
 * free()) and version; KR_OK, KR_NOT_FOUND when none, KR_DB or KR_NOMEM. */
KrCode township_latest_package(Township *t, unsigned char **pp, size_t *pn, int64_t *pVersion);
/* The SQL that makes a package payload's tables (package.h), for tests and
 * fuzzers that build a payload by hand. Static; never NULL. */
const char *township_package_schema(void);

/* The kiosk's public key, if enrolled and not revoked: KR_OK, KR_NOT_FOUND
 * unknown, KR_UNTRUSTED revoked, KR_DB. */
KrCode township_kiosk_key(Township *t, const char *zKioskId, unsigned char pk[32]);
/* Remembers a request nonce; KR_NOT_NEWER if it was seen before (a replay). */
KrCode township_nonce(Township *t, const char *zKioskId, const char *zNonce, int64_t at);

/* The database handle, for reports (report.c). */
struct sqlite3 *township_db(Township *t);
#endif
