/* powerloss_cases: the work the power-loss runner cuts (powerloss_vfs.h).
 *  - checkin: 40 members check in, one commit each, then the kiosk closes
 *    (a checkpoint);
 *  - package: two township packages applied (a roster change and an
 *    activity each), with check-ins between;
 *  - import: the township imports three bundles of one kiosk, and one of
 *    them again.
 * After a cut: every acknowledged check-in is there, the package version
 * is at least the last acknowledged one and each package is there whole or
 * not at all, the township's mark is at least the last acknowledged
 * bundle's seq; PRAGMA integrity_check is ok; and the program goes on
 * (another check-in; the bundles imported again reach the last seq). */
#include "activity.h"
#include "checkin.h"
#include "config.h"
#include "container.h"
#include "demo.h"
#include "keypair.h"
#include "package.h"
#include "powerloss_vfs.h"
#include "roster.h"
#include "sync.h"
#include "testfiles.h"
#include "township.h"
#include "util.h"
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define KIOSK "pl-kiosk"
#define VILLAGE "鲁庙村"
#define N_MEMBERS 40

typedef struct {
  char dir[700], work[800], town[800];
  unsigned char *tmpl;      /* the kiosk's database, as the work starts */
  size_t nTmpl;
  int64_t actId;
  char aNo[N_MEMBERS][24];
  unsigned char *aPkg[2];   /* package files (township -> kiosk) */
  size_t anPkg[2];
  unsigned char *townDb;    /* the township's database, before any import */
  size_t nTownDb;
  unsigned char *aBundle[3];
  size_t anBundle[3];
  int64_t aSeqTo[3];
} St;

/* Says why a case could not be set up; returns -1. */
static int fail(const char *zWhat, const char *zErr) {
  fprintf(stderr, "powerloss setup: %s: %s\n", zWhat, zErr);
  return -1;
}

/* The kiosk's template: the demo village at 08:00 today (its 主题党日 is
 * open for check-in), with the members who will check in. */
static St *new_state(const char *zDir, Db **pDb) {
  setenv("TZ", "CST-8", 1);
  tzset();
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  tm.tm_hour = 8, tm.tm_min = 0, tm.tm_sec = 0;
  util_set_clock((int64_t)mktime(&tm));
  St *st = calloc(1, sizeof *st);
  util_strlcpy(st->dir, zDir, sizeof st->dir);
  mkdir(zDir, 0700);
  snprintf(st->work, sizeof st->work, "%s/kiosk.db", zDir);
  snprintf(st->town, sizeof st->town, "%s/town", zDir);
  char path[900], err[400];
  snprintf(path, sizeof path, "%s/tmpl.db", zDir);
  tf_unlink_db(path);
  Db *db;
  Config cfg;
  config_defaults(&cfg);
  DemoStats ds;
  Activity act;
  Member *a;
  int n;
  if (db_open(path, KIOSK, &db, err, sizeof err)) { fail("db_open", err); free(st); return NULL; }
  if (demo_load(db, &cfg, &ds, err, sizeof err) || checkin_default_activity(db, &act) || roster_list(db, &a, &n) ||
      n < N_MEMBERS) {
    fail("demo", err);
    db_close(db);
    free(st);
    return NULL;
  }
  st->actId = act.id;
  for (int i = 0; i < N_MEMBERS; i++) util_strlcpy(st->aNo[i], a[i].memberNo, sizeof st->aNo[i]);
  free(a);
  *pDb = db;
  return st;
}

/* Closes the template and keeps its bytes. */
static int keep_template(St *st, Db *db) {
  char path[900];
  db_close(db);
  snprintf(path, sizeof path, "%s/tmpl.db", st->dir);
  st->tmpl = tf_slurp(path, &st->nTmpl);
  return st->tmpl ? 0 : fail("read", path);
}

