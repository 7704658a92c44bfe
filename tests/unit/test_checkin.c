/* Check-in: once per member and activity (a second tap returns the first
 * record and writes nothing), only to today's activity, late after the
 * start, corrections as reversal records, and attendance counts. */
#include "activity.h"
#include "check.h"
#include "checkin.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

static char gPath[600];

/* Check-in rows written by the tests (the demo village's past, operator "demo", left out). */
static int64_t rows(const char *zWhere) {
  char sql[512];
  snprintf(sql, sizeof sql, "SELECT count(*) FROM checkin WHERE operator <> 'demo' AND (%s)", zWhere);
  return test_sql_int(gPath, sql);
}

static Db *setup(Activity *act) {
  test_path("kiosk.db", gPath, sizeof gPath);
  Db *db = test_demo_today(act);
  util_set_clock(test_today_at(8, 10));
  return db;
}

static void second_tap_is_kind(void) {
  Activity act;
  Db *db = setup(&act);
  REQUIRE(db);
  CHECK(strstr(act.title, "主题党日") != NULL);
  CheckinRecord a, b;
  char err[256];
  REQUIRE(checkin_record(db, act.id, "LM0031", CHECKIN_METHOD_TAP, NULL, &a, err, sizeof err) == 0);
  CHECK(a.outcome == CHECKIN_NEW);
  CHECK(a.status == CHECKIN_PRESENT && !strcmp(a.method, "tap"));
  CHECK(!strcmp(a.member.name, "张中立"));
  CHECK(a.at == test_today_at(8, 10));
  int64_t seq = db_last_seq(db);
  util_set_clock(test_today_at(9, 32));
  REQUIRE(checkin_record(db, act.id, "LM0031", CHECKIN_METHOD_TAP, NULL, &b, err, sizeof err) == 0);
  CHECK(b.outcome == CHECKIN_ALREADY);
  CHECK(!strcmp(a.uuid, b.uuid) && a.seq == b.seq && b.at == a.at); /* the first record, its time */
  CHECK(b.status == CHECKIN_PRESENT);
  CHECK(db_last_seq(db) == seq); /* no seq spent, nothing written */
  CHECK(rows("member_no = 'LM0031'") == 1);
  db_close(db);
}

static void refusals_write_nothing(void) {
  Activity act;
  Db *db = setup(&act);
  REQUIRE(db);
  CheckinRecord r;
  char err[256];
  int64_t seq = db_last_seq(db);
  CHECK(checkin_record(db, act.id, "NOBODY", CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err) == KR_NOT_FOUND);
  CHECK(strstr(err, "NOBODY") != NULL);
  CHECK(checkin_record(db, 99999, "LM0031", CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err) == KR_NOT_FOUND);
  /* an activity on another day */
  Activity in = {0}, tomorrow;
  util_strlcpy(in.kind, "党课", sizeof in.kind);
  util_strlcpy(in.title, "明天的党课", sizeof in.title);
  util_date_add(act.day, 1, in.day);
  util_strlcpy(in.startHm, "09:00", sizeof in.startHm);
  util_strlcpy(in.endHm, "10:00", sizeof in.endHm);
  REQUIRE(activity_add(db, &in, &tomorrow, err, sizeof err) == 0);
  seq = db_last_seq(db);
  /* bad times and kinds are bad input, and store nothing */
  static const struct { const char *kind, *start, *end; } aBad[] = {
    {"党课", "10:00", "09:00"}, {"党课", "09:00", "09:00"}, {"党课", "25:00", "26:00"}, {"党课", "9:00", "10:00"},
    {"党课", "", "10:00"}, {"赶集", "09:00", "10:00"}, {"", "09:00", "10:00"}};
  for (size_t i = 0; i < sizeof aBad / sizeof aBad[0]; i++) {
    Activity b = in;
    util_strlcpy(b.kind, aBad[i].kind, sizeof b.kind);
    util_strlcpy(b.startHm, aBad[i].start, sizeof b.startHm);
    util_strlcpy(b.endHm, aBad[i].end, sizeof b.endHm);
    CHECK(activity_add(db, &b, NULL, err, sizeof err) == KR_BAD_INPUT);
  }
  CHECK(db_last_seq(db) == seq);
  CHECK(checkin_record(db, tomorrow.id, "LM0031", CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err) == KR_REFUSED);
  CHECK(strstr(err, "not today") != NULL);
  CHECK(rows("1") == 0);
  CHECK(db_last_seq(db) == seq);
  db_close(db);
}

