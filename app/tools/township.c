/* township: the township Party office's tool, on the same core as the
 * kiosk: keys and enrolment, importing kiosk bundles (idempotent), signed
 * acknowledgements and update packages, reports (report.c) and the LAN hub
 * (hub.c). Messages are English; a refusal says why and changes nothing. */
#include "township.h"
#include "backup.h"
#include "db.h"
#include "roster.h"
#include "setup.h"
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int township_report_cmd(Township *t, const char *zMonth, const char *zQuarter, const char *zAsOf, const char *zOut);
int township_serve_cmd(Township *t, const char *zListen, int maxSeconds);

static const char *zUsage =
  "usage: township [--version] [--dir DIR] COMMAND ...   (DIR: where township.db, .key and .pub live; default .)\n"
  "  init --name 刘集镇                  create the township's database and key pair, and township.pub\n"
  "  enroll kiosk.pub --village V [--branch B]\n"
  "                                    trust a kiosk (done once, in person)\n"
  "  revoke KIOSK_ID                   refuse a lost or stolen kiosk's bundles from now on\n"
  "  kiosks                            the enrolled kiosks, with what the township holds of each\n"
  "  import BUNDLE...                  merge kiosk bundles; prints new, duplicate and rejected records\n"
  "  ack KIOSK_ID --out DIR            a signed acknowledgement for the kiosk (advances its high-water mark)\n"
  "  package [--notices DIR] [--roster CSV [--village V]] [--calendar CSV] [--categories LIST]\n"
  "          [--rating SPEC] [--expires YYYY-MM-DD] --out FILE.ksp\n"
  "                                    a signed update package with the next version; the roster's 村\n"
  "                                    column says each member's village (each kiosk takes only its\n"
  "                                    village's rows); a file without 村 needs --village V\n"
  "  report (--month YYYY-MM | --quarter YYYY-Qn) [--as-of \"YYYY-MM-DD HH:MM\"] --out DIR\n"
  "                                    XLSX workbook and PNG charts for the monthly and quarterly reviews,\n"
  "                                    counting what had happened by --as-of (default: now)\n"
  "  setup-stick --village V [--branch B] [--county C] [--roster CSV] [--notices DIR] [--calendar CSV]\n"
  "              --out DIR             a new kiosk's setup stick: DIR/KIOSK-SETUP/ gets township.pub (never the\n"
  "                                    private key), the village, its roster (kioskctl's CSV format) and a first\n"
  "                                    package; the kiosk writes kiosk.pub back there for enroll\n"
  "  backup [--keep N]                 a copy of township.db into DIR/backup; keeps the newest N daily (default 7)\n"
  "  serve [--listen 127.0.0.1:8080] [--seconds N]\n"
  "                                    the LAN hub: kiosks push bundles and pull acknowledgements and packages\n";

typedef struct {
  const char *dir;
  int nPos;
  const char *azPos[1024];
  const char *azName[32], *azVal[32];
  int nOpt;
} Args;

static const char *opt(const Args *a, const char *z) {
  for (int i = 0; i < a->nOpt; i++)
    if (!strcmp(a->azName[i], z)) return a->azVal[i];
  return NULL;
}

/* Copies a small file; 0 or -1 (errno set). */
static int copy_file(const char *zFrom, const char *zTo) {
  char *z;
  size_t n;
  if (util_read_file(zFrom, &z, &n)) return -1;
  FILE *f = fopen(zTo, "wb");
  int rc = f && fwrite(z, 1, n, f) == n && fflush(f) == 0 && fsync(fileno(f)) == 0 ? 0 : -1;
  if (f && fclose(f)) rc = -1;
  free(z);
  return rc;
}

/* A roster the kiosk will take: imported into a throwaway kiosk database
 * first. 0, or -1 with the reason. */
