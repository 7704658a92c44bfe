/* gen_corpus: writes the committed seeds of tests/fuzz/corpus/ from the
 * project's own writers (the demo village's files, qrcard_issue,
 * sync_bundle, township_package, container_make) with the harnesses' fixed
 * keys and ids, plus a few edge cases by hand. Run from the fuzz build:
 *     build-fuzz/tests/fuzz/fuzz_gen_corpus SRCROOT tests/fuzz/corpus
 * It overwrites the seeds it makes (a sealed seed differs each time: its
 * key is random); edge cases found by fuzzing may be added by hand. */
#include "config.h"
#include "container.h"
#include "fuzzutil.h"
#include "package.h"
#include "qrcard.h"
#include "sync.h"
#include "township.h"
#include "util.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *gOut, *gSrc;
static int gWritten;

/* Writes seed zName of harness zHarness (exits on failure); seeds() a string. */
static void seed(const char *zHarness, const char *zName, const void *z, size_t n) {
  char path[1200];
  snprintf(path, sizeof path, "%s/%s", gOut, zHarness);
  mkdir(path, 0755);
  snprintf(path, sizeof path, "%s/%s/%s", gOut, zHarness, zName);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(z, 1, n, f) != n || fclose(f)) { perror(path); exit(1); }
  gWritten++;
}
static void seeds(const char *zHarness, const char *zName, const char *z) { seed(zHarness, zName, z, strlen(z)); }

/* A source file's bytes (freed with free()). */
static char *src(const char *zRel, size_t *pn) {
  char path[1200], *buf;
  snprintf(path, sizeof path, "%s/%s", gSrc, zRel);
  if (util_read_file(path, &buf, pn)) { fprintf(stderr, "cannot read %s\n", path); exit(1); }
  return buf;
}

/* A source file as a seed. */
static void seed_src(const char *zHarness, const char *zName, const char *zRel) {
  size_t n;
  char *z = src(zRel, &n);
  seed(zHarness, zName, z, n);
  free(z);
}

/* Each function below writes one harness's seeds. */
static void roster(void) {
  seed_src("roster", "demo_members.csv", "data/demo/members.csv");
  seeds("roster", "bom_branch.csv", "\xef\xbb\xbf党员编号,姓名,村民小组,支部,手机后四位,出生年份\r\n"
                                    "LM0500,欧阳娜仁其其格,第九组,鲁庙村党支部,1234,1990\r\n");
  seeds("roster", "quoted_inactive.csv", "党员编号,姓名,村民小组,手机后四位,出生年份,在册\n"
                                         "LM0001,\"陈,宏伟\",第一组,7645,1955,否\n\"LM0600\",\"张\"\"三\",,,,是\n");
  seeds("roster", "header_only.csv", "党员编号,姓名,村民小组\n");
  /* 张三 in GBK */
  seeds("roster", "gbk.csv", "\xb5\xb3\xd4\xb1\xb1\xe0\xba\xc5,\xd0\xd5\xc3\xfb\nLM0700,\xd5\xc5\xc8\xfd\n");
}

static void markdown(void) {
  const char *azNotice[] = {"decision.md", "meetings.md", "subsidy.md", "training.md"};
  for (int i = 0; i < 4; i++) {
    size_t n;
    char rel[100], *z;
    snprintf(rel, sizeof rel, "data/demo/notices/%s", azNotice[i]);
    z = src(rel, &n);
    char *w = malloc(n + 1);
    w[0] = (char)(60 + 50 * i); /* the page width byte */
    memcpy(w + 1, z, n);
    seed("markdown", azNotice[i], w, n + 1);
    free(w);
    free(z);
  }
  seeds("markdown", "narrow.md", "\x01# 通知\n\n（一）**重要**：请于12月5日到村委会。\n\n- 第一项\n1234567. 电话\n");
  seeds("markdown", "image.md", "\x80![流程图](flow.png)\n\n![](x.jpg)\n**未闭合\n");
}

