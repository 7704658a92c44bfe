/* notice: see notice.h. */
#include "notice.h"
#include "db_int.h"
#include "input.h"
#include "markdown.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const azCode[NOTICE_CAT_COUNT] = {"notice", "party", "village", "policy"};
static const char *const azName[NOTICE_CAT_COUNT] = {"通知公告", "党务公开", "村务公开", "政策宣传"};

const char *notice_category_code(NoticeCategory c) { return c >= 0 && c < NOTICE_CAT_COUNT ? azCode[c] : "notice"; }

KrCode notice_category_parse(const char *z, NoticeCategory *pOut) {
  for (int i = 0; z && i < NOTICE_CAT_COUNT; i++)
    if (!strcmp(z, azCode[i]) || !strcmp(z, azName[i])) { *pOut = (NoticeCategory)i; return KR_OK; }
  return KR_BAD_INPUT;
}

static int image_kind_ok(const unsigned char *p, size_t n) {
  if (n >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8)) return 1;
  if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) return 1;
  return 0;
}

/* An image name: a plain file name beside the notice, nothing that climbs out. */
static int safe_name(const char *z) {
  if (!z[0] || strlen(z) > 128 || z[0] == '.' || strchr(z, '/') || strchr(z, '\\')) return 0;
  for (const unsigned char *p = (const unsigned char *)z; *p; p++)
    if (*p < 0x20) return 0;
  return 1;
}

/* Checks a new notice and parses its body into *doc (freed by the caller
 * with md_free() on KR_OK). Returns KR_OK, KR_BAD_INPUT, KR_TOO_LARGE,
 * KR_NOT_FOUND (a named image not given) or KR_NOMEM, with a message. */
static KrCode check(const NoticeNew *n, MdDoc *doc, char *zErr, int nErr) {
  if (n->category < 0 || n->category >= NOTICE_CAT_COUNT) { snprintf(zErr, nErr, "unknown category"); return KR_BAD_INPUT; }
  if (!n->title || !n->title[0] || strlen(n->title) >= NOTICE_TITLE_MAX || !util_utf8_valid(n->title, strlen(n->title))) {
    snprintf(zErr, nErr, "the notice needs a title (up to %d bytes of UTF-8)", NOTICE_TITLE_MAX - 1);
    return KR_BAD_INPUT;
  }
  if (!n->body || strlen(n->body) > NOTICE_MAX_TEXT || !util_utf8_valid(n->body, strlen(n->body))) {
    snprintf(zErr, nErr, "the notice body must be UTF-8 text of at most %d KiB", NOTICE_MAX_TEXT / 1024);
    return n->body && strlen(n->body) > NOTICE_MAX_TEXT ? KR_TOO_LARGE : KR_BAD_INPUT;
  }
  if (!n->source || (strcmp(n->source, "village") && strcmp(n->source, "township"))) {
    snprintf(zErr, nErr, "the source must be village or township");
    return KR_BAD_INPUT;
  }
  if (n->published && !util_valid_date(n->published)) { snprintf(zErr, nErr, "bad publication date"); return KR_BAD_INPUT; }
  if (n->expires && !util_valid_date(n->expires)) {
    snprintf(zErr, nErr, "the expiry date \"%s\" must be YYYY-MM-DD", n->expires);
    return KR_BAD_INPUT;
  }
  if (n->nImage > NOTICE_MAX_IMAGES) { snprintf(zErr, nErr, "at most %d images", NOTICE_MAX_IMAGES); return KR_TOO_LARGE; }
  for (int i = 0; i < n->nImage; i++) {
    if (!safe_name(n->aImage[i].name)) { snprintf(zErr, nErr, "bad image name \"%s\"", n->aImage[i].name); return KR_BAD_INPUT; }
    if (n->aImage[i].n > NOTICE_MAX_IMAGE) {
      snprintf(zErr, nErr, "image %s is over %d MiB", n->aImage[i].name, NOTICE_MAX_IMAGE / 1024 / 1024);
      return KR_TOO_LARGE;
    }
    if (!image_kind_ok(n->aImage[i].data, n->aImage[i].n)) {
      snprintf(zErr, nErr, "image %s is not a PNG or JPEG file", n->aImage[i].name);
      return KR_BAD_INPUT;
    }
  }
  int mrc = md_parse(n->body, doc);
  if (mrc) { snprintf(zErr, nErr, "out of memory"); return mrc > 0 && mrc < KR_COUNT ? (KrCode)mrc : KR_NOMEM; }
  for (int b = 0; b < doc->n; b++) {
    if (doc->a[b].kind != MD_IMAGE) continue;
    int have = 0;
    for (int i = 0; i < n->nImage && !have; i++) have = !strcmp(n->aImage[i].name, doc->a[b].src);
    if (!have) {
      snprintf(zErr, nErr, "the notice shows image \"%s\", which is missing", doc->a[b].src);
      md_free(doc);
      return KR_NOT_FOUND;
    }
  }
  return KR_OK;
}

