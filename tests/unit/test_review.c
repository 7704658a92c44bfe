/* The township's counting rules (review.c): real kiosk databases made with
 * the core's own functions, exported as bundles and imported by a township,
 * then counted — by hand (hand_counted), against independent slow SQL on a
 * busier township (consistency), and by query plan (plans: no statement the
 * review runs scans a table inside a correlated subquery). */
#include "check.h"
#include "checkin.h"
#include "config.h"
#include "keypair.h"
#include "review.h"
#include "roster.h"
#include "sync.h"
#include "township.h"
#include "util.h"
#include "volunteer.h"
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Local unix time (the tests run in CST-8) of zDay at hh:mm. */
static int64_t at(const char *zDay, int hh, int mm) {
  struct tm tm = {0};
  tm.tm_year = atoi(zDay) - 1900;
  tm.tm_mon = atoi(zDay + 5) - 1;
  tm.tm_mday = atoi(zDay + 8);
  tm.tm_hour = hh;
  tm.tm_min = mm;
  tm.tm_isdst = -1;
  return (int64_t)mktime(&tm);
}

typedef struct {
  Db *db;
  KeyPair kp;
  char id[41];
} Kiosk;

static Township *gTown;

static Township *make_township(void) {
  char dir[700], err[256];
  test_path("town", dir, sizeof dir);
  if (township_init(dir, "刘集镇", err, sizeof err) || township_open(dir, &gTown, err, sizeof err)) {
    fprintf(stderr, "township: %s\n", err);
    return NULL;
  }
  return gTown;
}

/* A kiosk in gDir/<zName>.db enrolled for zVillage and trusting the township. */
static int make_kiosk(Kiosk *k, const char *zName, const char *zVillage, const char *zBranch) {
  char path[800], err[256], file[300];
  int created;
  snprintf(file, sizeof file, "%s.db", zName);
  if (db_open(test_path(file, path, sizeof path), zName, &k->db, err, sizeof err)) goto fail;
  snprintf(file, sizeof file, "%s.key", zName);
  if (keypair_load_or_create(test_path(file, path, sizeof path), &k->kp, &created, err, sizeof err)) goto fail;
  Config cfg;
  config_defaults(&cfg);
  snprintf(file, sizeof file, "%s.pub", zName);
  test_path(file, path, sizeof path);
  if (sync_write_pubkey(k->db, &k->kp, &cfg, path, err, sizeof err) ||
      township_enroll(gTown, path, zVillage, zBranch, k->id, err, sizeof err))
    goto fail;
  snprintf(path, sizeof path, "%s/town/township.pub", gDir);
  if (sync_trust(k->db, path, 0, err, sizeof err)) goto fail;
  return 0;
fail:
  fprintf(stderr, "kiosk %s: %s\n", zName, err);
  return -1;
}

static void close_kiosk(Kiosk *k) {
  db_close(k->db);
  keypair_wipe(&k->kp);
}

/* Imports a roster CSV into the kiosk at time t. */
static int roster(Kiosk *k, int64_t t, const char *zCsv) {
  char err[256];
  RosterImportStats st;
  util_set_clock(t);
  if (roster_import_bytes(k->db, zCsv, strlen(zCsv), "", &st, err, sizeof err)) {
    fprintf(stderr, "roster: %s\n", err);
    return -1;
  }
  return 0;
}

/* Adds the kiosk's own activity; its id. */
static int64_t activity(Kiosk *k, const char *zDay, const char *zKind, const char *zTitle, const char *zStart,
                        const char *zEnd) {
  Activity a, out;
  char err[256];
  memset(&a, 0, sizeof a);
  util_strlcpy(a.day, zDay, sizeof a.day);
  util_strlcpy(a.kind, zKind, sizeof a.kind);
  util_strlcpy(a.title, zTitle, sizeof a.title);
  util_strlcpy(a.startHm, zStart, sizeof a.startHm);
  util_strlcpy(a.endHm, zEnd, sizeof a.endHm);
  if (activity_add(k->db, &a, &out, err, sizeof err)) { fprintf(stderr, "activity: %s\n", err); return -1; }
  return out.id;
}

