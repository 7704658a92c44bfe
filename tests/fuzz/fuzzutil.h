/* fuzzutil: what the libFuzzer harnesses share. Every harness runs on a
 * pinned clock (2026-11-30 10:00 CST) and fixed keys, so an input that
 * crashes once crashes again. Databases are made once per process as a
 * template and copied fresh for each input (in /dev/shm when it exists, so
 * fsync costs nothing), so one input never changes what the next one
 * sees. A failure to set up is a bug of the harness: it aborts. */
#ifndef KIOSK_FUZZUTIL_H
#define KIOSK_FUZZUTIL_H
#include "config.h"
#include "db.h"
#include "keypair.h"
#include "township.h"
#include <stddef.h>
#include <stdint.h>

#define FZ_KIOSK_ID "fuzz-kiosk"
#define FZ_TOWN_ID "town-fuzz"
#define FZ_TOWN_NAME "刘集镇"
#define FZ_VILLAGE "鲁庙村"
#define FZ_ISSUER "FUZZ-LUMIAO"
#define FZ_CLOCK 1796004000 /* 2026-11-30 10:00 in CST-8 */

enum { FZ_KEY_KIOSK = 1, FZ_KEY_TOWN = 2 };

/* Once per process: TZ, the pinned clock, libsodium, the work directory. */
void fz_init(void);
/* The work directory's zName into buf (returns buf). */
const char *fz_path(const char *zName, char *buf, size_t n);
/* A fixed key pair (the same in every run): FZ_KEY_KIOSK or FZ_KEY_TOWN. */
void fz_keypair(int which, KeyPair *kp);
/* Writes n bytes to the work file zName; aborts on failure. */
void fz_write(const char *zName, const void *z, size_t n);

/* A fresh kiosk database (id FZ_KIOSK_ID): a copy of the template zName,
 * which build() fills the first time (returning 0). Closed with db_close;
 * the copy is remade on the next call. */
Db *fz_kiosk_db(const char *zName, int (*build)(Db *db));
/* Builders: the demo village; the demo village trusting the fixed
 * township FZ_TOWN_ID (key FZ_KEY_TOWN). */
int fz_build_demo(Db *db);
int fz_build_trusting(Db *db);

/* The kiosk's config: defaults, village FZ_VILLAGE. */
void fz_config(Config *cfg);
/* The bundle of every record of a fresh copy of template zTemplate (built
 * by build), signed with FZ_KEY_KIOSK; plain, or sealed to the township the
 * database trusts. *pp freed with free(); aborts on failure. */
void fz_bundle(const char *zTemplate, int (*build)(Db *db), int plain, unsigned char **pp, size_t *pn);

/* A fresh township (random id and key, made once) with the kiosk
 * FZ_KIOSK_ID (key FZ_KEY_KIOSK) enrolled for FZ_VILLAGE; closed with
 * township_close. */
Township *fz_township(void);
/* The township's public key (from its template). */
void fz_township_pk(unsigned char pk[32]);
#endif