static int check_roster(const char *zCsv, const char *zBranch, char *zErr, int nErr) {
  char dir[] = "/tmp/township-roster.XXXXXX", path[64], err[400];
  if (!mkdtemp(dir)) { snprintf(zErr, nErr, "cannot make a temporary directory: %s", strerror(errno)); return -1; }
  snprintf(path, sizeof path, "%s/check.db", dir);
  Db *db;
  RosterImportStats st;
  int rc = db_open(path, NULL, &db, err, sizeof err);
  if (!rc && roster_import_file(db, zCsv, zBranch, &st, err, sizeof err)) rc = -1;
  else if (!rc && st.added == 0) { snprintf(err, sizeof err, "no members in it"); rc = -1; }
  if (rc) snprintf(zErr, nErr, "%s: %s", zCsv, err);
  db_close(db);
  const char *side[] = {"", "-wal", "-shm"};
  for (int i = 0; i < 3; i++) {
    char p[80];
    snprintf(p, sizeof p, "%s%s", path, side[i]);
    unlink(p);
  }
  rmdir(dir);
  return rc;
}

static int cmd_setup_stick(Township *t, const Args *a) {
  const char *zVillage = opt(a, "village"), *zOut = opt(a, "out"), *zRoster = opt(a, "roster");
  if (!zVillage || !zOut) { fprintf(stderr, "error: setup-stick needs --village V and --out DIR\n"); return 2; }
  SetupIdentity id = {0};
  char err[512], dir[1200], path[1300], branch[96];
  snprintf(branch, sizeof branch, "%s党支部", zVillage);
  const char *zBranch = opt(a, "branch") ? opt(a, "branch") : branch;
  const char *zCounty = opt(a, "county") ? opt(a, "county") : "";
  const char *azVal[] = {zVillage, zBranch, zCounty};
  for (int i = 0; i < 3; i++)
    if (strlen(azVal[i]) >= sizeof id.village || strpbrk(azVal[i], "\n\r[];=") || !util_utf8_valid(azVal[i], strlen(azVal[i]))) {
      fprintf(stderr, "error: \"%s\" cannot be a village, branch or county name\n", azVal[i]);
      return 2;
    }
  if (!zVillage[0]) { fprintf(stderr, "error: --village is empty\n"); return 2; }
  sqlite3_stmt *s;
  char name[64] = "";
  if (sqlite3_prepare_v2(township_db(t), "SELECT value FROM meta WHERE key = 'name'", -1, &s, NULL) == SQLITE_OK) {
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
      util_strlcpy(name, (const char *)sqlite3_column_text(s, 0), sizeof name);
    sqlite3_finalize(s);
  }
  if (zRoster && check_roster(zRoster, zBranch, err, sizeof err)) {
    fprintf(stderr, "error: %s\nNo setup stick was written.\n", err);
    return 1;
  }
  snprintf(dir, sizeof dir, "%s/" SETUP_DIR, zOut);
  if (mkdir(dir, 0755) && errno != EEXIST) { fprintf(stderr, "error: cannot create %s: %s\n", dir, strerror(errno)); return 1; }
  snprintf(path, sizeof path, "%s/kiosk.pub", dir);
  unlink(path); /* an old kiosk's key must not be enrolled for this one */
  char pub[1200];
  snprintf(pub, sizeof pub, "%s/township.pub", a->dir);
  snprintf(path, sizeof path, "%s/township.pub", dir);
  if (copy_file(pub, path)) { fprintf(stderr, "error: cannot copy %s to %s: %s\n", pub, path, strerror(errno)); return 1; }
  snprintf(path, sizeof path, "%s/village.ini", dir);
  FILE *f = fopen(path, "w");
  if (!f || fprintf(f, "; a new kiosk's village, from township setup-stick\n[kiosk]\n%s%s%stownship = %s\nvillage = %s\n"
                       "branch = %s\n", zCounty[0] ? "county = " : "", zCounty, zCounty[0] ? "\n" : "", name, zVillage,
                    zBranch) < 0 || fclose(f)) {
    fprintf(stderr, "error: cannot write %s\n", path);
    return 1;
  }
  snprintf(path, sizeof path, "%s/roster.csv", dir);
  unlink(path);
  if (zRoster && copy_file(zRoster, path)) { fprintf(stderr, "error: cannot copy %s: %s\n", zRoster, strerror(errno)); return 1; }
  snprintf(path, sizeof path, "%s/package.ksp", dir);
  unlink(path);
  int64_t v = 0;
  if (opt(a, "notices") || opt(a, "calendar")) {
    TownshipPackageSpec spec = {.zNoticesDir = opt(a, "notices"), .zCalendarCsv = opt(a, "calendar")};
    if (township_package(t, &spec, path, &v, err, sizeof err)) {
      fprintf(stderr, "error: %s\nThe setup stick has no first package.\n", err);
      return 1;
    }
  }
  printf("setup stick for %s %s in %s: township.pub, village.ini%s%s\n", name, zVillage, dir, zRoster ? ", roster.csv" : "",
         v ? ", package.ksp" : "");
  printf("after the kiosk is set up: township enroll %s/kiosk.pub --village %s\n", dir, zVillage);
  return 0;
}

