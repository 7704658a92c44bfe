/* township_package: building the township's signed update packages (see
 * package.h for the payload). Each notice and calendar entry keeps one
 * identity across packages (its file name, or its day and title): resent
 * unchanged it is the same record, so kiosks skip it; changed, it is a new
 * version of the same notice or activity.
 *
 * The roster: the office keeps one file for the whole township, with a 村
 * column naming each member's village (or a file of one village, named by
 * --village). Every 村 value must name a village a kiosk is enrolled for
 * (township enroll --village): a typo is refused with its line, never
 * dropped. The package carries one roster per village (the 村 column taken
 * out) and each enrolled kiosk's village, and a kiosk applies only its own
 * village's (package.h). Each village's CSV keeps every row on the line it
 * had in the office's file (blank lines, which the reader skips, fill the
 * gaps), so a row a kiosk refuses is named by the line the office sees. */
#include "activity.h"
#include "container.h"
#include "csv.h"
#include "db.h"
#include "input.h"
#include "keypair.h"
#include "markdown.h"
#include "notice.h"
#include "privfile.h"
#include "rating.h"
#include "roster.h"
#include "township_int.h"
#include "util.h"
#include "volunteer.h"
#include <dirent.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct Township TownshipView;

static int meta_int(sqlite3 *h, const char *zKey, int64_t *pOut) {
  sqlite3_stmt *s;
  *pOut = 0;
  if (sqlite3_prepare_v2(h, "SELECT value FROM meta WHERE key = ?1", -1, &s, NULL)) return -1;
  sqlite3_bind_text(s, 1, zKey, -1, SQLITE_STATIC);
  if (sqlite3_step(s) == SQLITE_ROW) *pOut = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return 0;
}

static int meta_put(sqlite3 *h, const char *zKey, int64_t v) {
  sqlite3_stmt *s;
  if (sqlite3_prepare_v2(h, "INSERT OR REPLACE INTO meta VALUES(?1, ?2)", -1, &s, NULL)) return -1;
  sqlite3_bind_text(s, 1, zKey, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 2, v);
  int rc = sqlite3_step(s);
  sqlite3_finalize(s);
  return rc == SQLITE_DONE ? 0 : -1;
}

/* The identity of item zKey with content hash zHash: reused when unchanged,
 * a new version (uuid, seq) of the same lasting id when changed. */
static int item_ids(sqlite3 *h, const char *zKey, const char *zHash, char lasting[40], char uuid[40], int64_t *pSeq,
                    int *pNew) {
  sqlite3_stmt *s;
  if (sqlite3_prepare_v2(h, "SELECT lasting, uuid, seq, hash FROM pkg_item WHERE key = ?1", -1, &s, NULL)) return -1;
  sqlite3_bind_text(s, 1, zKey, -1, SQLITE_STATIC);
  int have = sqlite3_step(s) == SQLITE_ROW, same = 0;
  if (have) {
    util_strlcpy(lasting, (const char *)sqlite3_column_text(s, 0), 40);
    util_strlcpy(uuid, (const char *)sqlite3_column_text(s, 1), 40);
    *pSeq = sqlite3_column_int64(s, 2);
    same = !strcmp((const char *)sqlite3_column_text(s, 3), zHash);
  }
  sqlite3_finalize(s);
  *pNew = !same;
  if (same) return 0;
  util_uuid4(uuid);
  if (!have) util_strlcpy(lasting, uuid, 40);
  int64_t seq;
  if (meta_int(h, "seq", &seq) || meta_put(h, "seq", seq + 1)) return -1;
  *pSeq = seq + 1;
  if (sqlite3_prepare_v2(h, "INSERT OR REPLACE INTO pkg_item VALUES(?1, ?2, ?3, ?4, ?5)", -1, &s, NULL)) return -1;
  sqlite3_bind_text(s, 1, zKey, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 2, lasting, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 3, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 4, *pSeq);
  sqlite3_bind_text(s, 5, zHash, -1, SQLITE_STATIC);
  int rc = sqlite3_step(s);
  sqlite3_finalize(s);
  return rc == SQLITE_DONE ? 0 : -1;
}

