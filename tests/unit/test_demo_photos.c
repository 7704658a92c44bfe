/* The demo village's photos: drawn portraits stored as imported photos are
 * (256 px JPEGs in member_photo), for most members but not all; the same
 * portrait for a member on every load, different ones for different
 * members, the figure standing out from its background; loading again
 * stores nothing new, never replaces a photo a member already has and
 * draws none for members added beside the demo's; and
 * photo_store_rgb refuses bad sizes and members not on the roster. */
#include "check.h"
#include "db_int.h"
#include "demo.h"
#include "photo.h"
#include "roster.h"
#include <stdlib.h>
#include <string.h>

static int rows(Db *db) { return (int)db_int64(db->h, "SELECT count(*) FROM member_photo", NULL); }

/* Sum of the absolute channel differences of two pixels. */
static int diff(const unsigned char *a, const unsigned char *b) {
  return abs(a[0] - b[0]) + abs(a[1] - b[1]) + abs(a[2] - b[2]);
}

static void most_members(void) {
  Db *db = test_demo_db();
  REQUIRE(db);
  Member *m;
  int nm;
  REQUIRE(roster_list(db, &m, &nm) == KR_OK);
  REQUIRE(nm >= 100);
  int with = 0;
  for (int i = 0; i < nm; i++) {
    unsigned char *p = NULL, *again = NULL;
    size_t n = 0, nAgain = 0;
    int w = 0, h = 0;
    char err[256];
    CHECK(photo_get(db, m[i].memberNo, &p, &n) == KR_OK);
    if (!p) continue;
    with++;
    /* a JPEG of 256 x 256 that the photo module reads as it reads its own */
    CHECK(n > 1000 && n < 40000);
    CHECK(photo_scale(p, n, &again, &nAgain, &w, &h, err, sizeof err) == KR_OK);
    CHECK(w == DEMO_PORTRAIT_SIDE && h == DEMO_PORTRAIT_SIDE);
    free(again);
    free(p);
  }
  CHECK(with * 100 >= nm * 75); /* most have one */
  CHECK(with * 100 <= nm * 95); /* some have none */
  CHECK(rows(db) == with);      /* one record each */
  CHECK(db_int64(db->h, "SELECT count(*) FROM member_photo WHERE uuid IS NULL OR kiosk_id IS NULL OR seq IS NULL",
                 NULL) == 0);
  free(m);
  db_close(db);
}

static void portraits(void) {
  size_t size = (size_t)DEMO_PORTRAIT_SIDE * DEMO_PORTRAIT_SIDE * 3;
  unsigned char *a = malloc(size), *b = malloc(size), *c = malloc(size);
  REQUIRE(a && b && c);
  demo_portrait("LM0001", a);
  demo_portrait("LM0001", b);
  CHECK(!memcmp(a, b, size));
  int distinct = 0;
  static const char *const azNo[] = {"LM0002", "LM0003", "LM0004", "LM0005", "LM0006", "LM0007", "LM0008"};
  for (size_t i = 0; i < sizeof azNo / sizeof azNo[0]; i++) {
    demo_portrait(azNo[i], c);
    distinct += memcmp(a, c, size) != 0;
    const int S = DEMO_PORTRAIT_SIDE;
    const unsigned char *corner = c, *face = c + ((size_t)(S * 45 / 100) * S + S / 2) * 3,
                        *chest = c + ((size_t)(S - 4) * S + S / 2) * 3;
    CHECK(corner[0] > 180 && corner[1] > 180 && corner[2] > 180); /* a soft, light background */
    CHECK(diff(face, corner) > 40);                               /* the head stands out */
    CHECK(diff(chest, corner) > 200);                             /* and the shoulders clearly */
  }
  CHECK(distinct == (int)(sizeof azNo / sizeof azNo[0]));
  demo_portrait("", c); /* any text at all, even empty, draws a portrait */
  free(a);
  free(b);
  free(c);
}

