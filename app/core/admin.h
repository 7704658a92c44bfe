/* admin: the branch secretary's PIN. Six digits, stored only as an
 * Argon2id hash (libsodium crypto_pwhash_str; 3 passes over 32 MiB: about
 * 40 ms on the development machine, well under 0.5 s on a slow ARM board).
 * Wrong PINs are counted in the database, so the count survives a restart:
 * after 5 wrong PINs in a row each further try waits, 30 s doubling each
 * time, up to an hour. The right PIN resets the count. The wait is counted
 * on a monotonic clock tied to the boot (see AdminClock), not on the wall
 * clock anyone at the machine can set. The same counted lockout guards
 * 我的记录's phone last 4, per member; and the scan station's lock, which
 * only the PIN lifts, is kept here too, so a power cut does not lift it. */
#ifndef KIOSK_ADMIN_H
#define KIOSK_ADMIN_H
#include "db.h"
#include "result.h"
#include <stdint.h>

#define ADMIN_PIN_DIGITS 6
#define ADMIN_FREE_TRIES 5

typedef enum {
  ADMIN_OK = 0,      /* the right PIN */
  ADMIN_WRONG,       /* a wrong PIN (counted) */
  ADMIN_WAIT,        /* too many wrong PINs: try again after *pWait seconds (not counted) */
  ADMIN_NO_PIN       /* no PIN set yet: kioskctl admin set-pin */
} AdminResult;

/* The clocks the lockout reads, passed in so that tests (and the UI's test
 * clock) can set them. The wait is measured on mono while the machine has
 * not rebooted (same bootId), so setting the wall clock back or forth does
 * not change it; after a reboot it falls back to the wall clock, but the
 * wait left is never more than the lockout's length (a clock set back
 * cannot lengthen it). */
typedef struct {
  int64_t wall;      /* unix seconds (util_now()) */
  int64_t monoMs;    /* ms since boot (CLOCK_BOOTTIME: counts suspend, never goes back) */
  char bootId[40];   /* /proc/sys/kernel/random/boot_id; "" when unknown (then the wall clock, capped) */
} AdminClock;

/* The machine's clocks now: wall from util_now() (so a pinned test clock
 * holds), monoMs from CLOCK_BOOTTIME, bootId from /proc. */
void admin_clock_now(AdminClock *pNow);

/* Sets the PIN (exactly 6 digits) and clears the failure count. KR_OK, or
 * KR_BAD_INPUT / KR_NOMEM / a database code with an English message and
 * nothing changed. */
KrCode admin_set_pin(Db *db, const char *zPin, char *zErr, int nErr);
/* Checks a PIN entered at *pNow into *pResult. On ADMIN_WAIT, *pWait holds
 * the seconds left; on ADMIN_WRONG, the seconds the next try must wait (0
 * while free tries remain). KR_OK, or a database code (nothing decided). */
KrCode admin_check_pin(Db *db, const char *zPin, const AdminClock *pNow, AdminResult *pResult, int *pWait);
/* Seconds before the next PIN may be tried at *pNow; 0 when it may be
 * tried now (or the database cannot say: admin_check_pin will then fail). */
int admin_wait_left(Db *db, const AdminClock *pNow);
/* Wrong PINs in a row so far (0 when the database cannot say). */
int admin_failures(Db *db);

/* 我的记录's check of a member's phone last 4, limited like the PIN and
 * counted per member in the same way (meta keys record_check_<member no>_*,
 * same clocks): the 3rd wrong try in a row starts a 5-minute wait, and each
 * wrong try after it another. The right digits, or the member's card
 * (admin_phone_clear), reset the count. */
#define ADMIN_PHONE_TRIES 3
#define ADMIN_PHONE_WAIT 300
/* Checks zDigits against zMemberNo's phone last 4 at *pNow into *pResult:
 * ADMIN_OK, ADMIN_WRONG (counted; *pWait: the wait it started, else 0),
 * ADMIN_WAIT (not counted, not even compared; *pWait: seconds left), or
 * ADMIN_NO_PIN (no phone on file, or no such member; not counted). KR_OK or
 * a database code (nothing decided). */
KrCode admin_check_phone(Db *db, const char *zMemberNo, const char *zDigits, const AdminClock *pNow,
                         AdminResult *pResult, int *pWait);
/* Seconds before zMemberNo's phone last 4 may be tried at *pNow (0: now). */
int admin_phone_wait_left(Db *db, const char *zMemberNo, const AdminClock *pNow);
/* The member proved who they are another way (their card): resets the
 * count and any wait. KR_OK or a database code. */
KrCode admin_phone_clear(Db *db, const char *zMemberNo, const AdminClock *pNow);

/* The scan station's lock, kept across a restart (meta key station_lock:
 * "YYYY-MM-DD activity-uuid"). Set, committed, when the station opens;
 * cleared only when the secretary leaves it through the PIN. zDay is the
 * local date it was opened on, so a station left locked overnight can be
 * let go the next day. KR_OK or a database code (KR_BAD_INPUT: a day that
 * is not 10 characters, or a uuid with a space). */
KrCode admin_station_lock(Db *db, const char *zDay, const char *zActUuid);
KrCode admin_station_unlock(Db *db);
/* Reads the lock: *pLocked 1 with its day and activity, else 0 and both "".
 * KR_OK or a database code (then *pLocked is 0). */
KrCode admin_station_locked(Db *db, int *pLocked, char zDay[11], char zActUuid[40]);
#endif