static void hash_hex(const void *z, size_t n, const void *z2, size_t n2, char out[65]) {
  crypto_generichash_state st;
  unsigned char h[32];
  crypto_generichash_init(&st, NULL, 0, sizeof h);
  crypto_generichash_update(&st, z, n);
  if (z2) crypto_generichash_update(&st, z2, n2);
  crypto_generichash_final(&st, h, sizeof h);
  container_hex(h, sizeof h, out);
}

static const char *kPayloadSchema =
  "CREATE TABLE manifest(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE notice(uuid TEXT, kiosk_id TEXT, seq INTEGER, notice_id TEXT, category TEXT, title TEXT, body TEXT,"
  "  source TEXT, pinned INTEGER, published TEXT, expires TEXT, withdrawn INTEGER, created_at INTEGER);"
  "CREATE TABLE notice_image(uuid TEXT, kiosk_id TEXT, seq INTEGER, notice_uuid TEXT, name TEXT, data BLOB);"
  "CREATE TABLE activity(uuid TEXT, version_uuid TEXT, kiosk_id TEXT, seq INTEGER, kind TEXT, title TEXT, day TEXT,"
  "  start_hm TEXT, end_hm TEXT, location TEXT, created_at INTEGER);"
  "CREATE TABLE roster_village(village TEXT NOT NULL, csv BLOB NOT NULL);"
  "CREATE TABLE kiosk_village(kiosk_id TEXT PRIMARY KEY, village TEXT NOT NULL);"
  "CREATE TABLE setting(key TEXT PRIMARY KEY, value TEXT);";

const char *township_package_schema(void) { return kPayloadSchema; }

/* One notice file into the payload. */
static int add_notice(TownshipView *t, sqlite3 *p, const char *zDir, const char *zFile, int category, int pinned,
                      const char *zExpires, const char *zToday, int *pCount, char *zErr, int nErr) {
  char path[1400];
  snprintf(path, sizeof path, "%s/%s", zDir, zFile);
  char *raw, *z = NULL;
  size_t nRaw, n;
  if (util_read_file(path, &raw, &nRaw)) { snprintf(zErr, nErr, "cannot read %s", path); return -1; }
  int rc = -1;
  MdDoc doc = {0};
  char *title, *body;
  if (input_decode(raw, nRaw, &z, &n, zErr, nErr)) goto done;
  notice_split_title(z, &title, &body);
  if (!title || !title[0]) { snprintf(zErr, nErr, "%s: the first line must be the title, as \"# 标题\"", path); goto done; }
  if (md_parse(body, &doc)) goto done;
  char key[300], hash[65], lasting[40], uuid[40];
  int64_t seq;
  int isNew;
  snprintf(key, sizeof key, "notice:%s", zFile);
  char attrs[128];
  snprintf(attrs, sizeof attrs, "|%d|%d|%s", category, pinned, zExpires ? zExpires : "");
  hash_hex(nRaw ? raw : "", nRaw, attrs, strlen(attrs), hash);
  if (item_ids(t->h, key, hash, lasting, uuid, &seq, &isNew)) goto done;
  sqlite3_stmt *s;
  if (sqlite3_prepare_v2(p, "INSERT INTO notice VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, 'township', ?8, ?9, ?10, 0, ?11)", -1,
                         &s, NULL))
    goto done;
  sqlite3_bind_text(s, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 2, t->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 3, seq);
  sqlite3_bind_text(s, 4, lasting, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 5, notice_category_code((NoticeCategory)category), -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 6, title, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 7, body, -1, SQLITE_STATIC);
  sqlite3_bind_int(s, 8, pinned);
  sqlite3_bind_text(s, 9, zToday, -1, SQLITE_STATIC);
  if (zExpires) sqlite3_bind_text(s, 10, zExpires, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 11, util_now());
  int r = sqlite3_step(s);
  sqlite3_finalize(s);
  if (r != SQLITE_DONE) goto done;
  for (int b = 0; b < doc.n; b++) {
    if (doc.a[b].kind != MD_IMAGE) continue;
    char ipath[1600], ikey[400], ihash[65], il[40], iu[40];
    int64_t iseq;
    int inew;
    snprintf(ipath, sizeof ipath, "%s/%s", zDir, doc.a[b].src);
    char *img;
    size_t ni;
    if (strchr(doc.a[b].src, '/') || util_read_file(ipath, &img, &ni)) {
      snprintf(zErr, nErr, "%s: cannot read image %s", zFile, doc.a[b].src);
      goto done;
    }
    int ok = ni <= NOTICE_MAX_IMAGE && ((ni >= 8 && !memcmp(img, "\x89PNG", 4)) ||
                                         (ni >= 3 && (unsigned char)img[0] == 0xFF && (unsigned char)img[1] == 0xD8));
    snprintf(ikey, sizeof ikey, "image:%s:%s", uuid, doc.a[b].src);
    hash_hex(img, ni, NULL, 0, ihash);
    if (!ok || item_ids(t->h, ikey, ihash, il, iu, &iseq, &inew) ||
        sqlite3_prepare_v2(p, "INSERT INTO notice_image VALUES(?1, ?2, ?3, ?4, ?5, ?6)", -1, &s, NULL)) {
      if (!ok) snprintf(zErr, nErr, "%s: image %s is not a PNG or JPEG under 4 MiB", zFile, doc.a[b].src);
      free(img);
      goto done;
    }
    sqlite3_bind_text(s, 1, iu, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, t->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, iseq);
    sqlite3_bind_text(s, 4, uuid, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, doc.a[b].src, -1, SQLITE_STATIC);
    sqlite3_bind_blob(s, 6, img, (int)ni, SQLITE_TRANSIENT);
    r = sqlite3_step(s);
    sqlite3_finalize(s);
    free(img);
    if (r != SQLITE_DONE) goto done;
  }
  (*pCount)++;
  rc = 0;
done:
  md_free(&doc);
  free(z);
  free(raw);
  return rc;
}

