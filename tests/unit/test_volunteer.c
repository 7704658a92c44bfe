/* Volunteer hours: the rules (bounds, steps, rounding, auto-close), logging,
 * shifts, the secretary's review, totals and the honour board. */
#include "check.h"
#include "roster.h"
#include "util.h"
#include "volunteer.h"
#include <stdlib.h>
#include <string.h>

/* A database with four members and nothing else (the demo village has
 * volunteer hours of its own). */
static Db *vol_db(void) {
  Db *db = test_db();
  if (!db) return NULL;
  const char *csv = "党员编号,姓名,村民小组\nLM0001,陈宏伟,第一组\nLM0002,吴卫东,第一组\nLM0003,李红旗,第一组\n"
                    "LM0004,刘淑芬,第一组\n";
  RosterImportStats st;
  char err[256];
  if (roster_import_bytes(db, csv, strlen(csv), "鲁庙村党支部", &st, err, sizeof err)) {
    fprintf(stderr, "%s\n", err);
    db_close(db);
    return NULL;
  }
  return db;
}

static void rules(void) {
  CHECK(!vol_half_valid(0) && vol_half_valid(1) && vol_half_valid(24) && !vol_half_valid(25) && !vol_half_valid(-2));
  CHECK(vol_half_step(1, -1) == 1);   /* never below 0.5 h */
  CHECK(vol_half_step(24, 1) == 24);  /* never above 12 h */
  CHECK(vol_half_step(4, 1) == 5 && vol_half_step(4, -1) == 3);
  char t[8];
  vol_half_text(5, t);
  CHECK(!strcmp(t, "2.5"));
  vol_half_text(6, t);
  CHECK(!strcmp(t, "3"));
  /* a shift rounds to the nearest half hour; a quarter hour rounds up */
  CHECK(vol_shift_half(0, 14 * 60 + 59, 8) == 0);
  CHECK(vol_shift_half(0, 15 * 60, 8) == 1);
  CHECK(vol_shift_half(0, 44 * 60, 8) == 1);
  CHECK(vol_shift_half(0, 45 * 60, 8) == 2);
  CHECK(vol_shift_half(0, 2 * 3600 + 10 * 60, 8) == 4);
  CHECK(vol_shift_half(0, 2 * 3600 + 20 * 60, 8) == 5);
  CHECK(vol_shift_half(0, 20 * 3600, 8) == 16);  /* capped at the maximum */
  CHECK(vol_shift_half(0, 20 * 3600, 20) == 24); /* and never over 12 h */
  CHECK(vol_shift_half(100, 50, 8) == 0);        /* a clock set back counts nothing */
}

static void categories(void) {
  VolCategories c;
  CHECK(vol_categories_parse("环境整治, 关爱帮扶 ,其他", &c) == 0 && c.n == 3 && !strcmp(c.a[1], "关爱帮扶"));
  CHECK(vol_categories_parse("", &c) == KR_BAD_INPUT);
  CHECK(vol_categories_parse("甲,,乙", &c) == KR_BAD_INPUT);  /* a blank name */
  CHECK(vol_categories_parse("甲,乙,甲", &c) == KR_BAD_INPUT); /* a repeat */
  Db *db = test_db();
  REQUIRE(db);
  CHECK(vol_categories(db, "甲,乙", &c) == 0 && c.n == 2); /* the config's, until a package says otherwise */
  CHECK(vol_categories_store(db, "丙,丁,戊") == 0);
  CHECK(vol_categories(db, "甲,乙", &c) == 0 && c.n == 3 && !strcmp(c.a[0], "丙"));
  CHECK(vol_categories_store(db, ",") == KR_BAD_INPUT);
  db_close(db);
}