int main(int argc, char **argv) {
  Args a = {.dir = "."};
  for (int i = 1; i < argc; i++) {
    if (!strncmp(argv[i], "--", 2)) {
      const char *name = argv[i] + 2;
      if (!strcmp(name, "help")) { fputs(zUsage, stdout); return 0; }
      if (!strcmp(name, "version")) { printf("township %s\n", KIOSK_VERSION); return 0; }
      if (i + 1 >= argc) { fprintf(stderr, "error: --%s needs a value\n", name); return 2; }
      if (!strcmp(name, "dir")) { a.dir = argv[++i]; continue; }
      if (a.nOpt == 32) { fprintf(stderr, "error: too many options\n"); return 2; }
      a.azName[a.nOpt] = name;
      a.azVal[a.nOpt++] = argv[++i];
    } else if (a.nPos < 1024) a.azPos[a.nPos++] = argv[i];
  }
  if (!a.nPos) { fputs(zUsage, stderr); return 2; }
  setenv("TZ", "CST-8", 0);
  tzset();
  const char *cmd = a.azPos[0];
  char err[512];
  if (!strcmp(cmd, "init")) {
    const char *name = opt(&a, "name");
    if (!name) { fprintf(stderr, "error: --name is required\n"); return 2; }
    if (township_init(a.dir, name, err, sizeof err)) { fprintf(stderr, "error: %s\n", err); return 1; }
    Township *t;
    if (township_open(a.dir, &t, err, sizeof err)) { fprintf(stderr, "error: %s\n", err); return 1; }
    printf("township %s (%s) ready in %s; give %s/township.pub to each kiosk\n", township_id(t), name, a.dir, a.dir);
    township_close(t);
    return 0;
  }
  Township *t;
  if (township_open(a.dir, &t, err, sizeof err)) { fprintf(stderr, "error: %s\n", err); return 1; }
  int rc = 0;
  if (!strcmp(cmd, "enroll") && a.nPos == 2) {
    char id[41];
    if (!opt(&a, "village")) { fprintf(stderr, "error: --village is required\n"); rc = 2; }
    else if (township_enroll(t, a.azPos[1], opt(&a, "village"), opt(&a, "branch"), id, err, sizeof err)) {
      fprintf(stderr, "error: %s\n", err);
      rc = 1;
    } else printf("enrolled kiosk %s for %s\n", id, opt(&a, "village"));
  } else if (!strcmp(cmd, "revoke") && a.nPos == 2) {
    if (township_revoke(t, a.azPos[1], err, sizeof err)) { fprintf(stderr, "error: %s\n", err); rc = 1; }
    else printf("revoked kiosk %s\n", a.azPos[1]);
  } else if (!strcmp(cmd, "kiosks")) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(township_db(t),
          "SELECT kiosk_id, village, branch, revoked, (SELECT count(*) FROM bundle b WHERE b.kiosk_id = k.kiosk_id)"
          " FROM kiosk k ORDER BY village", -1, &s, NULL) == SQLITE_OK) {
      while (sqlite3_step(s) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(s, 0);
        printf("%s %s %s bundles %d acked %lld%s\n", id, sqlite3_column_text(s, 1), sqlite3_column_text(s, 2),
               sqlite3_column_int(s, 4), (long long)township_acked(t, id), sqlite3_column_int(s, 3) ? " REVOKED" : "");
      }
      sqlite3_finalize(s);
    }
  } else if (!strcmp(cmd, "import") && a.nPos >= 2) {
    int fresh = 0, dup = 0, rej = 0, refused = 0;
    for (int i = 1; i < a.nPos; i++) {
      TownshipImport r;
      if (township_import_file(t, a.azPos[i], &r, err, sizeof err)) {
        fprintf(stderr, "refused %s: %s\n", a.azPos[i], err);
        refused++;
        continue;
      }
      fresh += r.fresh;
      dup += r.duplicate;
      rej += r.rejected;
      if (a.nPos <= 21)
        printf("%s: %s seq %lld-%lld: %d new, %d duplicate, %d rejected%s\n", a.azPos[i], r.village,
               (long long)r.seqFrom, (long long)r.seqTo, r.fresh, r.duplicate, r.rejected,
               r.skipped ? " (imported before)" : "");
    }
    printf("total: %d new, %d duplicate, %d rejected, %d bundles refused\n", fresh, dup, rej, refused);
    rc = refused ? 1 : 0;
  } else if (!strcmp(cmd, "ack") && a.nPos == 2) {
    char path[1400];
    int64_t seq;
    if (!opt(&a, "out")) { fprintf(stderr, "error: --out is required\n"); rc = 2; }
    else if (township_ack_file(t, a.azPos[1], opt(&a, "out"), path, sizeof path, &seq, err, sizeof err)) {
      fprintf(stderr, "error: %s\n", err);
      rc = 1;
    } else printf("acknowledged kiosk %s up to seq %lld: %s\n", a.azPos[1], (long long)seq, path);
  } else if (!strcmp(cmd, "package")) {
    TownshipPackageSpec spec = {.zNoticesDir = opt(&a, "notices"), .zRosterCsv = opt(&a, "roster"),
                                .zVillage = opt(&a, "village"), .zCalendarCsv = opt(&a, "calendar"),
                                .zCategories = opt(&a, "categories"), .zRating = opt(&a, "rating"),
                                .zExpires = opt(&a, "expires")};
    int64_t v;
    if (!opt(&a, "out")) { fprintf(stderr, "error: --out is required\n"); rc = 2; }
    else if (township_package(t, &spec, opt(&a, "out"), &v, err, sizeof err)) {
      fprintf(stderr, "error: %s\nNo package was made.\n", err);
      rc = 1;
    } else printf("package version %lld written to %s\n", (long long)v, opt(&a, "out"));
  } else if (!strcmp(cmd, "report")) {
    if (!opt(&a, "out") || (!opt(&a, "month") == !opt(&a, "quarter"))) {
      fprintf(stderr, "error: report needs --out DIR and one of --month YYYY-MM or --quarter YYYY-Qn\n");
      rc = 2;
    } else rc = township_report_cmd(t, opt(&a, "month"), opt(&a, "quarter"), opt(&a, "as-of"), opt(&a, "out"));
  } else if (!strcmp(cmd, "setup-stick") && a.nPos == 1) {
    rc = cmd_setup_stick(t, &a);
  } else if (!strcmp(cmd, "backup") && a.nPos == 1) {
    const char *zKeep = opt(&a, "keep");
    char *end = NULL, dir[1100], path[1200];
    long keep = zKeep ? strtol(zKeep, &end, 10) : 7;
    int removed;
    snprintf(dir, sizeof dir, "%s/backup", a.dir);
    if (zKeep && (end == zKeep || *end || keep < 1 || keep > 1000)) {
      fprintf(stderr, "error: --keep takes a number from 1 to 1000\n");
      rc = 2;
    } else if (backup_make(township_db(t), dir, "daily", path, sizeof path, err, sizeof err) ||
               backup_prune(dir, "daily", (int)keep, &removed, err, sizeof err)) {
      fprintf(stderr, "error: %s\n", err);
      rc = 1;
    } else printf("backed up to %s; %d older daily copies removed\n", path, removed);
  } else if (!strcmp(cmd, "serve")) {
    const char *sec = opt(&a, "seconds");
    rc = township_serve_cmd(t, opt(&a, "listen") ? opt(&a, "listen") : "127.0.0.1:8080", sec ? atoi(sec) : 0);
  } else {
    fputs(zUsage, stderr);
    rc = 2;
  }
  township_close(t);
  return rc;
}
