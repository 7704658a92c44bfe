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
 * township packages give it. Returns 0, or -1 when empty, too long or with a
 * blank or repeated name. */
int vol_categories_parse(const char *z, VolCategories *p);
/* The categories in force: a township package's (stored in the database)
 * if one was applied, else zConfig's list. */
int vol_categories(Db *db, const char *zConfig, VolCategories *p);
/* Stores a township package's categories (inside the caller's transaction). */
int vol_categories_store(Db *db, const char *z);

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
 * returns; *pOut (may be NULL) gets the record. Returns 0, or -1 with an
 * English message and nothing written. */
int vol_log(Db *db, const char *zMemberNo, const char *zCategory, const char *zDay, int half, const char *zMethod,
            VolEntry *pOut, char *zErr, int nErr);

typedef struct {
  char uuid[40];
  char category[VOL_CATEGORY_MAX];
  int64_t startAt;
} VolShift;

/* The member's open shift. Returns 1 (and fills *p), 0 when none, -1 on error. */
int vol_open_shift(Db *db, const char *zMemberNo, VolShift *p);
/* Signs a member in for a shift of zCategory now. Refused when one is open. */
int vol_shift_start(Db *db, const char *zMemberNo, const char *zCategory, VolShift *pOut, char *zErr, int nErr);
/* Signs a member out of the open shift now: writes the end and, if it lasted
 * a quarter hour or more, a pending entry. *pHalf gets the hours × 2 (0: too
 * short to count); *pOut (may be NULL) the entry. Returns 0 or -1. */
int vol_shift_end(Db *db, const char *zMemberNo, int maxHours, int *pHalf, VolEntry *pOut, char *zErr, int nErr);
/* Closes every shift open longer than maxHours, at start + maxHours, with an
 * entry flagged "auto_closed". Returns how many were closed, or -1. */
int vol_autoclose(Db *db, int64_t now, int maxHours);

/* The secretary's decision on entry id. zReason is required to reject.
 * Returns 0, or -1 with an English message. */
int vol_review(Db *db, int64_t entryId, VolStatus decision, const char *zReason, const char *zOperator, char *zErr,
               int nErr);

/* Entries, newest first: all pending ones (zMemberNo NULL, pending 1), or a
 * member's. *pp is freed with free(). Returns 0 or -1. */
int vol_entries(Db *db, const char *zMemberNo, int pendingOnly, VolEntry **pp, int *pn);

/* A member's hours (× 2) from zFrom to zTo inclusive ("YYYY-MM-DD"). */
int vol_member_totals(Db *db, const char *zMemberNo, const char *zFrom, const char *zTo, int *pApproved,
                      int *pPending);

typedef struct {
  char memberNo[24], name[128], group[64];
  int half;
} VolHonour;

/* This month's top volunteers by approved hours (zMonth "YYYY-MM"), members
 * who opted out left off. Returns how many (≤ nMax), or -1. */
int vol_honour_board(Db *db, const char *zMonth, VolHonour *a, int nMax);
#endif