static void late_after_start(void) {
  Activity act;
  Db *db = setup(&act);
  REQUIRE(db);
  CheckinRecord r;
  char err[256];
  util_set_clock(test_today_at(8, 30)); /* at the start: on time */
  REQUIRE(checkin_record(db, act.id, "LM0001", CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err) == 0);
  CHECK(r.status == CHECKIN_PRESENT);
  util_set_clock(test_today_at(8, 31));
  REQUIRE(checkin_record(db, act.id, "LM0002", CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err) == 0);
  CHECK(r.status == CHECKIN_LATE);
  CHECK(rows("member_no = 'LM0002' AND status = 'late'") == 1);
  db_close(db);
}

static void reversal_is_a_record(void) {
  Activity act;
  Db *db = setup(&act);
  REQUIRE(db);
  CheckinRecord a, b;
  char err[256];
  REQUIRE(checkin_record(db, act.id, "LM0012", CHECKIN_METHOD_TAP, NULL, &a, err, sizeof err) == 0);
  REQUIRE(checkin_reverse(db, a.uuid, "secretary", err, sizeof err) == 0);
  char where[160];
  snprintf(where, sizeof where, "kind = 'reversal' AND reverses_uuid = '%s' AND operator = 'secretary'", a.uuid);
  CHECK(rows(where) == 1);
  snprintf(where, sizeof where, "uuid = '%s' AND kind = 'checkin'", a.uuid);
  CHECK(rows(where) == 1); /* the original stays */
  CHECK(checkin_reverse(db, a.uuid, "secretary", err, sizeof err) == KR_REFUSED);
  CHECK(strstr(err, "already") != NULL);
  CHECK(checkin_reverse(db, "no-such-uuid", "secretary", err, sizeof err) == KR_NOT_FOUND);
  /* after the correction the member can check in again, as a new record */
  REQUIRE(checkin_record(db, act.id, "LM0012", CHECKIN_METHOD_TAP, NULL, &b, err, sizeof err) == 0);
  CHECK(b.outcome == CHECKIN_NEW && strcmp(a.uuid, b.uuid));
  CHECK(rows("member_no = 'LM0012'") == 3);
  db_close(db);
}

static void leave_with_reason(void) {
  Activity act;
  Db *db = setup(&act);
  REQUIRE(db);
  CheckinRecord r, again;
  char err[256];
  CHECK(checkin_leave(db, act.id, "LM0005", "", "admin", &r, err, sizeof err) == KR_BAD_INPUT); /* a reason is needed */
  CHECK(checkin_leave(db, act.id, "LM0005", "\xff\xfe", "admin", &r, err, sizeof err) == KR_BAD_INPUT); /* not UTF-8 */
  CHECK(checkin_leave(db, act.id, "NOBODY", "生病", "admin", &r, err, sizeof err) == KR_NOT_FOUND);
  REQUIRE(checkin_leave(db, act.id, "LM0005", "生病", "admin", &r, err, sizeof err) == 0);
  CHECK(r.outcome == CHECKIN_NEW && r.status == CHECKIN_LEAVE && !strcmp(r.reason, "生病"));
  CHECK(rows("member_no = 'LM0005' AND status = 'leave' AND method = 'proxy' AND reason = '生病' AND operator = 'admin'") == 1);
  REQUIRE(checkin_leave(db, act.id, "LM0005", "生病", "admin", &again, err, sizeof err) == 0);
  CHECK(again.outcome == CHECKIN_ALREADY && !strcmp(again.uuid, r.uuid));
  AttendanceRow *a;
  int n;
  AttendanceCounts c;
  REQUIRE(checkin_attendance(db, act.id, &a, &n, &c) == 0);
  CHECK(c.leave == 1 && c.absent == n - 1);
  free(a);
  /* on leave, but came after all: a check-in, and the leave reversed */
  util_set_clock(test_today_at(8, 50));
  REQUIRE(checkin_record(db, act.id, "LM0005", CHECKIN_METHOD_TAP, NULL, &again, err, sizeof err) == 0);
  CHECK(again.outcome == CHECKIN_NEW && again.status == CHECKIN_LATE);
  char where[200];
  snprintf(where, sizeof where, "kind = 'reversal' AND reverses_uuid = '%s'", r.uuid);
  CHECK(rows(where) == 1);
  REQUIRE(checkin_attendance(db, act.id, &a, &n, &c) == 0);
  CHECK(c.leave == 0 && c.late == 1);
  free(a);
  /* someone who has checked in cannot be put on leave */
  CHECK(checkin_leave(db, act.id, "LM0005", "生病", "admin", &r, err, sizeof err) == KR_REFUSED);
  CHECK(strstr(err, "already checked in") != NULL);
  db_close(db);
}

