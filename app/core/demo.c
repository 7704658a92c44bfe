/* demo: see demo.h. The CSV files are compiled in by cmake/embed.cmake. */
#include "demo.h"
#include "activity.h"
#include "csv.h"
#include "notice.h"
#include "markdown.h"
#include "photo.h"
#include "db_int.h"
#include "roster.h"
#include "util.h"
#include "volunteer.h"
#include <math.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char demo_members[], demo_activities[];
extern const size_t demo_members_len, demo_activities_len;
extern const DemoFile demo_notice_files[];

static const DemoFile *demo_file(const char *zName) {
  for (const DemoFile *f = demo_notice_files; f->name; f++)
    if (!strcmp(f->name, zName)) return f;
  return NULL;
}

/* A fixed pseudo-random number for a pair of strings (FNV-1a, mixed). */
static unsigned hash2(const char *a, const char *b) {
  unsigned h = 2166136261u;
  for (; *a; a++) h = (h ^ (unsigned char)*a) * 16777619u;
  for (; *b; b++) h = (h ^ (unsigned char)*b) * 16777619u;
  h ^= h >> 15;
  return h;
}

/* A fixed pseudo-random number 0..99 for a pair of strings: the demo's past
 * is the same on every machine. */
static unsigned mix(const char *a, const char *b) { return hash2(a, b) % 100; }

/* Local unix time of zDay at zHm plus nMin minutes. */
static int64_t local_time(const char *zDay, const char *zHm, int nMin) {
  struct tm tm = {0};
  tm.tm_year = atoi(zDay) - 1900;
  tm.tm_mon = atoi(zDay + 5) - 1;
  tm.tm_mday = atoi(zDay + 8);
  tm.tm_hour = atoi(zHm);
  tm.tm_min = atoi(zHm + 3) + nMin;
  tm.tm_isdst = -1;
  return (int64_t)mktime(&tm);
}

/* Inserts a record whose ?1..?3 are a new uuid, the kiosk id and the next
 * seq, then the texts and the numbers. Returns KR_OK or an SQLite code. */
static KrCode insert_row(Db *db, const char *zSql, const char *const *azText, int nText, const int64_t *aInt, int nInt) {
  int64_t seq;
  char uuid[UUID_LEN + 1];
  util_uuid4(uuid);
  int rc = db_next_seq(db, &seq);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  sqlite3_stmt *s;
  if ((rc = sqlite3_prepare_v2(db->h, zSql, -1, &s, NULL)) != SQLITE_OK) return kr_sqlite(rc);
  sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 2, db->kioskId, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 3, seq);
  for (int i = 0; i < nText; i++) sqlite3_bind_text(s, 4 + i, azText[i], -1, SQLITE_STATIC);
  for (int i = 0; i < nInt; i++) sqlite3_bind_int64(s, 4 + nText + i, aInt[i]);
  rc = sqlite3_step(s);
  sqlite3_finalize(s);
  return rc == SQLITE_DONE ? KR_OK : kr_sqlite(rc);
}

/* Attendance at the activities before today, as if entered from the paper
 * sheets: most came, a few late, a few on leave. Once per activity.
 * Returns KR_OK or an SQLite code. */