static void log_and_review(void) {
  util_set_clock(test_today_at(10, 0));
  Db *db = vol_db();
  REQUIRE(db);
  char path[600], err[256], today[11], yesterday[11], old[11], tomorrow[11];
  test_path("kiosk.db", path, sizeof path);
  util_local_date(util_now(), today);
  util_date_add(today, -1, yesterday);
  util_date_add(today, -3, old);
  util_date_add(today, 1, tomorrow);
  VolEntry e;
  REQUIRE(vol_log(db, "LM0001", "环境整治", today, 5, "kiosk", &e, err, sizeof err) == 0);
  CHECK(e.half == 5 && e.status == VOL_PENDING && !strcmp(e.name, "陈宏伟") && strlen(e.uuid) == 36);
  CHECK(vol_log(db, "LM0001", "关爱帮扶", yesterday, 24, "kiosk", NULL, err, sizeof err) == 0);
  /* refused, and nothing written */
  int64_t before = test_sql_int(path, "SELECT count(*) FROM vol_entry");
  CHECK(vol_log(db, "LM0001", "环境整治", today, 0, "kiosk", NULL, err, sizeof err) == KR_BAD_INPUT);
  CHECK(vol_log(db, "LM0001", "环境整治", today, 25, "kiosk", NULL, err, sizeof err) == KR_BAD_INPUT);
  CHECK(vol_log(db, "LM0001", "环境整治", old, 2, "kiosk", NULL, err, sizeof err) == KR_BAD_INPUT && strstr(err, "day"));
  CHECK(vol_log(db, "LM0001", "环境整治", tomorrow, 2, "kiosk", NULL, err, sizeof err) == KR_BAD_INPUT);
  CHECK(vol_log(db, "NOBODY", "环境整治", today, 2, "kiosk", NULL, err, sizeof err) == KR_NOT_FOUND);
  CHECK(vol_log(db, "LM0001", "", today, 2, "kiosk", NULL, err, sizeof err) == KR_BAD_INPUT);
  CHECK(test_sql_int(path, "SELECT count(*) FROM vol_entry") == before);
  /* pending until reviewed; a rejection needs a reason */
  VolEntry *a;
  int n;
  REQUIRE(vol_entries(db, NULL, 1, &a, &n) == 0);
  CHECK(n == 2);
  free(a);
  CHECK(vol_review(db, e.id, VOL_REJECTED, "", "secretary", err, sizeof err) == KR_BAD_INPUT);
  CHECK(vol_review(db, 99999, VOL_APPROVED, NULL, "secretary", err, sizeof err) == KR_NOT_FOUND);
  CHECK(vol_review(db, e.id, VOL_APPROVED, NULL, "secretary", err, sizeof err) == 0);
  int ap, pe;
  CHECK(vol_member_totals(db, "LM0001", old, today, &ap, &pe) == 0 && ap == 5 && pe == 24);
  /* a later decision supersedes, and both stay on record */
  CHECK(vol_review(db, e.id, VOL_REJECTED, "时长有误", "secretary", err, sizeof err) == 0);
  CHECK(vol_member_totals(db, "LM0001", old, today, &ap, &pe) == 0 && ap == 0 && pe == 24);
  CHECK(test_sql_int(path, "SELECT count(*) FROM vol_review") == 2);
  REQUIRE(vol_entries(db, "LM0001", 0, &a, &n) == 0);
  CHECK(n == 2 && a[0].status == VOL_REJECTED && !strcmp(a[0].reason, "时长有误"));
  free(a);
  /* history is never changed */
  CHECK(test_sql_int(path, "SELECT count(*) FROM vol_entry WHERE kiosk_id = 'test-kiosk' AND seq > 0") == 2);
  db_close(db);
  util_set_clock(-1);
}

