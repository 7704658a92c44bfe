/* bench_report: the township's review (review_compute) at county scale.
 *
 * A township of V villages (default 600), each a real kiosk database with
 * 60-150 members in long-named groups, lives month by month: a few members
 * join and a few leave mid-month (roster imports with the clock pinned to
 * that day), the village holds 5 activities of its own (one in ten moved,
 * a new version) and the township 3 (built by township_package from a
 * calendar CSV), members check in (tap, keypad, scan, proxy, paper; some
 * late), ask for leave and some come after all (the leave reversed), some
 * check-ins are undone (reversals) and a few re-done, volunteer hours are
 * logged and reviewed, notices are viewed. After each month every kiosk
 * makes its bundle (sync_bundle, as a kiosk does) and the township imports
 * it (township_import) — only the import is timed.
 *
 * When the township holds 1,000,000 records (and 10,000,000, if asked), the
 * review of the month just finished is computed and timed. Targets: a
 * month's review ≤ 10 s at 1 M, ≤ 60 s at 10 M; import stays linear (the
 * per-record rate of the last 1 M as of the first); 10M/1M about 10×.
 *
 * usage: bench_report DIR [MAX_RECORDS (1000000) [VILLAGES (600)]]
 * prints key=value lines. */
#include "activity.h"
#include "benchutil.h"
#include "config.h"
#include "db_int.h"
#include "keypair.h"
#include "review.h"
#include "roster.h"
#include "sync.h"
#include "township.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static uint64_t gRand = 0x9e3779b97f4a7c15ull;
static unsigned rnd(unsigned n) {
  gRand ^= gRand << 13;
  gRand ^= gRand >> 7;
  gRand ^= gRand << 17;
  return (unsigned)(gRand % n);
}

static int64_t local_time(int y, int m, int d, int hh, int mm) {
  struct tm tm = {0};
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  tm.tm_hour = hh;
  tm.tm_min = mm;
  tm.tm_isdst = -1;
  return (int64_t)mktime(&tm);
}

typedef struct {
  char no[24];
  int joinDay, leaveDay; /* month-relative: day joined this month (0: before), left (0: not) */
  int gone;              /* left in an earlier month */
} Mem;

typedef struct {
  Db *db;
  KeyPair kp;
  Mem *a;
  int n, cap;
  sqlite3_stmt *ins, *vol, *rev, *view;
} Village;

static const char *const azSurname[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "欧阳", "司马"};
static const char *const azGiven[] = {"建国", "秀英", "桂兰", "志强", "海燕", "德明", "玉珍", "春生", "红梅", "长江"};
static const char *const azGroup[] = {"第一村民小组东河湾片区", "第二村民小组老街西片区", "第三村民小组移民新村",
                                      "第四村民小组黄河滩区安置点", "第五村民小组南岗岭上", "第六村民小组柳树湾"};
static const char *const azMethod[] = {"tap", "tap", "tap", "tap", "keypad", "keypad", "scan", "proxy", "paper", "tap"};

static int fail(const char *zWhat, const char *zErr) {
  fprintf(stderr, "%s: %s\n", zWhat, zErr);
  return 1;
}

/* The roster rows of a CSV for members [from, to) of v, with 状态. */
static void roster_rows(Village *v, int from, int to, char **pz, size_t *pn, const char *zStatus) {
  size_t cap = 64 + (size_t)(to - from) * 200, n = 0;
  char *z = malloc(cap);
  n += (size_t)snprintf(z, cap, "党员编号,姓名,村民小组,状态\n");
  for (int i = from; i < to; i++)
    n += (size_t)snprintf(z + n, cap - n, "%s,%s%s,%s,%s\n", v->a[i].no, azSurname[(unsigned)i % 12],
                          azGiven[(unsigned)(i * 7) % 10], azGroup[(unsigned)i % 6], zStatus);
  *pz = z;
  *pn = n;
}