static int add_notices(TownshipView *t, sqlite3 *p, const char *zDir, const char *zToday, int *pCount, char *zErr,
                       int nErr) {
  char idx[1200];
  snprintf(idx, sizeof idx, "%s/index.csv", zDir);
  char *raw;
  size_t n;
  if (util_read_file(idx, &raw, &n) == 0) { /* 文件,类别,置顶,到期 */
    CsvReader r;
    csv_init(&r, raw, n);
    int rc = 0, got;
    csv_next(&r, &got);
    while (!rc && !csv_next(&r, &got) && got > 0) {
      NoticeCategory cat = NOTICE_CAT_NOTICE;
      const char *exp = r.nField > 3 && r.azField[3][0] ? r.azField[3] : NULL;
      if (r.nField < 2 || notice_category_parse(r.azField[1], &cat) || (exp && !util_valid_date(exp))) {
        snprintf(zErr, nErr, "%s line %d: expected 文件,类别,置顶,到期 with a known category and date", idx, r.recordLine);
        rc = -1;
        break;
      }
      rc = add_notice(t, p, zDir, r.azField[0], cat, r.nField > 2 && (!strcmp(r.azField[2], "1") || !strcmp(r.azField[2], "是")),
                      exp, zToday, pCount, zErr, nErr);
    }
    csv_free(&r);
    free(raw);
    return rc;
  }
  DIR *d = opendir(zDir);
  if (!d) { snprintf(zErr, nErr, "cannot open the notices directory %s", zDir); return -1; }
  char *names[256];
  int k = 0;
  struct dirent *e;
  while ((e = readdir(d)) && k < 256) {
    size_t l = strlen(e->d_name);
    if (l > 3 && !strcmp(e->d_name + l - 3, ".md")) names[k++] = strdup(e->d_name);
  }
  closedir(d);
  for (int i = 1; i < k; i++)
    for (int j = i; j > 0 && strcmp(names[j], names[j - 1]) < 0; j--) { char *x = names[j]; names[j] = names[j - 1]; names[j - 1] = x; }
  int rc = 0;
  for (int i = 0; i < k; i++) {
    if (!rc) rc = add_notice(t, p, zDir, names[i], NOTICE_CAT_NOTICE, 0, NULL, zToday, pCount, zErr, nErr);
    free(names[i]);
  }
  return rc;
}