static void shifts(void) {
  util_set_clock(test_today_at(8, 0));
  Db *db = vol_db();
  REQUIRE(db);
  char path[600], err[256];
  test_path("kiosk.db", path, sizeof path);
  VolShift sh;
  CHECK(vol_open_shift(db, "LM0002", &sh) == KR_NOT_FOUND);
  REQUIRE(vol_shift_start(db, "LM0002", "治安巡逻", &sh, err, sizeof err) == 0);
  CHECK(vol_shift_start(db, "LM0002", "治安巡逻", NULL, err, sizeof err) == KR_REFUSED); /* one at a time */
  CHECK(vol_open_shift(db, "LM0002", &sh) == KR_OK && !strcmp(sh.category, "治安巡逻"));
  util_set_clock(test_today_at(10, 20)); /* 2 h 20 min: 2.5 h */
  int half;
  VolEntry e;
  REQUIRE(vol_shift_end(db, "LM0002", 8, &half, &e, err, sizeof err) == 0);
  CHECK(half == 5 && e.half == 5 && !strcmp(e.method, "shift") && e.status == VOL_PENDING && !e.flag[0]);
  CHECK(vol_shift_end(db, "LM0002", 8, &half, NULL, err, sizeof err) == KR_NOT_FOUND); /* nothing open */
  /* under a quarter hour: the shift closes, no entry */
  REQUIRE(vol_shift_start(db, "LM0002", "治安巡逻", NULL, err, sizeof err) == 0);
  util_set_clock(test_today_at(10, 30));
  REQUIRE(vol_shift_end(db, "LM0002", 8, &half, &e, err, sizeof err) == 0);
  CHECK(half == 0 && e.uuid[0] == 0);
  CHECK(test_sql_int(path, "SELECT count(*) FROM vol_entry") == 1);
  /* a forgotten sign-out: closed at start + max, counted as max, flagged */
  REQUIRE(vol_shift_start(db, "LM0003", "环境整治", NULL, err, sizeof err) == 0);
  util_set_clock(test_today_at(18, 29));
  int closed = -1;
  CHECK(vol_autoclose(db, util_now(), 8, &closed) == KR_OK && closed == 0); /* 7 h 59 min: still open */
  util_set_clock(test_today_at(18, 31));
  CHECK(vol_autoclose(db, util_now(), 8, &closed) == KR_OK && closed == 1);
  CHECK(vol_autoclose(db, util_now(), 8, &closed) == KR_OK && closed == 0); /* once only */
  CHECK(vol_open_shift(db, "LM0003", &sh) == KR_NOT_FOUND);
  CHECK(test_sql_int(path, "SELECT half_hours FROM vol_entry WHERE member_no = 'LM0003'") == 16);
  CHECK(test_sql_int(path, "SELECT count(*) FROM vol_entry WHERE member_no = 'LM0003' AND flag = 'auto_closed'") == 1);
  CHECK(test_sql_int(path, "SELECT at - (SELECT at FROM vol_shift WHERE kind = 'start' AND member_no = 'LM0003')"
                           " FROM vol_shift WHERE kind = 'end' AND member_no = 'LM0003'") == 8 * 3600);
  /* signing out late, after the maximum, counts the maximum and is flagged */
  util_set_clock(test_today_at(8, 0));
  REQUIRE(vol_shift_start(db, "LM0004", "环境整治", NULL, err, sizeof err) == 0);
  util_set_clock(test_today_at(17, 0));
  REQUIRE(vol_shift_end(db, "LM0004", 8, &half, &e, err, sizeof err) == 0);
  CHECK(half == 16 && !strcmp(e.flag, "auto_closed"));
  db_close(db);
  util_set_clock(-1);
}

static void honour_board(void) {
  util_set_clock(test_today_at(10, 0));
  Db *db = vol_db();
  REQUIRE(db);
  char err[256], today[11], month[8];
  util_local_date(util_now(), today);
  snprintf(month, sizeof month, "%.7s", today);
  const struct { const char *no; int half; int approve; } a[] = {
    {"LM0001", 4, 1}, {"LM0002", 10, 1}, {"LM0003", 20, 0}, {"LM0004", 6, 1},
  };
  for (int i = 0; i < 4; i++) {
    VolEntry e;
    REQUIRE(vol_log(db, a[i].no, "环境整治", today, a[i].half, "kiosk", &e, err, sizeof err) == 0);
    if (a[i].approve) REQUIRE(vol_review(db, e.id, VOL_APPROVED, NULL, "s", err, sizeof err) == 0);
  }
  VolHonour h[5];
  int n = -1;
  CHECK(vol_honour_board(db, month, h, 5, &n) == KR_OK);
  CHECK(n == 3); /* pending hours do not count */
  CHECK(n == 3 && !strcmp(h[0].memberNo, "LM0002") && h[0].half == 10 && !strcmp(h[2].memberNo, "LM0001"));
  /* LM0004 opts out through the roster */
  RosterImportStats st;
  const char *csv = "党员编号,姓名,村民小组,光荣榜\nLM0004,刘淑芬,第一组,否\n";
  REQUIRE(roster_import_bytes(db, csv, strlen(csv), "鲁庙村党支部", &st, err, sizeof err) == 0);
  CHECK(vol_honour_board(db, month, h, 5, &n) == KR_OK);
  CHECK(n == 2 && strcmp(h[0].memberNo, "LM0004") && strcmp(h[1].memberNo, "LM0004"));
  const char *bad = "党员编号,姓名,村民小组,光荣榜\nLM0004,刘淑芬,第一组,也许\n";
  CHECK(roster_import_bytes(db, bad, strlen(bad), "x", &st, err, sizeof err) != KR_OK && strstr(err, "line 2"));
  db_close(db);
  util_set_clock(-1);
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {{"rules", rules},
                                   {"categories", categories},
                                   {"log_and_review", log_and_review},
                                   {"shifts", shifts},
                                   {"honour_board", honour_board}};
  return test_main(argc, argv, aCase, 5);
}