/* One record, with the next seq and a new uuid; s has ?1 uuid ?2 kiosk ?3 seq. */
static int put(Village *v, sqlite3_stmt *s, char *zUuid) {
  char uuid[UUID_LEN + 1];
  int64_t seq;
  util_uuid4(uuid);
  if (db_next_seq(v->db, &seq) != SQLITE_OK) return -1;
  sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 2, v->db->kioskId, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 3, seq);
  int rc = sqlite3_step(s);
  sqlite3_reset(s);
  if (zUuid) memcpy(zUuid, uuid, sizeof uuid);
  return rc == SQLITE_DONE ? 0 : -1;
}

static int checkin_row(Village *v, const char *zAct, const char *zMember, const char *zKind, const char *zStatus,
                       const char *zMethod, const char *zReverses, int64_t at, char *zUuid) {
  sqlite3_stmt *s = v->ins;
  sqlite3_bind_text(s, 4, zAct, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 5, zMember, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 6, zKind, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 7, zStatus, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 8, zMethod, -1, SQLITE_STATIC);
  if (zReverses) sqlite3_bind_text(s, 9, zReverses, -1, SQLITE_STATIC);
  else sqlite3_bind_null(s, 9);
  sqlite3_bind_int64(s, 10, at);
  sqlite3_bind_text(s, 11, !strcmp(zStatus, "leave") ? "外出务工" : "", -1, SQLITE_STATIC);
  return put(v, s, zUuid);
}

/* The check-ins of one activity (uuid zAct on day d at hh:00) by the members
 * on v's roster that day. */
static int attend(Village *v, const char *zAct, int y, int m, int d, int hh) {
  int64_t t0 = local_time(y, m, d, hh, 0);
  for (int i = 0; i < v->n; i++) {
    Mem *p = &v->a[i];
    if (p->gone || (p->joinDay && p->joinDay > d) || (p->leaveDay && p->leaveDay <= d)) continue;
    unsigned r = rnd(100);
    const char *method = azMethod[rnd(10)];
    char uuid[UUID_LEN + 1];
    if (r < 68) { /* on time, a few undone (wrong person) and some of those re-done */
      if (checkin_row(v, zAct, p->no, "checkin", "present", method, NULL, t0 - 60 * (int64_t)rnd(50), uuid)) return -1;
      if (r < 3) {
        if (checkin_row(v, zAct, p->no, "reversal", "present", method, uuid, t0 + 600, NULL)) return -1;
        if (r < 1 && checkin_row(v, zAct, p->no, "checkin", "late", "proxy", NULL, t0 + 900, NULL)) return -1;
      }
    } else if (r < 80) {
      if (checkin_row(v, zAct, p->no, "checkin", "late", method, NULL, t0 + 60 * (1 + (int64_t)rnd(40)), NULL)) return -1;
    } else if (r < 87) { /* leave; some come after all */
      if (checkin_row(v, zAct, p->no, "checkin", "leave", "proxy", NULL, t0 - 86400, uuid)) return -1;
      if (r < 82) {
        if (checkin_row(v, zAct, p->no, "reversal", "leave", "proxy", uuid, t0 + 1200, NULL) ||
            checkin_row(v, zAct, p->no, "checkin", "late", method, NULL, t0 + 1200, NULL))
          return -1;
      }
    }
  }
  return 0;
}