static void attendance_counts(void) {
  Activity act;
  Db *db = setup(&act);
  REQUIRE(db);
  CheckinRecord r;
  char err[256];
  REQUIRE(checkin_record(db, act.id, "LM0001", CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err) == 0);
  util_set_clock(test_today_at(9, 0));
  REQUIRE(checkin_record(db, act.id, "LM0002", CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err) == 0);
  REQUIRE(checkin_record(db, act.id, "LM0003", CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err) == 0);
  REQUIRE(checkin_reverse(db, r.uuid, "secretary", err, sizeof err) == 0);
  AttendanceRow *a;
  int n;
  AttendanceCounts c;
  REQUIRE(checkin_attendance(db, act.id, &a, &n, &c) == 0);
  CHECK(n == db_member_count(db) && c.expected == n);
  CHECK(c.present == 1 && c.late == 1 && c.absent == n - 2);
  for (int i = 0; i < n; i++) {
    if (!strcmp(a[i].member.memberNo, "LM0001")) CHECK(a[i].status == CHECKIN_PRESENT);
    if (!strcmp(a[i].member.memberNo, "LM0002")) CHECK(a[i].status == CHECKIN_LATE && a[i].at);
    if (!strcmp(a[i].member.memberNo, "LM0003")) CHECK(a[i].status == CHECKIN_ABSENT && !a[i].at);
  }
  free(a);
  db_close(db);
}