/* Frees a case's state and unpins the clock (PlCase.finish). */
static void finish(void *p) {
  St *st = p;
  free(st->tmpl);
  free(st->townDb);
  for (int i = 0; i < 2; i++) free(st->aPkg[i]);
  for (int i = 0; i < 3; i++) free(st->aBundle[i]);
  free(st);
  util_set_clock(-1);
}

/* The kiosk's database back as its template has it (PlCase.reset). */
static int reset_kiosk(void *p) {
  St *st = p;
  return tf_put_db(st->work, st->tmpl, st->nTmpl);
}

/* In the child: an unexpected failure is a bug, not a power cut. */
static void die(const char *zWhat, const char *zErr) {
  fprintf(stderr, "powerloss work: %s: %s\n", zWhat, zErr);
  _exit(3);
}

/* In the child: the work database, opened as the kiosk opens it (db_close). */
static Db *open_work(St *st) {
  Db *db;
  char err[400];
  if (db_open(st->work, NULL, &db, err, sizeof err)) die("db_open", err);
  return db;
}

/* Members aNo[from..to) check in; each new one is acknowledged "C <uuid>". */
static void checkins(St *st, Db *db, int from, int to) {
  char err[400];
  for (int i = from; i < to; i++) {
    CheckinRecord r;
    if (checkin_record(db, st->actId, st->aNo[i], CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err)) die("checkin", err);
    if (r.outcome == CHECKIN_NEW) pl_ack("C %s", r.uuid);
  }
}

/* One integer from zSql with ?1 = zArg (may be NULL); -1 on error. */
static int64_t one_int(sqlite3 *h, const char *zSql, const char *zArg) {
  sqlite3_stmt *s;
  int64_t v = -1;
  if (sqlite3_prepare_v2(h, zSql, -1, &s, NULL) == SQLITE_OK) {
    if (zArg) sqlite3_bind_text(s, 1, zArg, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW) v = sqlite3_column_int64(s, 0);
  }
  sqlite3_finalize(s);
  return v;
}

/* integrity_check of zPath through the plain unix VFS: 0 ok. */
static int sound(const char *zPath, char *zWhy, int nWhy) {
  sqlite3 *h;
  if (sqlite3_open_v2(zPath, &h, SQLITE_OPEN_READWRITE, "unix") != SQLITE_OK) {
    snprintf(zWhy, nWhy, "cannot open %s: %s", zPath, sqlite3_errmsg(h));
    sqlite3_close(h);
    return -1;
  }
  sqlite3_stmt *s;
  int ok = sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW &&
           !strcmp((const char *)sqlite3_column_text(s, 0), "ok");
  if (!ok) snprintf(zWhy, nWhy, "integrity_check of %s: %s", zPath, s && sqlite3_column_text(s, 0) ? (const char *)sqlite3_column_text(s, 0) : sqlite3_errmsg(h));
  sqlite3_finalize(s);
  sqlite3_close(h);
  return ok ? 0 : -1;
}

/* The kiosk's side after a cut: sound, every acknowledged check-in there
 * once, and the kiosk opens and takes one more check-in. *pPkg gets the
 * highest package acknowledged ("P v"). */
static int check_kiosk(St *st, char **az, int n, int *pPkg, char *zWhy, int nWhy) {
  if (sound(st->work, zWhy, nWhy)) return -1;
  sqlite3 *h;
  sqlite3_open_v2(st->work, &h, SQLITE_OPEN_READWRITE, "unix");
  int bad = 0;
  *pPkg = 0;
  for (int i = 0; i < n && !bad; i++) {
    if (az[i][0] == 'P') *pPkg = atoi(az[i] + 2);
    if (az[i][0] != 'C') continue;
    if (one_int(h, "SELECT count(*) FROM checkin WHERE uuid = ?1", az[i] + 2) != 1) {
      snprintf(zWhy, nWhy, "acknowledged check-in %s is lost", az[i] + 2);
      bad = 1;
    }
  }
  sqlite3_close(h);
  if (bad) return -1;
  Db *db;
  char err[400];
  if (db_open(st->work, NULL, &db, err, sizeof err)) {
    snprintf(zWhy, nWhy, "the kiosk cannot open its database: %s", err);
    return -1;
  }
  CheckinRecord r;
  int rc = checkin_record(db, st->actId, st->aNo[N_MEMBERS - 1], CHECKIN_METHOD_TAP, NULL, &r, err, sizeof err);
  db_close(db);
  if (rc) snprintf(zWhy, nWhy, "no check-in after the cut: %s", err);
  return rc ? -1 : 0;
}

