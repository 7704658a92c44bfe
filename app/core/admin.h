/* admin: the branch secretary's PIN. Six digits, stored only as an
 * Argon2id hash (libsodium crypto_pwhash_str; 3 passes over 32 MiB: about
 * 40 ms on the development machine, well under 0.5 s on a slow ARM board).
 * Wrong PINs are counted in the database, so the count survives a restart:
 * after 5 wrong PINs in a row each further try waits, 30 s doubling each
 * time, up to an hour. The right PIN resets the count. */
#ifndef KIOSK_ADMIN_H
#define KIOSK_ADMIN_H
#include "db.h"
#include <stdint.h>

#define ADMIN_PIN_DIGITS 6
#define ADMIN_FREE_TRIES 5

typedef enum {
  ADMIN_OK = 0,      /* the right PIN */
  ADMIN_WRONG,       /* a wrong PIN (counted) */
  ADMIN_WAIT,        /* too many wrong PINs: try again after *pWait seconds (not counted) */
  ADMIN_NO_PIN,      /* no PIN set yet: kioskctl admin set-pin */
  ADMIN_ERROR        /* the database failed */
} AdminResult;

/* Sets the PIN (exactly 6 digits) and clears the failure count. Returns 0,
 * or -1 with an English message and nothing changed. */
int admin_set_pin(Db *db, const char *zPin, char *zErr, int nErr);
/* Checks a PIN entered at time now (unix seconds). On ADMIN_WAIT, *pWait
 * holds the seconds left; on ADMIN_WRONG, the seconds the next try must
 * wait (0 while free tries remain). */
AdminResult admin_check_pin(Db *db, const char *zPin, int64_t now, int *pWait);
/* Seconds before the next PIN may be tried at time now (unix seconds); 0
 * when it may be tried now (or the database cannot say). */
int admin_wait_left(Db *db, int64_t now);
/* Wrong PINs in a row so far. */
int admin_failures(Db *db);
#endif