static KrCode demo_attendance(Db *db, const char *zToday) {
  sqlite3_stmt *s;
  int src = sqlite3_prepare_v2(db->h,
      "SELECT a.uuid, a.day, a.start_hm, a.title FROM activity a WHERE a.day < ?1"
      " AND NOT EXISTS (SELECT 1 FROM checkin c WHERE c.activity_uuid = a.uuid)", -1, &s, NULL);
  if (src != SQLITE_OK) return kr_sqlite(src);
  sqlite3_bind_text(s, 1, zToday, -1, SQLITE_STATIC);
  struct { char uuid[40], day[11], hm[6], title[256]; } a[64];
  int n = 0;
  while (n < 64 && sqlite3_step(s) == SQLITE_ROW) {
    util_strlcpy(a[n].uuid, (const char *)sqlite3_column_text(s, 0), sizeof a[n].uuid);
    util_strlcpy(a[n].day, (const char *)sqlite3_column_text(s, 1), sizeof a[n].day);
    util_strlcpy(a[n].hm, (const char *)sqlite3_column_text(s, 2), sizeof a[n].hm);
    util_strlcpy(a[n].title, (const char *)sqlite3_column_text(s, 3), sizeof a[n].title);
    n++;
  }
  sqlite3_finalize(s);
  if (!n) return KR_OK;
  Member *m;
  int nm;
  KrCode rc = roster_list(db, &m, &nm);
  if (rc) return rc;
  for (int i = 0; i < n && !rc; i++)
    for (int j = 0; j < nm && !rc; j++) {
      unsigned r = mix(m[j].memberNo, a[i].title); /* not the uuid: the same past on every load */
      if (r >= 95) continue; /* absent */
      const char *status = r < 82 ? "present" : r < 90 ? "late" : "leave";
      const char *reason = r >= 90 ? (r % 2 ? "外出务工" : "身体不适") : "";
      const char *azText[] = {a[i].uuid, m[j].memberNo, status, reason};
      int64_t at = local_time(a[i].day, a[i].hm, r < 82 ? -(int)(r % 25) - 1 : r < 90 ? (int)(r % 20) + 3 : -1440);
      rc = insert_row(db,
        "INSERT INTO checkin(uuid, kiosk_id, seq, activity_uuid, member_no, status, reason, at, kind, method, operator)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'checkin', 'paper', 'demo')", azText, 4, &at, 1);
    }
  free(m);
  return rc;
}

/* This month's volunteer hours: a dozen members, most approved (they make
 * the honour board), a few from the last two days waiting for review. Once.
 * Returns KR_OK or an SQLite code. */
static KrCode demo_volunteering(Db *db, const Config *cfg, const char *zToday) {
  if (db_int64(db->h, "SELECT count(*) FROM vol_entry", NULL) != 0) return KR_OK;
  VolCategories vc;
  if (vol_categories_parse(cfg->volCategories, &vc)) return KR_OK;
  static const char *const azWho[] = {"LM0003", "LM0007", "LM0012", "LM0018", "LM0021", "LM0026",
                                      "LM0033", "LM0041", "LM0047", "LM0055", "LM0062", "LM0070"};
  int day0 = atoi(zToday + 8) - 1; /* days since the 1st: entries stay in this month */
  KrCode rc = KR_OK;
  for (int i = 0; i < 12 && !rc; i++)
    for (int k = 0; k < 1 + (i % 3) && !rc; k++) {
      unsigned r = mix(azWho[i], k ? "second" : "first");
      int back = (int)(r % (unsigned)(day0 + 1));
      int pending = i >= 9 && k == 0;
      if (pending) back = r % 2;
      char day[11];
      if ((rc = util_date_add(zToday, -back, day))) return rc;
      const char *cat = vc.a[r % (unsigned)vc.n];
      int64_t half = 2 + (int64_t)((r + (unsigned)i) % 9), at = local_time(day, "18:00", 0);
      const char *azText[] = {azWho[i], cat, day};
      int64_t aInt[] = {half, at};
      rc = insert_row(db,
        "INSERT INTO vol_entry(uuid, kiosk_id, seq, member_no, category, day, half_hours, at, method)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'kiosk')", azText, 3, aInt, 2);
      if (rc || pending) continue;
      char entry[40];
      sqlite3_stmt *s;
      int src = sqlite3_prepare_v2(db->h, "SELECT uuid FROM vol_entry ORDER BY id DESC LIMIT 1", -1, &s, NULL);
      if (src != SQLITE_OK) return kr_sqlite(src);
      rc = (src = sqlite3_step(s)) == SQLITE_ROW ? KR_OK : kr_sqlite(src);
      if (!rc) util_strlcpy(entry, (const char *)sqlite3_column_text(s, 0), sizeof entry);
      sqlite3_finalize(s);
      const char *azRev[] = {entry};
      int64_t when = at + 86400;
      if (!rc)
        rc = insert_row(db,
          "INSERT INTO vol_review(uuid, kiosk_id, seq, entry_uuid, at, decision, operator)"
          " VALUES(?1, ?2, ?3, ?4, ?5, 'approved', 'demo')", azRev, 1, &when, 1);
    }
  return rc;
}

