/* The secretary's PIN: stored only as an Argon2id hash, checked, and
 * locked out with growing waits after 5 wrong tries — a count that
 * survives closing and reopening the database (a power cut). The same
 * lockout guards 我的记录's phone last 4 (3 tries, then 5 minutes, per
 * member), and the scan station's lock is kept across a restart. */
#include "admin.h"
#include "check.h"
#include "db_int.h"
#include <string.h>
#include <time.h>

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The clocks at wall time t (seconds) in boot zBoot, with the monotonic
 * clock at monoS seconds since that boot. */
static AdminClock clk(int64_t t, int64_t monoS, const char *zBoot) {
  AdminClock c = {.wall = t, .monoMs = monoS * 1000};
  snprintf(c.bootId, sizeof c.bootId, "%s", zBoot);
  return c;
}

/* The usual case: one boot, the wall and monotonic clocks moving together. */
static AdminClock at(int64_t t) { return clk(t, t - 90000, "boot-a"); }

/* admin_check_pin's result, or -1 when it failed. */
static int check(Db *db, const char *zPin, AdminClock now, int *pWait) {
  AdminResult r;
  return admin_check_pin(db, zPin, &now, &r, pWait) == KR_OK ? (int)r : -1;
}

static int left(Db *db, AdminClock now) { return admin_wait_left(db, &now); }

static void set_and_check(void) {
  Db *db = test_db();
  REQUIRE(db);
  int wait;
  char err[256], path[600];
  CHECK(check(db, "123456", at(100000), &wait) == ADMIN_NO_PIN);
  CHECK(admin_set_pin(db, "12345", err, sizeof err) == KR_BAD_INPUT);  /* too short */
  CHECK(admin_set_pin(db, "12345a", err, sizeof err) == KR_BAD_INPUT); /* not digits */
  CHECK(strstr(err, "6 digits") != NULL);
  double t0 = now_ms();
  REQUIRE(admin_set_pin(db, "240917", err, sizeof err) == KR_OK);
  double ms = now_ms() - t0;
  printf("  Argon2id PIN hash took %.1f ms here (target < 500 ms: bench/run.sh)\n", ms);
  CHECK(check(db, "240917", at(100000), &wait) == ADMIN_OK);
  CHECK(check(db, "240918", at(100000), &wait) == ADMIN_WRONG && wait == 0);
  CHECK(check(db, "", at(100000), &wait) == ADMIN_WRONG);
  /* the PIN itself is nowhere in the database, only its Argon2id hash */
  test_path("kiosk.db", path, sizeof path);
  CHECK(test_sql_int(path, "SELECT count(*) FROM meta WHERE value LIKE '%240917%'") == 0);
  CHECK(test_sql_int(path, "SELECT count(*) FROM meta WHERE key = 'admin_pin_hash' AND value LIKE '$argon2id$%'") == 1);
  db_close(db);
}

static void lockout_grows_and_survives_restart(void) {
  Db *db = test_db();
  REQUIRE(db);
  char err[256];
  int wait;
  REQUIRE(admin_set_pin(db, "240917", err, sizeof err) == KR_OK);
  int64_t t = 100000;
  CHECK(left(db, at(t)) == 0);
  for (int i = 1; i <= 4; i++) CHECK(check(db, "000000", at(t), &wait) == ADMIN_WRONG && wait == 0);
  CHECK(left(db, at(t)) == 0); /* free tries: no wait */
  CHECK(check(db, "000000", at(t), &wait) == ADMIN_WRONG); /* the 5th */
  CHECK(wait == 30);
  /* how long is left, asked without trying (the PIN screen, to show the pad locked) */
  CHECK(left(db, at(t)) == 30 && left(db, at(t + 29)) == 1 && left(db, at(t + 30)) == 0);
  CHECK(left(db, at(t + 100000)) == 0 && admin_failures(db) == 5); /* asking counts nothing */
  /* the power goes: the count does not */
  db_close(db);
  db = test_db();
  REQUIRE(db);
  CHECK(admin_failures(db) == 5);
  CHECK(check(db, "240917", at(t + 10), &wait) == ADMIN_WAIT && wait == 20); /* even the right PIN waits */
  CHECK(admin_failures(db) == 5); /* a refused try is not counted */
  CHECK(left(db, at(t + 10)) == 20);
  CHECK(check(db, "000000", at(t + 30), &wait) == ADMIN_WRONG && wait == 60); /* doubles */
  CHECK(check(db, "000000", at(t + 90), &wait) == ADMIN_WRONG && wait == 120);
  for (int i = 0; i < 10; i++) check(db, "000000", at(t + 100000 * (i + 1)), &wait);
  CHECK(wait == 3600); /* capped at an hour */
  CHECK(check(db, "240917", at(t + 100000 * 11 + 3600), &wait) == ADMIN_OK);
  CHECK(admin_failures(db) == 0); /* the right PIN clears it */
  CHECK(check(db, "000000", at(t + 100000 * 12), &wait) == ADMIN_WRONG && wait == 0);
  db_close(db);
}

