/* The secretary's PIN: stored only as an Argon2id hash, checked, and
 * locked out with growing waits after 5 wrong tries — a count that
 * survives closing and reopening the database (a power cut). */
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

static void set_and_check(void) {
  Db *db = test_db();
  REQUIRE(db);
  int wait;
  char err[256], path[600];
  CHECK(admin_check_pin(db, "123456", 1000, &wait) == ADMIN_NO_PIN);
  CHECK(admin_set_pin(db, "12345", err, sizeof err) == -1);  /* too short */
  CHECK(admin_set_pin(db, "12345a", err, sizeof err) == -1); /* not digits */
  CHECK(strstr(err, "6 digits") != NULL);
  double t0 = now_ms();
  REQUIRE(admin_set_pin(db, "240917", err, sizeof err) == 0);
  double ms = now_ms() - t0;
  printf("  Argon2id PIN hash took %.1f ms here (target < 500 ms: bench/run.sh)\n", ms);
  CHECK(admin_check_pin(db, "240917", 1000, &wait) == ADMIN_OK);
  CHECK(admin_check_pin(db, "240918", 1000, &wait) == ADMIN_WRONG && wait == 0);
  CHECK(admin_check_pin(db, "", 1000, &wait) == ADMIN_WRONG);
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
  REQUIRE(admin_set_pin(db, "240917", err, sizeof err) == 0);
  int64_t t = 100000;
  CHECK(admin_wait_left(db, t) == 0);
  for (int i = 1; i <= 4; i++) CHECK(admin_check_pin(db, "000000", t, &wait) == ADMIN_WRONG && wait == 0);
  CHECK(admin_wait_left(db, t) == 0); /* free tries: no wait */
  CHECK(admin_check_pin(db, "000000", t, &wait) == ADMIN_WRONG); /* the 5th */
  CHECK(wait == 30);
  /* how long is left, asked without trying (the PIN screen, to show the pad locked) */
  CHECK(admin_wait_left(db, t) == 30 && admin_wait_left(db, t + 29) == 1 && admin_wait_left(db, t + 30) == 0);
  CHECK(admin_wait_left(db, t + 100000) == 0 && admin_failures(db) == 5); /* asking counts nothing */
  /* the power goes: the count does not */
  db_close(db);
  db = test_db();
  REQUIRE(db);
  CHECK(admin_failures(db) == 5);
  CHECK(admin_check_pin(db, "240917", t + 10, &wait) == ADMIN_WAIT && wait == 20); /* even the right PIN waits */
  CHECK(admin_failures(db) == 5); /* a refused try is not counted */
  CHECK(admin_wait_left(db, t + 10) == 20);
  CHECK(admin_check_pin(db, "000000", t + 30, &wait) == ADMIN_WRONG && wait == 60); /* doubles */
  CHECK(admin_check_pin(db, "000000", t + 90, &wait) == ADMIN_WRONG && wait == 120);
  for (int i = 0; i < 10; i++) admin_check_pin(db, "000000", t + 100000 * (i + 1), &wait);
  CHECK(wait == 3600); /* capped at an hour */
  CHECK(admin_check_pin(db, "240917", t + 100000 * 11 + 3600, &wait) == ADMIN_OK);
  CHECK(admin_failures(db) == 0); /* the right PIN clears it */
  CHECK(admin_check_pin(db, "000000", t + 100000 * 12, &wait) == ADMIN_WRONG && wait == 0);
  db_close(db);
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {
    {"set_and_check", set_and_check},
    {"lockout_grows_and_survives_restart", lockout_grows_and_survives_restart},
  };
  return test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