static void reload_keeps(void) {
  Db *db = test_demo_db();
  REQUIRE(db);
  int before = rows(db);
  REQUIRE(before > 0);
  char no[32] = "";
  sqlite3_stmt *s;
  REQUIRE(sqlite3_prepare_v2(db->h, "SELECT member_no FROM member_photo LIMIT 1", -1, &s, NULL) == SQLITE_OK);
  if (sqlite3_step(s) == SQLITE_ROW) snprintf(no, sizeof no, "%s", (const char *)sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  REQUIRE(no[0]);
  /* the village's own photo of that member (a flat grey 64 px square) */
  unsigned char grey[64 * 64 * 3];
  memset(grey, 128, sizeof grey);
  PhotoStats ps = {0};
  char err[256];
  REQUIRE(photo_store_rgb(db, no, grey, 64, 64, &ps, err, sizeof err) == KR_OK);
  CHECK(ps.stored == 1);
  unsigned char *mine = NULL, *after = NULL;
  size_t nMine = 0, nAfter = 0;
  REQUIRE(photo_get(db, no, &mine, &nMine) == KR_OK && mine);
  Config cfg;
  config_defaults(&cfg);
  DemoStats st;
  REQUIRE(demo_load(db, &cfg, &st, err, sizeof err) == KR_OK);
  CHECK(rows(db) == before + 1);
  CHECK(photo_get(db, no, &after, &nAfter) == KR_OK);
  CHECK(after && nAfter == nMine && !memcmp(after, mine, nMine));
  free(mine);
  free(after);
  db_close(db);
}

/* Members a secretary adds to a demo kiosk are not the demo's: no
 * portrait is drawn for them (nor for a number that only starts like a
 * demo one) when the demo loads again. */
static void added_members(void) {
  Db *db = test_demo_db();
  REQUIRE(db);
  int before = rows(db);
  static const char csv[] = "党员编号,姓名,村民小组,手机后四位,出生年份\n"
                            "XX0001,外来人,第一组,1234,1960\n"
                            "LM000,前缀人,第一组,1235,1961\n"
                            "LM00012,后缀人,第二组,1236,1962\n";
  RosterImportStats rs;
  char err[256];
  REQUIRE(roster_import_bytes(db, csv, sizeof csv - 1, "鲁庙村党支部", &rs, err, sizeof err) == KR_OK);
  REQUIRE(rs.added == 3);
  Config cfg;
  config_defaults(&cfg);
  DemoStats st;
  REQUIRE(demo_load(db, &cfg, &st, err, sizeof err) == KR_OK);
  CHECK(rows(db) == before);
  static const char *const azNo[] = {"XX0001", "LM000", "LM00012"};
  for (int i = 0; i < 3; i++) {
    unsigned char *p = NULL;
    size_t n = 0;
    CHECK(photo_get(db, azNo[i], &p, &n) == KR_OK && !p && !n);
  }
  db_close(db);
}

static void store_refusals(void) {
  Db *db = test_demo_db();
  REQUIRE(db);
  int before = rows(db);
  unsigned char px[3] = {1, 2, 3};
  unsigned char *big = calloc((size_t)(PHOTO_SIDE + 1) * 3, 1);
  REQUIRE(big);
  PhotoStats ps = {0};
  char err[256] = "";
  CHECK(photo_store_rgb(db, "LM0001", px, 0, 1, &ps, err, sizeof err) == KR_TOO_LARGE);
  CHECK(strstr(err, "0x1") != NULL);
  CHECK(photo_store_rgb(db, "LM0001", big, PHOTO_SIDE + 1, 1, &ps, err, sizeof err) == KR_TOO_LARGE);
  CHECK(photo_store_rgb(db, "LM0001", px, 1, -5, &ps, err, sizeof err) == KR_TOO_LARGE);
  CHECK(photo_store_rgb(db, "NOBODY", px, 1, 1, &ps, err, sizeof err) == KR_NOT_FOUND);
  CHECK(strstr(err, "NOBODY") != NULL);
  CHECK(photo_store_rgb(db, "-LM0001", px, 1, 1, &ps, err, sizeof err) == KR_NOT_FOUND);
  CHECK(ps.stored == 0 && ps.unchanged == 0);
  CHECK(rows(db) == before);
  /* a 1 x 1 photo is still a photo; the same again is not stored twice */
  CHECK(photo_store_rgb(db, "LM0001", px, 1, 1, &ps, err, sizeof err) == KR_OK);
  CHECK(photo_store_rgb(db, "LM0001", px, 1, 1, &ps, err, sizeof err) == KR_OK);
  CHECK(ps.stored == 1 && ps.unchanged == 1);
  CHECK(rows(db) == before + 1);
  free(big);
  db_close(db);
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {
    {"most_members", most_members},
    {"portraits", portraits},
    {"reload_keeps", reload_keeps},
    {"added_members", added_members},
    {"store_refusals", store_refusals},
  };
  return test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
