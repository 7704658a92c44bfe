/* notice: policy notices (通知公告 · 党务公开 · 村务公开 · 政策宣传). A notice is
 * a title and a body in the Markdown subset of markdown.h, with its images
 * stored beside it in the database. Each version is a row of its own; the
 * newest version of a notice_id is the one shown, and a withdrawal is a new
 * version too. Expired notices are hidden. Views are counted per notice with
 * no personal data: a view is a day and a time, nothing about the reader. */
#ifndef KIOSK_NOTICE_H
#define KIOSK_NOTICE_H
#include "db.h"
#include "result.h"
#include <stddef.h>
#include <stdint.h>

typedef enum { NOTICE_CAT_NOTICE, NOTICE_CAT_PARTY, NOTICE_CAT_VILLAGE, NOTICE_CAT_POLICY, NOTICE_CAT_COUNT } NoticeCategory;

#define NOTICE_MAX_TEXT (256 * 1024)      /* bytes of Markdown */
#define NOTICE_MAX_IMAGE (4 * 1024 * 1024) /* bytes per image */
#define NOTICE_MAX_IMAGES 16
#define NOTICE_TITLE_MAX 256

/* "notice", "party", "village", "policy". */
const char *notice_category_code(NoticeCategory c);
/* A category from its code or its Chinese name (通知公告, 党务公开, 村务公开,
 * 政策宣传) into *pOut. Returns KR_OK, or KR_BAD_INPUT if neither. */
KrCode notice_category_parse(const char *z, NoticeCategory *pOut);

typedef struct {
  const char *name;       /* as the body names it: "photo.jpg" */
  const void *data;
  size_t n;
} NoticeImage;

typedef struct {
  const char *noticeId;   /* NULL: a new notice; else a new version of it */
  NoticeCategory category;
  const char *title, *body;
  const char *source;     /* "village" or "township" */
  int pinned;
  const char *published;  /* YYYY-MM-DD; NULL: today */
  const char *expires;    /* YYYY-MM-DD or NULL: never */
  int withdrawn;
  const NoticeImage *aImage;
  int nImage;
} NoticeNew;

typedef struct {
  int64_t id;
  char uuid[40], noticeId[40];
  NoticeCategory category;
  char title[NOTICE_TITLE_MAX];
  char source[12];
  int pinned;
  char published[11], expires[11]; /* expires "" when never */
  int views;
  int unread;              /* never opened on this kiosk */
} NoticeInfo;

/* Checks and stores a notice (and its images) in one transaction: every
 * image the body names must be given, and be a PNG or JPEG. Returns KR_OK
 * with *pOut (may be NULL) filled; KR_BAD_INPUT, KR_TOO_LARGE, KR_NOT_FOUND
 * (an image the body names is not given) or an SQLite code with an English
 * message, nothing written. */
KrCode notice_add(Db *db, const NoticeNew *n, NoticeInfo *pOut, char *zErr, int nErr);
/* Reads a Markdown file (UTF-8, or GBK as Windows saves it): the first
 * "# " line is the title, images are read from beside the file. Returns
 * as notice_add(), and KR_IO when the file or an image cannot be read. */
KrCode notice_add_file(Db *db, const char *zPath, NoticeCategory category, int pinned, const char *zExpires,
                       const char *zSource, NoticeInfo *pOut, char *zErr, int nErr);

/* Splits a Markdown text in place: *pTitle is the first "# " line (NULL if
 * there is none before other text), *pBody what follows it. */
void notice_split_title(char *z, char **pTitle, char **pBody);

/* The notices shown on zToday: newest version, not withdrawn, not expired;
 * of one category (or all for -1); pinned first, then the newest. *pp is
 * freed with free(). Returns KR_OK or an SQLite code. */
KrCode notice_list(Db *db, int category, const char *zToday, NoticeInfo **pp, int *pn);
/* How many notices each category shows today, and how many are unread.
 * Returns KR_OK or an SQLite code. */
KrCode notice_counts(Db *db, const char *zToday, int aCount[NOTICE_CAT_COUNT], int aUnread[NOTICE_CAT_COUNT]);
/* One notice version and its body (freed with free()). Returns KR_OK,
 * KR_NOT_FOUND, or an SQLite code (*ppBody NULL). */
KrCode notice_get(Db *db, const char *zUuid, NoticeInfo *pInfo, char **ppBody);
/* An image of notice version zUuid; *pp freed with free(). Returns KR_OK,
 * KR_NOT_FOUND, or an SQLite code. */
KrCode notice_image(Db *db, const char *zUuid, const char *zName, void **pp, size_t *pn);
/* Counts one view of notice zNoticeId now. Returns KR_OK or an SQLite code. */
KrCode notice_record_view(Db *db, const char *zNoticeId);
#endif