/* The kiosk's local id of the activity titled zTitle on zDay (e.g. one from
 * the township's package), or -1. */
static int64_t activity_id(Kiosk *k, const char *zDay, const char *zTitle) {
  Activity *a;
  int n;
  int64_t id = -1;
  if (activity_list(k->db, zDay, 0, &a, &n)) return -1;
  for (int i = 0; i < n; i++)
    if (!strcmp(a[i].title, zTitle)) id = a[i].id;
  free(a);
  return id;
}

/* A check-in at time t (the clock is pinned there); the record's uuid into
 * zUuid when not NULL. */
static int checkin(Kiosk *k, int64_t idAct, int64_t t, const char *zMember, const char *zMethod, char *zUuid) {
  CheckinRecord r;
  char err[256];
  util_set_clock(t);
  if (checkin_record(k->db, idAct, zMember, zMethod, "test", &r, err, sizeof err) || r.outcome != CHECKIN_NEW) {
    fprintf(stderr, "checkin %s: %s\n", zMember, err);
    return -1;
  }
  if (zUuid) util_strlcpy(zUuid, r.uuid, 40);
  return 0;
}

static int leave(Kiosk *k, int64_t idAct, int64_t t, const char *zMember) {
  CheckinRecord r;
  char err[256];
  util_set_clock(t);
  if (checkin_leave(k->db, idAct, zMember, "外出务工", "test", &r, err, sizeof err)) {
    fprintf(stderr, "leave %s: %s\n", zMember, err);
    return -1;
  }
  return 0;
}

static int undo(Kiosk *k, int64_t t, const char *zUuid) {
  char err[256];
  util_set_clock(t);
  if (checkin_reverse(k->db, zUuid, "test", err, sizeof err)) { fprintf(stderr, "undo: %s\n", err); return -1; }
  return 0;
}

/* Logs hours (half-hours) on zDay at 18:00 that day; decided (VOL_PENDING:
 * left undecided) the next morning. */
static int hours(Kiosk *k, const char *zDay, const char *zMember, int half, VolStatus decision) {
  VolEntry e;
  char err[256];
  util_set_clock(at(zDay, 18, 0));
  if (vol_log(k->db, zMember, "环境整治", zDay, half, "cli", &e, err, sizeof err)) goto fail;
  util_set_clock(at(zDay, 18, 0) + 15 * 3600);
  if (decision != VOL_PENDING &&
      vol_review(k->db, e.id, decision, decision == VOL_REJECTED ? "不符合" : "", "test", err, sizeof err))
    goto fail;
  return 0;
fail:
  fprintf(stderr, "hours %s: %s\n", zMember, err);
  return -1;
}

/* Everything the kiosk holds, as one bundle imported by the township at t. */
static int upload(Kiosk *k, int64_t t) {
  Config cfg;
  config_defaults(&cfg);
  char err[256];
  unsigned char *z;
  size_t n;
  SyncExport e;
  TownshipImport r;
  util_set_clock(t);
  int rc = sync_bundle(k->db, &k->kp, &cfg, 1, 0, &z, &n, &e, err, sizeof err);
  if (!rc) {
    rc = township_import(gTown, z, n, &r, err, sizeof err);
    free(z);
  }
  if (rc) fprintf(stderr, "upload: %s\n", err);
  return rc;
}

/* The township's calendar as a package, made at t and applied by each kiosk. */
static int calendar(int64_t t, const char *zCsv, Kiosk *ak, int nk) {
  char csv[700], out[700], err[256];
  test_path("calendar.csv", csv, sizeof csv);
  FILE *f = fopen(csv, "w");
  if (!f) return -1;
  fputs(zCsv, f);
  fclose(f);
  util_set_clock(t);
  TownshipPackageSpec spec = {.zCalendarCsv = csv};
  int64_t v;
  if (township_package(gTown, &spec, test_path("p.ksp", out, sizeof out), &v, err, sizeof err)) goto fail;
  for (int i = 0; i < nk; i++) {
    SyncApplied ap;
    if (sync_apply_file(ak[i].db, out, &ap, err, sizeof err)) goto fail;
  }
  return 0;
fail:
  fprintf(stderr, "calendar: %s\n", err);
  return -1;
}