/* One month of village v: roster changes, activities, check-ins, hours, views. */
static int village_month(Village *v, int y, int m, char aTown[3][40], const int aTownDay[3]) {
  char err[256], *z;
  size_t n;
  RosterImportStats st;
  /* last month's leavers are gone; a few leave and a few join this month */
  for (int i = 0; i < v->n; i++) {
    if (v->a[i].leaveDay) v->a[i].gone = 1;
    v->a[i].joinDay = v->a[i].leaveDay = 0;
  }
  int nLeave = 1 + (int)rnd(3), nJoin = 1 + (int)rnd(3);
  for (int k = 0; k < nLeave; k++) {
    int i = (int)rnd((unsigned)v->n);
    if (v->a[i].gone || v->a[i].leaveDay) continue;
    v->a[i].leaveDay = 5 + (int)rnd(20);
    roster_rows(v, i, i + 1, &z, &n, "迁出");
    util_set_clock(local_time(y, m, v->a[i].leaveDay, 12, 0));
    int rc = roster_import_bytes(v->db, z, n, "", &st, err, sizeof err);
    free(z);
    if (rc) return fail("roster", err);
  }
  for (int k = 0; k < nJoin; k++) {
    if (v->n == v->cap) {
      v->cap *= 2;
      v->a = realloc(v->a, sizeof *v->a * (size_t)v->cap);
    }
    Mem *p = &v->a[v->n];
    memset(p, 0, sizeof *p);
    snprintf(p->no, sizeof p->no, "%.8s-%04d", v->db->kioskId, v->n);
    p->joinDay = 3 + (int)rnd(22);
    v->n++;
    roster_rows(v, v->n - 1, v->n, &z, &n, "在册");
    util_set_clock(local_time(y, m, p->joinDay, 12, 0));
    int rc = roster_import_bytes(v->db, z, n, "", &st, err, sizeof err);
    free(z);
    if (rc) return fail("roster", err);
  }
  /* own activities, one in ten moved an hour later (a new version) */
  static const int aDay[5] = {4, 9, 14, 20, 26}, aHour[5] = {9, 14, 9, 19, 9};
  static const char *const aKind[5] = {"主题党日", "支部党员大会", "党课", "党小组会", "志愿服务"};
  for (int k = 0; k < 5; k++) {
    Activity a = {0}, out;
    snprintf(a.day, sizeof a.day, "%04u-%02u-%02u", (unsigned)y % 10000, (unsigned)m % 100, (unsigned)aDay[k] % 100);
    util_strlcpy(a.kind, aKind[k], sizeof a.kind);
    snprintf(a.title, sizeof a.title, "%s：学习贯彻党的二十大精神暨乡村振兴专题第%d期", aKind[k], m);
    snprintf(a.startHm, sizeof a.startHm, "%02u:00", (unsigned)aHour[k] % 24);
    snprintf(a.endHm, sizeof a.endHm, "%02u:30", (unsigned)(aHour[k] + 2) % 24);
    util_set_clock(local_time(y, m, 1, 8, 0));
    if (activity_add(v->db, &a, &out, err, sizeof err)) return fail("activity", err);
    if (rnd(10) == 0) {
      snprintf(out.startHm, sizeof out.startHm, "%02u:00", (unsigned)(aHour[k] + 1) % 24);
      if (activity_update(v->db, &out, &out, err, sizeof err)) return fail("activity update", err);
    }
    if (sqlite3_exec(v->db->h, "BEGIN", NULL, NULL, NULL) ||
        attend(v, out.uuid, y, m, aDay[k], atoi(out.startHm)) ||
        sqlite3_exec(v->db->h, "COMMIT", NULL, NULL, NULL))
      return fail("attend", sqlite3_errmsg(v->db->h));
  }
  if (sqlite3_exec(v->db->h, "BEGIN", NULL, NULL, NULL)) return 1;
  for (int k = 0; k < 3; k++)
    if (attend(v, aTown[k], y, m, aTownDay[k], 9)) return fail("attend", sqlite3_errmsg(v->db->h));
  /* volunteer hours: a fifth of the members, most reviewed (a few rejected) */
  for (int i = 0; i < v->n; i++) {
    if (v->a[i].gone || rnd(5)) continue;
    char day[40], uuid[UUID_LEN + 1];
    int d = 1 + (int)rnd(28);
    snprintf(day, sizeof day, "%04d-%02d-%02d", y, m, d);
    sqlite3_bind_text(v->vol, 4, v->a[i].no, -1, SQLITE_STATIC);
    sqlite3_bind_text(v->vol, 5, day, -1, SQLITE_STATIC);
    sqlite3_bind_int(v->vol, 6, 1 + (int)rnd(8));
    sqlite3_bind_int64(v->vol, 7, local_time(y, m, d, 18, 0));
    if (put(v, v->vol, uuid)) return fail("vol", sqlite3_errmsg(v->db->h));
    unsigned r = rnd(10);
    if (r < 8) {
      sqlite3_bind_text(v->rev, 4, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text(v->rev, 5, r < 7 ? "approved" : "rejected", -1, SQLITE_STATIC);
      sqlite3_bind_int64(v->rev, 6, local_time(y, m, d, 20, 0));
      if (put(v, v->rev, NULL)) return fail("review", sqlite3_errmsg(v->db->h));
    }
  }
  for (int k = 0; k < 40; k++) {
    char day[40];
    snprintf(day, sizeof day, "%04d-%02d-%02d", y, m, 1 + (int)rnd(28));
    sqlite3_bind_text(v->view, 4, day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(v->view, 5, local_time(y, m, 1, 12, 0));
    if (put(v, v->view, NULL)) return fail("view", sqlite3_errmsg(v->db->h));
  }
  return sqlite3_exec(v->db->h, "COMMIT", NULL, NULL, NULL) ? fail("commit", sqlite3_errmsg(v->db->h)) : 0;
}

static int open_village(Village *v, Township *t, const char *zDir, int iv) {
  char path[1400], err[256], id[41], name[128];
  int created;
  Config cfg;
  config_defaults(&cfg);
  snprintf(id, sizeof id, "v%03d%028d", iv, 0);
  snprintf(path, sizeof path, "%s/v%03d.db", zDir, iv);
  if (db_open(path, id, &v->db, err, sizeof err)) return fail("kiosk", err);
  sqlite3_exec(v->db->h, "PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-1024", NULL, NULL, NULL);
  snprintf(path, sizeof path, "%s/v%03d.key", zDir, iv);
  if (keypair_load_or_create(path, &v->kp, &created, err, sizeof err)) return fail("key", err);
  snprintf(path, sizeof path, "%s/v%03d.pub", zDir, iv);
  snprintf(name, sizeof name, "黄河滩区第%03d移民新村（原王家庄）", iv);
  if (sync_write_pubkey(v->db, &v->kp, &cfg, path, err, sizeof err) ||
      township_enroll(t, path, name, "第一党支部（联合支部）", NULL, err, sizeof err))
    return fail("enrol", err);
  snprintf(path, sizeof path, "%s/town/township.pub", zDir);
  if (sync_trust(v->db, path, 0, err, sizeof err)) return fail("trust", err);
  if (sqlite3_prepare_v2(v->db->h,
        "INSERT INTO checkin(uuid, kiosk_id, seq, activity_uuid, member_no, kind, status, method, operator,"
        " reverses_uuid, at, reason) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'bench', ?9, ?10, ?11)", -1, &v->ins, NULL) ||
      sqlite3_prepare_v2(v->db->h,
        "INSERT INTO vol_entry(uuid, kiosk_id, seq, member_no, category, day, half_hours, method, at)"
        " VALUES(?1, ?2, ?3, ?4, '环境整治', ?5, ?6, 'kiosk', ?7)", -1, &v->vol, NULL) ||
      sqlite3_prepare_v2(v->db->h,
        "INSERT INTO vol_review(uuid, kiosk_id, seq, entry_uuid, decision, operator, at)"
        " VALUES(?1, ?2, ?3, ?4, ?5, 'bench', ?6)", -1, &v->rev, NULL) ||
      sqlite3_prepare_v2(v->db->h, "INSERT INTO notice_view(uuid, kiosk_id, seq, notice_id, day, at)"
                                   " VALUES(?1, ?2, ?3, 'notice-1', ?4, ?5)", -1, &v->view, NULL))
    return fail("prepare", sqlite3_errmsg(v->db->h));
  /* the first roster, a year before the first month */
  v->n = 60 + (int)rnd(91);
  v->cap = v->n * 2;
  v->a = calloc((size_t)v->cap, sizeof *v->a);
  for (int i = 0; i < v->n; i++) snprintf(v->a[i].no, sizeof v->a[i].no, "%.8s-%04d", id, i);
  char *z;
  size_t n;
  RosterImportStats st;
  roster_rows(v, 0, v->n, &z, &n, "在册");
  util_set_clock(local_time(2024, 1, 10, 9, 0));
  int rc = roster_import_bytes(v->db, z, n, "", &st, err, sizeof err);
  free(z);
  return rc ? fail("roster", err) : 0;
}

/* The township's three activities of month (y, m), by a package; their uuids. */
static int township_month(Township *t, const char *zDir, int y, int m, char aUuid[3][40], const int aDay[3]) {
  char csv[1300], out[1300], err[256];
  snprintf(csv, sizeof csv, "%s/calendar.csv", zDir);
  FILE *f = fopen(csv, "w");
  if (!f) return fail("calendar", csv);
  fprintf(f, "日期,类型,标题,开始,结束,地点\n");
  for (int k = 0; k < 3; k++)
    fprintf(f, "%04d-%02d-%02d,%s,全镇党员轮训第%d期（%d月）,09:00,16:00,镇党群服务中心\n", y, m, aDay[k],
            k == 1 ? "主题党日" : "培训", k + 1, m);
  fclose(f);
  snprintf(out, sizeof out, "%s/p.ksp", zDir);
  TownshipPackageSpec spec = {.zCalendarCsv = csv};
  int64_t ver;
  util_set_clock(local_time(y, m, 1, 7, 0));
  if (township_package(t, &spec, out, &ver, err, sizeof err)) return fail("package", err);
  sqlite3_stmt *s;
  sqlite3_prepare_v2(township_db(t), "SELECT uuid FROM activity WHERE kiosk_id = ?1 AND day = ?2", -1, &s, NULL);
  for (int k = 0; k < 3; k++) {
    char day[40];
    snprintf(day, sizeof day, "%04d-%02d-%02d", y, m, aDay[k]);
    sqlite3_bind_text(s, 1, township_id(t), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, day, -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_ROW) return fail("package", "no township activity");
    util_strlcpy(aUuid[k], (const char *)sqlite3_column_text(s, 0), 40);
    sqlite3_reset(s);
  }
  sqlite3_finalize(s);
  return 0;
}

/* Times review_compute of month (y, m), as of the next month's 1st. */
static int review_month(Township *t, int y, int m, long long records, const char *zTag) {
  char from[11], to[11], label[64], spec[32], err[256];
  snprintf(spec, sizeof spec, "%04d-%02d", y, m);
  review_period(spec, NULL, from, to, label, sizeof label, err, sizeof err);
  int64_t asOf = local_time(y, m + 1, 1, 8, 0);
  double best = 1e18, first = 0;
  ReviewResult *r = NULL;
  double cpu = 0;
  for (int i = 0; i < 2; i++) {
    review_free(r);
    clock_t c0 = clock();
    double t0 = bench_now_ms();
    if (review_compute(township_db(t), township_id(t), from, to, asOf, &r, err, sizeof err)) return fail("review", err);
    double ms = bench_now_ms() - t0;
    if (!i) first = ms, cpu = (double)(clock() - c0) * 1000.0 / CLOCKS_PER_SEC;
    if (ms < best) best = ms;
  }
  printf("review_%s_ms=%.0f best_ms=%.0f cpu_ms=%.0f records=%lld month=%s villages=%d members=%d activities=%d expected=%d came=%d"
         " late=%d leave=%d absent=%d\n", zTag, first, best, cpu, records, spec, r->nVillage, r->nMember, r->nActivity,
         r->total.nExpected, r->total.nCame, r->total.nLate, r->total.nLeave, r->total.nAbsent);
  fflush(stdout);
  review_free(r);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: bench_report DIR [MAX_RECORDS [VILLAGES]]\n"); return 2; }
  const char *dir = argv[1];
  long long maxRecords = argc > 2 ? atoll(argv[2]) : 1000000;
  int nVillage = argc > 3 ? atoi(argv[3]) : 600;
  char town[1100], err[512];
  setenv("TZ", "CST-8", 1);
  tzset();
  mkdir(dir, 0755);
  snprintf(town, sizeof town, "%s/town", dir);
  if (township_init(town, "刘集镇", err, sizeof err)) return fail("township", err);
  Township *t;
  if (township_open(town, &t, err, sizeof err)) return fail("township", err);
  Village *aV = calloc((size_t)nVillage, sizeof *aV);
  for (int i = 0; i < nVillage; i++)
    if (open_village(&aV[i], t, dir, i)) return 1;
  Config cfg;
  config_defaults(&cfg);
  long long records = 0, nextMark = 1000000, markRecords = 0;
  double importMs = 0, markMs = 0, genMs = 0;
  static const int aTownDay[3] = {6, 16, 27};
  for (int month = 0; records < maxRecords; month++) {
    int y = 2025 + month / 12, m = month % 12 + 1;
    char aTown[3][40];
    double g0 = bench_now_ms();
    if (township_month(t, dir, y, m, aTown, aTownDay)) return 1;
    for (int i = 0; i < nVillage; i++)
      if (village_month(&aV[i], y, m, aTown, aTownDay)) return 1;
    genMs += bench_now_ms() - g0;
    long long monthRecords = 0;
    double monthMs = 0;
    for (int i = 0; i < nVillage; i++) {
      unsigned char *z;
      size_t n;
      SyncExport e;
      TownshipImport r;
      util_set_clock(local_time(y, m + 1 > 12 ? 12 : m + 1, 1, 6, 0));
      if (sync_bundle(aV[i].db, &aV[i].kp, &cfg, 0, 0, &z, &n, &e, err, sizeof err)) return fail("bundle", err);
      char seq[32];
      snprintf(seq, sizeof seq, "%lld", (long long)e.seqTo);
      sync_meta_set(aV[i].db, "acked_seq", seq);
      double t0 = bench_now_ms();
      if (township_import(t, z, n, &r, err, sizeof err)) return fail("import", err);
      monthMs += bench_now_ms() - t0;
      monthRecords += r.fresh;
      free(z);
    }
    records += monthRecords;
    importMs += monthMs;
    printf("month=%04d-%02d records=%lld total=%lld import_ms=%.0f per_1k_ms=%.2f\n", y, m, monthRecords, records,
           monthMs, monthMs / (double)monthRecords * 1000);
    fflush(stdout);
    if (records >= nextMark) {
      char tag[16];
      snprintf(tag, sizeof tag, "%lldM", nextMark / 1000000);
      printf("import_%s_ms=%.0f records=%lld per_1k_ms=%.2f last_block_per_1k_ms=%.2f generate_ms=%.0f\n", tag,
             importMs, records, importMs / (double)records * 1000,
             (importMs - markMs) / (double)(records - markRecords) * 1000, genMs);
      if (review_month(t, y, m, records, tag)) return 1;
      markMs = importMs;
      markRecords = records;
      nextMark = nextMark < 10000000 ? 10000000 : nextMark * 10;
    }
  }
  for (int i = 0; i < nVillage; i++) {
    sqlite3_finalize(aV[i].ins);
    sqlite3_finalize(aV[i].vol);
    sqlite3_finalize(aV[i].rev);
    sqlite3_finalize(aV[i].view);
    db_close(aV[i].db);
    keypair_wipe(&aV[i].kp);
    free(aV[i].a);
  }
  free(aV);
  township_close(t);
  return 0;
}