static void window_opens_and_closes(void) {
  Activity act;
  Db *db = setup(&act); /* 08:30-11:30 */
  REQUIRE(db);
  CheckinRecord r;
  char err[256];
  util_set_clock(test_today_at(7, 29));
  CHECK(checkin_record(db, act.id, "LM0001", CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err) == KR_REFUSED);
  CHECK(strstr(err, "opens at 07:30") != NULL);
  CHECK(checkin_window(db, &act, util_now(), NULL) == CHECKIN_NOT_YET); /* which side, for the screen */
  util_set_clock(test_today_at(11, 31));
  CHECK(checkin_record(db, act.id, "LM0001", CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err) == KR_REFUSED);
  CHECK(strstr(err, "closed at") != NULL && checkin_window(db, &act, util_now(), NULL) == CHECKIN_CLOSED);
  CHECK(rows("1") == 0);
  util_set_clock(test_today_at(7, 30));
  CHECK(checkin_record(db, act.id, "LM0001", CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err) == 0);
  CHECK(r.status == CHECKIN_PRESENT);
  /* a narrower window from kiosk.conf */
  checkin_set_window(db, 30, 15);
  char opens[6];
  CHECK(checkin_window(db, &act, test_today_at(7, 59), opens) == CHECKIN_NOT_YET && !strcmp(opens, "08:00"));
  CHECK(checkin_window(db, &act, test_today_at(11, 45), NULL) == CHECKIN_OPEN);
  CHECK(checkin_window(db, &act, test_today_at(11, 46), NULL) == CHECKIN_CLOSED);
  CHECK(checkin_window(db, &act, test_today_at(9, 0) + 86400, NULL) == CHECKIN_CLOSED);
  CHECK(checkin_window(db, &act, test_today_at(9, 0) - 86400, NULL) == CHECKIN_NOT_YET);
  /* two at once: both open, by start time */
  Activity in = {0}, second, *open;
  int n;
  util_strlcpy(in.kind, "党小组会", sizeof in.kind);
  util_strlcpy(in.title, "第一组党小组会", sizeof in.title);
  util_strlcpy(in.day, act.day, sizeof in.day);
  util_strlcpy(in.startHm, "08:00", sizeof in.startHm);
  util_strlcpy(in.endHm, "09:00", sizeof in.endHm);
  REQUIRE(activity_add(db, &in, &second, err, sizeof err) == 0);
  util_set_clock(test_today_at(8, 10));
  REQUIRE(checkin_open_activities(db, &open, &n) == 0);
  CHECK(n == 2 && open[0].id == second.id && open[1].id == act.id);
  free(open);
  util_set_clock(test_today_at(10, 0));
  REQUIRE(checkin_open_activities(db, &open, &n) == 0);
  CHECK(n == 1 && open[0].id == act.id);
  free(open);
  Activity pick;
  util_set_clock(test_today_at(7, 50));
  CHECK(checkin_default_activity(db, &pick) == KR_REFUSED); /* two today, neither under way: the caller chooses */
  util_set_clock(test_today_at(8, 45));
  CHECK(checkin_default_activity(db, &pick) == KR_OK && pick.id == second.id);
  db_close(db);
}

static void activity_corrected_after_checkins(void) {
  Activity act;
  Db *db = setup(&act);
  REQUIRE(db);
  CheckinRecord r;
  char err[256];
  REQUIRE(checkin_record(db, act.id, "LM0031", CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err) == 0);
  Activity fix = act, out;
  util_strlcpy(fix.endHm, "12:00", sizeof fix.endHm);
  util_strlcpy(fix.title, "本月主题党日（改）", sizeof fix.title);
  REQUIRE(activity_update(db, &fix, &out, err, sizeof err) == 0);
  CHECK(!strcmp(out.uuid, act.uuid)); /* the same activity */
  Activity now;
  REQUIRE(activity_get(db, act.id, &now) == 0);
  CHECK(!strcmp(now.endHm, "12:00") && !strcmp(now.title, "本月主题党日（改）"));
  CHECK(test_sql_int(gPath, "SELECT count(*) FROM activity_history WHERE end_hm = '11:30'") == 1);
  CheckinRecord again;
  REQUIRE(checkin_record(db, act.id, "LM0031", CHECKIN_METHOD_TAP, NULL, &again, err, sizeof err) == 0);
  CHECK(again.outcome == CHECKIN_ALREADY && !strcmp(again.uuid, r.uuid)); /* the check-in still counts */
  fix.endHm[0] = 0;
  CHECK(activity_update(db, &fix, &out, err, sizeof err) == KR_BAD_INPUT); /* bad input changes nothing */
  REQUIRE(activity_get(db, act.id, &now) == 0);
  CHECK(!strcmp(now.endHm, "12:00"));
  /* the township's own activities are the township's to change */
  Activity in = act, t;
  in.uuid[0] = 0;
  util_strlcpy(in.source, "township", sizeof in.source);
  REQUIRE(activity_add(db, &in, &t, err, sizeof err) == 0);
  CHECK(activity_update(db, &t, NULL, err, sizeof err) == KR_REFUSED && strstr(err, "township"));
  Activity ghost = t;
  ghost.id = 99999;
  CHECK(activity_update(db, &ghost, NULL, err, sizeof err) == KR_NOT_FOUND && activity_get(db, 99999, &now) == KR_NOT_FOUND);
  db_close(db);
}