static void qrcard(void) {
  Db *db = fz_kiosk_db("gen-cards", fz_build_demo);
  KeyPair kp;
  fz_keypair(FZ_KEY_KIOSK, &kp);
  const char *azNo[] = {"LM0031", "LM0031", "LM0001", "LM0097"};
  char payload[QRCARD_PAYLOAD_MAX], err[256], name[40];
  for (int i = 0; i < 4; i++) {
    int serial;
    if (qrcard_issue(db, &kp, FZ_ISSUER, azNo[i], payload, &serial, err, sizeof err)) { fprintf(stderr, "%s\n", err); exit(1); }
    snprintf(name, sizeof name, "card_%d", i);
    seeds("qrcard", name, payload);
  }
  payload[strlen(payload) - 1] ^= 1;
  seeds("qrcard", "forged", payload);
  seeds("qrcard", "other_issuer", "K1.ZMLJ-OTHER.LM0031.1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  seeds("qrcard", "truncated", "K1.FUZZ-LUMIAO.LM00");
  /* fuzz_qrcard's signed mode: the harness signs what follows 0x01 */
  seeds("qrcard", "signed_current", "\x01K1.FUZZ-LUMIAO.LM0031.2");
  seeds("qrcard", "signed_revoked", "\x01K1.FUZZ-LUMIAO.LM0031.1");
  seeds("qrcard", "signed_unknown", "\x01K1.FUZZ-LUMIAO.LM9999.1");
  seeds("qrcard", "signed_unissued", "\x01K1.FUZZ-LUMIAO.LM0002.1");
  db_close(db);
}

static void config(void) {
  seed_src("config", "kiosk.conf", "kiosk.conf");
  seeds("config", "fonts.conf", "[fonts]\nprimary = /usr/share/fonts/a.ttc:2\nfallback = a.ttf\nfallback = b.ttf\n"
                                "fallback = c.ttf\n[rating]\nrules = attend=2;late=1\n[volunteer]\ncategories = 环境整治,关爱帮扶\n");
  seeds("config", "bad.conf", "[screen]\nwidth = 99999999999999999999\ndiagonal_inch = nan\n[nosuch]\nx\n");
}

static void bundle(void) {
  unsigned char *z;
  size_t n;
  fz_bundle("gen-trusting", fz_build_trusting, 1, &z, &n);
  ContainerInfo ci;
  char err[256];
  if (container_peek(z, n, &ci, err, sizeof err)) { fprintf(stderr, "%s\n", err); exit(1); }
  /* flags 0, then the plaintext in chunks of up to 60,000 bytes (and a
   * variant in small chunks, with a PUSH tag in the middle) */
  for (int v = 0; v < 2; v++) {
    size_t step = v ? 4000 : 60000, m = 1;
    unsigned char *s = malloc(1 + ci.nBody + 3 * (ci.nBody / step + 2));
    s[0] = 0;
    for (size_t off = 0; off < ci.nBody; off += step) {
      size_t len = ci.nBody - off < step ? ci.nBody - off : step;
      s[m++] = (unsigned char)len;
      s[m++] = (unsigned char)(len >> 8);
      s[m++] = v && off == step ? 1 : 0;
      memcpy(s + m, ci.body + off, len);
      m += len;
    }
    seed("bundle", v ? "demo_small_chunks" : "demo", s, m);
    free(s);
  }
  free(z);
  seed("bundle", "empty_final", "\x00\x00\x00\x03", 4);
  seed("bundle", "final_then_more", "\x04\x03\x00\x03" "abc\x03\x00\x00" "def", 13);
  /* SQL mode (flags 16): statements run on the demo's own bundle */
  static const char *const azSql[][2] = {
    {"sql_seq_to", "UPDATE manifest SET value = '999999' WHERE key = 'seq_to';"},
    {"sql_dup_records", "INSERT INTO checkin SELECT * FROM checkin; UPDATE checkin SET seq = seq + 1;"},
    {"sql_other_kiosk", "UPDATE checkin SET kiosk_id = 'other-kiosk' WHERE rowid % 2;"},
    {"sql_no_schema", "DELETE FROM manifest WHERE key = 'schema_version';"},
    {"sql_huge_name", "UPDATE member SET name = hex(zeroblob(2000)), seq = -seq;"},
    {"sql_bad_table", "DROP TABLE checkin; CREATE TABLE checkin(x); INSERT INTO checkin VALUES(1);"},
    {"sql_history", "UPDATE member_history SET superseded_by = NULL; INSERT INTO vol_entry SELECT * FROM vol_entry;"},
  };
  for (size_t i = 0; i < sizeof azSql / sizeof azSql[0]; i++) {
    size_t len = strlen(azSql[i][1]);
    unsigned char *q = malloc(len + 4);
    q[0] = 16, q[1] = (unsigned char)len, q[2] = (unsigned char)(len >> 8), q[3] = 0;
    memcpy(q + 4, azSql[i][1], len);
    seed("bundle", azSql[i][0], q, len + 4);
    free(q);
  }
  /* the whole sealed bundle, and an ack and a package, for fuzz_container */
  fz_bundle("gen-trusting", fz_build_trusting, 0, &z, &n);
  seed("container", "bundle_sealed", z, n);
  free(z);
}

/* A package payload from township_package, its township id made
 * FZ_TOWN_ID (the one the kiosk trusts in fuzz_package). */
static void package_payload(const char *zName, int withNotices) {
  Township *t = fz_township();
  char cal[400], out[400], err[512], notices[1200], roster[1200];
  const char *calendar = "日期,类型,标题,开始,结束,地点\n2026-12-05,主题党日,主题党日：学习新党章,09:00,11:30,村党群服务中心\n"
                         "2026-12-20,志愿服务,清扫村道,08:00,10:00,村口\n";
  fz_write("cal.csv", calendar, strlen(calendar));
  /* two of the demo's notices (and the image one shows), without the
   * demo's index.csv, whose dates are offsets */
  const char *azFile[] = {"subsidy.md", "training.md", "subsidy_flow.png"};
  char dir[400];
  mkdir(fz_path("notices", dir, sizeof dir), 0755);
  for (int i = 0; i < 3; i++) {
    char rel[200];
    size_t nf;
    snprintf(rel, sizeof rel, "data/demo/notices/%s", azFile[i]);
    char *zf = src(rel, &nf);
    snprintf(rel, sizeof rel, "notices/%s", azFile[i]);
    fz_write(rel, zf, nf);
    free(zf);
  }
  util_strlcpy(notices, dir, sizeof notices);
  snprintf(roster, sizeof roster, "%s/data/demo/members.csv", gSrc);
  TownshipPackageSpec spec = {.zNoticesDir = withNotices ? notices : NULL, .zRosterCsv = roster,
                              .zVillage = FZ_VILLAGE, .zCalendarCsv = fz_path("cal.csv", cal, sizeof cal),
                              .zCategories = "环境整治,关爱帮扶,文明劝导", .zRating = "attend=2;late=1",
                              .zExpires = "2099-12-31"};
  int64_t v;
  if (township_package(t, &spec, fz_path("pkg.bin", out, sizeof out), &v, err, sizeof err)) {
    fprintf(stderr, "township_package: %s\n", err);
    exit(1);
  }
  unsigned char *file;
  size_t n;
  ContainerInfo ci;
  if (container_read_file(out, PACKAGE_MAX_BYTES, &file, &n, err, sizeof err) || container_peek(file, n, &ci, err, sizeof err)) {
    fprintf(stderr, "%s\n", err);
    exit(1);
  }
  sqlite3 *h;
  sqlite3_open(":memory:", &h);
  unsigned char *copy = sqlite3_malloc64(ci.nBody);
  memcpy(copy, ci.body, ci.nBody);
  sqlite3_deserialize(h, "main", copy, (sqlite3_int64)ci.nBody, (sqlite3_int64)ci.nBody,
                      SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
  char sql[1200];
  snprintf(sql, sizeof sql,
           "UPDATE manifest SET value = '%s' WHERE key = 'township_id';"
           "UPDATE notice SET kiosk_id = '%s'; UPDATE notice_image SET kiosk_id = '%s';"
           "UPDATE activity SET kiosk_id = '%s'; VACUUM;", FZ_TOWN_ID, FZ_TOWN_ID, FZ_TOWN_ID, FZ_TOWN_ID);
  if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK) { fprintf(stderr, "%s\n", sqlite3_errmsg(h)); exit(1); }
  sqlite3_int64 size;
  unsigned char *img = sqlite3_serialize(h, "main", &size, 0);
  seed("package", zName, img, (size_t)size);
  /* and signed, for fuzz_container */
  KeyPair town;
  fz_keypair(FZ_KEY_TOWN, &town);
  unsigned char *c;
  size_t nc;
  if (container_make(CONTAINER_PACKAGE, FZ_TOWN_ID, town.sk, NULL, img, (size_t)size, &c, &nc)) exit(1);
  if (!withNotices) seed("container", "package", c, nc);
  free(c);
  sqlite3_free(img);
  sqlite3_close(h);
  free(file);
  township_close(t);
}

static void package(void) {
  package_payload("small", 0);
  /* fuzz_package's structured mode: every field its default, and one
   * with fields of its own (NUL-separated) */
  seed("package", "structured_defaults", "\x01", 1);
  static const char st[] = "\x01" "8\0" "2099-01-01\0" "志愿服务\0" "清扫村道\0" "2026-12-06\0" "08:00\0" "10:00\0"
                           "村口\0" "\xef\xbb\xbf党员编号,姓名,状态\r\nLM0001,陈宏伟,迁出\r\n\0" "鲁庙村\0" "环境整治\0"
                           "attend=3;late=1;leave=0\0" "party\0" "标题\0" "**加粗**正文。\n\n- 一\n- 二\0";
  seed("package", "structured_fields", st, sizeof st - 1);
  package_payload("with_notices", 1);
  char ack[200];
  snprintf(ack, sizeof ack, ACK_MAGIC " %s %d %lld", FZ_KIOSK_ID, 5, (long long)FZ_CLOCK);
  seeds("package", "ack", ack);
  KeyPair town;
  fz_keypair(FZ_KEY_TOWN, &town);
  unsigned char *c;
  size_t nc;
  if (container_make(CONTAINER_ACK, FZ_TOWN_ID, town.sk, NULL, ack, strlen(ack), &c, &nc)) exit(1);
  seed("container", "ack", c, nc);
  free(c);
}

/* fuzz_township: the office's files, NUL-separated (see fuzz_township.c). */
static void township_files(void) {
  size_t n;
  char *members = src("data/demo/members.csv", &n);
  char *notice = src("data/demo/notices/decision.md", &n);
  const char *cal = "日期,类型,标题,开始,结束,地点\n2026-12-05,主题党日,主题党日：学习,09:00,11:30,村党群服务中心\n";
  const char *index = "文件,类别,置顶,到期\na.md,党务公开,是,2027-01-31\n";
  size_t cap = strlen(members) + strlen(notice) + 1000, m = 0;
  char *z = malloc(cap);
  const char *aField[] = {members, cal, index, notice, "鲁庙村", "环境整治,关爱帮扶", "attend=2;late=1", "2027-06-30"};
  for (int i = 0; i < 8; i++) {
    size_t l = strlen(aField[i]);
    memcpy(z + m, aField[i], l);
    m += l;
    if (i < 7) z[m++] = 0;
  }
  seed("township", "all_files", z, m);
  /* a roster with a 村 column and another village's row, and nothing else */
  const char one[] = "村,党员编号,姓名,村民小组\n鲁庙村,LM0001,陈宏伟,第一组\n杨庄村,YZ0001,杨一,第一组\n";
  seed("township", "roster_villages", one, sizeof one - 1);
  const char nothing[] = "\0\0\0# 只有通知\n\n正文。";
  seed("township", "notice_only", nothing, sizeof nothing - 1);
  free(z);
  free(members);
  free(notice);
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: %s SRCROOT CORPUSDIR\n", argv[0]); return 2; }
  gSrc = argv[1];
  gOut = argv[2];
  fz_init();
  mkdir(gOut, 0755);
  roster();
  markdown();
  qrcard();
  config();
  bundle();
  package();
  township_files();
  printf("%d seeds written to %s\n", gWritten, gOut);
  return 0;
}