/* ---- check-ins ---- */

static void *checkin_prepare(const char *zDir) {
  Db *db;
  St *st = new_state(zDir, &db);
  if (!st) return NULL;
  if (keep_template(st, db)) { finish(st); return NULL; }
  return st;
}

static void checkin_work(void *p) {
  St *st = p;
  Db *db = open_work(st);
  checkins(st, db, 0, N_MEMBERS);
  db_close(db);
}

static int checkin_check(void *p, char **az, int n, char *zWhy, int nWhy) {
  int pkg;
  return check_kiosk(p, az, n, &pkg, zWhy, nWhy);
}

const PlCase pl_case_checkin = {"checkin", checkin_prepare, reset_kiosk, checkin_work, checkin_check, finish};

/* ---- a township with the kiosk enrolled and trusted ---- */

static Township *make_township(St *st, Db *db, KeyPair *kp, Config *cfg) {
  char path[900], err[400];
  Township *t;
  int created;
  if (township_init(st->town, "刘集镇", err, sizeof err) || township_open(st->town, &t, err, sizeof err)) {
    fail("township", err);
    return NULL;
  }
  snprintf(path, sizeof path, "%s/kiosk.key", st->dir);
  config_defaults(cfg);
  util_strlcpy(cfg->village, VILLAGE, sizeof cfg->village);
  if (keypair_load_or_create(path, kp, &created, err, sizeof err)) { fail("key", err); township_close(t); return NULL; }
  snprintf(path, sizeof path, "%s/kiosk.pub", st->dir);
  if (sync_write_pubkey(db, kp, cfg, path, err, sizeof err) || township_enroll(t, path, VILLAGE, "", NULL, err, sizeof err)) {
    fail("enroll", err);
    township_close(t);
    return NULL;
  }
  snprintf(path, sizeof path, "%s/township.pub", st->town);
  if (sync_trust(db, path, 0, err, sizeof err)) { fail("trust", err); township_close(t); return NULL; }
  return t;
}

/* ---- packages ---- */

static int write_text(const char *zPath, const char *z) {
  FILE *f = fopen(zPath, "w");
  int ok = f && fputs(z, f) >= 0;
  if (f && fclose(f)) ok = 0;
  return ok ? 0 : -1;
}

/* Package k (0, 1) into st->aPkg[k]: the village's roster (with LM0900
 * from the second on) and the activity 断电测试<k+1>. */
static int make_package(St *st, Township *t, Db *db, int k) {
  char roster[900], cal[900], out[900], err[400], day[11], line[400];
  Member *a;
  int n;
  if (roster_list(db, &a, &n)) return fail("roster_list", "");
  snprintf(roster, sizeof roster, "%s/roster%d.csv", st->dir, k);
  FILE *f = fopen(roster, "w");
  if (!f) { free(a); return fail("write", roster); }
  fputs("党员编号,姓名,村民小组,手机后四位,出生年份\n", f);
  for (int i = 0; i < n; i++) {
    char year[12] = "";
    if (a[i].birthYear) snprintf(year, sizeof year, "%d", a[i].birthYear);
    fprintf(f, "%s,%s,%s,%s,%s\n", a[i].memberNo, a[i].name, a[i].group, a[i].phone4, year);
  }
  if (k >= 1) fputs("LM0900,断电测试员,第九组,,1980\n", f);
  fclose(f);
  free(a);
  util_local_date(util_now(), day);
  util_date_add(day, 3 + k, day);
  snprintf(cal, sizeof cal, "%s/cal%d.csv", st->dir, k);
  snprintf(line, sizeof line, "日期,类型,标题,开始,结束,地点\n%s,主题党日,断电测试%d,09:00,11:00,村党群服务中心\n", day, k + 1);
  if (write_text(cal, line)) return fail("write", cal);
  TownshipPackageSpec spec = {.zRosterCsv = roster, .zVillage = VILLAGE, .zCalendarCsv = cal,
                              .zCategories = "环境整治,关爱帮扶", .zExpires = "2099-12-31"};
  int64_t v;
  snprintf(out, sizeof out, "%s/pkg%d.bin", st->dir, k);
  if (township_package(t, &spec, out, &v, err, sizeof err)) return fail("township_package", err);
  if (v != k + 1) return fail("township_package", "unexpected version");
  st->aPkg[k] = tf_slurp(out, &st->anPkg[k]);
  return st->aPkg[k] ? 0 : fail("read", out);
}

