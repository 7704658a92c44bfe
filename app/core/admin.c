/* admin: see admin.h. The hash and the counters live in the meta table:
 * admin_pin_hash, admin_pin_failures, and the running lockout as its length
 * (admin_pin_lock, seconds) and where it began on each clock
 * (admin_pin_lock_wall, admin_pin_lock_mono_ms, admin_pin_lock_boot). Each
 * change is its own committed transaction, so pulling the plug after a
 * wrong PIN does not reset the count; the older admin_pin_next_try (a wall
 * time, which a clock set back a day stretched by a day) is no longer read.
 * A member's phone-check count uses the same five keys under the prefix
 * record_check_<member no> (meta is the one mutable table: a counter, not
 * history); the station's lock is the one key station_lock. */
#include "admin.h"
#include "db_int.h"
#include "roster.h"
#include "util.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PIN_OPS 3u
#define PIN_MEM (32u << 20)
#define WAIT_FIRST 30
#define WAIT_MAX 3600
#define PIN_KEY "admin_pin" /* the meta keys of the PIN's count and lockout */

static int valid_pin(const char *z) {
  if (strlen(z) != ADMIN_PIN_DIGITS) return 0;
  for (; *z; z++)
    if (*z < '0' || *z > '9') return 0;
  return 1;
}

void admin_clock_now(AdminClock *p) {
  memset(p, 0, sizeof *p);
  p->wall = util_now();
  struct timespec ts;
#ifdef CLOCK_BOOTTIME
  if (clock_gettime(CLOCK_BOOTTIME, &ts))
#endif
    clock_gettime(CLOCK_MONOTONIC, &ts);
  p->monoMs = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
  FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");
  if (f) {
    if (!fgets(p->bootId, sizeof p->bootId, f)) p->bootId[0] = 0;
    fclose(f);
    p->bootId[strcspn(p->bootId, "\r\n")] = 0;
  }
}

/* Reads meta value zKey as text into out (empty when absent). KR_OK or a
 * database code. */
static KrCode meta_get(Db *db, const char *zKey, char *out, size_t n) {
  sqlite3_stmt *st;
  out[0] = 0;
  int rc = sqlite3_prepare_v2(db->h, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL);
  if (rc) return kr_sqlite(rc);
  sqlite3_bind_text(st, 1, zKey, -1, SQLITE_STATIC);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW && sqlite3_column_text(st, 0)) util_strlcpy(out, (const char *)sqlite3_column_text(st, 0), n);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? KR_OK : kr_sqlite(rc);
}

static KrCode meta_set(Db *db, const char *zKey, const char *zValue) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db->h, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)", -1, &st, NULL);
  if (rc) return kr_sqlite(rc);
  sqlite3_bind_text(st, 1, zKey, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, zValue, -1, SQLITE_STATIC);
  rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? KR_OK : kr_sqlite(rc);
}

static KrCode meta_int(Db *db, const char *zKey, int64_t *pOut) {
  char buf[32];
  *pOut = 0;
  KrCode rc = meta_get(db, zKey, buf, sizeof buf);
  if (rc) return rc;
  /* our own numbers; a damaged one reads as 0 rather than overflowing */
  if (buf[0]) *pOut = strtoll(buf, NULL, 10);
  return KR_OK;
}

/* The failure count and the running lockout, as stored. */
typedef struct {
  int64_t failures;
  int64_t wait;       /* seconds; 0: none */
  int64_t wall, monoMs;
  char boot[40];
} Lock;

/* The five meta keys of the count and lockout stored under zPrefix. */
static void lock_keys(const char *zPrefix, char k[5][96]) {
  static const char *const azSuffix[5] = {"_failures", "_lock", "_lock_wall", "_lock_mono_ms", "_lock_boot"};
  for (int i = 0; i < 5; i++) snprintf(k[i], sizeof k[i], "%s%s", zPrefix, azSuffix[i]);
}

/* Reads the count and lockout stored under zPrefix (zPrefix + "_failures",
 * "_lock", "_lock_wall", "_lock_mono_ms", "_lock_boot"); a damaged length
 * reads as maxWait, never more. */
static KrCode lock_read(Db *db, const char *zPrefix, int64_t maxWait, Lock *l) {
  memset(l, 0, sizeof *l);
  char k[5][96];
  lock_keys(zPrefix, k);
  KrCode rc;
  if ((rc = meta_int(db, k[0], &l->failures)) || (rc = meta_int(db, k[1], &l->wait)) ||
      (rc = meta_int(db, k[2], &l->wall)) || (rc = meta_int(db, k[3], &l->monoMs)) ||
      (rc = meta_get(db, k[4], l->boot, sizeof l->boot)))
    return rc;
  if (l->wait < 0 || l->wait > maxWait) l->wait = maxWait; /* damaged: the longest, never more */
  if (l->failures < 0 || l->failures > 1000000) l->failures = 1000000;
  return KR_OK;
}