static const ReviewVillage *village(const ReviewResult *r, const char *zName) {
  for (int i = 0; i < r->nVillage; i++)
    if (!strcmp(r->aVillage[i].zVillage, zName)) return &r->aVillage[i];
  return NULL;
}

static const ReviewMember *member(const ReviewResult *r, const char *zNo) {
  for (int i = 0; i < r->nMember; i++)
    if (!strcmp(r->aMember[i].zMemberNo, zNo)) return &r->aMember[i];
  return NULL;
}

static const ReviewKind *kind(const ReviewResult *r, const char *zKind) {
  for (int i = 0; i < r->nKind; i++)
    if (!strcmp(r->aKind[i].zKind, zKind)) return &r->aKind[i];
  return NULL;
}

/* expected, came, late, leave, absent */
static int counts_are(const ReviewCounts *c, int e, int came, int late, int lv, int ab) {
  int ok = c->nExpected == e && c->nCame == came && c->nLate == late && c->nLeave == lv && c->nAbsent == ab;
  if (!ok)
    fprintf(stderr, "  counts %d/%d/%d/%d/%d, expected %d/%d/%d/%d/%d\n", c->nExpected, c->nCame, c->nLate,
            c->nLeave, c->nAbsent, e, came, late, lv, ab);
  return ok;
}

static int near(double a, double b) { return a - b < 1e-6 && b - a < 1e-6; }

/* A township of three villages in November 2026, reviewed as of 27 Nov 12:00.
 *
 * 鲁庙村 (kiosk A): A1, A2, A3 on the roster from 20 Oct; A4 added 15 Nov;
 *   A2 marked 迁出 on 25 Nov at 12:00, after checking in that morning.
 *   a1 主题党日 5 Nov 09:00: A1 tap 08:50 present, A2 keypad 09:10 late,
 *      A3 leave                                      -> 3 expected, 2 came (1 late), 1 leave, 0 absent
 *   t1 培训 (township) 18 Nov 09:00: A1 leave, then came 09:30 after all
 *      (late), A2 paper 08:55 present, A3 nothing, A4 tap 08:40 present
 *                                                    -> 4 expected, 3 came (1 late), 0 leave, 1 absent
 *   a2 党课 25 Nov 09:00: A1 tap 08:45 present, A3 tap 09:05 late, A4 leave;
 *      A2 tap 08:50 — but the version in force on the 25th is 迁出: not
 *      expected, one off-roster check-in        -> 3 expected, 2 came (1 late), 1 leave, 0 absent
 *   a3 主题党日 28 Nov: after asOf, not counted; t2 培训 27 Nov 14:00: not started by 12:00
 *   鲁庙村: 3 activities, 10 expected, 7 came, 3 late, 2 leave, 1 absent; 1 off roster;
 *   members at the end (27 Nov): A1, A3, A4 = 3. Hours: A1 2 h approved on
 *   6 Nov (and 2 h in October, not counted), A3 1 h pending.
 * 王庄村 (kiosk B): B1, B2 from 25 Oct.
 *   b1 支部党员大会 10 Nov 14:00: B1 proxy 13:55 present, B2 tap 13:58 undone -> absent
 *                                                    -> 2 expected, 1 came, 0 late, 0 leave, 1 absent
 *   t1: B1 leave, B2 tap 08:59 present              -> 2 expected, 1 came, 0 late, 1 leave, 0 absent
 *   王庄村: 2 activities, 4 expected, 2 came, 0 late, 1 leave, 1 absent; 2 members;
 *   B1 3 h approved; B2 1.5 h rejected (counts nowhere).
 * 张湾村 (kiosk C): C1, C2 from 20 Oct; revoked 12 Nov 11:00 after its last bundle.
 *   c1 主题党日 8 Nov 09:00: C1 present, C2 late   -> 2 expected, 2 came, 1 late
 *   t1 (18 Nov) is after its revocation: not expected of it.
 *   张湾村: 1 activity, 2 expected, 2 came, 1 late; 2 members (on 12 Nov).
 * Township: 16 expected, 11 came, 4 late, 3 leave, 2 absent.
 * Kinds: 主题党日 a1 + c1: 2 held, 5 expected, 4 came, 2 late, 1 leave, 0 absent;
 *        支部党员大会 b1: 1, 2, 1, 0, 0, 1; 党课 a2: 1, 3, 2, 1, 1, 0;
 *        培训 t1 at 鲁庙村 and 王庄村: 2, 6, 4, 1, 1, 1.
 * Members: A1 3/3 (1 late); A2 2/2 (1 late), left; A3 3 expected, 1 came
 *   (late), 1 leave, 1 absent; A4 2 expected, 1 came, 1 leave; B1 2, 1, 0
 *   late, 1 leave; B2 2, 1, 0, 0, 1 absent; C1 1/1; C2 1/1 late. */