/* Five wrong PINs at wall time t in boot "boot-a" (monotonic clock at m s):
 * a 30 s lockout. */
static Db *locked_out(int64_t t, int64_t m) {
  Db *db = test_db();
  if (!db) return NULL;
  char err[256];
  int wait = -1;
  if (admin_set_pin(db, "240917", err, sizeof err)) { db_close(db); return NULL; }
  for (int i = 0; i < ADMIN_FREE_TRIES; i++) check(db, "000000", clk(t, m, "boot-a"), &wait);
  if (wait != 30) { db_close(db); return NULL; }
  return db;
}

/* The clock set back a day after a lockout (same boot): the wait goes on
 * by the monotonic clock, it does not grow by a day. Set forward a day, it
 * does not end early either. */
static void clock_set_back_same_boot(void) {
  int64_t t = 1795000000, m = 5000;
  Db *db = locked_out(t, m);
  REQUIRE(db);
  int wait;
  CHECK(left(db, clk(t - 86400 + 10, m + 10, "boot-a")) == 20);
  CHECK(check(db, "240917", clk(t - 86400 + 10, m + 10, "boot-a"), &wait) == ADMIN_WAIT && wait == 20);
  CHECK(left(db, clk(t - 86400 + 30, m + 30, "boot-a")) == 0);
  CHECK(left(db, clk(t + 86400, m + 5, "boot-a")) == 25); /* set forward: still 25 s to go */
  CHECK(check(db, "240917", clk(t - 86400 + 31, m + 31, "boot-a"), &wait) == ADMIN_OK);
  db_close(db);
}

/* After a reboot the monotonic clock starts again from 0 and the boot id
 * changes: the wall clock counts, but a clock set back never makes the wait
 * longer than the lockout itself. */
static void reboot(void) {
  int64_t t = 1795000000, m = 700000;
  Db *db = locked_out(t, m);
  REQUIRE(db);
  int wait;
  CHECK(left(db, clk(t + 12, 3, "boot-b")) == 18);           /* 12 s later by the wall */
  CHECK(left(db, clk(t - 86400, 3, "boot-b")) == 30);        /* set back a day: 30, not a day and 30 */
  CHECK(left(db, clk(t - 5, 3, "boot-b")) == 30);
  CHECK(check(db, "240917", clk(t - 86400, 3, "boot-b"), &wait) == ADMIN_WAIT && wait == 30);
  CHECK(left(db, clk(t + 30, 4, "boot-b")) == 0);
  CHECK(left(db, clk(t + 12, 3, "")) == 18);                 /* no boot id known: the wall, capped */
  CHECK(left(db, clk(t - 999999, 3, "")) == 30);
  /* the next lockout, taken in the new boot, is measured in that boot */
  CHECK(check(db, "000000", clk(t + 40, 50, "boot-b"), &wait) == ADMIN_WRONG && wait == 60);
  CHECK(left(db, clk(t - 86400, 70, "boot-b")) == 40);
  db_close(db);
}

/* The same boot, the database closed and opened again (the kiosk program
 * restarted, not the machine): still the monotonic clock. */
static void same_boot_restart(void) {
  int64_t t = 1795000000, m = 5000;
  Db *db = locked_out(t, m);
  REQUIRE(db);
  db_close(db);
  db = test_db();
  REQUIRE(db);
  CHECK(left(db, clk(t - 3600, m + 7, "boot-a")) == 23);
  CHECK(left(db, clk(t + 3600, m + 7, "boot-a")) == 23);
  db_close(db);
}

/* The real clocks: a boot id as the kernel writes it, a monotonic clock
 * that does not go back. */
static void real_clock(void) {
  AdminClock a, b;
  admin_clock_now(&a);
  admin_clock_now(&b);
  CHECK(strlen(a.bootId) == 36 && !strcmp(a.bootId, b.bootId));
  CHECK(a.monoMs > 0 && b.monoMs >= a.monoMs);
  CHECK(a.wall > 1700000000);
}