static void demo_village_shape(void) {
  Activity act;
  Db *db = setup(&act);
  REQUIRE(db);
  Member *m;
  int n;
  REQUIRE(roster_list(db, &m, &n) == 0);
  CHECK(n >= 100 && n <= 140);
  int dupes = 0, dot = 0, astral = 0;
  char groups[8][64];
  int nGroup = 0;
  for (int i = 0; i < n; i++) {
    for (int j = i + 1; j < n; j++) dupes += !strcmp(m[i].name, m[j].name);
    dot += strstr(m[i].name, "·") != NULL;
    for (const unsigned char *p = (const unsigned char *)m[i].name; *p; p++) astral += *p >= 0xF0;
    int have = 0;
    for (int g = 0; g < nGroup; g++) have |= !strcmp(groups[g], m[i].group);
    if (!have && nGroup < 8) util_strlcpy(groups[nGroup++], m[i].group, 64);
  }
  CHECK(dupes == 1);
  CHECK(dot >= 1);
  CHECK(astral >= 1);
  CHECK(nGroup >= 3 && nGroup <= 4);
  free(m);
  /* loading again on the same day changes nothing */
  int64_t seq = db_last_seq(db);
  db_close(db);
  db = test_demo_db();
  REQUIRE(db);
  CHECK(db_last_seq(db) == seq);
  db_close(db);
}

/* The statuses and the database's text for them, both ways; anything else
 * (case, spaces, NUL-cut, empty, NULL, a value out of range) is refused. */
static void status_text(void) {
  static const struct { CheckinStatus s; const char *z; } aOk[] = {
    {CHECKIN_ABSENT, "absent"}, {CHECKIN_PRESENT, "present"}, {CHECKIN_LATE, "late"}, {CHECKIN_LEAVE, "leave"}};
  for (size_t i = 0; i < sizeof aOk / sizeof aOk[0]; i++) {
    CheckinStatus s = CHECKIN_STATUS_COUNT;
    CHECK(checkin_status_text(aOk[i].s) && !strcmp(checkin_status_text(aOk[i].s), aOk[i].z));
    CHECK(checkin_status_parse(aOk[i].z, &s) == 0 && s == aOk[i].s);
  }
  static const char *const azBad[] = {"", "Present", "LATE", " leave", "leave ", "lat", "lates", "-late", "迟到",
                                      "present\n", "checkin"};
  for (size_t i = 0; i < sizeof azBad / sizeof azBad[0]; i++) {
    CheckinStatus s = CHECKIN_LATE;
    CHECK(checkin_status_parse(azBad[i], &s) == KR_BAD_INPUT && s == CHECKIN_LATE);
  }
  CheckinStatus s = CHECKIN_LATE;
  CHECK(checkin_status_parse(NULL, &s) == KR_BAD_INPUT && s == CHECKIN_LATE);
  CHECK(checkin_status_text(CHECKIN_STATUS_COUNT) == NULL && checkin_status_text((CheckinStatus)-1) == NULL);
  /* the three stored ones are exactly what the schema's CHECK allows */
  Db *db = test_demo_db();
  REQUIRE(db);
  char path[600];
  test_path("kiosk.db", path, sizeof path);
  db_close(db);
  CHECK(test_sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'checkin'"
                           " AND sql LIKE '%status IN (''present'',''late'',''leave'')%'") == 1);
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {
    {"second_tap_is_kind", second_tap_is_kind},
    {"refusals_write_nothing", refusals_write_nothing},
    {"late_after_start", late_after_start},
    {"reversal_is_a_record", reversal_is_a_record},
    {"leave_with_reason", leave_with_reason},
    {"attendance_counts", attendance_counts},
    {"window_opens_and_closes", window_opens_and_closes},
    {"activity_corrected_after_checkins", activity_corrected_after_checkins},
    {"demo_village_shape", demo_village_shape},
    {"status_text", status_text},
  };
  return test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
