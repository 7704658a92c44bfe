/* setup: a new kiosk configured from the township's setup stick.
 *
 * `township setup-stick --village V --out DIR` writes DIR/KIOSK-SETUP/:
 *   township.pub  the township's public key (never its private key)
 *   village.ini   [kiosk] county, township, village, branch
 *   roster.csv    the village's members (optional; kioskctl's roster format)
 *   package.ksp   a first signed package (optional: notices, calendar, ...)
 * A kiosk with no database (no members, no township trusted, not a demo)
 * shows its setup screen; with the stick in, the secretary types a new PIN
 * twice, and setup_apply trusts the key, takes the roster and the package,
 * sets the PIN, keeps the identity in village.conf beside the database, and
 * writes the kiosk's public key back as KIOSK-SETUP/kiosk.pub for
 * `township enroll`. The stick is handed over in person, as `kioskctl
 * trust` is done in person: the key on it is trusted on first use. Only
 * the four identity keys are ever read from village.ini: a stick cannot set
 * the database, the speech program or anything else of kiosk.conf. */
#ifndef KIOSK_SETUP_H
#define KIOSK_SETUP_H
#include "config.h"
#include "db.h"
#include "keypair.h"
#include "result.h"
#include <stddef.h>

#define SETUP_DIR "KIOSK-SETUP"

typedef struct {
  char county[64], township[64], village[96], branch[96];
} SetupIdentity;

/* 1 when the kiosk has still to be set up: not a demo, no members and no
 * township trusted. */
int setup_needed(Db *db, const Config *cfg);
/* Reads zStick/KIOSK-SETUP/village.ini (and checks township.pub is there).
 * KR_OK; KR_NOT_FOUND (not a setup stick); KR_MALFORMED (a bad file: the
 * reason in zErr). */
KrCode setup_read(const char *zStick, SetupIdentity *pId, char *zErr, int nErr);
/* Configures the kiosk from the stick with PIN zPin (6 digits): see above.
 * Writes village.conf beside the database and copies the identity into *cfg.
 * KR_OK, or a code with an English message (KR_BAD_INPUT, KR_MALFORMED,
 * KR_UNTRUSTED, KR_IO, KR_DB ...); the PIN is set first, so a failure
 * after it leaves a kiosk the secretary can finish with kioskctl. */
KrCode setup_apply(Db *db, const KeyPair *kp, Config *cfg, const char *zStick, const char *zPin, char *zErr, int nErr);
/* Loads village.conf beside zDbPath into *cfg, if there is one (0, or -1
 * with a message: a broken file). */
int setup_load_identity(Config *cfg, const char *zDbPath, char *zErr, int nErr);
#endif