/* A member of the demo village with a phone on file, and their last 4
 * (0 when there is none). */
static int demo_phone(Db *db, char zNo[24], char zPhone[8]) {
  sqlite3_stmt *st;
  int ok = 0;
  if (sqlite3_prepare_v2(db->h, "SELECT member_no, phone4 FROM member WHERE length(phone4) = 4 ORDER BY member_no",
                         -1, &st, NULL))
    return 0;
  if (sqlite3_step(st) == SQLITE_ROW) {
    snprintf(zNo, 24, "%s", (const char *)sqlite3_column_text(st, 0));
    snprintf(zPhone, 8, "%s", (const char *)sqlite3_column_text(st, 1));
    ok = 1;
  }
  sqlite3_finalize(st);
  return ok;
}

/* admin_check_phone's result, or -1 when it failed. */
static int phone(Db *db, const char *zNo, const char *zDigits, AdminClock now, int *pWait) {
  AdminResult r;
  return admin_check_phone(db, zNo, zDigits, &now, &r, pWait) == KR_OK ? (int)r : -1;
}

/* The same digits with each one moved on by one: never the right ones. */
static void wrong_of(const char *zPhone, char out[8]) {
  size_t i = 0;
  for (; zPhone[i] && i < 7; i++) out[i] = (char)('0' + (zPhone[i] - '0' + 1) % 10);
  out[i] = 0;
}

/* 3 wrong tries for one member, then 5 minutes when even the right digits
 * are refused; the count survives a restart, is per member, is not the
 * PIN's, and the right digits or the member's card clear it. */
static void phone_tries_limited(void) {
  Db *db = test_demo_db();
  REQUIRE(db);
  char no[24], ph[8], bad[8], path[600];
  REQUIRE(demo_phone(db, no, ph));
  wrong_of(ph, bad);
  int64_t t = 1795000000;
  int wait = -1;
  CHECK(phone(db, no, ph, at(t), &wait) == ADMIN_OK && wait == 0);
  CHECK(phone(db, no, bad, at(t), &wait) == ADMIN_WRONG && wait == 0);
  CHECK(phone(db, no, "", at(t), &wait) == ADMIN_WRONG && wait == 0);          /* nothing typed is wrong too */
  CHECK(admin_phone_wait_left(db, no, &(AdminClock){0}) == 0 && left(db, at(t)) == 0);
  CHECK(phone(db, no, bad, at(t + 1), &wait) == ADMIN_WRONG && wait == ADMIN_PHONE_WAIT); /* the 3rd */
  CHECK(wait == 300);
  AdminClock c = at(t + 10);
  CHECK(admin_phone_wait_left(db, no, &c) == 291);
  CHECK(phone(db, no, ph, at(t + 10), &wait) == ADMIN_WAIT && wait == 291); /* even the right digits */
  CHECK(admin_failures(db) == 0);                                                  /* not the PIN's count */
  /* the count is kept for this one member only */
  test_path("kiosk.db", path, sizeof path);
  CHECK(test_sql_int(path, "SELECT count(*) FROM meta WHERE key LIKE 'record_check_%_failures'") == 1);
  /* the power goes: the count and the wait do not */
  db_close(db);
  db = test_db();
  REQUIRE(db);
  c = at(t + 299);
  CHECK(admin_phone_wait_left(db, no, &c) == 2);
  CHECK(phone(db, no, ph, at(t + 299), &wait) == ADMIN_WAIT && wait == 2);
  /* the clock set back a day in the same boot does not stretch the wait */
  CHECK(phone(db, no, ph, clk(t - 86400, t + 301 - 90000, "boot-a"), &wait) == ADMIN_OK);
  /* right digits cleared it: 3 free tries again, and after a wait each wrong try waits again */
  for (int i = 0; i < 2; i++) CHECK(phone(db, no, bad, at(t + 400), &wait) == ADMIN_WRONG && wait == 0);
  CHECK(phone(db, no, bad, at(t + 400), &wait) == ADMIN_WRONG && wait == 300);
  CHECK(phone(db, no, bad, at(t + 700), &wait) == ADMIN_WRONG && wait == 300);
  CHECK(phone(db, no, ph, at(t + 800), &wait) == ADMIN_WAIT && wait == 200);
  /* the member's card: the count and the wait go */
  c = at(t + 800);
  CHECK(admin_phone_clear(db, no, &c) == KR_OK && admin_phone_wait_left(db, no, &c) == 0);
  CHECK(phone(db, no, ph, at(t + 800), &wait) == ADMIN_OK);
  db_close(db);
}