/* How much of pixel (x, y) lies inside the ellipse at (cx, cy) with radii
 * rx, ry (each over 10 px): 0..1, a soft one-pixel edge so the shapes are
 * not jagged. */
static float ellipse_cover(float x, float y, float cx, float cy, float rx, float ry) {
  float dx = (x - cx) / rx, dy = (y - cy) / ry, q = dx * dx + dy * dy;
  if (q > 1.21f) return 0; /* well outside or inside (radii are over 10 px): no root */
  if (q < 0.81f) return 1;
  float d = (1.0f - sqrtf(q)) * (rx < ry ? rx : ry) + 0.5f;
  return d <= 0 ? 0 : d >= 1 ? 1 : d;
}

/* Blends colour c over pixel px by alpha a. */
static void blend(unsigned char *px, const unsigned char c[3], float a) {
  if (a <= 0) return;
  for (int k = 0; k < 3; k++) px[k] = (unsigned char)(px[k] + (c[k] - px[k]) * a + 0.5f);
}

void demo_portrait(const char *zMemberNo, unsigned char *rgb) {
  static const unsigned char aBg[][3] = {{214, 226, 238}, {220, 232, 216}, {238, 228, 212},
                                         {228, 222, 238}, {216, 230, 232}, {240, 224, 216}};
  static const unsigned char aCloth[][3] = {{48, 62, 92}, {64, 68, 76}, {52, 80, 70},
                                            {96, 60, 56}, {70, 86, 110}, {84, 76, 64}};
  static const unsigned char aSkin[][3] = {{222, 196, 172}, {210, 180, 152}, {230, 206, 184}, {200, 168, 140}};
  static const unsigned char aHair[][3] = {{34, 30, 30}, {56, 44, 38}, {28, 28, 34},
                                           {104, 100, 98}, {156, 154, 152}, {196, 194, 192}};
  unsigned h = hash2(zMemberNo, "portrait");
  const unsigned char *bg = aBg[h % 6], *cloth = aCloth[(h >> 3) % 6], *skin = aSkin[(h >> 6) % 4],
                      *hair = aHair[(h >> 8) % 6];
  int longHair = (h >> 11) % 3 == 0;
  float shift = (float)((int)((h >> 13) % 9) - 4); /* the head a little off centre, as people sit */
  const int S = DEMO_PORTRAIT_SIDE;
  const float cx = S / 2.0f + shift, cy = S * 0.40f, rx = S * 0.19f, ry = S * 0.235f;
  const float part = (h >> 17) % 2 ? 0.2f : -0.2f; /* the parting, left or right */
  for (int y = 0; y < S; y++)
    for (int x = 0; x < S; x++) {
      unsigned char *px = rgb + ((size_t)y * S + (size_t)x) * 3;
      float fx = x + 0.5f, fy = y + 0.5f, light = 14.0f - 28.0f * fy / S; /* lighter at the top */
      for (int k = 0; k < 3; k++) {
        float v = bg[k] + light;
        px[k] = (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
      }
      /* hair behind the head: to the ears, or to the shoulders */
      float back = ellipse_cover(fx, fy, cx, cy - ry * 0.06f, rx * 1.08f, ry * 1.04f);
      float backEnd = (longHair ? cy + ry * 1.05f : cy + ry * 0.05f) - fy + 0.5f;
      blend(px, hair, back * (backEnd <= 0 ? 0 : backEnd >= 1 ? 1 : backEnd));
      blend(px, cloth, ellipse_cover(fx, fy, S / 2.0f, S * 1.0f, S * 0.45f, S * 0.35f));
      blend(px, skin, ellipse_cover(fx, fy, cx, cy + ry * 0.95f, rx * 0.42f, ry * 0.5f)
                        * (fy < S * 0.72f ? 1.0f : 0.0f)); /* the neck, into the collar */
      float head = ellipse_cover(fx, fy, cx, cy, rx, ry);
      blend(px, skin, head);
      /* the hair on the head: a hairline lower at the temples, higher on
       * the side of the parting */
      float nx = (fx - cx) / rx, line = cy - ry * 0.5f + ry * 0.5f * nx * nx + ry * part * nx - fy + 0.5f;
      blend(px, hair, head * (line <= 0 ? 0 : line >= 1 ? 1 : line));
    }
}

/* The member numbers that have a photo, for photo_each_member(). */
typedef struct {
  char (*a)[sizeof ((Member *)0)->memberNo]; /* as long as a roster member number */
  int n, nAlloc, oom;
} HaveList;

static void note_photo(const char *zNo, void *ctx) {
  HaveList *h = ctx;
  if (h->n == h->nAlloc) {
    int nNew = h->nAlloc ? h->nAlloc * 2 : 128;
    void *p = realloc(h->a, (size_t)nNew * sizeof *h->a);
    if (!p) { h->oom = 1; return; }
    h->a = p, h->nAlloc = nNew;
  }
  util_strlcpy(h->a[h->n++], zNo, sizeof *h->a);
}

static int cmp_no(const void *a, const void *b) { return strcmp(a, b); }

/* Whether zNo is a member of the embedded demo roster (its first column),
 * not one a secretary added to the demo kiosk. */
static int on_demo_roster(const char *zNo) {
  char pat[64];
  int n = snprintf(pat, sizeof pat, "\n%s,", zNo);
  if (n <= 2 || n >= (int)sizeof pat) return 0;
  for (size_t i = 0; i + (size_t)n <= demo_members_len; i++)
    if (!memcmp(demo_members + i, pat, (size_t)n)) return 1;
  return 0;
}

/* A portrait for each member of the demo roster without a photo, but every
 * 7th or so (as in a real village, some have none). Stored as photos are (photo.h); a member
 * who has one, imported or drawn before, keeps it, so a second load (each
 * start of a demo kiosk) draws nothing. Inside the caller's transaction.
 * Returns KR_OK, KR_NOMEM or photo_store_rgb()'s code with its message. */
static KrCode demo_photos(Db *db, char *zErr, int nErr) {
  HaveList have = {0};
  KrCode rc = photo_each_member(db, note_photo, &have);
  if (!rc && have.oom) rc = KR_NOMEM;
  if (rc) { free(have.a); return rc; }
  if (have.n) qsort(have.a, (size_t)have.n, sizeof *have.a, cmp_no);
  Member *m = NULL;
  int nm = 0;
  unsigned char *rgb = NULL;
  if (!(rc = roster_list(db, &m, &nm)) && !(rgb = malloc((size_t)DEMO_PORTRAIT_SIDE * DEMO_PORTRAIT_SIDE * 3)))
    rc = KR_NOMEM;
  PhotoStats ps = {0};
  for (int j = 0; j < nm && !rc; j++) {
    if (hash2(m[j].memberNo, "photo") % 7 == 0 || !on_demo_roster(m[j].memberNo)) continue;
    if (have.n && bsearch(m[j].memberNo, have.a, (size_t)have.n, sizeof *have.a, cmp_no)) continue;
    demo_portrait(m[j].memberNo, rgb);
    rc = photo_store_rgb(db, m[j].memberNo, rgb, DEMO_PORTRAIT_SIDE, DEMO_PORTRAIT_SIDE, &ps, zErr, nErr);
  }
  free(rgb);
  free(m);
  free(have.a);
  return rc;
}

/* The four notices of data/demo/notices, listed in its index.csv. Each is
 * added once (by title). Returns KR_OK, or as notice_add(). */
static KrCode demo_notices(Db *db, const char *zToday, int *pAdded, char *zErr, int nErr) {
  const DemoFile *idx = demo_file("index.csv");
  if (!idx) return KR_OK;
  CsvReader r;
  csv_init(&r, (const char *)idx->data, idx->len);
  KrCode rc = KR_OK;
  int got;
  csv_next(&r, &got); /* header */
  while (rc == KR_OK && !csv_next(&r, &got) && got > 0) {
    if (r.nField != 6) { snprintf(zErr, nErr, "demo notices line %d: expected 6 fields", r.recordLine); rc = KR_MALFORMED; break; }
    const DemoFile *f = demo_file(r.azField[0]);
    NoticeCategory cat;
    if (!f || notice_category_parse(r.azField[1], &cat)) {
      snprintf(zErr, nErr, "demo notice %s is missing", r.azField[0]);
      rc = KR_MALFORMED;
      break;
    }
    char *z = strndup((const char *)f->data, f->len), *title, *body;
    if (!z) { rc = KR_NOMEM; break; }
    notice_split_title(z, &title, &body);
    char published[11], expires[11];
    sqlite3_stmt *s;
    int have = 1;
    if (title && sqlite3_prepare_v2(db->h, "SELECT 1 FROM notice WHERE title = ?1", -1, &s, NULL) == SQLITE_OK) {
      sqlite3_bind_text(s, 1, title, -1, SQLITE_STATIC);
      have = sqlite3_step(s) == SQLITE_ROW;
      sqlite3_finalize(s);
    }
    if (title && !have) {
      util_date_add(zToday, atoi(r.azField[3]), published);
      if (r.azField[4][0]) util_date_add(published, atoi(r.azField[4]), expires);
      MdDoc doc;
      NoticeImage aImg[NOTICE_MAX_IMAGES];
      int nImg = 0;
      if (md_parse(body, &doc)) { free(z); rc = KR_NOMEM; break; }
      for (int b = 0; b < doc.n && nImg < NOTICE_MAX_IMAGES; b++) {
        const DemoFile *img = doc.a[b].kind == MD_IMAGE ? demo_file(doc.a[b].src) : NULL;
        if (img) aImg[nImg++] = (NoticeImage){img->name, img->data, img->len};
      }
      NoticeNew nn = {.category = cat, .title = title, .body = body, .source = r.azField[5],
                      .pinned = atoi(r.azField[2]), .published = published,
                      .expires = r.azField[4][0] ? expires : NULL, .aImage = aImg, .nImage = nImg};
      rc = notice_add(db, &nn, NULL, zErr, nErr);
      md_free(&doc);
      if (!rc) (*pAdded)++;
    }
    free(z);
  }
  csv_free(&r);
  return rc;
}

/* Whether an activity titled zTitle is on zDay: KR_OK there is,
 * KR_NOT_FOUND there is not, or an SQLite code. */
static KrCode has_activity(Db *db, const char *zDay, const char *zTitle) {
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(db->h, "SELECT 1 FROM activity WHERE day = ?1 AND title = ?2", -1, &s, NULL);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  sqlite3_bind_text(s, 1, zDay, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 2, zTitle, -1, SQLITE_STATIC);
  rc = sqlite3_step(s);
  sqlite3_finalize(s);
  return rc == SQLITE_ROW ? KR_OK : rc == SQLITE_DONE ? KR_NOT_FOUND : kr_sqlite(rc);
}

/* Today's demo activity starts at the next half hour after the demo is
 * loaded ("next" in the CSV) and lasts "+N" minutes, so whoever tries the
 * demo, at whatever hour, finds a 主题党日 open for check-in. */
static void relative_times(const char *zStart, const char *zEnd, char start[6], char end[6]) {
  util_strlcpy(start, zStart, 6);
  util_strlcpy(end, zEnd, 6);
  if (strcmp(zStart, "next")) return;
  char hm[6];
  util_local_hm(util_now(), hm);
  int m = atoi(hm) * 60 + atoi(hm + 3);
  m = (m / 30 + 1) * 30;
  if (m > 23 * 60 + 30 || m < 0) m = 23 * 60 + 30;
  int e = m + (zEnd[0] == '+' ? atoi(zEnd + 1) : 180);
  if (e > 23 * 60 + 59 || e < m) e = 23 * 60 + 59;
  snprintf(start, 6, "%02u:%02u", (unsigned)m / 60 % 24, (unsigned)m % 60);
  snprintf(end, 6, "%02u:%02u", (unsigned)e / 60 % 24, (unsigned)e % 60);
}

KrCode demo_load(Db *db, const Config *cfg, DemoStats *pStats, char *zErr, int nErr) {
  DemoStats st = {0};
  RosterImportStats rs;
  /* The roster predates the village's seeded past (its earliest activity is
   * 61 days back): the township's review expects a member at an activity
   * only when the member was on the roster that day. */
  int64_t pinned = util_pinned_clock();
  util_set_clock(util_now() - 90 * 86400);
  KrCode bad = roster_import_bytes(db, demo_members, demo_members_len, cfg->branch, &rs, zErr, nErr);
  util_set_clock(pinned);
  if (bad) return bad;
  st.membersAdded = rs.added;
  st.membersUpdated = rs.updated;

  char today[11];
  util_local_date(util_now(), today);
  CsvReader r;
  csv_init(&r, demo_activities, demo_activities_len);
  KrCode rc = KR_OK;
  int got;
  csv_next(&r, &got); /* header */
  while (rc == KR_OK && !csv_next(&r, &got) && got > 0) {
    if (r.nField != 6) { snprintf(zErr, nErr, "demo activities line %d: expected 6 fields", r.recordLine); rc = KR_MALFORMED; break; }
    Activity a;
    memset(&a, 0, sizeof a);
    if (util_date_add(today, atoi(r.azField[0]), a.day)) { snprintf(zErr, nErr, "bad demo date"); rc = KR_MALFORMED; break; }
    util_strlcpy(a.kind, r.azField[1], sizeof a.kind);
    util_strlcpy(a.title, r.azField[2], sizeof a.title);
    relative_times(r.azField[3], r.azField[4], a.startHm, a.endHm);
    util_strlcpy(a.location, r.azField[5], sizeof a.location);
    util_strlcpy(a.source, !strcmp(a.kind, "培训") ? "township" : "local", sizeof a.source);
    KrCode have = has_activity(db, a.day, a.title);
    if (have == KR_NOT_FOUND) {
      if ((rc = activity_add(db, &a, NULL, zErr, nErr)) == KR_OK) st.activitiesAdded++;
    } else if (have) {
      snprintf(zErr, nErr, "database error: %s", sqlite3_errmsg(db->h));
      rc = have;
    }
  }
  csv_free(&r);
  if (rc == KR_OK && got < 0) { snprintf(zErr, nErr, "malformed demo activities"); rc = KR_MALFORMED; }
  if (rc == KR_OK) rc = demo_notices(db, today, &st.noticesAdded, zErr, nErr);
  if (rc == KR_OK) {
    /* the village's past, in one transaction */
    int src = db_begin(db);
    if (src != SQLITE_OK) rc = kr_sqlite(src);
    if (rc == KR_OK) rc = demo_attendance(db, today);
    if (rc == KR_OK) rc = demo_volunteering(db, cfg, today);
    if (rc == KR_OK) rc = demo_photos(db, zErr, nErr);
    if (rc == KR_OK && (src = db_commit(db)) != SQLITE_OK) rc = kr_sqlite(src);
    if (rc) {
      snprintf(zErr, nErr, "cannot load the demo history: %s", sqlite3_errmsg(db->h));
      db_rollback(db);
    }
  }
  if (pStats) *pStats = st;
  return rc;
}
