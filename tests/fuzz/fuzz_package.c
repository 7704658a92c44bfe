/* fuzz_package: what lies behind the township's signature on the kiosk's
 * side. The input is a payload: an update package (an SQLite database, see
 * package.h) or, when it starts with the acknowledgement's magic, an
 * acknowledgement. The harness wraps it in a container signed by the
 * township the kiosk trusts (fixed key FZ_KEY_TOWN, id FZ_TOWN_ID) and
 * applies it with sync_apply to a fresh copy of the demo village. A refused
 * package must change nothing the kiosk counts; an applied one's notices
 * are listed and read back as the notice screen would.
 *
 * Raw SQLite bytes mostly break the database before package.c sees them,
 * so an input starting with byte 0x01 is structured instead: NUL-separated
 * fields that fill a package the harness builds with the township's schema
 * (fields left out take valid values):
 *   version, expires, activity kind, title, day, start, end, location,
 *   roster CSV, the kiosk's village, vol_categories, rating_rules,
 *   notice category, notice title, notice body, notice published,
 *   notice expires, image name, image bytes, another setting's key */
#include "container.h"
#include "fuzzutil.h"
#include "markdown.h"
#include "notice.h"
#include "package.h"
#include "sync.h"
#include "township.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { F_VERSION, F_EXPIRES, F_KIND, F_TITLE, F_DAY, F_START, F_END, F_LOCATION, F_CSV, F_VILLAGE, F_CATEGORIES,
       F_RATING, F_NCAT, F_NTITLE, F_NBODY, F_NPUB, F_NEXP, F_IMGNAME, F_IMG, F_SETTING, F_COUNT };
static const char *const kDefault[F_COUNT] = {
  "7", "2099-12-31", "主题党日", "主题党日：学习", "2026-12-05", "09:00", "11:30", "村党群服务中心",
  "党员编号,姓名,村民小组\nLM0001,陈宏伟,第一组\nLM0800,新党员,第二组\n", "鲁庙村", "环境整治,关爱帮扶",
  "attend=2;late=1", "village", "关于冬季防火的通知", "# 通知\n\n各位党员：请注意防火。\n![图](a.png)", "2026-11-29",
  "", "a.png", "\x89PNG", NULL};

/* The package payload built from structured input; *pp freed with
 * sqlite3_free(). Returns 0, or -1 when SQLite itself fails. */
static int build_structured(const uint8_t *z, size_t n, unsigned char **pp, size_t *pn) {
  const char *aF[F_COUNT];
  size_t anF[F_COUNT];
  for (int i = 0; i < F_COUNT; i++) aF[i] = kDefault[i], anF[i] = aF[i] ? strlen(aF[i]) : 0;
  const uint8_t *p = z, *end = z + n;
  for (int i = 0; i < F_COUNT && p < end; i++) {
    const uint8_t *e = memchr(p, 0, (size_t)(end - p));
    if (!e) e = end;
    aF[i] = (const char *)p, anF[i] = (size_t)(e - p);
    p = e < end ? e + 1 : end;
  }
  sqlite3 *h;
  if (sqlite3_open(":memory:", &h) != SQLITE_OK) return -1;
  int rc = sqlite3_exec(h, township_package_schema(), NULL, NULL, NULL);
  static const char *const aSql[] = {
    "INSERT INTO manifest VALUES('format', 'kiosk-package-1'), ('version', ?1), ('expires', ?2),"
    " ('created_at', '1796000000'), ('township_id', '" FZ_TOWN_ID "')",
    "INSERT INTO activity VALUES('a1b2c3d4-0000-4000-8000-000000000001', 'a1b2c3d4-0000-4000-8000-000000000002', '"
    FZ_TOWN_ID "', 3, ?3, ?4, ?5, ?6, ?7, ?8, 1796000000)",
    "INSERT INTO roster_village VALUES(?10, ?9)",
    "INSERT INTO kiosk_village VALUES('" FZ_KIOSK_ID "', ?10)",
    "INSERT INTO setting VALUES('vol_categories', ?11), ('rating_rules', ?12)",
    "INSERT INTO notice VALUES('b1b2c3d4-0000-4000-8000-000000000001', '" FZ_TOWN_ID "', 4,"
    " 'b1b2c3d4-0000-4000-8000-0000000000ff', ?13, ?14, ?15, 'township', 1, ?16, nullif(?17, ''), 0, 1796000000)",
    "INSERT INTO notice_image VALUES('c1b2c3d4-0000-4000-8000-000000000001', '" FZ_TOWN_ID "', 5,"
    " 'b1b2c3d4-0000-4000-8000-000000000001', ?18, ?19)",
    "INSERT INTO setting SELECT ?20, 'x' WHERE ?20 IS NOT NULL",
  };
  for (size_t k = 0; rc == SQLITE_OK && k < sizeof aSql / sizeof aSql[0]; k++) {
    sqlite3_stmt *s;
    if ((rc = sqlite3_prepare_v2(h, aSql[k], -1, &s, NULL)) != SQLITE_OK) break;
    for (int i = 0; i < F_COUNT; i++) {
      if (!aF[i]) sqlite3_bind_null(s, i + 1);
      else if (i == F_CSV || i == F_IMG) sqlite3_bind_blob(s, i + 1, aF[i], (int)anF[i], SQLITE_STATIC);
      else sqlite3_bind_text(s, i + 1, aF[i], (int)anF[i], SQLITE_STATIC);
    }
    rc = sqlite3_step(s);
    if (rc == SQLITE_DONE || rc == SQLITE_CONSTRAINT) rc = SQLITE_OK; /* a duplicate setting key: left out */
    sqlite3_finalize(s);
  }
  sqlite3_int64 size = 0;
  *pp = rc == SQLITE_OK ? sqlite3_serialize(h, "main", &size, 0) : NULL;
  *pn = (size_t)size;
  sqlite3_close(h);
  return *pp ? 0 : -1;
}