/* 日期,类型,标题,开始,结束,地点 */
static int add_calendar(TownshipView *t, sqlite3 *p, const char *zPath, int *pCount, char *zErr, int nErr) {
  char *raw, *z;
  size_t nRaw, n;
  if (util_read_file(zPath, &raw, &nRaw)) { snprintf(zErr, nErr, "cannot read %s", zPath); return -1; }
  if (input_decode(raw, nRaw, &z, &n, zErr, nErr)) { free(raw); return -1; }
  free(raw);
  CsvReader r;
  csv_init(&r, z, n);
  int rc = 0, got;
  csv_next(&r, &got);
  while (!rc && !csv_next(&r, &got) && got > 0) {
    const char **f = (const char **)r.azField;
    int known = 0;
    for (const char *const *k = activity_kinds(); r.nField >= 5 && *k; k++) known |= !strcmp(*k, f[1]);
    if (r.nField < 5 || !util_valid_date(f[0]) || !known || !f[2][0] || !util_valid_hm(f[3]) || !util_valid_hm(f[4]) ||
        strcmp(f[3], f[4]) >= 0) {
      snprintf(zErr, nErr, "%s line %d: expected 日期,类型,标题,开始,结束,地点 (a known kind, HH:MM times, start before end)",
               zPath, r.recordLine);
      rc = -1;
      break;
    }
    const char *loc = r.nField > 5 ? f[5] : "";
    char key[600], hash[65], lasting[40], version[40], all[1200];
    int64_t seq;
    int isNew;
    snprintf(key, sizeof key, "activity:%s|%s", f[0], f[2]);
    snprintf(all, sizeof all, "%s|%s|%s|%s|%s|%s", f[0], f[1], f[2], f[3], f[4], loc);
    hash_hex(all, strlen(all), NULL, 0, hash);
    if (item_ids(t->h, key, hash, lasting, version, &seq, &isNew)) { rc = -1; break; }
    const char *sql[2] = {"INSERT INTO activity VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                          /* and the township's own copy, for its reports */
                          "INSERT OR IGNORE INTO main.activity(uuid, version_uuid, kiosk_id, seq, kind, title, day,"
                          " start_hm, end_hm, location, created_at, source) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
                          " ?10, ?11, 'township')"};
    for (int i = 0; i < 2 && !rc; i++) {
      sqlite3_stmt *s;
      if (sqlite3_prepare_v2(i ? t->h : p, sql[i], -1, &s, NULL)) { rc = -1; break; }
      sqlite3_bind_text(s, 1, lasting, -1, SQLITE_STATIC);
      sqlite3_bind_text(s, 2, version, -1, SQLITE_STATIC);
      sqlite3_bind_text(s, 3, t->id, -1, SQLITE_STATIC);
      sqlite3_bind_int64(s, 4, seq);
      sqlite3_bind_text(s, 5, f[1], -1, SQLITE_STATIC);
      sqlite3_bind_text(s, 6, f[2], -1, SQLITE_STATIC);
      sqlite3_bind_text(s, 7, f[0], -1, SQLITE_STATIC);
      sqlite3_bind_text(s, 8, f[3], -1, SQLITE_STATIC);
      sqlite3_bind_text(s, 9, f[4], -1, SQLITE_STATIC);
      sqlite3_bind_text(s, 10, loc, -1, SQLITE_STATIC);
      sqlite3_bind_int64(s, 11, util_now());
      if (sqlite3_step(s) != SQLITE_DONE) rc = -1;
      sqlite3_finalize(s);
    }
    if (!rc) (*pCount)++;
  }
  if (!rc && got < 0) { snprintf(zErr, nErr, "%s: malformed CSV", zPath); rc = -1; }
  csv_free(&r);
  free(z);
  return rc;
}

/* A growing byte buffer. */
typedef struct {
  char *z;
  size_t n, cap;
  int line;   /* lines written so far + 1: the line the next byte is on */
} Text;