static void hand_counted(void) {
  REQUIRE(make_township());
  Kiosk A, B, C;
  REQUIRE(make_kiosk(&A, "kiosk-a", "鲁庙村", "鲁庙村党支部") == 0);
  REQUIRE(make_kiosk(&B, "kiosk-b", "王庄村", "王庄村党支部") == 0);
  REQUIRE(make_kiosk(&C, "kiosk-c", "张湾村", "张湾村党支部") == 0);
  REQUIRE(roster(&A, at("2026-10-20", 9, 0), "党员编号,姓名,村民小组\nA1,张三,一组\nA2,李四,二组\nA3,王五,三组\n") == 0);
  REQUIRE(roster(&B, at("2026-10-25", 9, 0), "党员编号,姓名,村民小组\nB1,赵六,东组\nB2,钱七,西组\n") == 0);
  REQUIRE(roster(&C, at("2026-10-20", 9, 0), "党员编号,姓名,村民小组\nC1,孙八,一组\nC2,周九,一组\n") == 0);
  REQUIRE(hours(&A, "2026-10-30", "A1", 4, VOL_APPROVED) == 0);
  util_set_clock(at("2026-11-01", 8, 0));
  int64_t a1 = activity(&A, "2026-11-05", "主题党日", "主题党日：学党章", "09:00", "11:00");
  int64_t a2 = activity(&A, "2026-11-25", "党课", "党课：红旗渠精神", "09:00", "11:00");
  int64_t a3 = activity(&A, "2026-11-28", "主题党日", "主题党日：未来", "09:00", "11:00");
  int64_t b1 = activity(&B, "2026-11-10", "支部党员大会", "支部党员大会", "14:00", "16:00");
  int64_t c1 = activity(&C, "2026-11-08", "主题党日", "主题党日：张湾", "09:00", "11:00");
  REQUIRE(a1 > 0 && a2 > 0 && a3 > 0 && b1 > 0 && c1 > 0);
  Kiosk both[2] = {A, B};
  REQUIRE(calendar(at("2026-11-01", 9, 0),
                   "日期,类型,标题,开始,结束,地点\n2026-11-18,培训,全镇党员轮训,09:00,16:00,镇党群服务中心\n"
                   "2026-11-27,培训,全镇党员轮训（二）,14:00,16:00,镇党群服务中心\n",
                   both, 2) == 0);
  int64_t t1a = activity_id(&A, "2026-11-18", "全镇党员轮训"), t1b = activity_id(&B, "2026-11-18", "全镇党员轮训");
  REQUIRE(t1a > 0 && t1b > 0);

  /* a1 */
  REQUIRE(checkin(&A, a1, at("2026-11-05", 8, 50), "A1", CHECKIN_METHOD_TAP, NULL) == 0);
  REQUIRE(checkin(&A, a1, at("2026-11-05", 9, 10), "A2", CHECKIN_METHOD_KEYPAD, NULL) == 0);
  REQUIRE(leave(&A, a1, at("2026-11-05", 7, 0), "A3") == 0);
  REQUIRE(hours(&A, "2026-11-06", "A1", 4, VOL_APPROVED) == 0);
  REQUIRE(hours(&A, "2026-11-07", "A3", 2, VOL_PENDING) == 0);
  /* c1, then C's last bundle and its revocation */
  REQUIRE(checkin(&C, c1, at("2026-11-08", 8, 30), "C1", CHECKIN_METHOD_TAP, NULL) == 0);
  REQUIRE(checkin(&C, c1, at("2026-11-08", 9, 20), "C2", CHECKIN_METHOD_TAP, NULL) == 0);
  REQUIRE(upload(&C, at("2026-11-12", 10, 0)) == 0);
  char err[256];
  util_set_clock(at("2026-11-12", 11, 0));
  REQUIRE(township_revoke(gTown, C.id, err, sizeof err) == 0);
  /* b1 */
  char uuid[40];
  REQUIRE(checkin(&B, b1, at("2026-11-10", 13, 55), "B1", CHECKIN_METHOD_PROXY, NULL) == 0);
  REQUIRE(checkin(&B, b1, at("2026-11-10", 13, 58), "B2", CHECKIN_METHOD_TAP, uuid) == 0);
  REQUIRE(undo(&B, at("2026-11-10", 14, 30), uuid) == 0);
  REQUIRE(hours(&B, "2026-11-12", "B1", 6, VOL_APPROVED) == 0);
  REQUIRE(hours(&B, "2026-11-12", "B2", 3, VOL_REJECTED) == 0);
  /* A4 joins */
  REQUIRE(roster(&A, at("2026-11-15", 9, 0),
                 "党员编号,姓名,村民小组\nA1,张三,一组\nA2,李四,二组\nA3,王五,三组\nA4,吴十,三组\n") == 0);
  /* t1 */
  REQUIRE(leave(&A, t1a, at("2026-11-18", 7, 0), "A1") == 0);
  REQUIRE(checkin(&A, t1a, at("2026-11-18", 9, 30), "A1", CHECKIN_METHOD_TAP, NULL) == 0);
  REQUIRE(checkin(&A, t1a, at("2026-11-18", 8, 55), "A2", "paper", NULL) == 0);
  REQUIRE(checkin(&A, t1a, at("2026-11-18", 8, 40), "A4", CHECKIN_METHOD_TAP, NULL) == 0);
  REQUIRE(leave(&B, t1b, at("2026-11-18", 7, 0), "B1") == 0);
  REQUIRE(checkin(&B, t1b, at("2026-11-18", 8, 59), "B2", CHECKIN_METHOD_TAP, NULL) == 0);
  /* a2, and A2 leaves the roster that noon */
  REQUIRE(checkin(&A, a2, at("2026-11-25", 8, 45), "A1", CHECKIN_METHOD_TAP, NULL) == 0);
  REQUIRE(checkin(&A, a2, at("2026-11-25", 9, 5), "A3", CHECKIN_METHOD_TAP, NULL) == 0);
  REQUIRE(checkin(&A, a2, at("2026-11-25", 8, 50), "A2", CHECKIN_METHOD_TAP, NULL) == 0);
  REQUIRE(leave(&A, a2, at("2026-11-25", 7, 0), "A4") == 0);
  REQUIRE(roster(&A, at("2026-11-25", 12, 0),
                 "党员编号,姓名,村民小组,状态\nA1,张三,一组,在册\nA2,李四,二组,迁出\nA3,王五,三组,在册\nA4,吴十,三组,在册\n") == 0);
  REQUIRE(upload(&A, at("2026-11-27", 11, 0)) == 0);
  REQUIRE(upload(&B, at("2026-11-27", 11, 0)) == 0);

  ReviewResult *r;
  REQUIRE(review_compute(township_db(gTown), township_id(gTown), "2026-11-01", "2026-11-30", at("2026-11-27", 12, 0),
                         &r, err, sizeof err) == KR_OK);
  CHECK(!strcmp(r->zLabel, "2026年11月"));
  CHECK(r->nVillage == 3 && r->nMember == 8 && r->nActivity == 6 && r->nKind == 4);
  const ReviewVillage *va = village(r, "鲁庙村"), *vb = village(r, "王庄村"), *vc = village(r, "张湾村");
  REQUIRE(va && vb && vc);
  CHECK(!strcmp(va->zBranch, "鲁庙村党支部") && !va->revoked && vc->revoked);
  CHECK(va->nActivities == 3 && counts_are(&va->c, 10, 7, 3, 2, 1) && va->nOffRoster == 1 && va->nMembers == 3);
  CHECK(vb->nActivities == 2 && counts_are(&vb->c, 4, 2, 0, 1, 1) && vb->nOffRoster == 0 && vb->nMembers == 2);
  CHECK(vc->nActivities == 1 && counts_are(&vc->c, 2, 2, 1, 0, 0) && vc->nMembers == 2);
  CHECK(counts_are(&r->total, 16, 11, 4, 3, 2));
  CHECK(near(va->approvedHours, 2) && near(va->pendingHours, 1) && near(vb->approvedHours, 3) &&
        near(vb->pendingHours, 0) && near(vc->approvedHours, 0));
  CHECK(near(r->totalApprovedHours, 5) && near(r->totalPendingHours, 1));
  CHECK(near(va->rate, 0.7) && near(va->hoursPerMember, 2.0 / 3) && near(va->score, 0.7 * 80 + (2.0 / 3 / 4) * 20));
  CHECK(near(vb->score, 0.5 * 80 + (1.5 / 4) * 20) && near(vc->score, 80));
  const ReviewKind *k1 = kind(r, "主题党日"), *k2 = kind(r, "支部党员大会"), *k3 = kind(r, "党课"), *k4 = kind(r, "培训");
  REQUIRE(k1 && k2 && k3 && k4);
  CHECK(k1->nActivities == 2 && counts_are(&k1->c, 5, 4, 2, 1, 0));
  CHECK(k2->nActivities == 1 && counts_are(&k2->c, 2, 1, 0, 0, 1));
  CHECK(k3->nActivities == 1 && counts_are(&k3->c, 3, 2, 1, 1, 0));
  CHECK(k4->nActivities == 2 && counts_are(&k4->c, 6, 4, 1, 1, 1));
  CHECK(r->aKind[0].zKind == k1->zKind && r->aKind[3].zKind == k4->zKind); /* in activity_kinds() order */
  const ReviewMember *m;
  CHECK((m = member(r, "A1")) && counts_are(&m->c, 3, 3, 1, 0, 0) && m->onRosterAtEnd && near(m->approvedHours, 2));
  CHECK((m = member(r, "A2")) && counts_are(&m->c, 2, 2, 1, 0, 0) && !m->onRosterAtEnd && !strcmp(m->zName, "李四"));
  CHECK((m = member(r, "A3")) && counts_are(&m->c, 3, 1, 1, 1, 1) && near(m->pendingHours, 1));
  CHECK((m = member(r, "A4")) && counts_are(&m->c, 2, 1, 0, 1, 0) && !strcmp(m->zGroup, "三组"));
  CHECK((m = member(r, "B1")) && counts_are(&m->c, 2, 1, 0, 1, 0) && near(m->approvedHours, 3));
  CHECK((m = member(r, "B2")) && counts_are(&m->c, 2, 1, 0, 0, 1) && near(m->approvedHours + m->pendingHours, 0));
  CHECK((m = member(r, "C1")) && counts_are(&m->c, 1, 1, 0, 0, 0));
  CHECK((m = member(r, "C2")) && counts_are(&m->c, 1, 1, 1, 0, 0));
  /* the activities, by village (张湾村 < 王庄村 < 鲁庙村 by code point), day, start */
  static const struct { const char *zDay; int e, came, late, lv, ab; } aWant[] = {
    {"2026-11-08", 2, 2, 1, 0, 0}, {"2026-11-10", 2, 1, 0, 0, 1}, {"2026-11-18", 2, 1, 0, 1, 0},
    {"2026-11-05", 3, 2, 1, 1, 0}, {"2026-11-18", 4, 3, 1, 0, 1}, {"2026-11-25", 3, 2, 1, 1, 0}};
  for (int i = 0; i < r->nActivity && i < 6; i++) {
    const ReviewActivity *a = &r->aActivity[i];
    CHECK(!strcmp(a->zDay, aWant[i].zDay));
    CHECK(counts_are(&a->c, aWant[i].e, aWant[i].came, aWant[i].late, aWant[i].lv, aWant[i].ab));
  }
  review_free(r);

  /* mid-month: as of 18 Nov 08:00 t1 has not started; A4 is on the roster */
  REQUIRE(review_compute(township_db(gTown), township_id(gTown), "2026-11-01", "2026-11-30", at("2026-11-18", 8, 0),
                         &r, err, sizeof err) == KR_OK);
  va = village(r, "鲁庙村");
  CHECK(va && va->nActivities == 1 && counts_are(&va->c, 3, 2, 1, 1, 0) && va->nMembers == 4);
  review_free(r);
  /* the quarter holds the same November, and October's hours */
  REQUIRE(review_compute(township_db(gTown), township_id(gTown), "2026-10-01", "2026-12-31", at("2026-11-27", 12, 0),
                         &r, err, sizeof err) == KR_OK);
  CHECK(!strcmp(r->zLabel, "2026年第4季度") && counts_are(&r->total, 16, 11, 4, 3, 2));
  CHECK(near(r->totalApprovedHours, 7));
  review_free(r);
  CHECK(review_compute(township_db(gTown), township_id(gTown), "2026-11-31", "2026-11-30", 0, &r, err, sizeof err) ==
        KR_BAD_INPUT && !r);
  close_kiosk(&A);
  close_kiosk(&B);
  close_kiosk(&C);
  township_close(gTown);
}