/* Writes notice n (a new version) and its images; inside the caller's
 * transaction. Returns KR_OK or an SQLite code. */
static KrCode insert(Db *db, const NoticeNew *n, const char *zToday, char uuid[40], char noticeId[40]) {
  int64_t seq;
  util_uuid4(uuid);
  util_strlcpy(noticeId, n->noticeId ? n->noticeId : uuid, 40);
  int rc = db_next_seq(db, &seq);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  sqlite3_stmt *s;
  if ((rc = sqlite3_prepare_v2(db->h,
        "INSERT INTO notice(uuid, kiosk_id, seq, notice_id, category, title, body, source, pinned, published,"
        " expires, withdrawn, created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)", -1, &s,
        NULL)) != SQLITE_OK)
    return kr_sqlite(rc);
  sqlite3_bind_text(s, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 2, db->kioskId, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 3, seq);
  sqlite3_bind_text(s, 4, noticeId, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 5, azCode[n->category], -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 6, n->title, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 7, n->body, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 8, n->source, -1, SQLITE_STATIC);
  sqlite3_bind_int(s, 9, n->pinned != 0);
  sqlite3_bind_text(s, 10, n->published ? n->published : zToday, -1, SQLITE_STATIC);
  if (n->expires) sqlite3_bind_text(s, 11, n->expires, -1, SQLITE_STATIC);
  sqlite3_bind_int(s, 12, n->withdrawn != 0);
  sqlite3_bind_int64(s, 13, util_now());
  rc = sqlite3_step(s);
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) return kr_sqlite(rc);
  for (int i = 0; i < n->nImage; i++) {
    char iu[40];
    util_uuid4(iu);
    if ((rc = db_next_seq(db, &seq)) != SQLITE_OK) return kr_sqlite(rc);
    if ((rc = sqlite3_prepare_v2(db->h,
          "INSERT INTO notice_image(uuid, kiosk_id, seq, notice_uuid, name, data) VALUES(?1, ?2, ?3, ?4, ?5, ?6)", -1,
          &s, NULL)) != SQLITE_OK)
      return kr_sqlite(rc);
    sqlite3_bind_text(s, 1, iu, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, db->kioskId, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, seq);
    sqlite3_bind_text(s, 4, uuid, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, n->aImage[i].name, -1, SQLITE_STATIC);
    sqlite3_bind_blob(s, 6, n->aImage[i].data, (int)n->aImage[i].n, SQLITE_STATIC);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return kr_sqlite(rc);
  }
  return KR_OK;
}

KrCode notice_add(Db *db, const NoticeNew *n, NoticeInfo *pOut, char *zErr, int nErr) {
  MdDoc doc;
  KrCode kr = check(n, &doc, zErr, nErr);
  if (kr) return kr;
  md_free(&doc);
  char today[11], uuid[40], noticeId[40];
  util_local_date(util_now(), today);
  int rc = db_begin(db);
  if (rc != SQLITE_OK) { snprintf(zErr, nErr, "database busy: %s", sqlite3_errmsg(db->h)); return kr_sqlite(rc); }
  if ((kr = insert(db, n, today, uuid, noticeId)) == KR_OK && (rc = db_commit(db)) != SQLITE_OK) kr = kr_sqlite(rc);
  if (kr) {
    snprintf(zErr, nErr, "could not save the notice: %s", sqlite3_errmsg(db->h));
    db_rollback(db);
    return kr;
  }
  if (pOut) {
    char *body = NULL;
    if (notice_get(db, uuid, pOut, &body)) memset(pOut, 0, sizeof *pOut);
    free(body);
  }
  return KR_OK;
}

void notice_split_title(char *z, char **pTitle, char **pBody) {
  *pTitle = NULL;
  *pBody = z;
  for (char *line = z; *line;) {
    char *eol = strchr(line, '\n');
    char *next = eol ? eol + 1 : line + strlen(line);
    char *p = line;
    while (*p == ' ' || *p == '\t') p++;
    if (p[0] == '#' && p[1] == ' ') {
      char *title = p + 2;
      if (eol) *eol = 0;
      size_t l = strlen(title);
      while (l && (title[l - 1] == '\r' || title[l - 1] == ' ')) title[--l] = 0;
      *pTitle = title;
      *pBody = next;
      return;
    }
    if (*p && *p != '\r' && *p != '\n') return; /* text before any title */
    line = next;
  }
}