static void *package_prepare(const char *zDir) {
  Db *db;
  St *st = new_state(zDir, &db);
  if (!st) return NULL;
  KeyPair kp;
  Config cfg;
  Township *t = make_township(st, db, &kp, &cfg);
  int rc = !t || make_package(st, t, db, 0) || make_package(st, t, db, 1);
  if (t) township_close(t);
  keypair_wipe(&kp);
  if (keep_template(st, db) || rc) { finish(st); return NULL; }
  return st;
}

static void package_work(void *p) {
  St *st = p;
  Db *db = open_work(st);
  char err[400];
  SyncApplied ap;
  for (int k = 0; k < 2; k++) {
    if (sync_apply(db, st->aPkg[k], st->anPkg[k], &ap, err, sizeof err)) die("sync_apply", err);
    pl_ack("P %d", k + 1);
    checkins(st, db, 5 * k, 5 * k + 5);
  }
  db_close(db);
}

static int package_check(void *p, char **az, int n, char *zWhy, int nWhy) {
  St *st = p;
  int acked;
  /* what the packages brought, read before check_kiosk adds its check-in */
  if (sound(st->work, zWhy, nWhy)) return -1;
  sqlite3 *h;
  sqlite3_open_v2(st->work, &h, SQLITE_OPEN_READWRITE, "unix");
  char v[32] = "0";
  sqlite3_stmt *s;
  if (sqlite3_prepare_v2(h, "SELECT value FROM meta WHERE key = 'package_version'", -1, &s, NULL) == SQLITE_OK &&
      sqlite3_step(s) == SQLITE_ROW)
    util_strlcpy(v, (const char *)sqlite3_column_text(s, 0), sizeof v);
  sqlite3_finalize(s);
  int version = atoi(v);
  int64_t a1 = one_int(h, "SELECT count(*) FROM activity WHERE title = ?1", "断电测试1");
  int64_t a2 = one_int(h, "SELECT count(*) FROM activity WHERE title = ?1", "断电测试2");
  int64_t m = one_int(h, "SELECT count(*) FROM member WHERE member_no = ?1", "LM0900");
  sqlite3_close(h);
  if (check_kiosk(st, az, n, &acked, zWhy, nWhy)) return -1;
  if (version < acked) {
    snprintf(zWhy, nWhy, "package %d was acknowledged, the kiosk holds version %d", acked, version);
    return -1;
  }
  if ((a1 > 0) != (version >= 1) || (a2 > 0) != (version >= 2) || (m > 0) != (version >= 2)) {
    snprintf(zWhy, nWhy, "package version %d but its content is not whole (activities %lld %lld, LM0900 %lld)", version,
             (long long)a1, (long long)a2, (long long)m);
    return -1;
  }
  return 0;
}

const PlCase pl_case_package = {"package", package_prepare, reset_kiosk, package_work, package_check, finish};

/* ---- the township's import ---- */