/* Appends n bytes (kept NUL-terminated), counting lines. 0, or -1 out of memory. */
static int text_add(Text *b, const char *z, size_t n) {
  if (b->n + n + 1 > b->cap) {
    size_t cap = (b->n + n + 1) * 2;
    char *nz = realloc(b->z, cap);
    if (!nz) return -1;
    b->z = nz;
    b->cap = cap;
  }
  memcpy(b->z + b->n, z, n);
  b->n += n;
  b->z[b->n] = 0;
  for (size_t i = 0; i < n; i++) b->line += z[i] == '\n';
  return 0;
}

/* Appends record r (which began on line r->recordLine of the office's file) less
 * field iSkip, every field quoted, on that same line. 0, or -1 out of memory. */
static int text_record(Text *b, const CsvReader *r, int iSkip) {
  while (b->line < r->recordLine)
    if (text_add(b, "\n", 1)) return -1;
  int k = 0;
  for (int f = 0; f < r->nField; f++) {
    if (f == iSkip) continue;
    if ((k++ && text_add(b, ",", 1)) || text_add(b, "\"", 1)) return -1;
    for (const char *c = r->azField[f]; *c; c++)
      if (text_add(b, c, 1) || (*c == '"' && text_add(b, "\"", 1))) return -1;
    if (text_add(b, "\"", 1)) return -1;
  }
  return text_add(b, "\n", 1);
}

typedef struct {
  char *zName;   /* an enrolled village */
  Text csv;      /* its rows, with the header */
  int rows;
} Village;

typedef struct {
  Village *a;
  int n;
} Villages;

/* Frees what v holds and empties it. */
static void villages_free(Villages *v) {
  for (int i = 0; i < v->n; i++) {
    free(v->a[i].zName);
    free(v->a[i].csv.z);
  }
  free(v->a);
  memset(v, 0, sizeof *v);
}

/* The villages of the enrolled, unrevoked kiosks into v (freed with
 * villages_free). 0, or -1. */
static int villages_load(sqlite3 *h, Villages *v) {
  sqlite3_stmt *s;
  memset(v, 0, sizeof *v);
  if (sqlite3_prepare_v2(h, "SELECT DISTINCT village FROM kiosk WHERE revoked = 0 ORDER BY village", -1, &s, NULL))
    return -1;
  int rc = 0;
  while (!rc && sqlite3_step(s) == SQLITE_ROW) {
    Village *na = realloc(v->a, (size_t)(v->n + 1) * sizeof *na);
    if (!na) { rc = -1; break; }
    v->a = na;
    memset(&v->a[v->n], 0, sizeof v->a[0]);
    v->a[v->n].csv.line = 1;
    if (!(v->a[v->n].zName = strdup((const char *)sqlite3_column_text(s, 0)))) rc = -1;
    else v->n++;
  }
  sqlite3_finalize(s);
  return rc;
}

/* The village named exactly zName, or NULL. */
static Village *village_find(Villages *v, const char *zName) {
  for (int i = 0; i < v->n; i++)
    if (!strcmp(v->a[i].zName, zName)) return &v->a[i];
  return NULL;
}

/* "鲁庙村, 王岗村, ..." (the first few) into z, for a refusal. */
static void villages_list(const Villages *v, char *z, size_t n) {
  z[0] = 0;
  for (int i = 0; i < v->n && i < 8; i++) {
    size_t l = strlen(z);
    snprintf(z + l, n - l, "%s%s", i ? ", " : "", v->a[i].zName);
  }
  if (v->n > 8) {
    size_t l = strlen(z);
    snprintf(z + l, n - l, ", ...");
  }
  if (!v->n) snprintf(z, n, "none: enrol the kiosks first");
}

/* 1 if z is a header naming the 村 column. */
static int is_village_header(const char *z) {
  return !strcmp(z, "村") || !strcmp(z, "所在村") || !strcmp(z, "村名") || !strcmp(z, "village");
}

/* Splits the office's roster (raw bytes of file zCsv) by village into v:
 * by its 村 column, or all of it for zVillage. Refuses (KR_BAD_INPUT, with
 * the line) a NUL byte, a file without 村 and without zVillage, a row whose
 * 村 is empty or names no enrolled village, and a village with no rows. */