static void period(void) {
  char from[11], to[11], label[64], err[128];
  CHECK(review_period("2026-11", NULL, from, to, label, sizeof label, err, sizeof err) == KR_OK &&
        !strcmp(from, "2026-11-01") && !strcmp(to, "2026-11-30") && !strcmp(label, "2026年11月"));
  CHECK(review_period("2028-02", NULL, from, to, label, sizeof label, err, sizeof err) == KR_OK &&
        !strcmp(to, "2028-02-29"));
  CHECK(review_period(NULL, "2026-Q4", from, to, label, sizeof label, err, sizeof err) == KR_OK &&
        !strcmp(from, "2026-10-01") && !strcmp(to, "2026-12-31") && !strcmp(label, "2026年第4季度"));
  static const char *const azBadMonth[] = {"2026-13", "2026-1", "2026-011", "-2026-1", "2026/11", "", "2026-00"};
  for (size_t i = 0; i < sizeof azBadMonth / sizeof *azBadMonth; i++)
    CHECK(review_period(azBadMonth[i], NULL, from, to, label, sizeof label, err, sizeof err) == KR_BAD_INPUT);
  CHECK(review_period(NULL, "2026-Q5", from, to, label, sizeof label, err, sizeof err) == KR_BAD_INPUT);
  CHECK(review_period("2026-11", "2026-Q4", from, to, label, sizeof label, err, sizeof err) == KR_BAD_INPUT);
  CHECK(near(review_score(1, 10), 100) && near(review_score(0.5, 2), 50) && near(review_score(0, 0), 0));
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {{"period", period}, {"hand_counted", hand_counted}};
  return test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