static void *import_prepare(const char *zDir) {
  Db *db;
  St *st = new_state(zDir, &db);
  if (!st) return NULL;
  KeyPair kp;
  Config cfg;
  char path[900], err[400];
  Township *t = make_township(st, db, &kp, &cfg);
  int rc = !t;
  if (t) {
    township_close(t); /* its database before any import: what each run starts from */
    snprintf(path, sizeof path, "%s/township.db", st->town);
    st->townDb = tf_slurp(path, &st->nTownDb);
    rc = !st->townDb || township_open(st->town, &t, err, sizeof err);
  }
  for (int b = 0; !rc && b < 3; b++) {
    checkins(st, db, 5 * b, 5 * b + 5); /* pl_ack outside a child writes nowhere */
    SyncExport ex;
    TownshipImport imp;
    unsigned char *ack;
    size_t nAck;
    SyncApplied ap;
    rc = sync_bundle(db, &kp, &cfg, 0, 0, &st->aBundle[b], &st->anBundle[b], &ex, err, sizeof err) ||
         township_import(t, st->aBundle[b], st->anBundle[b], &imp, err, sizeof err) ||
         township_ack(t, KIOSK, &ack, &nAck, NULL, err, sizeof err);
    if (!rc) {
      rc = sync_apply(db, ack, nAck, &ap, err, sizeof err);
      free(ack);
    }
    st->aSeqTo[b] = ex.seqTo;
    if (rc) fail("bundle", err);
  }
  if (t) township_close(t);
  keypair_wipe(&kp);
  if (keep_template(st, db) || rc) { finish(st); return NULL; }
  return st;
}

static int import_reset(void *p) {
  St *st = p;
  char path[900];
  snprintf(path, sizeof path, "%s/township.db", st->town);
  return tf_put_db(path, st->townDb, st->nTownDb);
}

static void import_work(void *p) {
  St *st = p;
  Township *t;
  char err[400];
  if (township_open(st->town, &t, err, sizeof err)) die("township_open", err);
  static const int order[] = {0, 1, 1, 2};
  for (int i = 0; i < 4; i++) {
    TownshipImport imp;
    int b = order[i];
    if (township_import(t, st->aBundle[b], st->anBundle[b], &imp, err, sizeof err)) die("township_import", err);
    pl_ack("I %lld", (long long)imp.seqTo);
  }
  township_close(t);
}

static int import_check(void *p, char **az, int n, char *zWhy, int nWhy) {
  St *st = p;
  char path[900], err[400];
  snprintf(path, sizeof path, "%s/township.db", st->town);
  if (sound(path, zWhy, nWhy)) return -1;
  int64_t acked = 0;
  for (int i = 0; i < n; i++)
    if (az[i][0] == 'I' && atoll(az[i] + 2) > acked) acked = atoll(az[i] + 2);
  Township *t;
  if (township_open(st->town, &t, err, sizeof err)) {
    snprintf(zWhy, nWhy, "the township cannot open its database: %s", err);
    return -1;
  }
  int64_t mark = township_acked(t, KIOSK);
  int rc = 0;
  if (mark < acked) {
    snprintf(zWhy, nWhy, "bundles up to seq %lld were acknowledged, the township holds up to %lld", (long long)acked,
             (long long)mark);
    rc = -1;
  }
  for (int b = 0; !rc && b < 3; b++) {
    TownshipImport imp;
    if (township_import(t, st->aBundle[b], st->anBundle[b], &imp, err, sizeof err)) {
      snprintf(zWhy, nWhy, "bundle %d cannot be imported after the cut: %s", b + 1, err);
      rc = -1;
    }
  }
  if (!rc && township_acked(t, KIOSK) != st->aSeqTo[2]) {
    snprintf(zWhy, nWhy, "after importing every bundle again the mark is %lld, not %lld",
             (long long)township_acked(t, KIOSK), (long long)st->aSeqTo[2]);
    rc = -1;
  }
  township_close(t);
  return rc;
}

const PlCase pl_case_import = {"import", import_prepare, import_reset, import_work, import_check, finish};