static KrCode split_roster(const char *zCsv, const char *zRaw, size_t nRaw, const char *zVillage, Villages *v,
                           char *zErr, int nErr) {
  char known[600];
  villages_list(v, known, sizeof known);
  const char *nul = memchr(zRaw, 0, nRaw);
  if (nul) {
    int line = 1;
    for (const char *c = zRaw; c < nul; c++) line += *c == '\n';
    snprintf(zErr, nErr, "%s line %d: a NUL byte; save the roster as CSV (UTF-8 or GBK)", zCsv, line);
    return KR_BAD_INPUT;
  }
  if (zVillage && !village_find(v, zVillage)) {
    snprintf(zErr, nErr, "--village \"%s\" names no enrolled village (enrolled: %s)", zVillage, known);
    return KR_BAD_INPUT;
  }
  char *z;
  size_t n;
  char err[300];
  if (input_decode(zRaw, nRaw, &z, &n, err, (int)sizeof err)) {
    snprintf(zErr, nErr, "%s: %s", zCsv, err);
    return KR_BAD_INPUT;
  }
  CsvReader r;
  csv_init(&r, z, n);
  KrCode rc = KR_BAD_INPUT;
  int got, iVillage = -1;
  csv_next(&r, &got);
  if (got <= 0) { snprintf(zErr, nErr, "%s line %d: the file has no header row", zCsv, r.line); goto done; }
  for (int f = 0; f < r.nField; f++)
    if (is_village_header(r.azField[f])) {
      if (iVillage >= 0) { snprintf(zErr, nErr, "%s line %d: two 村 columns", zCsv, r.recordLine); goto done; }
      iVillage = f;
    }
  if (iVillage < 0 && !zVillage) {
    snprintf(zErr, nErr,
             "%s has no 村 column: add one naming each member's village, or say whose roster it is with --village V",
             zCsv);
    goto done;
  }
  for (int i = 0; i < v->n; i++)
    if (text_record(&v->a[i].csv, &r, iVillage)) { rc = KR_NOMEM; goto done; }
  while (!csv_next(&r, &got) && got > 0) {
    const char *name = zVillage;
    if (iVillage >= 0) {
      name = iVillage < r.nField ? r.azField[iVillage] : "";
      if (!name[0]) { snprintf(zErr, nErr, "%s line %d: the 村 column is empty", zCsv, r.recordLine); goto done; }
    }
    Village *w = village_find(v, name);
    if (!w) {
      char q[INPUT_QUOTE_SIZE]; /* the field may be megabytes long: quote its start */
      snprintf(zErr, nErr, "%s line %d: 村 \"%s\" names no enrolled village (enrolled: %s)", zCsv,
               r.recordLine, input_quote(name, q), known);
      goto done;
    }
    if (zVillage && strcmp(name, zVillage)) continue; /* --village: only its rows go */
    if (text_record(&w->csv, &r, iVillage)) { rc = KR_NOMEM; goto done; }
    w->rows++;
  }
  if (got < 0) { snprintf(zErr, nErr, "%s line %d: malformed CSV: %s", zCsv, r.recordLine, r.zWhy); goto done; }
  if (zVillage && !village_find(v, zVillage)->rows) {
    snprintf(zErr, nErr, "%s has no rows for %s", zCsv, zVillage);
    goto done;
  }
  rc = KR_OK;
done:
  csv_free(&r);
  free(z);
  return rc;
}

/* Checks each village's roster as its kiosk will read it, on one scratch
 * database, and puts it and the kiosks' villages into the payload p. */
