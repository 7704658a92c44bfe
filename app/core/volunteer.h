/* volunteer: volunteer hours (志愿服务时长). A member logs hours for today,
 * yesterday or the day before, in half hours from 0.5 to 12; or signs in at
 * the start of a shift and out at its end, and the hours are computed. An
 * entry is pending (待审核) until the secretary approves or rejects it; each
 * decision is a record of its own, and a later decision supersedes an earlier
 * one. A shift nobody signed out of is closed after the configured maximum
 * and flagged for the secretary. Nothing is updated or deleted. */
#ifndef KIOSK_VOLUNTEER_H
#define KIOSK_VOLUNTEER_H
#include "db.h"
#include "result.h"
#include <stdint.h>

#define VOL_MIN_HALF 1         /* 0.5 h */
#define VOL_MAX_HALF 24        /* 12 h */
#define VOL_MAX_CATEGORIES 12
#define VOL_CATEGORY_MAX 64    /* bytes, with the NUL */
#define VOL_DAYS_BACK 2        /* today, yesterday, the day before */

typedef enum { VOL_PENDING, VOL_APPROVED, VOL_REJECTED } VolStatus;

/* Hours rules, pure functions. */
/* 1 if half (hours × 2) is a loggable amount. */
int vol_half_valid(int half);
/* half moved by delta half-hour steps, held within the bounds. */
int vol_half_step(int half, int delta);
/* A shift from startAt to endAt (unix seconds), rounded to the nearest half
 * hour (a quarter hour rounds up) and capped at maxHours; 0 when it lasted
 * under a quarter of an hour. */
int vol_shift_half(int64_t startAt, int64_t endAt, int maxHours);
/* "2.5" / "3" for half = 5 / 6, into out[8]. */
void vol_half_text(int half, char out[8]);

typedef struct {
  char a[VOL_MAX_CATEGORIES][VOL_CATEGORY_MAX];
  int n;
} VolCategories;

/* Parses a comma-separated list ("环境整治,关爱帮扶,..."), as kiosk.conf and
 * township packages give it. Returns KR_OK, or KR_BAD_INPUT when empty, too
 * long or with a blank or repeated name. */
KrCode vol_categories_parse(const char *z, VolCategories *p);
/* The categories in force: a township package's (stored in the database)
 * if one was applied, else zConfig's list. Returns KR_OK, or KR_BAD_INPUT
 * when neither list is usable. */
KrCode vol_categories(Db *db, const char *zConfig, VolCategories *p);
/* Stores a township package's categories (inside the caller's transaction).
 * Returns KR_OK, KR_BAD_INPUT for a bad list, or an SQLite code. */
KrCode vol_categories_store(Db *db, const char *z);

typedef struct {
  int64_t id;
  char uuid[40];
  char memberNo[24], name[128];
  char category[VOL_CATEGORY_MAX];
  char day[11];
  int half;
  char method[8];     /* kiosk, shift, cli */
  char flag[16];      /* "auto_closed" when the kiosk ended a forgotten shift */
  VolStatus status;
  char reason[64];    /* why rejected */
  int64_t at;
} VolEntry;

/* Logs half half-hours of zCategory on zDay (today or up to VOL_DAYS_BACK
 * days before) for a member. zMethod: "kiosk" or "cli". Committed before it
 * returns; *pOut (may be NULL) gets the record. Returns KR_OK; KR_BAD_INPUT
 * (hours, day, category, method), KR_NOT_FOUND (no such active member) or
 * an SQLite code, with an English message and nothing written. */
KrCode vol_log(Db *db, const char *zMemberNo, const char *zCategory, const char *zDay, int half, const char *zMethod,
               VolEntry *pOut, char *zErr, int nErr);

typedef struct {
  char uuid[40];
  char category[VOL_CATEGORY_MAX];
  int64_t startAt;
} VolShift;

/* The member's open shift into *p (may be NULL). Returns KR_OK, KR_NOT_FOUND
 * when none is open, or an SQLite code. */
KrCode vol_open_shift(Db *db, const char *zMemberNo, VolShift *p);
/* Signs a member in for a shift of zCategory now. Returns KR_OK;
 * KR_REFUSED when one is open already, KR_BAD_INPUT, KR_NOT_FOUND or an
 * SQLite code, with an English message. */
KrCode vol_shift_start(Db *db, const char *zMemberNo, const char *zCategory, VolShift *pOut, char *zErr, int nErr);
/* Signs a member out of the open shift now: writes the end and, if it lasted
 * a quarter hour or more, a pending entry. *pHalf gets the hours × 2 (0: too
 * short to count); *pOut (may be NULL) the entry. Returns KR_OK;
 * KR_NOT_FOUND when no shift is open, or an SQLite code, with an English
 * message. */
KrCode vol_shift_end(Db *db, const char *zMemberNo, int maxHours, int *pHalf, VolEntry *pOut, char *zErr, int nErr);
/* Closes every shift open longer than maxHours, at start + maxHours, with an
 * entry flagged "auto_closed"; *pnClosed (may be NULL) gets how many.
 * Returns KR_OK or an SQLite code (nothing closed). */
KrCode vol_autoclose(Db *db, int64_t now, int maxHours, int *pnClosed);

/* The secretary's decision on entry id. zReason is required to reject.
 * Returns KR_OK; KR_BAD_INPUT (no decision, or no reason to reject),
 * KR_NOT_FOUND (no such entry) or an SQLite code, with an English message. */
KrCode vol_review(Db *db, int64_t entryId, VolStatus decision, const char *zReason, const char *zOperator, char *zErr,
                  int nErr);

/* Entries, newest first: all pending ones (zMemberNo NULL, pending 1), or a
 * member's. *pp is freed with free(). Returns KR_OK or an SQLite code. */
KrCode vol_entries(Db *db, const char *zMemberNo, int pendingOnly, VolEntry **pp, int *pn);

/* A member's hours (× 2) from zFrom to zTo inclusive ("YYYY-MM-DD").
 * Returns KR_OK or an SQLite code. */
KrCode vol_member_totals(Db *db, const char *zMemberNo, const char *zFrom, const char *zTo, int *pApproved,
                         int *pPending);

typedef struct {
  char memberNo[24], name[128], group[64];
  int half;
} VolHonour;

/* This month's top volunteers by approved hours (zMonth "YYYY-MM"), members
 * who opted out left off; *pn gets how many (≤ nMax). Returns KR_OK or an
 * SQLite code. */
KrCode vol_honour_board(Db *db, const char *zMonth, VolHonour *a, int nMax, int *pn);
#endif