KrCode notice_add_file(Db *db, const char *zPath, NoticeCategory category, int pinned, const char *zExpires,
                       const char *zSource, NoticeInfo *pOut, char *zErr, int nErr) {
  char *raw = NULL, *z = NULL;
  size_t nRaw, n;
  KrCode rc = KR_BAD_INPUT;
  int nImage = 0;
  NoticeImage aImage[NOTICE_MAX_IMAGES];
  char *azData[NOTICE_MAX_IMAGES] = {0};
  MdDoc doc = {0};
  if ((rc = util_read_file(zPath, &raw, &nRaw))) { snprintf(zErr, nErr, "cannot read %s", zPath); return rc; }
  rc = KR_TOO_LARGE;
  if (nRaw > NOTICE_MAX_TEXT) { snprintf(zErr, nErr, "%s is over %d KiB", zPath, NOTICE_MAX_TEXT / 1024); goto done; }
  KrCode ru = input_decode(raw, nRaw, &z, &n, zErr, nErr);
  if (ru) { rc = ru; goto done; }
  rc = KR_BAD_INPUT; /* each failure below is bad input unless it says otherwise */
  char *title, *body;
  notice_split_title(z, &title, &body);
  if (!title || !title[0]) {
    snprintf(zErr, nErr, "%s: the first line must be the title, as \"# 标题\"", zPath);
    goto done;
  }
  if (md_parse(body, &doc)) { snprintf(zErr, nErr, "out of memory"); rc = KR_NOMEM; goto done; }
  char dir[1024] = ".";
  const char *slash = strrchr(zPath, '/');
  if (slash) snprintf(dir, sizeof dir, "%.*s", (int)(slash - zPath), zPath);
  for (int b = 0; b < doc.n; b++) {
    if (doc.a[b].kind != MD_IMAGE) continue;
    const char *src = doc.a[b].src;
    int seen = 0;
    for (int i = 0; i < nImage && !seen; i++) seen = !strcmp(aImage[i].name, src);
    if (seen) continue;
    if (!safe_name(src)) { snprintf(zErr, nErr, "image \"%s\" must be a file beside the notice", src); goto done; }
    if (nImage == NOTICE_MAX_IMAGES) { snprintf(zErr, nErr, "at most %d images", NOTICE_MAX_IMAGES); rc = KR_TOO_LARGE; goto done; }
    char path[1300];
    size_t len;
    snprintf(path, sizeof path, "%s/%s", dir, src);
    KrCode rr = util_read_file(path, &azData[nImage], &len);
    if (rr) { snprintf(zErr, nErr, "cannot read image %s", path); rc = rr; goto done; }
    aImage[nImage] = (NoticeImage){src, azData[nImage], len};
    nImage++;
  }
  NoticeNew nn = {.category = category, .title = title, .body = body, .source = zSource ? zSource : "village",
                  .pinned = pinned, .expires = zExpires, .aImage = aImage, .nImage = nImage};
  if (zExpires) {
    char today[11];
    util_local_date(util_now(), today);
    if (util_valid_date(zExpires) && strcmp(zExpires, today) < 0) {
      snprintf(zErr, nErr, "the expiry date %s has already passed", zExpires);
      goto done;
    }
  }
  rc = notice_add(db, &nn, pOut, zErr, nErr);
done:
  md_free(&doc);
  for (int i = 0; i < nImage; i++) free(azData[i]);
  free(z);
  free(raw);
  return rc;
}

#define INFO_COLS                                                                                                  \
  "SELECT n.id, n.uuid, n.notice_id, n.category, n.title, n.source, n.pinned, n.published, coalesce(n.expires, ''),"  \
  " (SELECT count(*) FROM notice_view v WHERE v.notice_id = n.notice_id)"

static void row_to_info(sqlite3_stmt *s, NoticeInfo *p) {
  memset(p, 0, sizeof *p);
  p->id = sqlite3_column_int64(s, 0);
  util_strlcpy(p->uuid, (const char *)sqlite3_column_text(s, 1), sizeof p->uuid);
  util_strlcpy(p->noticeId, (const char *)sqlite3_column_text(s, 2), sizeof p->noticeId);
  if (notice_category_parse((const char *)sqlite3_column_text(s, 3), &p->category)) p->category = NOTICE_CAT_NOTICE;
  util_strlcpy(p->title, (const char *)sqlite3_column_text(s, 4), sizeof p->title);
  util_strlcpy(p->source, (const char *)sqlite3_column_text(s, 5), sizeof p->source);
  p->pinned = sqlite3_column_int(s, 6);
  util_strlcpy(p->published, (const char *)sqlite3_column_text(s, 7), sizeof p->published);
  util_strlcpy(p->expires, (const char *)sqlite3_column_text(s, 8), sizeof p->expires);
  p->views = sqlite3_column_int(s, 9);
  p->unread = p->views == 0;
}