/* What the notice screen does with applied notices: list, read, images. */
static void read_notices(Db *db) {
  NoticeInfo *a;
  int n;
  if (notice_list(db, -1, "2026-11-30", &a, &n)) return;
  for (int i = 0; i < n; i++) {
    NoticeInfo info;
    char *body;
    if (notice_get(db, a[i].uuid, &info, &body) == 0) {
      MdDoc doc;
      if (md_parse(body, &doc) == 0) {
        for (int b = 0; b < doc.n; b++) {
          void *img;
          size_t nImg;
          if (doc.a[b].src && notice_image(db, a[i].uuid, doc.a[b].src, &img, &nImg) == 0) free(img);
        }
        md_free(&doc);
      }
      free(body);
    }
  }
  free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *z, size_t n) {
  static KeyPair town;
  static int ready;
  if (!ready) {
    fz_init();
    fz_keypair(FZ_KEY_TOWN, &town);
    ready = 1;
  }
  int kind = n >= strlen(ACK_MAGIC) && !memcmp(z, ACK_MAGIC, strlen(ACK_MAGIC)) ? CONTAINER_ACK : CONTAINER_PACKAGE;
  unsigned char *file, *built = NULL;
  size_t nFile, nBuilt;
  if (n >= 1 && z[0] == 1) {
    if (build_structured(z + 1, n - 1, &built, &nBuilt)) return 0;
    z = built, n = nBuilt;
  }
  int rcMake = container_make(kind, FZ_TOWN_ID, town.sk, NULL, z, n, &file, &nFile);
  sqlite3_free(built);
  if (rcMake) return 0;
  Db *db = fz_kiosk_db("trusting", fz_build_trusting);
  int members = db_member_count(db);
  int64_t version = package_version(db);
  SyncApplied ap;
  char err[512];
  KrCode rc = sync_apply(db, file, nFile, &ap, err, sizeof err);
  if (rc == KR_BAD_SIGNATURE || rc == KR_UNTRUSTED) {
    fprintf(stderr, "the harness's file was refused before its payload: %s\n", err);
    abort();
  }
  if (rc != KR_OK && (db_member_count(db) != members || package_version(db) != version)) {
    fprintf(stderr, "a refused %s changed the kiosk (%s): %s\n", kind == CONTAINER_ACK ? "ack" : "package",
            kr_name(rc), err);
    abort();
  }
  if (rc == KR_OK) read_notices(db);
  if (getenv("FUZZ_VERBOSE")) fprintf(stderr, "apply: %s %s (members %d, notices %d)\n", kr_name(rc), rc ? err : "", ap.members, ap.notices);
  db_close(db);
  free(file);
  return 0;
}