static KrCode add_rosters(TownshipView *t, sqlite3 *p, const char *zCsv, const char *zOut, const Villages *v,
                          char *zErr, int nErr) {
  char path[1300], priv[1100], err[400];
  /* a scratch database in a private directory of its own, not beside zOut
   * under a name anyone could plant a symlink at */
  if (priv_dir_scratch(priv, sizeof priv, zErr, nErr)) return KR_IO;
  snprintf(path, sizeof path, "%s/roster-check.db", priv);
  Db *db;
  KrCode rc = KR_OK;
  if (db_open(path, "check", &db, err, sizeof err)) {
    snprintf(zErr, nErr, "cannot check the roster: %s", err);
    rc = KR_IO;
  }
  for (int i = 0; !rc && i < v->n; i++) {
    if (!v->a[i].rows) continue;
    RosterImportStats st;
    if (roster_import_bytes(db, v->a[i].csv.z, v->a[i].csv.n, "", &st, err, sizeof err)) {
      snprintf(zErr, nErr, "%s (%s): %s", zCsv, v->a[i].zName, err);
      rc = KR_BAD_INPUT;
      break;
    }
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(p, "INSERT INTO roster_village VALUES(?1, ?2)", -1, &s, NULL)) { rc = KR_DB; break; }
    sqlite3_bind_text(s, 1, v->a[i].zName, -1, SQLITE_STATIC);
    sqlite3_bind_blob(s, 2, v->a[i].csv.z, (int)v->a[i].csv.n, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_DONE) rc = KR_DB;
    sqlite3_finalize(s);
  }
  if (db) db_close(db);
  priv_dir_remove(priv); /* the database and its -wal and -shm */
  if (!rc) { /* who is which village, as enrolled */
    sqlite3_stmt *k, *s;
    if (sqlite3_prepare_v2(t->h, "SELECT kiosk_id, village FROM kiosk WHERE revoked = 0", -1, &k, NULL)) return KR_DB;
    if (sqlite3_prepare_v2(p, "INSERT INTO kiosk_village VALUES(?1, ?2)", -1, &s, NULL)) {
      sqlite3_finalize(k);
      return KR_DB;
    }
    while (!rc && sqlite3_step(k) == SQLITE_ROW) {
      sqlite3_bind_value(s, 1, sqlite3_column_value(k, 0));
      sqlite3_bind_value(s, 2, sqlite3_column_value(k, 1));
      if (sqlite3_step(s) != SQLITE_DONE) rc = KR_DB;
      sqlite3_reset(s);
    }
    sqlite3_finalize(k);
    sqlite3_finalize(s);
  }
  return rc;
}