#define SHOWN                                                                                                      \
  " FROM notice n WHERE n.id = (SELECT max(id) FROM notice x WHERE x.notice_id = n.notice_id)"                     \
  " AND NOT n.withdrawn AND (n.expires IS NULL OR n.expires >= ?1)"

KrCode notice_list(Db *db, int category, const char *zToday, NoticeInfo **pp, int *pn) {
  *pp = NULL;
  *pn = 0;
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(db->h,
      INFO_COLS SHOWN " AND (?2 IS NULL OR n.category = ?2) ORDER BY n.pinned DESC, n.published DESC, n.id DESC",
      -1, &s, NULL);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  sqlite3_bind_text(s, 1, zToday, -1, SQLITE_STATIC);
  if (category >= 0 && category < NOTICE_CAT_COUNT) sqlite3_bind_text(s, 2, azCode[category], -1, SQLITE_STATIC);
  int n = 0, cap = 0;
  NoticeInfo *a = NULL;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    if (n == cap) {
      cap = cap ? cap * 2 : 16;
      NoticeInfo *na = realloc(a, sizeof *a * (size_t)cap);
      if (!na) { rc = SQLITE_NOMEM; break; }
      a = na;
    }
    row_to_info(s, &a[n++]);
  }
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) { free(a); return kr_sqlite(rc); }
  *pp = a;
  *pn = n;
  return KR_OK;
}

KrCode notice_counts(Db *db, const char *zToday, int aCount[NOTICE_CAT_COUNT], int aUnread[NOTICE_CAT_COUNT]) {
  NoticeInfo *a;
  int n;
  memset(aCount, 0, sizeof(int) * NOTICE_CAT_COUNT);
  memset(aUnread, 0, sizeof(int) * NOTICE_CAT_COUNT);
  KrCode rc = notice_list(db, -1, zToday, &a, &n);
  if (rc) return rc;
  for (int i = 0; i < n; i++) {
    aCount[a[i].category]++;
    aUnread[a[i].category] += a[i].unread;
  }
  free(a);
  return KR_OK;
}

KrCode notice_get(Db *db, const char *zUuid, NoticeInfo *pInfo, char **ppBody) {
  *ppBody = NULL;
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(db->h, INFO_COLS ", n.body FROM notice n WHERE n.uuid = ?1", -1, &s, NULL);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  sqlite3_bind_text(s, 1, zUuid, -1, SQLITE_STATIC);
  rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) {
    row_to_info(s, pInfo);
    *ppBody = strdup((const char *)sqlite3_column_text(s, 10));
    if (!*ppBody) rc = SQLITE_NOMEM;
  }
  sqlite3_finalize(s);
  return rc == SQLITE_ROW ? KR_OK : rc == SQLITE_DONE ? KR_NOT_FOUND : kr_sqlite(rc);
}

KrCode notice_image(Db *db, const char *zUuid, const char *zName, void **pp, size_t *pn) {
  *pp = NULL;
  *pn = 0;
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(db->h, "SELECT data FROM notice_image WHERE notice_uuid = ?1 AND name = ?2", -1, &s, NULL);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  sqlite3_bind_text(s, 1, zUuid, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 2, zName, -1, SQLITE_STATIC);
  rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) {
    size_t n = (size_t)sqlite3_column_bytes(s, 0);
    void *p = malloc(n ? n : 1);
    if (p) {
      memcpy(p, sqlite3_column_blob(s, 0), n);
      *pp = p;
      *pn = n;
    } else rc = SQLITE_NOMEM;
  }
  sqlite3_finalize(s);
  return rc == SQLITE_ROW ? KR_OK : rc == SQLITE_DONE ? KR_NOT_FOUND : kr_sqlite(rc);
}

KrCode notice_record_view(Db *db, const char *zNoticeId) {
  char uuid[40], day[11];
  int64_t seq, now = util_now();
  util_uuid4(uuid);
  util_local_date(now, day);
  int rc = db_begin(db);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  sqlite3_stmt *s;
  if ((rc = db_next_seq(db, &seq)) == SQLITE_OK &&
      (rc = sqlite3_prepare_v2(db->h, "INSERT INTO notice_view(uuid, kiosk_id, seq, notice_id, day, at) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
                               -1, &s, NULL)) == SQLITE_OK) {
    sqlite3_bind_text(s, 1, uuid, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, db->kioskId, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, seq);
    sqlite3_bind_text(s, 4, zNoticeId, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, day, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 6, now);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
  }
  if (rc == SQLITE_DONE) rc = db_commit(db);
  if (rc != SQLITE_OK) {
    db_rollback(db);
    return kr_sqlite(rc);
  }
  return KR_OK;
}