/* Milliseconds of l's lockout left at *pNow: elapsed on the monotonic clock
 * in the same boot, else on the wall clock; never negative elapsed time, so
 * never more than the lockout itself. */
static int64_t left_ms(const Lock *l, const AdminClock *pNow) {
  if (l->wait <= 0) return 0;
  int64_t elapsed;
  if (l->boot[0] && pNow->bootId[0] && !strcmp(l->boot, pNow->bootId)) elapsed = pNow->monoMs - l->monoMs;
  else elapsed = (pNow->wall - l->wall) * 1000;
  if (elapsed < 0) elapsed = 0;
  int64_t left = l->wait * 1000 - elapsed;
  return left > 0 ? left : 0;
}

static int left_seconds(const Lock *l, const AdminClock *pNow) { return (int)((left_ms(l, pNow) + 999) / 1000); }

/* Stores under zPrefix (see lock_read) the failure count and a lockout of
 * wait seconds starting at *pNow (none when wait is 0), in one transaction. */
static KrCode lock_write(Db *db, const char *zPrefix, int64_t failures, int64_t wait, const AdminClock *pNow) {
  char a[4][32], k[5][96];
  lock_keys(zPrefix, k);
  snprintf(a[0], sizeof a[0], "%lld", (long long)failures);
  snprintf(a[1], sizeof a[1], "%lld", (long long)wait);
  snprintf(a[2], sizeof a[2], "%lld", (long long)(wait ? pNow->wall : 0));
  snprintf(a[3], sizeof a[3], "%lld", (long long)(wait ? pNow->monoMs : 0));
  int src = db_begin(db);
  if (src != SQLITE_OK) return kr_sqlite(src);
  KrCode rc;
  if ((rc = meta_set(db, k[0], a[0])) || (rc = meta_set(db, k[1], a[1])) || (rc = meta_set(db, k[2], a[2])) ||
      (rc = meta_set(db, k[3], a[3])) || (rc = meta_set(db, k[4], wait ? pNow->bootId : ""))) {
    db_rollback(db);
    return rc;
  }
  if ((src = db_commit(db)) != SQLITE_OK) {
    db_rollback(db);
    return kr_sqlite(src);
  }
  return KR_OK;
}

KrCode admin_set_pin(Db *db, const char *zPin, char *zErr, int nErr) {
  if (!valid_pin(zPin)) {
    snprintf(zErr, nErr, "the PIN must be exactly %d digits", ADMIN_PIN_DIGITS);
    return KR_BAD_INPUT;
  }
  char hash[crypto_pwhash_STRBYTES];
  if (sodium_init() < 0 ||
      crypto_pwhash_str_alg(hash, zPin, strlen(zPin), PIN_OPS, PIN_MEM, crypto_pwhash_ALG_ARGON2ID13)) {
    snprintf(zErr, nErr, "cannot hash the PIN (out of memory?)");
    return KR_NOMEM;
  }
  int src = db_begin(db);
  if (src != SQLITE_OK) { snprintf(zErr, nErr, "the database is busy"); return kr_sqlite(src); }
  KrCode rc;
  if ((rc = meta_set(db, "admin_pin_hash", hash)) || (rc = meta_set(db, "admin_pin_failures", "0")) ||
      (rc = meta_set(db, "admin_pin_lock", "0")) ||
      (src = db_commit(db)) != SQLITE_OK) {
    if (!rc) rc = kr_sqlite(src);
    snprintf(zErr, nErr, "cannot save the PIN: %s", sqlite3_errmsg(db->h));
    db_rollback(db);
    return rc;
  }
  return KR_OK;
}

int admin_failures(Db *db) {
  int64_t n;
  return meta_int(db, "admin_pin_failures", &n) || n < 0 || n > 1000000 ? 0 : (int)n;
}

int admin_wait_left(Db *db, const AdminClock *pNow) {
  Lock l;
  return lock_read(db, PIN_KEY, WAIT_MAX, &l) ? 0 : left_seconds(&l, pNow);
}

/* The wait after the n-th wrong PIN in a row. */
static int wait_after(int64_t n) {
  if (n < ADMIN_FREE_TRIES) return 0;
  int64_t w = WAIT_FIRST;
  for (int64_t i = ADMIN_FREE_TRIES; i < n && w < WAIT_MAX; i++) w *= 2;
  return (int)(w < WAIT_MAX ? w : WAIT_MAX);
}