KrCode township_package(Township *tp, const TownshipPackageSpec *spec, const char *zOut, int64_t *pVersion,
                        char *zErr, int nErr) {
  TownshipView *t = tp;
  char today[11], expires[11];
  zErr[0] = 0;
  util_local_date(util_now(), today);
  if (spec->zExpires) {
    if (!util_valid_date(spec->zExpires) || strcmp(spec->zExpires, today) < 0) {
      snprintf(zErr, nErr, "--expires must be a date from today on (YYYY-MM-DD)");
      return KR_BAD_INPUT;
    }
    util_strlcpy(expires, spec->zExpires, sizeof expires);
  } else util_date_add(today, 30, expires);
  if (spec->zCategories) {
    VolCategories vc;
    if (vol_categories_parse(spec->zCategories, &vc)) {
      snprintf(zErr, nErr, "bad --categories: up to 12 different names, comma-separated");
      return KR_BAD_INPUT;
    }
  }
  if (spec->zRating) {
    RatingRules rr;
    rating_defaults(&rr);
    if (rating_parse(&rr, spec->zRating)) {
      snprintf(zErr, nErr, "bad --rating: e.g. attend=2;late=1;leave=0;per_hour=1;stars=5,15,30,50,80");
      return KR_BAD_INPUT;
    }
  }
  if (spec->zVillage && !spec->zRosterCsv) {
    snprintf(zErr, nErr, "--village says whose roster a --roster file is; give the roster too");
    return KR_BAD_INPUT;
  }
  sqlite3 *p;
  if (sqlite3_open(":memory:", &p) != SQLITE_OK) { sqlite3_close(p); snprintf(zErr, nErr, "out of memory"); return KR_NOMEM; }
  KrCode rc = KR_BAD_INPUT;
  int nNotice = 0, nAct = 0;
  char *rosterRaw = NULL;
  Villages vill = {0};
  int r = sqlite3_exec(t->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (r || sqlite3_exec(p, kPayloadSchema, NULL, NULL, NULL)) {
    snprintf(zErr, nErr, "township database busy");
    rc = kr_sqlite(r);
    goto done;
  }
  if (spec->zNoticesDir && add_notices(t, p, spec->zNoticesDir, today, &nNotice, zErr, nErr)) goto done;
  if (spec->zCalendarCsv && add_calendar(t, p, spec->zCalendarCsv, &nAct, zErr, nErr)) goto done;
  if (spec->zRosterCsv) {
    size_t n;
    if (util_read_file(spec->zRosterCsv, &rosterRaw, &n)) { snprintf(zErr, nErr, "cannot read %s", spec->zRosterCsv); goto done; }
    if (villages_load(t->h, &vill)) { rc = KR_DB; goto done; }
    if ((rc = split_roster(spec->zRosterCsv, rosterRaw, n, spec->zVillage, &vill, zErr, nErr)) ||
        (rc = add_rosters(t, p, spec->zRosterCsv, zOut, &vill, zErr, nErr)))
      goto done;
    rc = KR_DB;
  }
  rc = KR_DB;
  const char *kv[2][2] = {{"vol_categories", spec->zCategories}, {"rating_rules", spec->zRating}};
  for (int i = 0; i < 2; i++) {
    if (!kv[i][1]) continue;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(p, "INSERT INTO setting VALUES(?1, ?2)", -1, &s, NULL)) goto done;
    sqlite3_bind_text(s, 1, kv[i][0], -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, kv[i][1], -1, SQLITE_STATIC);
    r = sqlite3_step(s);
    sqlite3_finalize(s);
    if (r != SQLITE_DONE) goto done;
  }
  int64_t version;
  if (meta_int(t->h, "package_version", &version) || meta_put(t->h, "package_version", version + 1)) goto done;
  version++;
  char v[32], created[32];
  snprintf(v, sizeof v, "%lld", (long long)version);
  snprintf(created, sizeof created, "%lld", (long long)util_now());
  const char *m[][2] = {{"format", "kiosk-package-1"}, {"version", v}, {"expires", expires},
                        {"created_at", created}, {"township_id", t->id}};
  for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(p, "INSERT INTO manifest VALUES(?1, ?2)", -1, &s, NULL)) goto done;
    sqlite3_bind_text(s, 1, m[i][0], -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, m[i][1], -1, SQLITE_STATIC);
    r = sqlite3_step(s);
    sqlite3_finalize(s);
    if (r != SQLITE_DONE) goto done;
  }
  sqlite3_int64 size;
  unsigned char *img = sqlite3_serialize(p, "main", &size, 0), *file = NULL;
  size_t nFile = 0;
  if (!img || (rc = container_make(CONTAINER_PACKAGE, t->id, t->kp.sk, NULL, img, (size_t)size, &file, &nFile))) {
    sqlite3_free(img);
    snprintf(zErr, nErr, "cannot build the package");
    if (!rc) rc = KR_NOMEM;
    goto done;
  }
  rc = KR_DB;
  sqlite3_free(img);
  sqlite3_stmt *s;
  int stored = sqlite3_prepare_v2(t->h, "INSERT INTO package VALUES(?1, ?2, ?3)", -1, &s, NULL) == SQLITE_OK;
  if (stored) {
    sqlite3_bind_int64(s, 1, version);
    sqlite3_bind_blob(s, 2, file, (int)nFile, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, util_now());
    stored = sqlite3_step(s) == SQLITE_DONE;
    sqlite3_finalize(s);
  }
  if (!stored || (rc = container_write_file(zOut, file, nFile, zErr, nErr))) {
    free(file);
    if (!stored) snprintf(zErr, nErr, "cannot store the package: %s", sqlite3_errmsg(t->h)), rc = KR_DB;
    goto done;
  }
  free(file);
  if ((r = sqlite3_exec(t->h, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK) {
    snprintf(zErr, nErr, "could not save: %s", sqlite3_errmsg(t->h));
    rc = kr_sqlite(r);
    unlink(zOut);
    goto done;
  }
  *pVersion = version;
  rc = KR_OK;
done:
  if (rc) {
    sqlite3_exec(t->h, "ROLLBACK", NULL, NULL, NULL);
    if (!zErr[0]) snprintf(zErr, nErr, "township database: %s", sqlite3_errmsg(t->h));
  }
  villages_free(&vill);
  free(rosterRaw);
  sqlite3_close(p);
  return rc;
}
