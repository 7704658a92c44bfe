/* Rating rules (积分 and 星级), and a member's year record against them. */
#include "checkin.h"
#include "check.h"
#include "record.h"
#include "util.h"
#include "volunteer.h"
#include <stdlib.h>
#include <string.h>

static void rules(void) {
  RatingRules r;
  rating_defaults(&r);
  CHECK(rating_points(&r, 3, 1, 1, 5) == 3 * 2 + 1 * 1 + 0 + 2); /* 2.5 approved hours count 2 */
  CHECK(rating_stars(&r, 0) == 0 && rating_stars(&r, 4) == 0 && rating_stars(&r, 5) == 1);
  CHECK(rating_stars(&r, 79) == 4 && rating_stars(&r, 80) == 5 && rating_stars(&r, 100000) == 5);
  CHECK(rating_set(&r, "attend", "3") == 0 && r.attend == 3);
  CHECK(rating_set(&r, "attend", "-1") == KR_BAD_INPUT && r.attend == 3);
  CHECK(rating_set(&r, "attend", "x") == KR_BAD_INPUT);
  CHECK(rating_set(&r, "colour", "1") == KR_BAD_INPUT);
  CHECK(rating_set(&r, "stars", "5,10,20,40,80") == 0 && r.aStar[4] == 80);
  CHECK(rating_set(&r, "stars", "5,10,10,40,80") == KR_BAD_INPUT && r.aStar[2] == 20); /* must rise */
  CHECK(rating_set(&r, "stars", "5,10,20,40") == KR_BAD_INPUT);                         /* five of them */
  CHECK(rating_set(&r, "stars", "5,10,20,40,80,90") == KR_BAD_INPUT);
  /* a package's spec: all or nothing */
  RatingRules t = r;
  CHECK(rating_parse(&t, "attend=4; late=2 ;stars=1,2,3,4,5") == 0 && t.attend == 4 && t.late == 2 && t.aStar[0] == 1);
  t = r;
  CHECK(rating_parse(&t, "attend=4;late=oops") == KR_BAD_INPUT && t.attend == r.attend);
  CHECK(rating_parse(&t, "") == KR_BAD_INPUT);
  char z[256];
  rating_format(&t, z, sizeof z);
  RatingRules u;
  rating_defaults(&u);
  CHECK(rating_parse(&u, z) == 0 && !memcmp(&u, &t, sizeof u));
}

static void stored_rules(void) {
  Db *db = test_db();
  REQUIRE(db);
  RatingRules cfg, got;
  rating_defaults(&cfg);
  rating_rules(db, &cfg, &got);
  CHECK(!memcmp(&got, &cfg, sizeof got));
  CHECK(rating_store(db, "attend=5;per_hour=2") == 0);
  rating_rules(db, &cfg, &got);
  CHECK(got.attend == 5 && got.perHour == 2 && got.late == 1);
  CHECK(rating_store(db, "attend=500") == KR_BAD_INPUT);
  db_close(db);
}

static void member_record(void) {
  Activity act;
  Db *db = test_demo_today(&act); /* today's 主题党日 08:30-11:30 */
  REQUIRE(db);
  char err[256], today[11];
  util_local_date(util_now(), today);
  /* two earlier meetings today: LM0001 comes late to one, is on leave for the other */
  Activity a = {0}, a1, a2;
  util_strlcpy(a.kind, "党小组会", sizeof a.kind);
  util_strlcpy(a.title, "党小组学习", sizeof a.title);
  util_strlcpy(a.day, today, sizeof a.day);
  util_strlcpy(a.startHm, "07:00", sizeof a.startHm);
  util_strlcpy(a.endHm, "07:30", sizeof a.endHm);
  REQUIRE(activity_add(db, &a, &a1, err, sizeof err) == 0);
  util_strlcpy(a.title, "支部党员大会", sizeof a.title);
  util_strlcpy(a.startHm, "07:40", sizeof a.startHm);
  util_strlcpy(a.endHm, "07:50", sizeof a.endHm);
  REQUIRE(activity_add(db, &a, &a2, err, sizeof err) == 0);
  RatingRules rules;
  rating_defaults(&rules);
  MemberRecord m0, m;
  util_set_clock(test_today_at(6, 0)); /* before today's: what the demo's earlier months hold */
  REQUIRE(record_member(db, "LM0001", &rules, util_now(), &m0) == 0);
  CheckinRecord r;
  util_set_clock(test_today_at(7, 10));
  REQUIRE(checkin_record(db, a1.id, "LM0001", CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err) == 0);
  CHECK(r.status == CHECKIN_LATE);
  REQUIRE(checkin_leave(db, a2.id, "LM0001", "外出务工", "secretary", &r, err, sizeof err) == 0);
  util_set_clock(test_today_at(8, 25));
  REQUIRE(checkin_record(db, act.id, "LM0001", CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err) == 0);
  CHECK(r.status == CHECKIN_PRESENT);
  VolEntry e;
  REQUIRE(vol_log(db, "LM0001", "环境整治", today, 6, "kiosk", &e, err, sizeof err) == 0);
  REQUIRE(vol_review(db, e.id, VOL_APPROVED, NULL, "s", err, sizeof err) == 0);
  REQUIRE(vol_log(db, "LM0001", "环境整治", today, 3, "kiosk", NULL, err, sizeof err) == 0);
  util_set_clock(test_today_at(9, 0));
  REQUIRE(record_member(db, "LM0001", &rules, util_now(), &m) == 0);
  CHECK(m.held == m0.held + 3 && m.attended == m0.attended + 2 && m.late == m0.late + 1 && m.leave == m0.leave + 1);
  CHECK(m.ratePct == (m.attended * 100 + m.held / 2) / m.held);
  CHECK(m.approvedHalf == m0.approvedHalf + 6 && m.pendingHalf == m0.pendingHalf + 3);
  CHECK(m.points == rating_points(&rules, m.attended - m.late, m.late, m.leave, m.approvedHalf));
  CHECK(m.points - m0.points == 1 * 2 + 1 * 1 + 0 + 3);
  CHECK(m.year == atoi(today));
  rules.aStar[0] = m.points; /* exactly at a threshold is a star */
  rules.aStar[1] = m.points + 1;
  REQUIRE(record_member(db, "LM0001", &rules, util_now(), &m) == 0);
  CHECK(m.stars == 1);
  /* a reversed check-in no longer counts */
  REQUIRE(checkin_reverse(db, r.uuid, "secretary", err, sizeof err) == 0);
  REQUIRE(record_member(db, "LM0001", &rules, util_now(), &m) == 0);
  CHECK(m.attended == m0.attended + 1);
  /* an activity that has not begun is not yet held, unless the member is already there */
  util_set_clock(test_today_at(7, 35));
  REQUIRE(record_member(db, "LM0001", &rules, util_now(), &m) == 0);
  CHECK(m.held == m0.held + 1);
  util_set_clock(test_today_at(8, 0)); /* 主题党日 at 08:30: check-in is open, the meeting has not begun */
  REQUIRE(record_member(db, "LM0002", &rules, util_now(), &m0) == 0);
  REQUIRE(checkin_record(db, act.id, "LM0002", CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err) == 0);
  REQUIRE(record_member(db, "LM0002", &rules, util_now(), &m) == 0);
  CHECK(m.held == m0.held + 1 && m.attended == m0.attended + 1);
  db_close(db);
  util_set_clock(-1);
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {{"rules", rules}, {"stored_rules", stored_rules}, {"member_record", member_record}};
  return test_main(argc, argv, aCase, 3);
}