KrCode admin_check_pin(Db *db, const char *zPin, const AdminClock *pNow, AdminResult *pResult, int *pWait) {
  *pWait = 0;
  char hash[crypto_pwhash_STRBYTES];
  KrCode rc = meta_get(db, "admin_pin_hash", hash, sizeof hash);
  if (rc) return rc;
  if (!hash[0]) { *pResult = ADMIN_NO_PIN; return KR_OK; }
  Lock l;
  if ((rc = lock_read(db, PIN_KEY, WAIT_MAX, &l))) return rc;
  int left = left_seconds(&l, pNow);
  if (left) { *pWait = left; *pResult = ADMIN_WAIT; return KR_OK; }
  if (sodium_init() >= 0 && valid_pin(zPin) && crypto_pwhash_str_verify(hash, zPin, strlen(zPin)) == 0) {
    if ((l.failures || l.wait) && (rc = lock_write(db, PIN_KEY, 0, 0, pNow))) return rc;
    *pResult = ADMIN_OK;
    return KR_OK;
  }
  int64_t failures = l.failures + 1;
  int wait = wait_after(failures);
  if ((rc = lock_write(db, PIN_KEY, failures, wait, pNow))) return rc;
  *pWait = wait;
  *pResult = ADMIN_WRONG;
  return KR_OK;
}

/* The meta key prefix of zMemberNo's phone count: KR_OK, or KR_BAD_INPUT
 * for a number too long to be one (the member table's are far shorter). */
static KrCode phone_key(const char *zMemberNo, char *out, size_t n) {
  if (!zMemberNo[0] || strlen(zMemberNo) >= sizeof ((Member *)0)->memberNo) return KR_BAD_INPUT;
  snprintf(out, n, "record_check_%s", zMemberNo);
  return KR_OK;
}

int admin_phone_wait_left(Db *db, const char *zMemberNo, const AdminClock *pNow) {
  char key[64];
  Lock l;
  if (phone_key(zMemberNo, key, sizeof key) || lock_read(db, key, ADMIN_PHONE_WAIT, &l)) return 0;
  return left_seconds(&l, pNow);
}

KrCode admin_phone_clear(Db *db, const char *zMemberNo, const AdminClock *pNow) {
  char key[64];
  Lock l;
  KrCode rc;
  if ((rc = phone_key(zMemberNo, key, sizeof key)) || (rc = lock_read(db, key, ADMIN_PHONE_WAIT, &l))) return rc;
  return l.failures || l.wait ? lock_write(db, key, 0, 0, pNow) : KR_OK; /* nothing stored for most members */
}

KrCode admin_check_phone(Db *db, const char *zMemberNo, const char *zDigits, const AdminClock *pNow,
                         AdminResult *pResult, int *pWait) {
  *pWait = 0;
  *pResult = ADMIN_NO_PIN;
  char key[64];
  Member m;
  if (phone_key(zMemberNo, key, sizeof key)) return KR_OK;
  KrCode rc = roster_get(db, zMemberNo, &m);
  if (rc == KR_NOT_FOUND) return KR_OK;
  if (rc) return rc;
  if (strlen(m.phone4) != 4) return KR_OK;
  Lock l;
  if ((rc = lock_read(db, key, ADMIN_PHONE_WAIT, &l))) return rc;
  int left = left_seconds(&l, pNow);
  if (left) { *pWait = left; *pResult = ADMIN_WAIT; return KR_OK; }
  if (!strcmp(zDigits, m.phone4)) {
    if ((l.failures || l.wait) && (rc = lock_write(db, key, 0, 0, pNow))) return rc;
    *pResult = ADMIN_OK;
    return KR_OK;
  }
  int64_t failures = l.failures + 1;
  int wait = failures >= ADMIN_PHONE_TRIES ? ADMIN_PHONE_WAIT : 0;
  if ((rc = lock_write(db, key, failures, wait, pNow))) return rc;
  *pWait = wait;
  *pResult = ADMIN_WRONG;
  return KR_OK;
}

KrCode admin_station_lock(Db *db, const char *zDay, const char *zActUuid) {
  if (strlen(zDay) != 10 || strchr(zActUuid, ' ') || strlen(zActUuid) >= 40) return KR_BAD_INPUT;
  char v[64];
  snprintf(v, sizeof v, "%s %s", zDay, zActUuid);
  return meta_set(db, "station_lock", v); /* one statement: committed on its own */
}

KrCode admin_station_unlock(Db *db) { return meta_set(db, "station_lock", ""); }

KrCode admin_station_locked(Db *db, int *pLocked, char zDay[11], char zActUuid[40]) {
  char v[64];
  *pLocked = 0;
  zDay[0] = zActUuid[0] = 0;
  KrCode rc = meta_get(db, "station_lock", v, sizeof v);
  if (rc) return rc;
  if (strlen(v) < 11 || v[10] != ' ') return KR_OK; /* unlocked (or damaged: unlocked, never a trap) */
  memcpy(zDay, v, 10);
  zDay[10] = 0;
  util_strlcpy(zActUuid, v + 11, 40);
  *pLocked = 1;
  return KR_OK;
}
