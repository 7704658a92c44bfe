/* admin: see admin.h. The hash and the counters live in the meta table
 * (keys admin_pin_hash, admin_pin_failures, admin_pin_next_try); each
 * change is its own committed transaction, so pulling the plug after a
 * wrong PIN does not reset the count. */
#include "admin.h"
#include "db_int.h"
#include "util.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PIN_OPS 3u
#define PIN_MEM (32u << 20)
#define WAIT_FIRST 30
#define WAIT_MAX 3600

static int valid_pin(const char *z) {
  if (strlen(z) != ADMIN_PIN_DIGITS) return 0;
  for (; *z; z++)
    if (*z < '0' || *z > '9') return 0;
  return 1;
}

/* Reads meta value zKey as text into out (empty when absent). Returns 0 or -1. */
static int meta_get(Db *db, const char *zKey, char *out, size_t n) {
  sqlite3_stmt *st;
  out[0] = 0;
  if (sqlite3_prepare_v2(db->h, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL)) return -1;
  sqlite3_bind_text(st, 1, zKey, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW && sqlite3_column_text(st, 0)) util_strlcpy(out, (const char *)sqlite3_column_text(st, 0), n);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int meta_set(Db *db, const char *zKey, const char *zValue) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db->h, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)", -1, &st, NULL)) return -1;
  sqlite3_bind_text(st, 1, zKey, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, zValue, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? 0 : -1;
}

static int64_t meta_int(Db *db, const char *zKey) {
  char buf[32];
  if (meta_get(db, zKey, buf, sizeof buf)) return 0;
  return buf[0] ? strtoll(buf, NULL, 10) : 0;
}

/* Stores the failure count and the earliest next try in one transaction. */
static int set_counters(Db *db, int64_t failures, int64_t nextTry) {
  char a[32], b[32];
  snprintf(a, sizeof a, "%lld", (long long)failures);
  snprintf(b, sizeof b, "%lld", (long long)nextTry);
  if (db_begin(db) != SQLITE_OK) return -1;
  if (meta_set(db, "admin_pin_failures", a) || meta_set(db, "admin_pin_next_try", b) || db_commit(db) != SQLITE_OK) {
    db_rollback(db);
    return -1;
  }
  return 0;
}

int admin_set_pin(Db *db, const char *zPin, char *zErr, int nErr) {
  if (!valid_pin(zPin)) { snprintf(zErr, nErr, "the PIN must be exactly %d digits", ADMIN_PIN_DIGITS); return -1; }
  char hash[crypto_pwhash_STRBYTES];
  if (sodium_init() < 0 ||
      crypto_pwhash_str_alg(hash, zPin, strlen(zPin), PIN_OPS, PIN_MEM, crypto_pwhash_ALG_ARGON2ID13)) {
    snprintf(zErr, nErr, "cannot hash the PIN (out of memory?)");
    return -1;
  }
  if (db_begin(db) != SQLITE_OK) { snprintf(zErr, nErr, "the database is busy"); return -1; }
  if (meta_set(db, "admin_pin_hash", hash) || meta_set(db, "admin_pin_failures", "0") ||
      meta_set(db, "admin_pin_next_try", "0") || db_commit(db) != SQLITE_OK) {
    snprintf(zErr, nErr, "cannot save the PIN: %s", sqlite3_errmsg(db->h));
    db_rollback(db);
    return -1;
  }
  return 0;
}

int admin_failures(Db *db) { return (int)meta_int(db, "admin_pin_failures"); }

int admin_wait_left(Db *db, int64_t now) {
  int64_t nextTry = meta_int(db, "admin_pin_next_try");
  return now < nextTry ? (int)(nextTry - now) : 0;
}

/* The wait after the n-th wrong PIN in a row. */
static int wait_after(int64_t n) {
  if (n < ADMIN_FREE_TRIES) return 0;
  int64_t w = WAIT_FIRST;
  for (int64_t i = ADMIN_FREE_TRIES; i < n && w < WAIT_MAX; i++) w *= 2;
  return (int)(w < WAIT_MAX ? w : WAIT_MAX);
}

AdminResult admin_check_pin(Db *db, const char *zPin, int64_t now, int *pWait) {
  *pWait = 0;
  char hash[crypto_pwhash_STRBYTES];
  if (meta_get(db, "admin_pin_hash", hash, sizeof hash)) return ADMIN_ERROR;
  if (!hash[0]) return ADMIN_NO_PIN;
  int64_t failures = meta_int(db, "admin_pin_failures"), nextTry = meta_int(db, "admin_pin_next_try");
  if (now < nextTry) { *pWait = (int)(nextTry - now); return ADMIN_WAIT; }
  if (sodium_init() >= 0 && valid_pin(zPin) && crypto_pwhash_str_verify(hash, zPin, strlen(zPin)) == 0) {
    if ((failures || nextTry) && set_counters(db, 0, 0)) return ADMIN_ERROR;
    return ADMIN_OK;
  }
  failures++;
  int wait = wait_after(failures);
  if (set_counters(db, failures, wait ? now + wait : 0)) return ADMIN_ERROR;
  *pWait = wait;
  return ADMIN_WRONG;
}