/* What is not a member with a phone is never counted nor compared. */
static void phone_bad_members(void) {
  Db *db = test_demo_db();
  REQUIRE(db);
  char path[600], huge[200];
  int wait = -1;
  memset(huge, '9', sizeof huge - 1);
  huge[sizeof huge - 1] = 0;
  CHECK(phone(db, "NOSUCH", "1234", at(100000), &wait) == ADMIN_NO_PIN && wait == 0);
  CHECK(phone(db, "", "1234", at(100000), &wait) == ADMIN_NO_PIN);
  CHECK(phone(db, huge, "1234", at(100000), &wait) == ADMIN_NO_PIN);
  CHECK(phone(db, "-1' OR 1=1 --", "1234", at(100000), &wait) == ADMIN_NO_PIN);
  AdminClock c = at(100000);
  CHECK(admin_phone_clear(db, huge, &c) == KR_BAD_INPUT);
  REQUIRE(sqlite3_exec(db->h, "UPDATE member SET phone4 = '', uuid = uuid || '-v2' WHERE member_no = (SELECT min(member_no) FROM member)",
                       NULL, NULL, NULL) == SQLITE_OK);
  char no[24] = "";
  sqlite3_stmt *st;
  REQUIRE(sqlite3_prepare_v2(db->h, "SELECT min(member_no) FROM member", -1, &st, NULL) == SQLITE_OK);
  if (sqlite3_step(st) == SQLITE_ROW) snprintf(no, sizeof no, "%s", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  for (int i = 0; i < 5; i++) CHECK(phone(db, no, "", at(100000), &wait) == ADMIN_NO_PIN); /* no phone: the card */
  test_path("kiosk.db", path, sizeof path);
  CHECK(test_sql_int(path, "SELECT count(*) FROM meta WHERE key LIKE 'record_check_%'") == 0);
  db_close(db);
}

/* The scan station's lock: kept, across closing the database, until it is
 * cleared; bad input changes nothing, a damaged value is no lock. */
static void station_lock_kept(void) {
  Db *db = test_db();
  REQUIRE(db);
  int locked = -1;
  char day[11], act[40];
  CHECK(admin_station_locked(db, &locked, day, act) == KR_OK && locked == 0 && !day[0] && !act[0]);
  CHECK(admin_station_lock(db, "2026-11-30", "6f1c2d1e-0000-4000-8000-000000000001") == KR_OK);
  db_close(db);
  db = test_db(); /* the power goes */
  REQUIRE(db);
  CHECK(admin_station_locked(db, &locked, day, act) == KR_OK && locked == 1);
  CHECK(!strcmp(day, "2026-11-30") && !strcmp(act, "6f1c2d1e-0000-4000-8000-000000000001"));
  CHECK(admin_station_lock(db, "2026-1-1", "x") == KR_BAD_INPUT);
  CHECK(admin_station_lock(db, "2026-12-01", "a b") == KR_BAD_INPUT);
  CHECK(admin_station_locked(db, &locked, day, act) == KR_OK && locked == 1 && !strcmp(day, "2026-11-30"));
  CHECK(admin_station_lock(db, "2026-12-01", "") == KR_OK); /* a day with no activity read yet */
  CHECK(admin_station_locked(db, &locked, day, act) == KR_OK && locked == 1 && !act[0]);
  CHECK(admin_station_unlock(db) == KR_OK);
  CHECK(admin_station_locked(db, &locked, day, act) == KR_OK && locked == 0);
  REQUIRE(sqlite3_exec(db->h, "UPDATE meta SET value = 'garbage' WHERE key = 'station_lock'", NULL, NULL, NULL) ==
          SQLITE_OK);
  CHECK(admin_station_locked(db, &locked, day, act) == KR_OK && locked == 0);
  db_close(db);
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {
    {"set_and_check", set_and_check},
    {"lockout_grows_and_survives_restart", lockout_grows_and_survives_restart},
    {"clock_set_back_same_boot", clock_set_back_same_boot},
    {"reboot", reboot},
    {"same_boot_restart", same_boot_restart},
    {"real_clock", real_clock},
    {"phone_tries_limited", phone_tries_limited},
    {"phone_bad_members", phone_bad_members},
    {"station_lock_kept", station_lock_kept},
  };
  return test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
